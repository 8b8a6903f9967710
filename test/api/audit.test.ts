import { createServer } from "node:net";
import { expect } from "chai";
import type { FastifyInstance } from "fastify";
import { buildApi, startApi } from "../../src/api";
import type { RunningApi } from "../../src/api";
import type { MirrorAuditor } from "../../src/api/routes/audit";
import type { AuditReport } from "../../src/listener";
import { gateWrites, openMirrorDatabase } from "../../src/mirror/database";
import type { MirrorDatabase } from "../../src/mirror/database";
import { runCli } from "../cli/harness";

const CHECKED = { participant: 3, product: 2, certificate: 4, assessment: 1, listing: 1, trade: 1 };
const CLEAN: AuditReport = { block: 42, checked: CHECKED, divergences: [] };
const DIVERGING: AuditReport = {
  block: 42, checked: CHECKED, divergences: [{ entity: "product", id: "1", field: "status", mirror: "Delisted", chain: "Listed" }],
};

/** A loopback port nothing listens on: one the system just gave out and took back. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A promise and its resolver, to hold an audit open as long as a test needs. */
function gate<T>(): { promise: Promise<T>; open(value: T): void } {
  let open!: (value: T) => void;
  const promise = new Promise<T>((resolve) => (open = resolve));
  return { promise, open };
}

/**
 * GET /audit and `datarights audit-mirror --api`: the route around the auditor (one audit at a
 * time, its answers and refusals) with auditors the test controls, and the write gate that keeps
 * a running listener from writing while the audit reads. The audit itself against a running
 * `listen --serve` is in test/cli/mirror.test.ts.
 */
