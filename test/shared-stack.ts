import { rmSync } from "node:fs";
import { startStack } from "./stack";
import type { Stack, Stopped } from "./stack";

let shared: Promise<Stack> | undefined;

/**
 * One `npm start` stack shared by every test file that asks for it (test/start.test.ts and the
 * browser tests of test/web/): starting it takes most of a minute, so it is started once, on first
 * use, and stopped by the root `after` hook below, which sends SIGTERM to npm's pid alone (what
 * systemd and Docker do) and checks that everything stops within 5 s and frees its ports.
 */
export function sharedStack(): Promise<Stack> {
  shared ??= startStack();
  return shared;
}

/** One line for the test's log: how long the stop took and what it stopped. */
export function describeStop(how: string, stopped: Stopped): string {
  return `      (${how}: npm exited ${stopped.code} in ${stopped.exitMs} ms; stopped ${stopped.tree.map((line) => line.replace(/ .*\/(node_modules\/\.bin\/|scripts\/)?/, " ").split(" ").slice(0, 2).join(" ")).join(", ")})`;
}

/** Why a stop was not clean ("" when it was): exit 0 within 5 s, no process of the tree left, both ports free. */
export function uncleanStop(stopped: Stopped): string {
  const problems = [
    stopped.code === 0 ? "" : `npm exited with ${stopped.code} after ${stopped.exitMs} ms`,
    stopped.exitMs <= 5_000 ? "" : `npm took ${stopped.exitMs} ms to exit`,
    stopped.left.length === 0 ? "" : `still running after 5 s: ${stopped.left.join("; ")}`,
    stopped.portsTaken.length === 0 ? "" : `ports still taken after 5 s: ${stopped.portsTaken.join(", ")}`,
  ].filter(Boolean);
  return problems.length === 0 ? "" : `${problems.join("; ")} (the tree was: ${stopped.tree.join("; ")})`;
}

/** Registered once, when the first test file imports this module: a root hook, run after every suite. */
after("npm start's shared stack: SIGTERM to npm's pid alone stops it all within 5 s and frees its ports", async function () {
  this.timeout(60_000);
  if (!shared) return;
  const stack = await shared.catch(() => undefined);
  if (!stack) return;
  const stopped = await stack.stop("SIGTERM to npm");
  console.log(describeStop("SIGTERM to npm's pid alone", stopped));
  for (const folder of [stack.deploymentsDir, stack.mirrorDir, stack.documentsDir]) rmSync(folder, { recursive: true, force: true });
  const problem = uncleanStop(stopped);
  if (problem) throw new Error(`npm start did not stop cleanly on SIGTERM: ${problem}\n${stack.output()}`);
  if (stopped.tree.length < 3) throw new Error(`npm start's tree was not npm, its node and anvil: ${stopped.tree.join("; ")}`);
});
