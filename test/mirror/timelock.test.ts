import { expect } from "chai";
import { Wallet, ZeroAddress, id } from "ethers";
import { join } from "node:path";
import { deployDatarights } from "../../deploy/deployer";
import { buildApi } from "../../src/api";
import type { Governance } from "../../src/api/shapes";
import { anvilAccount, startAnvil } from "../../src/devchain/anvil";
import type { AnvilNode } from "../../src/devchain/anvil";
import { MirrorMismatchError, auditMirror, mirroredDeployment } from "../../src/listener";
import type { MirroredDeployment } from "../../src/listener";
import type { MirrorDatabase } from "../../src/mirror/database";
import { connectProvider } from "../../src/sdk/chain";
import { DatarightsClient } from "../../src/sdk/client";
import { readDeployment, writeDeployment } from "../../src/sdk/deployment";
import {
  beginAdminTransfer, cancelChange, executeChange, getGovernance, getTimelock, requirementKey, scheduleChange,
} from "../../src/sdk/actions";
import { temporaryDirectory } from "../cli/harness";
import { forEachBackend } from "./backends";
import { indexTo, startMirror } from "./helpers";

const DAY = 86_400;
const iso = (seconds: bigint | number): string => new Date(Number(seconds) * 1000).toISOString();

/**
 * Issue 16: a policy change under the timelock waits out its delay, and the pending change is
 * visible on-chain, in the mirror (timelock_operations) and in the API's /governance before it
 * takes effect; once executed it shows done and the policy has changed.
 */
