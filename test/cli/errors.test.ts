import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Wallet, encryptKeystoreJson } from "ethers";
import { anvilAccount, runCli, startAnvil, temporaryDirectory } from "./harness";
import type { AnvilNode } from "./harness";

/**
 * Every bad input gets one line on stderr naming the problem and exit code 2; a reverted
 * transaction prints its decoded custom error as a sentence and exits 1. Nothing is sent in either case.
 */
describe("datarights CLI: bad input and refusals (against anvil)", function () {
  this.timeout(180_000);
  let node: AnvilNode;
  let folder: string;
  let env: Record<string, string>;
  const admin = anvilAccount(0);
  const outsider = anvilAccount(5);

  before(async () => {
    node = await startAnvil();
    folder = temporaryDirectory("errors");
    env = { RPC_URL: node.rpcUrl, NETWORK: "anvil", DEPLOYMENTS_DIR: join(folder, "deployments"), PRIVATE_KEY: admin.privateKey };
    const deployed = await runCli(["deploy"], env, folder);
    expect(deployed.code, deployed.stderr).to.equal(0);
  });
  after(async () => node.stop());

  async function expectUsageError(args: string[], message: string, extraEnv: Record<string, string | undefined> = {}) {
    const blockBefore = await node.rpc("eth_blockNumber");
    const result = await runCli(args, { ...env, ...extraEnv }, folder);
    expect(result.stderr, `stderr of ${args.join(" ")}`).to.equal(`${message}\n`);
    expect(result.code, `exit code of ${args.join(" ")}`).to.equal(2);
    expect(result.stdout).to.equal("");
    expect(await node.rpc("eth_blockNumber")).to.equal(blockBefore);
  }

  it("a malformed address", async () => {
    await expectUsageError(
      ["participant", "show", "0x12345"],
      "error: command-argument value '0x12345' is invalid for argument 'address'. \"0x12345\" is not an address (0x followed by 40 hex digits)",
    );
  });

  it("a malformed id", async () => {
    await expectUsageError(
      ["product", "show", "one"],
      "error: command-argument value 'one' is invalid for argument 'product'. \"one\" is not an id (a positive whole number)",
    );
  });

  it("an unknown product", async () => {
    await expectUsageError(["product", "show", "42"], "datarights: unknown product 42");
    await expectUsageError(["verify", "42"], "datarights: unknown product 42");
  });

  it("a missing key", async () => {
    await expectUsageError(
      ["participant", "accredit", outsider.address, "--kinds", "buyer", "--dossier", "d", "--until", "1y"],
      "datarights: no signing key: set PRIVATE_KEY, or KEYSTORE_PATH and KEYSTORE_PASSWORD",
      { PRIVATE_KEY: undefined },
    );
  });

  it("a keystore without its password, and a malformed key", async () => {
    await expectUsageError(
      ["product", "show", "1"],
      "datarights: invalid configuration: KEYSTORE_PATH is set but KEYSTORE_PASSWORD is missing",
      { PRIVATE_KEY: undefined, KEYSTORE_PATH: join(folder, "key.json") },
    );
    await expectUsageError(["product", "show", "1"], "datarights: invalid configuration: PRIVATE_KEY must be 32 bytes of hex (PRIVATE_KEY)", { PRIVATE_KEY: "0x1234" });
  });

  it("a wrong keystore password", async () => {
    const keystore = join(folder, "registrar.json");
    const wallet = Wallet.createRandom();
    writeFileSync(keystore, await encryptKeystoreJson({ address: wallet.address, privateKey: wallet.privateKey }, "right password", { scrypt: { N: 1024 } }));
    const result = await runCli(
      ["role", "grant", outsider.address, "--role", "registrar"],
      { ...env, PRIVATE_KEY: undefined, KEYSTORE_PATH: keystore, KEYSTORE_PASSWORD: "wrong password" }, folder,
    );
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(new RegExp(`^datarights: cannot decrypt the keystore ${keystore}: .+\\n$`));
  });

  it("an invalid env var", async () => {
    await expectUsageError(["product", "show", "1"], "datarights: invalid configuration: RPC_URL must be an http(s) or ws(s) URL (RPC_URL)", { RPC_URL: "localhost:8545" });
    await expectUsageError(["product", "show", "1"], "datarights: invalid configuration: CHAIN_ID must be a non-negative whole number (CHAIN_ID)", { CHAIN_ID: "0x7a69" });
  });

  it("a chain id that does not match the deployment", async () => {
    await expectUsageError(
      ["product", "show", "1"],
      `datarights: chain id mismatch: CHAIN_ID is 20260, ${join(folder, "deployments", "anvil.json")} is for chain 31337`,
      { CHAIN_ID: "20260" },
    );
  });

  it("an unreachable RPC", async () => {
    await expectUsageError(["product", "show", "1"], "datarights: cannot reach the RPC at http://127.0.0.1:9: connect ECONNREFUSED 127.0.0.1:9", { RPC_URL: "http://127.0.0.1:9" });
  });

  it("no deployment for the network", async () => {
    await expectUsageError(
      ["product", "show", "1"],
      `datarights: no deployment at ${join(folder, "deployments", "elsewhere.json")}: run \`datarights deploy\` first, or set NETWORK`,
      { NETWORK: "elsewhere" },
    );
  });

  it("a manifest that fails validation, and one that is not JSON", async () => {
    const manifest = join(folder, "bad-manifest.json");
    writeFileSync(manifest, JSON.stringify({ name: "x", productType: "Spreadsheet", sourceCategory: "Public", originDeclaration: "o" }));
    await expectUsageError(
      ["product", "register", "--manifest", manifest],
      `datarights: manifest ${manifest} is invalid: productType: Invalid option: expected one of "Dataset"|"Api"|"Report"|"Model"|"Service"|"Index"`,
    );
    const notJson = join(folder, "not-json.json");
    writeFileSync(notJson, "{ name: ");
    const result = await runCli(["product", "register", "--manifest", notJson], env, folder);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.match(new RegExp(`^datarights: manifest ${notJson} is not valid JSON: .+\\n$`));
  });

  it("an unknown command or option", async () => {
    const result = await runCli(["product", "frobnicate"], env, folder);
    expect(result.code).to.equal(2);
    expect(result.stderr.trim().split("\n")).to.have.length(1);
  });

  it("a reverted transaction prints the decoded custom error as a sentence and exits 1", async () => {
    const blockBefore = await node.rpc("eth_blockNumber");
    const result = await runCli(
      ["participant", "accredit", outsider.address, "--kinds", "buyer", "--dossier", "d", "--until", "1y"],
      { ...env, PRIVATE_KEY: outsider.privateKey }, folder,
    );
    expect(result.stderr).to.equal(`datarights: accredit reverted: ${outsider.address} lacks the role REGISTRAR_ROLE\n`);
    expect(result.code).to.equal(1);
    expect(await node.rpc("eth_blockNumber")).to.equal(blockBefore);
  });

  it("--help on every command exits 0", async () => {
    for (const args of [["--help"], ["trade", "--help"], ["trade", "deal", "--help"], ["verify", "--help"], ["permissions", "sync", "--help"]]) {
      const result = await runCli(args, env, folder);
      expect(result.code, args.join(" ")).to.equal(0);
      expect(result.stdout).to.match(/^Usage: datarights/);
    }
  });
});
