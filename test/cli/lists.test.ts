import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expectRow } from "./error-table";
import { anvilAccount, runCli, startAnvil, temporaryDirectory } from "./harness";
import type { AnvilNode, CliResult } from "./harness";

/**
 * The list commands that read the chain (product, certificate, objection and participant list),
 * and their filters' usage errors, against anvil: two products (one certified, with a
 * certificate under an open objection; one whose objection was dismissed) and a lapsed buyer.
 */
describe("datarights CLI: lists read from the chain (against anvil)", function () {
  this.timeout(300_000);
  let node: AnvilNode;
  let folder: string;
  let env: Record<string, string>;

  const cast = { admin: 0, registrar: 1, lawFirm: 2, institute: 3, provider: 4, buyer: 5, lapsing: 6 } as const;
  type Actor = keyof typeof cast;
  const address = (actor: Actor) => anvilAccount(cast[actor]).address;

  const run = (actor: Actor, args: string[]): Promise<CliResult> =>
    runCli(args, { ...env, PRIVATE_KEY: anvilAccount(cast[actor]).privateKey }, folder);
  async function act(actor: Actor, ...args: string[]): Promise<Record<string, unknown>> {
    const result = await run(actor, ["--json", ...args]);
    expect(result.code, `${actor}: datarights ${args.join(" ")}\n${result.stderr}`).to.equal(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }
  /** The ids a list printed with --json, as strings. */
  async function listed(key: string, idKey: string, ...args: string[]): Promise<string[]> {
    return ((await act("admin", ...args))[key] as Record<string, string>[]).map((entry) => entry[idKey]);
  }
  /** A failure to check against its row, without and with --json (run at once): the run without comes first. */
  async function refused(args: string[]): Promise<CliResult[]> {
    return Promise.all([run("admin", args), run("admin", ["--json", ...args])]);
  }

  before(async () => {
    node = await startAnvil();
    folder = temporaryDirectory("lists");
    env = { RPC_URL: node.rpcUrl, NETWORK: "anvil", DEPLOYMENTS_DIR: join(folder, "deployments") };
    const parameters = join(folder, "parameters.json");
    writeFileSync(parameters, JSON.stringify({ registrars: [address("registrar")] }));
    await act("admin", "deploy", "--parameters", parameters);
    await act("registrar", "participant", "accredit", address("lawFirm"), "--kinds", "assessor", "--assessments", "LegalCompliance", "--dossier", "law", "--until", "3y");
    await act("registrar", "participant", "accredit", address("institute"), "--kinds", "assessor", "--assessments", "Quality", "--dossier", "lab", "--until", "3y");
    await act("registrar", "participant", "accredit", address("provider"), "--kinds", "provider", "--dossier", "provider", "--until", "3y");
    await act("registrar", "participant", "accredit", address("buyer"), "--kinds", "buyer", "--jurisdiction", "HK", "--dossier", "buyer", "--until", "3y");
    await act("registrar", "participant", "accredit", address("lapsing"), "--kinds", "buyer", "--dossier", "provisional", "--until", "1d");
    for (const [name, productType, sourceCategory] of [["meters", "Dataset", "Enterprise"], ["weather", "Api", "Public"]]) {
      const manifest = join(folder, `${name}.json`);
      writeFileSync(manifest, JSON.stringify({ name, originDeclaration: `origin of ${name}`, productType, sourceCategory }));
      await act("provider", "product", "register", "--manifest", manifest);
    }
    await act("lawFirm", "assessment", "record", "1", "--kind", "LegalCompliance", "--expires", "1y", "--report", "opinion");
    await act("institute", "assessment", "record", "1", "--kind", "Quality", "--expires", "1y", "--report", "quality");
    await act("registrar", "product", "certify", "1");
    await act("registrar", "certificate", "issue", address("provider"), "1", "--category", "RH", "--expires", "5y", "--scope", "all", "--evidence", "log");
    expect((await act("buyer", "objection", "lodge-product", "2", "--claim", "the weather data is ours")).objectionId).to.equal("1");
    await act("registrar", "objection", "resolve-product", "1", "--resolution", "dismissed: no deed");
    expect((await act("buyer", "objection", "lodge-certificate", "1", "--claim", "the meters are ours")).objectionId).to.equal("1");
    await node.rpc("evm_increaseTime", [2 * 86_400]);
    await node.rpc("evm_mine");
  });
  after(async () => node?.stop());

  it("product list: every product, or by provider, status and type", async () => {
    expect(await listed("products", "productId", "product", "list")).to.deep.equal(["1", "2"]);
    expect(await listed("products", "productId", "product", "list", "--provider", address("provider"))).to.deep.equal(["1", "2"]);
    expect(await listed("products", "productId", "product", "list", "--provider", address("buyer"))).to.deep.equal([]);
    expect(await listed("products", "productId", "product", "list", "--status", "certified")).to.deep.equal(["1"]);
    expect(await listed("products", "productId", "product", "list", "--type", "Api", "--status", "Registered")).to.deep.equal(["2"]);
    const human = await run("admin", ["product", "list", "--type", "Dataset"]);
    expect(human.code, human.stderr).to.equal(0);
    expect(human.stdout).to.match(/^\S+ \(product 1\) {2}Certified {2}Dataset, Enterprise source, General {2}provider 0x[0-9a-fA-F]{40}\n$/);
    expect((await run("admin", ["product", "list", "--status", "Listed"])).stdout).to.equal("no products match\n");
  });

  it("product list refuses a status or a type that is none of the enum's names", async () => {
    const [status, statusJson] = await refused(["product", "list", "--status", "Listd"]);
    expectRow("A14", status);
    expectRow("A14", statusJson);
    expect(status.stderr).to.equal(`error: option '--status <name>' argument 'Listd' is invalid. "Listd" is not a product status: one of Registered, Certified, Listed, Delisted, Suspended, Revoked\n`);
    for (const result of await refused(["product", "list", "--status", "None"])) expectRow("A14", result);
    for (const result of await refused(["product", "list", "--type", "Spreadsheet"])) expectRow("A10", result);
  });

  it("certificate list: by holder and by product; an unknown product is a usage error", async () => {
    expect(await listed("certificates", "certificateId", "certificate", "list")).to.deep.equal(["1"]);
    expect(await listed("certificates", "certificateId", "certificate", "list", "--holder", address("provider"), "--product", "1")).to.deep.equal(["1"]);
    expect(await listed("certificates", "certificateId", "certificate", "list", "--holder", address("buyer"))).to.deep.equal([]);
    expect(await listed("certificates", "certificateId", "certificate", "list", "--product", "2")).to.deep.equal([]);
    const human = await run("admin", ["certificate", "list", "--product", "1"]);
    expect(human.stdout).to.match(/\(certificate 1\) {2}ResourceHolding of product 1 {2}Active, Valid {2}holder 0x[0-9a-fA-F]{40} {2}expires \d{4}-\d{2}-\d{2}\n$/);
    const [unknown, unknownJson] = await refused(["certificate", "list", "--product", "42"]);
    expectRow("B03", unknown);
    expectRow("B03", unknownJson);
    expect(unknown.stderr).to.equal("datarights: unknown product 42\n");
  });

  it("objection list: both books, or one target's, by status", async () => {
    const all = (await act("admin", "objection", "list")).objections as Record<string, string>[];
    expect(all.map(({ book, objectionId, targetId, status }) => ({ book, objectionId, targetId, status }))).to.deep.equal([
      { book: "products", objectionId: "1", targetId: "2", status: "Dismissed" },
      { book: "certificates", objectionId: "1", targetId: "1", status: "Open" },
    ]);
    expect(all[1].claimant).to.equal(address("buyer"));
    const open = (await act("admin", "objection", "list", "--status", "Open")).objections as Record<string, string>[];
    expect(open.map((objection) => objection.book)).to.deep.equal(["certificates"]);
    expect(await listed("objections", "status", "objection", "list", "--product", "2")).to.deep.equal(["Dismissed"]);
    expect(await listed("objections", "status", "objection", "list", "--certificate", "1", "--status", "Dismissed")).to.deep.equal([]);
    const human = await run("admin", ["objection", "list", "--product", "2"]);
    expect(human.stdout).to.match(/^objection 1 against product 2 {2}Dismissed {2}lodged \d{4}-\d{2}-\d{2} by 0x[0-9a-fA-F]{40}, decided \d{4}-\d{2}-\d{2}\n$/);
    // The open objection shows on the certificate it freezes.
    expect(((await act("admin", "certificate", "show", "1")).objections as unknown[]).length).to.equal(1);
  });

  it("objection list refuses two targets, an unknown one and a status that is not an objection's; resolve refuses an unknown objection", async () => {
    const [both, bothJson] = await refused(["objection", "list", "--product", "1", "--certificate", "1"]);
    expectRow("U10", both);
    expectRow("U10", bothJson);
    expect(both.stderr).to.equal("error: option '--certificate <id>' cannot be used with option '--product <id>'\n");
    const [unknown, unknownJson] = await refused(["objection", "list", "--certificate", "9"]);
    expectRow("B04", unknown);
    expectRow("B04", unknownJson);
    expect(unknown.stderr).to.equal("datarights: unknown certificate 9\n");
    for (const result of await refused(["objection", "lodge-product", "42", "--claim", "c"])) expectRow("B03", result);
    for (const result of await refused(["objection", "list", "--status", "Closed"])) expectRow("A14", result);
    // Objection 1 of the products' book exists; the certificates' book has no objection 2.
    const [objection, objectionJson] = await refused(["objection", "resolve-certificate", "2", "--resolution", "r"]);
    expectRow("B20", objection);
    expectRow("B20", objectionJson);
    expect(objection.stderr).to.equal("datarights: unknown certificate objection 2\n");
  });

  it("participant list and show: kinds, jurisdiction and expiry; an expired accreditation reads lapsed", async () => {
    const human = await run("admin", ["participant", "list"]);
    expect(human.code, human.stderr).to.equal(0);
    const lines = human.stdout.trim().split("\n");
    expect(lines).to.have.length(5);
    expect(lines.find((line) => line.startsWith(address("buyer")))).to.match(/ {2}Active {2}Buyer {2}HK {2}until \d{4}-\d{2}-\d{2}$/);
    expect(lines.find((line) => line.startsWith(address("lawFirm")))).to.match(/ {2}Active {2}Assessor {2}CN {2}until \d{4}-\d{2}-\d{2}$/);
    expect(lines.find((line) => line.startsWith(address("lapsing")))).to.match(/ {2}lapsed {2}Buyer {2}CN {2}expired \d{4}-\d{2}-\d{2}$/);
    expect(human.stdout).to.not.match(/Active .*Buyer {2}CN {2}until/);
    const lapsed = await act("admin", "participant", "show", address("lapsing"));
    expect(lapsed).to.include({ status: "Active", standing: "Lapsed", lapsed: true, jurisdiction: "CN" });
    expect((await run("admin", ["participant", "show", address("lapsing")])).stdout).to.match(/ {2}lapsed {2}Buyer {2}CN {2}expired /);
    const never = await run("admin", ["participant", "show", address("admin")]);
    expect(never.stdout).to.equal(`${address("admin")}  None  -  -\n`);
  });
});
