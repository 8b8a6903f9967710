/**
 * `npm start`: the local stack. Starts an anvil node on 127.0.0.1 (START_PORT, default 8545),
 * deploys datarights with the production deployer (deployments/localhost.json), runs the six
 * stories of DOMAIN.md against it, printing what happened, and keeps the chain up for the CLI
 * until Ctrl-C.
 */
import { rmSync } from "node:fs";
import { join } from "node:path";
import { Wallet } from "ethers";
import { deployDatarights } from "../deploy/deployer";
import { projectRoot } from "../deploy/artifacts";
import { connectProvider } from "../src/sdk/chain";
import { bindContracts } from "../src/sdk/client";
import { anvilAccount, startAnvil } from "../src/devchain/anvil";
import { CAST_ROLES, runStories } from "../src/stories";

async function main(): Promise<void> {
  const port = Number(process.env.START_PORT ?? 8545);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`START_PORT must be a port number, not "${process.env.START_PORT}"`);
  const node = await startAnvil([], port);
  const stop = async () => {
    await node.stop();
    process.exit(0);
  };
  process.once("SIGINT", () => void stop());
  process.once("SIGTERM", () => void stop());
  try {
    const { provider, chainId } = await connectProvider(node.rpcUrl);
    const signers = Array.from({ length: CAST_ROLES.length }, (_, index) => new Wallet(anvilAccount(index).privateKey, provider));
    // A fresh chain each run: the record of the previous one is stale.
    const deploymentFile = join(projectRoot(), "deployments", "localhost.json");
    rmSync(deploymentFile, { force: true });
    const { deployment } = await deployDatarights({ signer: signers[0], network: "localhost", deploymentFile });
    await runStories({
      contracts: bindContracts(deployment, signers[0]),
      signers,
      chainId,
      latestTimestamp: async () => BigInt((await provider.getBlock("latest"))!.timestamp),
      advanceTime: async (seconds) => {
        await node.rpc("evm_increaseTime", [Number(seconds)]);
        await node.rpc("evm_mine");
      },
    });
    console.log(`\nThe chain stays up at ${node.rpcUrl} (chain ${chainId}); the deployment is ${deploymentFile}.`);
    console.log("Try, in another terminal:  npx datarights verify 1   |   npx datarights --json trade show 1");
    console.log("Ctrl-C stops it.");
  } catch (error) {
    await node.stop();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(`datarights: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
