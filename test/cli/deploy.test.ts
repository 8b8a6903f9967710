import { expect } from "chai";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { startMockBesu } from "../besu/mock-besu";
import { connectProvider } from "../../src/sdk/chain";
import { DatarightsClient } from "../../src/sdk/client";
import type { CompleteDeployment } from "../../src/sdk/deployment";
import { anvilAccount, runCli, startAnvil, temporaryDirectory } from "./harness";
import type { AnvilNode } from "./harness";

/**
 * The build the CLI deploys from: the one this run tests (`npm run test:london` sets EVM_VERSION,
 * which the CLI reads to pick artifacts-london/), so the london pass deploys the london bytecode.
 */
const EVM_VERSION = process.env.EVM_VERSION ?? "cancun";
const BUILD: Record<string, string> = process.env.EVM_VERSION === undefined ? {} : { EVM_VERSION: process.env.EVM_VERSION };

describe("datarights deploy (CLI against anvil)", function () {
  this.timeout(120_000);
  let node: AnvilNode;
  let folder: string;
  const deployer = anvilAccount(0);
  const env = () => ({ RPC_URL: node.rpcUrl, NETWORK: "anvil", DEPLOYMENTS_DIR: join(folder, "deployments"), PRIVATE_KEY: deployer.privateKey, ...BUILD });

  before(async () => {
    node = await startAnvil();
    folder = temporaryDirectory("deploy");
  });
  after(async () => node.stop());

  it("deploys and wires every contract, records it, and deploys nothing when run again", async () => {
    const first = await runCli(["--json", "deploy"], env(), folder);
    expect(first.stderr).to.equal("");
    expect(first.code).to.equal(0);
    const result = JSON.parse(first.stdout) as { deployed: string[]; wired: string[] };
    expect(result.deployed).to.deep.equal([
      "ParticipantRegistry", "DataProductRegistry", "CertificateRenderer", "RightsCertificate", "AssessmentRegistry", "ListingBook", "TradeLedger",
    ]);
    expect(result.wired).to.have.length(3);

    const file = JSON.parse(readFileSync(join(folder, "deployments", "anvil.json"), "utf8")) as {
      chainId: number; gitCommit: string; compiler: { version: string; evmVersion: string }; contracts: Record<string, { address: string; deployBlock: number; transactionHash: string }>;
    };
    expect(file.chainId).to.equal(31337);
    expect(file.gitCommit).to.match(/^[0-9a-f]{40}(-dirty)?$|^unknown$/);
    expect(file.compiler.version).to.match(/^0\.8\.29\+commit/);
    expect(file.compiler.evmVersion).to.equal(EVM_VERSION);
    for (const entry of Object.values(file.contracts)) {
      const code = (await node.rpc("eth_getCode", [entry.address, "latest"])) as string;
      expect(code.length).to.be.greaterThan(2);
      const receipt = (await node.rpc("eth_getTransactionReceipt", [entry.transactionHash])) as { blockNumber: string; contractAddress: string };
      expect(Number(receipt.blockNumber)).to.equal(entry.deployBlock);
      expect(receipt.contractAddress.toLowerCase()).to.equal(entry.address.toLowerCase());
    }

    const blockBefore = await node.rpc("eth_blockNumber");
    const second = await runCli(["--json", "deploy"], env(), folder);
    expect(second.code).to.equal(0);
    expect(JSON.parse(second.stdout)).to.deep.include({ deployed: [], wired: [] });
    expect(await node.rpc("eth_blockNumber")).to.equal(blockBefore);
  });

  it("refuses a chain whose id differs from the deployment file's", async () => {
    const file = join(folder, "deployments", "anvil.json");
    const recorded = JSON.parse(readFileSync(file, "utf8")) as { chainId: number };
    writeFileSync(join(folder, "deployments", "other.json"), JSON.stringify({ ...recorded, chainId: 4242 }));
    const result = await runCli(["deploy"], { ...env(), NETWORK: "other" }, folder);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(`datarights: chain id mismatch: ${join(folder, "deployments", "other.json")} is for chain 4242, the RPC is chain 31337\n`);
  });

  it("refuses to deploy when CHAIN_ID does not match the node", async () => {
    const result = await runCli(["deploy"], { ...env(), NETWORK: "fresh", CHAIN_ID: "20260" }, folder);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(`datarights: chain id mismatch: the RPC at ${node.rpcUrl} is chain 31337, CHAIN_ID says 20260\n`);
  });

  it("applies parameters: exchange code, staff and an assessment requirement", async () => {
    const parameters = join(folder, "parameters.json");
    writeFileSync(parameters, JSON.stringify({
      exchangeCode: "BJDE", registrars: [anvilAccount(1).address], arbiters: [anvilAccount(2).address],
      requirements: [{ scope: "SourceCategory", value: 0, kinds: ["LegalCompliance", "SecurityRisk"] }],
    }));
    const result = await runCli(["--json", "deploy", "--parameters", parameters], { ...env(), NETWORK: "beijing" }, folder);
    expect(result.code, result.stderr).to.equal(0);
    const output = JSON.parse(result.stdout) as { wired: string[]; deployment: { exchangeCode: string } };
    expect(output.deployment.exchangeCode).to.equal("BJDE");
    expect(output.wired).to.include(`grant REGISTRAR_ROLE to ${anvilAccount(1).address}`);
    expect(output.wired).to.include(`grant ARBITER_ROLE to ${anvilAccount(2).address}`);
    expect(output.wired).to.include("require LegalCompliance+SecurityRisk of SourceCategory 0");
    const again = await runCli(["--json", "deploy", "--parameters", parameters], { ...env(), NETWORK: "beijing" }, folder);
    expect(JSON.parse(again.stdout)).to.deep.include({ deployed: [], wired: [] });
  });

  it("sets a requirement of every scope on the (scope, value) it names, and finds each set when run again", async () => {
    const parameters = join(folder, "policy.json");
    const requirements = [
      { scope: "Base", value: 0, kinds: ["LegalCompliance"] },
      { scope: "PersonalInformation", value: 1, kinds: ["PersonalInfoProtection"] },
      { scope: "SourceCategory", value: 2, kinds: ["SecurityRisk"] },
      { scope: "Classification", value: 1, kinds: ["Quality"] },
      { scope: "ProductType", value: 3, kinds: ["AssetValuation", "Quality"] },
    ];
    writeFileSync(parameters, JSON.stringify({ requirements }));
    const result = await runCli(["--json", "deploy", "--parameters", parameters], { ...env(), NETWORK: "policy" }, folder);
    expect(result.code, result.stderr).to.equal(0);
    const output = JSON.parse(result.stdout) as { wired: string[]; deployment: CompleteDeployment };
    expect(output.wired).to.include("require AssetValuation+Quality of ProductType 3");
    // Kinds are bits 1 << AssessmentKind: LegalCompliance 0, SecurityRisk 1, Quality 2, AssetValuation 3, PersonalInfoProtection 4.
    const expected = [[0, 0, 0b1], [1, 1, 0b10000], [2, 2, 0b10], [3, 1, 0b100], [4, 3, 0b1100]];
    const { provider, chainId } = await connectProvider(node.rpcUrl);
    try {
      const { assessments } = new DatarightsClient({ deployment: output.deployment, provider, chainId }).contracts;
      for (const [scope, value, mask] of expected) expect(Number(await assessments.requirement(scope, value)), `${scope} ${value}`).to.equal(mask);
      // The neighbouring values are untouched: a requirement lands on the value named, not one off.
      expect(Number(await assessments.requirement(1, 0))).to.equal(0);
      expect(Number(await assessments.requirement(4, 2))).to.equal(0);
    } finally {
      provider.destroy();
    }
    const again = await runCli(["--json", "deploy", "--parameters", parameters], { ...env(), NETWORK: "policy" }, folder);
    expect(JSON.parse(again.stdout)).to.deep.include({ deployed: [], wired: [] });
  });

  it("allow-lists the deployer and the named staff on each Besu node first, adding only the missing", async () => {
    const registrar = anvilAccount(1).address;
    const nodes = [await startMockBesu(), await startMockBesu([deployer.address.toLowerCase()])];
    try {
      const parameters = join(folder, "staff.json");
      writeFileSync(parameters, JSON.stringify({ registrars: [registrar] }));
      const result = await runCli(
        ["--json", "deploy", "--parameters", parameters, "--allowlist", nodes.map((node) => node.url).join(",")],
        { ...env(), NETWORK: "permissioned" }, folder,
      );
      expect(result.code, result.stderr).to.equal(0);
      expect((JSON.parse(result.stdout) as { allowlisted: unknown }).allowlisted).to.deep.equal([
        { url: nodes[0].url, added: [deployer.address, registrar] },
        { url: nodes[1].url, added: [registrar] },
      ]);
      expect(nodes[0].allowlist()).to.have.members([deployer.address.toLowerCase(), registrar.toLowerCase()]);
      expect(nodes[1].calls.map((call) => call.method)).to.deep.equal(["perm_getAccountsAllowlist", "perm_addAccountsToAllowlist"]);
      expect(nodes[1].calls[1].params).to.deep.equal([[registrar.toLowerCase()]]);
    } finally {
      await Promise.all(nodes.map((node) => node.close()));
    }
  });

  it("rejects invalid parameters in one line", async () => {
    const parameters = join(folder, "bad-parameters.json");
    writeFileSync(parameters, JSON.stringify({ exchangeCode: "sz" }));
    const result = await runCli(["deploy", "--parameters", parameters], { ...env(), NETWORK: "bad" }, folder);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(`datarights: parameters ${parameters}: exchangeCode: 2–8 upper-case letters\n`);
  });

  it("rejects a requirement value its scope does not have, naming the values it has, before deploying anything", async () => {
    const parameters = join(folder, "bad-requirement.json");
    writeFileSync(parameters, JSON.stringify({ requirements: [{ scope: "SourceCategory", value: 3, kinds: ["LegalCompliance"] }] }));
    const blockBefore = await node.rpc("eth_blockNumber");
    const result = await runCli(["deploy", "--parameters", parameters], { ...env(), NETWORK: "bad-requirement" }, folder);
    expect(result.code).to.equal(2);
    expect(result.stderr).to.equal(
      `datarights: parameters ${parameters}: requirements.0.value: SourceCategory has no value 3 (0 Public, 1 Enterprise, 2 Personal)\n`,
    );
    expect(await node.rpc("eth_blockNumber")).to.equal(blockBefore);
  });
});

