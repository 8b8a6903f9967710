import { Wallet } from "ethers";
import { deployDatarights } from "../../deploy/deployer";
import { connectProvider } from "../../src/sdk/chain";
import { bindContracts } from "../../src/sdk/client";
import type { DatarightsContracts } from "../../src/sdk/client";
import type { CompleteDeployment } from "../../src/sdk/deployment";
import { anvilAccount, startAnvil } from "../../src/devchain/anvil";
import type { AnvilNode } from "../../src/devchain/anvil";
import { mirroredDeployment } from "../../src/listener";
import type { MirroredDeployment } from "../../src/listener";
import { CAST_ROLES, consoleStoryLog, runStories } from "../../src/stories";
import type { RunStoriesReturnType } from "../../src/stories";

/** An anvil node with datarights deployed on it, and the cast's signers. */
export interface TestChain {
  node: AnvilNode;
  deployment: CompleteDeployment;
  mirrored: MirroredDeployment;
  signers: Wallet[];
  contracts: DatarightsContracts;
  chainId: bigint;
  stop(): Promise<void>;
}

export async function startTestChain(anvilArgs: string[] = []): Promise<TestChain> {
  const node = await startAnvil(anvilArgs);
  const { provider, chainId } = await connectProvider(node.rpcUrl);
  const signers = Array.from({ length: CAST_ROLES.length }, (_, index) => new Wallet(anvilAccount(index).privateKey, provider));
  const { deployment } = await deployDatarights({ signer: signers[0], network: "test" });
  return {
    node,
    deployment,
    mirrored: mirroredDeployment(deployment),
    signers,
    contracts: bindContracts(deployment, signers[0]),
    chainId,
    async stop() {
      provider.destroy();
      await node.stop();
    },
  };
}

/** Runs DOMAIN.md's six stories on the chain (quietly unless STORY_LOG is set). */
export async function runStoriesOn(chain: TestChain): Promise<RunStoriesReturnType> {
  return runStories({
    contracts: chain.contracts,
    signers: chain.signers,
    chainId: chain.chainId,
    latestTimestamp: async () => BigInt((await chain.signers[0].provider!.getBlock("latest"))!.timestamp),
    advanceTime: async (seconds) => {
      await chain.node.rpc("evm_increaseTime", [Number(seconds)]);
      await chain.node.rpc("evm_mine");
    },
    log: process.env.STORY_LOG ? consoleStoryLog() : { heading: () => undefined, step: () => undefined, detail: () => undefined },
  });
}
