import { spawnSync } from "node:child_process";
import { statSync } from "node:fs";
import { expect } from "chai";
import { LockLostError, openMirrorDatabase } from "../../src/mirror/database";
import { temporaryDirectory } from "../cli/harness";
import { startTestChain } from "./chain";
import type { TestChain } from "./chain";
import { eventually, recordingLog, startMirror } from "./helpers";

/**
 * The embedded database's directory lock, when the process stalls past its stale threshold (a
 * short one here: 2 s, refreshed every second). Nothing depends on how long anything takes: the
 * stall lasts until the lock file's own mtime says it is stale, and the other process takes it
 * while this one is still blocked.
 */
const STALE_MS = 2_000;
const LOCK = { lockStaleMs: STALE_MS, lockUpdateMs: 1_000 };

const lockMtime = (directory: string) => statSync(`${directory}.lock`).mtimeMs;

/** Blocks the event loop (no timer, no refresh) until the lock is stale as any other process judges it. */
function stallPastStale(directory: string): void {
  while (lockMtime(directory) >= Date.now() - STALE_MS - 500) {
    // busy on purpose: this is the stall
  }
}

/**
 * Another process takes the stale lock as `openMirrorDatabase` would (proper-lockfile), then dies
 * by SIGKILL still holding it. Runs synchronously: this process is still stalled meanwhile.
 */
function anotherProcessTakes(directory: string): void {
  const taker = spawnSync(process.execPath, ["-e", `
    require("proper-lockfile").lockSync(${JSON.stringify(directory)}, { stale: ${STALE_MS}, realpath: false });
    process.kill(process.pid, "SIGKILL");
  `], { cwd: process.cwd(), encoding: "utf8" });
  expect(taker.signal, taker.stderr).to.equal("SIGKILL");
}


const lockLost = (signal: AbortSignal) =>
  new Promise<Error>((resolve) => {
    if (signal.aborted) resolve(signal.reason as Error);
    signal.addEventListener("abort", () => resolve(signal.reason as Error), { once: true });
  });

