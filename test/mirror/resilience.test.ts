import { join } from "node:path";
import { expect } from "chai";
import { Wallet, ethers } from "ethers";
import { startAnvil } from "../../src/devchain/anvil";
import { attachPaymentReference, proposePrice, reinstateParticipant, suspendParticipant } from "../../src/sdk/actions";
import { MirrorMismatchError } from "../../src/listener";
import { temporaryDirectory } from "../cli/harness";
import { EMBEDDED, SERVER, dumpMirror, emptyEmbeddedDirectory } from "./backends";
import type { Backend } from "./backends";
import { runStoriesOn, sharedScenarioChain, startTestChain } from "./chain";
import type { TestChain } from "./chain";
import { eventually, indexTo, recordingLog, startMirror } from "./helpers";
import type { RunningMirror } from "./helpers";
import { startRangeLimitedProxy, startTcpProxy } from "./proxies";
import { runRemainingActs } from "./scenario";
import type { RunStoriesReturnType } from "../../src/stories";


interface Follower {
  label: string;
  mirror: RunningMirror;
  log: ReturnType<typeof recordingLog>;
}

const BACKENDS: Backend[] = SERVER ? [EMBEDDED, SERVER] : [EMBEDDED];

describe("the listener, when the chain reorganises and the node goes away", function () {
  this.timeout(600_000);
  let chain: TestChain;
  let stories: RunStoriesReturnType;
  let followers: Follower[] = [];
  let stateFile: string;

  async function head(): Promise<number> {
    return Number(await chain.node.rpc("eth_blockNumber"));
  }

  /** Every follower has applied the chain's current head block (by hash, not just by number). */
  async function allCaughtUp(): Promise<void> {
    const latest = (await chain.node.rpc("eth_getBlockByNumber", ["latest", false])) as { number: string; hash: string };
    const number = parseInt(latest.number, 16);
    for (const follower of followers) {
      await eventually(async () => {
        const [state] = await follower.mirror.database.query<{ checkpoint_block: number; checkpoint_hash: string }>("select checkpoint_block, checkpoint_hash from mirror_state");
        return state?.checkpoint_block === number && state.checkpoint_hash === latest.hash;
      }, `${follower.label} to apply block ${number} (${latest.hash})`);
    }
  }

  /** Each follower's mirror equals a fresh index of the chain as it is now. */
  async function expectEqualToFreshIndex(): Promise<void> {
    const fresh = await indexTo(EMBEDDED.fresh("fresh-index").config, chain.node.rpcUrl, chain.mirrored, await head());
    const expected = await dumpMirror(fresh);
    await fresh.close();
    expect(expected.raw_logs.length).to.be.greaterThan(200);
    for (const follower of followers) expect(await dumpMirror(follower.mirror.database), follower.label).to.deep.equal(expected);
  }

  const registrar = () => stories.context.cast.registrar;
  /** The Registrar's connection: the branches' acts go through the SDK's actions. */
  const asRegistrar = () => stories.context.as(registrar());

  before(async () => {
    stateFile = join(temporaryDirectory("anvil-state"), "state.json");
    chain = await startTestChain(["--state", stateFile]);
    stories = await runStoriesOn(chain);
    for (const backend of BACKENDS) {
      // A journal deep enough to roll any of these reorgs back in place, and none at all (rebuild from raw logs).
      for (const reorgWindow of [256, 0]) {
        const log = recordingLog();
        const label = `${backend.name}, reorg window ${reorgWindow}`;
        const mirror = await startMirror(backend.fresh(`reorg${reorgWindow}`).config, chain.node.rpcUrl, chain.mirrored, { reorgWindow, log });
        followers.push({ label, mirror, log });
      }
    }
    await allCaughtUp();
  });

  after(async () => {
    for (const follower of followers) await follower.mirror.close();
    followers = [];
    for (const backend of BACKENDS) await backend.cleanup();
    await chain?.stop();
  });

  it("rolls back to the common ancestor and re-applies the new branch after a reorg to a longer chain (snapshot, revert, another branch)", async () => {
    const { cast } = stories.context;
    const snapshot = await chain.node.rpc("evm_snapshot");
    // Branch A: a suspension, a price proposal, a new product.
    await suspendParticipant(asRegistrar(), { account: cast.districtBureau.address, reasonHash: ethers.id("branch A") });
    await proposePrice(asRegistrar(), { productId: 1n, amount: 4_000_000n, currency: "CNY", method: "Cost" });
    await stories.context.registerProduct(cast.shenzhenPower, {
      content: ethers.toUtf8Bytes("branch A product"), originDeclaration: "branch A", productType: "Dataset", sourceCategory: "Enterprise", metadataURI: "ipfs://a",
    });
    await allCaughtUp();
    const branchAHead = await head();

    await chain.node.rpc("evm_revert", [snapshot]);
    // Branch B: other acts on the same rows, and more blocks than branch A.
    await suspendParticipant(asRegistrar(), { account: cast.bankOfNingbo.address, reasonHash: ethers.id("branch B") });
    await reinstateParticipant(asRegistrar(), { account: cast.bankOfNingbo.address, reasonHash: ethers.id("branch B, reinstated") });
    await attachPaymentReference(asRegistrar(), { tradeId: 1n, paymentReference: ethers.id("branch B payment") });
    await stories.context.accredit(Wallet.createRandom(), { buyer: true });
    for (let index = 0; index < 4; index++) await chain.node.rpc("evm_mine");
    expect(await head()).to.be.greaterThan(branchAHead);

    await allCaughtUp();
    for (const follower of followers) expect(follower.mirror.listener.status().reorgs, follower.label).to.equal(1);
    await expectEqualToFreshIndex();
    // The journalled mirrors rolled back in place; those without a journal rebuilt from their raw logs.
    for (const follower of followers) {
      const expected = follower.label.endsWith("window 0") ? /rebuilt from the raw logs/ : /mirror rolled back/;
      expect(follower.log.lines.some((line) => expected.test(line)), `${follower.label}: ${follower.log.lines.join("\n")}`).to.equal(true);
    }
    const [mirrored] = await followers[0].mirror.database.query<{ status: string }>("select status from participants where account = $1", [cast.districtBureau.address.toLowerCase()]);
    expect(mirrored.status).to.equal("Active");
  });

  it("replaces the last blocks with other transactions at the same height (anvil_reorg) and ends equal to a fresh index", async () => {
    const { contracts } = chain;
    const { cast } = stories.context;
    const before = await head();
    const suspend = contracts.participants.interface.encodeFunctionData("suspend", [cast.districtBureau.address, ethers.id("reorged in")]);
    const propose = contracts.listings.interface.encodeFunctionData("proposePrice", [1n, 3_900_000n, stories.context.code("CNY"), 2]);
    const registry = await contracts.participants.getAddress();
    const book = await contracts.listings.getAddress();
    await chain.node.rpc("anvil_reorg", [3, [[{ from: registrar().address, to: registry, data: suspend }, 0], [{ from: registrar().address, to: book, data: propose }, 1]]]);
    expect(await head()).to.equal(before);

    await allCaughtUp();
    for (const follower of followers) expect(follower.mirror.listener.status().reorgs, follower.label).to.equal(2);
    await expectEqualToFreshIndex();
    const [mirrored] = await followers[0].mirror.database.query<{ status: string }>("select status from participants where account = $1", [cast.districtBureau.address.toLowerCase()]);
    expect(mirrored.status).to.equal("Suspended");
  });

  it("waits while the node is stopped, says what it waits for, and catches up with nothing missed once it is back", async () => {
    const port = chain.node.port;
    await chain.node.stop();
    for (const follower of followers) {
      await eventually(() => follower.mirror.listener.status().waitingFor !== undefined, `${follower.label} to notice the node is gone`);
      expect(follower.log.lines.some((line) => line.startsWith(`warning: waiting for the node at ${chain.node.rpcUrl}`)), follower.label).to.equal(true);
    }
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    chain.node = await startAnvil(["--state", stateFile], port);
    // More of everything: the acts the stories leave out.
    await runRemainingActs(chain, stories.context);

    await allCaughtUp();
    for (const follower of followers) {
      expect(follower.mirror.listener.status().waitingFor, follower.label).to.equal(undefined);
      expect(follower.mirror.listener.status().reorgs, `${follower.label}: the restarted node kept its chain`).to.equal(2);
      expect(follower.log.lines.some((line) => /is back; resuming at block/.test(line)), follower.label).to.equal(true);
    }
    await expectEqualToFreshIndex();
  });
});

