import { RpcRangeError } from "../listener/rpc";
import type { RpcClient } from "../listener/rpc";
import { ArchiveDamagedError, manifestAddresses, readManifest, readSegment } from "./format";
import type { ArchiveManifest, ArchivedHeader, Segment } from "./format";

/**
 * `datarights archive verify`: the archive checked on its own (every segment's lines, line
 * count and SHA-256; each header's parentHash the hash of the block before, across segments;
 * every log after its block's header, with its hash, of a contract of the deployment), then,
 * with a node, against the chain: the node's chain id, the headers of the archive's first and
 * last blocks and of every block that holds logs (with `everyBlock`, of every block), each
 * field both hold equal; and every log of the deployment's contracts the node has in the
 * archive's blocks, each field both hold equal, none missing and none extra.
 */

export interface VerifyOptions {
  folder: string;
  /** A node of the archive's chain: the archive is compared with it. Without one, only the archive itself is checked. */
  rpc?: RpcClient;
  /** Compare every block's header with the node's, not only the first, the last and those with logs. */
  everyBlock?: boolean;
  /** Most blocks per eth_getLogs on the node (halved while it refuses). */
  maxRange?: number;
}

export interface VerifyReport {
  manifest: ArchiveManifest;
  segments: number;
  headers: number;
  logs: number;
  /** What was compared with the node (absent without one). */
  node?: { url: string; headers: number; logs: number; lastBlockHash: string };
}

/** The archive differs from the node's chain: `where` is a file and line, or what the node holds that the archive lacks. */
export class ArchiveDiffersError extends Error {
  override readonly name = "ArchiveDiffersError";
  constructor(
    readonly url: string,
    readonly where: string,
    readonly problem: string,
  ) {
    super(`the archive differs from the chain at ${url}: ${where}: ${problem}`);
  }
}

const hex = (value: number): string => `0x${value.toString(16)}`;

/** The first field both objects hold whose values differ (as JSON), with both values. */
function firstDifference(archived: Record<string, unknown>, node: Record<string, unknown>): { field: string; archived: string; node: string } | undefined {
  for (const field of Object.keys(archived)) {
    if (!(field in node)) continue;
    const mine = JSON.stringify(archived[field]);
    const theirs = JSON.stringify(node[field]);
    if (mine !== theirs) return { field, archived: mine, node: theirs };
  }
  return undefined;
}

const short = (text: string): string => (text.length > 80 ? `${text.slice(0, 77)}...` : text);

