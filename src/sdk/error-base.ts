import { getAddress, isAddress } from "ethers";
import { SENTENCES } from "./error-messages";
import type { ReadableArgs } from "./error-messages";
import { ENUM_MEMBERS, ExchangeRole, PARTICIPANT_KIND_FLAGS } from "./generated/enums";
import type { ContractErrorArgs, ContractErrorName } from "./generated/errors";

/**
 * The SDK's errors, after viem's BaseError: a one-line `shortMessage` for people, `details` for
 * whoever debugs it (the raw custom error, or the cause's message), the `cause` kept, and a
 * `message` that puts them together. Every failed act or read throws one; a contract's custom
 * error throws its own subclass (./generated/errors.ts), so callers can `instanceof` it.
 */

export interface DatarightsErrorOptions {
  /** What was being done, e.g. "confirm trade": the message then reads "confirm trade reverted: …". */
  action?: string;
  cause?: unknown;
  /** Defaults to what the cause said (its code and first line). */
  details?: string;
  metaMessages?: readonly string[];
  /** A contract refused the act ("reverted"), rather than the act failing to reach it ("failed"). */
  reverted?: boolean;
  /** Set by ContractError: the custom error's name and decoded arguments. */
  errorName?: string;
  args?: Readonly<Record<string, unknown>>;
}

function firstLine(text: string): string {
  return text.split("\n")[0];
}

/** Details longer than this are cut: an ethers error's message can hold a whole signed transaction. */
const MAX_DETAILS = 400;

/**
 * What the cause said, for debugging: an ethers error's code, short message and the node's own
 * words (its full message repeats the transaction), else the cause's first line.
 */
function causeMessage(cause: unknown): string | undefined {
  if (cause instanceof DatarightsError) return cause.details;
  if (cause === undefined) return undefined;
  const record = (typeof cause === "object" && cause !== null ? cause : {}) as {
    code?: unknown; shortMessage?: unknown; message?: unknown; info?: { error?: { message?: unknown } };
  };
  let text: string;
  if (typeof record.code === "string" && typeof record.shortMessage === "string") {
    const node = record.info?.error?.message;
    text = `${record.code}: ${record.shortMessage}${typeof node === "string" && node !== record.shortMessage ? ` (node: ${node})` : ""}`;
  } else {
    text = firstLine(typeof record.message === "string" ? record.message : String(cause));
  }
  return text.length > MAX_DETAILS ? `${text.slice(0, MAX_DETAILS)}…` : text;
}

export class DatarightsError extends Error {
  /** One plain sentence: what went wrong, with the contract's arguments in readable form. */
  readonly shortMessage: string;
  /** The raw error for debugging: the custom error with its arguments, or the cause's message. */
  readonly details: string | undefined;
  readonly metaMessages: readonly string[];
  readonly action: string | undefined;
  /** The contract's custom error, e.g. "TradeLedgerBuyerNotAccredited"; undefined when the contract did not refuse with one. */
  readonly errorName: string | undefined;
  /** The custom error's decoded arguments by name; empty for other failures. */
  readonly args: Readonly<Record<string, unknown>>;

  constructor(shortMessage: string, options: DatarightsErrorOptions = {}) {
    const given = options.details ?? causeMessage(options.cause);
    const details = given === shortMessage ? undefined : given;
    const metaMessages = options.metaMessages ?? [];
    const headline = options.action ? `${options.action} ${options.reverted ? "reverted" : "failed"}: ${shortMessage}` : shortMessage;
    // The first line stands alone (the CLI prints only it); the rest is for debugging.
    const message = [headline, ...(metaMessages.length || details ? [""] : []), ...metaMessages, ...(details ? [`Details: ${details}`] : [])].join("\n");
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "DatarightsError";
    this.shortMessage = shortMessage;
    this.details = details;
    this.metaMessages = metaMessages;
    this.action = options.action;
    this.errorName = options.errorName;
    this.args = options.args ?? {};
  }

  /** The arguments by name, as the first version of this class called them. */
  get errorArgs(): Readonly<Record<string, unknown>> {
    return this.args;
  }

  /** This error and its causes, outermost first, until `predicate` holds; the innermost without one. */
  walk(predicate?: (error: unknown) => boolean): unknown {
    let current: unknown = this;
    for (let depth = 0; depth < 16; depth += 1) {
      if (predicate?.(current)) return current;
      const next = current instanceof Error ? current.cause : undefined;
      if (next === undefined) return predicate ? undefined : current;
      current = next;
    }
    return predicate ? undefined : current;
  }
}

// ---------------------------------------------------------------------------------------------
// Contract errors
// ---------------------------------------------------------------------------------------------

export interface AbiErrorInput {
  readonly name: string;
  readonly type: string;
  /** What Solidity called the type: "enum CertificateValidity", "ProductId", "uint40". */
  readonly internalType: string;
}

export interface AbiErrorItem {
  readonly type: "error";
  readonly name: string;
  readonly inputs: readonly AbiErrorInput[];
}

export interface ContractErrorOptions {
  action?: string;
  cause?: unknown;
  /** The revert data the error was decoded from. */
  data?: string;
}

