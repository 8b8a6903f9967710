import { expect } from "chai";
import { readGovernance } from "../../src/api/governance";
import { auditMirror, mirroredDeployment } from "../../src/listener";
import type { MirrorDatabase } from "../../src/mirror/database";
import { consoleStoryLog, runStories } from "../../src/stories";
import type { Story7Outcome } from "../../src/stories";
import { forEachBackend } from "./backends";
import { startTestChain } from "./chain";
import type { TestChain } from "./chain";
import { indexTo, startMirror } from "./helpers";
import { startRangeLimitedProxy } from "./proxies";

/**
 * One history across epochs: the seven stories on anvil, the last moving the exchange to a new
 * version (story 7), then listeners given the new deployment's file, which embeds the first.
 */
describe("the mirror of an exchange that moved to a new version (anvil)", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let story7: Story7Outcome;
  let head: number;

  before(async () => {
    chain = await startTestChain();
    ({ story7: story7! } = await runStories({
      client: chain.client, signers: chain.signers, documents: chain.documents,
      latestTimestamp: async () => BigInt((await chain.signers[0].provider!.getBlock("latest"))!.timestamp),
      advanceTime: async (seconds) => {
        await chain.node.rpc("evm_increaseTime", [Number(seconds)]);
        await chain.node.rpc("evm_mine");
      },
      log: process.env.STORY_LOG ? consoleStoryLog() : { heading: () => undefined, step: () => undefined, detail: () => undefined },
    }) as { story7: Story7Outcome });
    head = await chain.signers[0].provider!.getBlockNumber();
  });
  after(async () => chain?.stop());

  const count = async (database: MirrorDatabase, sql: string): Promise<number> => Number((await database.query<{ n: number }>(sql))[0].n);

  forEachBackend((backend) => {
    it("holds both epochs from the new deployment's file, and its audit against the new contracts finds no divergence", async () => {
      const database = await indexTo(backend.fresh("epochs").config, chain.node.rpcUrl, mirroredDeployment(story7.deployment), head);
      try {
        // Trades 1-8 were booked in epoch 1 (the eighth just before the move), the ninth in epoch 2.
        const trades = await database.query<{ id: number; product_id: number; status: string }>("select id, product_id, status from trades order by id");
        expect(trades.map((trade) => trade.id)).to.deep.equal([1, 2, 3, 4, 5, 6, 7, 8, 9]);
        expect(trades.filter((trade) => trade.product_id === Number(story7.productId)).map((trade) => trade.id))
          .to.deep.equal([Number(story7.epochOneTradeId), Number(story7.tradeId)]);
        expect(await count(database, "select count(*)::int8 as n from products")).to.equal(13);
        // Every carried record noted once, against the table it was carried into.
        const carried = Object.values(story7.carried).reduce((sum, value) => sum + value, 0);
        expect(await count(database, "select count(*)::int8 as n from governance_events where event = 'RecordImported'")).to.equal(carried);
        // Each carried certificate's history notes its move once, not a second mint or lock.
        const mints = await database.query<{ event: string; n: number }>(
          "select event, count(*)::int8 as n from certificate_history where event in ('Minted', 'Carried', 'Locked') group by event order by event",
        );
        const certificates = await count(database, "select count(*)::int8 as n from certificates");
        expect(mints.map((row) => [row.event, Number(row.n)])).to.deep.equal([
          ["Carried", story7.carried.certificates], ["Locked", certificates], ["Minted", certificates],
        ]);
        // Staff roles are not carried: the mirror's active roles are the new deployment's (story 7
        // made the Admin a Pauser on epoch 1 only, to pause it).
        const active = await database.query<{ role: string; account: string }>("select role, account from staff_roles where active");
        expect(active.length).to.be.greaterThan(0);
        for (const row of active) {
          expect(await story7.successor.contracts.participants.hasRole(row.role, row.account), `${row.role} ${row.account}`).to.equal(true);
        }
        // The move itself: epoch 1 names its successor (sealing its registry) and its five other contracts are sealed.
        const sealing = await database.query<{ contract: string; event: string; account: string }>(
          "select contract, event, account from governance_events where event in ('SuccessorSet', 'Sealed') order by block_number, log_index",
        );
        const successorRegistry = story7.deployment.contracts.ParticipantRegistry.address.toLowerCase();
        expect(sealing).to.deep.equal([
          { contract: "ParticipantRegistry", event: "SuccessorSet", account: successorRegistry },
          // The ledger seals the certificates with itself, in its own transaction.
          ...["TradeLedger", "RightsCertificate", "ListingBook", "AssessmentRegistry", "DataProductRegistry"]
            .map((contract) => ({ contract, event: "Sealed", account: successorRegistry })),
        ]);
        const report = await auditMirror({ database, client: story7.successor });
        expect(report.divergences).to.deep.equal([]);
        expect(report.checked.trade).to.equal(9);
        expect(report.checked.product).to.equal(13);
      } finally {
        await database.close();
      }
    });

    it("shows the old deployment sealed in /governance, and the new one open", async () => {
      const alone = await indexTo(backend.fresh("epoch-1-alone").config, chain.node.rpcUrl, mirroredDeployment(chain.deployment), head);
      const both = await indexTo(backend.fresh("epochs-governance").config, chain.node.rpcUrl, mirroredDeployment(story7.deployment), head);
      try {
        const old = await readGovernance(alone.db);
        expect(old.successor?.registry).to.equal(story7.deployment.contracts.ParticipantRegistry.address.toLowerCase());
        expect(old.sealed).to.deep.equal(["ParticipantRegistry", "DataProductRegistry", "RightsCertificate", "AssessmentRegistry", "ListingBook", "TradeLedger"]);
        const current = await readGovernance(both.db);
        expect(current).to.deep.include({ successor: null, sealed: [] });
      } finally {
        await alone.close();
        await both.close();
      }
    });

    it("follows an epoch-1 mirror into epoch 2 when it has not read past the new version, and refuses one that has, naming the rebuild", async () => {
      const firstEpoch = mirroredDeployment(chain.deployment);
      const newVersionFrom = Math.min(...Object.values(story7.deployment.contracts).map((contract) => contract.deployBlock));
      const behind = backend.fresh("epoch-1-behind").config;
      // The epoch-1 listener reads through a proxy that never answers from the new version's first
      // block on, one block per request: it stops just before the move, however fast the machine.
      const proxy = await startRangeLimitedProxy(chain.node.rpcUrl, 1_000_000, { holdLogsFrom: newVersionFrom });
      const before = await startMirror(behind, proxy.url, firstEpoch, { maxRange: 1 });
      try {
        await before.listener.waitForBlock(newVersionFrom - 1);
      } finally {
        await proxy.close();
        await before.close();
      }
      const database = await indexTo(behind, chain.node.rpcUrl, mirroredDeployment(story7.deployment), head);
      try {
        expect((await auditMirror({ database, client: story7.successor })).divergences).to.deep.equal([]);
      } finally {
        await database.close();
      }

      const ahead = backend.fresh("epoch-1-ahead").config;
      await (await indexTo(ahead, chain.node.rpcUrl, firstEpoch, head)).close();
      const mirror = await startMirror(ahead, chain.node.rpcUrl, mirroredDeployment(story7.deployment));
      try {
        let failure: Error | undefined;
        await mirror.done.catch((error: Error) => (failure = error));
        expect(failure?.message).to.match(/mirrors an earlier epoch of this deployment up to block \d+, past block \d+ where the new version begins: rebuild it/);
      } finally {
        await mirror.close();
      }
    });
  });
});
