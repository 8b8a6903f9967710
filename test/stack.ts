import { spawn } from "node:child_process";
import type { ChildProcessWithoutNullStreams } from "node:child_process";
import { createServer } from "node:net";
import type { AddressInfo } from "node:net";
import { join } from "node:path";
import { temporaryDirectory } from "./cli/harness";

const ROOT = join(__dirname, "..");

/** `npm start`'s stack (scripts/start.ts) running on free loopback ports, with its deployment and mirror in temporary folders. */
export interface Stack {
  /** The API, which also serves the web app: `http://127.0.0.1:<port>`. */
  apiUrl: string;
  chainPort: number;
  rpcUrl: string;
  /** The deployment file the stack wrote (for the CLI's DEPLOYMENTS_DIR). */
  deploymentsDir: string;
  /** Everything the process printed so far. */
  output(): string;
  /** Ctrl-C: resolves with the exit code. */
  stop(): Promise<number | null>;
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

/** Starts scripts/start.ts as `npm start` would (after `npm run build`) and waits until it says it is up. */
export async function startStack(): Promise<Stack> {
  const chainPort = await freePort();
  const apiPort = await freePort();
  const deploymentsDir = temporaryDirectory("start-deployments");
  const child: ChildProcessWithoutNullStreams = spawn(
    process.execPath, [join(ROOT, "node_modules", "ts-node", "dist", "bin.js"), "--transpile-only", join(ROOT, "scripts", "start.ts")],
    {
      cwd: ROOT,
      env: {
        PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "", START_PORT: String(chainPort), API_PORT: String(apiPort),
        DEPLOYMENTS_DIR: deploymentsDir, START_MIRROR_DIR: temporaryDirectory("start-mirror"),
        // The documents folder of the product descriptions (h14-docs); ignored by a scripts/start.ts that has none.
        START_DOCUMENTS_DIR: temporaryDirectory("start-documents"),
      },
      stdio: ["pipe", "pipe", "pipe"],
    },
  );
  child.stdin.end();
  let output = "";
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  child.stdout.on("data", (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on("data", (chunk: Buffer) => (output += chunk.toString()));
  let stopped: Promise<number | null> | undefined;
  const stop = () => {
    stopped ??= (child.exitCode === null && child.signalCode === null ? (child.kill("SIGINT"), exited) : exited);
    return stopped;
  };
  try {
    await new Promise<void>((resolve, reject) => {
      const timer = setInterval(() => {
        if (output.includes("Ctrl-C stops it.")) {
          clearInterval(timer);
          resolve();
        }
      }, 100);
      void exited.then((code) => {
        clearInterval(timer);
        reject(new Error(`npm start exited (${code}):\n${output}`));
      });
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return {
    apiUrl: `http://127.0.0.1:${apiPort}`, chainPort, rpcUrl: `http://127.0.0.1:${chainPort}`, deploymentsDir, output: () => output, stop,
  };
}
