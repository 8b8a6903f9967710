import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { z } from "zod";

/** The contracts of a datarights deployment, in deploy order. */
export const CONTRACT_NAMES = [
  "ParticipantRegistry", "DataProductRegistry", "CertificateRenderer", "RightsCertificate", "AssessmentRegistry",
  "ListingBook", "TradeLedger",
] as const;
export type ContractName = (typeof CONTRACT_NAMES)[number];
/**
 * The contracts that hold records, each carrying its predecessor's over in a migration (the
 * renderer holds none), in the order a migration carries them: a record's references exist first.
 */
export const MIGRATED_CONTRACTS = [
  "ParticipantRegistry", "DataProductRegistry", "RightsCertificate", "AssessmentRegistry", "ListingBook", "TradeLedger",
] as const satisfies readonly ContractName[];
export type MigratedContract = (typeof MIGRATED_CONTRACTS)[number];

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an address");
const hash = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "a 32-byte hash");

const deployedContract = z.object({
  address,
  deployBlock: z.number().int().nonnegative(),
  transactionHash: hash,
  /** keccak256 of the creation code (bytecode and constructor arguments) that was sent. */
  initCodeHash: hash,
});
export type DeployedContract = z.infer<typeof deployedContract>;

const wiringStep = z.object({ transactionHash: hash, block: z.number().int().nonnegative() });

interface DeploymentShape {
  network: string;
  chainId: number;
  deployer: string;
  exchangeCode: string;
  gitCommit: string;
  compiler: { version: string; evmVersion: string; optimizer: { enabled: boolean; runs: number } };
  contracts: Partial<Record<ContractName, DeployedContract>>;
  steps: Record<string, { transactionHash: string; block: number }>;
  predecessor?: DeploymentShape;
  /** The exchange's ExchangeTimelock, when the deployment made one (the `timelock` deploy parameter). */
  timelock?: DeployedContract;
  updatedAt: string;
}

const deploymentSchema: z.ZodType<DeploymentShape> = z.object({
  network: z.string().min(1),
  chainId: z.number().int().positive(),
  deployer: address,
  exchangeCode: z.string(),
  gitCommit: z.string(),
  compiler: z.object({
    version: z.string(),
    evmVersion: z.string(),
    optimizer: z.object({ enabled: z.boolean(), runs: z.number().int() }),
  }),
  contracts: z.partialRecord(z.enum(CONTRACT_NAMES), deployedContract),
  /** Wiring transactions (links, roles, policy) by step id. */
  steps: z.record(z.string(), wiringStep),
  /** The deployment this one succeeds, as its own file recorded it: one history across epochs. */
  get predecessor() {
    return deploymentSchema.optional();
  },
  /** Optional: deployment files written before the timelock was part of a deployment have none. */
  timelock: deployedContract.optional(),
  updatedAt: z.string(),
});
export type Deployment = DeploymentShape;
/** A deployment whose every contract is deployed. */
export type CompleteDeployment = Deployment & { contracts: Record<ContractName, DeployedContract> };

export function deploymentPath(directory: string, network: string): string {
  if (!/^[A-Za-z0-9_.-]+$/.test(network)) throw new Error(`invalid network name "${network}": use letters, digits, _ . -`);
  return join(directory, `${network}.json`);
}

/** Reads `deployments/<network>.json`; undefined when there is none. */
export function readDeployment(file: string): Deployment | undefined {
  if (!existsSync(file)) return undefined;
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = deploymentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${file} is not a datarights deployment: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

/** Reads a deployment that must exist and be complete, as every command but `deploy` needs. */
export function requireDeployment(file: string): CompleteDeployment {
  const deployment = readDeployment(file);
  if (!deployment) throw new Error(`no deployment at ${file}: run \`datarights deploy\` first, or set NETWORK`);
  return completeDeployment(deployment, `deployment ${file}`);
}

/** `deployment` with every contract deployed; throws naming what is missing. */
export function completeDeployment(deployment: Deployment, what: string): CompleteDeployment {
  const missing = CONTRACT_NAMES.filter((name) => !deployment.contracts[name]);
  if (missing.length > 0) throw new Error(`${what} is incomplete (missing ${missing.join(", ")}): rerun \`datarights deploy\``);
  return deployment as CompleteDeployment;
}

/** Writes atomically (temp file, then rename), so a crash never leaves half a file. */
export function writeDeployment(file: string, deployment: Deployment): void {
  mkdirSync(dirname(file), { recursive: true });
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(deployment, null, 2)}\n`);
  renameSync(temporary, file);
}
