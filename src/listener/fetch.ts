import type { Batch, BlockHeader } from "./apply";
import type { RpcLog } from "./events";
import { RpcRangeError } from "./rpc";
import type { RpcClient } from "./rpc";

/**
 * Reads a range of blocks from the node: the deployment's logs (one eth_getLogs over every
 * contract address) and the headers the checks need. The range adapts to the node: halved
 * when the node refuses it (too many blocks or results), and otherwise sized so a response
 * holds about `targetLogs` logs, up to `maxRange` blocks: small responses arrive sooner, so the
 * listener writes one while the node answers the next, and no response grows past what nodes
 * allow (many refuse 10,000 logs). After a refusal the reader tries a larger range again only
 * now and then: a node's limit rarely changes.
 */

interface RpcBlock {
  number: string;
  hash: string;
  parentHash: string;
  timestamp: string;
}

const hex = (value: number): string => `0x${value.toString(16)}`;

function header(block: RpcBlock | null, number: number): BlockHeader {
  if (!block) throw new ChainMovedError(`block ${number} is no longer on the node's chain`);
  return { number: parseInt(block.number, 16), hash: block.hash, parentHash: block.parentHash, timestamp: parseInt(block.timestamp, 16) };
}

/** The chain changed under the range being read (a reorg in progress): read it again from the checkpoint. */
export class ChainMovedError extends Error {
  override readonly name = "ChainMovedError";
}

/** The range does not continue the mirror's chain: the block before it is not the checkpoint. */
export class ReorgDetectedError extends Error {
  override readonly name = "ReorgDetectedError";
  constructor(
    message: string,
    /** The first block the mirror and the chain are known to disagree on. */
    readonly atBlock: number,
  ) {
    super(message);
  }
}

export async function readHeaders(rpc: RpcClient, numbers: readonly number[]): Promise<BlockHeader[]> {
  if (numbers.length === 0) return [];
  const blocks = await rpc.batch<RpcBlock | null>(numbers.map((number) => ({ method: "eth_getBlockByNumber", params: [hex(number), false] })));
  return blocks.map((block, index) => header(block, numbers[index]));
}

export async function readHead(rpc: RpcClient): Promise<number> {
  return parseInt(await rpc.call<string>("eth_blockNumber"), 16);
}

export interface RangeReaderOptions {
  rpc: RpcClient;
  /** The deployment's contract addresses. */
  addresses: readonly string[];
  maxRange: number;
  /** Logs a response should hold (2,000 unless set); the range follows the chain's density. */
  targetLogs?: number;
  /** Told when the node refuses a range and the reader asks for less. */
  onShrink?: (from: number, to: number, range: number, reason: string) => void;
}

export interface RangeRequest {
  from: number;
  /** Last block the reader may include (the range may end earlier). */
  limit: number;
  /** Hash of block `from - 1` as the mirror holds it; null before the first batch. */
  previousHash: string | null;
  /** Near the head: read every header (continuity checked block by block) and journal the batch. */
  nearHead: boolean;
}

export interface RangeReader {
  read(request: RangeRequest): Promise<Batch>;
  /** The number of blocks the next read asks for. */
  readonly range: number;
}

/** Ranges at the ceiling the node must answer before the reader asks it for twice as many again. */
const PROBE_AFTER = 16;

export function createRangeReader(options: RangeReaderOptions): RangeReader {
  const { rpc, addresses } = options;
  const targetLogs = options.targetLogs ?? 2_000;
  // The density is unknown at first: start small and let the first answers size the range.
  let range = Math.min(options.maxRange, 64);
  /** Below the range the node last refused; probed upwards again after a run of successes. */
  let ceiling = options.maxRange;
  let fullSuccesses = 0;

  /**
   * Sizes the next range from this answer: past the target, the blocks its last `targetLogs`
   * logs took (the density where the next range starts); below it, in proportion, growing at
   * most eightfold.
   */
  function resize(from: number, to: number, logs: readonly RpcLog[]): void {
    const blocks = to - from + 1;
    const next = logs.length > targetLogs
      ? to - parseInt(logs[logs.length - targetLogs].blockNumber, 16) + 1
      : logs.length === 0 ? blocks * 8 : Math.floor((blocks * targetLogs) / logs.length);
    range = Math.max(1, Math.min(ceiling, blocks * 8, next));
  }

  async function logsOf(from: number, limit: number): Promise<{ to: number; logs: RpcLog[] }> {
    for (;;) {
      const to = Math.min(limit, from + range - 1);
      try {
        const logs = await rpc.call<RpcLog[]>("eth_getLogs", [{ fromBlock: hex(from), toBlock: hex(to), address: addresses }]);
        // A range cut short by `limit` says nothing about what the node would take.
        if (to - from + 1 === range || logs.length > targetLogs) resize(from, to, logs);
        if (ceiling < options.maxRange && to - from + 1 === ceiling && ++fullSuccesses >= PROBE_AFTER) {
          ceiling = Math.min(options.maxRange, ceiling * 2);
          fullSuccesses = 0;
        }
        return { to, logs };
      } catch (error) {
        if (!(error instanceof RpcRangeError) || to === from) throw error;
        range = Math.max(1, Math.floor((to - from + 1) / 2));
        ceiling = range;
        fullSuccesses = 0;
        options.onShrink?.(from, to, range, error.message);
      }
    }
  }

  return {
    get range() {
      return range;
    },
    async read({ from, limit, previousHash, nearHead }) {
      const { to, logs } = await logsOf(from, limit);
      const wanted = new Set<number>(nearHead ? Array.from({ length: to - from + 1 }, (_, index) => from + index) : [from, to]);
      // Nodes that leave blockTimestamp out of logs: the headers give the times.
      for (const log of logs) if (log.blockTimestamp === undefined) wanted.add(parseInt(log.blockNumber, 16));
      const numbers = [...wanted].sort((a, b) => a - b);
      const headers = await readHeaders(rpc, numbers);
      const byNumber = new Map(headers.map((item) => [item.number, item]));
      const first = byNumber.get(from)!;
      if (previousHash !== null && first.parentHash !== previousHash) {
        throw new ReorgDetectedError(`block ${from} does not follow the mirror's block ${from - 1} (${previousHash})`, from - 1);
      }
      if (nearHead) {
        for (let number = from + 1; number <= to; number++) {
          if (byNumber.get(number)!.parentHash !== byNumber.get(number - 1)!.hash) {
            throw new ChainMovedError(`blocks ${number - 1} and ${number} changed while they were read`);
          }
        }
      }
      for (const log of logs) {
        if (log.removed) throw new ChainMovedError(`the node returned a removed log of block ${parseInt(log.blockNumber, 16)}`);
        const known = byNumber.get(parseInt(log.blockNumber, 16));
        if (known && known.hash !== log.blockHash) throw new ChainMovedError(`block ${known.number} changed while its logs were read`);
      }
      return { fromBlock: from, toBlock: to, toHash: byNumber.get(to)!.hash, logs, headers, journal: nearHead };
    },
  };
}
