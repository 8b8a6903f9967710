import { ZeroHash, isHexString } from "ethers";
import type { ContractTransactionResponse, LogDescription, TransactionReceipt } from "ethers";
import { timelockInterface } from "../../abis";
import type { ExchangeTimelock } from "../../abis";
import type { DatarightsClient } from "../../client";
import { DatarightsError } from "../../errors";
import { encodeTimelockCall, timelockError, timelockOf } from "../../timelock";
import type { EncodedCall, TimelockCall } from "../../timelock";
import type { Hash, TransactionResult } from "./internal";

/**
 * The exchange's policy changes under its timelock (once it holds the Admin role): a change is
 * scheduled in public (CallScheduled, with its calldata), waits out the delay, and is then
 * executed by an executor, or cancelled by a proposer before that.
 */

function bytes32(value: Hash, what: string): Hash {
  if (!isHexString(value, 32)) throw new DatarightsError(`${what} "${value}" is not a 32-byte hex string`);
  return value;
}

function operationIdOf(value: Hash): Hash {
  return bytes32(value, "operation id").toLowerCase();
}

/** Sends one act to the timelock as the client's account; a revert is decoded (the timelock's errors by name). */
async function sendToTimelock(
  client: DatarightsClient, act: string, send: (timelock: ExchangeTimelock) => Promise<ContractTransactionResponse>,
): Promise<{ receipt: TransactionReceipt; transaction: TransactionResult }> {
  client.signer;
  const timelock = timelockOf(client);
  let receipt: TransactionReceipt | null;
  try {
    receipt = await (await send(timelock)).wait();
  } catch (error) {
    throw timelockError(error, act);
  }
  if (!receipt) throw new Error(`${act}: the transaction was dropped`);
  return { receipt, transaction: { transactionHash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed } };
}

function timelockEvents(client: DatarightsClient, receipt: TransactionReceipt, name: string): LogDescription[] {
  const address = client.deployment.timelock!.address.toLowerCase();
  return receipt.logs
    .filter((log) => log.address.toLowerCase() === address)
    .map((log) => timelockInterface().parseLog(log))
    .filter((parsed): parsed is LogDescription => parsed !== null && parsed.name === name);
}

export interface ScheduleChangeParameters {
  /** The call, or the calls of one batch, the timelock will make once the delay has passed. */
  call: TimelockCall | readonly TimelockCall[];
  /** Seconds to wait; the timelock's minimum delay when unset (it refuses less). */
  delay?: bigint;
  /** An operation that must have been executed first; none by default. */
  predecessor?: Hash;
  /** Tells apart two schedules of the same call; zero by default. */
  salt?: Hash;
}

/**
 * Schedules a change through the timelock, as a proposer: visible on-chain (CallScheduled, with
 * its calldata) from now, executable from `readyAt`.
 *
 * @example
 * const { operationId, readyAt } = await scheduleChange(board, {
 *   call: { contract: "AssessmentRegistry", function: "setRequirement", args: [scope, value, mask] },
 * });
 */
export async function scheduleChange(
  client: DatarightsClient, parameters: ScheduleChangeParameters,
): Promise<{ transaction: TransactionResult; operationId: Hash; readyAt: bigint; calls: EncodedCall[] }> {
  const given: readonly TimelockCall[] = isBatch(parameters.call) ? parameters.call : [parameters.call];
  const calls = given.map((call) => encodeTimelockCall(client, call));
  if (calls.length === 0) throw new DatarightsError("a schedule needs at least one call");
  const predecessor = bytes32(parameters.predecessor ?? ZeroHash, "predecessor");
  const salt = bytes32(parameters.salt ?? ZeroHash, "salt");
  const timelock = timelockOf(client);
  const delay = parameters.delay ?? (await timelock.getMinDelay());
  if (delay < 0n) throw new DatarightsError(`the delay ${delay} is negative`);
  const { receipt, transaction } = await sendToTimelock(client, "schedule a change", (bound) =>
    calls.length === 1
      ? bound.schedule(calls[0].target, calls[0].value, calls[0].data, predecessor, salt, delay)
      : bound.scheduleBatch(calls.map((call) => call.target), calls.map((call) => call.value), calls.map((call) => call.data), predecessor, salt, delay),
  );
  const [scheduled] = timelockEvents(client, receipt, "CallScheduled");
  if (!scheduled) throw new Error(`transaction ${receipt.hash} emitted no CallScheduled`);
  const operationId = (scheduled.args.id as string).toLowerCase();
  const readyAt = await timelock.getTimestamp(operationId, { blockTag: receipt.blockNumber });
  return { transaction, operationId, readyAt, calls };
}

