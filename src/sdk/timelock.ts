import { Result, getAddress, isAddress, isHexString } from "ethers";
import type { ErrorDescription } from "ethers";
import { connectTimelock, contractInterface, timelockInterface, TIMELOCK_NAME } from "./abis";
import type { ExchangeTimelock } from "./abis";
import type { DatarightsClient } from "./client";
import { CONTRACT_NAMES } from "./deployment";
import type { ContractName, Deployment } from "./deployment";
import { DatarightsError, decodeError, revertDataOf } from "./errors";

/**
 * The exchange's timelock as the SDK, the listener and the API see it: what a scheduled call's
 * target is, and its calldata decoded with the project's ABIs (so a pending policy change reads
 * "AssessmentRegistry.setRequirement(0, 0, 7)", not bytes).
 */

/** A contract a timelock call may name: one of the deployment's, or the timelock itself (its own delay, its roles). */
export type TimelockTarget = ContractName | typeof TIMELOCK_NAME;

/** An argument of a decoded call as JSON: integers as decimal strings, addresses and bytes as 0x-hex, tuples and arrays as arrays. */
export type CallArgument = string | boolean | CallArgument[];

/** A call decoded with the ABI of the contract at its target. */
export interface DecodedCall {
  contract: TimelockTarget;
  /** The function's name, e.g. setRequirement. */
  function: string;
  /** Its signature, e.g. setRequirement(uint8,uint8,uint16). */
  signature: string;
  args: CallArgument[];
}

/** An operation's state, as TimelockController's getOperationState tells it (Unset after a cancel: `cancelled`). */
export const TIMELOCK_OPERATION_STATES = ["pending", "ready", "done", "cancelled"] as const;
export type TimelockOperationState = (typeof TIMELOCK_OPERATION_STATES)[number];

function plain(value: unknown): CallArgument {
  if (typeof value === "bigint" || typeof value === "number") return value.toString();
  if (typeof value === "boolean" || typeof value === "string") return value;
  if (value instanceof Result || Array.isArray(value)) return [...value].map(plain);
  return String(value);
}

const interfaceOf = (contract: TimelockTarget) => (contract === TIMELOCK_NAME ? timelockInterface() : contractInterface(contract));

/** `data` decoded as a call of `contract`; null when it is none of that contract's functions (or does not decode). */
export function decodeCall(contract: TimelockTarget, data: string): DecodedCall | null {
  try {
    const parsed = interfaceOf(contract).parseTransaction({ data });
    if (!parsed) return null;
    return { contract, function: parsed.name, signature: parsed.signature, args: [...parsed.args].map(plain) };
  } catch {
    return null;
  }
}

/** The contract names of a deployment's addresses (lower case): its own, its predecessors' and its timelock's. */
export function targetsOf(deployment: Deployment): Map<string, TimelockTarget> {
  const targets = new Map<string, TimelockTarget>();
  for (let epoch: Deployment | undefined = deployment; epoch; epoch = epoch.predecessor) {
    for (const name of CONTRACT_NAMES) {
      const address = epoch.contracts[name]?.address.toLowerCase();
      if (address && !targets.has(address)) targets.set(address, name);
    }
    if (epoch.timelock && !targets.has(epoch.timelock.address.toLowerCase())) targets.set(epoch.timelock.address.toLowerCase(), TIMELOCK_NAME);
  }
  return targets;
}

/** "AssessmentRegistry.setRequirement(0, 0, 7)": a decoded call on one line. */
export function describeCall(call: DecodedCall): string {
  const text = (argument: CallArgument): string => (Array.isArray(argument) ? `[${argument.map(text).join(", ")}]` : String(argument));
  return `${call.contract}.${call.function}(${call.args.map(text).join(", ")})`;
}

/** The deployment's timelock, bound to the client's account (or its provider); throws when the deployment has none. */
export function timelockOf(client: DatarightsClient): ExchangeTimelock {
  const recorded = client.deployment.timelock;
  if (!recorded) {
    throw new DatarightsError(`deployment ${client.deployment.network} has no timelock: deploy with "timelock" in the parameters (docs/operations.md)`);
  }
  return connectTimelock(recorded.address, client.contracts.participants.runner);
}

