import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { ethers, getAddress } from "ethers";
import type { FastifyInstance } from "fastify";
import { buildApi } from "../../src/api";
import type { MirrorDatabase } from "../../src/mirror/database";
import { accredit, disputeTrade, getAssessmentPolicy, lodgeObjection, revokeProduct } from "../../src/sdk/actions";
import { verifyProduct } from "../../src/sdk/verify";
import { temporaryDirectory } from "../cli/harness";
import { EMBEDDED } from "../mirror/backends";
import { sharedScenarioChain } from "../mirror/chain";
import type { ScenarioChain } from "../mirror/chain";
import { eventually, indexTo, startMirror } from "../mirror/helpers";
import type { RunningMirror } from "../mirror/helpers";
import { apiClient } from "./client";
import type { Page } from "./client";
import { connectSse } from "./sse";
import type { SseClient } from "./sse";

interface Alert { id: string; kind: string; severity: string; message: string; productId: number | null; tradeId: number | null; certificateId: number | null; account: string | null }
interface Activity { id: string; kind: string; event: string; blockNumber: number; logIndex: number; productId: number | null; tradeId: number | null; account: string | null; status: string | null; summary: string }

/**
 * The control room's endpoints and the catalogue's additions, on the stories' chain: read
 * first, then (on a snapshot of the chain, reverted afterwards) live: new blocks reach the
 * event stream, the cache lets go of superseded answers, and the planted problems' alerts go
 * away when their causes are fixed.
 */