const isBatch = (call: TimelockCall | readonly TimelockCall[]): call is readonly TimelockCall[] => Array.isArray(call);

/** The calls, predecessor and salt of a scheduled operation, read from its CallScheduled and CallSalt logs. */
async function scheduledOperation(client: DatarightsClient, operationId: Hash): Promise<{ calls: EncodedCall[]; predecessor: Hash; salt: Hash }> {
  const timelock = timelockOf(client);
  const fromBlock = client.deployment.timelock!.deployBlock;
  const [scheduled, salts] = await Promise.all([
    timelock.queryFilter(timelock.filters.CallScheduled(operationId), fromBlock),
    timelock.queryFilter(timelock.filters.CallSalt(operationId), fromBlock),
  ]);
  if (scheduled.length === 0) throw new DatarightsError(`operation ${operationId} was never scheduled on the timelock`);
  // A cancelled operation may be scheduled again: its last schedule is the one in force.
  const last = scheduled[scheduled.length - 1];
  const latest = scheduled.filter((log) => log.transactionHash === last.transactionHash).sort((a, b) => Number(a.args.index - b.args.index));
  return {
    calls: latest.map((log) => ({ target: log.args.target, value: log.args.value, data: log.args.data })),
    predecessor: latest[0].args.predecessor,
    salt: salts.length > 0 ? salts[salts.length - 1].args.salt : ZeroHash,
  };
}

const STATE_NAMES = ["not scheduled (or cancelled)", "waiting for its delay", "ready", "already executed"] as const;

/**
 * Executes a scheduled change once its delay has passed, as an executor: the timelock makes the
 * call(s) as the Admin. The operation is read back from its CallScheduled logs.
 */
export async function executeChange(client: DatarightsClient, parameters: { operationId: Hash }): Promise<{ transaction: TransactionResult }> {
  const operationId = operationIdOf(parameters.operationId);
  const timelock = timelockOf(client);
  const state = Number(await timelock.getOperationState(operationId));
  if (state !== 2) {
    const readyAt = state === 1 ? ` until ${new Date(Number(await timelock.getTimestamp(operationId)) * 1000).toISOString()}` : "";
    throw new DatarightsError(`operation ${operationId} is ${STATE_NAMES[state] ?? `in state ${state}`}${readyAt}: it cannot be executed now`);
  }
  const { calls, predecessor, salt } = await scheduledOperation(client, operationId);
  const value = calls.reduce((total, call) => total + call.value, 0n);
  const { transaction } = await sendToTimelock(client, "execute a change", (bound) =>
    calls.length === 1
      ? bound.execute(calls[0].target, calls[0].value, calls[0].data, predecessor, salt, { value })
      : bound.executeBatch(calls.map((call) => call.target), calls.map((call) => call.value), calls.map((call) => call.data), predecessor, salt, { value }),
  );
  return { transaction };
}

/** Cancels a scheduled change before it is executed, as a proposer (the timelock's canceller role). */
export async function cancelChange(client: DatarightsClient, parameters: { operationId: Hash }): Promise<{ transaction: TransactionResult }> {
  const operationId = operationIdOf(parameters.operationId);
  const timelock = timelockOf(client);
  const state = Number(await timelock.getOperationState(operationId));
  if (state !== 1 && state !== 2) throw new DatarightsError(`operation ${operationId} is ${STATE_NAMES[state] ?? `in state ${state}`}: there is nothing to cancel`);
  const { transaction } = await sendToTimelock(client, "cancel a change", (bound) => bound.cancel(operationId));
  return { transaction };
}