describe("GET /audit and audit-mirror --api", function () {
  this.timeout(60_000);
  let database: MirrorDatabase;
  const apps: FastifyInstance[] = [];
  const build = async (audit?: MirrorAuditor) => {
    const app = await buildApi({ database, audit, webRoot: false });
    apps.push(app);
    return app;
  };

  before(async () => {
    database = await openMirrorDatabase({});
  });
  after(async () => {
    for (const app of apps) await app.close();
    await database.close();
  });

  it("answers 503 in one line without a chain", async () => {
    const answer = await (await build()).inject({ method: "GET", url: "/audit" });
    expect(answer.statusCode).to.equal(503);
    expect(answer.json()).to.deep.equal({
      statusCode: 503, error: "Service Unavailable", message: "the audit needs the chain: this API was started without a node (RPC_URL) and a deployment",
    });
  });

  it("runs one audit at a time: a second request while one runs gets 409; once it has answered, the next runs", async () => {
    const asked: (number | undefined)[] = [];
    let pending = gate<AuditReport>();
    const app = await build(async ({ sample }) => {
      asked.push(sample);
      return pending.promise;
    });
    const first = app.inject({ method: "GET", url: "/audit?sample=5" });
    // The first has reached the auditor: it is running.
    while (asked.length === 0) await new Promise((resolve) => setImmediate(resolve));
    const second = await app.inject({ method: "GET", url: "/audit" });
    expect(second.statusCode).to.equal(409);
    const refusal = second.json() as { message: string };
    expect(refusal.message).to.match(/^an audit is already running \(since \d{4}-\d\d-\d\dT[\d:.]+Z\): ask again when it has answered$/);
    pending.open(CLEAN);
    const answered = await first;
    expect(answered.statusCode).to.equal(200);
    expect(answered.json()).to.deep.equal({ block: 42, clean: true, checked: CHECKED, divergences: [] });
    pending = gate();
    pending.open(DIVERGING);
    const third = await app.inject({ method: "GET", url: "/audit" });
    expect(third.json()).to.deep.include({ clean: false, divergences: DIVERGING.divergences });
    expect(asked).to.deep.equal([5, undefined]);
  });

  it("answers a failed audit with 502 in one line, and runs the next one", async () => {
    let fail = true;
    const app = await build(async () => {
      if (fail) throw new Error("cannot reach the node at http://127.0.0.1:1\nstack...");
      return CLEAN;
    });
    const failed = await app.inject({ method: "GET", url: "/audit" });
    expect(failed.statusCode).to.equal(502);
    expect((failed.json() as { message: string }).message).to.equal("the audit failed: cannot reach the node at http://127.0.0.1:1");
    fail = false;
    expect((await app.inject({ method: "GET", url: "/audit" })).statusCode).to.equal(200);
  });

  it("refuses a bad sample with 400", async () => {
    const app = await build(async () => CLEAN);
    for (const sample of ["abc", "0", "1.5"]) {
      const answer = await app.inject({ method: "GET", url: `/audit?sample=${sample}` });
      expect(answer.statusCode, sample).to.equal(400);
      expect((answer.json() as { message: string }).message).to.match(/^querystring\.sample: /);
    }
  });

  describe("audit-mirror --api", () => {
    let api: RunningApi;
    let report: AuditReport = CLEAN;
    before(async () => {
      api = await startApi({ database, audit: async () => report, webRoot: false, port: 0 });
    });
    after(async () => {
      await api?.close();
    });

    it("prints a running instance's clean audit, exit 0, without opening any database", async () => {
      report = CLEAN;
      // No deployment, node or mirror directory in the environment: only the API is asked.
      const result = await runCli(["audit-mirror", "--api", api.url], {});
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.equal(
        `audited the mirror at block 42 (the API at ${api.url}): 3 participants, 2 products, 4 certificates, 1 assessment, 1 listing, 1 trade\nthe mirror equals the chain\n`,
      );
    });

    it("prints each divergence, exit 1; --json gives the report", async () => {
      report = DIVERGING;
      const result = await runCli(["audit-mirror", "--api", `${api.url}/`, "--sample", "2"], {});
      expect(result.code).to.equal(1);
      expect(result.stdout).to.include("  DIVERGES product 1 status: mirror Delisted, chain Listed\n1 divergences\n");
      expect(result.stderr.trim()).to.equal("datarights: the mirror diverges from the chain at block 42: 1 divergence");
      const json = await runCli(["--json", "audit-mirror", "--api", api.url], {});
      expect(json.code).to.equal(1);
      expect(JSON.parse(json.stdout)).to.deep.include({ block: 42, divergences: DIVERGING.divergences });
    });

    it("refuses in one line, exit 2: an API that is not there, a refusal, and a URL that is none", async () => {
      const nobody = `http://127.0.0.1:${await closedPort()}`;
      const unreachable = await runCli(["audit-mirror", "--api", nobody], {});
      expect(unreachable.code).to.equal(2);
      expect(unreachable.stderr).to.equal(`datarights: cannot reach the API at ${nobody}: ECONNREFUSED\n`);
      const refused = await runCli(["audit-mirror", "--api", api.url, "--sample", "0"], {});
      expect(refused.code).to.equal(2);
      expect(refused.stderr).to.match(/^datarights: the API at http:\/\/127\.0\.0\.1:\d+ refused the audit \(400\): querystring\.sample: .*\n$/);
      const bad = await runCli(["audit-mirror", "--api", "127.0.0.1:3000"], {});
      expect(bad.code).to.equal(2);
      expect(bad.stderr.trim().split("\n")).to.have.length(1);
      expect(bad.stderr).to.match(/--api <url>.*is not an http\(s\) URL|is not a URL/);
    });
  });

  describe("the write gate of a running listener", () => {
    it("holds: waits for the writes in flight, keeps new writes waiting while the audit reads, then lets them go", async () => {
      const gated = gateWrites(database);
      await database.query("create table gated (n int)");
      const order: string[] = [];
      const inFlight = gate<void>();
      const first = gated.database.transaction(async (tx) => {
        await tx.query("insert into gated values (1)");
        order.push("write 1 begun");
        await inFlight.promise;
        order.push("write 1 done");
      });
      while (order.length === 0) await new Promise((resolve) => setImmediate(resolve));
      const reading = gate<void>();
      const held = gated.hold(async () => {
        order.push("audit reads");
        const rows = await database.query<{ n: number }>("select n from gated order by n");
        await reading.promise;
        order.push("audit done");
        return rows.map((row) => row.n);
      });
      const second = gated.database.transaction(async (tx) => {
        order.push("write 2");
        await tx.query("insert into gated values (2)");
      });
      // The audit waits for write 1; write 2, asked after the hold, waits for the audit.
      for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      expect(order).to.deep.equal(["write 1 begun"]);
      inFlight.open();
      while (!order.includes("audit reads")) await new Promise((resolve) => setImmediate(resolve));
      for (let turn = 0; turn < 20; turn += 1) await new Promise((resolve) => setImmediate(resolve));
      expect(order).to.deep.equal(["write 1 begun", "write 1 done", "audit reads"]);
      reading.open();
      expect(await held).to.deep.equal([1]);
      await Promise.all([first, second]);
      expect(order).to.deep.equal(["write 1 begun", "write 1 done", "audit reads", "audit done", "write 2"]);
    });
  });
});
