import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { DatarightsClient } from "../sdk/client";
import { loadChainConfig } from "../sdk/config";
import type { ChainConfig } from "../sdk/config";
import type { TransactionResult } from "../sdk/actions";
import type { Handler } from "./lazy";

/** Options every command accepts (declared on the root program). */
export interface GlobalOptions {
  json?: boolean;
  network?: string;
  rpcUrl?: string;
}

/** What a command without options of its own receives in their place. */
export type NoOptions = Record<string, never>;

export function globalOptions(command: CommandUnknownOpts): GlobalOptions {
  // The root program declares exactly these (src/cli/main.ts).
  return command.optsWithGlobals() as GlobalOptions;
}

export function chainConfig(command: CommandUnknownOpts): ChainConfig {
  const options = globalOptions(command);
  return loadChainConfig(process.env, { network: options.network, rpcUrl: options.rpcUrl });
}

/** Connects for a command; `signer` loads the operator's key. The caller destroys the client. */
export async function connect(command: CommandUnknownOpts, signer: boolean): Promise<DatarightsClient> {
  return DatarightsClient.connect(chainConfig(command), { signer });
}

/** A command's result: printed as JSON with --json, else as its human lines. */
export interface Outcome {
  /** An SDK record may be printed as it is: bigints become strings. */
  data: object;
  lines: string[];
}

export function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

export function emit(command: CommandUnknownOpts, outcome: Outcome): void {
  if (globalOptions(command).json) process.stdout.write(`${JSON.stringify(outcome.data, jsonValue, 2)}\n`);
  else for (const line of outcome.lines) process.stdout.write(`${line}\n`);
}

/**
 * Wraps an action: connects (with or without a key), runs, prints, and always disconnects, so
 * a finished command exits promptly instead of waiting on the provider's timers. `Args` are
 * the command's arguments and its options, as commander passes them before the command.
 */
export function action<Args extends unknown[]>(
  signer: boolean,
  run: (client: DatarightsClient, command: CommandUnknownOpts, ...args: Args) => Promise<Outcome>,
): Handler<[...Args, CommandUnknownOpts]> {
  return async (...received: [...Args, CommandUnknownOpts]): Promise<void> => {
    const command = received[received.length - 1] as CommandUnknownOpts;
    const args = received.slice(0, -1) as Args;
    const client = await connect(command, signer);
    try {
      emit(command, await run(client, command, ...args));
    } finally {
      client.destroy();
    }
  };
}

/** A write action's outcome: `data` (the ids it made) beside its transaction's fields for scripts, `line` for people. */
export function wrote(result: { transaction: TransactionResult }, data: object, line: string): Outcome {
  return { data: { ...data, ...result.transaction }, lines: [line] };
}

/** A transaction's line for people and its fields for scripts. */
export function transactionData(receipt: { hash: string; blockNumber: number; gasUsed: bigint }): Record<string, unknown> {
  return { transactionHash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed };
}
