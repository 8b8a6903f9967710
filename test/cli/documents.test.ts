import { expect } from "chai";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { canonicalJson } from "../../src/sdk/hash";
import { productDocumentHash } from "../../src/sdk/product-document";
import type { ProductDocument } from "../../src/sdk/product-document";
import { expectRow } from "./error-table";
import { anvilAccount, runCli, startAnvil, temporaryDirectory } from "./harness";
import type { AnvilNode, CliResult } from "./harness";

/**
 * `product register` with a description document: stored by hash in the documents folder and
 * under a local metadata URI, its hash registered, `product show` printing its name; a bad
 * document refused in one line with nothing written and nothing sent.
 */
describe("datarights CLI: product description documents (against anvil)", function () {
  this.timeout(300_000);
  let node: AnvilNode;
  let folder: string;
  let env: Record<string, string>;
  const provider = anvilAccount(4);

  const FIELDS = {
    name: "District electricity usage", description: "Monthly kWh per district, from the provider's own meters.",
    summary: "Monthly electricity usage of Shenzhen's districts.", useCases: ["credit scoring", "load planning"],
    sample: { fields: [{ name: "month", type: "string" }, { name: "region", type: "string" }, { name: "kwh", type: "integer" }] },
    deliveryModality: "monthly CSV over SFTP", biddingModality: "reference price, Cost method",
  };
  const DOCUMENT: ProductDocument = { type: "datarights.product-document", ...FIELDS };
  const BASE = { productType: "Dataset", sourceCategory: "Enterprise", originDeclaration: "metering data collected under supply contracts" };

  function file(name: string, content: unknown): string {
    const path = join(folder, name);
    writeFileSync(path, typeof content === "string" ? content : JSON.stringify(content));
    return path;
  }
  async function run(args: string[], extra: Record<string, string> = {}): Promise<CliResult> {
    return runCli(args, { ...env, PRIVATE_KEY: provider.privateKey, ...extra }, folder);
  }
  async function json(args: string[], extra: Record<string, string> = {}): Promise<Record<string, unknown>> {
    const result = await run(["--json", ...args], extra);
    expect(result.code, `datarights ${args.join(" ")}\n${result.stderr}`).to.equal(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }
  /** Runs `args` without and with --json: row `id` both times, no block mined. */
  async function refused(id: string, args: string[], extra: Record<string, string> = {}): Promise<CliResult> {
    let human: CliResult | undefined;
    for (const asJson of [false, true]) {
      const before = await node.rpc("eth_blockNumber");
      const result = await run(asJson ? ["--json", ...args] : args, extra);
      expectRow(id, result);
      expect(await node.rpc("eth_blockNumber"), `${id}: nothing is sent`).to.equal(before);
      if (!asJson) human = result;
    }
    return human!;
  }

  before(async () => {
    node = await startAnvil();
    folder = temporaryDirectory("documents-cli");
    env = { RPC_URL: node.rpcUrl, NETWORK: "anvil", DEPLOYMENTS_DIR: join(folder, "deployments"), PRIVATE_KEY: anvilAccount(0).privateKey };
    const admin = { PRIVATE_KEY: anvilAccount(0).privateKey };
    await json(["deploy", "--parameters", file("parameters.json", { registrars: [anvilAccount(0).address] })], admin);
    await json(["participant", "accredit", provider.address, "--kinds", "provider", "--dossier", "provider", "--until", "3y"], admin);
  });
  after(() => node?.stop());

  it("stores the document by hash in the documents folder and under a file: metadata URI, and registers its hash", async () => {
    const documents = join(folder, "exchange-documents");
    const published = join(folder, "site", "electricity.json");
    const manifest = file("manifest.json", { ...BASE, ...FIELDS, metadataURI: pathToFileURL(published).href });
    const hash = productDocumentHash(DOCUMENT);
    const human = await run(["product", "register", "--manifest", manifest, "--documents", documents]);
    expect(human.code, human.stderr).to.equal(0);
    expect(human.stdout).to.include(`description document ${hash} stored at ${join(documents, `${hash}.json`)}\n`);
    expect(human.stdout).to.include(`  also written to ${published} (the metadata URI)\n`);
    expect(readFileSync(join(documents, `${hash}.json`), "utf8")).to.equal(canonicalJson(DOCUMENT));
    expect(readFileSync(published, "utf8")).to.equal(canonicalJson(DOCUMENT));

    const shown = await json(["product", "show", "1", "--documents", documents]);
    expect(shown.descriptionHash).to.equal(hash);
    expect(shown.document).to.deep.equal({ status: "verified", document: DOCUMENT, source: `the exchange's copy ${hash}.json` });
    const text = await run(["product", "show", "1", "--documents", documents]);
    expect(text.stdout.split("\n")[1]).to.equal(`"${DOCUMENT.name}": ${DOCUMENT.summary}  (description ${hash}, verified)`);
  });

  it("reads a document file the manifest names, stores it under DOCUMENTS_DIR and tells the provider to publish an http copy", async () => {
    const documents = join(folder, "env-documents");
    const document = { ...DOCUMENT, name: "Usage, second edition" };
    file("document.json", JSON.stringify(document, null, 2));
    const manifest = file("manifest-with-document.json", { ...BASE, document: "document.json", metadataURI: "https://data.example/usage.json" });
    const result = await json(["product", "register", "--manifest", manifest], { DOCUMENTS_DIR: documents });
    const hash = productDocumentHash(document);
    expect(result).to.include({ descriptionHash: hash, documentPath: join(documents, `${hash}.json`), documentCopy: null });
    const human = await run(["product", "register", "--manifest", manifest], { DOCUMENTS_DIR: documents });
    expect(human.stdout).to.include("  publish that file at https://data.example/usage.json: the metadata URI is where others read the document\n");
    expect(readdirSync(documents)).to.deep.equal([`${hash}.json`]);
  });

  it("registers no description for a manifest with only a name, and show says so", async () => {
    const manifest = file("plain.json", { ...BASE, name: "plain" });
    const result = await json(["product", "register", "--manifest", manifest]);
    expect(result.descriptionHash).to.equal(null);
    const shown = await json(["product", "show", String(result.productId)]);
    expect(shown).to.include({ descriptionHash: null, document: null });
    expect((await run(["product", "show", String(result.productId)])).stdout.split("\n")[1]).to.equal("no description registered");
  });

  it("refuses an incomplete document in one line, writing nothing and sending nothing", async () => {
    const documents = join(folder, "refused-documents");
    const { summary: _summary, ...withoutSummary } = FIELDS;
    const manifest = file("incomplete.json", { ...BASE, ...withoutSummary });
    const result = await refused("F03", ["product", "register", "--manifest", manifest, "--documents", documents]);
    expect(result.stderr).to.equal(`datarights: manifest ${manifest} is invalid: summary: Invalid input: expected string, received undefined\n`);
    const blank = file("blank.json", { ...BASE, ...FIELDS, useCases: ["  "] });
    expect((await refused("F03", ["product", "register", "--manifest", blank, "--documents", documents])).stderr)
      .to.equal(`datarights: manifest ${blank} is invalid: useCases.0: must not be blank\n`);
    const badFile = file("bad-document.json", { ...DOCUMENT, sample: { rows: [] } });
    const pointing = file("pointing.json", { ...BASE, document: "bad-document.json" });
    expect((await refused("F03", ["product", "register", "--manifest", pointing, "--documents", documents])).stderr)
      .to.match(new RegExp(`^datarights: product document ${badFile} is invalid: sample: .+\\n$`));
    await refused("F01", ["product", "register", "--manifest", file("missing-document.json", { ...BASE, document: "nowhere.json" }), "--documents", documents]);
    expect(existsSync(documents)).to.equal(false);
  });

  it("refuses a manifest that gives both a document file and document fields (F07)", async () => {
    const manifest = file("both.json", { ...BASE, name: "x", document: "document.json" });
    const result = await refused("F07", ["product", "register", "--manifest", manifest]);
    expectRow("F07", result);
    expect(result.stderr).to.equal(`datarights: manifest ${manifest}: give the document's fields or a document file, not both (name)\n`);
  });

  it("refuses, registering nothing, when the documents folder cannot be written (F08)", async () => {
    const blocked = file("a-file-not-a-folder", "x");
    const manifest = file("manifest-f08.json", { ...BASE, ...FIELDS });
    const result = await refused("F08", ["product", "register", "--manifest", manifest, "--documents", join(blocked, "documents")]);
    expectRow("F08", result);
    expect(result.stderr).to.match(/^datarights: cannot write the product document to .*a-file-not-a-folder\/documents: ENOTDIR\n$/);
    const readOnly = join(folder, "uri-target");
    mkdirSync(readOnly);
    const uriManifest = file("manifest-f08-uri.json", { ...BASE, ...FIELDS, metadataURI: join(blocked, "doc.json") });
    await refused("F08", ["product", "register", "--manifest", uriManifest, "--documents", readOnly]);
  });
});
