import { existsSync } from "node:fs";
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import type { ProductVerifier } from "../../../api/routes/verify";
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
export function chainVerifier(chain: ChainConfig): { verify: ProductVerifier | undefined; close(): void } {
  if (!existsSync(chain.deploymentFile)) return { verify: undefined, close: () => undefined };
  let client: Promise<DatarightsClient> | undefined;
  return {
    async verify(productId) {
      const connecting = (client ??= DatarightsClient.connect(chain));
      // A failed connection is tried again on the next request.
      connecting.catch(() => {
        if (client === connecting) client = undefined;
      });
      return verifyProduct(await connecting, productId);
    },
    close() {
      void client?.then((connected) => connected.destroy()).catch(() => undefined);
    },
  };
}