describe("the listener, against a node that refuses large log ranges and a database that goes away", function () {
  this.timeout(300_000);

  it("shrinks its eth_getLogs range when the node refuses one, grows it back, and mirrors everything", async () => {
    const shared = await sharedScenarioChain();
    const proxy = await startRangeLimitedProxy(shared.chain.node.rpcUrl, 16);
    try {
      const log = recordingLog();
      const database = await indexTo({}, proxy.url, shared.chain.mirrored, shared.head, { log, maxRange: 2_000, reorgWindow: 0 });
      const reference = await indexTo({}, shared.chain.node.rpcUrl, shared.chain.mirrored, shared.head);
      try {
        expect(await dumpMirror(database)).to.deep.equal(await dumpMirror(reference));
        expect(proxy.refused).to.be.greaterThan(1);
        expect(log.lines.some((line) => /the node refused blocks \d+-\d+ \(.*maximum range limit \(16\)\); asking for \d+ at a time/.test(line))).to.equal(true);
      } finally {
        await database.close();
        await reference.close();
      }
    } finally {
      await proxy.close();
    }
  });

  it("refuses a database that mirrors another deployment, naming both", async () => {
    const shared = await sharedScenarioChain();
    const directory = emptyEmbeddedDirectory("mismatch");
    const first = await indexTo({ directory }, shared.chain.node.rpcUrl, shared.chain.mirrored, shared.head);
    await first.close();
    const other = structuredClone(shared.chain.mirrored);
    other.contracts.TradeLedger.address = `0x${"42".repeat(20)}`;
    const mirror = await startMirror({ directory }, shared.chain.node.rpcUrl, other);
    try {
      await mirror.done.then(
        () => expect.fail("the listener accepted a database of another deployment"),
        (error: Error) => {
          expect(error).to.be.instanceOf(MirrorMismatchError);
          expect(error.message).to.match(/mirrors TradeLedger 0x[0-9a-f]{40} on chain 31337, not this deployment \(TradeLedger 0x4242/);
        },
      );
    } finally {
      await mirror.close();
    }
  });

  if (SERVER) {
    const url = new URL(process.env.DATABASE_URL!);
    it("retries while the PostgreSQL server is unreachable, says it waits for the database, and ends with every row", async () => {
      const shared = await sharedScenarioChain();
      const proxy = await startTcpProxy(Number(url.port || 5432), url.hostname);
      const throughProxy = new URL(url);
      throughProxy.port = String(proxy.port);
      const target = SERVER!.fresh("dbaway").config;
      const log = recordingLog();
      // A block a read, so the backfill is still going when the server goes away.
      const mirror = await startMirror({ ...target, url: throughProxy.toString() }, shared.chain.node.rpcUrl, shared.chain.mirrored, { log, maxRange: 1, reorgWindow: 0 });
      try {
        await eventually(() => mirror.listener.status().checkpoint > 10, "the backfill to get going");
        await proxy.pause();
        await eventually(() => mirror.listener.status().waitingFor !== undefined, "the listener to notice the database is gone");
        await new Promise((resolve) => setTimeout(resolve, 1_000));
        expect(mirror.listener.status().checkpoint).to.be.lessThan(shared.head);
        await proxy.resume();
        await mirror.listener.waitForBlock(shared.head);
        expect(log.lines.some((line) => line.startsWith("warning: waiting for the database at"))).to.equal(true);
        const reference = await indexTo({}, shared.chain.node.rpcUrl, shared.chain.mirrored, shared.head);
        try {
          expect(await dumpMirror(mirror.database)).to.deep.equal(await dumpMirror(reference));
        } finally {
          await reference.close();
        }
      } finally {
        await mirror.close();
        await proxy.close();
        await SERVER!.cleanup();
      }
    });
  } else {
    it("retries while the PostgreSQL server is unreachable (needs DATABASE_URL)");
  }
});
