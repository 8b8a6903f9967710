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
});
