import type { Batch, BlockHeader } from "./apply";
import { LogSet } from "./logs";
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
  /** Near the head: read every header (continuity checked block by block) and journal the batch. */
  nearHead: boolean;
}

/** A read on its way: its range is fixed when it is asked for, so the next can be asked for at once. */
export interface PendingRead {
  from: number;
  to: number;
  batch: Promise<Batch>;
}

export interface RangeReader {
  read(request: RangeRequest): PendingRead;
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
  function resize(from: number, to: number, logs: LogSet): void {
    const blocks = to - from + 1;
    const next = logs.length > targetLogs
      ? to - logs.blockNumber[logs.length - targetLogs] + 1
      : logs.length === 0 ? blocks * 8 : Math.floor((blocks * targetLogs) / logs.length);
    range = Math.max(1, Math.min(ceiling, blocks * 8, next));
  }

  /** The logs of blocks `from` to `to`: one request, or, when the node refuses it, as many as it takes. */
  async function logsOf(from: number, to: number): Promise<LogSet> {
    const parts: LogSet[] = [];
    let start = from;
    let end = to;
    while (start <= to) {
      try {
        const logs = await rpc.getLogs({ fromBlock: hex(start), toBlock: hex(end), address: addresses });
        // A range cut short by the end asked for says nothing about what the node would take.
        if (end - start + 1 >= range || logs.length > targetLogs) resize(start, end, logs);
        if (ceiling < options.maxRange && end - start + 1 === ceiling && ++fullSuccesses >= PROBE_AFTER) {
          ceiling = Math.min(options.maxRange, ceiling * 2);
          fullSuccesses = 0;
        }
        parts.push(logs);
        start = end + 1;
      } catch (error) {
        if (!(error instanceof RpcRangeError) || end === start) throw error;
        range = Math.max(1, Math.min(range, Math.floor((end - start + 1) / 2)));
        ceiling = range;
        fullSuccesses = 0;
        options.onShrink?.(start, end, range, error.message);
      }
      end = Math.min(to, start + range - 1);
    }
    return parts.length === 1 ? parts[0] : LogSet.concat(parts);
  }

  async function read(from: number, to: number, nearHead: boolean): Promise<Batch> {
    // The headers the checks need go out with the logs; blocks whose logs lack a time follow.
    const wanted = nearHead ? Array.from({ length: to - from + 1 }, (_, index) => from + index) : from === to ? [from] : [from, to];
    const [logs, headers] = await Promise.all([logsOf(from, to), readHeaders(rpc, wanted)]);
    const byNumber = new Map(headers.map((item) => [item.number, item]));
    const untimed = new Set<number>();
    for (let index = 0; index < logs.length; index++) {
      if (Number.isNaN(logs.blockTimestamp[index]) && !byNumber.has(logs.blockNumber[index])) untimed.add(logs.blockNumber[index]);
    }
    for (const header of await readHeaders(rpc, [...untimed])) {
      byNumber.set(header.number, header);
      headers.push(header);
    }
    headers.sort((a, b) => a.number - b.number);
    if (nearHead) {
      for (let number = from + 1; number <= to; number++) {
        if (byNumber.get(number)!.parentHash !== byNumber.get(number - 1)!.hash) {
          throw new ChainMovedError(`blocks ${number - 1} and ${number} changed while they were read`);
        }
      }
    }
    let checked = -1;
    for (let index = 0; index < logs.length; index++) {
      const number = logs.blockNumber[index];
      if (logs.removed[index]) throw new ChainMovedError(`the node returned a removed log of block ${number}`);
      if (index > 0 && (number < logs.blockNumber[index - 1] || (number === logs.blockNumber[index - 1] && !logs.sameBlockHash(index, index - 1)))) {
        throw new ChainMovedError(`the node returned the logs of block ${number} out of order or from two branches`);
      }
      // Every log of a block shares its hash (checked above): compare the first with the header.
      if (number === checked) continue;
      checked = number;
      const known = byNumber.get(number);
      if (known && !logs.blockHashIs(index, known.hash)) throw new ChainMovedError(`block ${known.number} changed while its logs were read`);
    }
    const first = byNumber.get(from)!;
    return { fromBlock: from, toBlock: to, fromParentHash: first.parentHash, toHash: byNumber.get(to)!.hash, logs, headers, journal: nearHead };
  }

  return {
    get range() {
      return range;
    },
    read({ from, limit, nearHead }) {
      const to = Math.min(limit, from + range - 1);
      const batch = read(from, to, nearHead);
      // Read ahead of its use: a failure surfaces when it is awaited.
      batch.catch(() => undefined);
      return { from, to, batch };
    },
  };
}
