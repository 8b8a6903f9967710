import { createHash } from "node:crypto";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { CONTRACT_NAMES } from "../sdk/deployment";
import type { CompleteDeployment, ContractName } from "../sdk/deployment";
import { MalformedAnswerError, TruncatedAnswerError, scanLogsAnswer } from "../listener/logs";

/**
 * The archive of a deployment: every block header from the deployment's first block to the
 * archive's last, and every log of its contracts, as JSON lines, in segments of a bounded number
 * of blocks, listed by `manifest.json` with each file's line count and SHA-256.
 *
 * A segment holds, block by block, the block's header (the node's eth_getBlockByNumber answer
 * with `false`: transaction hashes, no transaction bodies), then the block's logs in order (each
 * as the node's eth_getLogs answer gave it). A line is a header when it has `parentHash`, a log
 * when it has `logIndex`. Segments never change once written: an export that extends the archive
 * adds segments and rewrites the manifest only.
 */

export const MANIFEST = "manifest.json";
export const ARCHIVE_FORMAT = "datarights-archive/1";
/** Files an export writes before renaming them into place; leftovers of a killed export. */
export const TEMPORARY_PREFIX = ".tmp-";
const SEGMENT_NAME = /^blocks-(\d{10})-(\d{10})\.jsonl$/;

export function segmentName(fromBlock: number, toBlock: number): string {
  return `blocks-${String(fromBlock).padStart(10, "0")}-${String(toBlock).padStart(10, "0")}.jsonl`;
}

/** The first block of the segment a file name stands for; undefined for any other name. */
export function segmentStart(name: string): number | undefined {
  const match = SEGMENT_NAME.exec(name);
  return match ? Number(match[1]) : undefined;
}

const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an address");
const hash = z.string().regex(/^0x[0-9a-f]{64}$/, "a 32-byte hash in lower-case hex");
const block = z.number().int().nonnegative();

const segmentSchema = z.object({
  file: z.string().regex(SEGMENT_NAME, "a segment file name (blocks-<from>-<to>.jsonl)"),
  fromBlock: block,
  toBlock: block,
  lines: z.number().int().positive(),
  logs: z.number().int().nonnegative(),
  sha256: z.string().regex(/^[0-9a-f]{64}$/, "a SHA-256 in lower-case hex"),
});
export type SegmentEntry = z.infer<typeof segmentSchema>;

const manifestSchema = z.object({
  format: z.literal(ARCHIVE_FORMAT),
  chainId: z.number().int().positive(),
  network: z.string(),
  contracts: z.record(z.enum(CONTRACT_NAMES), z.object({ address, deployBlock: block })),
  firstBlock: block,
  lastBlock: block,
  lastBlockHash: hash,
  segments: z.array(segmentSchema).min(1),
  updatedAt: z.string(),
});
export type ArchiveManifest = z.infer<typeof manifestSchema>;

/** The archive does not hold what its manifest says, or breaks the chain's own rules: `where` is a file and line, or a file. */
export class ArchiveDamagedError extends Error {
  override readonly name = "ArchiveDamagedError";
  constructor(
    readonly where: string,
    readonly problem: string,
  ) {
    super(`the archive is not intact: ${where}: ${problem}`);
  }
}

/** The folder holds no archive at all. */
export class NoArchiveError extends Error {
  override readonly name = "NoArchiveError";
}

/** The deployment's contracts and the first block an archive of it starts at. */
export function archivedContracts(deployment: CompleteDeployment): { contracts: ArchiveManifest["contracts"]; firstBlock: number } {
  const contracts = Object.fromEntries(
    CONTRACT_NAMES.map((name) => [name, { address: deployment.contracts[name].address.toLowerCase(), deployBlock: deployment.contracts[name].deployBlock }]),
  ) as ArchiveManifest["contracts"];
  return { contracts, firstBlock: Math.min(...CONTRACT_NAMES.map((name) => deployment.contracts[name].deployBlock)) };
}

/** The contract of the manifest whose address differs from `contracts`', if any. */
export function otherContract(manifest: ArchiveManifest, contracts: ArchiveManifest["contracts"]): ContractName | undefined {
  return CONTRACT_NAMES.find((name) => manifest.contracts[name]?.address.toLowerCase() !== contracts[name].address.toLowerCase());
}

