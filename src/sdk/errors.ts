import { Interface, isError } from "ethers";
import type { ErrorDescription } from "ethers";
import {
  AssessmentRegistry__factory, DataProductRegistry__factory, ListingBook__factory, ParticipantRegistry__factory,
  RightsCertificate__factory, TradeLedger__factory,
} from "../../typechain-types";
import { ROLES } from "./roles";

/** Every custom error of every datarights contract, OpenZeppelin's included, in one interface. */
const ALL_ERRORS = new Interface(
  [
    ParticipantRegistry__factory.abi, DataProductRegistry__factory.abi, RightsCertificate__factory.abi,
    AssessmentRegistry__factory.abi, ListingBook__factory.abi, TradeLedger__factory.abi,
  ]
    .flat()
    .filter((fragment) => fragment.type === "error")
    .filter((fragment, index, all) => all.findIndex((other) => JSON.stringify(other) === JSON.stringify(fragment)) === index),
);

/** A failed contract call or transaction, with the contract's custom error decoded. */
export class DatarightsError extends Error {
  constructor(
    message: string,
    /** The custom error's name, e.g. "TradeLedgerBuyerNotAccredited"; undefined when not a custom error. */
    readonly errorName?: string,
    readonly errorArgs: Record<string, unknown> = {},
    options?: ErrorOptions,
  ) {
    super(message, options);
    this.name = "DatarightsError";
  }
}

// The zero hash stays a hash: it is also what an unset bytes32 argument looks like.
const ROLE_NAMES = new Map(Object.entries(ROLES).filter(([name]) => name !== "admin").map(([name, role]) => [role, `${name.toUpperCase()}_ROLE`]));

function formatValue(value: unknown): string {
  if (typeof value === "bigint") return value.toString();
  if (typeof value === "string" && ROLE_NAMES.has(value)) return ROLE_NAMES.get(value)!;
  if (Array.isArray(value)) return `[${value.map(formatValue).join(", ")}]`;
  return String(value);
}

/** "TradeLedgerBuyerNotAccredited(account=0xabc…)" for revert data of a known custom error. */
export function describeRevertData(data: string): ErrorDescription | undefined {
  try {
    return ALL_ERRORS.parseError(data) ?? undefined;
  } catch {
    return undefined;
  }
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

/** The datarights custom error `error` carries; undefined when it carries none. */
export function decodeRevert(error: unknown): DecodedRevert | undefined {
  const data = revertDataOf(error);
  const described = data === undefined ? undefined : describeRevertData(data);
  if (!described) return undefined;
  const args = [...described.args];
  return { name: described.name, args, formatted: `${described.name}(${args.map(String).join(", ")})` };
}

/** Turns whatever ethers threw into one readable line: the decoded custom error when there is one. */
export function decodeError(error: unknown, action?: string): DatarightsError {
  if (error instanceof DatarightsError) return error;
  const prefix = action ? `${action} reverted: ` : "";
  const data = revertDataOf(error);
  if (data) {
    const described = describeRevertData(data);
    if (described) {
      const args: Record<string, unknown> = {};
      const parts = described.fragment.inputs.map((input, index) => {
        args[input.name || String(index)] = described.args[index];
        return `${input.name || index}=${formatValue(described.args[index])}`;
      });
      return new DatarightsError(`${prefix}${described.name}(${parts.join(", ")})`, described.name, args, { cause: error });
    }
  }
  if (isError(error, "CALL_EXCEPTION") && error.reason) return new DatarightsError(`${prefix}${error.reason}`);
  if (isError(error, "INSUFFICIENT_FUNDS")) return new DatarightsError(`${action ?? "transaction"} failed: the sender cannot pay for gas`);
  const message = error instanceof Error ? ((error as { shortMessage?: string }).shortMessage ?? error.message) : String(error);
  return new DatarightsError(`${action ? `${action} failed: ` : ""}${message.split("\n")[0]}`);
}
