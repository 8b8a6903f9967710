#!/usr/bin/env node
import "dotenv/config";
import { Command, CommanderError } from "commander";
import { DatarightsError, decodeError } from "../sdk/errors";
import { UsageError } from "./parse";
import { registerCommands } from "./commands";
import { VerificationFailed } from "./commands/verify";

/**
 * `datarights`: the command line of the exchange's staff, its providers and buyers, and its
 * auditors. Exit codes: 0 success; 1 a transaction reverted or a verification check failed;
 * 2 bad usage, configuration or connection.
 */
export function buildProgram(): Command {
  const program = new Command("datarights")
    .description("On-chain data-rights registry and trade ledger of a data exchange")
    .option("--json", "print machine-readable JSON")
    .option("--network <name>", "deployment to use: deployments/<name>.json (env NETWORK, default localhost)")
    .option("--rpc-url <url>", "JSON-RPC endpoint of the chain (env RPC_URL, default http://127.0.0.1:8545)")
    .showHelpAfterError(false)
    .exitOverride()
    .configureOutput({ writeErr: (text) => process.stderr.write(text) });
  registerCommands(program);
  return program;
}

export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  try {
    await program.parseAsync(argv, { from: "user" });
    return 0;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version are not failures; commander already printed its message.
      if (error.code === "commander.helpDisplayed" || error.code === "commander.help" || error.code === "commander.version") return 0;
      return 2;
    }
    if (error instanceof VerificationFailed) return 1;
    // Reads that reverted reach here undecoded (only sends decode): decode them too, so an
    // unlisted product reads "product 7 is not listed" and exits 1.
    const failure = error instanceof UsageError ? error : decodeError(error);
    process.stderr.write(`datarights: ${failure.message.split("\n")[0]}\n`);
    if (failure instanceof UsageError) return 2;
    // A decoded revert is the chain refusing the act: exit 1. Anything else is our environment.
    return failure instanceof DatarightsError && failure.errorName !== undefined ? 1 : 2;
  }
}

if (require.main === module) {
  main(process.argv.slice(2)).then((code) => {
    process.exitCode = code;
  });
}
