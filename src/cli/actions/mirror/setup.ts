import { existsSync } from "node:fs";
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import type { MirrorAuditor } from "../../../api/routes/audit";
import type { ProductVerifier } from "../../../api/routes/verify";
import { auditMirror } from "../../../listener/audit";
import { readMirrorState } from "../../../listener/apply";
import { loadMirrorConfig } from "../../../mirror/config";
import type { MirrorConfig } from "../../../mirror/config";
import { openMirrorDatabase } from "../../../mirror/database";
import type { MirrorDatabase } from "../../../mirror/database";
import { connectProvider } from "../../../sdk/chain";
import { DatarightsClient } from "../../../sdk/client";
import type { ChainConfig } from "../../../sdk/config";
import { verifyProduct } from "../../../sdk/verify";
import { requireDeployment } from "../../../sdk/deployment";
import type { CompleteDeployment } from "../../../sdk/deployment";
import { chainConfig } from "../../context";

/** Resolves on the first SIGINT or SIGTERM. */
export function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(signal);
    };
    const onInt = () => done("SIGINT");
    const onTerm = () => done("SIGTERM");
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
  });
}

export interface MirrorSetup {
  config: MirrorConfig;
  rpcUrl: string;
  deployment: CompleteDeployment;
  database: MirrorDatabase;
}

/** The deployment, a node on its chain, and the mirror's database, each checked before anything runs. */
export async function setUp(command: CommandUnknownOpts, overrides: { confirmations?: number } = {}): Promise<MirrorSetup> {
  const chain = chainConfig(command);
  const config = loadMirrorConfig(process.env, chain.network);
  if (overrides.confirmations !== undefined) config.confirmations = overrides.confirmations;
  const deployment = requireDeployment(chain.deploymentFile);
  if (chain.expectedChainId !== undefined && chain.expectedChainId !== BigInt(deployment.chainId)) {
    throw new Error(`chain id mismatch: CHAIN_ID is ${chain.expectedChainId}, ${chain.deploymentFile} is for chain ${deployment.chainId}`);
  }
  const { provider } = await connectProvider(chain.rpcUrl, { chainId: BigInt(deployment.chainId), source: chain.deploymentFile });
  provider.destroy();
  const database = await openMirrorDatabase(config.database);
  return { config, rpcUrl: chain.rpcUrl, deployment, database };
}

/**
 * The API's verifier (`GET /products/:id/verify`, `/prov`): `verifyProduct` against the chain of
 * the deployment file, connecting on first use (the API starts even while the node is down).
 * None without a deployment file: those routes then answer 503.
 */
/** `documents`: the exchange's documents folder, for the document check. */
export function chainVerifier(chain: ChainConfig, documents?: string): { verify: ProductVerifier | undefined; close(): void } {
  if (!existsSync(chain.deploymentFile)) return { verify: undefined, close: () => undefined };
  let client: Promise<DatarightsClient> | undefined;
  return {
    async verify(productId) {
      const connecting = (client ??= DatarightsClient.connect(chain));
      // A failed connection is tried again on the next request.
      connecting.catch(() => {
        if (client === connecting) client = undefined;
      });
      return verifyProduct(await connecting, productId, { documents });
    },
    close() {
      void client?.then((connected) => connected.destroy()).catch(() => undefined);
    },
  };
}

/** The mirror in `database` is of the client's deployment: refuses an empty one or another deployment's. */
export async function checkMirrorOf(database: MirrorDatabase, client: DatarightsClient): Promise<void> {
  const state = await readMirrorState(database);
  const expected = client.deployment.contracts.ParticipantRegistry.address.toLowerCase();
  if (!state) throw new Error(`the database at ${database.description} holds no mirror yet: run \`datarights listen\` first`);
  if (state.chainId !== client.deployment.chainId || state.contracts.ParticipantRegistry !== expected) {
    throw new Error(`the database at ${database.description} mirrors another deployment (ParticipantRegistry ${state.contracts.ParticipantRegistry} on chain ${state.chainId})`);
  }
}

/**
 * The API's auditor (GET /audit): `auditMirror` on this process's database against the chain of
 * the deployment file, connecting on each audit. `hold` keeps this process's listener from
 * writing while the audit runs, so it reads one state of the mirror. None without a deployment
 * file: GET /audit then answers 503.
 */
export function chainAuditor(chain: ChainConfig, database: MirrorDatabase, hold?: <T>(work: () => Promise<T>) => Promise<T>): MirrorAuditor | undefined {
  if (!existsSync(chain.deploymentFile)) return undefined;
  return async ({ sample }) => {
    const client = await DatarightsClient.connect(chain);
    try {
      const audit = async () => {
        await checkMirrorOf(database, client);
        return auditMirror({ database, client, sample });
      };
      return await (hold ? hold(audit) : audit());
    } finally {
      client.destroy();
    }
  };
}
