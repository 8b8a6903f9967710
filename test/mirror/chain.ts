import { Wallet } from "ethers";
import { deployDatarights } from "../../deploy/deployer";
import { connectProvider } from "../../src/sdk/chain";
import { DatarightsClient } from "../../src/sdk/client";
import type { DatarightsContracts } from "../../src/sdk/client";
import type { CompleteDeployment } from "../../src/sdk/deployment";
import { anvilAccount, startAnvil } from "../../src/devchain/anvil";
import type { AnvilNode } from "../../src/devchain/anvil";
import { mirroredDeployment } from "../../src/listener";
import type { MirroredDeployment } from "../../src/listener";
import { CAST_ROLES, consoleStoryLog, runStories } from "../../src/stories";
import type { RunStoriesReturnType } from "../../src/stories";
import { temporaryDirectory } from "../cli/harness";
import { runRemainingActs } from "./scenario";
import type { ScenarioOutcome } from "./scenario";

/** An anvil node with datarights deployed on it, and the cast's signers. */
export interface TestChain {
  node: AnvilNode;
  deployment: CompleteDeployment;
  mirrored: MirroredDeployment;
  signers: Wallet[];
  /** The Admin's connection. */
  client: DatarightsClient;
  contracts: DatarightsContracts;
  chainId: bigint;
  /** The exchange's documents folder for this chain: the stories store their products' description documents there. */
  documents: string;
  stop(): Promise<void>;
}

export async function startTestChain(anvilArgs: string[] = []): Promise<TestChain> {
  const node = await startAnvil(anvilArgs);
  const { provider, chainId } = await connectProvider(node.rpcUrl);
  const signers = Array.from({ length: CAST_ROLES.length }, (_, index) => new Wallet(anvilAccount(index).privateKey, provider));
  const { deployment } = await deployDatarights({ signer: signers[0], network: "test" });
  const client = new DatarightsClient({ deployment, provider, chainId, account: signers[0], rpcUrl: node.rpcUrl });
  const chain: TestChain = {
    node,
    deployment,
    mirrored: mirroredDeployment(deployment),
    signers,
    client,
    contracts: client.contracts,
    chainId,
    documents: temporaryDirectory("chain-documents"),
    async stop() {
      provider.destroy();
      // The node may have been replaced by a restart.
      await chain.node.stop();
    },
  };
  return chain;
}

/** An SDK client of the chain's deployment, reading through the cast's provider (which `stop` closes). */
export function chainClient(chain: TestChain): DatarightsClient {
  return chain.client;
}

/**
 * Runs docs/domain.md's stories 1-6 on the chain (quietly unless STORY_LOG is set), on its one
 * deployment: story 7's move to a new version is mirrored by test/mirror/epochs.test.ts.
 */
export async function runStoriesOn(chain: TestChain): Promise<RunStoriesReturnType> {
  return runStories({
    client: chain.client,
    signers: chain.signers,
    latestTimestamp: async () => BigInt((await chain.signers[0].provider!.getBlock("latest"))!.timestamp),
    advanceTime: async (seconds) => {
      await chain.node.rpc("evm_increaseTime", [Number(seconds)]);
      await chain.node.rpc("evm_mine");
    },
    documents: chain.documents,
    skipStory7: true,
    log: process.env.STORY_LOG ? consoleStoryLog() : { heading: () => undefined, step: () => undefined, detail: () => undefined },
  });
}

export interface ScenarioChain {
  chain: TestChain;
  stories: RunStoriesReturnType;
  scenario: ScenarioOutcome;
  /** The chain's head once the stories and the remaining acts are done. */
  head: number;
}

let shared: Promise<ScenarioChain> | undefined;

/**
 * One anvil chain, shared by the suites that only read it, with docs/domain.md's six stories and the
 * acts they leave out (test/mirror/scenario.ts): together they emit every event of every contract.
 */
export function sharedScenarioChain(): Promise<ScenarioChain> {
  shared ??= (async () => {
    const chain = await startTestChain();
    try {
      const stories = await runStoriesOn(chain);
      const scenario = await runRemainingActs(chain, stories.context);
      const head = Number(await chain.node.rpc("eth_blockNumber"));
      return { chain, stories, scenario, head };
    } catch (error) {
      await chain.stop();
      throw error;
    }
  })();
  return shared;
}

/**
 * A node of its own holding the shared scenario chain, block for block (its headers, receipts, logs
 * and state, moved with anvil_dumpState and anvil_loadState, the hashes unchanged), for a suite that
 * reads the scenario but must stop its node. Its cast's signers and client are connected to the
 * copy; its documents folder is the shared chain's (read only). `stop` stops the copy alone.
 */
export async function copyOfScenarioChain(): Promise<TestChain> {
  const shared = await sharedScenarioChain();
  const node = await startAnvil();
  try {
    await node.rpc("anvil_loadState", [await shared.chain.node.rpc("anvil_dumpState")]);
    const copied = (await node.rpc("eth_getBlockByNumber", ["latest", false])) as { hash: string };
    const original = (await shared.chain.node.rpc("eth_getBlockByNumber", ["latest", false])) as { hash: string };
    if (copied.hash !== original.hash) throw new Error(`the copy's head ${copied.hash} is not the shared chain's ${original.hash}`);
  } catch (error) {
    await node.stop();
    throw error;
  }
  const { provider, chainId } = await connectProvider(node.rpcUrl);
  const signers = shared.chain.signers.map((signer) => new Wallet(signer.privateKey, provider));
  const { deployment } = shared.chain;
  const client = new DatarightsClient({ deployment, provider, chainId, account: signers[0], rpcUrl: node.rpcUrl });
  return {
    node, deployment, mirrored: shared.chain.mirrored, signers, client, contracts: client.contracts, chainId, documents: shared.chain.documents,
    async stop() {
      provider.destroy();
      await node.stop();
    },
  };
}

// A root-level hook: stops the shared chain once every suite has run.
after(async () => {
  const chain = await shared?.catch(() => undefined);
  await chain?.chain.stop();
});
