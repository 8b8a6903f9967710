import { cpSync, existsSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { lockSync } from "proper-lockfile";
import { exportArchive, readManifest } from "../../src/archive";
import type { ArchiveManifest } from "../../src/archive";
import { auditMirror, createRpcClient } from "../../src/listener";
import type { RpcClient } from "../../src/listener";
import { openMirrorDatabase } from "../../src/mirror/database";
import type { MirrorDatabase } from "../../src/mirror/database";
import { startAnvil } from "../../src/devchain/anvil";
import { EMBEDDED, SERVER, dumpMirror, emptyEmbeddedDirectory } from "../mirror/backends";
import type { Backend } from "../mirror/backends";
import { copyOfScenarioChain } from "../mirror/chain";
import type { TestChain } from "../mirror/chain";
import { deploymentEnvironment, startMirror } from "../mirror/helpers";
import { expectRow } from "./error-table";
import { runCli, temporaryDirectory } from "./harness";

/** The files of a folder and their bytes: what "nothing changed" is checked against. */
function snapshot(folder: string): Record<string, string> {
  if (!existsSync(folder)) return {};
  return Object.fromEntries(readdirSync(folder).sort().map((name) => [name, readFileSync(join(folder, name)).toString("base64")]));
}

/** Rewrites line `line` (1-based) of a file. */
function editLine(file: string, line: number, edit: (text: string) => string): void {
  const lines = readFileSync(file, "utf8").split("\n");
  lines[line - 1] = edit(lines[line - 1]);
  writeFileSync(file, lines.join("\n"));
}

/** A copy of an archive, to damage. */
function copyOf(folder: string, label: string): string {
  const copy = temporaryDirectory(label);
  cpSync(folder, copy, { recursive: true });
  return copy;
}

const oneLine = (result: { stderr: string }) => result.stderr.trim().split("\n");

/** The error `work` rejects with (fails when it resolves). */
async function rejection(work: Promise<unknown>): Promise<Error> {
  try {
    await work;
  } catch (error) {
    return error as Error;
  }
  throw new Error("expected a rejection");
}

/**
 * `datarights archive`: export a deployment with real activity (the six stories and the
 * remaining acts: every event of every contract), verify the archive against the node, damage
 * it in every way verify must notice, and rebuild the mirror from it with the node stopped: the
 * rebuilt mirror equals, row by row, a mirror the listener built from the chain, whose audit
 * against the chain found no divergence.
 */
describe("datarights archive: export, verify, rebuild with no node", function () {
  this.timeout(600_000);
  let chain: TestChain;
  let head: number;
  let env: Record<string, string>;
  /** The whole deployment, in segments of 25 blocks. */
  let archive: string;
  let manifest: ArchiveManifest;
  let exported: { code: number; stdout: string; stderr: string };
  /** Mirrors the listener built from the chain, per backend, and their dumps. */
  const fromChain = new Map<Backend, {
    dump: Record<string, unknown[]>; documents: unknown[]; env: Record<string, string>; config: Parameters<typeof openMirrorDatabase>[0];
  }>();
  /** The product documents resolved from the exchange's folder (those a rebuild with no network resolves too). */
  const folderDocuments = (database: MirrorDatabase) =>
    database.query("select hash, status, name, summary, body, source, problem from product_documents where source like 'the exchange''s copy %' order by hash");
  const backends = [EMBEDDED, ...(SERVER ? [SERVER] : [])];
  let stopped = false;

  before(async () => {
    // The stories and the remaining acts (test/mirror/scenario.ts), on a node of its own: a test below stops it.
    chain = await copyOfScenarioChain();
    head = Number(await chain.node.rpc("eth_blockNumber"));
    env = deploymentEnvironment(chain.deployment, chain.node.rpcUrl);
    archive = join(temporaryDirectory("archive"), "registry");
    // The archive every test reads (the first checks it): exported here, so that each test runs on its own too.
    exported = await runCli(["archive", "export", archive, "--segment-blocks", "25"], env);
    if (exported.code === 0) manifest = readManifest(archive);
  });

  after(async () => {
    if (!stopped) await chain?.stop();
    for (const backend of backends) await backend.cleanup();
  });

  describe("export", () => {
    it("writes every header and log of the deployment, as the node gives them, in segments with a manifest of their checksums", async () => {
      const result = exported;
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.match(/^wrote the archive in .*registry: blocks \d+-\d+ in \d+ segments \(\d+ logs\)$/m);
      const firstBlock = Math.min(...Object.values(chain.deployment.contracts).map((contract) => contract.deployBlock));
      expect(manifest).to.include({ chainId: 31337, firstBlock, lastBlock: head });
      expect(manifest.lastBlockHash).to.equal(((await chain.node.rpc("eth_getBlockByNumber", [`0x${head.toString(16)}`, false])) as { hash: string }).hash);
      expect(manifest.segments.length).to.equal(Math.ceil((head - firstBlock + 1) / 25));
      expect(manifest.contracts.ParticipantRegistry.address).to.equal(chain.deployment.contracts.ParticipantRegistry.address.toLowerCase());
      expect(readdirSync(archive).sort()).to.deep.equal(["manifest.json", ...manifest.segments.map((segment) => segment.file)].sort());

      // The lines: block by block, the node's header, then the node's logs, each as the node answered.
      const addresses = Object.values(chain.deployment.contracts).map((contract) => contract.address);
      const nodeLogs = (await chain.node.rpc("eth_getLogs", [{ fromBlock: "0x0", toBlock: `0x${head.toString(16)}`, address: addresses }])) as object[];
      expect(nodeLogs.length).to.be.greaterThan(300);
      const lines = manifest.segments.flatMap((segment) => readFileSync(join(archive, segment.file), "utf8").trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>));
      expect(lines.filter((line) => "logIndex" in line)).to.deep.equal(nodeLogs);
      const headers = lines.filter((line) => "parentHash" in line);
      expect(headers.map((header) => Number(header.number))).to.deep.equal(Array.from({ length: head - firstBlock + 1 }, (_, index) => firstBlock + index));
      expect(headers[7]).to.deep.equal(await chain.node.rpc("eth_getBlockByNumber", [headers[7].number, false]));
      expect(manifest.segments.reduce((total, segment) => total + segment.logs, 0)).to.equal(nodeLogs.length);
    });

    it("extends an archive of the same deployment with new segments, leaving the old ones as they were, and says when there is nothing to add", async () => {
      const folder = join(temporaryDirectory("archive-extended"), "registry");
      const first = await runCli(["archive", "export", folder, "--to", String(head - 30), "--segment-blocks", "40"], env);
      expect(first.code, first.stderr).to.equal(0);
      const before = snapshot(folder);
      const second = await runCli(["--json", "archive", "export", folder, "--segment-blocks", "40"], env);
      expect(second.code, second.stderr).to.equal(0);
      const output = JSON.parse(second.stdout) as { added: { fromBlock: number }[]; manifest: ArchiveManifest };
      expect(output.added[0].fromBlock).to.equal(head - 29);
      expect(output.manifest.lastBlock).to.equal(head);
      const after = snapshot(folder);
      for (const [name, bytes] of Object.entries(before)) if (name !== "manifest.json") expect(after[name], name).to.equal(bytes);
      const again = await runCli(["archive", "export", folder], env);
      expect(again.code, again.stderr).to.equal(0);
      expect(again.stdout).to.match(/already holds blocks \d+-\d+ of chain 31337: nothing to add/);
      expect(snapshot(folder)).to.deep.equal(after);
      const verified = await runCli(["archive", "verify", folder], env);
      expect(verified.code, verified.stderr).to.equal(0);
    });

    it("leaves nothing half-written when the node fails in the middle: a new folder is not created, an archive is not changed", async () => {
      const failing = (after: number): RpcClient => {
        const rpc = createRpcClient(chain.node.rpcUrl);
        let calls = 0;
        return {
          ...rpc,
          async call<Result>(method: string, params?: readonly unknown[]): Promise<Result> {
            if (method === "eth_getLogs" && ++calls > after) throw new Error("the node went away");
            return rpc.call<Result>(method, params);
          },
        };
      };
      const fresh = join(temporaryDirectory("archive-failed"), "registry");
      expect((await rejection(exportArchive({ folder: fresh, rpc: failing(3), deployment: chain.deployment, segmentBlocks: 25 }))).message).to.equal("the node went away");
      expect(existsSync(fresh)).to.equal(false);

      const extended = join(temporaryDirectory("archive-failed-extension"), "registry");
      await exportArchive({ folder: extended, rpc: createRpcClient(chain.node.rpcUrl), deployment: chain.deployment, toBlock: head - 60, segmentBlocks: 25 });
      const before = snapshot(extended);
      expect((await rejection(exportArchive({ folder: extended, rpc: failing(1), deployment: chain.deployment, segmentBlocks: 10 }))).message).to.equal("the node went away");
      expect(snapshot(extended)).to.deep.equal(before);
      // A killed export's leftovers (a temporary file, a segment renamed before the manifest) go with the next export.
      writeFileSync(join(extended, `.tmp-99999-manifest.json`), "{");
      writeFileSync(join(extended, `blocks-${String(head - 59).padStart(10, "0")}-${String(head).padStart(10, "0")}.jsonl`), "half");
      const result = await exportArchive({ folder: extended, rpc: createRpcClient(chain.node.rpcUrl), deployment: chain.deployment, segmentBlocks: 1000 });
      expect(result.added.map((segment) => segment.fromBlock)).to.deep.equal([head - 59]);
      expect(readdirSync(extended).filter((name) => name.startsWith(".tmp-"))).to.deep.equal([]);
      expect(readManifest(extended).segments.at(-1)!.sha256).to.not.equal("");
      expect((await runCli(["archive", "verify", extended], env)).code).to.equal(0);
    });

    it("refuses a folder holding something else, another deployment's archive, or another chain's, and blocks it cannot archive, changing nothing", async () => {
      const other = temporaryDirectory("archive-other");
      writeFileSync(join(other, "notes.txt"), "mine");
      const notEmpty = await runCli(["archive", "export", other], env);
      expectRow("X01", notEmpty);
      expect(oneLine(notEmpty)).to.deep.equal([`datarights: archive export: ${other} is not empty and holds no archive (manifest.json): choose an empty folder`]);
      expect(snapshot(other)).to.deep.equal({ "notes.txt": Buffer.from("mine").toString("base64") });
      expectRow("X01", await runCli(["--json", "archive", "export", other], env));

      const foreign = copyOf(archive, "archive-foreign");
      const foreignManifest = JSON.parse(readFileSync(join(foreign, "manifest.json"), "utf8")) as ArchiveManifest;
      foreignManifest.contracts.ParticipantRegistry.address = `0x${"ab".repeat(20)}`;
      writeFileSync(join(foreign, "manifest.json"), JSON.stringify(foreignManifest));
      const before = snapshot(foreign);
      const anotherDeployment = await runCli(["archive", "export", foreign], env);
      expectRow("X02", anotherDeployment);
      expect(anotherDeployment.stderr).to.include(`(ParticipantRegistry 0x${"ab".repeat(20)} on chain 31337)`);
      expect(snapshot(foreign)).to.deep.equal(before);

      const extra = copyOf(archive, "archive-extra");
      writeFileSync(join(extra, "notes.txt"), "mine");
      expectRow("X03", await runCli(["archive", "export", extra], env));

      const otherChain = copyOf(archive, "archive-other-chain");
      const otherManifest = JSON.parse(readFileSync(join(otherChain, "manifest.json"), "utf8")) as ArchiveManifest;
      otherManifest.lastBlockHash = `0x${"12".repeat(32)}`;
      writeFileSync(join(otherChain, "manifest.json"), JSON.stringify(otherManifest));
      expectRow("X04", await runCli(["archive", "export", otherChain], env));

      const empty = temporaryDirectory("archive-empty");
      expectRow("X05", await runCli(["archive", "export", empty, "--to", String(head + 100)], env));
      expectRow("X06", await runCli(["archive", "export", empty, "--to", "0"], env));
      const file = join(empty, "a-file");
      writeFileSync(file, "");
      expectRow("X07", await runCli(["archive", "export", file], env));
      rmSync(file);
      expect(readdirSync(empty)).to.deep.equal([]);
      expectRow("A15", await runCli(["archive", "export", empty, "--segment-blocks", "0"], env));
    });

    it("lets one export at a time write into a folder", async () => {
      const folder = copyOf(archive, "archive-locked");
      const before = snapshot(folder);
      const release = lockSync(folder, { lockfilePath: join(folder, ".tmp-export.lock"), realpath: false });
      try {
        const result = await runCli(["archive", "export", folder], env);
        expectRow("X10", result);
        expect(oneLine(result)).to.deep.equal([`datarights: archive export: another export is writing into ${folder}`]);
      } finally {
        release();
      }
      expect(snapshot(folder)).to.deep.equal(before);
      const result = await runCli(["archive", "export", folder], env);
      expect(result.code, result.stderr).to.equal(0);
    });
  });

  describe("verify", () => {
    it("passes on the archive, against the node and offline, saying what it compared", async () => {
      const result = await runCli(["archive", "verify", archive], env);
      expect(result.code, result.stderr).to.equal(0);
      expect(result.stdout).to.match(/is intact: blocks \d+-\d+ of chain 31337, \d+ segments, \d+ headers and \d+ logs/);
      expect(result.stdout).to.match(new RegExp(`it equals the chain at ${chain.node.rpcUrl}: chain 31337; \\d+ headers .*block ${head}'s hash ${manifest.lastBlockHash}.*all \\d+ logs`));
      const every = await runCli(["--json", "archive", "verify", archive, "--every-block"], env);
      expect(every.code, every.stderr).to.equal(0);
      const report = JSON.parse(every.stdout) as { headers: number; logs: number; node: { headers: number; logs: number } };
      expect(report.node.headers).to.equal(report.headers);
      expect(report.node.logs).to.equal(report.logs);
      const offline = await runCli(["archive", "verify", archive, "--offline"], { ...env, RPC_URL: "http://127.0.0.1:9" });
      expect(offline.code, offline.stderr).to.equal(0);
      expect(offline.stdout).to.include("not compared with a node (--offline)");
    });

    it("names the file, the line and what differs for a tampered line: a log's data against the node, a header's parentHash offline", async () => {
      const segment = manifest.segments.find((entry) => readFileSync(join(archive, entry.file), "utf8").split("\n").some((line) => line.includes('"logIndex"') && (JSON.parse(line) as { data: string }).data.length > 2))!;
      const file = readFileSync(join(archive, segment.file), "utf8").split("\n");
      const logLine = file.findIndex((line) => line.includes('"logIndex"') && (JSON.parse(line) as { data: string }).data.length > 2) + 1;
      const tampered = copyOf(archive, "archive-tampered");
      editLine(join(tampered, segment.file), logLine, (line) => {
        const log = JSON.parse(line) as { data: string };
        return JSON.stringify({ ...log, data: `${log.data.slice(0, -2)}${log.data.endsWith("00") ? "01" : "00"}` });
      });
      const result = await runCli(["archive", "verify", tampered], env);
      expectRow("V04", result);
      expect(oneLine(result)[0]).to.match(new RegExp(`^datarights: the archive is not intact: ${segment.file} line ${logLine}: log \\d+ of block \\d+: data is .* in the archive, .* on the node; the file's SHA-256 [0-9a-f]{64}, manifest.json says ${segment.sha256}`));
      // Offline, the checksum tells.
      const offline = await runCli(["archive", "verify", tampered, "--offline"], env);
      expectRow("V04", offline);
      expect(oneLine(offline)[0]).to.match(new RegExp(`^datarights: the archive is not intact: ${segment.file}: SHA-256 [0-9a-f]{64}, manifest.json says ${segment.sha256} \\(the file changed after it was written\\)$`));

      const broken = copyOf(archive, "archive-broken");
      const later = manifest.segments[3];
      editLine(join(broken, later.file), 2 + (readFileSync(join(archive, later.file), "utf8").split("\n").slice(1).findIndex((line) => line.includes('"parentHash"'))), (line) =>
        JSON.stringify({ ...(JSON.parse(line) as object), parentHash: `0x${"34".repeat(32)}` }));
      const chainBroken = await runCli(["--json", "archive", "verify", broken, "--offline"], env);
      expectRow("V04", chainBroken);
      expect((JSON.parse(chainBroken.stderr) as { message: string }).message).to.match(
        new RegExp(`^the archive is not intact: ${later.file} line \\d+: block \\d+'s parentHash 0x(34){32} is not block \\d+'s hash 0x[0-9a-f]{64}$`));
    });

    it("fails on a missing segment and on a checksum that is not the file's", async () => {
      const missing = copyOf(archive, "archive-missing");
      const gone = manifest.segments[2];
      rmSync(join(missing, gone.file));
      const result = await runCli(["archive", "verify", missing], env);
      expectRow("V04", result);
      expect(oneLine(result)).to.deep.equal([`datarights: the archive is not intact: ${gone.file}: missing (manifest.json lists it for blocks ${gone.fromBlock}-${gone.toBlock})`]);

      const wrong = copyOf(archive, "archive-checksum");
      const listed = JSON.parse(readFileSync(join(wrong, "manifest.json"), "utf8")) as ArchiveManifest;
      listed.segments[1].sha256 = "0".repeat(64);
      writeFileSync(join(wrong, "manifest.json"), JSON.stringify(listed));
      const checksum = await runCli(["archive", "verify", wrong, "--offline"], env);
      expectRow("V04", checksum);
      expect(oneLine(checksum)[0]).to.match(new RegExp(`^datarights: the archive is not intact: ${listed.segments[1].file}: SHA-256 ${manifest.segments[1].sha256}, manifest.json says 0{64}`));

      const nothing = temporaryDirectory("archive-nothing");
      expectRow("X08", await runCli(["archive", "verify", nothing, "--offline"], env));
      expectRow("X08", await runCli(["archive", "rebuild", nothing], { MIRROR_DIR: emptyEmbeddedDirectory("mirror-nothing") }));
    });

    it("fails against a node whose chain differs, naming the first block that differs", async () => {
      // Another chain with the same id and more blocks than the archive: its blocks are not the archive's.
      const other = await startAnvil();
      try {
        await other.rpc("anvil_mine", [`0x${(head + 5).toString(16)}`]);
        const result = await runCli(["archive", "verify", archive], { ...env, RPC_URL: other.rpcUrl });
        expectRow("V05", result);
        expect(oneLine(result)[0]).to.match(new RegExp(`^datarights: the archive differs from the chain at ${other.rpcUrl}: ${manifest.segments[0].file} line 1: block ${manifest.firstBlock}'s \\w+ is .* in the archive, .* on the node$`));
      } finally {
        await other.stop();
      }
      const fresh = await startAnvil();
      try {
        const behind = await runCli(["archive", "verify", archive], { ...env, RPC_URL: fresh.rpcUrl });
        expectRow("V05", behind);
        expect(oneLine(behind)[0]).to.equal(`datarights: the archive differs from the chain at ${fresh.rpcUrl}: eth_blockNumber: the node's head 0 is below the archive's last block ${head}`);
      } finally {
        await fresh.stop();
      }
    });
  });

  describe("rebuild with no node", () => {
    before(async () => {
      // Mirrors built by the listener from the chain, audited against it: no divergence.
      for (const backend of backends) {
        const fresh = backend.fresh("archive-chain");
        const mirror = await startMirror(fresh.config, chain.node.rpcUrl, chain.mirrored, { documents: chain.documents });
        const database = mirror.database;
        try {
          await mirror.listener.waitForBlock(head);
          await mirror.listener.resolveDocuments();
          await mirror.listener.stop();
          await mirror.done;
          const report = await auditMirror({ database, client: chain.client });
          expect(report.block).to.equal(head);
          expect(report.divergences).to.deep.equal([]);
          expect(report.checked.trade).to.be.greaterThan(5);
          fromChain.set(backend, { dump: await dumpMirror(database), documents: await folderDocuments(database), env: fresh.env, config: fresh.config });
        } finally {
          await database.close();
        }
      }
      // Then no node at all.
      await chain.stop();
      stopped = true;
      expect((await rejection(createRpcClient(chain.node.rpcUrl, { retries: 0 }).call("eth_chainId"))).name).to.equal("RpcUnavailableError");
    });

    /**
     * A module preloaded into the CLI (NODE_OPTIONS=--require) that refuses every socket, and
     * fetch, noting each attempt in a file: the embedded database needs none.
     */
    function networkGuard(): { env: Record<string, string>; attempts(): string } {
      const folder = temporaryDirectory("no-network");
      const attempts = join(folder, "attempts.txt");
      const guard = join(folder, "guard.js");
      writeFileSync(attempts, "");
      writeFileSync(guard, [
        "const { appendFileSync } = require('node:fs');",
        "const net = require('node:net');",
        `const deny = (what) => { appendFileSync(${JSON.stringify(attempts)}, what + '\\n'); throw new Error('no network in a rebuild: ' + what); };`,
        "net.Socket.prototype.connect = function (...args) { deny('connect ' + JSON.stringify(args[0])); };",
        "globalThis.fetch = async (url) => deny('fetch ' + String(url));",
      ].join("\n"));
      return { env: { NODE_OPTIONS: `--require ${guard}` }, attempts: () => readFileSync(attempts, "utf8") };
    }

    for (const backend of backends) {
      it(`rebuilds on ${backend.name} the mirror the listener built from the chain, row for row, from the archive alone`, async () => {
        const fresh = backend.fresh("archive-rebuilt");
        // On the embedded database, no socket at all; on a server, the database's only.
        const guard = backend === EMBEDDED ? networkGuard() : undefined;
        // A documents folder that lacks one document: the rebuild must not fetch it from its https metadata URI.
        const documentsFolder = copyOf(chain.documents, "archive-documents");
        const lacking = readdirSync(documentsFolder).filter((name) => name.endsWith(".json")).sort()[0];
        rmSync(join(documentsFolder, lacking));
        const result = await runCli(["archive", "rebuild", archive, "--documents", documentsFolder], { ...env, ...fresh.env, ...guard?.env });
        expect(result.code, result.stderr).to.equal(0);
        if (guard) {
          expect(guard.attempts()).to.equal("");
          // The guard works: a command that asks a node is stopped by it.
          const asking = await runCli(["archive", "verify", archive], { ...env, ...guard.env });
          expect(asking.code).to.equal(2);
          expect(guard.attempts()).to.match(/^connect /);
        }
        expect(result.stdout).to.match(new RegExp(`rebuilt the mirror in .* from the archive in .*registry, with no node: blocks ${manifest.firstBlock}-${head} of chain 31337, \\d+ events`));
        const database: MirrorDatabase = await openMirrorDatabase(fresh.config);
        try {
          const rebuilt = await dumpMirror(database);
          const expected = fromChain.get(backend)!.dump;
          expect(rebuilt.raw_logs.length).to.be.greaterThan(300);
          for (const table of Object.keys(expected)) expect(rebuilt[table], table).to.deep.equal(expected[table]);
          // The documents of the folder, resolved from it as the listener did from the chain; the one it lacks left unresolved (no network).
          const documents = await folderDocuments(database);
          expect(documents.length).to.be.greaterThan(0);
          const expectedDocuments = fromChain.get(backend)!.documents as { hash: string }[];
          expect(expectedDocuments.map((row) => `${row.hash}.json`)).to.include(lacking);
          expect(documents).to.deep.equal(expectedDocuments.filter((row) => `${row.hash}.json` !== lacking));
          expect(Number((await database.query<{ count: number }>("select count(*)::int8 as count from product_documents"))[0].count)).to.equal(documents.length);
        } finally {
          await database.close();
        }
      });
    }

    if (!SERVER) it("needs DATABASE_URL (postgres://postgres@127.0.0.1:5432/test): set it to rebuild on the server too");

    /** A shorter archive, cut from the full one after its first `segments` segments: its manifest ends where the last kept segment does. */
    function shortArchive(segments: number): { folder: string; lastBlock: number } {
      const short = copyOf(archive, "archive-short");
      const cut = JSON.parse(readFileSync(join(short, "manifest.json"), "utf8")) as ArchiveManifest;
      const kept = cut.segments.slice(0, segments);
      for (const segment of cut.segments.slice(segments)) rmSync(join(short, segment.file));
      const last = kept[kept.length - 1];
      const lastLine = readFileSync(join(short, last.file), "utf8").trimEnd().split("\n").map((line) => JSON.parse(line) as Record<string, unknown>).filter((line) => "parentHash" in line).at(-1)!;
      writeFileSync(join(short, "manifest.json"), JSON.stringify({ ...cut, segments: kept, lastBlock: last.toBlock, lastBlockHash: lastLine.hash }));
      return { folder: short, lastBlock: last.toBlock };
    }

    it("continues a mirror rebuilt from an earlier archive of the same blocks, ending equal to the chain's mirror", async () => {
      const { folder: short, lastBlock } = shortArchive(4);
      expect((await runCli(["archive", "verify", short, "--offline"], env)).code).to.equal(0);
      const fresh = EMBEDDED.fresh("archive-continued");
      const first = await runCli(["--json", "archive", "rebuild", short, "--documents", chain.documents], { ...env, ...fresh.env });
      expect(first.code, first.stderr).to.equal(0);
      expect(JSON.parse(first.stdout)).to.include({ fromBlock: manifest.firstBlock, lastBlock });
      const second = await runCli(["--json", "archive", "rebuild", archive, "--documents", chain.documents], { ...env, ...fresh.env });
      expect(second.code, second.stderr).to.equal(0);
      expect(JSON.parse(second.stdout)).to.include({ fromBlock: lastBlock + 1, lastBlock: head });
      const database = await openMirrorDatabase(fresh.config);
      try {
        expect(await dumpMirror(database)).to.deep.equal(fromChain.get(EMBEDDED)!.dump);
      } finally {
        await database.close();
      }
    });

    it("refuses a database whose mirror the archive does not continue", async () => {
      const { folder: short, lastBlock } = shortArchive(3);
      expect((await runCli(["archive", "verify", short, "--offline"], env)).code).to.equal(0);
      const result = await runCli(["archive", "rebuild", short], { ...env, ...fromChain.get(EMBEDDED)!.env });
      expectRow("X09", result);
      expect(oneLine(result)[0]).to.include(`(it holds block ${head}, the archive ends at ${lastBlock})`);
      expect(statSync(short).isDirectory()).to.equal(true);
    });
  });
});
