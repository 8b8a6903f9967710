import { spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { existsSync } from "node:fs";
import { createServer } from "node:net";
import { join } from "node:path";
import { HDNodeWallet, Mnemonic } from "ethers";
import { JsonRpcError, createTransport } from "../sdk/transport";

/**
 * A local anvil node (from the npm package @foundry-rs/anvil) on a free loopback port: the
 * separate JSON-RPC peer of the CLI tests, the benches and the local stack.
 */
const MNEMONIC = Mnemonic.fromPhrase("test test test test test test test test test test test junk");

/** anvil's funded development accounts (its default mnemonic). */
export function anvilAccount(index: number): { address: string; privateKey: string } {
  const wallet = HDNodeWallet.fromMnemonic(MNEMONIC, `m/44'/60'/0'/0/${index}`);
  return { address: wallet.address, privateKey: wallet.privateKey };
}

function anvilBinary(): string {
  let folder = __dirname;
  for (;;) {
    const candidate = join(folder, "node_modules", ".bin", "anvil");
    if (existsSync(candidate)) return candidate;
    const parent = join(folder, "..");
    if (parent === folder) throw new Error("anvil is not installed: run npm ci (it comes with @foundry-rs/anvil)");
    folder = parent;
  }
}

async function isFree(port: number): Promise<boolean> {
  return new Promise((resolve) => {
    const server = createServer();
    server.once("error", () => resolve(false));
    server.listen(port, "127.0.0.1", () => server.close(() => resolve(true)));
  });
}

/** A port on 127.0.0.1 free at the time of asking. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/** A separate anvil node on a free loopback port, stopped by `stop()`. */
export interface AnvilNode {
  rpcUrl: string;
  port: number;
  process: ChildProcess;
  rpc(method: string, params?: unknown[]): Promise<unknown>;
  stop(): Promise<void>;
}

/** Starts anvil on `port` (a free one when omitted), with `extraArgs` (e.g. `--gas-price 0`). */
export async function startAnvil(extraArgs: string[] = [], port?: number): Promise<AnvilNode> {
  if (port === undefined) port = await freePort();
  else if (!(await isFree(port))) throw new Error(`port ${port} on 127.0.0.1 is in use: stop what listens there, or choose another port`);
  const child = spawn(anvilBinary(), ["--host", "127.0.0.1", "--port", String(port), "--accounts", "30", ...extraArgs], {
    stdio: ["ignore", "pipe", "pipe"],
  });
  let output = "";
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`anvil did not start: ${output}`)), 20_000);
    child.stdout!.on("data", (chunk: Buffer) => {
      output += chunk.toString();
      if (output.includes("Listening on")) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once("exit", (code) => reject(new Error(`anvil exited with ${code}: ${output}`)));
  });
  const rpcUrl = `http://127.0.0.1:${port}`;
  // No retries: a test's evm_mine or anvil_reorg must happen exactly once. A long timeout: mining
  // a block of a thousand pending transactions takes anvil a while.
  const transport = createTransport(rpcUrl, { retries: 0, timeoutMs: 300_000 });
  return {
    rpcUrl,
    port,
    process: child,
    async rpc(method, params = []) {
      try {
        return await transport.request<unknown>(method, params);
      } catch (error) {
        if (error instanceof JsonRpcError) throw new Error(`${method}: ${error.error.message}`, { cause: error });
        throw error;
      }
    },
    async stop() {
      transport.close();
      if (child.exitCode === null) {
        await new Promise<void>((resolve) => {
          child.once("exit", () => resolve());
          child.kill("SIGTERM");
        });
      }
      // The anvil package's launcher passes the signal on to the node binary and exits at once,
      // without waiting for it: the node is stopped only once its port is let go.
      const deadline = Date.now() + 10_000;
      while (!(await isFree(port))) {
        if (Date.now() > deadline) throw new Error(`anvil on port ${port} did not stop within 10 s`);
        await new Promise((resolve) => setTimeout(resolve, 50));
      }
    },
  };
}