/** A call for the timelock to make: a deployment contract's function by name, or a raw target and calldata. */
export type TimelockCall =
  | { contract: TimelockTarget; function: string; args?: readonly unknown[]; value?: bigint }
  | { target: string; data: string; value?: bigint };

/** A call as the timelock takes it. */
export interface EncodedCall {
  target: string;
  value: bigint;
  data: string;
}

/** `call` as (target, value, calldata); a function the contract lacks or arguments that do not fit it throw one line. */
export function encodeTimelockCall(client: DatarightsClient, call: TimelockCall): EncodedCall {
  const value = call.value ?? 0n;
  if (value < 0n) throw new DatarightsError(`a call's value ${value} is negative`);
  if ("target" in call) {
    if (!isAddress(call.target)) throw new DatarightsError(`"${call.target}" is not an address`);
    if (!isHexString(call.data)) throw new DatarightsError(`calldata "${call.data}" is not 0x-prefixed hex`);
    return { target: getAddress(call.target), value, data: call.data };
  }
  const contract = call.contract;
  if (contract !== TIMELOCK_NAME && !(CONTRACT_NAMES as readonly string[]).includes(contract)) {
    throw new DatarightsError(`"${contract}" is not a contract of the deployment (${[...CONTRACT_NAMES, TIMELOCK_NAME].join(", ")})`);
  }
  const target = contract === TIMELOCK_NAME ? timelockOf(client).target as string : client.deployment.contracts[contract].address;
  const abi = interfaceOf(contract);
  let fragment;
  try {
    fragment = abi.getFunction(call.function);
  } catch {
    fragment = null;
  }
  if (!fragment) throw new DatarightsError(`${contract} has no function "${call.function}"`);
  if (fragment.stateMutability === "view" || fragment.stateMutability === "pure") {
    throw new DatarightsError(`${contract}.${fragment.name} only reads: there is nothing to schedule`);
  }
  try {
    return { target: getAddress(target), value, data: abi.encodeFunctionData(fragment, [...(call.args ?? [])]) };
  } catch (error) {
    const reason = (error as { shortMessage?: string; message?: string }).shortMessage ?? (error as Error).message;
    throw new DatarightsError(`cannot encode ${contract}.${fragment.format("sighash")} with these arguments: ${reason.split("\n")[0]}`);
  }
}

/**
 * A timelock act's failure: the timelock's own errors (an operation in the wrong state, a delay
 * below the minimum, a caller without the role) decoded by name; the rest (a target's revert,
 * bubbled up by execute) as every action decodes them.
 */
export function timelockError(error: unknown, action: string): DatarightsError {
  const data = revertDataOf(error);
  if (data) {
    let parsed: ErrorDescription | null = null;
    try {
      parsed = timelockInterface().parseError(data);
    } catch {
      parsed = null;
    }
    if (parsed && parsed.name.startsWith("Timelock")) {
      const args = Object.fromEntries(parsed.fragment.inputs.map((input, index) => [input.name, parsed.args[index] as unknown]));
      return new DatarightsError(TIMELOCK_SENTENCES[parsed.name]?.(args) ?? parsed.name, {
        action, cause: error, reverted: true, errorName: parsed.name, args, details: `${parsed.signature}`,
      });
    }
  }
  return decodeError(error, action);
}

const TIMELOCK_SENTENCES: Record<string, (args: Record<string, unknown>) => string> = {
  TimelockInsufficientDelay: (args) => `the delay ${String(args.delay)} s is below the timelock's minimum of ${String(args.minDelay)} s`,
  TimelockUnexpectedOperationState: (args) => `operation ${String(args.operationId)} is not in the state this act needs`,
  TimelockUnexecutedPredecessor: (args) => `the operation's predecessor ${String(args.predecessorId)} has not been executed`,
  TimelockUnauthorizedCaller: (args) => `${String(args.caller)} may not call the timelock directly`,
  TimelockInvalidOperationLength: () => "a batch's targets, values and calldata differ in length",
};
