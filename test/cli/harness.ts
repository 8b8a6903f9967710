import { execFile } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";

export { anvilAccount, startAnvil } from "../../src/devchain/anvil";
export type { AnvilNode } from "../../src/devchain/anvil";

const ROOT = join(__dirname, "..", "..");
const CLI = join(ROOT, "bin", "datarights.js");

export interface CliResult {
  code: number;
  stdout: string;
  stderr: string;
}

/** Runs `datarights` as a separate process with `env` on top of a clean environment. */
export function runCli(args: string[], env: Record<string, string | undefined>, cwd?: string): Promise<CliResult> {
  const base: Record<string, string> = { PATH: process.env.PATH ?? "", HOME: process.env.HOME ?? "" };
  const merged = Object.fromEntries(Object.entries({ ...base, ...env }).filter(([, value]) => value !== undefined)) as Record<string, string>;
  return new Promise((resolve) => {
    execFile(process.execPath, [CLI, ...args], { env: merged, cwd: cwd ?? ROOT, maxBuffer: 16 << 20 }, (error, stdout, stderr) => {
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, stdout, stderr });
    });
  });
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
if (typeof after === "function") after(removeTemporaryDirectories);