export async function verifyArchive(options: VerifyOptions): Promise<VerifyReport> {
  const { folder, rpc } = options;
  const manifest = readManifest(folder);
  const addresses = manifestAddresses(manifest);
  const url = rpc?.url ?? "";
  let range = options.maxRange ?? 2_000;
  let headers = 0;
  let logs = 0;
  let comparedHeaders = 0;
  let comparedLogs = 0;
  let previousHash: string | null = null;
  let last: ArchivedHeader | undefined;

  if (rpc) {
    const chainId = parseInt(await rpc.call<string>("eth_chainId"), 16);
    if (chainId !== manifest.chainId) throw new ArchiveDiffersError(url, "eth_chainId", `the node is chain ${chainId}, the archive's chain is ${manifest.chainId}`);
    const head = parseInt(await rpc.call<string>("eth_blockNumber"), 16);
    if (head < manifest.lastBlock) throw new ArchiveDiffersError(url, "eth_blockNumber", `the node's head ${head} is below the archive's last block ${manifest.lastBlock}`);
  }

  async function nodeLogs(from: number, to: number): Promise<Record<string, unknown>[]> {
    const found: Record<string, unknown>[] = [];
    for (let start = from; start <= to; ) {
      const end = Math.min(to, start + range - 1);
      try {
        found.push(...(await rpc!.call<Record<string, unknown>[]>("eth_getLogs", [{ fromBlock: hex(start), toBlock: hex(end), address: [...addresses] }])));
        start = end + 1;
      } catch (error) {
        if (!(error instanceof RpcRangeError) || end === start) throw error;
        range = Math.max(1, Math.floor((end - start + 1) / 2));
      }
    }
    return found;
  }

  async function compareWithNode(segment: Segment): Promise<void> {
    const { entry } = segment;
    // Headers: the archive's first and last blocks, every block with logs (or every block).
    const withLogs = new Set(segment.logs.map((log) => log.blockNumber));
    const chosen = segment.headers.filter((header) =>
      options.everyBlock || withLogs.has(header.number) || header.number === manifest.firstBlock || header.number === manifest.lastBlock);
    for (let start = 0; start < chosen.length; start += 500) {
      const part = chosen.slice(start, start + 500);
      const answers = await rpc!.batch<Record<string, unknown> | null>(part.map((header) => ({ method: "eth_getBlockByNumber", params: [hex(header.number), false] })));
      part.forEach((header, index) => {
        const where = `${entry.file} line ${header.line}`;
        const answer = answers[index];
        if (!answer) throw new ArchiveDiffersError(url, where, `the node has no block ${header.number}`);
        const difference = firstDifference(header.json, answer);
        if (difference) throw new ArchiveDiffersError(url, where, `block ${header.number}'s ${difference.field} is ${short(difference.archived)} in the archive, ${short(difference.node)} on the node`);
      });
      comparedHeaders += part.length;
    }
    // Logs: the node's, block by block, against the archive's lines.
    const theirs = await nodeLogs(entry.fromBlock, entry.toBlock);
    const count = Math.max(theirs.length, segment.logs.length);
    for (let index = 0; index < count; index++) {
      const mine = segment.logs[index];
      const node = theirs[index];
      if (!node) throw new ArchiveDiffersError(url, `${entry.file} line ${mine.line}`, `log ${mine.logIndex} of block ${mine.blockNumber} is not on the node's chain`);
      const nodeBlock = parseInt(String(node.blockNumber), 16);
      const nodeIndex = parseInt(String(node.logIndex), 16);
      if (!mine || mine.blockNumber > nodeBlock || (mine.blockNumber === nodeBlock && mine.logIndex > nodeIndex)) {
        throw new ArchiveDiffersError(url, entry.file, `the node has log ${nodeIndex} of block ${nodeBlock} (transaction ${String(node.transactionHash)}), which the archive lacks`);
      }
      const where = `${entry.file} line ${mine.line}`;
      if (mine.blockNumber !== nodeBlock || mine.logIndex !== nodeIndex) throw new ArchiveDiffersError(url, where, `log ${mine.logIndex} of block ${mine.blockNumber} is not on the node's chain`);
      const difference = firstDifference(JSON.parse(mine.text) as Record<string, unknown>, node);
      if (difference) {
        throw new ArchiveDiffersError(url, where, `log ${mine.logIndex} of block ${mine.blockNumber}: ${difference.field} is ${short(difference.archived)} in the archive, ${short(difference.node)} on the node`);
      }
      comparedLogs += 1;
    }
  }

  for (const entry of manifest.segments) {
    const segment = readSegment(folder, entry, previousHash, addresses, { deferChecksum: true });
    if (segment.checksumProblem !== undefined) {
      // A file changed after it was written: with a node, name the line that differs from the chain.
      if (rpc) {
        try {
          await compareWithNode(segment);
        } catch (error) {
          if (error instanceof ArchiveDiffersError) throw new ArchiveDamagedError(error.where, `${error.problem}; the file's ${segment.checksumProblem}`);
          throw error;
        }
      }
      throw new ArchiveDamagedError(entry.file, segment.checksumProblem);
    }
    headers += segment.headers.length;
    logs += segment.logs.length;
    last = segment.headers[segment.headers.length - 1];
    previousHash = last.hash;
    if (rpc) await compareWithNode(segment);
  }
  if (last!.hash !== manifest.lastBlockHash) {
    throw new ArchiveDamagedError("manifest.json", `lastBlockHash ${manifest.lastBlockHash} is not block ${manifest.lastBlock}'s hash ${last!.hash}`);
  }
  return {
    manifest, segments: manifest.segments.length, headers, logs,
    node: rpc ? { url, headers: comparedHeaders, logs: comparedLogs, lastBlockHash: manifest.lastBlockHash } : undefined,
  };
}
