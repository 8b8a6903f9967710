import { spawn } from "node:child_process";
import { readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { lockSync } from "proper-lockfile";
import { openMirrorDatabase } from "../../src/mirror/database";
import { VALIDITIES, enumName } from "../../src/sdk/names";
import { sharedScenarioChain } from "../mirror/chain";
import type { ScenarioChain } from "../mirror/chain";
import { emptyEmbeddedDirectory } from "../mirror/backends";
import { deploymentEnvironment, eventually, indexTo, spawnCli } from "../mirror/helpers";
import { expectRow } from "./error-table";
import { runCli, temporaryDirectory } from "./harness";

const ROOT = join(__dirname, "..", "..");

/** The mirror's commands as a separate process: listen, serve and audit-mirror, and their bad inputs. */
describe("datarights listen, serve and audit-mirror", function () {
  this.timeout(300_000);
  let shared: ScenarioChain;
  let env: Record<string, string>;
  /** A complete mirror of the shared chain, in a directory of its own. */
  let mirrorDir: string;

  before(async () => {
    shared = await sharedScenarioChain();
    env = deploymentEnvironment(shared.chain.deployment, shared.chain.node.rpcUrl);
    mirrorDir = emptyEmbeddedDirectory("cli-mirror");
    await (await indexTo({ directory: mirrorDir }, shared.chain.node.rpcUrl, shared.chain.mirrored, shared.head)).close();
  });

  const expectOneLine = (result: { code: number; stderr: string }, code: number, message: RegExp) => {
    expect(result.code, result.stderr).to.equal(code);
    const lines = result.stderr.trim().split("\n");
    expect(lines, result.stderr).to.have.length(1);
    expect(lines[0]).to.match(message);
  };

  describe("bad input", () => {
    it("names a PostgreSQL server that cannot be reached, exit 2", async () => {
      const result = await runCli(["listen"], { ...env, DATABASE_URL: "postgres://postgres:secret@127.0.0.1:1/test" });
      expectOneLine(result, 2, /^datarights: cannot reach the database at postgres:\/\/postgres:\*\*\*@127\.0\.0\.1:1\/test: connect ECONNREFUSED 127\.0\.0\.1:1$/);
      expectRow("M03", result);
    });

    it("refuses a DATABASE_URL that is not postgres://, and malformed numbers, exit 2", async () => {
      const notPostgres = await runCli(["listen"], { ...env, DATABASE_URL: "mysql://root@127.0.0.1/db" });
      expectOneLine(notPostgres, 2, /^datarights: invalid configuration: DATABASE_URL must be a postgres:\/\/ URL \(unset it for the embedded database\) \(DATABASE_URL\)$/);
      expectRow("C01", notPostgres);
      expectOneLine(await runCli(["listen"], { ...env, MIRROR_DIR: mirrorDir, CONFIRMATIONS: "two" }), 2, /^datarights: invalid configuration: CONFIRMATIONS must be a whole number/);
      expectOneLine(await runCli(["listen"], { ...env, MIRROR_DIR: mirrorDir, API_PORT: "70000" }), 2, /^datarights: invalid configuration: API_PORT must be between 0 and 65535/);
      expectOneLine(await runCli(["listen", "--confirmations", "x"], { ...env, MIRROR_DIR: mirrorDir }), 2, /option '--confirmations <n>' argument 'x' is invalid\. "x" is not a whole number/);
    });

    it("names an unreachable node, a missing deployment and a chain id mismatch, exit 2", async () => {
      expectOneLine(await runCli(["listen"], { ...env, MIRROR_DIR: mirrorDir, RPC_URL: "http://127.0.0.1:1" }), 2, /^datarights: cannot reach the RPC at http:\/\/127\.0\.0\.1:1: /);
      expectOneLine(await runCli(["listen"], { ...env, MIRROR_DIR: mirrorDir, NETWORK: "nowhere" }), 2, /^datarights: no deployment at .*nowhere\.json: run `datarights deploy` first, or set NETWORK$/);
      expectOneLine(await runCli(["listen"], { ...env, MIRROR_DIR: mirrorDir, CHAIN_ID: "5" }), 2, /^datarights: chain id mismatch: CHAIN_ID is 5, .*test\.json is for chain 31337$/);
    });

    it("says a fresh database holds no mirror yet, exit 2", async () => {
      const result = await runCli(["audit-mirror"], { ...env, MIRROR_DIR: temporaryDirectory("empty") });
      expectOneLine(result, 2, /^datarights: the database at .* holds no mirror yet: run `datarights listen` first$/);
      expectRow("M01", result);
      expectRow("M01", await runCli(["--json", "audit-mirror"], { ...env, MIRROR_DIR: emptyEmbeddedDirectory("empty-json") }));
    });

    it("says the database mirrors another deployment, naming the one it mirrors, exit 2", async () => {
      // The same chain, another ParticipantRegistry: any other contract of the deployment stands in for it.
      const deployment = JSON.parse(readFileSync(join(env.DEPLOYMENTS_DIR, "test.json"), "utf8")) as { contracts: Record<string, { address: string }> };
      const mirrored = deployment.contracts.ParticipantRegistry.address;
      deployment.contracts.ParticipantRegistry = deployment.contracts.DataProductRegistry;
      writeFileSync(join(env.DEPLOYMENTS_DIR, "other.json"), JSON.stringify(deployment));
      for (const args of [["audit-mirror"], ["--json", "audit-mirror"]]) {
        const result = await runCli(args, { ...env, NETWORK: "other", MIRROR_DIR: mirrorDir });
        expectRow("M02", result);
        expect(result.stderr.toLowerCase()).to.include(mirrored.toLowerCase());
      }
    });
  });

  describe("audit-mirror", () => {
    it("finds the mirror equal to the chain, exit 0", async () => {
      const result = await runCli(["audit-mirror"], { ...env, MIRROR_DIR: mirrorDir });
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.match(new RegExp(`audited the mirror at block ${shared.head} .*: \\d+ participants, \\d+ products, \\d+ certificates`));
      expect(result.stdout).to.include("the mirror equals the chain");
      const json = await runCli(["--json", "audit-mirror", "--sample", "3"], { ...env, MIRROR_DIR: mirrorDir });
      expect(json.code).to.equal(0);
      const report = JSON.parse(json.stdout) as { checked: Record<string, number>; divergences: unknown[] };
      expect(report.checked.product).to.equal(3);
      expect(report.divergences).to.deep.equal([]);
    });

    it("reports each divergence of a tampered mirror by entity, id and field, exit 1", async () => {
      const directory = emptyEmbeddedDirectory("tampered");
      const database = await indexTo({ directory }, shared.chain.node.rpcUrl, shared.chain.mirrored, shared.head);
      await database.query("update products set status = 'Delisted' where id = 1");
      await database.query("update trades set delivery_hash = null where id = 2");
      // The newest certificate no other stands on: its loss changes no other's validity.
      const [{ id: lost }] = await database.query<{ id: number }>(
        "select id from certificates c where not exists (select 1 from certificates d where d.parent_id = c.id) and predecessor_id is null order by id desc limit 1",
      );
      await database.query("delete from certificates where id = $1", [lost]);
      await database.close();
      const result = await runCli(["audit-mirror"], { ...env, MIRROR_DIR: directory });
      expect(result.code, result.stderr).to.equal(1);
      expect(result.stdout).to.include("DIVERGES product 1 status: mirror Delisted, chain Listed");
      expect(result.stdout).to.match(/DIVERGES trade 2 deliveryHash: mirror none, chain 0x[0-9a-f]{64}/);
      expect(result.stdout).to.match(/DIVERGES certificate \* count: mirror \d+, chain \d+/);
      expect(result.stdout).to.include("3 divergences");
      expectRow("V03", result);
    });

    describe("a tampered mirror whose certificates' validity is no longer the chain's", () => {
      /** Each certificate's validity(id) on the chain at the mirror's block, and its parent. */
      const chainValidity = new Map<number, string>();
      const parentOf = new Map<number, number | null>();
      const divergences = (stdout: string) => stdout.split("\n").filter((line) => line.startsWith("  DIVERGES "));

      before(async () => {
        const database = await openMirrorDatabase({ directory: mirrorDir });
        try {
          for (const row of await database.query<{ id: number; parent_id: number | null }>("select id, parent_id from certificates order by id")) {
            parentOf.set(row.id, row.parent_id);
            chainValidity.set(row.id, enumName(VALIDITIES, await shared.chain.contracts.certificates.validity(row.id, { blockTag: shared.head })));
          }
        } finally {
          await database.close();
        }
      });

      it("catches a parent's status changed in the mirror: the parent, and every licence under it that the chain holds valid, exit 1", async () => {
        // A valid parent, not a successor, with a valid licence under it.
        const parent = [...parentOf].find(([child, parentId]) => parentId !== null && chainValidity.get(child) === "Valid" && chainValidity.get(parentId) === "Valid")![1]!;
        const under = (id: number): boolean => {
          const parentId = parentOf.get(id) ?? null;
          return parentId !== null && (parentId === parent || under(parentId));
        };
        const licences = [...chainValidity].filter(([id, validity]) => validity === "Valid" && under(id)).map(([id]) => id);
        expect(licences).to.not.be.empty;
        const directory = emptyEmbeddedDirectory("tampered-validity");
        const database = await indexTo({ directory }, shared.chain.node.rpcUrl, shared.chain.mirrored, shared.head);
        expect((await database.query<{ predecessor_id: number | null }>("select predecessor_id from certificates where id = $1", [parent]))[0].predecessor_id).to.equal(null);
        await database.query("update certificates set status = 'Revoked' where id = $1", [parent]);
        await database.close();
        const result = await runCli(["audit-mirror"], { ...env, MIRROR_DIR: directory });
        expect(result.code, result.stderr).to.equal(1);
        expect(divergences(result.stdout)).to.have.members([
          `  DIVERGES certificate ${parent} status: mirror Revoked, chain Active`,
          `  DIVERGES certificate ${parent} validity: mirror Revoked, chain Valid`,
          ...licences.map((id) => `  DIVERGES certificate ${id} validity: mirror AncestorInvalid, chain Valid`),
        ]);
        expect(result.stdout).to.include(`${2 + licences.length} divergences`);
      });

      it("catches the indexed block's time moved on in the mirror: every certificate the chain holds valid expires, exit 1", async () => {
        const directory = emptyEmbeddedDirectory("tampered-clock");
        const database = await indexTo({ directory }, shared.chain.node.rpcUrl, shared.chain.mirrored, shared.head);
        // A hundred years on. No row of any entity changes: only the time validity is judged at.
        await database.query("update blocks set timestamp = timestamp + 3153600000 where number = $1", [shared.head]);
        await database.close();
        const result = await runCli(["--json", "audit-mirror"], { ...env, MIRROR_DIR: directory });
        expect(result.code, result.stderr).to.equal(1);
        expectRow("V03", result);
        const report = JSON.parse(result.stdout) as { divergences: { entity: string; id: string; field: string; mirror: string; chain: string }[] };
        // Own expiry comes first: a licence whose ancestor was already invalid is Expired too.
        const expected = [...chainValidity].filter(([, validity]) => validity === "Valid" || validity === "AncestorInvalid")
          .map(([id, validity]) => ({ entity: "certificate", id: String(id), field: "validity", mirror: "Expired", chain: validity }));
        expect(expected.length).to.be.greaterThan(10);
        expect(report.divergences).to.have.deep.members(expected);
      });
    });
  });

  describe("listen --serve and serve", () => {
    it("mirrors and serves the API from one process, and stops cleanly on SIGTERM", async () => {
      const directory = emptyEmbeddedDirectory("serve");
      const child = spawnCli(["listen", "--serve", "--port", "0"], { ...env, MIRROR_DIR: directory });
      try {
        const served = JSON.parse(await child.waitForLine(/serving the API/)) as { url: string };
        await child.waitForLine(new RegExp(`caught up at block ${shared.head}`));
        const health = (await (await fetch(`${served.url}/health`)).json()) as { status: string; indexedBlock: number };
        expect(health).to.include({ status: "ok", indexedBlock: shared.head });

        // The embedded directory admits one process: a second one is told how to share it.
        const second = await runCli(["serve", "--port", "0"], { ...env, MIRROR_DIR: directory });
        expectOneLine(second, 2, /is in use by another process: run the listener and the API in one process \(`datarights listen --serve`\), or use a PostgreSQL server \(DATABASE_URL\)$/);

        // The audit of the running mirror: asked of the process that holds it, which keeps mirroring.
        const audited = await runCli(["audit-mirror", "--api", served.url], env);
        expect(audited.code, audited.stderr).to.equal(0);
        expect(audited.stdout).to.match(new RegExp(`^audited the mirror at block ${shared.head} \\(the API at ${served.url}\\): \\d+ participants, \\d+ products, \\d+ certificates`));
        expect(audited.stdout).to.match(/the mirror equals the chain\n$/);
        const still = (await (await fetch(`${served.url}/health`)).json()) as { status: string };
        expect(still.status).to.equal("ok");
      } finally {
        child.process.kill("SIGTERM");
      }
      expect(await child.exited).to.equal(0);
      expect(child.lines.some((line) => line.includes("SIGTERM: finishing the batch in flight and stopping"))).to.equal(true);
      // The lock went with the process: the directory opens again at once.
      const database = await openMirrorDatabase({ directory });
      await database.close();
    });

    it("exits 2 with one line, and no crash, when its embedded lock went stale while it was stopped and another process took it", async () => {
      const directory = emptyEmbeddedDirectory("lock-lost");
      const child = spawnCli(["listen", "--serve", "--port", "0"], { ...env, MIRROR_DIR: directory, MIRROR_LOCK_STALE_MS: "2000" });
      let release: (() => void) | undefined;
      try {
        const served = JSON.parse(await child.waitForLine(/serving the API/)) as { url: string };
        await child.waitForLine(new RegExp(`caught up at block ${shared.head}`));
        // Stalled (SIGSTOP) until its lock is stale as any other process judges it; then taken.
        child.process.kill("SIGSTOP");
        await eventually(() => statSync(`${directory}.lock`).mtimeMs < Date.now() - 2_500, "the stopped listener's lock to go stale", 30_000);
        release = lockSync(directory, { stale: 2_000, realpath: false, onCompromised: () => undefined });
        child.process.kill("SIGCONT");
        expect(await child.exited).to.equal(2);
        const message = /^the embedded database's lock on .*lock-lost-\w+ was lost \(Unable to update lock within the stale threshold; the process stalled for more than 2 s and another process may have opened the directory\): writes stopped$/;
        const logged = child.lines.filter((line) => line.startsWith("{")).map((line) => JSON.parse(line) as { level: number; msg: string });
        expect(logged.filter((line) => line.level === 50).map((line) => line.msg)).to.satisfy((lines: string[]) => lines.length === 1 && message.test(lines[0]));
        const plain = child.lines.filter((line) => !line.startsWith("{") && line.trim() !== "");
        expect(plain, plain.join("\n")).to.have.length(1);
        expect(plain[0].replace(/^datarights: /, "")).to.match(message);
        // The API went down with it.
        expect(await fetch(`${served.url}/health`).then(() => "answered", () => "refused")).to.equal("refused");
      } finally {
        child.process.kill("SIGCONT");
        child.process.kill("SIGTERM");
        release?.();
      }
    });

    it("logs JSON lines off a terminal: every line with its level, time and message", async () => {
      const child = spawnCli(["listen"], { ...env, MIRROR_DIR: emptyEmbeddedDirectory("json-log") });
      try {
        await child.waitForLine(new RegExp(`caught up at block ${shared.head}`));
      } finally {
        child.process.kill("SIGTERM");
      }
      expect(await child.exited).to.equal(0);
      const entries = child.lines.filter((line) => line !== "").map((line) => JSON.parse(line) as { level: number; time: string; msg: string; name: string });
      for (const entry of entries) {
        expect(entry.level).to.be.oneOf([30, 40, 50]);
        expect(Number.isNaN(Date.parse(entry.time))).to.equal(false);
        expect(entry.name).to.equal("datarights-listener");
      }
      const messages = entries.map((entry) => entry.msg);
      expect(messages[0]).to.match(/^mirroring chain 31337 from block \d+ into .*\(embedded\)$/);
      expect(messages.some((message) => /^applied blocks \d+-\d+: \d+ events$/.test(message))).to.equal(true);
      expect(messages.at(-1)).to.equal("SIGTERM: finishing the batch in flight and stopping");
    });

    it("draws the backfill's progress bar in a terminal: blocks, blocks and events per second, ETA", async () => {
      // util-linux `script` gives the child a pseudo-terminal, as a person's shell would.
      const command = [process.execPath, "bin/datarights.js", "listen"].map((part) => `'${part}'`).join(" ");
      const child = spawn("script", ["-qfec", command, "/dev/null"], {
        cwd: ROOT, env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env, MIRROR_DIR: emptyEmbeddedDirectory("tty-log"), LOG_RANGE: "16" },
        stdio: ["pipe", "pipe", "pipe"],
      });
      let output = "";
      child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
      const exited = new Promise<number | null>((resolve) => child.once("exit", resolve));
      await eventually(() => output.includes(`caught up at block ${shared.head}`), "the listener to catch up");
      child.kill("SIGTERM");
      await exited;
      const text = output.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, "");
      // The bar's last frame: every block done.
      expect(text).to.match(/backfill \S+ 100% \| block (\d+)\/\1 \| \d+ blocks\/s, \d+ events\/s \| ETA/);
      // A person reads lines, not JSON.
      expect(text).to.match(/\d\d:\d\d:\d\d backfilled blocks \d+-\d+: \d+ events in [\d.]+ s \(\d+ events\/s\)/);
      expect(text).not.to.match(/"level":/);
    });

    it("serves an existing mirror on its own", async () => {
      const child = spawnCli(["serve", "--port", "0"], { ...env, MIRROR_DIR: mirrorDir });
      try {
        const line = await child.waitForLine(/serving the API at/);
        const url = /serving the API at (http:\/\/127\.0\.0\.1:\d+)/.exec(line)![1];
        const products = (await (await fetch(`${url}/products?limit=1`)).json()) as { items: { id: number }[] };
        expect(products.items[0].id).to.be.a("number");
      } finally {
        child.process.kill("SIGINT");
      }
      expect(await child.exited).to.equal(0);
    });
  });
});
