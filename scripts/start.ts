/**
 * `npm start` ("exec ts-node --transpile-only scripts/start.ts": npm's direct child, no shell in
 * between): the whole local stack in one process tree.
 *
 * 1. Checks its configuration and ports, and takes its locks (scripts/start-lock.ts) before it
 *    deletes or overwrites anything: a second `npm start` on the same folders refuses.
 * 2. Builds (hardhat compile, tsc, vite build: its children), a line per step with the time taken.
 * 3. Runs the stack (scripts/start-stack.ts): anvil on 127.0.0.1:START_PORT (default 8545), the
 *    deployment (deployments/localhost.json), the six stories, then the listener mirroring the chain
 *    into the embedded database (.data/mirror/localhost) and the API with the web app
 *    (API_HOST:API_PORT, default 127.0.0.1:3000). The stories' description documents go to
 *    .data/documents/localhost. DEPLOYMENTS_DIR, START_MIRROR_DIR and START_DOCUMENTS_DIR move what
 *    it rewrites (never MIRROR_DIR or DOCUMENTS_DIR: a real mirror and documents folder stay untouched).
 *
 * SIGINT (Ctrl-C, to the whole process group) and SIGTERM (what systemd and Docker send, which npm
 * forwards to this process) stop the build's children or the stack, anvil last, and exit 0 within
 * seconds; past STOP_DEADLINE_MS whatever is left is killed and it exits 1.
 */
import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { createServer } from "node:net";
import { join, resolve } from "node:path";
import { StartLocked, takeStartLocks } from "./start-lock";
import type * as StackModule from "./start-stack";

const ROOT = join(__dirname, "..");
const DEFAULT_CHAIN_PORT = 8545;
const STOP_DEADLINE_MS = 3_500;

/** A failure the user can fix: printed as one line, no stack trace. */
class StartError extends Error {}

function chainPortOf(value: string | undefined): number {
  const port = Number(value ?? DEFAULT_CHAIN_PORT);
  if (!/^\d+$/.test(value ?? "8545") || port < 1 || port > 65_535) throw new StartError(`START_PORT must be a port number, not "${value}"`);
  return port;
}

async function isFree(host: string, port: number): Promise<boolean> {
  return new Promise((done) => {
    const server = createServer();
    server.once("error", () => done(false));
    server.listen(port, host, () => server.close(() => done(true)));
  });
}

/** A build step: a node script of node_modules/.bin, run by this node in its own process group (killed as a group on a signal). */
interface Step {
  title: string;
  script: string;
  args: string[];
}

const STEPS: Step[] = [
  { title: "contracts (hardhat compile)", script: "hardhat", args: ["compile", "--quiet"] },
  { title: "SDK, CLI, listener, API (tsc)", script: "tsc", args: ["-p", "tsconfig.build.json"] },
  { title: "web app (vite build)", script: "vite", args: ["build", "--config", "web/vite.config.mts", "--logLevel", "warn"] },
];

const seconds = (since: number) => `${((Date.now() - since) / 1000).toFixed(1)} s`;