describe("datarights deploy on a gas-free chain (anvil --gas-price 0 --base-fee 0)", function () {
  this.timeout(120_000);
  let node: AnvilNode;
  before(async () => {
    node = await startAnvil(["--gas-price", "0", "--base-fee", "0"]);
  });
  after(async () => node.stop());

  it("deploys with GAS_PRICE=0 and the deployer pays nothing", async () => {
    const folder = temporaryDirectory("free-gas");
    const deployer = anvilAccount(0);
    const balanceBefore = await node.rpc("eth_getBalance", [deployer.address, "latest"]);
    const result = await runCli(["--json", "deploy"], {
      RPC_URL: node.rpcUrl, NETWORK: "consortium", DEPLOYMENTS_DIR: join(folder, "deployments"), PRIVATE_KEY: deployer.privateKey, GAS_PRICE: "0", ...BUILD,
    }, folder);
    expect(result.code, result.stderr).to.equal(0);
    expect((JSON.parse(result.stdout) as { deployed: string[] }).deployed).to.have.length(7);
    expect(await node.rpc("eth_getBalance", [deployer.address, "latest"])).to.equal(balanceBefore);
    const { contracts } = JSON.parse(result.stdout).deployment as { contracts: { TradeLedger: { transactionHash: string } } };
    const transaction = (await node.rpc("eth_getTransactionByHash", [contracts.TradeLedger.transactionHash])) as { gasPrice: string; type: string };
    expect(BigInt(transaction.gasPrice)).to.equal(0n);
    expect(transaction.type).to.equal("0x0");
  });
});
