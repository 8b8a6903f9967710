import { expect } from "chai";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { anvilAccount, runCli, startAnvil, temporaryDirectory } from "./harness";
import type { AnvilNode, CliResult } from "./harness";

/**
 * `datarights governance` against anvil: show, the emergency pause as a Pauser (and refused to
 * anyone else, in one line), the Admin's two-step handover (refused before the delay).
 */
describe("datarights CLI: governance (against anvil)", function () {
  this.timeout(300_000);
  let node: AnvilNode;
  let folder: string;
  let env: Record<string, string>;
  const cast = { admin: 0, pauser: 1, provider: 2, newAdmin: 3 } as const;
  type Actor = keyof typeof cast;
  const address = (actor: Actor) => anvilAccount(cast[actor]).address;
  const run = (actor: Actor, args: string[]): Promise<CliResult> => runCli(args, { ...env, PRIVATE_KEY: anvilAccount(cast[actor]).privateKey }, folder);
  async function act(actor: Actor, args: string[]): Promise<Record<string, unknown>> {
    const result = await run(actor, ["--json", ...args]);
    expect(result.code, `${actor}: datarights ${args.join(" ")}\n${result.stderr}`).to.equal(0);
    return JSON.parse(result.stdout) as Record<string, unknown>;
  }

  before(async () => {
    node = await startAnvil();
    folder = temporaryDirectory("governance");
    env = { RPC_URL: node.rpcUrl, NETWORK: "anvil", DEPLOYMENTS_DIR: join(folder, "deployments") };
    const parameters = join(folder, "parameters.json");
    writeFileSync(parameters, JSON.stringify({ registrars: [address("admin")], pausers: [address("pauser")], adminDelaySeconds: 3600 }));
    await act("admin", ["deploy", "--parameters", parameters]);
    await act("admin", ["participant", "accredit", address("provider"), "--kinds", "provider", "--dossier", "provider", "--until", "3y"]);
  });
  after(async () => node?.stop());

  it("pauses new records as a Pauser, unpauses as the Admin, and refuses anyone else in one line", async () => {
    const shown = await run("admin", ["governance", "show"]);
    expect(shown.stdout).to.contain("epoch 1").and.to.contain("nothing paused").and.to.contain("handover delay 3600 s");

    const refused = await run("provider", ["governance", "pause"]);
    expect(refused.code).to.equal(1);
    expect(refused.stderr.trim().split("\n")).to.have.length(1);
    expect(refused.stderr).to.contain("lacks the role");

    expect((await act("pauser", ["governance", "pause"])).paused).to.equal(true);
    expect((await run("admin", ["governance", "show"])).stdout).to.contain("PAUSED: new records in products, certificates, trades");
    const manifest = join(folder, "manifest.json");
    writeFileSync(manifest, JSON.stringify({ name: "meter readings", originDeclaration: "own meters", productType: "Dataset", sourceCategory: "Enterprise" }));
    const blocked = await run("provider", ["product", "register", "--manifest", manifest]);
    expect(blocked.code).to.equal(1);
    expect(blocked.stderr).to.contain("paused");
    const early = await run("pauser", ["governance", "unpause"]);
    expect(early.code).to.equal(1);
    await act("admin", ["governance", "unpause"]);
    expect((await act("provider", ["product", "register", "--manifest", manifest])).productId).to.equal("1");
  });

  it("hands the Admin role over in two steps: begun, refused before the delay, accepted after it", async () => {
    const begun = await act("admin", ["governance", "transfer-admin", address("newAdmin")]);
    expect((await run("admin", ["governance", "show"])).stdout).to.contain(`pending: the Admin role to ${address("newAdmin")}`);
    const early = await run("newAdmin", ["governance", "accept-admin"]);
    expect(early.code).to.equal(1);
    expect(early.stderr).to.contain("not due yet");
    await node.rpc("evm_increaseTime", [3601]);
    await node.rpc("evm_mine");
    await act("newAdmin", ["governance", "accept-admin"]);
    const governance = await act("admin", ["governance", "show"]);
    expect(governance).to.deep.include({ admin: address("newAdmin"), pendingAdmin: null });
    expect(begun.effectiveAt).to.be.a("string");
  });

  it("moves to a new version: deployed after the old one, compared, carried over once the old one names it, and opened", async () => {
    // The old deployment's Admin is newAdmin since the handover above; the new one's is admin, its deployer.
    const second = { ...env, NETWORK: "anvil-e2" };
    const onSecond = (actor: Actor, args: string[]) => runCli(args, { ...second, PRIVATE_KEY: anvilAccount(cast[actor]).privateKey }, folder);
    await act("pauser", ["governance", "pause"]);
    const parameters = join(folder, "parameters-e2.json");
    writeFileSync(parameters, JSON.stringify({ predecessor: join(folder, "deployments", "anvil.json"), registrars: [address("admin")], adminDelaySeconds: 3600 }));
    const deployed = await onSecond("admin", ["--json", "deploy", "--parameters", parameters]);
    expect(deployed.code, deployed.stderr).to.equal(0);
    const registry = (JSON.parse(deployed.stdout) as { deployment: { contracts: { ParticipantRegistry: { address: string } } } })
      .deployment.contracts.ParticipantRegistry.address;

    const before = await onSecond("admin", ["governance", "diff"]);
    expect(before.code).to.equal(1);
    expect(before.stdout).to.match(/DIFFERS {2}participants 0x[0-9a-f]{40} stored: 0x[0-9a-f]+ -> \(missing\)/);
    expect(before.stderr.trim().split("\n")).to.have.length(1);
    const early = await onSecond("admin", ["governance", "migrate"]);
    expect(early.code).to.equal(1);
    expect(early.stderr).to.contain("has not named this deployment its successor");

    await act("newAdmin", ["governance", "set-successor", registry]);
    const moved = await onSecond("admin", ["governance", "migrate", "--open"]);
    expect(moved.code, moved.stderr).to.equal(0);
    expect(moved.stdout).to.match(/^\d+ records carried over in \d+ transactions$/m);
    expect(moved.stdout).to.contain("no difference").and.to.contain("the pause is lifted");
    const shown = await onSecond("admin", ["governance", "show"]);
    expect(shown.stdout).to.contain("epoch 2, after").and.to.contain("nothing paused");
    const product = await onSecond("admin", ["--json", "product", "show", "1"]);
    expect((JSON.parse(product.stdout) as { registrationNumber: string }).registrationNumber).to.equal("SZDE-E1-DP-00000001");
    const again = await onSecond("admin", ["governance", "migrate"]);
    expect(again.stdout).to.contain("nothing to carry over");
  });
});
