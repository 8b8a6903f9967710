import { RpcError } from "../listener/rpc";
import type { LogFilter, RpcClient, RpcRequest } from "../listener/rpc";
import { scanLogsAnswer } from "../listener/logs";
import type { LogSet } from "../listener/logs";
import { manifestAddresses, readSegment } from "./format";
import type { ArchiveManifest, ArchivedHeader, Segment } from "./format";

/**
 * A node that is an archive: the listener's RpcClient answered from the segment files, with no
 * network at all. It knows what the listener asks: eth_chainId, eth_blockNumber (the archive's
 * last block), eth_getBlockByNumber (the archived header, null outside the archive) and
 * eth_getLogs, whose answer is made of the archived log lines, as the node sent them, and
 * scanned from the bytes by the same scanLogsAnswer the listener uses on a node's answer.
 * Segments are read (and checked again: lines, continuity, SHA-256) when first asked for; the
 * four last read are kept (the listener reads ahead: its ranges may straddle segments).
 */
export function createArchiveRpc(folder: string, manifest: ArchiveManifest): RpcClient {
  const url = `archive:${folder}`;
  const addresses = manifestAddresses(manifest);
  const cache: Segment[] = [];
  /** The hash each segment's last block must be followed by: known once the segment before has been read. */
  const lastHash = new Map<number, string>();

  function segmentIndexOf(block: number): number {
    let low = 0;
    let high = manifest.segments.length - 1;
    while (low <= high) {
      const middle = (low + high) >> 1;
      const segment = manifest.segments[middle];
      if (block < segment.fromBlock) high = middle - 1;
      else if (block > segment.toBlock) low = middle + 1;
      else return middle;
    }
    return -1;
  }

  function segment(index: number): Segment {
    const entry = manifest.segments[index];
    const cached = cache.find((item) => item.entry === entry);
    if (cached) return cached;
    // Continuity with the segment before is checked when its last hash is known (always, when read in order).
    const read = readSegment(folder, entry, lastHash.get(index - 1) ?? null, addresses);
    lastHash.set(index, read.headers[read.headers.length - 1].hash);
    cache.push(read);
    if (cache.length > 4) cache.shift();
    return read;
  }

  function header(block: number): ArchivedHeader | undefined {
    const index = segmentIndexOf(block);
    if (index === -1) return undefined;
    const read = segment(index);
    return read.headers[block - read.entry.fromBlock];
  }

  function quantity(value: unknown, method: string): number {
    if (typeof value !== "string" || !/^0x[0-9a-fA-F]{1,13}$/.test(value)) throw new RpcError(`${method}: ${JSON.stringify(value)} is not a block number the archive answers`, method, -32602);
    return parseInt(value, 16);
  }

  function call<Result>(method: string, params: readonly unknown[] = []): Result {
    switch (method) {
      case "eth_chainId":
        return `0x${manifest.chainId.toString(16)}` as Result;
      case "eth_blockNumber":
        return `0x${manifest.lastBlock.toString(16)}` as Result;
      case "eth_getBlockByNumber":
        return (header(quantity(params[0], method))?.json ?? null) as Result;
      default:
        throw new RpcError(`${method} failed at ${url}: an archive answers no ${method}`, method, -32601);
    }
  }

  return {
    url,
    async call<Result>(method: string, params?: readonly unknown[]): Promise<Result> {
      return call<Result>(method, params);
    },
    async batch<Result>(requests: readonly RpcRequest[]): Promise<Result[]> {
      return requests.map((request) => call<Result>(request.method, request.params));
    },
    async getLogs(filter: LogFilter): Promise<LogSet> {
      const from = Math.max(quantity(filter.fromBlock, "eth_getLogs"), manifest.firstBlock);
      const to = Math.min(quantity(filter.toBlock, "eth_getLogs"), manifest.lastBlock);
      const wanted = new Set(filter.address.map((address) => address.toLowerCase()));
      const lines: string[] = [];
      for (let index = from <= to ? segmentIndexOf(from) : manifest.segments.length; index < manifest.segments.length && manifest.segments[index].fromBlock <= to; index++) {
        for (const log of segment(index).logs) {
          if (log.blockNumber >= from && log.blockNumber <= to && wanted.has(log.address)) lines.push(log.text);
        }
      }
      // The answer a node would have sent: the same log objects, scanned from the bytes.
      const scanned = scanLogsAnswer(Buffer.from(`{"jsonrpc":"2.0","id":1,"result":[${lines.join(",")}]}`, "utf8"));
      if (!("logs" in scanned)) throw new RpcError(`eth_getLogs failed at ${url}: the archived logs are not a list of logs`, "eth_getLogs", undefined);
      return scanned.logs;
    },
  };
}
