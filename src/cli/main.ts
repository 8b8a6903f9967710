#!/usr/bin/env node
import { Command } from "@commander-js/extra-typings";
import { registerCommands } from "./commands";
import { describeFailure, reportFailure, wantsJson } from "./failure";
import { helpConfiguration } from "./help";
import { packageVersion } from "./version";

/**
 * `datarights`: the command line of the exchange's staff, its providers and buyers, and its
 * auditors. Exit codes: 0 success; 1 the chain refused an act or a verification check failed;
 * 2 bad usage, configuration or connection. docs/cli-errors.md lists every error message.
 *
 * This module and the command table (./commands) load no ethers, SDK or contract bindings:
 * each command's body is imported when it runs (./lazy.ts), so `--help` answers fast.
 */
export function buildProgram() {
  const program = new Command("datarights")
    .description("On-chain data-rights registry and trade ledger of a data exchange")
    .version(packageVersion(), "-V, --version", "print the version")
    .option("--json", "print machine-readable JSON (errors too: one JSON object on stderr)")
    .option("--network <name>", "deployment to use: deployments/<name>.json (env NETWORK, default localhost)")
    .option("--rpc-url <url>", "JSON-RPC endpoint of the chain (env RPC_URL, default http://127.0.0.1:8545)")
    // Before any subcommand is added: subcommands copy these settings when created.
    .configureHelp(helpConfiguration)
    // .env is read when a command is about to run: printing help needs none of it.
    // Quiet, as `dotenv/config` is: a line on stdout would break --json.
    .hook("preAction", async () => {
      (await import("dotenv")).config({ quiet: true });
    })
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({
      writeErr: (text) => process.stderr.write(text),
      // main reports commander's usage errors too, in one line (or as JSON), as every other error.
      outputError: () => undefined,
    });
  registerCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    const failure = describeFailure(error);
    if (failure === undefined) return 0;
    reportFailure(failure, wantsJson(argv));
    return failure.exitCode;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
