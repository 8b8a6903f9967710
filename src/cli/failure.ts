import { CommanderError } from "@commander-js/extra-typings";
import { UsageError } from "./parse";

/**
 * A check failed (verify, audit-mirror, trade confirm's lineage checks): exit 1. `reported`
 * when the command's own output already says so, so that without --json nothing is repeated.
 */
export class VerificationFailed extends Error {
  constructor(
    message: string,
    readonly details: Record<string, unknown> = {},
    readonly reported = false,
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
  /** Already printed for people (commander's own message, a report): no `datarights:` line. */
  shown: boolean;
}

/** A revert the SDK decoded (DatarightsError with its errorName), told apart by shape so that reporting an error never loads the SDK. */
interface ChainRefusal extends Error {
  errorName: string;
  errorArgs?: Record<string, unknown>;
}

function isChainRefusal(error: unknown): error is ChainRefusal {
  return error instanceof Error && typeof (error as Partial<ChainRefusal>).errorName === "string";
}

const NOT_FAILURES = new Set(["commander.helpDisplayed", "commander.help", "commander.version"]);

function firstLine(text: string): string {
  return text.split("\n")[0];
}

/** The failure `error` stands for; undefined for help and version, which commander ends by throwing. */
export function describeFailure(error: unknown): Failure | undefined {
  if (error instanceof CommanderError) {
    if (NOT_FAILURES.has(error.code)) return undefined;
    return { error: "UsageError", message: firstLine(error.message).replace(/^error: /, ""), details: { code: error.code }, exitCode: 2, shown: true };
  }
  if (error instanceof VerificationFailed) {
    return { error: error.name, message: firstLine(error.message), details: error.details, exitCode: 1, shown: error.reported };
  }
  if (error instanceof UsageError) return { error: error.name, message: firstLine(error.message), details: {}, exitCode: 2, shown: false };
  // A decoded revert is the chain refusing the act: exit 1. Anything else is our environment.
  if (isChainRefusal(error)) {
    return { error: error.errorName, message: firstLine(error.message), details: error.errorArgs ?? {}, exitCode: 1, shown: false };
  }
  if (error instanceof Error) return { error: error.name, message: firstLine(error.message), details: {}, exitCode: 2, shown: false };
  return { error: "Error", message: firstLine(String(error)), details: {}, exitCode: 2, shown: false };
}

function jsonValue(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? value.toString() : value;
}

/** With --json one JSON object on one line, else `datarights: <message>`; both on stderr. */
export function reportFailure(failure: Failure, json: boolean): void {
  if (json) {
    const { error, message, details } = failure;
    process.stderr.write(`${JSON.stringify({ error, message, details }, jsonValue)}\n`);
  } else if (!failure.shown) {
    process.stderr.write(`datarights: ${failure.message}\n`);
  }
}

/**
 * Whether --json was given, read from the words themselves: a usage error can stop commander
 * before it has parsed the global options, and it must be reported as JSON all the same.
 */
export function wantsJson(argv: readonly string[]): boolean {
  const end = argv.indexOf("--");
  return (end < 0 ? argv : argv.slice(0, end)).includes("--json");
}
