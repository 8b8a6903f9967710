import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { Wallet, ZeroAddress } from "ethers";
import { connectProvider } from "../../src/sdk/chain";
import { DatarightsClient } from "../../src/sdk/client";
import { requireDeployment } from "../../src/sdk/deployment";
import { requirementKey, scheduleChange } from "../../src/sdk/actions";
import { anvilAccount, runCli, startAnvil, temporaryDirectory } from "./harness";
import type { AnvilNode } from "./harness";

/**
 * `datarights deploy` with the `timelock` parameter records the timelock in the deployment file,
 * and `datarights governance show` lists the changes scheduled on it before they take effect.
 */
describe("datarights CLI: the timelock (against anvil)", function () {
  this.timeout(300_000);
  let node: AnvilNode;
  let folder: string;
  let env: Record<string, string>;
  const admin = anvilAccount(0);

  before(async () => {
    node = await startAnvil();
    folder = temporaryDirectory("cli-timelock");
    env = { RPC_URL: node.rpcUrl, NETWORK: "anvil", DEPLOYMENTS_DIR: join(folder, "deployments"), PRIVATE_KEY: admin.privateKey };
  });
  after(async () => node?.stop());

  it("refuses a timelock without proposers in one line", async () => {
    const parameters = join(folder, "bad.json");
    writeFileSync(parameters, JSON.stringify({ timelock: { minDelay: 60, proposers: [], executors: [ZeroAddress] } }));
    const refused = await runCli(["deploy", "--parameters", parameters], env, folder);
    expect(refused.code).to.not.equal(0);
    expect(refused.stderr.trim().split("\n")).to.have.length(1);
    expect(refused.stderr).to.contain("timelock.proposers: at least one proposer");
  });

  it("deploys the timelock from the parameters, and governance show lists a change scheduled on it with its ready time", async () => {
    const parameters = join(folder, "parameters.json");
    writeFileSync(parameters, JSON.stringify({ timelock: { minDelay: 86_400, proposers: [admin.address], executors: [ZeroAddress] } }));
    const deployed = await runCli(["--json", "deploy", "--parameters", parameters], env, folder);
    expect(deployed.code, deployed.stderr).to.equal(0);
    const timelock = (JSON.parse(deployed.stdout) as { deployment: { timelock?: { address: string } } }).deployment.timelock?.address;
    expect(timelock).to.match(/^0x[0-9a-fA-F]{40}$/);
    const deployment = requireDeployment(join(folder, "deployments", "anvil.json"));
    expect(deployment.timelock?.address).to.equal(timelock);

    const shown = await runCli(["governance", "show"], env, folder);
    expect(shown.stdout).to.contain(`timelock ${timelock}, min delay 86400 s, 0 changes scheduled`);

    const { provider, chainId } = await connectProvider(node.rpcUrl);
    try {
      const client = new DatarightsClient({ deployment, provider, chainId, account: new Wallet(admin.privateKey, provider) });
      const { scope, value } = requirementKey({ scope: "Base" });
      const { operationId, readyAt } = await scheduleChange(client, {
        call: { contract: "AssessmentRegistry", function: "setRequirement", args: [scope, value, 0b101] },
      });
      const pending = await runCli(["governance", "show"], env, folder);
      expect(pending.code, pending.stderr).to.equal(0);
      expect(pending.stdout).to.contain(`timelock ${timelock}, min delay 86400 s, 1 change scheduled`);
      expect(pending.stdout).to.contain(
        `pending: AssessmentRegistry.setRequirement(0, 0, 5), ready ${new Date(Number(readyAt) * 1000).toISOString()} (operation ${operationId})`,
      );
      const json = JSON.parse((await runCli(["--json", "governance", "show"], env, folder)).stdout) as { timelock: { operations: { id: string; state: string }[] } };
      expect(json.timelock.operations.map((operation) => [operation.id, operation.state])).to.deep.equal([[operationId, "pending"]]);
    } finally {
      provider.destroy();
    }
  });
});
