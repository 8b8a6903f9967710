import { expect } from "chai";
import { getAddress } from "ethers";
import type { FastifyInstance } from "fastify";
import { buildApi, startApi } from "../../src/api";
import { openMirrorDatabase } from "../../src/mirror/database";
import { VALIDITIES, enumName } from "../../src/sdk/names";
import type { MirrorDatabase } from "../../src/mirror/database";
import { EMBEDDED } from "../mirror/backends";
import { sharedScenarioChain } from "../mirror/chain";
import type { ScenarioChain } from "../mirror/chain";
import { indexTo } from "../mirror/helpers";
import { apiClient } from "./client";
import type { Page } from "./client";

describe("the API", function () {
  this.timeout(300_000);
  let shared: ScenarioChain;
  let database: MirrorDatabase;
  let app: FastifyInstance;

  const { get, everyPage } = apiClient(() => app);
  const count = async (sql: string, params: unknown[] = []) => (await database.query<{ count: number }>(`select count(*)::int8 as count from ${sql}`, params))[0].count;

  before(async () => {
    shared = await sharedScenarioChain();
    database = await indexTo(EMBEDDED.fresh("api").config, shared.chain.node.rpcUrl, shared.chain.mirrored, shared.head);
    app = await buildApi({ database, chainHead: async () => Number(await shared.chain.node.rpc("eth_blockNumber")) });
  });
  after(async () => {
    await app?.close();
    await database?.close();
  });

  describe("GET /health", () => {
    it("reports the chain head, the indexed block and the lag", async () => {
      const health = await get("/health");
      expect(health).to.include({ status: "ok", chainId: 31337, chainHead: shared.head, indexedBlock: shared.head, lag: 0 });
    });

    it("says the mirror is behind when the chain is ahead by more than the healthy lag", async () => {
      const behind = await buildApi({ database, chainHead: async () => shared.head + 50, healthyLag: 5 });
      try {
        const response = await behind.inject({ method: "GET", url: "/health" });
        expect(response.statusCode).to.equal(200);
        expect(response.json()).to.include({ status: "behind", lag: 50 });
      } finally {
        await behind.close();
      }
    });

    it("answers 503 when the chain is unreachable, and when nothing is mirrored yet", async () => {
      const unreachable = await buildApi({ database, chainHead: async () => Promise.reject(new Error("ECONNREFUSED")) });
      const empty = await openMirrorDatabase({});
      const notStarted = await buildApi({ database: empty });
      try {
        const first = await unreachable.inject({ method: "GET", url: "/health" });
        expect([first.statusCode, first.json().status, first.json().chainHead]).to.deep.equal([503, "chain-unreachable", null]);
        const second = await notStarted.inject({ method: "GET", url: "/health" });
        expect([second.statusCode, second.json().status, second.json().indexedBlock]).to.deep.equal([503, "not-started", null]);
      } finally {
        await unreachable.close();
        await notStarted.close();
        await empty.close();
      }
    });
  });

  describe("GET /products", () => {
    it("lists every product newest first, page by page", async () => {
      const products = await everyPage<{ id: number }>("/products", 4);
      const ids = products.map((product) => product.id);
      expect(ids).to.deep.equal([...ids].sort((a, b) => b - a));
      expect(ids).to.have.length(await count("products"));
    });

    it("filters by provider, status, type, source category and classification", async () => {
      const provider = shared.stories.context.cast.beijingOperator.address;
      const byProvider = await get<Page<{ provider: string }>>(`/products?provider=${provider.toLowerCase()}&limit=100`);
      expect(byProvider.items.length).to.equal(await count("products where provider = $1", [provider.toLowerCase()]));
      expect(byProvider.items.every((product) => product.provider === provider)).to.equal(true);
      const listed = await get<Page<{ status: string }>>("/products?status=Listed&limit=100");
      expect(listed.items.length).to.equal(await count("products where status = 'Listed'"));
      const apis = await get<Page<{ type: string }>>("/products?type=Api&limit=100");
      expect(apis.items.length).to.equal(await count("products where product_type = 'Api'")).and.greaterThan(0);
      expect(apis.items.every((product) => product.type === "Api")).to.equal(true);
      const personal = await get<Page<{ sourceCategory: string }>>("/products?sourceCategory=Personal&limit=100");
      expect(personal.items.length).to.equal(await count("products where source_category = 'Personal'")).and.greaterThan(0);
      const publicGeneral = await get<Page<unknown>>("/products?sourceCategory=Public&classification=General&limit=100");
      expect(publicGeneral.items.length).to.equal(await count("products where source_category = 'Public' and classification = 'General'"));
    });

    it("refuses bad parameters with 400 and a message naming them", async () => {
      expect((await get<{ message: string }>("/products?limit=0", 400)).message).to.match(/^querystring\.limit: /);
      expect((await get<{ message: string }>("/products?limit=101", 400)).message).to.match(/querystring\.limit: .*100/);
      expect((await get<{ message: string }>("/products?status=Bogus", 400)).message).to.match(/querystring\.status: Invalid option/);
      expect((await get<{ message: string }>("/products?provider=0x1234", 400)).message).to.equal("querystring.provider: must be a 0x-prefixed 20-byte hex address");
      expect((await get<{ message: string }>("/products?cursor=-3", 400)).message).to.match(/querystring\.cursor: must be a positive id/);
      expect((await get<{ message: string }>("/products?colour=blue", 400)).message).to.match(/querystring: Unrecognized key: "colour"/);
    });
  });

  describe("GET /products/:id", () => {
    it("returns a product with its listing, sources, assessments, certificates, status history and whole lineage graph", async () => {
      const { creditReportId, creditInquiryId, agencyDatasets } = shared.stories.story5;
      const report = await get<{
        id: number; listing: { rightOffered: string } | null; sources: { productId: number }[]; lineage: { nodes: { id: number; depth: number }[]; edges: { product: number; source: number }[] };
        certificates: unknown[]; statusHistory: { status: string }[];
      }>(`/products/${creditReportId}`);
      expect(report.id).to.equal(Number(creditReportId));
      expect(report.sources.map((source) => source.productId)).to.deep.equal([Number(creditInquiryId)]);
      const datasets = agencyDatasets.map((dataset) => Number(dataset.productId)).sort((a, b) => a - b);
      expect(report.lineage.nodes.map((node) => [node.id, node.depth])).to.have.deep.members([
        [Number(creditReportId), 0], [Number(creditInquiryId), 1], ...datasets.map((id) => [id, 2]),
      ]);
      expect(report.lineage.edges).to.have.length(1 + datasets.length);
      expect(report.listing?.rightOffered).to.equal("ProcessingUse");
      expect(report.certificates.length).to.equal(await count("certificates where product_id = $1", [Number(creditReportId)]));
      expect(report.statusHistory.map((entry) => entry.status).slice(0, 3)).to.deep.equal(["Registered", "Certified", "Listed"]);

      const inquiry = await get<{ derivedProducts: number[] }>(`/products/${creditInquiryId}`);
      expect(inquiry.derivedProducts).to.deep.equal([Number(creditReportId)]);
      const résumés = await get<{ assessments: { kind: string }[]; frozen: boolean }>(`/products/${shared.stories.story2.productId}`);
      expect(résumés.assessments.map((assessment) => assessment.kind)).to.include("PersonalInfoProtection");
      expect(résumés.frozen).to.equal(false);
    });

    it("answers 404 for an unknown product and 400 for a malformed id", async () => {
      expect(await get("/products/99999", 404)).to.deep.equal({ statusCode: 404, error: "Not Found", message: "product 99999 is not in the mirror" });
      expect((await get<{ message: string }>("/products/abc", 400)).message).to.match(/^params\.id: /);
      expect((await get<{ message: string }>("/products/0", 400)).message).to.equal("params.id: must be a positive id");
    });
  });

  describe("GET /products/:id/prices", () => {
    it("returns the price history newest first, page by page", async () => {
      const points = await everyPage<{ event: string; method: string; amount: string | null }>(`/products/${shared.scenario.productId}/prices`, 2);
      expect(points.map((point) => [point.event, point.method, point.amount])).to.deep.equal([
        ["Changed", "Negotiable", null], ["Proposed", "Income", "990000"], ["Changed", "Market", "1250000"],
        ["Proposed", "Market", "1250000"], ["Changed", "Negotiable", null],
      ]);
    });

    it("answers 404 for an unknown product", async () => {
      expect((await get<{ message: string }>("/products/424242/prices", 404)).message).to.equal("product 424242 is not in the mirror");
    });
  });

  describe("GET /certificates", () => {
    it("lists certificates by holder or product, with their parents", async () => {
      const holder = shared.stories.context.cast.beijingOperator.address;
      const held = await everyPage<{ holder: string; parentId: number | null }>(`/certificates?holder=${holder}`, 3);
      expect(held.length).to.equal(await count("certificates where holder = $1", [holder.toLowerCase()])).and.greaterThan(5);
      expect(held.every((certificate) => certificate.holder === holder)).to.equal(true);
      expect(held.some((certificate) => certificate.parentId !== null)).to.equal(true);
      const ofProduct = await get<Page<{ productId: number; category: string }>>(`/certificates?product=${shared.stories.story1.productId}&limit=100`);
      expect(ofProduct.items.length).to.equal(await count("certificates where product_id = $1", [Number(shared.stories.story1.productId)]));
      const licences = await get<Page<{ category: string; status: string }>>(`/certificates?product=${shared.stories.story1.productId}&category=ProcessingUse&status=Active&limit=100`);
      expect(licences.items.length).to.be.greaterThan(3);
      expect(licences.items.every((item) => item.category === "ProcessingUse" && item.status === "Active")).to.equal(true);
    });

    it("refuses a malformed holder and an unknown category", async () => {
      expect((await get<{ message: string }>("/certificates?holder=bank", 400)).message).to.equal("querystring.holder: must be a 0x-prefixed 20-byte hex address");
      expect((await get<{ message: string }>("/certificates?category=Ownership", 400)).message).to.match(/querystring\.category: Invalid option/);
    });
  });

  describe("GET /certificates/:id", () => {
    it("returns a certificate with its history", async () => {
      const certificate = await get<{ id: number; locked?: unknown; history: { event: string }[]; tradeId: number | null }>(`/certificates/${shared.stories.story4.licenceId}`);
      expect(certificate.tradeId).to.equal(Number(shared.stories.story4.tradeId));
      expect(certificate.history.map((entry) => entry.event)).to.deep.equal(["Minted", "Locked", "Issued"]);
    });

    it("gives every certificate of the stories the validity the chain's validity(id) answers at the indexed block", async () => {
      const certificates = await everyPage<{ id: number; validity: string; invalidAncestorId: number | null }>("/certificates", 25);
      expect(certificates).to.have.length(await count("certificates"));
      const { certificates: contract } = shared.chain.contracts;
      for (const certificate of certificates) {
        const onChain = enumName(VALIDITIES, await contract.validity(certificate.id, { blockTag: shared.head }));
        expect(certificate.validity, `certificate ${certificate.id}`).to.equal(onChain);
        expect(certificate.invalidAncestorId !== null, `certificate ${certificate.id}`).to.equal(onChain === "AncestorInvalid");
      }
      const seen = new Set(certificates.map((certificate) => certificate.validity));
      expect([...seen]).to.include.members(["Valid", "Superseded", "Revoked", "AncestorInvalid"]);
      // Story 6 revokes the right ChinaScope's licence to the Hong Kong fund derives from.
      const licence = await get<{ validity: string; invalidAncestorId: number; parentId: number }>(`/certificates/${shared.stories.story4.licenceId}`);
      expect([licence.validity, licence.invalidAncestorId]).to.deep.equal(["AncestorInvalid", Number(shared.stories.story4.holdingId)]);
    });

    it("answers 404 for an unknown certificate", async () => {
      expect((await get<{ message: string }>("/certificates/77777", 404)).message).to.equal("certificate 77777 is not in the mirror");
    });
  });

  describe("GET /assessments", () => {
    it("lists assessments by product, assessor and kind", async () => {
      const lawFirm = shared.stories.context.cast.lawFirm.address;
      const found = await everyPage<{ assessor: string; kind: string }>(`/assessments?assessor=${lawFirm}&kind=LegalCompliance`, 5);
      expect(found.length).to.equal(await count("assessments where assessor = $1 and kind = 'LegalCompliance'", [lawFirm.toLowerCase()]));
      const ofProduct = await get<Page<{ productId: number }>>(`/assessments?product=${shared.stories.story2.productId}`);
      expect(ofProduct.items.every((item) => item.productId === Number(shared.stories.story2.productId))).to.equal(true);
      expect((await get<{ message: string }>("/assessments?kind=Vibes", 400)).message).to.match(/querystring\.kind/);
    });
  });

  describe("GET /trades", () => {
    it("lists trades by product or by party, newest first", async () => {
      const ofProduct = await get<Page<{ id: number; productId: number }>>(`/trades?product=${shared.stories.story1.productId}`);
      expect(ofProduct.items.length).to.equal(await count("trades where product_id = $1", [Number(shared.stories.story1.productId)]));
      const party = shared.stories.context.cast.shenzhenPower.address;
      const ofParty = await everyPage<{ id: number; seller: string; buyer: string }>(`/trades?party=${party}`, 2);
      expect(ofParty.length).to.equal(await count("trades where seller = $1 or buyer = $1", [party.toLowerCase()])).and.greaterThan(3);
      expect(ofParty.every((trade) => trade.seller === party || trade.buyer === party)).to.equal(true);
      const cancelled = await get<Page<{ id: number }>>("/trades?status=Cancelled");
      expect(cancelled.items.map((trade) => trade.id)).to.deep.equal([Number(shared.scenario.cancelledTradeId)]);
    });

    it("refuses a malformed party and an unknown status", async () => {
      expect((await get<{ message: string }>("/trades?party=someone", 400)).message).to.equal("querystring.party: must be a 0x-prefixed 20-byte hex address");
      expect((await get<{ message: string }>("/trades?status=None", 400)).message).to.match(/querystring\.status: Invalid option/);
    });
  });

  describe("GET /trades/:id", () => {
    it("returns a trade with every state change, and a confidential price as its commitment only", async () => {
      const trade = await get<{ status: string; events: { event: string; actor: string | null }[] }>(`/trades/${shared.scenario.rejectedDisputeTradeId}`);
      expect(trade.status).to.equal("Completed");
      expect(trade.events.map((event) => event.event)).to.deep.equal(["Confirmed", "PaymentReferenceAttached", "Delivered", "StatusChanged", "Completed"]);
      const confidential = await get<{ price: unknown; priceCommitment: string | null }>(`/trades/${shared.scenario.confidentialTradeId}`);
      expect(confidential.price).to.equal(null);
      expect(confidential.priceCommitment).to.match(/^0x[0-9a-f]{64}$/);
    });

    it("answers 404 for an unknown trade", async () => {
      expect((await get<{ message: string }>("/trades/5555", 404)).message).to.equal("trade 5555 is not in the mirror");
    });
  });

  describe("GET /participants", () => {
    it("lists participants by address, page by page, with kind, status and jurisdiction filters", async () => {
      const all = await everyPage<{ account: string }>("/participants", 7);
      expect(all).to.have.length(await count("participants"));
      expect(all.map((participant) => participant.account.toLowerCase())).to.deep.equal(all.map((participant) => participant.account.toLowerCase()).sort());
      const buyers = await get<Page<{ kinds: string[] }>>("/participants?kind=Buyer&limit=100");
      expect(buyers.items.length).to.equal(await count("participants where 'Buyer' = any(kinds)"));
      const hongKong = await get<Page<{ account: string; jurisdiction: string }>>("/participants?jurisdiction=HK");
      expect(hongKong.items.map((participant) => participant.account)).to.deep.equal([shared.stories.context.cast.hongKongFund.address]);
      // The scenario's revoked participant, and the account its key rotation replaced.
      const revoked = await get<Page<{ status: string }>>("/participants?status=Revoked");
      expect(revoked.items.map((participant) => participant.status)).to.deep.equal(["Revoked", "Revoked"]);
      expect((await get<{ message: string }>("/participants?jurisdiction=china", 400)).message).to.equal("querystring.jurisdiction: must be an ISO 3166-1 alpha-2 code such as CN");
    });
  });

  describe("GET /participants/:address", () => {
    it("returns a participant with its accreditation history and staff roles", async () => {
      const registrar = shared.stories.context.cast.registrar.address;
      const applicant = await get<{ account: string; status: string; history: { event: string }[] }>(`/participants/${shared.scenario.applicant}`);
      expect(applicant.account).to.equal(getAddress(shared.scenario.applicant));
      expect(applicant.history.map((entry) => entry.event)).to.deep.equal(["Applied", "StatusChanged", "Accredited", "StatusChanged", "StatusChanged", "StatusChanged"]);
      expect((await get<{ message: string }>(`/participants/${registrar}`, 404)).message).to.equal(`participant ${registrar} is not in the mirror`);
      expect((await get<{ message: string }>("/participants/0xnothex", 400)).message).to.equal("params.address: must be a 0x-prefixed 20-byte hex address");
    });
  });

  describe("GET /openapi.json", () => {
    it("documents every route with its parameters", async () => {
      const document = await get<{ openapi: string; paths: Record<string, { get: { parameters?: { name: string }[] } }> }>("/openapi.json");
      expect(document.openapi).to.match(/^3\./);
      expect(Object.keys(document.paths).sort()).to.deep.equal([
        "/activity", "/alerts", "/assessments", "/audit", "/certificates", "/certificates/{id}", "/documents/{hash}", "/events", "/governance", "/health", "/participants", "/participants/{address}",
        "/products", "/products/{id}", "/products/{id}/prices", "/products/{id}/prov", "/products/{id}/verify", "/stats", "/trades", "/trades/{id}",
      ]);
      expect(document.paths["/products"].get.parameters!.map((parameter) => parameter.name)).to.include.members(["provider", "status", "type", "sourceCategory", "q", "limit", "cursor", "minPrice", "maxPrice", "currency"]);
      expect(document.paths["/certificates"].get.parameters!.map((parameter) => parameter.name)).to.include.members(["validity", "status", "holder", "cursor"]);
      const schemas = (document as unknown as { components: { schemas: Record<string, { properties: Record<string, { enum?: string[] }> }> } }).components.schemas;
      expect(schemas.Certificate.properties.validity.enum).to.deep.equal([...VALIDITIES]);
      expect(Object.keys(schemas.Certificate.properties)).to.include.members(["status", "validity", "invalidAncestorId", "blocked"]);
      expect(Object.keys(schemas.Product.properties)).to.include.members(["frozen", "lineage", "descriptionHash", "document"]);
      expect(Object.keys(schemas.BrokenEdge.properties)).to.have.members(["productId", "sourceId", "certificateId", "validity"]);
    });

    it("answers unknown routes with 404", async () => {
      expect((await get<{ message: string }>("/blocks", 404)).message).to.equal("no route GET /blocks: see /openapi.json");
    });
  });

  it("serves over HTTP on a loopback port", async () => {
    const running = await startApi({ database, host: "127.0.0.1", port: 0 });
    try {
      expect(running.url).to.match(/^http:\/\/127\.0\.0\.1:\d+$/);
      const response = await fetch(`${running.url}/products/${shared.stories.story1.productId}`);
      expect(response.status).to.equal(200);
      expect(response.headers.get("content-type")).to.match(/application\/json/);
      expect(((await response.json()) as { id: number }).id).to.equal(Number(shared.stories.story1.productId));
    } finally {
      await running.close();
    }
  });
});
