import { assessmentKindsMask } from "../../src/sdk/names";
import type { AssessmentKindName } from "../../src/sdk/names";
import { expect } from "chai";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { JsonRpcProvider } from "ethers";
import { AssessmentRegistry__factory } from "../../typechain-types";
import { anvilAccount, runCli, startAnvil, temporaryDirectory } from "./harness";
import type { AnvilNode } from "./harness";

/** Names, not enum indexes: `assessment require` by attribute name and value, and spans in months, against anvil. */
describe("datarights CLI: names and months (against anvil)", function () {
  this.timeout(180_000);
  let node: AnvilNode;
  let folder: string;
  let env: Record<string, string>;
  let requirement: (scope: number, value: number) => Promise<bigint>;
  let provider: JsonRpcProvider;

  before(async () => {
    node = await startAnvil();
    folder = temporaryDirectory("names");
    env = { RPC_URL: node.rpcUrl, NETWORK: "anvil", DEPLOYMENTS_DIR: join(folder, "deployments"), PRIVATE_KEY: anvilAccount(0).privateKey };
    const deployed = await runCli(["deploy"], env, folder);
    expect(deployed.code, deployed.stderr).to.equal(0);
    const registrar = await runCli(["role", "grant", anvilAccount(0).address, "--role", "registrar"], env, folder);
    expect(registrar.code, registrar.stderr).to.equal(0);
    const deployment = JSON.parse(readFileSync(join(folder, "deployments", "anvil.json"), "utf8")) as { contracts: Record<string, { address: string }> };
    provider = new JsonRpcProvider(node.rpcUrl);
    const assessments = AssessmentRegistry__factory.connect(deployment.contracts.AssessmentRegistry.address, provider);
    requirement = async (scope, value) => assessments.requirement(scope, value);
  });
  after(async () => {
    provider?.destroy();
    await node?.stop();
  });

  async function json(args: string[]): Promise<Record<string, unknown>> {
    const result = await runCli(["--json", ...args], env, folder);
    expect(result.code, `${args.join(" ")}: ${result.stderr}`).to.equal(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  // Each scope's (scope, value) key in contracts/types/DataRightsTypes.sol.
  const cases: { options: string[]; kinds: AssessmentKindName[]; scope: string; value: string | null; key: [number, number] }[] = [
    { options: ["--source-category", "Public"], kinds: ["LegalCompliance", "Quality"], scope: "SourceCategory", value: "Public", key: [2, 0] },
    { options: ["--classification", "Important"], kinds: ["SecurityRisk", "AssetValuation"], scope: "Classification", value: "Important", key: [3, 1] },
    { options: ["--product-type", "api"], kinds: ["CrossBorderSecurity"], scope: "ProductType", value: "Api", key: [4, 1] },
    { options: ["--personal-information", "no"], kinds: ["PriceEvaluation"], scope: "PersonalInformation", value: "no", key: [1, 0] },
    { options: ["--personal-information", "yes"], kinds: ["PersonalInfoProtection", "Quality"], scope: "PersonalInformation", value: "yes", key: [1, 1] },
    { options: ["--base"], kinds: ["LegalCompliance"], scope: "Base", value: null, key: [0, 0] },
  ];

  for (const { options, kinds, scope, value, key } of cases) {
    it(`assessment require ${options.join(" ")} sets the requirement of ${scope}${value === null ? "" : ` ${value}`}`, async () => {
      const output = await json(["assessment", "require", ...options, "--kinds", kinds.join(",")]);
      expect(output).to.include({ scope, value });
      expect(output.kinds).to.have.members(kinds);
      expect(await requirement(...key)).to.equal(BigInt(assessmentKindsMask(kinds)));
    });
  }

  it("an empty --kinds lifts a requirement, and people read it in names", async () => {
    const result = await runCli(["assessment", "require", "--classification", "Important", "--kinds", ""], env, folder);
    expect(result.code, result.stderr).to.equal(0);
    expect(result.stdout).to.equal("products with Classification Important now require nothing\n");
    expect(await requirement(3, 1)).to.equal(0n);
  });

  it("--until 6m is six calendar months from the chain's time", async () => {
    const latest = (await node.rpc("eth_getBlockByNumber", ["latest", false])) as { timestamp: string };
    const now = new Date(parseInt(latest.timestamp, 16) * 1000);
    const expected = new Date(now);
    expected.setUTCDate(1);
    expected.setUTCMonth(now.getUTCMonth() + 6);
    expected.setUTCDate(Math.min(now.getUTCDate(), new Date(Date.UTC(expected.getUTCFullYear(), expected.getUTCMonth() + 1, 0)).getUTCDate()));
    const account = anvilAccount(7).address;
    const output = await json(["participant", "accredit", account, "--kinds", "buyer", "--dossier", "six months", "--until", "6m"]);
    expect(output.accreditedUntil).to.equal(String(expected.getTime() / 1000));
    expect((await json(["participant", "show", account])).accreditedUntil).to.equal(output.accreditedUntil);
  });
});
