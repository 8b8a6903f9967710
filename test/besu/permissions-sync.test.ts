import { expect } from "chai";
import { ZeroAddress, getAddress } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  ARBITER_ROLE, Kind, MARKET_ROLE_ID, REGISTRAR_ROLE, hashOf, jurisdiction, now, registryFixture,
} from "../fixtures";
import type { RegistryFixture } from "../fixtures";
import {
  BesuPermissionsError, applyAllowlist, createBesuPermissionsClient, followAllowlist, readRequiredAccounts,
  runPermissionsSync, syncAllowlist,
} from "../../src/permissions";
import type { BesuPermissionsClient, FollowSyncReport } from "../../src/permissions";
import { changeCalls, startMockBesu } from "./mock-besu";
import type { MockBesu } from "./mock-besu";
import { serveHardhatChain } from "./chain-proxy";

const byHex = (a: string, b: string): number => (a.toLowerCase() < b.toLowerCase() ? -1 : 1);
/** What the sync must return: checksummed, sorted. */
const checksummed = (addresses: string[]): string[] => addresses.map((address) => getAddress(address)).sort(byHex);
/** What the sync must send: lower case, sorted. */
const wire = (addresses: string[]): string[] => checksummed(addresses).map((address) => address.toLowerCase());

/** Staff (admin, registrar, arbiter) and the seven accredited participants of registryFixture. */
function everyoneAllowed(f: RegistryFixture): string[] {
  return [
    f.admin, f.registrar, f.arbiter, f.provider, f.otherProvider, f.buyer, f.lawFirm, f.institute, f.financier,
    f.auditor,
  ].map((signer) => signer.address);
}

