import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { JsonRpcProvider, Network } from "ethers";
import { loadWallet } from "../../sdk/chain";
import { DatarightsClient } from "../../sdk/client";
import { requireDeployment } from "../../sdk/deployment";
import { chainConfig } from "../context";

/**
 * A client for signing without a node (`trade sign`, `assessment sign --nonce`): the key and the
 * deployment's addresses are all an EIP-712 signature needs. Its provider has a static network
 * and is never asked anything.
 */
export async function offlineClient(command: CommandUnknownOpts): Promise<DatarightsClient> {
  const config = chainConfig(command);
  const deployment = requireDeployment(config.deploymentFile);
  const chainId = BigInt(deployment.chainId);
  const account = await loadWallet(config.key, null);
  const provider = new JsonRpcProvider(config.rpcUrl, Network.from(chainId), { staticNetwork: true });
  return new DatarightsClient({ deployment, provider, chainId, account, onDestroy: () => provider.destroy() });
}