async function main(): Promise<void> {
  const began = Date.now();
  const chainPort = chainPortOf(process.env.START_PORT);
  // Loaded after the port check: the configuration pulls in the database driver.
  const { loadMirrorConfig } = await import("../src/mirror/config");
  // npm start always mirrors into its own embedded database: its chain is new on every run.
  const mirror = loadMirrorConfig({ ...process.env, DATABASE_URL: undefined, MIRROR_DIR: process.env.START_MIRROR_DIR ?? join(ROOT, ".data", "mirror", "localhost") }, "localhost");
  const mirrorDirectory = mirror.database.directory!;
  // The stories' description documents, which the listener mirrors and the API serves; a fresh folder each run, like the chain.
  const documents = resolve(process.env.START_DOCUMENTS_DIR ?? join(ROOT, ".data", "documents", "localhost"));
  const deploymentFile = resolve(process.env.DEPLOYMENTS_DIR ?? join(ROOT, "deployments"), "localhost.json");
  const chainUrl = `http://127.0.0.1:${chainPort}`;
  const apiUrl = `http://${mirror.api.host}:${mirror.api.port}`;
  if (chainPort === mirror.api.port) throw new StartError(`START_PORT and API_PORT are both ${chainPort}: set one of them to another port`);

  let release = () => {};
  let building: { process: ChildProcess; closed: Promise<unknown> } | undefined;
  let stack: StackModule.Stack | undefined;
  let stopping: Promise<void> | undefined;
  const killBuild = (signal: NodeJS.Signals) => {
    const child = building?.process;
    if (child?.pid !== undefined && child.exitCode === null && child.signalCode === null) {
      try {
        process.kill(-child.pid, signal);
      } catch {
        // Gone already.
      }
    }
  };
  const stopAll = (reason: string, signal: NodeJS.Signals, code: number) => {
    stopping ??= (async () => {
      console.log(`\n${reason}: stopping`);
      const deadline = setTimeout(() => {
        console.error(`datarights: still stopping after ${STOP_DEADLINE_MS / 1000} s: killing what is left`);
        killBuild("SIGKILL");
        stack?.kill();
        release();
        process.exit(1);
      }, STOP_DEADLINE_MS);
      killBuild(signal);
      await building?.closed;
      await stack?.stop();
      clearTimeout(deadline);
      release();
      process.exit(code);
    })();
    return stopping;
  };
  // Ctrl-C reaches every process of the group, and npm forwards it too: the second one changes nothing.
  process.on("SIGINT", () => void stopAll("Ctrl-C", "SIGINT", 0));
  process.on("SIGTERM", () => void stopAll("SIGTERM", "SIGTERM", 0));

  // The locks first: nothing is deleted or overwritten (not even the build's output) before them.
  release = takeStartLocks([deploymentFile, mirrorDirectory, documents], { chain: chainUrl, api: apiUrl });
  process.once("exit", release);
  if (!(await isFree("127.0.0.1", chainPort))) throw new StartError(`port ${chainPort} is in use: set START_PORT to another`);
  if (mirror.api.port !== 0 && !(await isFree(mirror.api.host, mirror.api.port))) throw new StartError(`port ${mirror.api.port} is in use: set API_PORT to another`);

  try {
    if (process.env.START_BUILD === "0") console.log("Build: skipped (START_BUILD=0)");
    else {
      console.log(`Building (${STEPS.length} steps; the first build takes a minute or two)`);
      for (const [index, step] of STEPS.entries()) {
        const stepBegan = Date.now();
        console.log(`  [${index + 1}/${STEPS.length}] ${step.title} …`);
        const child = spawn(process.execPath, [join(ROOT, "node_modules", ".bin", step.script), ...step.args], {
          cwd: ROOT, detached: true, stdio: ["ignore", "pipe", "pipe"],
        });
        child.stdout!.on("data", (chunk: Buffer) => process.stdout.write(chunk));
        child.stderr!.on("data", (chunk: Buffer) => process.stderr.write(chunk));
        const closed = new Promise<[number | null, NodeJS.Signals | null]>((done, fail) => {
          child.once("error", fail);
          child.once("close", (exitCode, exitSignal) => done([exitCode, exitSignal]));
        });
        building = { process: child, closed: closed.catch(() => undefined) };
        const [code, signal] = await closed;
        building = undefined;
        if (stopping) return;
        if (code !== 0) throw new StartError(`the build failed: ${step.title} ${signal ? `was killed by ${signal}` : `exited with ${code}`} (its output is above)`);
        console.log(`  [${index + 1}/${STEPS.length}] ${step.title}: done in ${seconds(stepBegan)}`);
      }
      console.log(`Built in ${seconds(began)}\n`);
    }
    if (stopping) return;

    // Loaded after the build: the SDK needs the generated contract bindings that hardhat compile writes.
    const { createStack } = require("./start-stack") as typeof StackModule;
    const cliEnvironment = [
      chainPort === DEFAULT_CHAIN_PORT ? "" : `RPC_URL=${chainUrl} `,
      process.env.DEPLOYMENTS_DIR === undefined ? "" : `DEPLOYMENTS_DIR=${process.env.DEPLOYMENTS_DIR} `,
    ].join("");
    stack = createStack({ chainPort, mirror: { ...mirror, database: { ...mirror.database, directory: mirrorDirectory } }, documents, deploymentFile, cliEnvironment });
    await stack.start((error) => {
      if (stopping) return;
      console.error(`datarights: ${error.message}`);
      void stopAll("the listener failed", "SIGTERM", 1);
    });
  } catch (error) {
    if (stopping) return;
    killBuild("SIGTERM");
    await stack?.stop();
    release();
    throw error;
  }
}

main().catch((error: unknown) => {
  const message = error instanceof Error ? error.message : String(error);
  console.error(`datarights: ${error instanceof StartLocked || error instanceof StartError ? message : message.split("\n")[0]}`);
  process.exitCode = 1;
});