/** Reads and checks `manifest.json`: its fields, and that its segments cover its blocks end to end. */
export function readManifest(folder: string): ArchiveManifest {
  const file = join(folder, MANIFEST);
  if (!existsSync(file)) throw new NoArchiveError(`${folder} holds no archive (no ${MANIFEST})`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new ArchiveDamagedError(MANIFEST, `not JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  const parsed = manifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new ArchiveDamagedError(MANIFEST, `${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  const manifest = parsed.data;
  const missing = CONTRACT_NAMES.find((name) => !manifest.contracts[name]);
  if (missing) throw new ArchiveDamagedError(MANIFEST, `contracts.${missing}: missing`);
  let next = manifest.firstBlock;
  for (const [index, segment] of manifest.segments.entries()) {
    if (segment.file !== segmentName(segment.fromBlock, segment.toBlock)) {
      throw new ArchiveDamagedError(MANIFEST, `segments.${index}: ${segment.file} is not named after blocks ${segment.fromBlock}-${segment.toBlock}`);
    }
    if (segment.fromBlock !== next || segment.toBlock < segment.fromBlock) {
      throw new ArchiveDamagedError(MANIFEST, `segments.${index}: ${segment.file} covers blocks ${segment.fromBlock}-${segment.toBlock}, block ${next} should come next`);
    }
    next = segment.toBlock + 1;
  }
  if (next !== manifest.lastBlock + 1) throw new ArchiveDamagedError(MANIFEST, `the segments end at block ${next - 1}, lastBlock is ${manifest.lastBlock}`);
  return manifest;
}

/** A header line, as the archive keeps it: the node's object, and the fields the checks use. */
export interface ArchivedHeader {
  number: number;
  hash: string;
  parentHash: string;
  /** The node's JSON object. */
  json: Record<string, unknown>;
  /** Where it is: 1-based. */
  line: number;
}

export interface ArchivedLog {
  blockNumber: number;
  logIndex: number;
  /** Lower case. */
  address: string;
  /** The line's text: the node's JSON object for the log. */
  text: string;
  line: number;
}

export interface Segment {
  entry: SegmentEntry;
  headers: ArchivedHeader[];
  logs: ArchivedLog[];
  /** With `deferChecksum`: the SHA-256 problem, for the caller to report (after comparing the lines with a node, which names the line that changed). */
  checksumProblem?: string;
}

const HEX32 = /^0x[0-9a-f]{64}$/;

const quantity = (value: unknown): number => (typeof value === "string" && /^0x[0-9a-f]{1,13}$/i.test(value) ? parseInt(value, 16) : Number.NaN);

/**
 * Reads a segment and checks it line by line: each line a JSON object, a header or a log; the
 * headers one per block from the segment's first to its last, each one's parentHash the hash of
 * the block before (`previousHash`: the previous segment's last block, null for the archive's
 * first block); each log after its block's header, of its hash, in order, of a contract of
 * the deployment, and readable by the listener (scanned as an eth_getLogs answer); then the line
 * count and the SHA-256 against the manifest. The first problem is thrown, naming file and line.
 */
export function readSegment(
  folder: string, entry: SegmentEntry, previousHash: string | null, addresses: ReadonlySet<string>, options: { deferChecksum?: boolean } = {},
): Segment {
  const file = join(folder, entry.file);
  let bytes: Buffer;
  try {
    bytes = readFileSync(file);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    throw new ArchiveDamagedError(entry.file, code === "ENOENT" ? `missing (${MANIFEST} lists it for blocks ${entry.fromBlock}-${entry.toBlock})` : `cannot be read (${code})`);
  }
  const headers: ArchivedHeader[] = [];
  const logs: ArchivedLog[] = [];
  const text = bytes.toString("utf8");
  const lines = text.split("\n");
  if (lines[lines.length - 1] !== "") throw new ArchiveDamagedError(`${entry.file} line ${lines.length}`, "the last line does not end with a newline (the file was cut short)");
  lines.pop();
  let current: ArchivedHeader | undefined;
  let lastIndex = -1;
  for (const [index, line] of lines.entries()) {
    const where = `${entry.file} line ${index + 1}`;
    const fail = (problem: string): never => {
      throw new ArchiveDamagedError(where, problem);
    };
    let json: unknown;
    try {
      json = JSON.parse(line);
    } catch (error) {
      fail(`not JSON: ${(error as Error).message.split("\n")[0]}`);
    }
    if (typeof json !== "object" || json === null || Array.isArray(json)) fail("not a JSON object");
    const object = json as Record<string, unknown>;
    if ("parentHash" in object) {
      const number = quantity(object.number);
      const expected = current ? current.number + 1 : entry.fromBlock;
      if (number !== expected) fail(`holds block ${Number.isNaN(number) ? JSON.stringify(object.number) : number} where block ${expected}'s header should be`);
      if (typeof object.hash !== "string" || !HEX32.test(object.hash)) fail(`block ${number}'s hash ${JSON.stringify(object.hash)} is not a 32-byte hash`);
      const parent = current?.hash ?? previousHash;
      if (parent !== null && object.parentHash !== parent) fail(`block ${number}'s parentHash ${String(object.parentHash)} is not block ${number - 1}'s hash ${parent}`);
      current = { number, hash: object.hash as string, parentHash: object.parentHash as string, json: object, line: index + 1 };
      headers.push(current);
      lastIndex = -1;
    } else if ("logIndex" in object) {
      const number = quantity(object.blockNumber);
      const logIndex = quantity(object.logIndex);
      if (!current) fail(`a log of block ${number} before any block header`);
      if (number !== current!.number) fail(`a log of block ${Number.isNaN(number) ? JSON.stringify(object.blockNumber) : number} among block ${current!.number}'s lines`);
      if (object.blockHash !== current!.hash) fail(`log ${logIndex} of block ${number} has blockHash ${String(object.blockHash)}, the block's hash is ${current!.hash}`);
      if (!(logIndex > lastIndex)) fail(`log ${JSON.stringify(object.logIndex)} of block ${number} is out of order (after log ${lastIndex})`);
      if (object.removed === true) fail(`log ${logIndex} of block ${number} is marked removed`);
      const emitter = typeof object.address === "string" ? object.address.toLowerCase() : "";
      if (!addresses.has(emitter)) fail(`log ${logIndex} of block ${number} is of ${JSON.stringify(object.address)}, not a contract of the deployment`);
      try {
        const scanned = scanLogsAnswer(Buffer.from(`{"result":[${line}]}`));
        if (!("logs" in scanned) || scanned.logs.length !== 1) fail(`log ${logIndex} of block ${number} cannot be read as a log`);
      } catch (error) {
        if (error instanceof MalformedAnswerError || error instanceof TruncatedAnswerError) fail(`log ${logIndex} of block ${number} cannot be read as a log: ${error.message}`);
        throw error;
      }
      lastIndex = logIndex;
      logs.push({ blockNumber: number, logIndex, address: emitter, text: line, line: index + 1 });
    } else {
      fail("neither a block header (no parentHash) nor a log (no logIndex)");
    }
  }
  if (!current || current.number !== entry.toBlock) {
    throw new ArchiveDamagedError(entry.file, `ends at block ${current?.number ?? "(none)"}, ${MANIFEST} says ${entry.toBlock}`);
  }
  if (lines.length !== entry.lines) throw new ArchiveDamagedError(entry.file, `${lines.length} lines, ${MANIFEST} says ${entry.lines}`);
  if (logs.length !== entry.logs) throw new ArchiveDamagedError(entry.file, `${logs.length} logs, ${MANIFEST} says ${entry.logs}`);
  const sha256 = createHash("sha256").update(bytes).digest("hex");
  if (sha256 !== entry.sha256) {
    const problem = `SHA-256 ${sha256}, ${MANIFEST} says ${entry.sha256} (the file changed after it was written)`;
    if (!options.deferChecksum) throw new ArchiveDamagedError(entry.file, problem);
    return { entry, headers, logs, checksumProblem: problem };
  }
  return { entry, headers, logs };
}

/** The lower-case addresses of the manifest's contracts. */
export function manifestAddresses(manifest: ArchiveManifest): Set<string> {
  return new Set(Object.values(manifest.contracts).map((contract) => contract.address.toLowerCase()));
}
