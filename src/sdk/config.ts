import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { z } from "zod";
import { deploymentPath } from "./deployment";

/**
 * Everything a command needs to reach a chain, from the environment (and `.env`, loaded by
 * the CLI through dotenv). Command-line flags override the variables of the same meaning.
 */
export interface ChainConfig {
  /** Name of the deployment file, `deployments/<network>.json`. */
  network: string;
  rpcUrl: string;
  /** The chain id the operator expects; a node answering another id is refused. */
  expectedChainId?: bigint;
  /** Fixed legacy gas price in wei (0 on gas-free consortium chains); the node's fee market when unset. */
  gasPrice?: bigint;
  deploymentsDir: string;
  deploymentFile: string;
  key?: KeySource;
}

export type KeySource = { kind: "privateKey"; privateKey: string } | { kind: "keystore"; path: string; password: string };

const decimal = (name: string) => z.string().regex(/^\d+$/, `${name} must be a non-negative whole number`);
const environmentSchema = z.object({
  NETWORK: z.string().regex(/^[A-Za-z0-9_.-]+$/, "NETWORK must be letters, digits, _ . -").default("localhost"),
  RPC_URL: z.url({ protocol: /^(https?|wss?)$/, error: "RPC_URL must be an http(s) or ws(s) URL" }).default("http://127.0.0.1:8545"),
  CHAIN_ID: decimal("CHAIN_ID").optional(),
  GAS_PRICE: decimal("GAS_PRICE").optional(),
  DEPLOYMENTS_DIR: z.string().min(1).default("deployments"),
  PRIVATE_KEY: z.string().regex(/^(0x)?[0-9a-fA-F]{64}$/, "PRIVATE_KEY must be 32 bytes of hex").optional(),
  KEYSTORE_PATH: z.string().min(1).optional(),
  KEYSTORE_PASSWORD: z.string().optional(),
});

export interface ConfigOverrides {
  network?: string;
  rpcUrl?: string;
}

/** Reads and validates the chain configuration; throws one line naming the bad variable. */
export function loadChainConfig(environment: NodeJS.ProcessEnv = process.env, overrides: ConfigOverrides = {}): ChainConfig {
  const present = Object.fromEntries(
    Object.entries(environment).filter(([name, value]) => name in environmentSchema.shape && value !== undefined && value !== ""),
  );
  if (overrides.network !== undefined) present.NETWORK = overrides.network;
  if (overrides.rpcUrl !== undefined) present.RPC_URL = overrides.rpcUrl;
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid configuration: ${issue.message}${issue.path.length ? ` (${issue.path.join(".")})` : ""}`);
  }
  const env = parsed.data;
  let key: KeySource | undefined;
  if (env.PRIVATE_KEY) {
    key = { kind: "privateKey", privateKey: env.PRIVATE_KEY.startsWith("0x") ? env.PRIVATE_KEY : `0x${env.PRIVATE_KEY}` };
  } else if (env.KEYSTORE_PATH) {
    if (env.KEYSTORE_PASSWORD === undefined) throw new Error("invalid configuration: KEYSTORE_PATH is set but KEYSTORE_PASSWORD is missing");
    key = { kind: "keystore", path: resolve(env.KEYSTORE_PATH), password: env.KEYSTORE_PASSWORD };
  }
  const deploymentsDir = resolve(env.DEPLOYMENTS_DIR);
  return {
    network: env.NETWORK,
    rpcUrl: env.RPC_URL,
    expectedChainId: env.CHAIN_ID === undefined ? undefined : BigInt(env.CHAIN_ID),
    gasPrice: env.GAS_PRICE === undefined ? undefined : BigInt(env.GAS_PRICE),
    deploymentsDir,
    deploymentFile: deploymentPath(deploymentsDir, env.NETWORK),
    key,
  };
}

/** The keystore's JSON, read eagerly so a wrong path fails before any network call. */
export function readKeystore(path: string): string {
  if (!existsSync(path)) throw new Error(`keystore not found: ${path} (KEYSTORE_PATH)`);
  return readFileSync(path, "utf8");
}
