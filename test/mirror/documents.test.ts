import { expect } from "chai";
import { existsSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { ethers } from "ethers";
import type { FastifyInstance } from "fastify";
import { buildApi } from "../../src/api";
import { accredit, grantRole, registerProduct } from "../../src/sdk/actions";
import { canonicalJson } from "../../src/sdk/hash";
import { productDocumentHash, storeProductDocument, writeProductDocument } from "../../src/sdk/product-document";
import type { ProductDocument } from "../../src/sdk/product-document";
import type { RowOf } from "../../src/mirror/schema";
import { apiClient } from "../api/client";
import type { Page } from "../api/client";
import { temporaryDirectory } from "../cli/harness";
import { METER_DOCUMENT } from "../sdk/documents";
import { forEachBackend } from "./backends";
import { startTestChain } from "./chain";
import type { TestChain } from "./chain";
import { eventually, startMirror } from "./helpers";
import type { RunningMirror } from "./helpers";

/**
 * The listener's product documents and the API's view of them: a document stored in the
 * documents folder is verified and shown with its product; one edited after it was stored is a
 * mismatch, flagged and never shown; one nowhere to be found is unavailable, does not hold up the
 * chain's mirror, and is verified once it appears (a retry); a product without a description has
 * none. A verified copy edited later is flagged on the next re-read, and the API's cached answers
 * follow with no new block. The API searches verified names and summaries and serves the stored
 * document by hash.
 */
describe("product documents in the mirror and the API", function () {
  this.timeout(300_000);
  let chain: TestChain;
  let documents: string;
  /** Where product C's document will appear: the file a loopback server publishes at its metadata URI. */
  let lateFile: string;
  let publisher: Server;
  let lateURI: string;
  let head: number;
  const EDITED: ProductDocument = { ...METER_DOCUMENT, name: "Gas readings", summary: "Hourly gas readings of 800 meters (the METER copy)." };
  const LATE: ProductDocument = { ...METER_DOCUMENT, name: "Water readings", summary: "Daily water readings." };
  const hashes = { verified: productDocumentHash(METER_DOCUMENT), edited: productDocumentHash(EDITED), late: productDocumentHash(LATE) };

  before(async () => {
    chain = await startTestChain();
    documents = temporaryDirectory("mirror-documents");
    lateFile = join(temporaryDirectory("published"), "water.json");
    publisher = createServer((request, response) => {
      if (request.url === "/water.json" && existsSync(lateFile)) response.writeHead(200, { "content-type": "application/json" }).end(readFileSync(lateFile));
      else response.writeHead(404).end("not found");
    });
    await new Promise<void>((resolve) => publisher.listen(0, "127.0.0.1", resolve));
    lateURI = `http://127.0.0.1:${(publisher.address() as AddressInfo).port}/water.json`;
    const [admin, provider] = chain.signers;
    await grantRole(chain.client, { role: "registrar", account: admin.address });
    const until = BigInt(Math.floor(Date.now() / 1000)) + 3n * 365n * 86_400n;
    await accredit(chain.client, { account: provider.address, kinds: ["Provider"], jurisdiction: "CN", dossierHash: ethers.id("dossier"), accreditedUntil: until });
    const asProvider = chain.client.withAccount(provider);
    const register = (label: string, metadataURI: string, descriptionHash?: string) => registerProduct(asProvider, {
      contentHash: ethers.id(label), originDeclarationHash: ethers.id(`origin of ${label}`), descriptionHash, productType: "Dataset",
      sourceCategory: "Enterprise", classification: "General", containsPersonalInfo: false, metadataURI,
    });
    storeProductDocument(documents, METER_DOCUMENT);
    // Stored, then edited in place: the bytes under its hash are another document's.
    const { path } = storeProductDocument(documents, EDITED);
    writeFileSync(path, canonicalJson({ ...EDITED, summary: "Hourly gas readings of 8,000 meters (the METER copy)." }));
    await register("verified", "ipfs://bafy-verified", hashes.verified); // product 1
    await register("edited", "https://unused.invalid/edited.json", hashes.edited); // product 2
    await register("late", lateURI, hashes.late); // product 3
    await register("plain", ""); // product 4
    head = Number(await chain.node.rpc("eth_blockNumber"));
  });
  after(async () => {
    publisher?.closeAllConnections();
    await new Promise<void>((resolve) => (publisher ? publisher.close(() => resolve()) : resolve()));
    await chain?.stop();
  });

  forEachBackend((backend) => {
    let mirror: RunningMirror;
    let app: FastifyInstance;
    const { get } = apiClient(() => app);
    const row = async (hash: string) =>
      (await mirror.database.query<RowOf<"product_documents">>("select * from product_documents where hash = $1", [hash]))[0];

    before(async () => {
      // Each backend's mirror starts before product C's document is published.
      rmSync(lateFile, { force: true });
      mirror = await startMirror(backend.fresh("documents").config, chain.node.rpcUrl, chain.mirrored, {
        documents, documentRetry: { initialMs: 100, maxMs: 200, recheckMs: 300 },
      });
      // The chain's mirror does not wait for the unavailable document.
      await mirror.listener.waitForBlock(head);
      await eventually(async () => (await mirror.database.query("select 1 from product_documents")).length === 3, "three documents resolved");
      app = await buildApi({ database: mirror.database, documents });
    });
    after(async () => {
      await app?.close();
      await mirror?.close();
    });

    it("mirrors each product's description hash, NULL without one", async () => {
      const rows = await mirror.database.query<{ id: number; description_hash: string | null }>("select id, description_hash from products order by id");
      expect(rows).to.deep.equal([
        { id: 1, description_hash: hashes.verified }, { id: 2, description_hash: hashes.edited }, { id: 3, description_hash: hashes.late },
        { id: 4, description_hash: null },
      ]);
    });

    it("verifies a stored document and keeps its name, summary and body", async () => {
      const verified = await row(hashes.verified);
      expect(verified).to.deep.include({
        status: "verified", name: METER_DOCUMENT.name, summary: METER_DOCUMENT.summary, body: METER_DOCUMENT,
        source: `the exchange's copy ${hashes.verified}.json`, problem: null,
      });
    });

    it("flags an edited copy as a mismatch, keeping none of its content", async () => {
      const edited = await row(hashes.edited);
      expect(edited).to.include({ status: "mismatch", name: null, summary: null, body: null });
      expect(edited.problem).to.match(new RegExp(`hashes to 0x[0-9a-f]{64}, not the registered ${hashes.edited}$`));
    });

    it("retries an unavailable document until it appears under the metadata URI", async () => {
      const before = await row(hashes.late);
      expect(before.status).to.equal("unavailable");
      expect(before.problem).to.include(`${lateURI}: HTTP 404`);
      writeProductDocument(lateFile, LATE);
      await eventually(async () => (await row(hashes.late)).status === "verified", "the late document verified on a retry");
      expect(await row(hashes.late)).to.include({ name: LATE.name, source: lateURI });
    });

    it("shows a product's document content only when verified, in the list and the detail", async () => {
      type Item = { id: number; descriptionHash: string | null; document: Record<string, unknown> | null };
      const { items } = await get<Page<Item>>("/products?limit=10");
      const byId = new Map(items.map((item) => [item.id, item]));
      const { type: _type, ...content } = METER_DOCUMENT;
      expect(byId.get(1)).to.deep.include({ descriptionHash: hashes.verified, document: { status: "verified", problem: null, ...content } });
      expect(Object.keys(byId.get(2)!.document!)).to.have.members(["status", "problem"]);
      expect(byId.get(2)!.document).to.include({ status: "mismatch" });
      expect(byId.get(4)).to.deep.include({ descriptionHash: null, document: null });
      const detail = await get<Item>("/products/2");
      expect(Object.keys(detail.document!)).to.have.members(["status", "problem"]);
      expect((await get<Item>("/products/1")).document).to.deep.equal({ status: "verified", problem: null, ...content });
    });

    it("searches verified names and summaries case-insensitively, never a mismatched document's", async () => {
      const ids = async (q: string) => (await get<Page<{ id: number }>>(`/products?q=${encodeURIComponent(q)}`)).items.map((item) => item.id);
      expect(await ids("METER")).to.deep.equal([1]);
      expect(await ids("enterprise meters")).to.deep.equal([1]);
      expect(await ids("gas readings")).to.deep.equal([]);
      expect(await ids("100%")).to.deep.equal([]);
      expect(await ids("_")).to.deep.equal([]);
      expect((await get<{ message: string }>("/products?q=", 400)).message).to.match(/^querystring\.q: /);
    });

    it("serves a stored document's bytes by hash, 404 for an edited or unknown one, 400 for a malformed hash", async () => {
      const response = await app.inject({ method: "GET", url: `/documents/${hashes.verified.toUpperCase().replace("0X", "0x")}` });
      expect(response.statusCode).to.equal(200);
      expect(response.headers["content-type"]).to.match(/^application\/json/);
      expect(response.body).to.equal(canonicalJson(METER_DOCUMENT));
      expect((await get<{ message: string }>(`/documents/${hashes.edited}`, 404)).message).to.equal(`the stored copy of ${hashes.edited} does not match its hash: not served`);
      expect((await get<{ message: string }>(`/documents/0x${"ab".repeat(32)}`, 404)).message).to.equal(`no document 0x${"ab".repeat(32)} is stored`);
      expect((await get<{ message: string }>("/documents/0x1234", 400)).message).to.match(/^params\.hash: /);
    });

    it("flags a verified copy edited later, and clears it once restored, with no new block: the cached answers follow", async () => {
      type Item = { document: { status: string; name?: string } | null };
      const path = join(documents, `${hashes.verified}.json`);
      const original = readFileSync(path);
      const cached = await buildApi({ database: mirror.database, documents, pollIntervalMs: 50 });
      try {
        const status = async () => {
          const response = await cached.inject({ method: "GET", url: "/products/1" });
          return (response.json() as Item).document?.status;
        };
        expect(await status()).to.equal("verified");
        expect(await status()).to.equal("verified"); // a cached answer now
        const blockBefore = Number(await chain.node.rpc("eth_blockNumber"));
        try {
          writeFileSync(path, canonicalJson({ ...METER_DOCUMENT, name: "Someone else's meters" }));
          await eventually(async () => (await row(hashes.verified)).status === "mismatch", "the edited copy flagged on a re-read");
          await eventually(async () => (await status()) === "mismatch", "the API's answer follows the mirror");
          expect((await cached.inject({ method: "GET", url: "/alerts" })).json().items.map((item: { id: string }) => item.id)).to.include("document-mismatch:1");
        } finally {
          writeFileSync(path, original);
        }
        await eventually(async () => (await status()) === "verified", "the restored copy verified again");
        expect(Number(await chain.node.rpc("eth_blockNumber"))).to.equal(blockBefore);
      } finally {
        await cached.close();
      }
    });
  });
});
