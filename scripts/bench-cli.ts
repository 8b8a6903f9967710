/**
 * CLI bench: how long `datarights --help`, a group's help and a leaf's help take, each the
 * median of 10 runs of the built CLI in a new node process, as people run it, next to node's
 * own start-up. Goal: `datarights --help` answers in under 300 ms. Exits 1 when it is missed.
 *
 *   npm run bench     (builds first; the last of the benches)
 */
import { execFileSync } from "node:child_process";
import { existsSync } from "node:fs";
import { join } from "node:path";

const RUNS = 10;
const GOAL_MS = 300;
const ROOT = join(__dirname, "..");
const CLI = join(ROOT, "bin", "datarights.js");

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const middle = Math.floor(sorted.length / 2);
  return sorted.length % 2 === 1 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
}

/** Wall time of one node process running `args`, spawned and waited for, in milliseconds. */
function timeRun(args: string[]): number {
  const start = process.hrtime.bigint();
  execFileSync(process.execPath, args, { stdio: "ignore", cwd: ROOT });
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function main(): void {
  if (!existsSync(join(ROOT, "dist", "src", "cli", "main.js"))) throw new Error("the CLI is not built: run `npm run build` first");
  const cases = [
    // The floor: what any node program pays before its first line runs.
    { label: "node -e 0", args: ["-e", "0"] },
    { label: "datarights --help", args: [CLI, "--help"] },
    { label: "datarights trade --help", args: [CLI, "trade", "--help"] },
    { label: "datarights trade deal --help", args: [CLI, "trade", "deal", "--help"] },
  ];
  timeRun([CLI, "--help"]); // a first run fills the file cache
  console.log(`\nCLI help: wall time of a new process, median of ${RUNS} runs`);
  const medians = new Map<string, number>();
  for (const { label, args } of cases) {
    const times = Array.from({ length: RUNS }, () => timeRun(args));
    medians.set(label, median(times));
    console.log(`  ${label.padEnd(30)} ${median(times).toFixed(0).padStart(5)} ms  (min ${Math.min(...times).toFixed(0)}, max ${Math.max(...times).toFixed(0)})`);
  }
  const help = medians.get("datarights --help")!;
  const met = help < GOAL_MS;
  console.log(`\nGoal\n  ${met ? "met   " : "MISSED"}  datarights --help < ${GOAL_MS} ms: ${help.toFixed(0)} ms`);
  if (!met) process.exitCode = 1;
}

try {
  main();
} catch (error) {
  console.error(error instanceof Error ? error.message : error);
  process.exitCode = 1;
}
