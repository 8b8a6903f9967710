import { createHash } from "node:crypto";
import { closeSync, existsSync, fsyncSync, mkdirSync, openSync, readdirSync, renameSync, rmdirSync, statSync, unlinkSync, writeSync } from "node:fs";
import { join } from "node:path";
import { lockSync } from "proper-lockfile";
import { RpcRangeError } from "../listener/rpc";
import type { RpcClient } from "../listener/rpc";
import type { CompleteDeployment } from "../sdk/deployment";
import { ARCHIVE_FORMAT, MANIFEST, TEMPORARY_PREFIX, archivedContracts, otherContract, readManifest, segmentName, segmentStart } from "./format";
import type { ArchiveManifest, SegmentEntry } from "./format";

/**
 * `datarights archive export`: reads every block header and every log of the deployment's
 * contracts from a node, from the deployment's first block (or the archive's last, to extend
 * it) to `toBlock`, and writes them as segments of at most `segmentBlocks` blocks. Every file is
 * written under a temporary name, synced, and renamed into place once all are written, the
 * manifest last: a failure leaves the folder as it was (the temporary files removed; those of a
 * killed export are removed by the next one). One export at a time writes into a folder: it holds
 * a lock (`.tmp-export.lock`, stale 20 s after its process died) from before it reads the manifest
 * until it has renamed the new one into place.
 */

export interface ExportOptions {
  folder: string;
  rpc: RpcClient;
  deployment: CompleteDeployment;
  /** The last block to archive (default: the head less `confirmations`). */
  toBlock?: number;
  confirmations?: number;
  /** Most blocks per segment (10,000 unless set). */
  segmentBlocks?: number;
  /** Most blocks per eth_getLogs (halved while the node refuses). */
  maxRange?: number;
  /** Told after each segment is written (to its temporary file). */
  onSegment?: (segment: SegmentEntry) => void;
}

export interface ExportResult {
  manifest: ArchiveManifest;
  /** The segments this export added (none when the archive already reached the block). */
  added: SegmentEntry[];
  /** Whether an existing archive was extended. */
  extended: boolean;
}

/** The folder cannot take this archive. */
export class ArchiveFolderError extends Error {
  override readonly name = "ArchiveFolderError";
}

/** The node's chain changed under the export (a reorg deeper than the confirmations): nothing was written. */
export class ChainChangedError extends Error {
  override readonly name = "ChainChangedError";
}

type NodeBlock = Record<string, unknown> & { number: string; hash: string; parentHash: string };
type NodeLog = Record<string, unknown> & { blockNumber: string; blockHash: string; logIndex: string; removed?: boolean };

const hex = (value: number): string => `0x${value.toString(16)}`;

/** Headers read per JSON-RPC batch call (the client splits them into HTTP requests of its own size). */
const HEADER_CHUNK = 500;

async function readBlocks(rpc: RpcClient, from: number, to: number): Promise<NodeBlock[]> {
  const numbers = Array.from({ length: to - from + 1 }, (_, index) => from + index);
  const blocks = await rpc.batch<NodeBlock | null>(numbers.map((number) => ({ method: "eth_getBlockByNumber", params: [hex(number), false] })));
  return blocks.map((block, index) => {
    if (!block || parseInt(block.number, 16) !== numbers[index]) throw new ChainChangedError(`the node has no block ${numbers[index]} (the chain changed while it was read): run the export again`);
    return block;
  });
}

/** The logs of blocks `from` to `to` of `addresses`, as the node's JSON, in as many calls as the node needs. */
async function readLogs(rpc: RpcClient, from: number, to: number, addresses: string[], range: { blocks: number }): Promise<NodeLog[]> {
  const logs: NodeLog[] = [];
  let start = from;
  while (start <= to) {
    const end = Math.min(to, start + range.blocks - 1);
    try {
      logs.push(...(await rpc.call<NodeLog[]>("eth_getLogs", [{ fromBlock: hex(start), toBlock: hex(end), address: addresses }])));
      start = end + 1;
    } catch (error) {
      if (!(error instanceof RpcRangeError) || end === start) throw error;
      range.blocks = Math.max(1, Math.floor((end - start + 1) / 2));
    }
  }
  return logs;
}

/** The lock an export holds on its folder (a directory proper-lockfile makes and refreshes). */
const LOCK = `${TEMPORARY_PREFIX}export.lock`;