describe("the control room's API", function () {
  this.timeout(600_000);
  let shared: ScenarioChain;
  let mirror: RunningMirror;
  let app: FastifyInstance;
  const { get, everyPage } = apiClient(() => app);
  const alertsOf = async (target: FastifyInstance = app) => (await target.inject({ method: "GET", url: "/alerts" })).json() as { at: string; items: Alert[] };

  before(async () => {
    shared = await sharedScenarioChain();
    mirror = await startMirror(EMBEDDED.fresh("control").config, shared.chain.node.rpcUrl, shared.chain.mirrored, { documents: shared.chain.documents });
    await mirror.listener.waitForBlock(shared.head);
    await mirror.listener.resolveDocuments();
    app = await buildApi({
      database: mirror.database, pollIntervalMs: 50, webRoot: false,
      verify: (productId) => verifyProduct(shared.chain.client, productId, { documents: shared.chain.documents }),
    });
  });
  after(async () => {
    await app?.close();
    await mirror?.close();
  });

  describe("GET /products (the catalogue)", () => {
    it("gives each product its reference price and its certificates with their validity", async () => {
      const { story2, story4 } = shared.stories;
      const page = await get<Page<{ id: number; referencePrice: { method: string; amount: string | null; currency: string | null } | null; certificates: { id: number; category: string; validity: string; holder: string }[] }>>("/products?limit=100");
      const résumés = page.items.find((item) => item.id === Number(story2.productId))!;
      expect(résumés.referencePrice).to.deep.equal({ method: "Cost", amount: story2.referencePrice.toString(), currency: "CNY" });
      expect(résumés.certificates.map((certificate) => certificate.id)).to.include(Number(story2.holdingId));
      const news = page.items.find((item) => item.id === Number(story4.productId))!;
      const holding = news.certificates.find((certificate) => certificate.id === Number(story4.holdingId))!;
      expect([holding.category, holding.validity]).to.deep.equal(["ResourceHolding", "Revoked"]);
      expect(news.certificates.find((certificate) => certificate.id === Number(story4.licenceId))!.validity).to.equal("AncestorInvalid");
      const unpriced = page.items.filter((item) => item.referencePrice === null);
      expect(unpriced.length).to.be.greaterThan(0);
    });

    it("filters by the reference price's amount (as numbers) and currency", async () => {
      const all = await everyPage<{ id: number; referencePrice: { amount: string | null; currency: string | null } | null }>("/products", 100);
      const amounts = all.flatMap((item) => (item.referencePrice?.amount ? [Number(item.referencePrice.amount)] : [])).sort((a, b) => a - b);
      expect(amounts.length).to.be.greaterThan(1);
      const middle = amounts[Math.floor(amounts.length / 2)];
      const cheap = await everyPage<{ referencePrice: { amount: string } }>(`/products?maxPrice=${middle}`, 100);
      const dear = await everyPage<{ referencePrice: { amount: string } }>(`/products?minPrice=${middle}.5`, 100);
      expect(cheap.length).to.equal(amounts.filter((amount) => amount <= middle).length);
      expect(dear.length).to.equal(amounts.filter((amount) => amount >= middle + 0.5).length);
      expect(cheap.every((item) => Number(item.referencePrice.amount) <= middle)).to.equal(true);
      expect((await everyPage("/products?currency=CNY", 100)).length).to.equal(amounts.length);
      expect((await get<Page<unknown>>("/products?currency=USD")).items).to.deep.equal([]);
    });

    it("refuses a malformed price or currency", async () => {
      expect((await get<{ message: string }>("/products?minPrice=cheap", 400)).message).to.equal("querystring.minPrice: must be a non-negative decimal number such as 3500000 or 12.5");
      expect((await get<{ message: string }>("/products?maxPrice=-5", 400)).message).to.match(/^querystring\.maxPrice: /);
      expect((await get<{ message: string }>("/products?currency=yuan", 400)).message).to.equal("querystring.currency: must be an ISO 4217 code such as CNY");
    });
  });

  describe("GET /alerts", () => {
    it("shows story 6's planted problems, each linked to what it is about", async () => {
      const { story1, story2, story3, story4 } = shared.stories;
      const { items, at } = await alertsOf();
      expect(at).to.equal(new Date(((await shared.chain.signers[0].provider!.getBlock(shared.head))!.timestamp) * 1000).toISOString());
      const find = (id: string) => items.find((item) => item.id === id);
      // The expired PersonalInfoProtection finding of story 2's listed résumés.
      expect(find(`listed-policy-lapsed:${story2.productId}:PersonalInfoProtection`)).to.include({ severity: "high", productId: Number(story2.productId) });
      expect(find(`listed-policy-lapsed:${story2.productId}:PersonalInfoProtection`)!.message).to.match(/expired on \d{4}-\d\d-\d\d/);
      expect(find(`assessment-expiring:${story2.productId}:PersonalInfoProtection`)).to.include({ severity: "high" });
      // Story 4's revoked holding: the fund's licence stands under an invalid ancestor.
      expect(find(`licence-under-invalid-ancestor:${story4.licenceId}`)).to.include({
        certificateId: Number(story4.licenceId), productId: Number(story4.productId), account: shared.stories.context.cast.hongKongFund.address,
      });
      // Story 1's buyer whose provisional accreditation lapsed.
      expect(find(`accreditation-expiring:${story1.provisionalBuyer.address.toLowerCase()}`)).to.include({ severity: "high", account: story1.provisionalBuyer.address });
      // The exchange's stored copy of story 3's annotated frames' document, edited after registration.
      expect(find(`document-mismatch:${story3.annotatedFramesId}`)).to.include({ severity: "high", productId: Number(story3.annotatedFramesId) });
      expect(items.filter((item) => item.kind === "document-mismatch")).to.have.length(1);
      // Story 4's cross-border trade, completed.
      expect(find(`cross-border-trade:${story4.tradeId}`)).to.include({ severity: "low", tradeId: Number(story4.tradeId) });
      expect(items.map((item) => item.severity)).to.deep.equal([...items.map((item) => item.severity)].sort((a, b) => ["high", "medium", "low"].indexOf(a) - ["high", "medium", "low"].indexOf(b)));
      expect(items.filter((item) => item.kind === "dispute-open-too-long" || item.kind.startsWith("trade-open-on"))).to.deep.equal([]);
    });

    it("shows none of them on the chain as it stood before story 6", async () => {
      const [{ block }] = await mirror.database.query<{ block: number }>(
        "select min(block_number)::int8 as block from participant_history where account = $1 and event = 'Accredited'", [shared.stories.context.cast.auditor.address.toLowerCase()],
      );
      let before: MirrorDatabase | undefined;
      let earlier: FastifyInstance | undefined;
      try {
        // Mirrored only up to the block before story 6's first act: the head less that many confirmations.
        before = await indexTo(EMBEDDED.fresh("control-earlier").config, shared.chain.node.rpcUrl, shared.chain.mirrored, block - 1, { confirmations: shared.head - (block - 1) });
        expect((await before.query<{ checkpoint_block: number }>("select checkpoint_block from mirror_state"))[0].checkpoint_block).to.equal(block - 1);
        earlier = await buildApi({ database: before, webRoot: false });
        const { items } = await alertsOf(earlier);
        const kinds = new Set(items.map((item) => item.kind));
        for (const kind of ["listed-policy-lapsed", "licence-under-invalid-ancestor", "accreditation-expiring", "assessment-expiring"]) expect(kinds.has(kind), kind).to.equal(false);
        expect(items.map((item) => item.id)).to.include(`cross-border-trade:${shared.stories.story4.tradeId}`);
      } finally {
        await earlier?.close();
        await before?.close();
      }
    });

    it("says a listed product's policy lapsed for exactly the kinds the contract's missingKinds names, product by product", async () => {
      const { items } = await alertsOf();
      const products = await everyPage<{ id: number; status: string }>("/products", 5);
      expect(products.length).to.be.at.least(13);
      let lapsed = 0;
      for (const product of products) {
        const alerted = items.filter((item) => item.kind === "listed-policy-lapsed" && item.productId === product.id).map((item) => item.id.split(":")[2]).sort();
        const { missing } = await getAssessmentPolicy(shared.chain.client, { productId: BigInt(product.id), blockNumber: shared.head });
        expect(alerted, `product ${product.id} (${product.status})`).to.deep.equal(product.status === "Listed" ? [...missing].sort() : []);
        lapsed += alerted.length;
      }
      expect(lapsed, "the stories leave at least one listed product whose policy lapsed").to.be.greaterThan(0);
    });
  });

  describe("GET /stats", () => {
    it("counts products, certificates and trades as the mirror holds them, with daily volume and the price index", async () => {
      const stats = await get<{
        products: Record<string, number>; certificates: { category: string; validity: string; count: number }[]; trades: Record<string, number>;
        dailyVolume: { day: string; currency: string; amount: string; trades: number }[]; priceIndex: { day: string; index: number }[];
      }>("/stats");
      const [counts] = await mirror.database.query<{ products: number; listed: number; certificates: number; trades: number; completed: number }>(
        `select (select count(*) from products)::int8 as products, (select count(*) from products where status = 'Listed')::int8 as listed,
          (select count(*) from certificates)::int8 as certificates, (select count(*) from trades)::int8 as trades,
          (select count(*) from trades where status = 'Completed')::int8 as completed`,
      );
      expect(Object.values(stats.products).reduce((a, b) => a + b, 0)).to.equal(counts.products);
      expect(stats.products.Listed).to.equal(counts.listed);
      expect(stats.certificates.reduce((total, row) => total + row.count, 0)).to.equal(counts.certificates);
      expect(stats.certificates.find((row) => row.category === "ProcessingUse" && row.validity === "AncestorInvalid")!.count).to.be.greaterThan(0);
      expect(stats.trades.Completed).to.equal(counts.completed);
      const [priced] = await mirror.database.query<{ trades: number; amount: string }>(
        "select count(*)::int8 as trades, sum(price_amount)::text as amount from trades where price_amount is not null and status not in ('Annulled', 'Cancelled')",
      );
      expect(stats.dailyVolume.reduce((total, row) => total + row.trades, 0)).to.equal(priced.trades);
      expect(stats.dailyVolume.reduce((total, row) => total + BigInt(row.amount), 0n)).to.equal(BigInt(priced.amount));
      expect(stats.dailyVolume.every((row) => /^\d{4}-\d\d-\d\d$/.test(row.day) && row.currency === "CNY")).to.equal(true);
      expect(stats.priceIndex[0].index).to.equal(100);
    });
  });

  describe("GET /activity", () => {
    it("lists the activity newest first, page by page, with the same items the stream sends", async () => {
      const items: Activity[] = [];
      let cursor: string | null = null;
      do {
        const page: Page<Activity> = await get<Page<Activity>>(`/activity?limit=100${cursor ? `&before=${cursor}` : ""}`);
        items.push(...page.items);
        cursor = page.nextCursor as string | null;
      } while (cursor !== null);
      expect(items.length).to.be.greaterThan(100);
      const positions = items.map((item) => [item.blockNumber, item.logIndex]);
      expect(positions).to.deep.equal([...positions].sort((a, b) => b[0] - a[0] || b[1] - a[1]));
      const kinds = new Set(items.map((item) => item.kind));
      expect([...kinds]).to.have.members(["registration", "trade", "certificate", "assessment", "listing", "participant", "objection"]);
      const confirmed = items.find((item) => item.event === "TradeConfirmed" && item.tradeId === Number(shared.stories.story4.tradeId))!;
      expect(confirmed).to.include({ kind: "trade", status: "Confirmed", productId: Number(shared.stories.story4.productId), account: shared.stories.context.cast.hongKongFund.address });
      expect(confirmed.summary).to.match(/^trade \d+ confirmed: product \d+ from 0x/);
      const delivered = items.find((item) => item.event === "TradeDelivered")!;
      expect(delivered.productId, "a trade's later events name its product").to.be.a("number");
      expect(items.some((item) => item.event === "Transfer" || item.event === "Locked")).to.equal(false);
      // Ids are positions with their block's hash: the hash the mirror holds for the block.
      const block = await mirror.database.db.selectFrom("blocks").select("hash").where("number", "=", confirmed.blockNumber).executeTakeFirstOrThrow();
      expect(confirmed.id).to.equal(`${confirmed.blockNumber}:${confirmed.logIndex}:${block.hash.slice(2, 10)}`);
    });

    it("refuses a malformed cursor", async () => {
      expect((await get<{ message: string }>("/activity?before=yesterday", 400)).message).to.equal("querystring.before: must be <block>:<logIndex>:<block hash prefix>, an activity's id");
    });
  });

  describe("GET /products/:id/verify and /prov", () => {
    it("runs the auditor's checks against the chain: story 6's expired finding fails", async () => {
      const report = await get<{ productId: number; passed: boolean; registrationNumber: string; checks: { id: string; passed: boolean; detail: string }[] }>(`/products/${shared.stories.story2.productId}/verify`);
      expect(report.passed).to.equal(false);
      expect(report.checks.find((check) => check.id === "assessment.PersonalInfoProtection")).to.include({ passed: false });
      expect(report.registrationNumber).to.match(/\S/);
      const sound = await get<{ passed: boolean; checks: { id: string; passed: boolean }[] }>(`/products/${shared.stories.story5.creditReportId}/verify`);
      // Story 5's credit report is sound: every check passes.
      expect(sound.checks.filter((check) => !check.passed).map((check) => check.id)).to.deep.equal([]);
      expect(sound.passed).to.equal(true);
    });

    it("answers 404 for a product the chain lacks, and 503 without a chain", async () => {
      expect((await get<{ message: string }>("/products/9999/verify", 404)).message).to.equal("product 9999 is not on the chain");
      const chainless = await buildApi({ database: mirror.database, webRoot: false });
      try {
        const response = await chainless.inject({ method: "GET", url: "/products/1/verify" });
        expect(response.statusCode).to.equal(503);
        expect(response.json().message).to.match(/^verification needs the chain/);
      } finally {
        await chainless.close();
      }
    });

    it("downloads the provenance as PROV-JSON", async () => {
      const response = await app.inject({ method: "GET", url: `/products/${shared.stories.story5.creditReportId}/prov` });
      expect(response.statusCode).to.equal(200);
      expect(response.headers["content-disposition"]).to.equal(`attachment; filename="product-${shared.stories.story5.creditReportId}.prov.json"`);
      const document = response.json() as { prefix: Record<string, string>; entity: Record<string, unknown>; wasDerivedFrom: Record<string, unknown> };
      expect(document.prefix.prov).to.equal("http://www.w3.org/ns/prov#");
      expect(Object.keys(document.entity).filter((key) => key.startsWith("dr:product/"))).to.have.length(7);
    });
  });

  describe("the web app's files", () => {
    it("serves index.html uncached at / and hashed assets for a year", async () => {
      const root = temporaryDirectory("web");
      mkdirSync(join(root, "assets"));
      writeFileSync(join(root, "index.html"), "<!doctype html><title>datarights</title>");
      writeFileSync(join(root, "assets", "index-abc123.js"), "console.log(1)");
      const web = await buildApi({ database: mirror.database, webRoot: root });
      try {
        const index = await web.inject({ method: "GET", url: "/" });
        expect([index.statusCode, index.headers["cache-control"], index.body]).to.deep.equal([200, "no-cache", "<!doctype html><title>datarights</title>"]);
        expect(index.headers["content-type"]).to.match(/^text\/html/);
        const asset = await web.inject({ method: "GET", url: "/assets/index-abc123.js" });
        expect([asset.statusCode, asset.headers["cache-control"]]).to.deep.equal([200, "public, max-age=31536000, immutable"]);
        expect((await web.inject({ method: "GET", url: "/assets/missing.js" })).statusCode).to.equal(404);
        expect((await web.inject({ method: "GET", url: "/products/1" })).json().id).to.equal(1);
      } finally {
        await web.close();
      }
    });

    it("says to build it when dist/web is absent", async () => {
      const web = await buildApi({ database: mirror.database, webRoot: temporaryDirectory("no-web") });
      try {
        const response = await web.inject({ method: "GET", url: "/" });
        expect(response.statusCode).to.equal(404);
        expect(response.body).to.match(/^the web app is not built .*: run `npm run build`\n$/);
      } finally {
        await web.close();
      }
    });
  });

  describe("live, on new blocks (a snapshot of the chain, reverted afterwards)", () => {
    let snapshot: string;
    let url: string;
    let stream: SseClient | undefined;
    const registrar = () => shared.stories.context.as(shared.stories.context.cast.registrar);

    before(async () => {
      snapshot = (await shared.chain.node.rpc("evm_snapshot")) as string;
      url = await app.listen({ host: "127.0.0.1", port: 0 });
    });
    after(async () => {
      stream?.close();
      await shared.chain.node.rpc("evm_revert", [snapshot]);
    });

    it("streams the last 50 activities on connect, oldest first, then a new block's activity", async () => {
      stream = await connectSse(`${url}/events`);
      expect(stream.status).to.equal(200);
      expect(stream.headers.get("content-type")).to.match(/^text\/event-stream/);
      await stream.waitFor(() => stream!.events.length >= 50, "the backlog");
      const backlog = stream.events.slice(0, 50).map((event) => JSON.parse(event.data) as Activity);
      const recent = (await get<Page<Activity>>("/activity?limit=50")).items.reverse();
      expect(backlog.map((item) => item.id)).to.deep.equal(recent.map((item) => item.id));
      expect(stream.events.slice(0, 50).every((event) => event.event === "activity" && event.id === JSON.parse(event.data).id)).to.equal(true);

      const buyer = shared.stories.story1.provisionalBuyer;
      await accredit(registrar(), {
        account: buyer.address, kinds: ["Buyer"], jurisdiction: "CN", dossierHash: ethers.id("renewed dossier"),
        accreditedUntil: (await shared.stories.context.now()) + 3n * shared.stories.context.YEAR,
      });
      const renewed = await stream.waitFor((event) => event.event === "activity" && JSON.parse(event.data).event === "ParticipantAccredited" && JSON.parse(event.data).account === buyer.address, "the new accreditation");
      expect(JSON.parse(renewed.data)).to.include({ kind: "participant", status: "Active" });
    });

    it("resumes after Last-Event-ID with exactly the activities that followed it", async () => {
      const recent = (await get<Page<Activity>>("/activity?limit=60")).items.reverse();
      const resumed = await connectSse(`${url}/events`, { "last-event-id": recent[4].id });
      try {
        await resumed.waitFor(() => resumed.events.length >= recent.length - 5, "the resumed items");
        expect(resumed.events.map((event) => event.id)).to.deep.equal(recent.slice(5).map((item) => item.id));
      } finally {
        resumed.close();
      }
      expect((await app.inject({ method: "GET", url: "/events", headers: { "last-event-id": "latest" } })).json().message)
        .to.equal("headers.last-event-id: must be <block>:<logIndex>:<block hash prefix>, an activity's id");
    });

    it("lets go of a cached answer once a new block is mirrored", async () => {
      await waitForMirror();
      const path = `/participants/${shared.stories.story1.provisionalBuyer.address}`;
      await get(path);
      const second = await app.inject({ method: "GET", url: path });
      expect(second.headers["x-cache"]).to.equal("hit");
      const before = second.json() as { status: string };
      await revokeParticipantFor(shared.stories.story1.provisionalBuyer.address);
      await eventually(async () => ((await app.inject({ method: "GET", url: path })).json() as { status: string }).status !== before.status, "the new status");
      const after = await app.inject({ method: "GET", url: path });
      expect((after.json() as { status: string }).status).to.equal("Suspended");
    });

    it("drops the planted problems' alerts when their causes are fixed", async () => {
      const { story1, story2 } = shared.stories;
      const { context } = shared.stories;
      await context.recordFinding(story2.productId, { assessor: context.cast.lawFirm, kind: "PersonalInfoProtection", report: "PIPL audit H2" });
      await waitForMirror();
      const ids = (await alertsOf()).items.map((item) => item.id);
      expect(ids).to.not.include(`listed-policy-lapsed:${story2.productId}:PersonalInfoProtection`);
      expect(ids).to.not.include(`assessment-expiring:${story2.productId}:PersonalInfoProtection`);
      // The buyer re-accredited in the first test, then suspended: no longer an active participant's lapse.
      expect(ids).to.not.include(`accreditation-expiring:${story1.provisionalBuyer.address.toLowerCase()}`);
    });

    it("alerts on a trade open on a frozen, then revoked, product, and on a dispute open too long", async () => {
      const { context, story1 } = shared.stories;
      const { cast } = context;
      const signed = await context.signDeal({
        productId: story1.productId, seller: cast.shenzhenPower, buyer: cast.bankOfNingbo, sellerCertificateId: story1.holdingId,
        priceAmount: 100_000n, terms: "alert terms", purpose: "alert purpose",
      });
      const tradeId = Number(await context.confirmDeal(signed));
      await waitForMirror();
      expect((await alertsOf()).items.filter((item) => item.tradeId === tradeId)).to.deep.equal([]);

      await disputeTrade(context.as(cast.bankOfNingbo), { tradeId: BigInt(tradeId), reasonHash: ethers.id("late") });
      await lodgeObjection(context.as(cast.auditor), { target: "product", targetId: story1.productId, claimHash: ethers.id("ownership claim") });
      await waitForMirror();
      const strict = await buildApi({ database: mirror.database, webRoot: false, alerts: { disputeAlertAfterSeconds: 0 } });
      try {
        const kinds = (await alertsOf(strict)).items.filter((item) => item.tradeId === tradeId).map((item) => item.kind);
        expect(kinds).to.have.members(["trade-open-on-frozen-product", "dispute-open-too-long"]);
      } finally {
        await strict.close();
      }
      expect((await alertsOf()).items.filter((item) => item.tradeId === tradeId).map((item) => item.kind)).to.deep.equal(["trade-open-on-frozen-product"]);

      await revokeProduct(registrar(), { productId: story1.productId, reasonHash: ethers.id("revoked") });
      await waitForMirror();
      const onRevoked = (await alertsOf()).items.find((item) => item.id === `trade-open-on-revoked-product:${tradeId}`);
      expect(onRevoked).to.include({ productId: Number(story1.productId), account: getAddress(cast.bankOfNingbo.address) });
    });

    it("tells the stream's clients about a reorganisation", async () => {
      await shared.chain.node.rpc("evm_revert", [snapshot]);
      snapshot = (await shared.chain.node.rpc("evm_snapshot")) as string;
      // The listener notices when the chain grows past its checkpoint's height again.
      for (let index = 0; index < 12; index++) await shared.chain.node.rpc("evm_mine");
      const reorg = await stream!.waitFor((event) => event.event === "reorg", "the reorg event", 60_000);
      expect((JSON.parse(reorg.data) as { fromBlock: number }).fromBlock).to.be.at.most(shared.head + 1);
    });

    it("answers a resume from a branch reorganised away with a reorg first", async () => {
      // The activities streamed after the snapshot were on the branch the revert discarded.
      const voided = stream!.events.filter((event) => event.event === "activity" && (JSON.parse(event.data) as Activity).blockNumber > shared.head);
      expect(voided.length, "activities of the discarded branch").to.be.greaterThan(0);
      await waitForMirror();
      const stale = voided[voided.length - 1];
      const staleBlock = (JSON.parse(stale.data) as Activity).blockNumber;
      const resumed = await connectSse(`${url}/events`, { "last-event-id": stale.id! });
      try {
        const reorg = await resumed.waitFor((event) => event.event === "reorg", "the reorg event");
        expect(resumed.events[0], "the reorg comes before any activity").to.equal(reorg);
        const { fromBlock } = JSON.parse(reorg.data) as { fromBlock: number };
        expect(fromBlock).to.equal(Math.max(0, staleBlock - 64)).and.to.be.at.most(shared.head + 1);
        // Then the activities from that block on, as the mirror now holds them.
        const kept: Activity[] = [];
        for (let cursor: string | null = null, more = true; more;) {
          const page: Page<Activity> = await get<Page<Activity>>(`/activity?limit=100${cursor ? `&before=${cursor}` : ""}`);
          kept.push(...page.items.filter((item) => item.blockNumber >= fromBlock));
          cursor = page.nextCursor as string | null;
          more = cursor !== null && page.items.every((item) => item.blockNumber >= fromBlock);
        }
        kept.reverse();
        await resumed.waitFor(() => resumed.events.length >= kept.length + 1, "the replayed activities");
        expect(resumed.events.slice(1).map((event) => event.id)).to.deep.equal(kept.map((item) => item.id));
        expect(kept.some((item) => item.id === stale.id)).to.equal(false);
      } finally {
        resumed.close();
      }

      // An id of a kept block resumes without a reorg.
      const recent = (await get<Page<Activity>>("/activity?limit=3")).items.reverse();
      const fine = await connectSse(`${url}/events`, { "last-event-id": recent[0].id });
      try {
        await fine.waitFor(() => fine.events.length >= 2, "the resumed items");
        expect(fine.events.map((event) => event.event)).to.deep.equal(["activity", "activity"]);
        expect(fine.events.map((event) => event.id)).to.deep.equal(recent.slice(1).map((item) => item.id));
      } finally {
        fine.close();
      }
    });

    async function revokeParticipantFor(account: string): Promise<void> {
      const { suspendParticipant } = await import("../../src/sdk/actions");
      await suspendParticipant(registrar(), { account, reasonHash: ethers.id("review") });
    }

    /** Waits until the mirror and the API's poller have the chain's head. */
    async function waitForMirror(): Promise<void> {
      const head = Number(await shared.chain.node.rpc("eth_blockNumber"));
      await mirror.listener.waitForBlock(head);
      await app.activityHub.poll();
    }
  });
});
