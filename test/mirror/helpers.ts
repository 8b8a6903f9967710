import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { join } from "node:path";
import { createListener, createRpcClient, silentLog } from "../../src/listener";
import type { Listener, ListenerLog, ListenerOptions, MirroredDeployment } from "../../src/listener";
import { openMirrorDatabase } from "../../src/mirror/database";
import type { DatabaseConfig, MirrorDatabase } from "../../src/mirror/database";
import { writeDeployment } from "../../src/sdk/deployment";
import type { CompleteDeployment } from "../../src/sdk/deployment";
import { temporaryDirectory } from "../cli/harness";

export interface RunningMirror {
  database: MirrorDatabase;
  listener: Listener;
  done: Promise<void>;
  /** Stops the listener and closes the database. */
  close(): Promise<void>;
}

/** A listener in this process, mirroring `deployment` from `rpcUrl` into a database opened from `config`. */
export async function startMirror(
  config: DatabaseConfig, rpcUrl: string, deployment: MirroredDeployment, options: Partial<ListenerOptions> = {},
): Promise<RunningMirror> {
  const database = await openMirrorDatabase(config);
  const listener = createListener({
    database, rpc: createRpcClient(rpcUrl), deployment, pollIntervalMs: 100, retry: { initialMs: 100, maxMs: 500 }, log: silentLog, ...options,
  });
  const done = listener.run();
  done.catch(() => undefined);
  return {
    database,
    listener,
    done,
    async close() {
      await listener.stop();
      await database.close();
    },
  };
}

/** Mirrors up to `head`, stops the listener, and returns the database, still open. */
export async function indexTo(config: DatabaseConfig, rpcUrl: string, deployment: MirroredDeployment, head: number, options: Partial<ListenerOptions> = {}): Promise<MirrorDatabase> {
  const mirror = await startMirror(config, rpcUrl, deployment, options);
  try {
    await mirror.listener.waitForBlock(head);
  } catch (error) {
    await mirror.close();
    throw error;
  }
  await mirror.listener.stop();
  await mirror.done;
  return mirror.database;
}

/** Waits until `condition` holds, polling. */
export async function eventually(condition: () => boolean | Promise<boolean>, what: string, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const ROOT = join(__dirname, "..", "..");

/** A deployment file for child processes: returns the environment naming it. */
export function deploymentEnvironment(deployment: CompleteDeployment, rpcUrl: string): Record<string, string> {
  const directory = temporaryDirectory("deployments");
  writeDeployment(join(directory, "test.json"), deployment);
  return { NETWORK: "test", DEPLOYMENTS_DIR: directory, RPC_URL: rpcUrl };
}

export interface ChildListener {
  process: ChildProcess;
  lines: string[];
  /** Resolves with the first output line matching `pattern`. */
  waitForLine(pattern: RegExp, timeoutMs?: number): Promise<string>;
  exited: Promise<number | null>;
}

/** `datarights <args>` as a separate process (the built CLI), its output collected line by line. */
export function spawnCli(args: string[], env: Record<string, string>): ChildListener {
  const child = spawn(process.execPath, [join(ROOT, "bin", "datarights.js"), ...args], {
    cwd: ROOT,
    env: { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const waiters: { pattern: RegExp; resolve(line: string): void }[] = [];
  let buffered = "";
  const take = (chunk: Buffer) => {
    buffered += chunk.toString();
    const parts = buffered.split("\n");
    buffered = parts.pop()!;
    for (const line of parts) {
      lines.push(line);
      for (const waiter of [...waiters]) {
        if (waiter.pattern.test(line)) {
          waiters.splice(waiters.indexOf(waiter), 1);
          waiter.resolve(line);
        }
      }
    }
  };
  child.stdout!.on("data", take);
  child.stderr!.on("data", take);
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  return {
    process: child,
    lines,
    exited,
    waitForLine(pattern, timeoutMs = 60_000) {
      const found = lines.find((line) => pattern.test(line));
      if (found) return Promise.resolve(found);
      return new Promise((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no line matching ${pattern} within ${timeoutMs} ms; output:\n${lines.join("\n")}`)), timeoutMs);
        waiters.push({ pattern, resolve: (line) => { clearTimeout(timer); resolve(line); } });
        void exited.then((code) => {
          clearTimeout(timer);
          reject(new Error(`datarights exited (${code}) before printing ${pattern}; output:\n${lines.join("\n")}`));
        });
      });
    },
  };
}

/** A log that keeps its lines, so a test can tell what the listener said it did. */
export function recordingLog(): ListenerLog & { lines: string[] } {
  const lines: string[] = [];
  return {
    lines,
    info: (message) => lines.push(message),
    warn: (message) => lines.push(`warning: ${message}`),
    error: (message) => lines.push(`error: ${message}`),
  };
}
