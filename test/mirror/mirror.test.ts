import { expect } from "chai";
import { Interface } from "ethers";
import {
  EMITTER_NAMES, HANDLERS, TIMELOCK_EMITTER, UnknownEventError, auditMirror, createEventDecoder, createRpcClient, sourceAbi,
} from "../../src/listener";
import type { EmitterName, RpcLog, SourceName } from "../../src/listener";
import type { LogSet } from "../../src/listener/logs";
import { StateCache, applyBatch, initMirrorState, mergePrepared, prepareBatch, writeBatch } from "../../src/listener/apply";
import type { Batch, PreparedBatch } from "../../src/listener/apply";
import { createRangeReader } from "../../src/listener/fetch";
import { openMirrorDatabase } from "../../src/mirror/database";
import type { MirrorDatabase } from "../../src/mirror/database";
import type { RowOf } from "../../src/mirror/schema";
import { forEachBackend, dumpMirror } from "./backends";
import { chainClient, sharedScenarioChain } from "./chain";
import type { ScenarioChain } from "./chain";
import { deploymentEnvironment, indexTo, spawnCli } from "./helpers";
import { startRangeLimitedProxy } from "./proxies";
import { HOSTILE_METADATA_URI, NEVER_EMITTED } from "./scenario";

/** Every log of the deployment, as the node returns them in JSON. */
async function allLogs(shared: ScenarioChain): Promise<RpcLog[]> {
  const rpc = createRpcClient(shared.chain.node.rpcUrl);
  const addresses = EMITTER_NAMES.map((name) => shared.chain.deployment.contracts[name].address);
  return rpc.call<RpcLog[]>("eth_getLogs", [{ fromBlock: "0x0", toBlock: `0x${shared.head.toString(16)}`, address: addresses }]);
}

/** The same logs as the listener reads them: scanned from the answer's bytes. */
async function allLogSet(shared: ScenarioChain): Promise<LogSet> {
  const rpc = createRpcClient(shared.chain.node.rpcUrl);
  const addresses = EMITTER_NAMES.map((name) => shared.chain.deployment.contracts[name].address);
  return rpc.getLogs({ fromBlock: "0x0", toBlock: `0x${shared.head.toString(16)}`, address: addresses });
}

function addressesOf(shared: ScenarioChain): Record<EmitterName, string> {
  return Object.fromEntries(EMITTER_NAMES.map((name) => [name, shared.chain.deployment.contracts[name].address])) as Record<EmitterName, string>;
}

/** What ethers' own decoder makes of the log, as plain values (structs as objects, addresses lower case). */
function ethersReference(contract: SourceName, log: RpcLog): { name: string; args: unknown } {
  const parsed = new Interface(sourceAbi(contract)).parseLog({ topics: log.topics, data: log.data })!;
  const plain = (value: unknown, type: { baseType: string; components?: readonly { name: string }[] | null; arrayChildren?: unknown } | undefined): unknown => {
    if (type?.baseType === "tuple") {
      const result = value as unknown[];
      return Object.fromEntries(type.components!.map((component, index) => [component.name, plain(result[index], component as never)]));
    }
    if (type?.baseType === "array") return (value as unknown[]).map((item) => plain(item, type.arrayChildren as never));
    if (typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value)) return value.toLowerCase();
    return value;
  };
  return {
    name: parsed.name,
    args: Object.fromEntries(parsed.fragment.inputs.map((input, index) => [input.name, plain(parsed.args[index], input as never)])),
  };
}

