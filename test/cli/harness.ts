import { execFile, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Writable } from "node:stream";

export { anvilAccount, startAnvil } from "../../src/devchain/anvil";
export type { AnvilNode } from "../../src/devchain/anvil";

const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "bin", "datarights.js");
const WORKER = join(__dirname, "warm-cli.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/**
 * Environment variables node itself reads when it starts: a command given any of these (or another
 * PATH or HOME) runs in a process started for it, as the warm ones started with PATH and HOME only.
 */
const STARTUP_ENV = /^(NODE_|UV_|TZ$|PATH$|HOME$|LANG$|LC_|SSL_CERT|OPENSSL_)/;

const PROGRAM_ONLY = new Set(["--help", "-h", "--version", "-V"]);

/** How many processes wait, with the CLI loaded, for a command (two: two commands may run at once). */
const WARM = 2;
const warm: ChildProcess[] = [];
let shutDown = false;

function startWarm(): void {
  if (shutDown || !existsSync(WORKER)) return;
  const child = spawn(process.execPath, [WORKER], { env: baseEnv(), cwd: ROOT, stdio: ["pipe", "pipe", "pipe", "pipe"] });
  // A waiting process does not keep the test run alive; the root hook below ends those left.
  child.unref();
  for (const stream of [child.stdin, child.stdout, child.stderr, child.stdio[3]]) (stream as unknown as { unref?(): void } | null)?.unref?.();
  child.on("error", () => undefined);
  warm.push(child);
}

function baseEnv(): Record<string, string> {
  return { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
}

/** Runs `datarights` as a separate process with `env` on top of a clean environment. */
export function runCli(args: string[], env: Record<string, string | undefined>, cwd?: string): Promise<CliResult> {
  const merged = Object.fromEntries(Object.entries({ ...baseEnv(), ...env }).filter(([, value]) => value !== undefined)) as Record<string, string>;
  const directory = cwd ?? ROOT;
  // Help and the version need the program alone: a process started for them loads less than a
  // warm one has loaded (ethers, the SDK) by the time it is asked.
  const startsCold = Object.keys(env).some((key) => STARTUP_ENV.test(key)) || args.some((arg) => PROGRAM_ONLY.has(arg));
  if (!startsCold) {
    while (warm.length < WARM) startWarm();
    const child = warm.shift();
    startWarm();
    if (child && child.exitCode === null && child.signalCode === null) return runWarm(child, args, merged, directory);
  }
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: merged, cwd: directory, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
}

/**
 * Gives a warm process (test/cli/warm-cli.js: node with the built CLI's modules loaded) its
 * command: it runs bin/datarights.js with exactly `args`, `env` and `cwd`, then exits on its own.
 */
function runWarm(child: ChildProcess, args: string[], env: Record<string, string>, cwd: string): Promise<CliResult> {
  child.ref();
  for (const stream of [child.stdout, child.stderr]) (stream as unknown as { ref?(): void } | null)?.ref?.();
  const stdout: Buffer[] = [];
  const stderr: Buffer[] = [];
  child.stdout!.on("data", (chunk: Buffer) => stdout.push(chunk));
  child.stderr!.on("data", (chunk: Buffer) => stderr.push(chunk));
  const result = new Promise<CliResult>((resolve) => {
    child.once("close", (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(stdout).toString("utf8"), stderr: Buffer.concat(stderr).toString("utf8") }));
  });
  (child.stdio[3] as Writable).end(JSON.stringify({ args, env, cwd }));
  return result;
}

/** Ends the processes still waiting for a command (run by the root hook below). */
export function stopWarmProcesses(): void {
  shutDown = true;
  for (const child of warm.splice(0)) child.kill();
}

const created: string[] = [];

/** A fresh directory under the system's temporary folder, removed once the whole run is over. */
export function temporaryDirectory(label: string): string {
  const directory = mkdtempSync(join(tmpdir(), `datarights-${label}-`));
  created.push(directory);
  return directory;
}

/** Removes what `temporaryDirectory` made; also run by the root hook below after the last test. */
export function removeTemporaryDirectories(): void {
  for (const directory of created.splice(0)) rmSync(directory, { recursive: true, force: true, maxRetries: 3 });
}

// A root hook (this module is loaded with the test files): after every suite's own `after`, so no
// process a suite started still writes into these directories. Outside mocha there is no `after`.
if (typeof after === "function") {
  after(stopWarmProcesses);
  after(removeTemporaryDirectories);
}
