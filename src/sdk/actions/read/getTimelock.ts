import { ZeroHash } from "ethers";
import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import { decodeCall, targetsOf, timelockOf } from "../../timelock";
import type { DecodedCall, TimelockOperationState } from "../../timelock";
import { decoded, inGroups, pinBlockNumber } from "./internal";
import type { ReadParameters } from "./internal";

export type GetTimelockParameters = ReadParameters;

/** One call of a scheduled operation (a batch has several). */
export interface TimelockOperationCall {
  index: number;
  target: string;
  value: bigint;
  data: string;
  /** The call decoded with the project's ABIs when its target is a contract of the deployment (or the timelock); null otherwise. */
  call: DecodedCall | null;
}

/** An operation scheduled on the timelock, as the chain holds it. */
export interface TimelockOperation {
  /** The operation's id (hashOperation / hashOperationBatch), lower case. */
  id: string;
  calls: TimelockOperationCall[];
  /** An operation that must be executed first; null when none. */
  predecessor: string | null;
  salt: string;
  /** Seconds it was scheduled to wait. */
  delay: bigint;
  /** From when it may be executed (Unix seconds): its schedule's block time plus the delay. */
  readyAt: bigint;
  /** pending (waiting out its delay), ready (due: an executor may execute it), done (executed), cancelled. */
  state: TimelockOperationState;
  scheduledBlock: number;
  scheduledTransaction: string;
}

export interface GetTimelockReturnType {
  address: string;
  /** The least delay the timelock accepts for a new schedule (seconds). */
  minDelay: bigint;
  /** Every operation ever scheduled: pending and ready first (soonest due first), then done and cancelled (latest first). */
  operations: TimelockOperation[];
}

export type GetTimelockErrorType = DatarightsError;

const STATES: readonly TimelockOperationState[] = ["cancelled", "pending", "ready", "done"];

/**
 * The deployment's timelock at one block: its minimum delay and its operations, each with its
 * calls decoded and its state as `getOperationState` answers, so a policy change is visible
 * while it waits out its delay. Throws when the deployment has no timelock.
 *
 * @example
 * const { operations } = await getTimelock(client);
 * const pending = operations.filter((operation) => operation.state === "pending");
 */
export async function getTimelock(client: DatarightsClient, parameters: GetTimelockParameters = {}): Promise<GetTimelockReturnType> {
  const timelock = timelockOf(client);
  const toBlock = await pinBlockNumber(client, parameters.blockNumber);
  const fromBlock = client.deployment.timelock!.deployBlock;
  const at = { blockTag: toBlock };
  const [minDelay, scheduled, salts] = await decoded("getTimelock", Promise.all([
    timelock.getMinDelay(at),
    timelock.queryFilter(timelock.filters.CallScheduled(), fromBlock, toBlock),
    timelock.queryFilter(timelock.filters.CallSalt(), fromBlock, toBlock),
  ]));
  const targets = targetsOf(client.deployment);
  const saltOf = new Map(salts.map((log) => [log.args.id.toLowerCase(), log.args.salt]));
  // An operation cancelled and scheduled again keeps its id: its last schedule is the one that counts.
  const operations = new Map<string, TimelockOperation>();
  for (const log of scheduled) {
    const id = log.args.id.toLowerCase();
    let operation = operations.get(id);
    if (!operation || operation.scheduledTransaction !== log.transactionHash) {
      operation = {
        id, calls: [], predecessor: log.args.predecessor === ZeroHash ? null : log.args.predecessor, salt: saltOf.get(id) ?? ZeroHash,
        delay: log.args.delay, readyAt: 0n, state: "pending", scheduledBlock: log.blockNumber, scheduledTransaction: log.transactionHash,
      };
      operations.set(id, operation);
    }
    const name = targets.get(log.args.target.toLowerCase());
    operation.calls.push({
      index: Number(log.args.index), target: log.args.target, value: log.args.value, data: log.args.data,
      call: name === undefined ? null : decodeCall(name, log.args.data),
    });
  }
  const list = [...operations.values()];
  const times = new Map<number, bigint>();
  await inGroups([...new Set(list.map((operation) => operation.scheduledBlock))], async (block) => {
    const header = await client.provider.getBlock(block);
    if (!header) throw new Error(`the node has no block ${block}`);
    times.set(block, BigInt(header.timestamp));
  });
  await inGroups(list, async (operation) => {
    operation.calls.sort((a, b) => a.index - b.index);
    operation.readyAt = times.get(operation.scheduledBlock)! + operation.delay;
    operation.state = STATES[Number(await decoded("getTimelock", timelock.getOperationState(operation.id, at)))];
  });
  const open = (operation: TimelockOperation) => operation.state === "pending" || operation.state === "ready";
  list.sort((a, b) =>
    open(a) !== open(b) ? (open(a) ? -1 : 1)
      : open(a) ? Number(a.readyAt - b.readyAt) || a.scheduledBlock - b.scheduledBlock
        : b.scheduledBlock - a.scheduledBlock);
  return { address: client.deployment.timelock!.address, minDelay, operations: list };
}