describe("the mirror", function () {
  this.timeout(300_000);
  let shared: ScenarioChain;

  before(async () => {
    shared = await sharedScenarioChain();
  });

  describe("decoding", () => {
    it("decodes every log of the stories and the remaining acts, read as bytes, exactly as ethers' Interface.parseLog does", async () => {
      const decoder = createEventDecoder(addressesOf(shared));
      const logs = await allLogs(shared);
      const set = await allLogSet(shared);
      expect(logs.length).to.be.greaterThan(300);
      expect(set.length).to.equal(logs.length);
      logs.forEach((log, index) => {
        const where = `log ${log.logIndex} of block ${log.blockNumber}`;
        // The scan keeps every field of the node's JSON.
        expect({
          blockNumber: set.blockNumber[index], logIndex: set.logIndex[index], transactionIndex: set.transactionIndex[index], blockTimestamp: set.blockTimestamp[index],
          blockHash: set.blockHash(index), transactionHash: set.transactionHash(index), address: set.address(index), topics: set.topics(index), data: set.data(index),
        }, where).to.deep.equal({
          blockNumber: parseInt(log.blockNumber, 16), logIndex: parseInt(log.logIndex, 16), transactionIndex: parseInt(log.transactionIndex, 16),
          blockTimestamp: parseInt(log.blockTimestamp!, 16), blockHash: log.blockHash, transactionHash: log.transactionHash,
          address: log.address.toLowerCase(), topics: log.topics, data: log.data,
        });
        const contract = decoder.addresses.get(log.address.toLowerCase())!;
        const reference = ethersReference(contract, log);
        const decoded = decoder.decodeLog(set, index);
        expect({ name: decoded.name, args: decoded.args }, `${contract} ${where}`).to.deep.equal(reference);
        const fromHex = decoder.decode(log.address.toLowerCase(), log.topics, log.data);
        expect({ name: fromHex.name, args: fromHex.args }, `${contract} ${where} (from hex)`).to.deep.equal(reference);
      });
    });

    it("refuses a log whose topic is none of the contract's events, and an address outside the deployment", () => {
      const decoder = createEventDecoder(addressesOf(shared));
      const registry = shared.chain.deployment.contracts.ParticipantRegistry.address.toLowerCase();
      expect(() => decoder.decode(registry, [`0x${"ab".repeat(32)}`], "0x")).to.throw(UnknownEventError, /unknown topic 0xabab/);
      expect(() => decoder.decode(`0x${"12".repeat(20)}`, [`0x${"ab".repeat(32)}`], "0x")).to.throw(UnknownEventError, /not a contract of the deployment/);
    });

    it("has a reducer for every event of every contract's ABI, the timelock's too", () => {
      for (const contract of [...EMITTER_NAMES, TIMELOCK_EMITTER] as const) {
        const events: string[] = [];
        new Interface(sourceAbi(contract)).forEachEvent((fragment) => events.push(fragment.name));
        expect(Object.keys(HANDLERS[contract]).sort(), contract).to.deep.equal([...new Set(events)].sort());
      }
    });
  });

  forEachBackend((backend) => {
    /** The listener's mirror of the whole scenario: read by every test below, none writes to it. */
    let database: MirrorDatabase;
    before(async () => {
      database = await indexTo(backend.fresh("events").config, shared.chain.node.rpcUrl, shared.chain.mirrored, shared.head);
    });
    after(async () => database?.close());

    describe("every event type", () => {

      /** An empty mirror of the scenario's deployment, and its logs read in ranges of `maxRange` blocks. */
      async function emptyMirror(label: string, maxRange: number) {
        const addresses = addressesOf(shared);
        const lower = Object.fromEntries(Object.entries(addresses).map(([name, address]) => [name, address.toLowerCase()])) as Record<EmitterName, string>;
        const startBlock = Math.min(...Object.values(shared.chain.mirrored.contracts).map((contract) => contract.deployBlock));
        const mirror = await openMirrorDatabase(backend.fresh(label).config);
        await initMirrorState(mirror, shared.chain.mirrored.chainId, lower, startBlock);
        const reader = createRangeReader({ rpc: createRpcClient(shared.chain.node.rpcUrl), addresses: Object.values(lower), maxRange });
        const batches: Batch[] = [];
        for (let from = startBlock; from <= shared.head; ) {
          batches.push(await reader.read({ from, limit: shared.head, nearHead: false }).batch);
          from = batches[batches.length - 1].toBlock + 1;
        }
        return { mirror, decoder: createEventDecoder(addresses), batches };
      }

      it("builds the same mirror through applyBatch, batch by batch, where each reducer's touches() declares the rows it reads from the database", async () => {
        // The listener's backfill from an empty mirror takes every row from its cache; a batch
        // applied on its own, as after a restart, must declare and load what it touches.
        const { mirror, decoder, batches } = await emptyMirror("applied", 5);
        try {
          expect(batches.length).to.be.greaterThan(20);
          for (const batch of batches) await mirror.transaction((tx) => applyBatch(tx, decoder, batch));
          expect(await dumpMirror(mirror)).to.deep.equal(await dumpMirror(database));
        } finally {
          await mirror.close();
        }
      });

      it("builds the same mirror from batches prepared one by one and written several at a time", async () => {
        const { mirror, decoder, batches } = await emptyMirror("merged", 3);
        try {
          const cache = new StateCache();
          cache.complete = true;
          const prepared: PreparedBatch[] = [];
          for (const batch of batches) prepared.push(await prepareBatch(decoder, batch, cache, async () => mirror));
          // Writes of 1, 2, 3, ... batches: a row created in one batch and changed in the next within one write.
          let writes = 0;
          for (let start = 0, size = 1; start < prepared.length; start += size, size += 1, writes++) {
            const write = mergePrepared(prepared.slice(start, start + size));
            await mirror.transaction((tx) => writeBatch(tx, write, { commit: true }));
          }
          expect(writes).to.be.greaterThan(5);
          expect(await dumpMirror(mirror)).to.deep.equal(await dumpMirror(database));
        } finally {
          await mirror.close();
        }
      });

      it("emits, with the stories, every event each contract can emit", async () => {
        const decoder = createEventDecoder(addressesOf(shared));
        const seen = new Set((await allLogs(shared)).map((log) => {
          const event = decoder.decode(log.address.toLowerCase(), log.topics, log.data);
          return `${event.contract}.${event.name}`;
        }));
        for (const contract of EMITTER_NAMES) {
          new Interface(sourceAbi(contract)).forEachEvent((fragment) => {
            const key = `${contract}.${fragment.name}`;
            if (NEVER_EMITTED[key]) expect(seen.has(key), `${key} (${NEVER_EMITTED[key]})`).to.equal(false);
            else expect(seen.has(key), `${key} was never emitted`).to.equal(true);
          });
        }
      });

      it("keeps every log raw, with its position, hashes, topics and data as bytes", async () => {
        const logs = await allLogs(shared);
        const rows = await database.query<RowOf<"raw_logs">>("select * from raw_logs order by block_number, log_index");
        const hex = (bytes: Uint8Array | null) => (bytes === null ? null : `0x${Buffer.from(bytes).toString("hex")}`);
        expect(rows.map((row) => ({
          blockNumber: `0x${row.block_number.toString(16)}`, logIndex: `0x${row.log_index.toString(16)}`, transactionIndex: `0x${row.transaction_index.toString(16)}`,
          blockHash: hex(row.block_hash), transactionHash: hex(row.transaction_hash), address: hex(row.address),
          topics: [row.topic0, row.topic1, row.topic2, row.topic3].filter((topic) => topic !== null).map(hex), data: hex(row.data),
        }))).to.deep.equal(logs.map((log) => ({
          blockNumber: log.blockNumber, logIndex: log.logIndex, transactionIndex: log.transactionIndex, blockHash: log.blockHash, transactionHash: log.transactionHash,
          address: log.address.toLowerCase(), topics: log.topics, data: log.data,
        })));
      });

      it("holds every participant, product and its lineage, certificate, assessment, listing and trade as the chain's getters return them", async () => {
        const report = await auditMirror({ database, client: chainClient(shared.chain) });
        expect(report.divergences).to.deep.equal([]);
        expect(report.block).to.equal(shared.head);
        expect(report.checked.participant).to.be.greaterThan(20);
        expect(report.checked.product).to.be.greaterThan(13);
        expect(report.checked.certificate).to.be.greaterThan(26);
        expect(report.checked.trade).to.be.greaterThan(7);
        expect(report.checked.listing).to.be.greaterThan(7);
        expect(report.checked.assessment).to.be.greaterThan(28);
      });

      it("records a participant's whole accreditation history", async () => {
        const history = await database.query<RowOf<"participant_history">>("select * from participant_history where account = $1 order by block_number, log_index", [shared.scenario.applicant]);
        expect(history.map((row) => [row.event, row.previous_status, row.status, row.reason_hash !== null])).to.deep.equal([
          ["Applied", null, "Pending", false], ["StatusChanged", "None", "Pending", false],
          ["Accredited", null, "Active", false], ["StatusChanged", "Pending", "Active", false],
          ["StatusChanged", "Active", "Suspended", true], ["StatusChanged", "Suspended", "Active", true],
        ]);
        expect(history[0].kinds).to.deep.equal(["Provider", "Buyer"]);
        expect(history[2].accredited_until).to.be.a("number");
      });

      it("records staff roles granted and revoked, and the assessment policy", async () => {
        const roles = await database.query<RowOf<"staff_roles">>("select * from staff_roles where role_name = 'ARBITER' order by account");
        const auditor = shared.stories.context.cast.auditor.address.toLowerCase();
        const admin = shared.stories.context.cast.admin.address.toLowerCase();
        expect(roles.map((row) => [row.account === auditor, row.active, row.changed_by])).to.have.deep.members([[true, false, admin], [false, true, admin]]);
        const marketGrants = await database.query("select * from staff_roles where role_name = 'MARKET' and active");
        expect(marketGrants).to.have.length(2);
        const policy = await database.query<RowOf<"assessment_requirements">>("select * from assessment_requirements order by scope, value");
        expect(policy.map((row) => [row.scope, row.value, row.kinds])).to.deep.equal([
          ["Base", 0, ["LegalCompliance", "Quality"]], ["Classification", 1, ["SecurityRisk"]], ["PersonalInformation", 1, ["PersonalInfoProtection"]],
          ["ProductType", 3, ["AssetValuation"]], ["SourceCategory", 2, ["PersonalInfoProtection"]],
        ]);
        const links = await database.query<RowOf<"module_links">>("select * from module_links");
        expect(links.map((row) => [row.certificates, row.assessments])).to.deep.equal([[
          shared.chain.deployment.contracts.RightsCertificate.address.toLowerCase(), shared.chain.deployment.contracts.AssessmentRegistry.address.toLowerCase(),
        ]]);
      });

      it("records objections against products and certificates, dismissed and upheld", async () => {
        const objections = await database.query<RowOf<"objections">>("select * from objections order by registry, id");
        expect(objections.map((row) => [row.registry, row.status, row.resolved_at !== null, row.resolution_hash !== null])).to.deep.equal([
          ["DataProductRegistry", "Dismissed", true, true], ["RightsCertificate", "Upheld", true, true],
        ]);
        const [revoked] = await database.query<RowOf<"certificates">>("select * from certificates where id = $1", [objections[1].target_id]);
        expect([revoked.status, revoked.open_objections]).to.deep.equal(["Revoked", 0]);
      });

      it("records a certificate's mint, lock, renewal, pledge and release, and a licence changed then transferred", async () => {
        const history = await database.query<RowOf<"certificate_history">>("select * from certificate_history where certificate_id = $1 order by block_number, log_index", [Number(shared.scenario.holdingId)]);
        expect(history.map((row) => row.event)).to.deep.equal(["Minted", "Locked", "Issued", "Renewed", "Pledged", "Released"]);
        expect(history[0].counterpart).to.equal(shared.scenario.applicant);
        expect(history[3].expires_at).to.be.greaterThan(history[3].previous_expires_at!);
        const chain = await database.query<RowOf<"certificates">>("select * from certificates where parent_id = $1 and trade_id is null order by id", [Number(shared.scenario.holdingId)]);
        expect(chain.map((row) => [row.status, row.predecessor_id !== null, row.successor_id !== null])).to.deep.equal([
          ["Superseded", false, true], ["Superseded", true, true], ["Active", true, false],
        ]);
      });

      it("keeps the whole price history: proposals, confirmations and Negotiable", async () => {
        const prices = await database.query<RowOf<"price_history">>("select * from price_history where product_id = $1 order by block_number, log_index", [Number(shared.scenario.productId)]);
        expect(prices.map((row) => [row.event, row.method, row.amount, row.currency])).to.deep.equal([
          ["Changed", "Negotiable", null, null], ["Proposed", "Market", "1250000", "CNY"], ["Changed", "Market", "1250000", "CNY"],
          ["Proposed", "Income", "990000", "CNY"], ["Changed", "Negotiable", null, null],
        ]);
        const [listing] = await database.query<RowOf<"listings">>("select * from listings where product_id = $1", [Number(shared.scenario.productId)]);
        expect([listing.price_method, listing.proposed_method, listing.proposed_amount, listing.permitted_jurisdictions]).to.deep.equal(["Negotiable", "Income", "990000", ["CN", "HK"]]);
      });

      it("records every state change of trades: disputes upheld and rejected, cancellation, payment, delivery, receipt", async () => {
        const events = async (tradeId: bigint) =>
          (await database.query<RowOf<"trade_events">>("select * from trade_events where trade_id = $1 order by block_number, log_index", [Number(tradeId)]))
            .map((row) => [row.event, row.status, row.hash !== null]);
        expect(await events(shared.scenario.disputedTradeId)).to.deep.equal([
          ["Confirmed", "Confirmed", true], ["StatusChanged", "Disputed", true], ["StatusChanged", "Annulled", true],
        ]);
        expect(await events(shared.scenario.cancelledTradeId)).to.deep.equal([
          ["Confirmed", "Confirmed", true], ["CancellationRequested", null, false], ["CancellationRequested", null, false], ["StatusChanged", "Cancelled", false],
        ]);
        expect(await events(shared.scenario.rejectedDisputeTradeId)).to.deep.equal([
          ["Confirmed", "Confirmed", true], ["PaymentReferenceAttached", null, true], ["Delivered", "Delivered", true],
          ["StatusChanged", "Disputed", true], ["Completed", "Completed", true],
        ]);
        const [confidential] = await database.query<RowOf<"trades">>("select * from trades where id = $1", [Number(shared.scenario.confidentialTradeId)]);
        expect([confidential.price_amount, confidential.price_currency, confidential.price_commitment !== null, confidential.status]).to.deep.equal([null, null, true, "Completed"]);
        const [licence] = await database.query<RowOf<"certificates">>("select * from certificates where id = $1", [confidential.buyer_certificate_id]);
        expect(licence.trade_id).to.equal(confidential.id);
        const voided = await database.query<RowOf<"voided_deals">>("select * from voided_deals");
        expect(voided.map((row) => [row.deal_digest, row.nonce, row.seller, row.buyer])).to.deep.equal([
          [shared.scenario.voidedDigest, "105", shared.scenario.applicant, shared.scenario.buyer],
        ]);
        const floors = await database.query<RowOf<"nonce_floors">>("select * from nonce_floors");
        expect(floors.map((row) => [row.party, row.previous_floor, row.floor])).to.deep.equal([[shared.scenario.buyer, "0", "200"]]);
      });

      it("records a product's suspension, reinstatement and new version", async () => {
        const id = Number(shared.scenario.productId);
        const statuses = await database.query<RowOf<"product_status_history">>("select * from product_status_history where product_id = $1 order by block_number, log_index", [id]);
        expect(statuses.map((row) => `${row.previous_status}→${row.status}`)).to.deep.equal([
          "None→Registered", "Registered→Certified", "Certified→Listed", "Listed→Suspended", "Suspended→Listed", "Listed→Delisted",
        ]);
        const versions = await database.query<RowOf<"products">>("select * from products where id in ($1, $2) order by id", [id, Number(shared.scenario.newVersionId)]);
        expect(versions.map((row) => [row.superseded_by, row.previous_version, row.status, row.status_before_suspension])).to.deep.equal([
          // Suspended while Listed, then superseded: a reinstatement would bring it back Delisted, not Listed.
          [Number(shared.scenario.newVersionId), null, "Delisted", "Delisted"], [null, id, "Registered", "None"],
        ]);
        // Every character as registered, but the NUL PostgreSQL cannot hold, kept as U+FFFD.
        expect(versions[1].metadata_uri).to.equal(HOSTILE_METADATA_URI.replace("\u0000", "\uFFFD"));
      });
    });

    describe("a backfill killed with SIGKILL", () => {
      it("ends, once restarted, with exactly the rows of an uninterrupted run: no loss, no duplicate", async () => {
        // The uninterrupted run: the mirror the listener built above, in one go, of the same chain.
        const expected = await dumpMirror(database);

        const target = backend.fresh("killed");
        // One block per eth_getLogs and no journal window: hundreds of small batches. The first run
        // reads through a proxy that never answers for the second half of the chain, so it is
        // killed mid-backfill at a known block, however fast the machine.
        const env = { ...deploymentEnvironment(shared.chain.deployment, shared.chain.node.rpcUrl), ...target.env, LOG_RANGE: "1", REORG_WINDOW: "0" };
        const holdFrom = Math.floor(shared.head / 2);
        const proxy = await startRangeLimitedProxy(shared.chain.node.rpcUrl, 1_000_000, { holdLogsFrom: holdFrom });
        const first = spawnCli(["listen"], { ...env, RPC_URL: proxy.url });
        let killed = false;
        try {
          await Promise.race([
            first.waitForLine(new RegExp(`applied blocks \\d+-${holdFrom - 1}:`), 120_000),
            first.exited.then((code) => {
              if (!killed) throw new Error(`the listener exited (${code}) before it was killed:\n${first.lines.join("\n")}`);
            }),
          ]);
          killed = true;
          first.process.kill("SIGKILL");
          expect(await first.exited).to.equal(null);
        } finally {
          await proxy.close();
        }
        expect(first.lines.some((line) => line.includes("caught up"))).to.equal(false);

        const second = spawnCli(["listen"], env);
        const resumed = JSON.parse(await second.waitForLine(/mirroring chain/)) as { from: number };
        expect(resumed.from).to.be.greaterThan(1).and.lessThan(shared.head);
        await second.waitForLine(new RegExp(`caught up at block ${shared.head}`), 120_000);
        second.process.kill("SIGTERM");
        expect(await second.exited).to.equal(0);

        const { openMirrorDatabase } = await import("../../src/mirror/database");
        const restarted = await openMirrorDatabase(target.config);
        try {
          expect(await dumpMirror(restarted)).to.deep.equal(expected);
        } finally {
          await restarted.close();
        }
      });
    });
  });
});
