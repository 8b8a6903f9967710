"use strict";
/**
 * A `datarights` process started ahead of its command (test/cli/harness.ts keeps one or two
 * ready): it loads the built CLI's modules while the previous command runs, then reads its one
 * command from fd 3 ({ args, env, cwd }) and runs bin/datarights.js with exactly that argv,
 * environment and working directory. Each such process runs one command and exits on its own,
 * as a cold `node bin/datarights.js …` does: same entry point, same stdio pipes, same exit code.
 *
 * The modules it preloads read no environment, working directory or argv when loaded (the CLI
 * reads its configuration when a command runs), so loading them early changes nothing but when
 * the work is done.
 *
 * hardhat test loads every .js file under test/ as a test file: then it is not the main module
 * and does nothing.
 */
if (require.main === module) {
  const { existsSync, createReadStream } = require("node:fs");
  const { join } = require("node:path");

  const ROOT = join(__dirname, "..", "..");
  const BIN = join(ROOT, "bin", "datarights.js");
  const DIST = join(ROOT, "dist", "src", "cli");

  // What to load while waiting: the program, then the bodies of the chain commands (see
  // src/cli/lazy.ts: ethers, the SDK and the contract bindings), one module per turn of the event
  // loop, so that a command arriving meanwhile starts at once and loads the rest itself as usual.
  // The mirror's (PGlite, fastify) are left to the commands that need them. Not built: nothing is
  // loaded, and bin/datarights.js reports it, as when it is started cold.
  const preload = existsSync(join(DIST, "main.js"))
    ? [join(DIST, "main.js"), ...["participant", "product", "assessment", "certificate", "listing", "trade", "objection", "role", "verify", "deploy", "governance"].map((action) => join(DIST, "actions", `${action}.js`))]
    : [];
  let started = false;
  const loadNext = () => {
    if (started || preload.length === 0) return;
    const next = preload.shift();
    if (existsSync(next)) require(next);
    setImmediate(loadNext);
  };
  loadNext();

  const chunks = [];
  const job = createReadStream(null, { fd: 3 });
  job.on("data", (chunk) => chunks.push(chunk));
  job.on("end", () => {
    if (chunks.length === 0) return; // the pool was shut down before this process got a command
    started = true;
    const { args, env, cwd } = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    for (const key of Object.keys(process.env)) delete process.env[key];
    Object.assign(process.env, env);
    process.chdir(cwd);
    process.argv = [process.execPath, BIN, ...args];
    require(BIN);
  });
}
