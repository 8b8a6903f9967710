import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { readFileSync, readdirSync } from "node:fs";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { temporaryDirectory } from "./cli/harness";

const ROOT = join(__dirname, "..");

/** `npm start` (exactly: `npm start`, through npm) running on free loopback ports, with its deployment, mirror and documents in temporary folders. */
export interface Stack extends Started {
  /** The API, which also serves the web app: `http://127.0.0.1:<port>`. */
  apiUrl: string;
  rpcUrl: string;
}

/** The folders `npm start` rewrites: its deployment, mirror and documents. */
export interface StartFolders {
  deploymentsDir: string;
  mirrorDir: string;
  documentsDir: string;
}

/** A running `npm start` process: npm's pid leads its own process group (as a terminal's job does). */
export interface Started extends StartFolders {
  /** npm's pid, which is also the process group's id. */
  pid: number;
  chainPort: number;
  apiPort: number;
  /** Everything it printed so far (stdout and stderr). */
  output(): string;
  /** Everything it printed on stderr. */
  errors(): string;
  /** Resolves with npm's exit code once it has exited. */
  exited: Promise<number | null>;
  /** Sends the signal (to npm's pid alone, or to the whole process group: Ctrl-C, the default) and reports how it stopped. */
  stop(signal?: "SIGTERM to npm" | "SIGINT to the group"): Promise<Stopped>;
}

export interface Stopped {
  code: number | null;
  /** From the signal to npm's exit. */
  exitMs: number;
  /** The process tree before the signal (npm, its node, anvil, build steps), as `pid command`. */
  tree: string[];
  /** Those still running 5 s after the signal. */
  left: string[];
  /** The ports still taken 5 s after the signal. */
  portsTaken: number[];
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export async function isPortFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

interface ProcessInfo {
  pid: number;
  ppid: number;
  state: string;
  startTime: string;
  command: string;
}

function readProcess(pid: number): ProcessInfo | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    const command = readFileSync(`/proc/${pid}/cmdline`, "utf8").split("\0").join(" ").trim();
    return { pid, state: fields[0], ppid: Number(fields[1]), startTime: fields[19], command };
  } catch {
    return undefined;
  }
}

/** The process `root` and all its descendants, from /proc. */
export function processTree(root: number): ProcessInfo[] {
  const all = readdirSync("/proc").filter((name) => /^\d+$/.test(name)).map((name) => readProcess(Number(name))).filter((info) => info !== undefined);
  const tree: ProcessInfo[] = [];
  let generation = all.filter((info) => info.pid === root);
  while (generation.length > 0) {
    tree.push(...generation);
    const parents = new Set(generation.map((info) => info.pid));
    generation = all.filter((info) => parents.has(info.ppid));
  }
  return tree;
}

/** Still running: the same pid with the same start time, and not a zombie (which runs nothing and holds no port). */
function isRunning(info: ProcessInfo): boolean {
  const now = readProcess(info.pid);
  return now !== undefined && now.startTime === info.startTime && now.state !== "Z";
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Runs `npm start` with these ports and folders (new temporary ones when omitted); `build: false` sets START_BUILD=0. */
export function spawnStart(options: { chainPort: number; apiPort: number; folders?: StartFolders; build?: boolean }): Started {
  const folders = options.folders ?? {
    deploymentsDir: temporaryDirectory("start-deployments"),
    mirrorDir: temporaryDirectory("start-mirror"),
    documentsDir: temporaryDirectory("start-documents"),
  };
  const child: ChildProcess = spawn("npm", ["start"], {
    cwd: ROOT,
    // Its own process group, as a terminal would make for a job: the group's id is npm's pid.
    detached: true,
    env: {
      PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", START_PORT: String(options.chainPort), API_PORT: String(options.apiPort),
      DEPLOYMENTS_DIR: folders.deploymentsDir, START_MIRROR_DIR: folders.mirrorDir, START_DOCUMENTS_DIR: folders.documentsDir,
      ...(options.build === false ? { START_BUILD: "0" } : {}),
    },
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  let errors = "";
  child.stdout!.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on("data", (chunk: Buffer) => {
    output += chunk.toString();
    errors += chunk.toString();
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const pid = child.pid!;
  let stopped: Promise<Stopped> | undefined;
  return {
    ...folders,
    pid,
    chainPort: options.chainPort,
    apiPort: options.apiPort,
    output: () => output,
    errors: () => errors,
    exited,
    stop(signal = "SIGINT to the group") {
      stopped ??= (async () => {
        const tree = processTree(pid);
        const sent = Date.now();
        if (child.exitCode === null && child.signalCode === null) {
          if (signal === "SIGTERM to npm") process.kill(pid, "SIGTERM");
          else process.kill(-pid, "SIGINT");
        }
        const deadline = sent + 5_000;
        const code = await Promise.race([exited, sleep(deadline - Date.now()).then(() => "still running" as const)]);
        const exitMs = Date.now() - sent;
        // What the 5 s leave behind, waiting for it to go until then (the processes' exits are not instant).
        const running = () => tree.filter(isRunning);
        const taken = async () => {
          const ports: number[] = [];
          for (const port of [options.chainPort, options.apiPort]) if (!(await isPortFree(port))) ports.push(port);
          return ports;
        };
        while (Date.now() < deadline && (running().length > 0 || (await taken()).length > 0)) await sleep(100);
        const left = running().map((info) => `${info.pid} ${info.command}`);
        const portsTaken = await taken();
        // Nothing outlives the test run, whatever the outcome.
        for (const info of tree.filter(isRunning)) process.kill(info.pid, "SIGKILL");
        return { code: code === "still running" ? null : code, exitMs, tree: tree.map((info) => `${info.pid} ${info.command}`), left, portsTaken };
      })();
      return stopped;
    },
  };
}

/** Waits until `started` prints `marker`; throws with its output if it exits first or `timeoutMs` passes. */
export async function waitForOutput(started: Started, marker: string | RegExp, timeoutMs = 600_000): Promise<void> {
  const found = () => (typeof marker === "string" ? started.output().includes(marker) : marker.test(started.output()));
  const deadline = Date.now() + timeoutMs;
  let exitCode: number | null | undefined;
  void started.exited.then((code) => (exitCode = code));
  while (!found()) {
    if (exitCode !== undefined) throw new Error(`npm start exited (${exitCode}) before printing ${marker}:\n${started.output()}`);
    if (Date.now() > deadline) throw new Error(`npm start did not print ${marker} in ${timeoutMs / 1000} s:\n${started.output()}`);
    await sleep(100);
  }
}

/** Starts `npm start` (without its build: `npm test` builds first) and waits until it says it is up. */
export async function startStack(): Promise<Stack> {
  const chainPort = await freePort();
  const apiPort = await freePort();
  const started = spawnStart({ chainPort, apiPort, build: false });
  try {
    await waitForOutput(started, "Ctrl-C stops it.");
  } catch (error) {
    await started.stop("SIGINT to the group");
    throw error;
  }
  return { ...started, apiUrl: `http://127.0.0.1:${apiPort}`, rpcUrl: `http://127.0.0.1:${chainPort}` };
}
