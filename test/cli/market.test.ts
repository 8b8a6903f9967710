import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { anvilAccount, runCli, startAnvil, temporaryDirectory } from "./harness";
import type { AnvilNode, CliResult } from "./harness";

/**
 * The assessment, listing and trade commands through the SDK's actions (issue 13), against
 * anvil: findings recorded, signed (offline with --nonce) and revoked; a listing's prices and
 * their history (`listing prices`); deals drafted by the SDK's draftDeal, signed offline,
 * confirmed, delivered, disputed, cancelled, settled and voided; `trade list` by product and party.
 */
describe("datarights CLI: assessments, listings and trades (against anvil)", function () {
  this.timeout(300_000);
  let node: AnvilNode;
  let folder: string;
  let env: Record<string, string>;

  const cast = { admin: 0, registrar: 1, arbiter: 2, lawFirm: 3, institute: 4, provider: 5, buyer: 6, secondBuyer: 7 } as const;
  type Actor = keyof typeof cast;
  const address = (actor: Actor) => anvilAccount(cast[actor]).address;
  /** No node answers here: a command that works with it set needs no chain. */
  const NO_NODE = "http://127.0.0.1:9";

  function run(actor: Actor, args: string[], extra: Record<string, string> = {}): Promise<CliResult> {
    return runCli(args, { ...env, PRIVATE_KEY: anvilAccount(cast[actor]).privateKey, ...extra }, folder);
  }
  async function act(actor: Actor, args: string[], extra: Record<string, string> = {}): Promise<Record<string, unknown>> {
    const result = await run(actor, ["--json", ...args], extra);
    expect(result.code, `${actor}: datarights ${args.join(" ")}\n${result.stderr}`).to.equal(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }
  async function human(actor: Actor, args: string[]): Promise<string> {
    const result = await run(actor, args);
    expect(result.code, `${actor}: datarights ${args.join(" ")}\n${result.stderr}`).to.equal(0);
    return result.stdout;
  }
  const latestTime = async () => BigInt(((await node.rpc("eth_getBlockByNumber", ["latest", false])) as { timestamp: string }).timestamp);

  let holding: string;
  const dealFile = (name: string) => join(folder, `${name}.deal.json`);
  /** A deal of product 1 from the provider to `buyer`, drafted and signed by both offline; returns its file. */
  async function signedDeal(buyer: Actor, name: string, ...extra: string[]): Promise<string> {
    const file = dealFile(name);
    await act("provider", ["trade", "deal", "1", "--buyer", address(buyer), "--certificate", holding, "--terms", `terms ${name}`,
      "--purpose", "analytics", "--currency", "CNY", "--out", file, ...(extra.length ? extra : ["--price", "500000"])]);
    for (const party of ["provider", buyer] as const) await act(party, ["trade", "sign", file], { RPC_URL: NO_NODE });
    return file;
  }

  before(async () => {
    node = await startAnvil();
    folder = temporaryDirectory("market");
    env = { RPC_URL: node.rpcUrl, NETWORK: "anvil", DEPLOYMENTS_DIR: join(folder, "deployments") };
    const parameters = join(folder, "parameters.json");
    writeFileSync(parameters, JSON.stringify({ registrars: [address("registrar")], arbiters: [address("arbiter")] }));
    await act("admin", ["deploy", "--parameters", parameters]);
    await act("registrar", ["participant", "accredit", address("lawFirm"), "--kinds", "assessor", "--assessments", "LegalCompliance", "--dossier", "law", "--until", "3y"]);
    await act("registrar", ["participant", "accredit", address("institute"), "--kinds", "assessor", "--assessments", "Quality,PriceEvaluation", "--dossier", "institute", "--until", "3y"]);
    await act("registrar", ["participant", "accredit", address("provider"), "--kinds", "provider", "--dossier", "provider", "--until", "3y"]);
    for (const buyer of ["buyer", "secondBuyer"] as const) {
      await act("registrar", ["participant", "accredit", address(buyer), "--kinds", "buyer", "--dossier", buyer, "--until", "3y"]);
    }
    const manifest = join(folder, "manifest.json");
    writeFileSync(manifest, JSON.stringify({ name: "meter readings", originDeclaration: "own meters", productType: "Dataset", sourceCategory: "Enterprise" }));
    expect((await act("provider", ["product", "register", "--manifest", manifest])).productId).to.equal("1");
  });
  after(async () => node?.stop());

  it("assessment record, sign (from the chain, and offline with --nonce), submit, show and revoke", async () => {
    const recorded = await act("lawFirm", ["assessment", "record", "1", "--kind", "LegalCompliance", "--expires", "1y", "--report", "legal opinion"]);
    expect(recorded.assessmentId).to.equal("1");
    expect(recorded.transactionHash).to.match(/^0x[0-9a-f]{64}$/);

    const fromChain = join(folder, "quality.json");
    const signed = await act("institute", ["assessment", "sign", "1", "--kind", "Quality", "--expires", "1y", "--report", "Q-1", "--out", fromChain]);
    expect(signed).to.include({ assessor: address("institute"), nonce: "0" });
    expect((await act("buyer", ["assessment", "submit", fromChain])).assessmentId).to.equal("2");

    // --nonce: no node is asked (none answers at NO_NODE); the next nonce is 1.
    const offline = join(folder, "quality-failed.json");
    await act("institute", ["assessment", "sign", "1", "--kind", "Quality", "--failed", "--expires", "6m", "--report", "Q-2", "--out", offline, "--nonce", "1"], { RPC_URL: NO_NODE });
    expect((await act("buyer", ["assessment", "submit", offline])).assessmentId).to.equal("3");
    const failed = await act("admin", ["assessment", "show", "3"]);
    expect(failed).to.include({ assessmentId: "3", kind: "Quality", passed: false, revoked: false, previousId: "2", assessor: address("institute"), productId: "1" });
    expect(await human("admin", ["assessment", "show", "3"])).to.equal(`assessment 3: Quality of product 1 failed by ${address("institute")}\n`);

    await act("institute", ["assessment", "revoke", "3", "--reason", "withdrawn"]);
    expect((await act("admin", ["assessment", "show", "3"])).revoked).to.equal(true);
    // The latest finding of a kind is the one that counts: a passed one again, and the product certifies.
    expect((await act("institute", ["assessment", "record", "1", "--kind", "Quality", "--expires", "1y", "--report", "Q-3"])).assessmentId).to.equal("4");
    await act("registrar", ["product", "certify", "1"]);
    holding = String((await act("registrar", ["certificate", "issue", address("provider"), "1", "--category", "RH", "--expires", "2y", "--scope", "all", "--evidence", "log"])).certificateId);
  });

  it("listing list, show, propose-price, confirm-price, negotiable, delist, relist, and the price history (listing prices)", async () => {
    await act("registrar", ["listing", "list", "1", "--right", "PU", "--duration", "365d", "--jurisdictions", "CN,HK"]);
    const listed = await act("admin", ["listing", "show", "1"]);
    expect(listed).to.deep.include({ productId: "1", rightOffered: "ProcessingUse", licenceDuration: String(365 * 86_400), permittedJurisdictions: ["CN", "HK"], price: null, productStatus: "Listed" });
    expect(await human("admin", ["listing", "show", "1"])).to.equal("product 1 (Listed): ProcessingUse for up to 365 days to CN,HK; price none\n");
    expect(await human("admin", ["listing", "prices", "1"])).to.equal("no prices for product 1\n");

    await act("institute", ["listing", "propose-price", "1", "--amount", "3500000", "--currency", "CNY", "--method", "Cost"]);
    expect((await act("admin", ["listing", "show", "1"])).proposedPrice).to.deep.include({ amount: "3500000", currency: "CNY", method: "Cost", proposedBy: address("institute") });
    await act("provider", ["listing", "confirm-price", "1"]);
    await act("registrar", ["listing", "propose-price", "1", "--amount", "4000000", "--currency", "CNY", "--method", "Market"]);
    await act("provider", ["listing", "negotiable", "1"]);
    expect((await act("admin", ["listing", "show", "1"])).price).to.deep.include({ method: "Negotiable", amount: null, currency: null });

    const { prices } = (await act("admin", ["listing", "prices", "1"])) as { prices: { event: string; price: Record<string, unknown>; blockNumber: number; timestamp: string }[] };
    expect(prices.map((entry) => [entry.event, entry.price.method, entry.price.amount, entry.price.proposedBy])).to.deep.equal([
      ["Proposed", "Cost", "3500000", address("institute")],
      ["Changed", "Cost", "3500000", address("institute")],
      ["Proposed", "Market", "4000000", address("registrar")],
      ["Changed", "Negotiable", null, address("provider")],
    ]);
    expect(prices.map((entry) => entry.blockNumber)).to.deep.equal([...prices.map((entry) => entry.blockNumber)].sort((a, b) => a - b));
    const lines = (await human("admin", ["listing", "prices", "1"])).trimEnd().split("\n");
    expect(lines).to.have.length(4);
    expect(lines[0]).to.match(new RegExp(`^block ${prices[0].blockNumber}  \\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}Z  Proposed  3500000 CNY \\(Cost\\)  by ${address("institute")}$`));
    expect(lines[3]).to.match(/ Changed {3}negotiable {2}by /);

    await act("provider", ["listing", "delist", "1"]);
    expect((await act("admin", ["listing", "show", "1"])).productStatus).to.equal("Delisted");
    await act("registrar", ["listing", "relist", "1"]);
    expect((await act("admin", ["listing", "show", "1"])).productStatus).to.equal("Listed");
  });

  it("trade deal drafts through the SDK: seller from the certificate, the listing's right, the licence capped at the seller's right; a confidential price keeps only a commitment", async () => {
    const file = dealFile("draft");
    const drafted = await act("provider", ["trade", "deal", "1", "--buyer", address("buyer"), "--certificate", holding, "--price", "500000", "--currency", "CNY",
      "--terms", "terms", "--purpose", "analytics", "--out", file]);
    const document = JSON.parse(readFileSync(file, "utf8")) as { deal: Record<string, unknown>; signatures: Record<string, string> };
    expect(drafted.deal).to.deep.equal(document.deal);
    expect(document.signatures).to.deep.equal({});
    const now = await latestTime();
    const right = await act("admin", ["certificate", "show", holding]);
    // The listing allows 365 days; the seller's right ends within two years: the listing's limit wins.
    expect(BigInt(document.deal.licenceExpiresAt as string)).to.equal(now + 365n * 86_400n);
    expect(BigInt(document.deal.licenceExpiresAt as string) < BigInt(right.expiresAt as string)).to.equal(true);
    expect(document.deal).to.include({ productId: "1", seller: address("provider"), buyer: address("buyer"), sellerCertificateId: holding, rightGranted: 1,
      priceAmount: "500000", currency: "0x434e59", nonce: "0", deadline: String(now + 86_400n), crossBorder: false });

    const secret = dealFile("confidential");
    const salt = `0x${"ab".repeat(32)}`;
    const confidential = await act("provider", ["trade", "deal", "1", "--buyer", address("buyer"), "--certificate", holding, "--confidential-price", "700000",
      "--currency", "CNY", "--salt", salt, "--terms", "terms", "--purpose", "analytics", "--expires", "90d", "--out", secret]);
    expect(confidential.confidentialPrice).to.deep.equal({ amount: "700000", currency: "CNY", salt });
    const hidden = (JSON.parse(readFileSync(secret, "utf8")) as { deal: Record<string, string> }).deal;
    expect(hidden).to.include({ priceAmount: "0", currency: "0x000000" });
    expect(hidden.priceCommitment).to.not.equal(`0x${"0".repeat(64)}`);
  });

  it("trade sign needs no node; confirm, list by product and party with status names, deliver, dispute, resolve, show", async () => {
    const file = await signedDeal("buyer", "first");
    expect(Object.keys((JSON.parse(readFileSync(file, "utf8")) as { signatures: object }).signatures)).to.deep.equal(["seller", "buyer"]);
    const { tradeId, forcedPast } = await act("registrar", ["trade", "confirm", file]);
    expect([tradeId, forcedPast]).to.deep.equal(["1", []]);
    const second = (await act("registrar", ["trade", "confirm", await signedDeal("secondBuyer", "second")])).tradeId;

    const list = async (...filters: string[]) => ((await act("admin", ["trade", "list", ...filters])).trades as { tradeId: string; status: string; buyer: string }[]);
    expect((await list()).map((trade) => trade.tradeId)).to.deep.equal(["1", "2"]);
    expect((await list("--product", "1")).map((trade) => [trade.tradeId, trade.status])).to.deep.equal([["1", "Confirmed"], ["2", "Confirmed"]]);
    expect((await list("--party", address("secondBuyer"))).map((trade) => trade.tradeId)).to.deep.equal([second]);
    expect((await list("--product", "1", "--party", address("provider"))).map((trade) => trade.tradeId)).to.deep.equal(["1", "2"]);
    expect(await list("--product", "1", "--party", address("lawFirm"))).to.deep.equal([]);
    expect(await human("admin", ["trade", "list", "--party", address("secondBuyer")])).to.equal(`trade 2  product 1  Confirmed  ${address("provider")} -> ${address("secondBuyer")}\n`);
    expect(await human("admin", ["trade", "list", "--party", address("lawFirm")])).to.equal("no trades\n");

    const deliveryHash = `0x${"cd".repeat(32)}`;
    await act("provider", ["trade", "deliver", "1", "--hash", deliveryHash]);
    await act("buyer", ["trade", "dispute", "1", "--reason", "not the sample"]);
    expect((await list("--party", address("buyer")))[0].status).to.equal("Disputed");
    const resolved = await act("arbiter", ["trade", "resolve", "1", "--resolution", "rejected: the file matches"]);
    expect(resolved).to.include({ tradeId: "1", upheld: false });
    const shown = await act("admin", ["trade", "show", "1"]);
    expect(shown).to.include({ tradeId: "1", status: "Completed", deliveryHash, buyerCertificateId: resolved.certificateId, rightGranted: "ProcessingUse" });
    expect(await human("admin", ["trade", "show", "1"])).to.equal(
      `trade 1: product 1 ProcessingUse from ${address("provider")} to ${address("buyer")}, Completed, licence ${String(resolved.certificateId)}\n`);
  });

  it("trade cancel (both parties), pay, receive, and void of a signed deal", async () => {
    const cancelled = (await act("registrar", ["trade", "confirm", await signedDeal("buyer", "cancelled")])).tradeId as string;
    expect((await act("buyer", ["trade", "cancel", cancelled])).cancelled).to.equal(false);
    expect(await human("provider", ["trade", "cancel", cancelled])).to.equal(`trade ${cancelled}: cancelled\n`);
    expect((await act("admin", ["trade", "show", cancelled])).status).to.equal("Cancelled");

    // Trade 2 (second buyer): settled, delivered and received.
    await act("secondBuyer", ["trade", "pay", "2", "--reference", "CNAPS 2026031500012"]);
    await act("provider", ["trade", "deliver", "2", "--hash", `0x${"ef".repeat(32)}`]);
    const received = await act("secondBuyer", ["trade", "receive", "2"]);
    expect(received.registrationNumber).to.be.a("string").and.not.equal("");
    expect(await act("admin", ["trade", "show", "2"])).to.include({ status: "Completed", buyerCertificateId: received.certificateId });
    expect((await act("admin", ["trade", "show", "2"])).paymentReference).to.match(/^0x[0-9a-f]{64}$/);

    const voided = await signedDeal("buyer", "voided");
    await act("buyer", ["trade", "void", voided]);
    const refused = await run("registrar", ["--json", "trade", "confirm", voided]);
    expect(refused.code, refused.stderr).to.equal(1);
    expect((JSON.parse(refused.stderr) as { error: string }).error).to.match(/^TradeLedger/);
  });
});
