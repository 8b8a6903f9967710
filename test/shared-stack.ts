import { startStack } from "./stack";
import type { Stack } from "./stack";

let shared: Promise<Stack> | undefined;

/**
 * One `npm start` stack shared by every test file that asks for it (test/start.test.ts and the
 * browser tests of test/web/): starting it takes most of a minute, so it is started once, on first
 * use, and stopped by the root `after` hook below, which checks that Ctrl-C stops it cleanly.
 */
export function sharedStack(): Promise<Stack> {
  shared ??= startStack();
  return shared;
}

/** Registered once, when the first test file imports this module: a root hook, run after every suite. */
after("npm start's shared stack: Ctrl-C stops it cleanly, and the chain goes with it", async function () {
  this.timeout(60_000);
  if (!shared) return;
  const stack = await shared.catch(() => undefined);
  if (!stack) return;
  const code = await stack.stop();
  if (code !== 0) throw new Error(`npm start exited with ${code} on Ctrl-C:\n${stack.output()}`);
  const refused = await fetch(stack.rpcUrl, { method: "POST", body: "{}" }).then(() => false, () => true);
  if (!refused) throw new Error("the chain still answers after Ctrl-C");
});
