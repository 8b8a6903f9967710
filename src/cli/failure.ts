import { CommanderError } from "@commander-js/extra-typings";
import { UsageError } from "./parse";

/** A check failed (verify, audit-mirror, trade confirm's lineage checks): exit 1. */
export class VerificationFailed extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = "VerificationFailed";
  }
}

/** What went wrong, as `--json` prints it on stderr, with the exit code it ends in. */
export interface Failure {
  /** The error's name: a contract error's (e.g. "ListingBookNotListed"), "UsageError", "VerificationFailed"… */
  error: string;
  /** One line. */
  message: string;
  /** The contract error's decoded arguments, or what else is known. */
  details: Record<string, unknown>;
  /** 1: the chain refused or a check failed; 2: bad usage, configuration or connection. */
  exitCode: 1 | 2;
  /** How the line for people starts: commander's usage errors keep their "error:". */
  prefix: "datarights" | "error";
}

/** A revert the SDK decoded (DatarightsError with its errorName), told apart by shape so that reporting an error never loads the SDK. */
interface ChainRefusal extends Error {
  errorName: string;
  errorArgs?: Record<string, unknown>;
  /** The arguments as people read them (enum and kind names, ISO times), when the SDK has them. */
  readable?: Record<string, string>;
}

function isChainRefusal(error: unknown): error is ChainRefusal {
  return error instanceof Error && typeof (error as Partial<ChainRefusal>).errorName === "string";
}

const NOT_FAILURES = new Set(["commander.helpDisplayed", "commander.help", "commander.version"]);

function firstLine(text: string): string {
  return text.split("\n")[0];
}

/** Commander's message on one line: its "(Did you mean …?)" follows on the same line. */
function oneLine(text: string): string {
  return text.trim().split("\n").map((line) => line.trim()).join(" ");
}

/** The failure `error` stands for; undefined for help and version, which commander ends by throwing. */
export function describeFailure(error: unknown): Failure | undefined {
  if (error instanceof CommanderError) {
    if (NOT_FAILURES.has(error.code)) return undefined;
    return { error: "UsageError", message: oneLine(error.message).replace(/^error: /, ""), details: { code: error.code }, exitCode: 2, prefix: "error" };
  }
  if (error instanceof VerificationFailed) {
    return { error: error.name, message: firstLine(error.message), details: error.details, exitCode: 1, prefix: "datarights" };
  }
  if (error instanceof UsageError) return { error: error.name, message: firstLine(error.message), details: {}, exitCode: 2, prefix: "datarights" };
  // A decoded revert is the chain refusing the act: exit 1. Anything else is our environment.
  if (isChainRefusal(error)) {
    return { error: error.errorName, message: firstLine(error.message), details: error.readable ?? error.errorArgs ?? {}, exitCode: 1, prefix: "datarights" };
  }
  if (error instanceof Error) return { error: error.name, message: firstLine(error.message), details: {}, exitCode: 2, prefix: "datarights" };
  return { error: "Error", message: firstLine(String(error)), details: {}, exitCode: 2, prefix: "datarights" };
}

function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/** One line on stderr: with --json one JSON object, else `datarights: <message>` (`error: <message>` for commander's). */
export function reportFailure(failure: Failure, json: boolean): void {
  const { error, message, details } = failure;
  process.stderr.write(json ? `${JSON.stringify({ error, message, details }, jsonValue)}\n` : `${failure.prefix}: ${message}\n`);
}

/**
 * Whether --json was given, read from the words themselves: a usage error can stop commander
 * before it has parsed the global options, and it must be reported as JSON all the same.
 */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes("--json");
}