describe("the timelock's scheduled changes, on-chain, in the mirror and in /governance", function () {
  this.timeout(300_000);
  let node: AnvilNode;
  let client: DatarightsClient;
  let mirrored: MirroredDeployment;
  let destroy: () => void;

  const advance = async (seconds: number) => {
    await node.rpc("evm_increaseTime", [seconds]);
    await node.rpc("evm_mine");
  };
  const head = async () => Number(await node.rpc("eth_blockNumber"));
  const api = async (database: MirrorDatabase): Promise<Governance> => {
    const app = await buildApi({ database, webRoot: false, cache: false });
    try {
      return (await app.inject({ method: "GET", url: "/governance" })).json() as Governance;
    } finally {
      await app.close();
    }
  };

  before(async () => {
    node = await startAnvil();
    const { provider, chainId } = await connectProvider(node.rpcUrl);
    destroy = () => provider.destroy();
    const admin = new Wallet(anvilAccount(0).privateKey, provider);
    const { deployment } = await deployDatarights({
      signer: admin, network: "test",
      parameters: { adminDelaySeconds: 60, timelock: { minDelay: DAY, proposers: [admin.address], executors: [ZeroAddress] } },
    });
    client = new DatarightsClient({ deployment, provider, chainId, account: admin, rpcUrl: node.rpcUrl });
    mirrored = mirroredDeployment(deployment);
  });
  after(async () => {
    destroy?.();
    await node?.stop();
  });

  it("is recorded in the deployment file, which still loads without one", () => {
    const timelock = client.deployment.timelock!;
    expect(timelock.address).to.match(/^0x[0-9a-fA-F]{40}$/);
    expect(mirrored.timelock).to.deep.equal({ address: timelock.address, deployBlock: timelock.deployBlock });
    const directory = temporaryDirectory("timelock-deployment");
    const { timelock: _dropped, ...without } = client.deployment;
    writeDeployment(join(directory, "old.json"), without);
    const old = readDeployment(join(directory, "old.json"))!;
    expect(old.timelock).to.equal(undefined);
    expect(mirroredDeployment({ ...old, contracts: client.deployment.contracts }).timelock).to.equal(undefined);
  });

  it("is deployed once: a rerun on the deployment file finds it, and the parameters refuse a timelock without proposers", async () => {
    const file = join(temporaryDirectory("timelock-rerun"), "test.json");
    const admin = new Wallet(anvilAccount(0).privateKey, client.provider);
    const parameters = { timelock: { minDelay: 3_600, proposers: [admin.address], executors: [admin.address] } };
    const first = await deployDatarights({ signer: admin, network: "test", deploymentFile: file, parameters });
    expect(first.deployedTimelock).to.equal(true);
    expect(readDeployment(file)!.timelock).to.deep.equal(first.deployment.timelock);
    const lines: string[] = [];
    const again = await deployDatarights({ signer: admin, network: "test", deploymentFile: file, parameters, log: (line) => lines.push(line) });
    expect(again).to.deep.include({ deployed: [], wired: [] });
    expect(again.deployedTimelock).to.equal(undefined);
    expect(lines).to.include(`  ExchangeTimelock     ${first.deployment.timelock!.address} (already deployed)`);
    const forClient = client.forDeployment(first.deployment);
    expect((await getTimelock(forClient)).minDelay).to.equal(3_600n);
    let refused: Error | undefined;
    await deployDatarights({ signer: admin, network: "test", parameters: { timelock: { minDelay: 1, proposers: [], executors: [ZeroAddress] } } })
      .catch((error: Error) => (refused = error));
    expect(refused?.message).to.contain("at least one proposer");
  });

  forEachBackend((backend) => {
    it("shows a policy change pending with its ready time before it takes effect, then done with the policy changed", async () => {
      const snapshot = await node.rpc("evm_snapshot");
      try {
        const timelock = client.deployment.timelock!.address;
        // The Admin role moves to the timelock: begun by the Admin, accepted by the timelock itself.
        const { effectiveAt } = await beginAdminTransfer(client, { newAdmin: timelock });
        const accept = await scheduleChange(client, { call: { contract: "ParticipantRegistry", function: "acceptDefaultAdminTransfer" } });
        await advance(DAY + 1);
        expect(Number(effectiveAt)).to.be.lessThan(Number((await client.provider.getBlock("latest"))!.timestamp));
        await executeChange(client, { operationId: accept.operationId });
        expect((await getGovernance(client)).admin).to.equal(timelock);

        // The policy change: LegalCompliance, SecurityRisk and Quality required of every product.
        const { scope, value } = requirementKey({ scope: "Base" });
        const before = await client.contracts.assessments.requirement(scope, value);
        const change = await scheduleChange(client, { call: { contract: "AssessmentRegistry", function: "setRequirement", args: [scope, value, 0b111] } });
        expect(change.readyAt).to.equal(BigInt((await client.provider.getBlock(change.transaction.blockNumber))!.timestamp) + BigInt(DAY));
        // A role grant scheduled, then cancelled.
        const grant = await scheduleChange(client, {
          call: { contract: "ParticipantRegistry", function: "grantRole", args: [await client.contracts.participants.PAUSER_ROLE(), anvilAccount(5).address] },
        });
        await cancelChange(client, { operationId: grant.operationId });
        // A batch, waiting two days: a policy call and a raw one to an address outside the deployment.
        const personal = requirementKey({ scope: "PersonalInformation", value: true });
        const outside = anvilAccount(6).address;
        const batch = await scheduleChange(client, {
          call: [{ contract: "AssessmentRegistry", function: "setRequirement", args: [personal.scope, personal.value, 0b1] }, { target: outside, data: "0x1234" }],
          salt: id("batch"), delay: BigInt(2 * DAY),
        });

        // On-chain: pending, not in force, and not executable yet.
        const onChain = await getTimelock(client);
        expect(onChain.minDelay).to.equal(BigInt(DAY));
        expect(onChain.operations.map((operation) => [operation.id, operation.state])).to.deep.equal([
          [change.operationId, "pending"], [batch.operationId, "pending"], [grant.operationId, "cancelled"], [accept.operationId, "done"],
        ]);
        expect(onChain.operations[1]).to.deep.include({ salt: id("batch"), delay: BigInt(2 * DAY) });
        expect(onChain.operations[1].calls.map((call) => [call.index, call.target, call.data, call.call?.function ?? null])).to.deep.equal([
          [0, client.deployment.contracts.AssessmentRegistry.address, onChain.operations[1].calls[0].data, "setRequirement"], [1, outside, "0x1234", null],
        ]);
        expect(onChain.operations[0].calls[0].call).to.deep.equal({
          contract: "AssessmentRegistry", function: "setRequirement", signature: "setRequirement(uint8,uint8,uint16)", args: ["0", "0", "7"],
        });
        expect(onChain.operations[0].readyAt).to.equal(change.readyAt);
        expect(await client.contracts.assessments.requirement(scope, value)).to.equal(before);
        let refused: Error | undefined;
        await executeChange(client, { operationId: change.operationId }).catch((error: Error) => (refused = error));
        expect(refused?.message).to.match(new RegExp(`operation ${change.operationId} is waiting for its delay until ${iso(change.readyAt)}: it cannot be executed now`));

        // In the mirror and the API, before it takes effect.
        const { config } = backend.fresh("timelock");
        let database = await indexTo(config, node.rpcUrl, mirrored, await head());
        try {
          const rows = await database.query<{ id: string; status: string; ready_at: number; call: unknown; target: string; call_count: number; more_calls: unknown; salt: string | null }>(
            "select id, status, ready_at, call, target, call_count, more_calls, salt from timelock_operations order by scheduled_block",
          );
          expect(rows.map((row) => [row.id, row.status])).to.deep.equal([
            [accept.operationId, "done"], [change.operationId, "pending"], [grant.operationId, "cancelled"], [batch.operationId, "pending"],
          ]);
          expect(rows[3]).to.deep.include({
            call_count: 2, salt: id("batch"), more_calls: [{ index: 1, target: outside.toLowerCase(), value: "0", calldata: "0x1234", call: null }],
          });
          expect(rows[1]).to.deep.include({
            ready_at: Number(change.readyAt), target: client.deployment.contracts.AssessmentRegistry.address.toLowerCase(),
            call: { contract: "AssessmentRegistry", function: "setRequirement", signature: "setRequirement(uint8,uint8,uint16)", args: ["0", "0", "7"] },
          });
          const governance = await api(database);
          expect(governance.timelock).to.deep.include({ address: timelock.toLowerCase(), minDelaySeconds: DAY });
          expect(governance.timelock!.operations.map((operation) => [operation.summary, operation.state, operation.due])).to.deep.equal([
            ["AssessmentRegistry.setRequirement(0, 0, 7)", "pending", false],
            ["AssessmentRegistry.setRequirement(1, 1, 1)", "pending", false],
            [`ParticipantRegistry.grantRole(${await client.contracts.participants.PAUSER_ROLE()}, ${anvilAccount(5).address})`, "cancelled", false],
            ["ParticipantRegistry.acceptDefaultAdminTransfer()", "done", true],
          ]);
          expect(governance.timelock!.operations[0].readyAt).to.equal(iso(change.readyAt));
          expect(governance.timelock!.operations[1]).to.deep.include({ callCount: 2, moreCalls: [`${outside.toLowerCase()} 0x1234…`], readyAt: iso(batch.readyAt) });
          const requirement = await database.query<{ kinds_mask: number }>("select kinds_mask from assessment_requirements where scope = 'Base' and value = 0");
          expect(requirement.map((row) => row.kinds_mask)).to.not.include(0b111);
          const audit = await auditMirror({ database, client });
          expect(audit.divergences).to.deep.equal([]);
          expect(audit.checked.timelockOperation).to.equal(4);
        } finally {
          await database.close();
        }

        // Due: the API says so; executed: done, and the policy changed, on-chain and in the mirror.
        await advance(DAY);
        database = await indexTo(config, node.rpcUrl, mirrored, await head());
        try {
          const operations = (await api(database)).timelock!.operations;
          expect(operations.map((operation) => [operation.id, operation.state])).to.deep.equal([
            [change.operationId, "ready"], [batch.operationId, "pending"], [grant.operationId, "cancelled"], [accept.operationId, "done"],
          ]);
        } finally {
          await database.close();
        }
        await executeChange(client, { operationId: change.operationId });
        expect(await client.contracts.assessments.requirement(scope, value)).to.equal(0b111n);
        database = await indexTo(config, node.rpcUrl, mirrored, await head());
        try {
          const governance = await api(database);
          expect(governance.timelock!.operations.map((operation) => [operation.id, operation.state])).to.deep.equal([
            [batch.operationId, "pending"], [change.operationId, "done"], [grant.operationId, "cancelled"], [accept.operationId, "done"],
          ]);
          expect(governance.timelock!.operations[1]).to.deep.include({ summary: "AssessmentRegistry.setRequirement(0, 0, 7)", state: "done", due: true });
          const requirement = await database.query<{ kinds_mask: number }>("select kinds_mask from assessment_requirements where scope = 'Base' and value = 0");
          expect(requirement.map((row) => row.kinds_mask)).to.deep.equal([0b111]);
          const audit = await auditMirror({ database, client });
          expect(audit.divergences).to.deep.equal([]);
        } finally {
          await database.close();
        }
      } finally {
        await node.rpc("evm_revert", [snapshot]);
      }
    });
  });

  forEachBackend((backend) => {
    it("follows a timelock deployed after its checkpoint, and refuses one it has read past, or a timelock it does not know", async () => {
      const refusal = async (database: ReturnType<typeof backend.fresh>["config"], deployment: MirroredDeployment): Promise<string> => {
        const mirror = await startMirror(database, node.rpcUrl, deployment);
        try {
          return await mirror.done.then(() => expect.fail("the listener accepted the database"), (error: Error) => {
            expect(error).to.be.instanceOf(MirrorMismatchError);
            return error.message;
          });
        } finally {
          await mirror.close();
        }
      };
      const { timelock: _timelock, ...withoutTimelock } = client.deployment;
      // A mirror of the deployment without its timelock, past the timelock's block: it must be rebuilt.
      const { config } = backend.fresh("timelock-past");
      await (await indexTo(config, node.rpcUrl, mirroredDeployment(withoutTimelock), await head())).close();
      expect(await refusal(config, mirrored)).to.match(
        new RegExp(`mirrors no timelock up to block \\d+, not this deployment's timelock ${client.deployment.timelock!.address.toLowerCase()}: rebuild it`),
      );
      // A mirror of the timelock, given a deployment file without it.
      const { config: other } = backend.fresh("timelock-known");
      await (await indexTo(other, node.rpcUrl, mirrored, await head())).close();
      expect(await refusal(other, mirroredDeployment(withoutTimelock))).to.match(/mirrors timelock 0x[0-9a-f]{40} up to block \d+, not this deployment's absence of one/);
      // A timelock deployed after the mirror's checkpoint (a rerun of deploy with the parameter): followed from then on.
      const file = join(temporaryDirectory("timelock-later"), "test.json");
      writeDeployment(file, withoutTimelock);
      const admin = new Wallet(anvilAccount(0).privateKey, client.provider);
      const later = await deployDatarights({
        signer: admin, network: "test", deploymentFile: file, parameters: { timelock: { minDelay: 60, proposers: [admin.address], executors: [ZeroAddress] } },
      });
      expect(later.deployed).to.deep.equal([]);
      const { operationId } = await scheduleChange(client.forDeployment(later.deployment), { call: { target: anvilAccount(7).address, data: "0x" } });
      // The first mirror stopped before that block: it follows the new timelock.
      const database = await indexTo(config, node.rpcUrl, mirroredDeployment(later.deployment), await head());
      try {
        const rows = await database.query<{ id: string; timelock: string; status: string }>("select id, timelock, status from timelock_operations");
        expect(rows).to.deep.equal([{ id: operationId, timelock: later.deployment.timelock!.address.toLowerCase(), status: "pending" }]);
        const state = await database.query<{ contracts: Record<string, unknown> }>("select contracts from mirror_state");
        expect(state[0].contracts.ExchangeTimelock).to.equal(later.deployment.timelock!.address.toLowerCase());
      } finally {
        await database.close();
      }
    });
  });

  it("refuses bad input in one line", async () => {
    const fail = async (promise: Promise<unknown>): Promise<string> => {
      try {
        await promise;
      } catch (error) {
        return (error as Error).message.split("\n")[0];
      }
      throw new Error("expected a refusal");
    };
    expect(await fail(scheduleChange(client, { call: { contract: "AssessmentRegistry", function: "setRequirment", args: [] } })))
      .to.equal('AssessmentRegistry has no function "setRequirment"');
    expect(await fail(scheduleChange(client, { call: { contract: "AssessmentRegistry", function: "requirement", args: [0, 0] } })))
      .to.equal("AssessmentRegistry.requirement only reads: there is nothing to schedule");
    expect(await fail(scheduleChange(client, { call: { contract: "AssessmentRegistry", function: "setRequirement", args: [0] } })))
      .to.match(/^cannot encode AssessmentRegistry\.setRequirement\(uint8,uint8,uint16\) with these arguments: /);
    expect(await fail(scheduleChange(client, { call: { contract: "AssessmentRegistry", function: "setRequirement", args: [0, 0, 1] }, delay: 5n })))
      .to.equal("schedule a change reverted: the delay 5 s is below the timelock's minimum of 86400 s");
    expect(await fail(executeChange(client, { operationId: `0x${"ab".repeat(32)}` })))
      .to.equal(`operation 0x${"ab".repeat(32)} is not scheduled (or cancelled): it cannot be executed now`);
    const { timelock: _dropped, ...without } = client.deployment;
    const plain = client.forDeployment(without);
    expect(await fail(getTimelock(plain))).to.equal('deployment test has no timelock: deploy with "timelock" in the parameters (docs/operations.md)');
  });
});
