import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { anvilAccount, runCli, startAnvil, temporaryDirectory } from "./harness";
import type { AnvilNode, CliResult } from "./harness";

/**
 * The six stories of docs/domain.md driven only through the `datarights` command, each actor with
 * its own key, against a separate anvil node; then `verify` passes on the sound products and
 * fails, naming the check, on each case of story 6.
 */
describe("the six stories through the CLI (anvil)", function () {
  this.timeout(600_000);
  let node: AnvilNode;
  let folder: string;
  let baseEnv: Record<string, string>;

  const cast = {
    admin: 0, registrar: 1, arbiter: 2, shenzhenPower: 3, lawFirm: 4, institute: 5, bankOfShenzhen: 6, bankOfNingbo: 7,
    merchantsBank: 8, districtBureau: 9, weiyanTech: 10, ruralBank: 11, haohuo: 12, holomatic: 13, speechocean: 14,
    chinaScope: 15, hkFund: 16, beijingOperator: 17, marketRegulator: 18, taxService: 19,
  } as const;
  type Actor = keyof typeof cast;
  const address = (actor: Actor) => anvilAccount(cast[actor]).address;

  async function run(actor: Actor, args: string[], json = true): Promise<CliResult> {
    return runCli([...(json ? ["--json"] : []), ...args], { ...baseEnv, PRIVATE_KEY: anvilAccount(cast[actor]).privateKey }, folder);
  }
  /** Runs a command that must succeed and returns its JSON output. */
  async function act(actor: Actor, ...args: string[]): Promise<Record<string, string>> {
    const result = await run(actor, args);
    expect(result.code, `${actor}: datarights ${args.join(" ")}\n${result.stderr}`).to.equal(0);
    return JSON.parse(result.stdout) as Record<string, string>;
  }
  function file(name: string, content: string): string {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  }
  function manifest(name: string, fields: Record<string, unknown>): string {
    return file(`${name}.json`, JSON.stringify({ name, originDeclaration: `origin of ${name}`, ...fields }));
  }
  async function register(provider: Actor, name: string, fields: Record<string, unknown>, data?: string): Promise<string> {
    const args = ["product", "register", "--manifest", manifest(name, fields)];
    if (data) args.push("--file", data);
    return (await act(provider, ...args)).productId;
  }
  async function assess(productId: string, kinds: string[], expires = "1y"): Promise<void> {
    for (const kind of kinds) {
      const assessor: Actor = kind === "LegalCompliance" || kind === "PersonalInfoProtection" ? "lawFirm" : "institute";
      await act(assessor, "assessment", "record", productId, "--kind", kind, "--expires", expires, "--report", `${kind} report on ${productId}`);
    }
  }
  async function certifyAndHold(productId: string, holder: Actor): Promise<string> {
    await act("registrar", "product", "certify", productId);
    return (await act("registrar", "certificate", "issue", address(holder), productId, "--category", "RH", "--expires", "5y",
      "--scope", `scope of ${productId}`, "--evidence", `evidence of ${productId}`)).certificateId;
  }
  async function list(productId: string, jurisdictions = "CN"): Promise<void> {
    await act("registrar", "listing", "list", productId, "--right", "PU", "--duration", "365d", "--jurisdictions", jurisdictions);
  }
  async function draftAndSign(seller: Actor, buyer: Actor, productId: string, certificateId: string, name: string): Promise<string> {
    const deal = join(folder, `${name}.deal.json`);
    await act(seller, "trade", "deal", productId, "--buyer", address(buyer), "--certificate", certificateId, "--price", "1200000",
      "--currency", "CNY", "--terms", `terms of ${name}`, "--purpose", "credit scoring", "--out", deal);
    await act(seller, "trade", "sign", deal);
    await act(buyer, "trade", "sign", deal);
    return deal;
  }
  async function trade(seller: Actor, buyer: Actor, productId: string, certificateId: string, delivered: string, name: string) {
    const deal = await draftAndSign(seller, buyer, productId, certificateId, name);
    const { tradeId } = await act("registrar", "trade", "confirm", deal);
    await act(seller, "trade", "deliver", tradeId, "--file", delivered);
    const { certificateId: licenceId } = await act(buyer, "trade", "receive", tradeId);
    return { tradeId, licenceId };
  }

  const ids: Record<string, string> = {};

  before(async () => {
    node = await startAnvil();
    folder = temporaryDirectory("stories");
    baseEnv = { RPC_URL: node.rpcUrl, NETWORK: "stories", DEPLOYMENTS_DIR: join(folder, "deployments") };
    const parameters = file("parameters.json", JSON.stringify({ registrars: [address("registrar")], arbiters: [address("arbiter")] }));
    await act("admin", "deploy", "--parameters", parameters);
  });
  after(async () => node.stop());

  it("story 1: Shenzhen Power Supply's product is assessed, certified, listed at a Cost price and bought by three banks and a bureau; Weiyan Tech pledges", async () => {
    await act("registrar", "participant", "accredit", address("shenzhenPower"), "--kinds", "provider,buyer", "--dossier", "power", "--until", "3y");
    await act("registrar", "participant", "accredit", address("lawFirm"), "--kinds", "assessor", "--assessments", "LegalCompliance,PersonalInfoProtection", "--dossier", "law", "--until", "3y");
    await act("registrar", "participant", "accredit", address("institute"), "--kinds", "assessor", "--assessments", "Quality,SecurityRisk,CrossBorderSecurity,PriceEvaluation", "--dossier", "institute", "--until", "3y");
    for (const bank of ["bankOfShenzhen", "bankOfNingbo", "districtBureau"] as const) {
      await act("registrar", "participant", "accredit", address(bank), "--kinds", "buyer", "--dossier", bank, "--until", "3y");
    }
    // A provisional accreditation, which story 6 finds lapsed.
    await act("registrar", "participant", "accredit", address("merchantsBank"), "--kinds", "buyer", "--dossier", "merchants", "--until", "180d");

    const data = file("electricity.csv", "month,sme,kwh\n2023-01,0001,5123\n");
    ids.electricity = await register("shenzhenPower", "electricity credit index", { productType: "Index", sourceCategory: "Enterprise" }, data);
    await act("lawFirm", "assessment", "record", ids.electricity, "--kind", "LegalCompliance", "--expires", "1y", "--report", "legal opinion 2023-117");
    // The institute signs offline; anyone submits.
    const finding = join(folder, "quality.finding.json");
    await act("institute", "assessment", "sign", ids.electricity, "--kind", "Quality", "--expires", "1y", "--report", "Q-2023-88", "--out", finding);
    await act("bankOfShenzhen", "assessment", "submit", finding);
    ids.electricityHolding = await certifyAndHold(ids.electricity, "shenzhenPower");
    await list(ids.electricity);
    await act("institute", "listing", "propose-price", ids.electricity, "--amount", "12000000", "--currency", "CNY", "--method", "Cost");
    await act("shenzhenPower", "listing", "confirm-price", ids.electricity);
    const listing = await act("registrar", "listing", "show", ids.electricity);
    expect(listing.price).to.deep.include({ amount: "12000000", currency: "CNY", method: "Cost" });

    for (const buyer of ["bankOfShenzhen", "bankOfNingbo", "merchantsBank", "districtBureau"] as const) {
      const { tradeId, licenceId } = await trade("shenzhenPower", buyer, ids.electricity, ids.electricityHolding, data, buyer);
      ids[`${buyer}Trade`] = tradeId;
      const licence = await act("registrar", "certificate", "show", licenceId);
      expect(licence).to.deep.include({ holder: address(buyer), category: "ProcessingUse", validity: "Valid", parentId: ids.electricityHolding, tradeId });
    }

    await act("registrar", "participant", "accredit", address("weiyanTech"), "--kinds", "provider", "--dossier", "weiyan", "--until", "3y");
    await act("registrar", "participant", "accredit", address("ruralBank"), "--kinds", "financier", "--dossier", "rural bank", "--until", "3y");
    ids.weiyan = await register("weiyanTech", "weiyan supply-chain data", { productType: "Dataset", sourceCategory: "Enterprise" });
    await assess(ids.weiyan, ["LegalCompliance", "Quality"]);
    ids.weiyanHolding = await certifyAndHold(ids.weiyan, "weiyanTech");
    await act("weiyanTech", "certificate", "pledge", ids.weiyanHolding, address("ruralBank"), "--agreement", "credit line 2023-55");
    expect((await act("registrar", "certificate", "show", ids.weiyanHolding)).pledgee).to.equal(address("ruralBank"));
  });

  it("story 2: Haohuo's résumés are refused certification until PersonalInfoProtection passes; Cost price", async () => {
    await act("registrar", "participant", "accredit", address("haohuo"), "--kinds", "provider", "--dossier", "haohuo", "--until", "3y");
    ids.resumes = await register("haohuo", "desensitised resumes", {
      productType: "Dataset", sourceCategory: "Personal", containsPersonalInfo: true,
    });
    await assess(ids.resumes, ["LegalCompliance", "Quality"]);
    const refused = await run("registrar", ["product", "certify", ids.resumes]);
    expect(refused.code).to.equal(1);
    // --json: the contract error by name, its sentence, and its readable arguments.
    expect(JSON.parse(refused.stderr)).to.deep.equal({
      error: "DataProductPolicyNotMet",
      message: `certify reverted: product ${ids.resumes} lacks the required assessments: PersonalInfoProtection`,
      details: { productId: ids.resumes, missingKinds: "PersonalInfoProtection" },
    });
    // A read that reverts is decoded too: the chain's refusal, exit 1.
    const unlisted = await run("registrar", ["listing", "show", ids.resumes], false);
    expect([unlisted.code, unlisted.stderr]).to.deep.equal([1, `datarights: product ${ids.resumes} is not listed\n`]);
    await assess(ids.resumes, ["PersonalInfoProtection"], "180d");
    await certifyAndHold(ids.resumes, "haohuo");
    await list(ids.resumes);
    await act("institute", "listing", "propose-price", ids.resumes, "--amount", "4197500", "--currency", "CNY", "--method", "Cost");
    await act("haohuo", "listing", "confirm-price", ids.resumes);
    expect((await act("haohuo", "product", "show", ids.resumes)).status).to.equal("Listed");
  });

  it("story 3: Speechocean annotates Holomatic's data under a licence, registers the derived frames, Holomatic buys them back", async () => {
    for (const party of ["holomatic", "speechocean"] as const) {
      await act("registrar", "participant", "accredit", address(party), "--kinds", "provider,buyer", "--dossier", party, "--until", "3y");
    }
    const driving = file("driving.bin", "frames of driving data");
    ids.driving = await register("holomatic", "driving data", { productType: "Dataset", sourceCategory: "Enterprise" }, driving);
    await assess(ids.driving, ["LegalCompliance", "Quality"]);
    ids.drivingHolding = await certifyAndHold(ids.driving, "holomatic");
    await list(ids.driving);
    const { licenceId } = await trade("holomatic", "speechocean", ids.driving, ids.drivingHolding, driving, "annotation licence");
    ids.frames = await register("speechocean", "annotated frames", {
      productType: "Dataset", sourceCategory: "Enterprise", sources: [{ product: Number(ids.driving), certificate: Number(licenceId) }],
    }, (ids.framesFile = file("frames.json", '{"frame":1,"label":"pedestrian"}')));
    const frames = await act("speechocean", "product", "show", ids.frames);
    expect(frames.sources).to.deep.equal([{ productId: ids.driving, certificateId: licenceId }]);
    await assess(ids.frames, ["LegalCompliance", "Quality"]);
    ids.framesHolding = await certifyAndHold(ids.frames, "speechocean");
    await list(ids.frames);
    const buyBack = await trade("speechocean", "holomatic", ids.frames, ids.framesHolding, ids.framesFile, "buy-back");
    expect((await act("holomatic", "trade", "show", buyBack.tradeId)).status).to.equal("Completed");
  });

  it("story 4: ChinaScope's cross-border sale to a Hong Kong fund is refused until CrossBorderSecurity passes", async () => {
    await act("registrar", "participant", "accredit", address("chinaScope"), "--kinds", "provider", "--dossier", "chinascope", "--until", "3y");
    await act("registrar", "participant", "accredit", address("hkFund"), "--kinds", "buyer", "--jurisdiction", "HK", "--dossier", "fund", "--until", "3y");
    const news = file("news.jsonl", '{"headline":"…","sentiment":0.4}\n');
    ids.news = await register("chinaScope", "news analytics", { productType: "Api", sourceCategory: "Enterprise" }, news);
    await assess(ids.news, ["LegalCompliance", "Quality"]);
    ids.newsHolding = await certifyAndHold(ids.news, "chinaScope");
    await list(ids.news, "CN,HK");
    const deal = await draftAndSign("chinaScope", "hkFund", ids.news, ids.newsHolding, "cross-border");
    expect((JSON.parse(readFileSync(deal, "utf8")) as { deal: { crossBorder: boolean } }).deal.crossBorder).to.equal(true);
    const refused = await run("registrar", ["trade", "confirm", deal]);
    expect(refused.code).to.equal(1);
    expect(JSON.parse(refused.stderr)).to.deep.equal({
      error: "TradeLedgerCrossBorderNotAssessed",
      message: `confirm reverted: product ${ids.news} lacks a passed, unexpired CrossBorderSecurity assessment, which a cross-border trade needs`,
      details: { productId: ids.news },
    });
    await assess(ids.news, ["CrossBorderSecurity"]);
    const { tradeId } = await act("registrar", "trade", "confirm", deal);
    await act("chinaScope", "trade", "deliver", tradeId, "--file", news);
    ids.fundLicence = (await act("hkFund", "trade", "receive", tradeId)).certificateId;
    ids.fundTrade = tradeId;
  });

  it("story 5: Beijing's operator derives a credit-inquiry product from several agencies' public datasets", async () => {
    await act("registrar", "participant", "accredit", address("beijingOperator"), "--kinds", "provider", "--dossier", "operator", "--until", "3y");
    const sources: { product: number; certificate: number }[] = [];
    for (const agency of ["marketRegulator", "taxService"] as const) {
      await act("registrar", "participant", "accredit", address(agency), "--kinds", "provider", "--dossier", agency, "--until", "3y");
      const dataset = await register(agency, `${agency} public records`, { productType: "Dataset", sourceCategory: "Public" });
      await assess(dataset, ["LegalCompliance", "Quality"]);
      const holding = await certifyAndHold(dataset, agency);
      const licence = await act("registrar", "certificate", "license", holding, address("beijingOperator"), "--category", "PU",
        "--expires", "2y", "--scope", "credit inquiry", "--evidence", `authorisation of ${agency}`);
      sources.push({ product: Number(dataset), certificate: Number(licence.certificateId) });
    }
    ids.creditInquiry = await register("beijingOperator", "credit inquiry", { productType: "Api", sourceCategory: "Public", sources });
    await assess(ids.creditInquiry, ["LegalCompliance", "Quality"]);
    await certifyAndHold(ids.creditInquiry, "beijingOperator");
    await list(ids.creditInquiry);
    expect((await act("beijingOperator", "product", "show", ids.creditInquiry)).sources).to.have.length(2);
  });

  it("story 6: verify passes on sound products and fails, naming the check, on each planted problem", async () => {
    // The sound products verify before anything is planted (reads only: all at once).
    const sound = [ids.electricity, ids.weiyan, ids.resumes, ids.driving, ids.frames, ids.news, ids.creditInquiry];
    const [genuine, ...verified] = await Promise.all([
      run("admin", ["verify", ids.frames, "--file", ids.framesFile]),
      ...sound.map((productId) => run("admin", ["verify", productId])),
    ]);
    sound.forEach((productId, index) => {
      const result = verified[index];
      expect(result.code, `verify ${productId}: ${result.stdout}`).to.equal(0);
      expect((JSON.parse(result.stdout) as { passed: boolean }).passed).to.equal(true);
    });
    expect(genuine.code).to.equal(0);

    // 200 days pass: the 180-day PersonalInfoProtection finding and the provisional accreditation lapse.
    await node.rpc("evm_increaseTime", [200 * 86_400]);
    await node.rpc("evm_mine");
    await act("registrar", "certificate", "revoke", ids.newsHolding, "--reason", "publisher licence withdrawn");
    const tampered = file("frames-tampered.json", '{"frame":1,"label":"cyclist"}');

    const failedChecks = async (args: string[]) => {
      const result = await run("admin", ["verify", ...args]);
      expect(result.code, `verify ${args.join(" ")}`).to.equal(1);
      return (JSON.parse(result.stdout) as { checks: { id: string; passed: boolean }[] }).checks.filter((check) => !check.passed).map((check) => check.id);
    };
    // Reads only, after the last write: all at once.
    const [frames, resumes, news, electricity, readable] = await Promise.all([
      failedChecks([ids.frames, "--file", tampered]), failedChecks([ids.resumes]), failedChecks([ids.news]), failedChecks([ids.electricity]),
      runCli(["verify", ids.frames, "--file", tampered], baseEnv, folder),
    ]);
    expect(frames).to.deep.equal(["file"]);
    expect(resumes).to.have.members(["product.certification", "assessment.PersonalInfoProtection"]);
    expect(news).to.have.members([
      `certificate.${ids.newsHolding}`, `certificate.${ids.fundLicence}`, "product.right", `trade.${ids.fundTrade}.licence`,
    ]);
    expect(electricity).to.deep.equal([`trade.${ids.merchantsBankTrade}.buyer`]);

    expect(readable.code).to.equal(1);
    expect(readable.stdout).to.match(/^FAIL {2}file +frames-tampered\.json|FAIL {2}file /m);
    expect(readable.stdout).to.contain("1 of ");

    // The clean lineage still verifies, and exports as PROV-JSON.
    const prov = join(folder, "credit-inquiry.prov.json");
    const clean = await runCli(["verify", ids.creditInquiry, "--prov", prov], baseEnv, folder);
    expect(clean.code, clean.stdout).to.equal(0);
    const document = JSON.parse(readFileSync(prov, "utf8")) as { wasDerivedFrom: Record<string, { "prov:generatedEntity": string }> };
    const derivations = Object.values(document.wasDerivedFrom).filter((relation) => relation["prov:generatedEntity"] === `dr:product/${ids.creditInquiry}`);
    expect(derivations).to.have.length(2);
  });
});
