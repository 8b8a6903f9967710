import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { loadMirrorConfig } from "../../../mirror/config";
import type { MirrorConfig } from "../../../mirror/config";
import { openMirrorDatabase } from "../../../mirror/database";
import type { MirrorDatabase } from "../../../mirror/database";
import { connectProvider } from "../../../sdk/chain";
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
