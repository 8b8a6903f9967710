import { expect } from "chai";
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import { createServer } from "node:http";
import type { Server } from "node:http";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { Wallet, encryptKeystoreJson } from "ethers";
import { errorRow, expectRow, readErrorTable } from "./error-table";
import { anvilAccount, runCli, startAnvil, temporaryDirectory } from "./harness";
import type { AnvilNode, CliResult } from "./harness";

/**
 * Every row of docs/cli-errors.md, one test each (rows whose failure needs a mirror, a Besu node
 * or a deep lineage are checked in mirror.test.ts, permissions.test.ts and confirm-lineage.test.ts,
 * naming their row). Each failure is run twice, without and with --json, and must leave the
 * chain as it was: nothing is sent.
 */
describe("datarights CLI: every error of docs/cli-errors.md (against anvil)", function () {
  this.timeout(300_000);
  let node: AnvilNode;
  let folder: string;
  let env: Record<string, string>;
  /** Answers every JSON-RPC request with an error: something at the URL, but not a node. */
  let notANode: Server;
  let notANodeUrl: string;

  const cast = { admin: 0, registrar: 1, lawFirm: 2, institute: 3, provider: 4, buyer: 5, outsider: 6 } as const;
  type Actor = keyof typeof cast;
  const address = (actor: Actor) => anvilAccount(cast[actor]).address;
  const keyOf = (actor: Actor) => ({ PRIVATE_KEY: anvilAccount(cast[actor]).privateKey });

  function file(name: string, content: string): string {
    const path = join(folder, name);
    writeFileSync(path, content);
    return path;
  }
  async function act(actor: Actor, ...args: string[]): Promise<Record<string, unknown>> {
    const result = await runCli(["--json", ...args], { ...env, ...keyOf(actor) }, folder);
    expect(result.code, `${actor}: datarights ${args.join(" ")}\n${result.stderr}`).to.equal(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  /**
   * Runs `args` without and with --json, checks both against row `id` and that no block was
   * mined by either; returns the run without --json, for exact assertions.
   */
  async function check(id: string, args: string[], extraEnv: Record<string, string | undefined> = {}, cwd = folder): Promise<CliResult> {
    // The two runs at once: neither writes anything the other reads, and neither may send.
    const blockBefore = await node.rpc("eth_blockNumber");
    const [human, json] = await Promise.all([args, ["--json", ...args]].map((argv) => runCli(argv, { ...env, ...extraEnv }, cwd)));
    expectRow(id, human);
    expectRow(id, json);
    expect(await node.rpc("eth_blockNumber"), `${id}: nothing is sent`).to.equal(blockBefore);
    return human;
  }

  const deal = () => JSON.parse(readFileSync(join(folder, "deal.json"), "utf8")) as { chainId: string; signatures: Record<string, string> };
  const deployment = () => JSON.parse(readFileSync(join(folder, "deployments", "anvil.json"), "utf8")) as Record<string, unknown> & {
    chainId: number | string; contracts: Record<string, { address: string }>;
  };
  /** A deployment file of its own for `network`, made from the real one. */
  function network(name: string, content: unknown): Record<string, string> {
    writeFileSync(join(folder, "deployments", `${name}.json`), typeof content === "string" ? content : JSON.stringify(content));
    return { NETWORK: name };
  }

  before(async () => {
    node = await startAnvil();
    folder = temporaryDirectory("errors");
    env = { RPC_URL: node.rpcUrl, NETWORK: "anvil", DEPLOYMENTS_DIR: join(folder, "deployments"), ...keyOf("admin") };
    notANode = createServer((_request, response) => {
      response.setHeader("content-type", "application/json");
      response.end(JSON.stringify({ jsonrpc: "2.0", id: 1, error: { code: -32601, message: "the method eth_chainId does not exist" } }));
    });
    await new Promise<void>((resolve) => notANode.listen(0, "127.0.0.1", resolve));
    notANodeUrl = `http://127.0.0.1:${(notANode.address() as AddressInfo).port}`;

    // A certified, listed product held by the provider, and a deal for it signed by both parties.
    await act("admin", "deploy", "--parameters", file("parameters.json", JSON.stringify({ registrars: [address("registrar")], arbiters: [address("admin")] })));
    await act("registrar", "participant", "accredit", address("lawFirm"), "--kinds", "assessor", "--assessments", "LegalCompliance", "--dossier", "law", "--until", "3y");
    await act("registrar", "participant", "accredit", address("institute"), "--kinds", "assessor", "--assessments", "Quality", "--dossier", "institute", "--until", "3y");
    await act("registrar", "participant", "accredit", address("provider"), "--kinds", "provider", "--dossier", "provider", "--until", "3y");
    await act("registrar", "participant", "accredit", address("buyer"), "--kinds", "buyer", "--dossier", "buyer", "--until", "3y");
    const manifest = file("manifest.json", JSON.stringify({ name: "meter readings", originDeclaration: "own meters", productType: "Dataset", sourceCategory: "Enterprise" }));
    expect((await act("provider", "product", "register", "--manifest", manifest)).productId).to.equal("1");
    await act("lawFirm", "assessment", "record", "1", "--kind", "LegalCompliance", "--expires", "1y", "--report", "legal opinion");
    await act("institute", "assessment", "record", "1", "--kind", "Quality", "--expires", "1y", "--report", "quality report");
    await act("registrar", "product", "certify", "1");
    expect((await act("registrar", "certificate", "issue", address("provider"), "1", "--category", "RH", "--expires", "5y", "--scope", "all", "--evidence", "log")).certificateId).to.equal("1");
    await act("registrar", "listing", "list", "1", "--right", "PU", "--duration", "365d", "--jurisdictions", "CN");
    await act("provider", "trade", "deal", "1", "--buyer", address("buyer"), "--certificate", "1", "--price", "1000", "--currency", "CNY",
      "--terms", "terms", "--purpose", "analytics", "--out", join(folder, "deal.json"));
    await act("provider", "trade", "sign", join(folder, "deal.json"));
    await act("buyer", "trade", "sign", join(folder, "deal.json"));
  });
  after(async () => {
    await new Promise((resolve) => notANode?.close(resolve));
    await node?.stop();
  });

  /** The trade deal of the listed product, with `extra` options. */
  const dealArgs = (...extra: string[]) => ["trade", "deal", "1", "--buyer", address("buyer"), "--certificate", "1", "--terms", "t", "--purpose", "p", "--out", join(folder, "unused.json"), ...extra];

  const cases: Record<string, (id: string) => Promise<unknown>> = {
    // Usage: commander
    U01: async (id) => {
      const result = await check(id, ["participant", "show", "0x12345"]);
      expect(result.stderr).to.equal("error: command-argument value '0x12345' is invalid for argument 'address'. \"0x12345\" is not an address (0x followed by 40 hex digits)\n");
    },
    U02: (id) => check(id, ["listing", "propose-price", "1", "--amount", "1.5", "--currency", "CNY", "--method", "Cost"]),
    U03: async (id) => {
      const result = await check(id, ["role", "grant", address("outsider"), "--role", "boss"]);
      expect(result.stderr).to.equal("error: option '--role <role>' argument 'boss' is invalid. Allowed choices are admin, registrar, arbiter, market, pauser, regulator.\n");
    },
    U04: (id) => check(id, ["product", "register"]),
    U05: (id) => check(id, ["product", "show"]),
    U06: (id) => check(id, ["product", "register", "--manifest"]),
    U07: (id) => check(id, ["product", "show", "1", "2"]),
    U08: async (id) => {
      await check(id, ["product", "frobnicate"]);
      const suggested = await check(id, ["product", "shw"]);
      expect(suggested.stderr).to.equal("error: unknown command 'shw' (Did you mean show?)\n");
    },
    U09: (id) => check(id, ["product", "show", "1", "--bogus"]),

    // Values that do not parse
    A01: (id) => check(id, ["certificate", "pledge", "1", "0xnot-an-address", "--agreement", "a"]),
    A02: async (id) => {
      const result = await check(id, ["product", "show", "one"]);
      expect(result.stderr).to.equal("error: command-argument value 'one' is invalid for argument 'product'. \"one\" is not an id (a positive whole number)\n");
    },
    A03: (id) => check(id, ["listing", "propose-price", "1", "--amount", "-5", "--currency", "CNY", "--method", "Cost"]),
    A04: (id) => check(id, ["product", "suspend", "1", "--reason", "0x1234"]),
    A05: (id) => check(id, ["product", "suspend", "1", "--reason", ""]),
    A06: (id) => check(id, ["trade", "deliver", "1", "--hash", "xyz"]),
    A07: (id) => check(id, ["participant", "apply", "--kinds", "buyer", "--dossier", "d", "--jurisdiction", "cn"]),
    A08: (id) => check(id, ["listing", "propose-price", "1", "--amount", "1", "--currency", "yuan", "--method", "Cost"]),
    A09: (id) => check(id, ["listing", "list", "1", "--right", "PU", "--duration", "1w", "--jurisdictions", "CN"]),
    A10: async (id) => {
      const kind = await check(id, ["assessment", "record", "1", "--kind", "Bogus", "--expires", "1y", "--report", "r"]);
      expect(kind.stderr).to.match(/"Bogus" is not an assessment kind: one of LegalCompliance, SecurityRisk, Quality, AssetValuation, PersonalInfoProtection, CrossBorderSecurity, PriceEvaluation\n$/);
      const names = await check(id, ["assessment", "require", "--source-category", "Pub", "--kinds", "Quality"]);
      expect(names.stderr).to.equal("error: option '--source-category <category>' argument 'Pub' is invalid. \"Pub\" is not a source category: one of Public, Enterprise, Personal\n");
      // A listing offers only a licence, and a proposal is by a method other than Negotiable.
      const right = await check(id, ["listing", "list", "1", "--right", "RH", "--duration", "365d", "--jurisdictions", "CN"], keyOf("registrar"));
      expect(right.stderr).to.match(/"RH" is not a right offered: one of ProcessingUse, ProductOperation\n$/);
      const method = await check(id, ["listing", "propose-price", "1", "--amount", "1", "--currency", "CNY", "--method", "Negotiable"], keyOf("registrar"));
      expect(method.stderr).to.match(/"Negotiable" is not a pricing method: one of Cost, Income, Market\n$/);
    },
    A11: (id) => check(id, ["assessment", "require", "--personal-information", "maybe", "--kinds", "Quality"]),
    A12: (id) => check(id, ["audit-mirror", "--sample", "x"]),
    A13: (id) => check(id, ["serve", "--port", "70000"]),

    // Usage: the commands
    B01: (id) => check(id, ["participant", "accredit", address("outsider"), "--kinds", "buyer", "--dossier", "d", "--until", "soon"], keyOf("registrar")),
    B02: (id) => check(id, ["participant", "accredit", address("outsider"), "--kinds", "buyer", "--dossier", "d", "--until", "9999999m"], keyOf("registrar")),
    B03: async (id) => {
      expect((await check(id, ["product", "show", "42"])).stderr).to.equal("datarights: unknown product 42\n");
      await check(id, ["verify", "42"]);
    },
    B04: (id) => check(id, ["certificate", "show", "42"]),
    B05: (id) => check(id, ["trade", "show", "42"]),
    B06: (id) => check(id, ["assessment", "show", "42"]),
    B07: async (id) => {
      await check(id, ["assessment", "sign", "1", "--kind", "Quality", "--expires", "1y", "--report", "r", "--out", join(folder, "unused.json"), "--nonce", "x"], keyOf("institute"));
      await check(id, dealArgs("--price", "1", "--currency", "CNY", "--nonce", "x"));
    },
    B08: (id) => check(id, dealArgs("--price", "1", "--confidential-price", "1", "--currency", "CNY")),
    B09: (id) => check(id, dealArgs("--price", "1")),
    B10: (id) => check(id, ["trade", "deliver", "1"]),
    B12: async (id) => {
      await check(id, ["assessment", "require", "--kinds", "Quality"]);
      await check(id, ["assessment", "require", "--base", "--product-type", "Api", "--kinds", "Quality"]);
    },
    B13: async (id) => {
      const signed = join(folder, "finding.json");
      await act("institute", "assessment", "sign", "1", "--kind", "Quality", "--expires", "1y", "--report", "r", "--out", signed, "--nonce", "0");
      const finding = JSON.parse(readFileSync(signed, "utf8")) as { chainId: string };
      await check(id, ["assessment", "submit", file("finding-elsewhere.json", JSON.stringify({ ...finding, chainId: "1" }))]);
    },
    B14: async (id) => {
      const elsewhere = file("deal-elsewhere.json", JSON.stringify({ ...deal(), chainId: "1" }));
      await check(id, ["trade", "confirm", elsewhere], keyOf("registrar"));
      await check(id, ["trade", "void", elsewhere], keyOf("provider"));
      // Signing it would sign for another chain's ledger: refused, and the file is left as it was.
      const before = readFileSync(elsewhere, "utf8");
      await check(id, ["trade", "sign", elsewhere], keyOf("provider"));
      expect(readFileSync(elsewhere, "utf8")).to.equal(before);
    },
    B15: async (id) => {
      const unsigned = file("deal-unsigned.json", JSON.stringify({ ...deal(), signatures: {} }));
      expect((await check(id, ["trade", "confirm", unsigned], keyOf("registrar"))).stderr).to.equal(`datarights: ${unsigned} lacks the seller's signature\n`);
    },
    B16: async (id) => {
      const { seller, buyer } = deal().signatures;
      const swapped = file("deal-swapped.json", JSON.stringify({ ...deal(), signatures: { seller: buyer, buyer: seller } }));
      expect((await check(id, ["trade", "confirm", swapped], keyOf("registrar"))).stderr).to.equal(`datarights: ${swapped}: the seller's signature is not the seller's\n`);
    },
    B19: async (id) => {
      // Certificate 1 expires in 5 years; the deal file is not written.
      const result = await check(id, dealArgs("--price", "1", "--currency", "CNY", "--expires", "10y"));
      expect(result.stderr).to.match(/^datarights: the licence cannot outlive the seller's right: certificate 1 expires \d{4}-\d{2}-\d{2}\n$/);
      expect(existsSync(join(folder, "unused.json"))).to.equal(false);
    },
    B17: async (id) => {
      await check(id, ["deploy", "--parameters", join(folder, "missing.json")]);
      await check(id, ["deploy", "--parameters", file("not-json-parameters.json", "{ exchange")]);
    },
    B18: async (id) => {
      const parameters = file("bad-parameters.json", JSON.stringify({ exchangeCode: "x" }));
      expect((await check(id, ["deploy", "--parameters", parameters])).stderr).to.equal(`datarights: parameters ${parameters}: exchangeCode: 2–8 upper-case letters\n`);
    },

    // Files the commands read
    F01: async (id) => {
      await check(id, ["product", "register", "--manifest", join(folder, "missing.json")], keyOf("provider"));
      await check(id, ["trade", "sign", join(folder, "missing.json")]);
      await check(id, ["assessment", "submit", join(folder, "missing.json")]);
    },
    F02: async (id) => {
      await check(id, ["product", "register", "--manifest", file("not-json.json", "{ name: ")], keyOf("provider"));
      await check(id, ["trade", "sign", file("not-json-deal.json", "[")]);
    },
    F03: async (id) => {
      const manifest = file("bad-manifest.json", JSON.stringify({ name: "x", productType: "Spreadsheet", sourceCategory: "Public", originDeclaration: "o" }));
      const result = await check(id, ["product", "register", "--manifest", manifest], keyOf("provider"));
      expect(result.stderr).to.equal(`datarights: manifest ${manifest} is invalid: productType: Invalid option: expected one of "Dataset"|"Api"|"Report"|"Model"|"Service"|"Index"\n`);
    },
    F04: async (id) => {
      const copy = file("deal-copy.json", JSON.stringify(deal()));
      expect((await check(id, ["trade", "sign", copy], keyOf("outsider"))).stderr).to.equal(`datarights: ${address("outsider")} is neither the seller nor the buyer of this deal\n`);
    },
    F05: (id) => check(id, ["hash", join(folder, "missing.bin")]),
    F06: (id) => check(id, ["hash", folder]),

    // Configuration and connection
    C01: async (id) => {
      expect((await check(id, ["product", "show", "1"], { RPC_URL: "localhost:8545" })).stderr)
        .to.equal("datarights: invalid configuration: RPC_URL must be an http(s) or ws(s) URL (RPC_URL)\n");
      await check(id, ["product", "show", "1"], { CHAIN_ID: "0x7a69" });
      await check(id, ["product", "show", "1"], { PRIVATE_KEY: "0x1234" });
      await check(id, ["product", "show", "1"], { NETWORK: "two words" });
      await check(id, ["product", "show", "1"], { GAS_PRICE: "1 gwei" });
    },
    C02: (id) => check(id, ["product", "show", "1"], { PRIVATE_KEY: undefined, KEYSTORE_PATH: join(folder, "key.json") }),
    C03: (id) => check(id, ["role", "grant", address("outsider"), "--role", "market"], { PRIVATE_KEY: undefined, KEYSTORE_PATH: join(folder, "no-key.json"), KEYSTORE_PASSWORD: "p" }),
    C04: async (id) => {
      const keystore = join(folder, "registrar.json");
      const wallet = Wallet.createRandom();
      writeFileSync(keystore, await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, "right password", { scrypt: { N: 1024 } }));
      const result = await check(id, ["role", "grant", address("outsider"), "--role", "registrar"], { PRIVATE_KEY: undefined, KEYSTORE_PATH: keystore, KEYSTORE_PASSWORD: "wrong password" });
      // The reason in plain words, not ethers' argument dump and version.
      expect(result.stderr).to.equal(`datarights: cannot decrypt the keystore ${keystore}: incorrect password\n`);
    },
    C05: (id) => check(id, ["participant", "accredit", address("outsider"), "--kinds", "buyer", "--dossier", "d", "--until", "1y"], { PRIVATE_KEY: undefined }),
    C06: async (id) => {
      expect((await check(id, ["product", "show", "1"], { RPC_URL: "http://127.0.0.1:9" })).stderr)
        .to.equal("datarights: cannot reach the RPC at http://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9\n");
    },
    C07: (id) => check(id, ["product", "show", "1"], { RPC_URL: notANodeUrl }),
    C08: async (id) => {
      expect((await check(id, ["deploy"], { CHAIN_ID: "20260" })).stderr).to.equal(`datarights: chain id mismatch: the RPC at ${node.rpcUrl} is chain 31337, CHAIN_ID says 20260\n`);
      await check(id, ["product", "show", "1"], network("chain-4242", { ...deployment(), chainId: 4242 }));
    },
    C09: async (id) => {
      expect((await check(id, ["product", "show", "1"], { CHAIN_ID: "20260" })).stderr)
        .to.equal(`datarights: chain id mismatch: CHAIN_ID is 20260, ${join(folder, "deployments", "anvil.json")} is for chain 31337\n`);
    },
    C10: (id) => check(id, ["deploy"], network("deployed-elsewhere", { ...deployment(), chainId: 4242 })),
    C11: (id) => check(id, ["deploy", "--parameters", file("other-code.json", JSON.stringify({ exchangeCode: "QQQ" }))]),
    C12: async (id) => {
      expect((await check(id, ["product", "show", "1"], { NETWORK: "elsewhere" })).stderr)
        .to.equal(`datarights: no deployment at ${join(folder, "deployments", "elsewhere.json")}: run \`datarights deploy\` first, or set NETWORK\n`);
      // The network named in a .env file of the folder the command runs in (read before the command runs).
      const project = join(folder, "project");
      mkdirSync(project, { recursive: true });
      writeFileSync(join(project, ".env"), "NETWORK=from-dotenv\n");
      expect((await check(id, ["product", "show", "1"], { NETWORK: undefined, DEPLOYMENTS_DIR: undefined }, project)).stderr)
        .to.equal(`datarights: no deployment at ${join(project, "deployments", "from-dotenv.json")}: run \`datarights deploy\` first, or set NETWORK\n`);
    },
    C13: (id) => check(id, ["product", "show", "1"], network("broken", "{ not json")),
    C14: (id) => check(id, ["product", "show", "1"], network("wrong", { chainId: "many" })),
    C15: (id) => {
      const { contracts, ...rest } = deployment();
      const { TradeLedger: _left, ...fewer } = contracts;
      return check(id, ["product", "show", "1"], network("half", { ...rest, contracts: fewer }));
    },

    // The chain
    R01: async (id) => {
      const result = await check(id, ["participant", "accredit", address("buyer"), "--kinds", "buyer", "--dossier", "d", "--until", "1y"], keyOf("outsider"));
      expect(result.stderr).to.equal(`datarights: accredit reverted: ${address("outsider")} lacks the role REGISTRAR_ROLE\n`);
      const json = await runCli(["--json", "participant", "accredit", address("buyer"), "--kinds", "buyer", "--dossier", "d", "--until", "1y"], { ...env, ...keyOf("outsider") }, folder);
      const failure = JSON.parse(json.stderr) as { error: string; details: Record<string, string> };
      expect(failure.error).to.equal("AccessControlUnauthorizedAccount");
      expect(failure.details.account).to.equal(address("outsider"));
    },
    R04: async (id) => {
      const manifest = file("unlisted.json", JSON.stringify({ name: "unlisted", originDeclaration: "own", productType: "Dataset", sourceCategory: "Enterprise" }));
      const { productId } = await act("provider", "product", "register", "--manifest", manifest);
      expect((await check(id, ["listing", "show", String(productId)])).stderr).to.equal(`datarights: product ${String(productId)} is not listed\n`);
    },
    R02: (id) => check(id, ["participant", "apply", "--kinds", "buyer", "--dossier", "penniless"], { PRIVATE_KEY: Wallet.createRandom().privateKey }),
    R03: (id) => check(id, ["participant", "apply", "--kinds", "buyer", "--dossier", "stingy"], { ...keyOf("outsider"), GAS_PRICE: "1" }),

    // Verification
    V01: async (id) => {
      const result = await check(id, ["verify", "1", "--file", file("not-the-data.csv", "other bytes")]);
      expect(result.stdout).to.match(/^FAIL {2}file /m);
      const json = await runCli(["--json", "verify", "1", "--file", join(folder, "not-the-data.csv")], env, folder);
      expect((JSON.parse(json.stdout) as { passed: boolean }).passed, "the report still goes to stdout").to.equal(false);
      expect((JSON.parse(json.stderr) as { details: { failedChecks: { id: string }[] } }).details.failedChecks.map((check) => check.id)).to.deep.equal(["file"]);
    },

    // Besu allowlists, before any node is asked
    P02: (id) => check(id, ["permissions", "sync", "--node", ""]),
    P03: (id) => check(id, ["permissions", "sync", "--node", "http://127.0.0.1:9"], { RPC_URL: "http://127.0.0.1:9" }),
    M04: async (id) => {
      // A port the system just gave out and took back: nothing listens there (fetch refuses port 9 itself).
      const probe = createServer();
      await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
      const url = `http://127.0.0.1:${(probe.address() as AddressInfo).port}`;
      await new Promise((resolve) => probe.close(resolve));
      expect((await check(id, ["audit-mirror", "--api", url])).stderr).to.equal(`datarights: cannot reach the API at ${url}: ECONNREFUSED\n`);
    },
    P04: (id) => check(id, ["permissions", "sync", "--node", "http://127.0.0.1:9"], { RPC_URL: notANodeUrl }),
    P05: (id) => check(id, ["permissions", "sync", "--node", "http://127.0.0.1:9"],
      network("no-contract", { ...deployment(), contracts: { ...deployment().contracts, ParticipantRegistry: { ...deployment().contracts.ParticipantRegistry, address: Wallet.createRandom().address } } })),
  };

  for (const [id, test] of Object.entries(cases)) it(`${id}: ${errorRow(id).message}`, () => test(id));

  it("every row of docs/cli-errors.md has a test, and every test names a row", () => {
    // Rows checked in other files name their row in an expectRow("…") call there.
    const elsewhere = readdirSync(__dirname)
      .filter((name) => name.endsWith(".test.ts") && name !== "errors.test.ts")
      .flatMap((name) => [...readFileSync(join(__dirname, name), "utf8").matchAll(/expectRow\("([A-Z]\d{2})"/g)].map((match) => match[1]));
    const tested = new Set([...Object.keys(cases), ...elsewhere]);
    const rows = [...readErrorTable().keys()];
    expect(rows.filter((id) => !tested.has(id)), "rows without a test").to.deep.equal([]);
    expect([...tested].filter((id) => !rows.includes(id)), "tests of no row").to.deep.equal([]);
  });
});