/** What the folder holds: nothing, or this deployment's archive (its manifest). Refuses anything else. */
function inspect(folder: string, deployment: CompleteDeployment): ArchiveManifest | undefined {
  const names = readdirSync(folder).filter((name) => !name.startsWith(TEMPORARY_PREFIX));
  if (names.length === 0) return undefined;
  if (!names.includes(MANIFEST)) throw new ArchiveFolderError(`archive export: ${folder} is not empty and holds no archive (${MANIFEST}): choose an empty folder`);
  const manifest = readManifest(folder);
  const { contracts } = archivedContracts(deployment);
  const other = otherContract(manifest, contracts);
  if (manifest.chainId !== deployment.chainId || other) {
    const name = other ?? "ParticipantRegistry";
    throw new ArchiveFolderError(`archive export: ${folder} holds the archive of another deployment (${name} ${manifest.contracts[name].address} on chain ${manifest.chainId})`);
  }
  const listed = new Set([MANIFEST, ...manifest.segments.map((segment) => segment.file)]);
  for (const name of names) {
    if (listed.has(name)) continue;
    // A segment past the manifest's end: renamed into place by an export killed before its manifest was.
    const start = segmentStart(name);
    if (start !== undefined && start > manifest.lastBlock) continue;
    throw new ArchiveFolderError(`archive export: ${folder} holds ${name}, which is not part of its archive: move it away`);
  }
  return manifest;
}

/** Removes what a killed export left: temporary files, and segments its manifest never listed. */
function removeLeftovers(folder: string, manifest: ArchiveManifest | undefined): void {
  if (!existsSync(folder)) return;
  for (const name of readdirSync(folder)) {
    const start = segmentStart(name);
    if (name === LOCK) continue;
    if (name.startsWith(TEMPORARY_PREFIX) || (start !== undefined && (!manifest || start > manifest.lastBlock))) unlinkSync(join(folder, name));
  }
}

/** A file written under a temporary name: its bytes hashed and its lines counted as they go. */
class SegmentWriter {
  readonly temporary: string;
  private readonly fd: number;
  private readonly hash = createHash("sha256");
  private pending: string[] = [];
  private pendingSize = 0;
  lines = 0;
  logs = 0;

  constructor(folder: string, readonly file: string) {
    this.temporary = join(folder, `${TEMPORARY_PREFIX}${process.pid}-${file}`);
    this.fd = openSync(this.temporary, "wx");
  }

  line(json: string, isLog: boolean): void {
    this.pending.push(json, "\n");
    this.pendingSize += json.length + 1;
    this.lines += 1;
    if (isLog) this.logs += 1;
    if (this.pendingSize > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.pending.length === 0) return;
    const bytes = Buffer.from(this.pending.join(""), "utf8");
    this.hash.update(bytes);
    for (let at = 0; at < bytes.length; ) at += writeSync(this.fd, bytes, at);
    this.pending = [];
    this.pendingSize = 0;
  }

  /** Flushes, syncs and closes; returns the hex SHA-256 of everything written. */
  finish(): string {
    try {
      this.flush();
      fsyncSync(this.fd);
    } finally {
      closeSync(this.fd);
    }
    return this.hash.digest("hex");
  }

  abandon(): void {
    try {
      closeSync(this.fd);
    } catch {
      // Already closed by finish().
    }
  }
}

