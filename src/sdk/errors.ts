import { Interface, isError } from "ethers";
import type { ErrorDescription } from "ethers";
import { ContractError, DatarightsError } from "./error-base";
import type { ContractErrorOptions } from "./error-base";
import { ERRORS_ABI, ERROR_CLASSES } from "./generated/errors";
import type { ContractErrorName } from "./generated/errors";

export { ContractError, DatarightsError, isoTime, readableArg } from "./error-base";
export type { AbiErrorInput, AbiErrorItem, ArgsOf, ContractErrorOptions, DatarightsErrorOptions } from "./error-base";
export { SENTENCES } from "./error-messages";
export type { ReadableArgs } from "./error-messages";
export * from "./generated/errors";

/** Every custom error of every datarights contract, OpenZeppelin's included, in one interface. */
const ALL_ERRORS = new Interface(ERRORS_ABI);

/**
 * A signature with a high s: valid for ECDSA, but the other encoding of a signature that has a
 * low-s twin, so the contracts (OpenZeppelin's ECDSA) and ethers refuse it. Signing again with
 * any standard wallet gives the low-s form.
 */
export class MalleableSignatureError extends DatarightsError {
  constructor(whose = "the signature", options: { action?: string; cause?: unknown } = {}) {
    super(`${whose} is malleable (high s); sign again`, options);
    this.name = "MalleableSignatureError";
  }
}

/** Whether `error` is ethers refusing a signature for its high s ("non-canonical s"). */
function isHighS(error: unknown): boolean {
  return isError(error, "INVALID_ARGUMENT") && /non-canonical s/.test(error.shortMessage);
}

/**
 * A signature that ethers cannot parse or recover, as a plain sentence about `whose` signature
 * ("the seller's signature"): a high s gets MalleableSignatureError, anything else a one-line
 * DatarightsError. Other errors are returned as they are.
 */
export function signatureError(error: unknown, whose: string): unknown {
  if (isHighS(error)) return new MalleableSignatureError(whose, { cause: error });
  if (isError(error, "INVALID_ARGUMENT")) return new DatarightsError(`${whose} is malformed (${error.shortMessage}); sign again`, { cause: error });
  return error;
}

/** The custom error in revert data `data`, decoded against the datarights ABIs. */
export function describeRevertData(data: string): ErrorDescription | undefined {
  try {
    return ALL_ERRORS.parseError(data) ?? undefined;
  } catch {
    return undefined;
  }
}

/** The class instance of the custom error in revert data `data`; undefined for data of no known error. */
export function contractErrorFromData(data: string, options: ContractErrorOptions = {}): ContractError | undefined {
  const described = describeRevertData(data);
  if (!described) return undefined;
  // Every error of ERRORS_ABI has its generated class; each class takes its own arguments,
  // which the ABI has just decoded by name.
  const ErrorClass = ERROR_CLASSES[described.name as ContractErrorName] as unknown as
    new (args: Readonly<Record<string, unknown>>, options: ContractErrorOptions) => ContractError;
  const args = Object.fromEntries(described.fragment.inputs.map((input, index) => [input.name, described.args[index] as unknown]));
  return new ErrorClass(args, { ...options, data });
}

/**
 * The revert data carried by `error`, wherever the provider put it: ethers' CallExceptionError
 * has it in `data`, Hardhat's in-process provider in `data` or `error.data`, JSON-RPC peers such
 * as anvil in `info.error.data`. Undefined when `error` is not a revert.
 */
export function revertDataOf(error: unknown, depth = 0): string | undefined {
  if (typeof error !== "object" || error === null || depth > 4) return undefined;
  const record = error as Record<string, unknown>;
  const data = record.data;
  if (typeof data === "string" && /^0x[0-9a-fA-F]{8,}$/.test(data)) return data;
  for (const nested of [data, record.error, record.info, record.cause]) {
    const found = revertDataOf(nested, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

/** A custom error a contract reverted with, decoded against the datarights ABIs. */
export interface DecodedRevert {
  /** The error's name, e.g. `TradeLedgerCrossBorderNotAssessed`. */
  name: string;
  args: readonly unknown[];
  /** Name and arguments, e.g. `TradeLedgerCrossBorderNotAssessed(7)`. */
  formatted: string;
}

/** The datarights custom error `error` carries, raw; undefined when it carries none. decodeError gives its class. */
export function decodeRevert(error: unknown): DecodedRevert | undefined {
  const data = revertDataOf(error);
  const described = data === undefined ? undefined : describeRevertData(data);
  if (!described) return undefined;
  const args = [...described.args];
  return { name: described.name, args, formatted: `${described.name}(${args.map(String).join(", ")})` };
}

/** The first line of what `error` says: ethers' short message when it has one. */
function messageOf(error: unknown): string {
  if (typeof error === "object" && error !== null) {
    const { shortMessage, message } = error as { shortMessage?: unknown; message?: unknown };
    if (typeof shortMessage === "string" && shortMessage) return shortMessage.split("\n")[0];
    if (typeof message === "string" && message) return message.split("\n")[0];
  }
  return String(error).split("\n")[0];
}

/**
 * Turns whatever a call, a static call or a transaction threw into a DatarightsError: the
 * contract's custom error as its class (from a transaction's revert, an eth_call's, or a raw
 * JSON-RPC batch's), a high-s signature as MalleableSignatureError, anything else as a one-line
 * DatarightsError with the original as its cause.
 */
export function decodeError(error: unknown, action?: string): DatarightsError {
  if (error instanceof DatarightsError) return error;
  const data = revertDataOf(error);
  if (data) {
    const decoded = contractErrorFromData(data, { action, cause: error });
    if (decoded) return decoded;
    return new DatarightsError(`the contract reverted with an error the SDK does not know (selector ${data.slice(0, 10)})`, {
      action, cause: error, reverted: true, details: data,
    });
  }
  if (isHighS(error)) return new MalleableSignatureError("a signature", { action, cause: error });
  if (isError(error, "CALL_EXCEPTION") && error.reason) return new DatarightsError(error.reason, { action, cause: error, reverted: true });
  if (isError(error, "INSUFFICIENT_FUNDS")) return new DatarightsError("the sender cannot pay for gas", { action: action ?? "transaction", cause: error });
  return new DatarightsError(messageOf(error), { action, cause: error });
}