/** The error `promise` rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.fail("expected a rejection"),
    (reason: unknown) => {
      expect(reason).to.be.instanceOf(Error);
      return reason as Error;
    },
  );
}

async function waitFor(what: string, condition: () => boolean, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe("Besu account allowlist sync (src/permissions)", function () {
  let mocks: MockBesu[] = [];

  async function besuNode(initial: string[] = []): Promise<{ mock: MockBesu; besu: BesuPermissionsClient }> {
    const mock = await startMockBesu(initial);
    mocks.push(mock);
    return { mock, besu: createBesuPermissionsClient(mock.url) };
  }

  afterEach(async function () {
    await Promise.all(mocks.map((mock) => mock.close()));
    mocks = [];
  });

  describe("readRequiredAccounts", function () {
    it("lists every active participant and every Admin, Registrar and Arbiter, checksummed and sorted", async function () {
      const f = await loadFixture(registryFixture);
      const { accounts } = await readRequiredAccounts(f.participants);
      expect(accounts).to.deep.equal(checksummed(everyoneAllowed(f)));
    });

    it("leaves out the ListingBook and TradeLedger, which hold MARKET_ROLE but sign no transaction", async function () {
      const f = await loadFixture(registryFixture);
      expect(await f.participants.getRoleMemberCount(MARKET_ROLE_ID)).to.equal(2n);
      const { accounts } = await readRequiredAccounts(f.participants);
      expect(accounts).to.not.include.members([await f.listings.getAddress(), await f.trades.getAddress()]);
    });

    it("leaves out pending, suspended and revoked participants", async function () {
      const f = await loadFixture(registryFixture);
      await f.participants.connect(f.stranger).applyForAccreditation(Kind.Buyer, 0, jurisdiction("CN"), hashOf("dossier"));
      await f.participants.connect(f.registrar).suspend(f.buyer.address, hashOf("late filing"));
      await f.participants.connect(f.registrar).revoke(f.lawFirm.address, hashOf("licence withdrawn"));
      const { accounts } = await readRequiredAccounts(f.participants);
      expect(accounts).to.not.include.members([f.stranger.address, f.buyer.address, f.lawFirm.address]);
      expect(accounts).to.have.lengthOf(everyoneAllowed(f).length - 2);
    });

    it("leaves out a participant once its accreditation expires, and reports that expiry as the next one", async function () {
      const f = await loadFixture(registryFixture);
      const until = (await now()) + 1_000n;
      await f.participants
        .connect(f.registrar)
        .accredit(f.stranger.address, Kind.Buyer, 0, jurisdiction("HK"), hashOf("dossier"), until);
      const before = await readRequiredAccounts(f.participants);
      expect(before.accounts).to.include(f.stranger.address);
      expect(before.nextExpiry).to.equal(until);

      await time.increaseTo(until);
      const after = await readRequiredAccounts(f.participants);
      expect(after.accounts).to.not.include(f.stranger.address);
    });

    it("says yes exactly where the registry's transactionAllowed says yes", async function () {
      const f = await loadFixture(registryFixture);
      await f.participants.connect(f.registrar).suspend(f.buyer.address, hashOf("suspended"));
      await f.participants.connect(f.registrar).revoke(f.auditor.address, hashOf("revoked"));
      await f.participants.connect(f.admin).grantRole(ARBITER_ROLE, f.buyer.address); // suspended, but staff
      await f.participants
        .connect(f.registrar)
        .accredit(f.stranger.address, Kind.Buyer, 0, jurisdiction("CN"), hashOf("dossier"), (await now()) + 100n);
      await time.increase(200);

      const { accounts } = await readRequiredAccounts(f.participants);
      const candidates = [
        ...everyoneAllowed(f), f.stranger.address, await f.listings.getAddress(), await f.trades.getAddress(),
      ];
      for (const candidate of candidates) {
        const allowed = await f.participants.transactionAllowed(candidate, ZeroAddress, 0, 0, 0, "0x");
        expect(accounts.includes(candidate), candidate).to.equal(allowed);
      }
    });

    it("adds the extra accounts checksummed, and rejects one that is not an address", async function () {
      const f = await loadFixture(registryFixture);
      const { accounts } = await readRequiredAccounts(f.participants, { extra: [f.stranger.address.toLowerCase()] });
      expect(accounts).to.deep.equal(checksummed([...everyoneAllowed(f), f.stranger.address]));
      expect((await rejection(readRequiredAccounts(f.participants, { extra: ["0x1234"] }))).message).to.include("invalid address");
    });
  });

  describe("syncAllowlist", function () {
    it("adds every missing account in one call to a node that allows only the deployer", async function () {
      const f = await loadFixture(registryFixture);
      const { mock, besu } = await besuNode([f.admin.address.toLowerCase()]);
      const others = everyoneAllowed(f).filter((address) => address !== f.admin.address);

      const result = await syncAllowlist(f.participants, besu);

      expect(changeCalls(mock)).to.deep.equal([["perm_addAccountsToAllowlist", wire(others)]]);
      expect(result.added).to.deep.equal(checksummed(others));
      expect(result.removed).to.deep.equal([]);
      expect(result.unchanged).to.deep.equal([f.admin.address]);
      expect(mock.allowlist()).to.have.members(wire(everyoneAllowed(f)));
    });

    it("sends one add with every missing account and one remove with every surplus one, comparing case-insensitively", async function () {
      const f = await loadFixture(registryFixture);
      await f.participants.connect(f.registrar).suspend(f.buyer.address, hashOf("suspended"));
      const upperCaseAdmin = `0x${f.admin.address.slice(2).toUpperCase()}`;
      const { mock, besu } = await besuNode([upperCaseAdmin, f.stranger.address, f.buyer.address.toLowerCase()]);
      const required = everyoneAllowed(f).filter((address) => address !== f.buyer.address);
      const missing = required.filter((address) => address !== f.admin.address);

      const result = await syncAllowlist(f.participants, besu);

      expect(mock.calls.map((call) => call.method)).to.deep.equal([
        "perm_getAccountsAllowlist", "perm_addAccountsToAllowlist", "perm_removeAccountsFromAllowlist",
      ]);
      expect(mock.calls[0].params).to.deep.equal([]);
      expect(changeCalls(mock)).to.deep.equal([
        ["perm_addAccountsToAllowlist", wire(missing)],
        ["perm_removeAccountsFromAllowlist", wire([f.stranger.address, f.buyer.address])],
      ]);
      expect(mock.calls.every((call) => call.error === undefined)).to.equal(true);
      expect(result).to.deep.include({
        added: checksummed(missing),
        removed: checksummed([f.stranger.address, f.buyer.address]),
        unchanged: [f.admin.address],
      });
    });

    it("sends no add or remove when the node is already in sync", async function () {
      const f = await loadFixture(registryFixture);
      const { mock, besu } = await besuNode();
      await syncAllowlist(f.participants, besu);
      const callsBefore = mock.calls.length;

      const second = await syncAllowlist(f.participants, besu);

      expect(mock.calls.slice(callsBefore).map((call) => call.method)).to.deep.equal(["perm_getAccountsAllowlist"]);
      expect(second).to.deep.include({ added: [], removed: [], unchanged: checksummed(everyoneAllowed(f)) });
    });

    it("only reads in a dry run, and reports what it would change", async function () {
      const f = await loadFixture(registryFixture);
      const { mock, besu } = await besuNode([f.stranger.address]);

      const result = await syncAllowlist(f.participants, besu, { dryRun: true });

      expect(mock.calls.map((call) => call.method)).to.deep.equal(["perm_getAccountsAllowlist"]);
      expect(mock.allowlist()).to.deep.equal([f.stranger.address]);
      expect(result).to.deep.include({ added: checksummed(everyoneAllowed(f)), removed: [f.stranger.address] });
    });

    it("follows suspension, reinstatement, revocation and role changes with exactly the calls each requires", async function () {
      const f = await loadFixture(registryFixture);
      const { mock, besu } = await besuNode();
      await syncAllowlist(f.participants, besu);
      const next = async (): Promise<[string, string[]][]> => {
        const before = changeCalls(mock).length;
        await syncAllowlist(f.participants, besu);
        return changeCalls(mock).slice(before);
      };
      const registrar = f.participants.connect(f.registrar);

      await registrar.suspend(f.buyer.address, hashOf("suspended"));
      expect(await next()).to.deep.equal([["perm_removeAccountsFromAllowlist", wire([f.buyer.address])]]);

      await registrar.reinstate(f.buyer.address, hashOf("reinstated"));
      expect(await next()).to.deep.equal([["perm_addAccountsToAllowlist", wire([f.buyer.address])]]);

      await registrar.revoke(f.lawFirm.address, hashOf("revoked"));
      await f.participants.connect(f.admin).grantRole(ARBITER_ROLE, f.stranger.address);
      expect(await next()).to.deep.equal([
        ["perm_addAccountsToAllowlist", wire([f.stranger.address])],
        ["perm_removeAccountsFromAllowlist", wire([f.lawFirm.address])],
      ]);

      await f.participants.connect(f.admin).revokeRole(REGISTRAR_ROLE, f.registrar.address);
      expect(await next()).to.deep.equal([["perm_removeAccountsFromAllowlist", wire([f.registrar.address])]]);

      expect(await next()).to.deep.equal([]);
    });

    it("refuses to empty a node's allowlist", async function () {
      const { mock, besu } = await besuNode([ZeroAddress]);
      expect((await rejection(applyAllowlist(besu, []))).message).to.include(`refusing to empty the allowlist of ${mock.url}`);
      expect(mock.calls).to.deep.equal([]);
    });
  });

  describe("Besu's errors", function () {
    it("become one line naming the method, the node and the fix", async function () {
      const f = await loadFixture(registryFixture);
      const { mock, besu } = await besuNode();
      mock.failWith({ code: -32000, message: "Account allowlist has not been enabled" });

      const error = await rejection(syncAllowlist(f.participants, besu));

      expect(error).to.be.instanceOf(BesuPermissionsError);
      const { message, method, code, retryable } = error as BesuPermissionsError;
      expect(message).to.equal(
        `perm_getAccountsAllowlist failed on ${mock.url}: Besu error -32000 "Account allowlist has not been enabled"; ` +
          "start the node with permissions-accounts-config-file-enabled=true",
      );
      expect({ method, code, retryable }).to.deep.equal({ method: "perm_getAccountsAllowlist", code: -32000, retryable: false });
    });

    it("name the add method when the node refuses the add", async function () {
      const f = await loadFixture(registryFixture);
      const { mock, besu } = await besuNode();
      mock.failWith({ code: -32000, message: "Cannot add an existing account to allowlist" }, "perm_addAccountsToAllowlist");
      expect((await rejection(syncAllowlist(f.participants, besu))).message).to.equal(
        `perm_addAccountsToAllowlist failed on ${mock.url}: Besu error -32000 "Cannot add an existing account to allowlist"; ` +
          "the node's allowlist changed since it was read; sync again",
      );
    });

    it("say to enable the PERM API when the node does not serve it", async function () {
      const f = await loadFixture(registryFixture);
      const { mock, besu } = await besuNode();
      mock.failWith({ code: -32604, message: "Method not enabled" });
      expect((await rejection(syncAllowlist(f.participants, besu))).message).to.equal(
        `perm_getAccountsAllowlist failed on ${mock.url}: Besu error -32604 "Method not enabled"; add PERM to the node's rpc-http-api`,
      );
    });

    it("include an unreachable node, as a retryable failure", async function () {
      const f = await loadFixture(registryFixture);
      const { mock } = await besuNode();
      await mock.close();
      mocks = [];
      const error = await rejection(syncAllowlist(f.participants, createBesuPermissionsClient(mock.url)));
      expect(error).to.be.instanceOf(BesuPermissionsError);
      expect(error.message).to.equal(`perm_getAccountsAllowlist failed on ${mock.url}: cannot connect (ECONNREFUSED)`);
      expect((error as BesuPermissionsError).retryable).to.equal(true);
    });
  });

  describe("the mock Besu node", function () {
    it("rejects requests that do not have the shape Besu documents", async function () {
      const { mock } = await besuNode();
      const post = async (body: unknown): Promise<number | undefined> => {
        const response = await fetch(mock.url, { method: "POST", body: JSON.stringify(body) });
        return ((await response.json()) as { error?: { code: number } }).error?.code;
      };
      const address = "0x060ec2adc2ea4ebe058d5ed7b8daa8c80e81d5ac";
      expect(await post({ jsonrpc: "1.0", id: 1, method: "perm_getAccountsAllowlist", params: [] })).to.equal(-32600);
      expect(await post({ jsonrpc: "2.0", method: "perm_getAccountsAllowlist", params: [] })).to.equal(-32600);
      expect(await post({ jsonrpc: "2.0", id: 1, method: "perm_addNodesToAllowlist", params: [[address]] })).to.equal(-32601);
      expect(await post({ jsonrpc: "2.0", id: 1, method: "perm_getAccountsAllowlist", params: [[]] })).to.equal(-32602);
      expect(await post({ jsonrpc: "2.0", id: 1, method: "perm_addAccountsToAllowlist", params: [address] })).to.equal(-32602);
      expect(await post({ jsonrpc: "2.0", id: 1, method: "perm_addAccountsToAllowlist", params: [["0x1234"]] })).to.equal(-32602);
      expect(await post({ jsonrpc: "2.0", id: 1, method: "perm_removeAccountsFromAllowlist", params: [[address]] })).to.equal(-32000);
      expect(await post({ jsonrpc: "2.0", id: 1, method: "perm_addAccountsToAllowlist", params: [[address]] })).to.equal(undefined);
      expect(mock.allowlist()).to.deep.equal([address]);
    });
  });

  describe("followAllowlist", function () {
    async function follow(f: RegistryFixture, besu: BesuPermissionsClient) {
      const controller = new AbortController();
      const reports: FollowSyncReport[] = [];
      const errors: unknown[] = [];
      const done = followAllowlist(f.participants, [besu], {
        pollIntervalMs: 20,
        signal: controller.signal,
        onSync: (report) => reports.push(report),
        onError: (error) => errors.push(error),
      });
      return { reports, errors, done, stop: () => controller.abort() };
    }

    it("syncs at start, picks up a suspension from its event, and stops on abort", async function () {
      const f = await loadFixture(registryFixture);
      const { mock, besu } = await besuNode();
      const follower = await follow(f, besu);
      await waitFor("the first sync", () => follower.reports.length === 1);
      expect(follower.reports[0].reason).to.equal("start");
      expect(mock.allowlist()).to.have.members(wire(everyoneAllowed(f)));

      await f.participants.connect(f.registrar).suspend(f.buyer.address, hashOf("suspended"));
      await waitFor("the suspension", () => !mock.allowlist().includes(f.buyer.address.toLowerCase()));

      follower.stop();
      await follower.done;
      expect(follower.reports.map((report) => report.reason)).to.deep.equal(["start", "event"]);
      expect(follower.reports[1].nodes[0].diff.removed).to.deep.equal([f.buyer.address]);
      expect(follower.errors).to.deep.equal([]);
    });

    it("syncs when an accreditation expires, which no event announces", async function () {
      const f = await loadFixture(registryFixture);
      const until = (await now()) + 1_000n;
      await f.participants
        .connect(f.registrar)
        .accredit(f.stranger.address, Kind.Buyer, 0, jurisdiction("CN"), hashOf("dossier"), until);
      const { mock, besu } = await besuNode();
      const follower = await follow(f, besu);
      await waitFor("the first sync", () => follower.reports.length === 1);
      expect(mock.allowlist()).to.include(f.stranger.address.toLowerCase());

      await time.increaseTo(until);
      await waitFor("the expiry", () => !mock.allowlist().includes(f.stranger.address.toLowerCase()));
      follower.stop();
      await follower.done;
      expect(follower.reports.map((report) => report.reason)).to.deep.equal(["start", "expiry"]);
    });

    it("reports a failure it can retry, and retries at the next poll", async function () {
      const f = await loadFixture(registryFixture);
      const { mock, besu } = await besuNode();
      mock.failWith({ code: -32000, message: "Cannot add an existing account to allowlist" }, "perm_addAccountsToAllowlist");
      const follower = await follow(f, besu);
      await waitFor("a failure", () => follower.errors.length > 0);
      mock.failWith(undefined);
      await waitFor("the retry", () => follower.reports.length === 1);
      follower.stop();
      await follower.done;
      expect(follower.reports[0].reason).to.equal("retry");
      expect(mock.allowlist()).to.have.members(wire(everyoneAllowed(f)));
    });

    it("stops with the error when the node's configuration must change", async function () {
      const f = await loadFixture(registryFixture);
      const { mock, besu } = await besuNode();
      mock.failWith({ code: -32000, message: "Account allowlist has not been enabled" });
      const follower = await follow(f, besu);
      expect((await rejection(follower.done)).message).to.include("permissions-accounts-config-file-enabled=true");
      follower.stop();
    });
  });

  describe("runPermissionsSync (the CLI's entry point)", function () {
    let chain: { url: string; close(): Promise<void> } | undefined;
    afterEach(async function () {
      await chain?.close();
      chain = undefined;
    });

    it("syncs every node given, reading the registry through the chain's RPC URL, and logs each change", async function () {
      const f = await loadFixture(registryFixture);
      chain = await serveHardhatChain();
      const first = await besuNode([f.admin.address]);
      const second = await besuNode([f.stranger.address]);
      const lines: string[] = [];

      const results = await runPermissionsSync(chain.url, await f.participants.getAddress(), [first.mock.url, second.mock.url], {
        log: (line) => lines.push(line),
      });

      expect(results.map((result) => result.url)).to.deep.equal([first.mock.url, second.mock.url]);
      expect(results[1].diff.removed).to.deep.equal([f.stranger.address]);
      for (const { mock } of [first, second]) expect(mock.allowlist().map((a) => a.toLowerCase())).to.have.members(wire(everyoneAllowed(f)));
      expect(lines).to.include(`  - ${f.stranger.address}`);
      expect(lines).to.include(`  + ${f.buyer.address}`);
      const summary = (url: string): string | undefined => lines.find((line) => line.startsWith(url));
      expect(summary(first.mock.url)).to.match(/: block \d+, 9 added, 0 removed, 1 unchanged$/);
      expect(summary(second.mock.url)).to.match(/: block \d+, 10 added, 1 removed, 0 unchanged$/);
    });

    it("follows until aborted and returns the last diffs", async function () {
      const f = await loadFixture(registryFixture);
      chain = await serveHardhatChain();
      const { mock } = await besuNode();
      const controller = new AbortController();
      const lines: string[] = [];
      const done = runPermissionsSync(chain.url, await f.participants.getAddress(), mock.url, {
        follow: true, pollIntervalMs: 20, signal: controller.signal, log: (line) => lines.push(line),
      });
      await waitFor("the first sync", () => lines.some((line) => line.endsWith("[start]")));

      await f.participants.connect(f.registrar).suspend(f.buyer.address, hashOf("suspended"));
      await waitFor("the suspension", () => !mock.allowlist().includes(f.buyer.address.toLowerCase()));
      controller.abort();

      const results = await done;
      expect(results[0].diff.removed).to.deep.equal([f.buyer.address]);
    });

    it("fails at once when no contract is at the registry address", async function () {
      const f = await loadFixture(registryFixture);
      chain = await serveHardhatChain();
      const { mock } = await besuNode();
      expect((await rejection(runPermissionsSync(chain.url, f.stranger.address, mock.url, { log: () => {} }))).message).to.include(
        `permissions sync: no contract at ${f.stranger.address}`,
      );
      expect(mock.calls).to.deep.equal([]);
    });

    it("fails at once when the chain cannot be reached", async function () {
      const { mock } = await besuNode();
      const unreachable = mock.url;
      await mock.close();
      mocks = [];
      expect((await rejection(runPermissionsSync(unreachable, ZeroAddress, unreachable, { log: () => {} }))).message).to.include(
        `permissions sync: cannot reach the chain at ${unreachable}: cannot connect (ECONNREFUSED)`,
      );
    });
  });
});
