import { CONTRACT_OF } from "../../client";
import type { ContractKey, DatarightsClient, DatarightsContracts } from "../../client";
import { decodeError } from "../../errors";
import type { LogPosition } from "../../records";

/** What every read action takes besides its own parameters. */
export interface ReadParameters {
  /**
   * Read the chain as it was at this block (default: the latest). Lists read their logs up to it
   * and their records at it, so a list is one consistent snapshot; verify and audit-mirror pin
   * every read to one block this way.
   */
  blockNumber?: number;
}

/** The block a read is pinned to, and its time: what "expired" and "lapsed" are judged by. */
export interface PinnedBlock {
  blockNumber: number;
  timestamp: bigint;
}

/** The header of `blockNumber` (the latest when undefined), as the block every read of an action is pinned to. */
export async function pinBlock(client: DatarightsClient, blockNumber: number | undefined): Promise<PinnedBlock> {
  const block = await client.provider.getBlock(blockNumber ?? "latest");
  if (!block) throw new Error(`the node has no block ${blockNumber ?? "latest"}`);
  return { blockNumber: block.number, timestamp: BigInt(block.timestamp) };
}

/**
 * The number of the block an action's reads are pinned to: `blockNumber`, or the latest. For
 * actions that read more than once (logs, then records), so every read sees the same chain.
 */
export async function pinBlockNumber(client: DatarightsClient, blockNumber: number | undefined): Promise<number> {
  return blockNumber ?? (await client.provider.getBlockNumber());
}

/** Runs a contract read; a revert becomes the contract's decoded error (e.g. DataProductUnknown). */
export async function decoded<T>(action: string, read: Promise<T>): Promise<T> {
  try {
    return await read;
  } catch (error) {
    throw decodeError(error, action);
  }
}

/** `work` over `items`, a few hundred at a time: each group goes out as one JSON-RPC batch. */
export async function inGroups<T, R>(items: readonly T[], work: (item: T) => Promise<R>, size = 200): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) results.push(...(await Promise.all(items.slice(start, start + size).map(work))));
  return results;
}


/**
 * Logs of one contract across every epoch of the exchange, oldest first, each deployment's from
 * its deployment block to `toBlock`: a successor keeps its predecessor's ids, so the events of
 * both are one history (a product registered in epoch 1 and traded in epoch 2). An old epoch's
 * record acts end at its seal, which every act there reverts after, and whatever it did before the
 * seal (a receipt during the move included) is what the successor carried: none is cut.
 */
export async function logsAcrossEpochs<K extends ContractKey, L>(
  client: DatarightsClient, key: K, toBlock: number, query: (contract: DatarightsContracts[K], fromBlock: number, toBlock: number) => Promise<L[]>,
): Promise<L[]> {
  const logs: L[] = [];
  for (const epoch of client.epochs()) {
    const fromBlock = epoch.deployment.contracts[CONTRACT_OF[key]].deployBlock;
    if (fromBlock <= toBlock) logs.push(...(await query(epoch.contracts[key], fromBlock, toBlock)));
  }
  return logs;
}

/** A log's position in the chain's history. */
export function positionOf(log: { blockNumber: number; index: number; transactionHash: string }): LogPosition {
  return { blockNumber: log.blockNumber, logIndex: log.index, transactionHash: log.transactionHash };
}
