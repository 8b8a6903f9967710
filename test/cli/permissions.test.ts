import { expect } from "chai";
import { join } from "node:path";
import { startMockBesu } from "../besu/mock-besu";
import { expectRow } from "./error-table";
import { anvilAccount, runCli, startAnvil, temporaryDirectory } from "./harness";
import type { AnvilNode } from "./harness";

describe("datarights permissions sync (CLI against anvil and a loopback Besu)", function () {
  this.timeout(120_000);
  let node: AnvilNode;
  let env: Record<string, string>;
  let folder: string;
  const admin = anvilAccount(0);
  const registrar = anvilAccount(1);
  const participant = anvilAccount(2);
  const stranger = anvilAccount(3);

  before(async () => {
    node = await startAnvil();
    folder = temporaryDirectory("permissions");
    env = { RPC_URL: node.rpcUrl, NETWORK: "anvil", DEPLOYMENTS_DIR: join(folder, "deployments"), PRIVATE_KEY: admin.privateKey };
    expect((await runCli(["deploy"], env, folder)).code).to.equal(0);
    expect((await runCli(["role", "grant", registrar.address, "--role", "registrar"], env, folder)).code).to.equal(0);
    const accredited = await runCli(
      ["participant", "accredit", participant.address, "--kinds", "provider", "--dossier", "d", "--until", "1y"],
      { ...env, PRIVATE_KEY: registrar.privateKey }, folder,
    );
    expect(accredited.code, accredited.stderr).to.equal(0);
  });
  after(async () => node.stop());

  it("adds the active participant and the staff, removes the stranger, and then has nothing to do", async () => {
    const besu = await startMockBesu([stranger.address.toLowerCase(), admin.address.toLowerCase()]);
    try {
      const first = await runCli(["--json", "permissions", "sync", "--node", besu.url], env, folder);
      expect(first.code, first.stderr).to.equal(0);
      expect(besu.allowlist()).to.have.members([admin.address, registrar.address, participant.address].map((account) => account.toLowerCase()));
      const methods = besu.calls.map((call) => call.method);
      expect(methods).to.deep.equal(["perm_getAccountsAllowlist", "perm_addAccountsToAllowlist", "perm_removeAccountsFromAllowlist"]);
      expect(besu.calls[2].params).to.deep.equal([[stranger.address.toLowerCase()]]);

      const callsBefore = besu.calls.length;
      const second = await runCli(["--json", "permissions", "sync", "--node", besu.url], env, folder);
      expect(second.code, second.stderr).to.equal(0);
      expect(besu.calls.slice(callsBefore).map((call) => call.method)).to.deep.equal(["perm_getAccountsAllowlist"]);
    } finally {
      await besu.close();
    }
  });

  it("a dry run sends no change", async () => {
    const besu = await startMockBesu([stranger.address.toLowerCase()]);
    try {
      const result = await runCli(["--json", "permissions", "sync", "--dry-run", "--node", besu.url], env, folder);
      expect(result.code, result.stderr).to.equal(0);
      expect(besu.calls.map((call) => call.method)).to.deep.equal(["perm_getAccountsAllowlist"]);
      expect(besu.allowlist()).to.deep.equal([stranger.address.toLowerCase()]);
    } finally {
      await besu.close();
    }
  });

  it("a node without the PERM API gets one line and exit 2", async () => {
    const besu = await startMockBesu();
    besu.failWith({ code: -32604, message: "Method not enabled" });
    try {
      const result = await runCli(["permissions", "sync", "--node", besu.url], env, folder);
      expect(result.code).to.equal(2);
      expect(result.stderr.trim().split("\n")).to.have.length(1);
      expect(result.stderr).to.match(/^datarights: .*perm_getAccountsAllowlist.*/);
      expectRow("P01", result);
      expectRow("P01", await runCli(["--json", "permissions", "sync", "--node", besu.url], env, folder));
    } finally {
      await besu.close();
    }
  });
});
