#!/usr/bin/env node
// The `datarights` command: runs the compiled CLI (npm run build produces dist/).
const { existsSync } = require("node:fs");
const { join } = require("node:path");

const compiled = join(__dirname, "..", "dist", "src", "cli", "main.js");
if (!existsSync(compiled)) {
  process.stderr.write("datarights: the CLI is not built: run `npm run build` in the datarights folder\n");
  process.exit(2);
}
require(compiled)
  .main(process.argv.slice(2))
  .then((code) => {
    process.exitCode = code;
  });