/** ParticipantRegistry's "no expiry" (type(uint40).max). */
const NO_EXPIRY = (1n << 40n) - 1n;
/** Past this many seconds a Date is invalid (year 275760). */
const MAX_DATE_SECONDS = 8_640_000_000_000n;

/** Masks of `1 << AssessmentKind`: the registries' names for them. */
const ASSESSMENT_KIND_MASKS = new Set(["missingKinds", "kindsMask", "assessmentKinds"]);
const ROLE_NAMES = new Map<string, string>(Object.entries(ExchangeRole).map(([name, hash]) => [hash, name]));

/** Whether an integer argument is a Unix time: every uint40 of the contracts is one, and the names say so. */
function isTime(input: AbiErrorInput): boolean {
  return input.type === "uint40" || /^(deadline|until)$|(At|Until)$/.test(input.name);
}

/** A Unix time in ISO 8601, e.g. 2026-03-01T09:30:00Z; "never" for the no-expiry sentinel. */
export function isoTime(seconds: bigint): string {
  if (seconds === NO_EXPIRY) return "never";
  if (seconds < 0n || seconds > MAX_DATE_SECONDS) return seconds.toString();
  return new Date(Number(seconds) * 1000).toISOString().replace(".000Z", "Z");
}

/** Names of the bits set in `mask`; a bit without a name reads "bit 9". */
function maskText(names: readonly string[], mask: bigint): string {
  const set: string[] = [];
  for (let bit = 0; mask >> BigInt(bit) !== 0n; bit += 1) {
    if ((mask >> BigInt(bit)) & 1n) set.push(names[bit] ?? `bit ${bit}`);
  }
  return set.length ? set.join(", ") : "none";
}

/** A bytes2 or bytes3 code as text ("CN", "CNY") when it is printable, else its hex. */
function codeText(hex: string): string {
  const text = Buffer.from(hex.slice(2), "hex").toString("latin1").replace(/\0+$/, "");
  if (text === "") return "none";
  return /^[\x20-\x7e]+$/.test(text) ? text : hex;
}

/** One argument of a custom error as people read it. */
export function readableArg(input: AbiErrorInput, value: unknown): string {
  const enumType = /^enum (\w+)$/.exec(input.internalType);
  if (enumType && enumType[1] in ENUM_MEMBERS) {
    const members: readonly string[] = ENUM_MEMBERS[enumType[1] as keyof typeof ENUM_MEMBERS];
    return members[Number(value)] ?? `${enumType[1]}(${value})`;
  }
  if (input.type === "address" && typeof value === "string") return isAddress(value) ? getAddress(value) : value;
  if (input.type === "bytes32" && typeof value === "string" && /role/i.test(input.name)) return ROLE_NAMES.get(value) ?? value;
  if ((input.type === "bytes2" || input.type === "bytes3") && typeof value === "string") return codeText(value);
  if (typeof value === "bigint" && /^uint\d*$/.test(input.type)) {
    if (ASSESSMENT_KIND_MASKS.has(input.name)) return maskText(ENUM_MEMBERS.AssessmentKind, value);
    if (input.name === "kinds") return maskText(PARTICIPANT_KIND_FLAGS, value);
    if (isTime(input)) return isoTime(value);
  }
  return String(value);
}

/**
 * A contract's custom error. `args` are as decoded (bigint, address, …); `readable` holds each as
 * people read it: enum names, ISO 8601 times, assessment kinds by name, role names, codes as text.
 */
export class ContractError<Name extends string = string, Args extends Readonly<Record<string, unknown>> = Readonly<Record<string, unknown>>> extends DatarightsError {
  declare readonly errorName: Name;
  declare readonly args: Args;
  readonly readable: { readonly [Key in keyof Args]: string };
  readonly abiItem: AbiErrorItem;
  /** The revert data, when decoded from one. */
  readonly data: string | undefined;

  constructor(abiItem: AbiErrorItem, args: Args, options: ContractErrorOptions = {}) {
    const readable = Object.fromEntries(abiItem.inputs.map((input) => [input.name, readableArg(input, args[input.name])])) as { [Key in keyof Args]: string };
    const sentence = SENTENCES[abiItem.name as ContractErrorName] as ((readable: ReadableArgs<Args>, args: Args) => string) | undefined;
    const raw = abiItem.inputs.map((input) => `${input.name}=${String(args[input.name])}`).join(", ");
    super(sentence ? sentence(readable, args) : `${abiItem.name}(${Object.values(readable).join(", ")})`, {
      action: options.action,
      cause: options.cause,
      reverted: true,
      errorName: abiItem.name,
      args,
      details: `${abiItem.name}(${raw})`,
      metaMessages: [
        `Error: ${abiItem.name}(${abiItem.inputs.map((input) => `${input.internalType} ${input.name}`).join(", ")})`,
        ...abiItem.inputs.map((input) => `  ${input.name}: ${readable[input.name as keyof Args]}`),
      ],
    });
    this.readable = readable;
    this.abiItem = abiItem;
    this.data = options.data;
  }
}

/** The arguments type of the custom error `Name`. */
export type ArgsOf<Name extends ContractErrorName> = ContractErrorArgs[Name];
