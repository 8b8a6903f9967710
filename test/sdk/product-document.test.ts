import { expect } from "chai";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import {
  MAX_PRODUCT_DOCUMENT_BYTES, localDocumentTarget, parseProductDocument, productDocumentHash, productDocumentPath,
  resolveProductDocument, storeProductDocument, writeProductDocument,
} from "../../src/sdk/product-document";
import type { ProductDocument } from "../../src/sdk/product-document";
import { METER_DOCUMENT } from "./documents";
import { canonicalJson } from "../../src/sdk/hash";
import { temporaryDirectory } from "../cli/harness";


describe("product documents", () => {
  describe("productDocumentHash", () => {
    it("is the SHA-256 of the document's canonical JSON, whatever its key order", () => {
      const reordered = Object.fromEntries(Object.entries(METER_DOCUMENT).reverse()) as ProductDocument;
      const expected = `0x${createHash("sha256").update(canonicalJson(METER_DOCUMENT)).digest("hex")}`;
      expect(productDocumentHash(METER_DOCUMENT)).to.equal(expected);
      expect(productDocumentHash(reordered)).to.equal(expected);
    });

    it("changes when one character of the document changes", () => {
      expect(productDocumentHash({ ...METER_DOCUMENT, summary: `${METER_DOCUMENT.summary} ` })).to.not.equal(productDocumentHash(METER_DOCUMENT));
    });
  });

  describe("parseProductDocument", () => {
    it("accepts a sample given as a JSON Schema", () => {
      const document = { ...METER_DOCUMENT, sample: { schema: { type: "object", properties: { kwh: { type: "number" } } } } };
      expect(parseProductDocument(document).sample).to.deep.equal(document.sample);
    });

    it("names the first problem on one line", () => {
      expect(() => parseProductDocument({ ...METER_DOCUMENT, useCases: [] })).to.throw(/^product document is invalid: useCases: .+$/);
      expect(() => parseProductDocument({ ...METER_DOCUMENT, name: "  " })).to.throw("product document is invalid: name: must not be blank");
      expect(() => parseProductDocument({ ...METER_DOCUMENT, type: "datarights.deal" })).to.throw(/^product document is invalid: type: /);
      expect(() => parseProductDocument({ ...METER_DOCUMENT, price: 3 })).to.throw(/^product document is invalid: \(root\): .*price/);
    });
  });

  describe("storeProductDocument", () => {
    it("writes the canonical JSON under <dir>/<0xhash>.json, whose own SHA-256 is the hash", () => {
      const folder = join(temporaryDirectory("documents"), "nested", "documents");
      const { hash, path } = storeProductDocument(folder, METER_DOCUMENT);
      expect(path).to.equal(join(folder, `${hash}.json`));
      expect(path).to.equal(productDocumentPath(folder, hash.toUpperCase().replace("0X", "0x")));
      expect(`0x${createHash("sha256").update(readFileSync(path)).digest("hex")}`).to.equal(hash);
      expect(readdirSync(folder)).to.deep.equal([`${hash}.json`]);
    });

    it("refuses an invalid document and writes nothing", () => {
      const folder = temporaryDirectory("documents");
      expect(() => storeProductDocument(folder, { ...METER_DOCUMENT, deliveryModality: "" })).to.throw(/deliveryModality/);
      expect(readdirSync(folder)).to.deep.equal([]);
    });

    it("leaves the target untouched and no temporary file behind when the final rename fails", () => {
      const folder = temporaryDirectory("documents");
      // A folder where the document should go: the rename onto it fails after the bytes were written.
      const blocked = productDocumentPath(folder, productDocumentHash(METER_DOCUMENT));
      mkdirSync(blocked);
      writeFileSync(join(blocked, "keep"), "kept");
      expect(() => storeProductDocument(folder, METER_DOCUMENT)).to.throw();
      expect(readdirSync(folder)).to.deep.equal([blocked.split("/").at(-1)]);
      expect(readFileSync(join(blocked, "keep"), "utf8")).to.equal("kept");
    });

    it("rejects a malformed hash when naming a document's file", () => {
      expect(() => productDocumentPath("/tmp", "0x1234")).to.throw('invalid document hash "0x1234": expected 0x and 64 hex digits');
      expect(() => productDocumentPath("/tmp", `0x${"../".repeat(21)}a`)).to.throw(/invalid document hash/);
    });
  });

  describe("resolveProductDocument", () => {
    const hash = productDocumentHash(METER_DOCUMENT);

    it("verifies the copy in the documents folder", async () => {
      const folder = temporaryDirectory("documents");
      storeProductDocument(folder, METER_DOCUMENT);
      const found = await resolveProductDocument({ hash, documents: folder, metadataURI: "https://unused.invalid/doc" });
      // The copy is named by its file name, never by the server's path.
      expect(found).to.deep.equal({ status: "verified", document: METER_DOCUMENT, source: `the exchange's copy ${hash}.json` });
    });

    it("flags an edited copy in the documents folder as a mismatch, naming both hashes", async () => {
      const folder = temporaryDirectory("documents");
      const { path } = storeProductDocument(folder, METER_DOCUMENT);
      writeFileSync(path, canonicalJson({ ...METER_DOCUMENT, summary: "Hourly readings of 20,000 meters." }));
      const found = await resolveProductDocument({ hash, documents: folder });
      expect(found.status).to.equal("mismatch");
      expect(found).to.have.property("problem").that.matches(new RegExp(`^the exchange's copy ${hash}.json hashes to 0x[0-9a-f]{64}, not the registered ${hash}$`));
      expect(found.source).to.equal(`the exchange's copy ${hash}.json`);
      expect(JSON.stringify(found)).not.to.include(folder);
    });

    it("flags bytes that are not JSON as a mismatch", async () => {
      const folder = temporaryDirectory("documents");
      writeFileSync(productDocumentPath(folder, hash), "{ half a docu");
      const found = await resolveProductDocument({ hash, documents: folder });
      expect(found).to.include({ status: "mismatch" });
      expect(found).to.have.property("problem").that.includes("is not JSON");
    });

    it("flags a file that matches the hash but is no product document", async () => {
      const folder = temporaryDirectory("documents");
      const other = { type: "something else" };
      const otherHash = `0x${createHash("sha256").update(canonicalJson(other)).digest("hex")}`;
      writeFileSync(productDocumentPath(folder, otherHash), JSON.stringify(other));
      const found = await resolveProductDocument({ hash: otherHash, documents: folder });
      expect(found).to.include({ status: "mismatch" });
      expect(found).to.have.property("problem").that.includes("matches the hash but is no product document");
    });

    it("falls back to a file: metadata URI, then to a local path, when the folder has no copy, only when local files may be read", async () => {
      const folder = temporaryDirectory("documents");
      const file = join(folder, "published.json");
      writeProductDocument(file, METER_DOCUMENT);
      const empty = join(folder, "empty");
      expect(await resolveProductDocument({ hash, documents: empty, metadataURI: pathToFileURL(file).href, localMetadata: true })).to.deep.include({ status: "verified", source: file });
      expect(await resolveProductDocument({ hash, metadataURI: file, localMetadata: true })).to.deep.include({ status: "verified", source: file });
      expect(localDocumentTarget("ipfs://bafy")).to.equal(null);
      // A server never reads its own files for a URI a provider put on the chain.
      expect(await resolveProductDocument({ hash, metadataURI: "/etc/passwd" })).to.deep.equal({
        status: "unavailable", source: null, problem: "the metadata URI /etc/passwd names a local file, which only a verifier on its own machine reads",
      });
    });

    it("reads only regular files, and at most one byte past the size cap", async () => {
      const folder = temporaryDirectory("documents");
      mkdirSync(productDocumentPath(folder, hash));
      expect(await resolveProductDocument({ hash, documents: folder })).to.deep.equal({
        status: "unavailable", source: null, problem: `the exchange's copy ${hash}.json is not a regular file; the product has no metadata URI`,
      });
      expect(await resolveProductDocument({ hash, metadataURI: "/dev/zero", localMetadata: true })).to.deep.include({
        status: "unavailable", problem: "/dev/zero is not a regular file",
      });
      const large = temporaryDirectory("documents");
      writeFileSync(productDocumentPath(large, hash), " ".repeat(MAX_PRODUCT_DOCUMENT_BYTES + 10));
      expect(await resolveProductDocument({ hash, documents: large })).to.deep.include({
        status: "mismatch", problem: `the exchange's copy ${hash}.json is larger than ${MAX_PRODUCT_DOCUMENT_BYTES} bytes, so it is no product document`,
      });
    });

    it("says unavailable, with every place it looked, when nothing is found", async () => {
      const folder = temporaryDirectory("documents");
      const found = await resolveProductDocument({ hash, documents: folder, metadataURI: "ipfs://bafy-meter" });
      expect(found).to.deep.equal({
        status: "unavailable", source: null,
        problem: `the documents folder has no ${hash}.json; the metadata URI ipfs://bafy-meter is neither http(s), file: nor a local path`,
      });
      expect(await resolveProductDocument({ hash })).to.deep.equal({ status: "unavailable", source: null, problem: "the product has no metadata URI" });
    });

    describe("over http", () => {
      let url = "";
      let close: () => Promise<void> = async () => undefined;
      const served = new Map<string, { status: number; body: string }>();
      before(async () => {
        const server = createServer((request, response) => {
          if (request.url === "/hang") return; // never answers
          if (request.url === "/endless") {
            // A body with no length announced, larger than any document.
            response.writeHead(200, { "content-type": "application/json" });
            const chunk = " ".repeat(64 * 1024);
            const more = () => {
              while (!response.destroyed && response.write(chunk));
              if (!response.destroyed) response.once("drain", more);
            };
            response.on("close", () => undefined);
            more();
            return;
          }
          const page = served.get(request.url ?? "") ?? { status: 404, body: "not found" };
          response.writeHead(page.status, { "content-type": "application/json" }).end(page.body);
        });
        await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
        url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
        close = () => new Promise((resolve) => {
          server.closeAllConnections();
          server.close(() => resolve());
        });
      });
      after(() => close());

      it("verifies a document the provider publishes under an http metadata URI", async () => {
        served.set("/meter.json", { status: 200, body: JSON.stringify(METER_DOCUMENT, null, 2) });
        expect(await resolveProductDocument({ hash, metadataURI: `${url}/meter.json` }))
          .to.deep.equal({ status: "verified", document: METER_DOCUMENT, source: `${url}/meter.json` });
      });

      it("flags a published document that differs from the registered one", async () => {
        served.set("/edited.json", { status: 200, body: JSON.stringify({ ...METER_DOCUMENT, name: "Other" }) });
        expect(await resolveProductDocument({ hash, metadataURI: `${url}/edited.json` })).to.include({ status: "mismatch" });
      });

      it("leaves a document unavailable, to be tried again, when the server answers with no JSON or too much", async () => {
        served.set("/maintenance.json", { status: 200, body: "<html>down for maintenance</html>" });
        expect(await resolveProductDocument({ hash, metadataURI: `${url}/maintenance.json` })).to.deep.equal({
          status: "unavailable", source: null, problem: `${url}/maintenance.json is not JSON, so it cannot be the document of ${hash}`,
        });
        expect(await resolveProductDocument({ hash, metadataURI: `${url}/endless` })).to.deep.equal({
          status: "unavailable", source: null, problem: `${url}/endless: more than ${MAX_PRODUCT_DOCUMENT_BYTES} bytes`,
        });
      });

      it("says unavailable on an HTTP error and on a server that does not answer in time", async () => {
        expect(await resolveProductDocument({ hash, metadataURI: `${url}/missing.json` }))
          .to.deep.equal({ status: "unavailable", source: null, problem: `${url}/missing.json: HTTP 404` });
        expect(await resolveProductDocument({ hash, metadataURI: `${url}/hang`, timeoutMs: 200 }))
          .to.deep.equal({ status: "unavailable", source: null, problem: `${url}/hang: timed out` });
      });
    });
  });

  it("leaves no file for a hash that was never stored", () => {
    expect(existsSync(productDocumentPath(temporaryDirectory("documents"), productDocumentHash(METER_DOCUMENT)))).to.equal(false);
  });
});