function syncFolder(folder: string): void {
  const fd = openSync(folder, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export async function exportArchive(options: ExportOptions): Promise<ExportResult> {
  const { folder } = options;
  if (existsSync(folder) && !statSync(folder).isDirectory()) throw new ArchiveFolderError(`archive export: ${folder} is not a folder`);
  const created = !existsSync(folder);
  mkdirSync(folder, { recursive: true });
  let lost: Error | undefined;
  let release: (() => void) | undefined;
  try {
    try {
      release = lockSync(folder, { lockfilePath: join(folder, LOCK), stale: 20_000, update: 5_000, realpath: false, onCompromised: (error) => (lost = error) });
    } catch (error) {
      if ((error as { code?: string }).code !== "ELOCKED") throw error;
      throw new ArchiveFolderError(`archive export: another export is writing into ${folder}`);
    }
    return await exportLocked(options, () => {
      if (lost) throw new ArchiveFolderError(`archive export: the lock on ${folder} was lost (${lost.message}): run the export again`);
    });
  } finally {
    try {
      release?.();
    } catch {
      // Compromised: nothing of ours to release.
    }
    if (created && existsSync(folder) && readdirSync(folder).length === 0) rmdirSync(folder);
  }
}

async function exportLocked(options: ExportOptions, checkLock: () => void): Promise<ExportResult> {
  const { folder, rpc, deployment } = options;
  const segmentBlocks = options.segmentBlocks ?? 10_000;
  const range = { blocks: options.maxRange ?? 2_000 };
  const existing = inspect(folder, deployment);
  const { contracts, firstBlock } = archivedContracts(deployment);
  const addresses = Object.values(contracts).map((contract) => contract.address);

  const head = parseInt(await rpc.call<string>("eth_blockNumber"), 16);
  const toBlock = options.toBlock ?? head - (options.confirmations ?? 0);
  if (toBlock > head) throw new ArchiveFolderError(`archive export: block ${toBlock} is beyond the node's head ${head}`);
  let previousHash: string | null = null;
  let from = firstBlock;
  if (existing) {
    const [block] = await rpc.batch<NodeBlock | null>([{ method: "eth_getBlockByNumber", params: [hex(existing.lastBlock), false] }]);
    if (block?.hash !== existing.lastBlockHash) {
      throw new ArchiveFolderError(
        `archive export: the archive's last block ${existing.lastBlock} is ${existing.lastBlockHash}, the node's is ${block?.hash ?? "missing"}: the archive is of another chain`,
      );
    }
    previousHash = existing.lastBlockHash;
    from = existing.lastBlock + 1;
  }
  if (toBlock < from) {
    if (existing) return { manifest: existing, added: [], extended: true };
    throw new ArchiveFolderError(`archive export: block ${toBlock} is before the deployment's first block ${firstBlock}`);
  }

  removeLeftovers(folder, existing);
  const written: { writer: SegmentWriter; entry: SegmentEntry }[] = [];
  let open: SegmentWriter | undefined;
  let manifestTemporary: string | undefined;
  try {
    for (let start = from; start <= toBlock; start += segmentBlocks) {
      const end = Math.min(toBlock, start + segmentBlocks - 1);
      const writer = (open = new SegmentWriter(folder, segmentName(start, end)));
      for (let chunk = start; chunk <= end; chunk += HEADER_CHUNK) {
        const chunkEnd = Math.min(end, chunk + HEADER_CHUNK - 1);
        const [blocks, logs] = await Promise.all([readBlocks(rpc, chunk, chunkEnd), readLogs(rpc, chunk, chunkEnd, addresses, range)]);
        let at = 0;
        for (const block of blocks) {
          const number = parseInt(block.number, 16);
          if (previousHash !== null && block.parentHash !== previousHash) {
            throw new ChainChangedError(`block ${number} does not follow block ${number - 1} (the chain changed while it was read): run the export again`);
          }
          writer.line(JSON.stringify(block), false);
          let lastIndex = -1;
          for (; at < logs.length && parseInt(logs[at].blockNumber, 16) === number; at++) {
            const log = logs[at];
            const logIndex = parseInt(log.logIndex, 16);
            if (log.blockHash !== block.hash || log.removed === true || logIndex <= lastIndex) {
              throw new ChainChangedError(`the logs of block ${number} are not of its header ${block.hash} (the chain changed while it was read): run the export again`);
            }
            lastIndex = logIndex;
            writer.line(JSON.stringify(log), true);
          }
          previousHash = block.hash;
        }
        if (at !== logs.length) throw new ChainChangedError(`the node returned a log of block ${parseInt(logs[at].blockNumber, 16)} out of order or outside blocks ${chunk}-${chunkEnd}`);
      }
      const entry: SegmentEntry = { file: writer.file, fromBlock: start, toBlock: end, lines: writer.lines, logs: writer.logs, sha256: writer.finish() };
      open = undefined;
      written.push({ writer, entry });
      options.onSegment?.(entry);
    }
    const manifest: ArchiveManifest = {
      format: ARCHIVE_FORMAT,
      chainId: deployment.chainId,
      network: existing?.network ?? deployment.network,
      contracts,
      firstBlock: existing?.firstBlock ?? firstBlock,
      lastBlock: toBlock,
      lastBlockHash: previousHash!,
      segments: [...(existing?.segments ?? []), ...written.map((segment) => segment.entry)],
      updatedAt: new Date().toISOString(),
    };
    const manifestWriter = new SegmentWriter(folder, MANIFEST);
    manifestTemporary = manifestWriter.temporary;
    manifestWriter.line(JSON.stringify(manifest, null, 2), false);
    manifestWriter.finish();
    checkLock();
    // Segments first, the manifest last: until it is renamed, the archive is the one before.
    for (const { writer } of written) renameSync(writer.temporary, join(folder, writer.file));
    renameSync(manifestTemporary, join(folder, MANIFEST));
    manifestTemporary = undefined;
    syncFolder(folder);
    return { manifest, added: written.map((segment) => segment.entry), extended: existing !== undefined };
  } catch (error) {
    open?.abandon();
    for (const { writer } of written) {
      for (const file of [writer.temporary, join(folder, writer.file)]) if (existsSync(file)) unlinkSync(file);
    }
    if (open && existsSync(open.temporary)) unlinkSync(open.temporary);
    if (manifestTemporary && existsSync(manifestTemporary)) unlinkSync(manifestTemporary);
    throw error;
  }
}