describe("the embedded database's lock, when the process stalls past its stale threshold", function () {
  this.timeout(120_000);
  const uncaught: unknown[] = [];
  const record = (error: unknown) => uncaught.push(error);
  // Mocha would report an uncaught throw against whichever test runs; this makes it this suite's failure.
  before(() => process.prependListener("uncaughtException", record));
  after(() => process.off("uncaughtException", record));
  afterEach(() => expect(uncaught, "uncaught exceptions").to.deep.equal([]));

  it("opens a directory in one process only: a second open is refused once it sees the owner refresh the lock", async () => {
    const directory = temporaryDirectory("locked");
    const database = await openMirrorDatabase({ directory, ...LOCK });
    try {
      // Opening stalls the event loop (PGlite starting): once the owner has refreshed its lock, it is live.
      const opened = lockMtime(directory);
      await eventually(() => lockMtime(directory) !== opened, "the owner's first refresh", 30_000);
      const failure = await openMirrorDatabase({ directory, ...LOCK }).then(() => undefined, (error: Error) => error);
      expect(failure?.message).to.match(/is in use by another process: run the listener and the API in one process \(`datarights listen --serve`\)/);
      expect(database.lockLost.aborted).to.equal(false);
    } finally {
      await database.close();
    }
  });

  it("keeps the lock and goes on writing when nobody took the directory meanwhile", async () => {
    const directory = temporaryDirectory("stalled");
    const database = await openMirrorDatabase({ directory, ...LOCK });
    try {
      await database.query("create table t (n int)");
      const before = lockMtime(directory);
      stallPastStale(directory);
      // The late refresh finds its own mtime on the lock, and renews it.
      await eventually(() => lockMtime(directory) > before, "the lock's refresh after the stall", 30_000);
      expect(database.lockLost.aborted).to.equal(false);
      await database.transaction((tx) => tx.query("insert into t values (1)"));
      expect(await database.query("select n from t")).to.deep.equal([{ n: 1 }]);
    } finally {
      await database.close();
    }
  });

  it("stops writing, without an uncaught exception, when another process took the directory meanwhile; closing leaves the other's lock", async () => {
    const directory = temporaryDirectory("taken");
    const database = await openMirrorDatabase({ directory, ...LOCK });
    let closed = false;
    try {
      await database.query("create table t (n int)");
      stallPastStale(directory);
      anotherProcessTakes(directory);
      const taken = lockMtime(directory);
      // proper-lockfile's late refresh finds another mtime: its default would throw from the timer.
      const reason = await lockLost(database.lockLost);
      expect(reason).to.be.instanceOf(LockLostError);
      expect(reason.message, reason.message).to.match(/^the embedded database's lock on .*taken-\w+ was lost \(Unable to update lock within the stale threshold; the process stalled for more than 2 s and another process may have opened the directory\): writes stopped$/);
      for (const write of [
        () => database.transaction((tx) => tx.query("insert into t values (1)")),
        () => database.query("insert into t values (2)"),
        () => database.script([{ sql: "insert into t values (3)" }]),
      ]) {
        const failure = await write().then(() => undefined, (error: Error) => error);
        expect(failure).to.equal(reason);
      }
      await database.close();
      closed = true;
      // The lock is the other process's: closing neither removed nor touched it.
      expect(lockMtime(directory)).to.equal(taken);
    } finally {
      if (!closed) await database.close();
    }
  });

  it("rolls back the transaction in flight when the lock is lost during it", async () => {
    const directory = temporaryDirectory("in-flight");
    const database = await openMirrorDatabase({ directory, ...LOCK });
    try {
      await database.query("create table t (n int)");
      const failure = await database.transaction(async (tx) => {
        await tx.query("insert into t values (1)");
        stallPastStale(directory);
        anotherProcessTakes(directory);
        await lockLost(database.lockLost);
        await tx.query("insert into t values (2)");
      }).then(() => undefined, (error: Error) => error);
      expect(failure).to.be.instanceOf(LockLostError);
    } finally {
      await database.close();
    }
    // What the directory holds, as the next owner opens it: nothing of the rolled-back transaction.
    const reopened = await openMirrorDatabase({ directory, ...LOCK });
    try {
      expect(await reopened.query("select n from t")).to.deep.equal([]);
    } finally {
      await reopened.close();
    }
  });

  describe("under the listener", () => {
    let chain: TestChain;
    before(async () => {
      chain = await startTestChain();
    });
    after(async () => {
      await chain?.stop();
    });

    it("stops writing, logs one line and ends its run with the LockLostError; the blocks after it are not mirrored", async () => {
      const directory = temporaryDirectory("listener-lock");
      const log = recordingLog();
      const mirror = await startMirror({ directory, ...LOCK }, chain.node.rpcUrl, chain.mirrored, { log });
      try {
        const head = Number(await chain.node.rpc("eth_blockNumber"));
        await mirror.listener.waitForBlock(head);
        stallPastStale(directory);
        anotherProcessTakes(directory);
        const outcome = await mirror.done.then(() => undefined, (error: Error) => error);
        expect(outcome).to.be.instanceOf(LockLostError);
        const reported = log.lines.filter((line) => line.startsWith("error: ") || line.startsWith("warning: "));
        expect(reported).to.deep.equal([`error: ${outcome!.message}`]);
        // New blocks on the chain: the listener no longer runs, and the directory holds what it had.
        await chain.node.rpc("evm_mine");
        await chain.node.rpc("evm_mine");
        expect(mirror.listener.status().checkpoint).to.equal(head);
      } finally {
        await mirror.close();
      }
      const reopened = await openMirrorDatabase({ directory, ...LOCK });
      try {
        const [state] = await reopened.query<{ checkpoint_block: number }>("select checkpoint_block from mirror_state");
        expect(state.checkpoint_block).to.equal(mirror.listener.status().checkpoint);
      } finally {
        await reopened.close();
      }
    });
  });
});
