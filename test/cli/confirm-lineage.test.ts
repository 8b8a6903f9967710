import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expectRow } from "./error-table";
import { anvilAccount, runCli, startAnvil, temporaryDirectory } from "./harness";
import type { AnvilNode, CliResult } from "./harness";

/**
 * Issue 12: `datarights trade confirm` runs verify's full lineage checks (every depth, pinned to
 * the latest block) before it submits. A lineage two levels deep, C <- B <- A, whose far edge
 * B <- A breaks (P2's licence on A is revoked) while C's direct edge C <- B stands: the contract
 * alone would confirm a trade of C, the CLI refuses it, naming the check, unless `--force` is
 * given, and then records the checks it forced past.
 */
describe("datarights trade confirm: verify's lineage checks before submitting (against anvil)", function () {
  this.timeout(600_000);
  let node: AnvilNode;
  let folder: string;
  let baseEnv: Record<string, string>;

  const cast = { admin: 0, registrar: 1, lawFirm: 2, institute: 3, p1: 4, p2: 5, p3: 6, buyer: 7, secondBuyer: 8 } as const;
  type Actor = keyof typeof cast;
  const address = (actor: Actor) => anvilAccount(cast[actor]).address;

  async function run(actor: Actor, args: string[], json = true): Promise<CliResult> {
    return runCli([...(json ? ["--json"] : []), ...args], { ...baseEnv, PRIVATE_KEY: anvilAccount(cast[actor]).privateKey }, folder);
  }
  async function act(actor: Actor, ...args: string[]): Promise<Record<string, unknown>> {
    const result = await run(actor, args);
    expect(result.code, `${actor}: datarights ${args.join(" ")}\n${result.stderr}`).to.equal(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }
  async function register(provider: Actor, name: string, sources: { product: number; certificate: number }[] = []): Promise<string> {
    const manifest = join(folder, `${name}.json`);
    writeFileSync(manifest, JSON.stringify({
      name, originDeclaration: `origin of ${name}`, productType: "Dataset", sourceCategory: "Enterprise", ...(sources.length ? { sources } : {}),
    }));
    return String((await act(provider, "product", "register", "--manifest", manifest)).productId);
  }
  /** Assessed, certified, held (ResourceHolding) by `holder`; returns the holding's id. */
  async function certifyAndHold(productId: string, holder: Actor): Promise<string> {
    await act("lawFirm", "assessment", "record", productId, "--kind", "LegalCompliance", "--expires", "1y", "--report", `legal ${productId}`);
    await act("institute", "assessment", "record", productId, "--kind", "Quality", "--expires", "1y", "--report", `quality ${productId}`);
    await act("registrar", "product", "certify", productId);
    return String((await act("registrar", "certificate", "issue", address(holder), productId, "--category", "RH", "--expires", "5y",
      "--scope", `scope of ${productId}`, "--evidence", `evidence of ${productId}`)).certificateId);
  }
  async function licence(parent: string, holder: Actor): Promise<string> {
    return String((await act("registrar", "certificate", "license", parent, address(holder), "--category", "PU", "--expires", "2y",
      "--scope", "derivation", "--evidence", `authorisation of ${parent} for ${holder}`)).certificateId);
  }
  async function list(productId: string): Promise<void> {
    await act("registrar", "listing", "list", productId, "--right", "PU", "--duration", "365d", "--jurisdictions", "CN");
  }
  async function draftAndSign(seller: Actor, buyer: Actor, productId: string, certificateId: string, name: string): Promise<string> {
    const deal = join(folder, `${name}.deal.json`);
    await act(seller, "trade", "deal", productId, "--buyer", address(buyer), "--certificate", certificateId, "--price", "1000",
      "--currency", "CNY", "--terms", `terms of ${name}`, "--purpose", "analytics", "--out", deal);
    await act(seller, "trade", "sign", deal);
    await act(buyer, "trade", "sign", deal);
    return deal;
  }
  async function tradesOf(productId: string): Promise<string[]> {
    return ((await act("admin", "trade", "list", "--product", productId)).trades as { tradeId: string }[]).map((trade) => trade.tradeId);
  }

  const ids: Record<string, string> = {};
  let brokenEdge: string;

  before(async () => {
    node = await startAnvil();
    folder = temporaryDirectory("confirm-lineage");
    baseEnv = { RPC_URL: node.rpcUrl, NETWORK: "confirm-lineage", DEPLOYMENTS_DIR: join(folder, "deployments") };
    const parameters = join(folder, "parameters.json");
    writeFileSync(parameters, JSON.stringify({ registrars: [address("registrar")], arbiters: [address("admin")] }));
    await act("admin", "deploy", "--parameters", parameters);

    await act("registrar", "participant", "accredit", address("lawFirm"), "--kinds", "assessor", "--assessments", "LegalCompliance", "--dossier", "law", "--until", "3y");
    await act("registrar", "participant", "accredit", address("institute"), "--kinds", "assessor", "--assessments", "Quality", "--dossier", "institute", "--until", "3y");
    for (const provider of ["p1", "p2", "p3"] as const) {
      await act("registrar", "participant", "accredit", address(provider), "--kinds", "provider", "--dossier", provider, "--until", "3y");
    }
    for (const buyer of ["buyer", "secondBuyer"] as const) {
      await act("registrar", "participant", "accredit", address(buyer), "--kinds", "buyer", "--dossier", buyer, "--until", "3y");
    }

    // A, held by P1; P2 licensed on A derives B; P3 licensed on B derives C, certified and listed.
    ids.a = await register("p1", "A");
    ids.aHolding = await certifyAndHold(ids.a, "p1");
    ids.p2OnA = await licence(ids.aHolding, "p2");
    ids.b = await register("p2", "B", [{ product: Number(ids.a), certificate: Number(ids.p2OnA) }]);
    ids.bHolding = await certifyAndHold(ids.b, "p2");
    ids.p3OnB = await licence(ids.bHolding, "p3");
    ids.c = await register("p3", "C", [{ product: Number(ids.b), certificate: Number(ids.p3OnB) }]);
    ids.cHolding = await certifyAndHold(ids.c, "p3");
    await list(ids.c);
    // A clean product, with no lineage to break.
    ids.d = await register("p1", "D");
    ids.dHolding = await certifyAndHold(ids.d, "p1");
    await list(ids.d);

    // The far edge breaks: B <- A. C's direct edge C <- B still stands.
    await act("registrar", "certificate", "revoke", ids.p2OnA, "--reason", "licence withdrawn");
    brokenEdge = `lineage.${ids.b}<-${ids.a}`;

    // verify agrees: exactly the far edge fails among the lineage checks; the direct one passes.
    const verified = await run("admin", ["verify", ids.c]);
    expect(verified.code, verified.stdout).to.equal(1);
    const checks = (JSON.parse(verified.stdout) as { checks: { id: string; passed: boolean }[] }).checks;
    expect(checks.filter((check) => check.id.startsWith("lineage.") && !check.passed).map((check) => check.id)).to.deep.equal([brokenEdge]);
    expect(checks.find((check) => check.id === `lineage.${ids.c}<-${ids.b}`)?.passed).to.equal(true);
  });
  after(async () => node?.stop());

  it("refuses a deal whose lineage fails further up, naming the check and --force, and sends nothing", async () => {
    const deal = await draftAndSign("p3", "buyer", ids.c, ids.cHolding, "c-refused");
    for (const json of [true, false]) {
      const blockBefore = await node.rpc("eth_blockNumber");
      const refused = await run("registrar", ["trade", "confirm", deal], json);
      // A failed check, as verify's: exit 1 (src/cli/main.ts), not 2 (bad usage).
      expect(refused.code, refused.stderr).to.equal(1);
      expect(refused.stdout).to.equal("");
      expect(refused.stderr.split("\n")).to.have.length(2); // one line and its newline
      expectRow("V02", refused);
      // With --json the same line is the message of one JSON object, with the failed checks.
      const message = json ? (JSON.parse(refused.stderr) as { message: string }).message : refused.stderr.replace(/^datarights: /, "");
      if (json) {
        const failure = JSON.parse(refused.stderr) as { error: string; details: { failedChecks: { id: string }[] } };
        expect(failure.error).to.equal("VerificationFailed");
        expect(failure.details.failedChecks.map((check) => check.id)).to.deep.equal([brokenEdge]);
      } else {
        expect(refused.stderr).to.match(/^datarights: /);
      }
      expect(message).to.match(/^refusing to confirm: /);
      expect(message).to.contain(brokenEdge);
      expect(message).to.contain("--force");
      expect(await node.rpc("eth_blockNumber"), "no transaction is sent").to.equal(blockBefore);
    }
    expect(await tradesOf(ids.c)).to.deep.equal([]);
    const show = await run("admin", ["trade", "show", "1"]);
    expect(show.code, "no trade exists at all").to.equal(2);
    expect(JSON.parse(show.stderr)).to.deep.equal({ error: "UsageError", message: "unknown trade 1", details: {} });
    ids.refusedDeal = deal;
  });

  it("--force confirms it anyway and the JSON output records the checks forced past", async () => {
    const forced = await act("registrar", "trade", "confirm", ids.refusedDeal, "--force");
    expect(forced.forcedPast).to.deep.equal([brokenEdge]);
    expect(forced.tradeId).to.be.a("string");
    expect(await tradesOf(ids.c)).to.deep.equal([forced.tradeId]);
    const record = await act("admin", "trade", "show", String(forced.tradeId));
    expect(record).to.deep.include({ productId: ids.c, seller: address("p3"), buyer: address("buyer"), status: "Confirmed" });
  });

  it("--force in human output says so and names the checks forced past", async () => {
    const deal = await draftAndSign("p3", "secondBuyer", ids.c, ids.cHolding, "c-forced-human");
    const forced = await run("registrar", ["trade", "confirm", deal, "--force"], false);
    expect(forced.code, forced.stderr).to.equal(0);
    const lines = forced.stdout.trimEnd().split("\n");
    expect(lines).to.have.length(2);
    expect(lines[0]).to.match(/^trade \d+ confirmed$/);
    expect(lines[1]).to.contain("--force");
    expect(lines[1]).to.contain(brokenEdge);
    expect(await tradesOf(ids.c)).to.have.length(2);
  });

  it("a clean product confirms without --force, and records nothing forced", async () => {
    const json = await act("registrar", "trade", "confirm", await draftAndSign("p1", "buyer", ids.d, ids.dHolding, "d-json"));
    expect(json.forcedPast).to.deep.equal([]);
    const human = await run("registrar", ["trade", "confirm", await draftAndSign("p1", "secondBuyer", ids.d, ids.dHolding, "d-human")], false);
    expect(human.code, human.stderr).to.equal(0);
    expect(human.stdout).to.match(/^trade \d+ confirmed\n$/);
    expect(human.stdout).not.to.contain("--force");
    // --force on a clean lineage forces past nothing.
    const forcedClean = await act("registrar", "trade", "confirm", await draftAndSign("p1", "buyer", ids.d, ids.dHolding, "d-forced"), "--force");
    expect(forcedClean.forcedPast).to.deep.equal([]);
    expect(await tradesOf(ids.d)).to.have.length(3);
  });
});
