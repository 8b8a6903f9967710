import type { SqlExecutor } from "../mirror/database";
import { HISTORY_TABLES, STATE_TABLES, TABLES } from "../mirror/schema";
import type { HistoryTable, RowOf, StateTable } from "../mirror/schema";
import type { ScriptStep } from "../mirror/script";
import { CopyBuilder, copyRows, keyObject, keyOf, loadRows, replaceRowsSteps, restoreFromUndo } from "../mirror/write";
import type { EventDecoder } from "./decode";
import type { MirrorLog, SourceName } from "./events";
import { LogSet, RAW_LOG_COLUMNS, encodeLogs } from "./logs";
import { HANDLERS } from "./handlers";
import type { BatchStore, EntityRef } from "./handlers";

/** A block header, as far as the mirror needs it. */
export interface BlockHeader {
  number: number;
  hash: string;
  parentHash: string;
  timestamp: number;
}

/** A contiguous range of blocks, read from the node, ready to apply. */
export interface Batch {
  fromBlock: number;
  toBlock: number;
  /** Parent hash of `fromBlock`: the block before the range, which the mirror must hold. */
  fromParentHash: string;
  /** Hash of `toBlock`: the new checkpoint. */
  toHash: string;
  logs: LogSet;
  /** Headers read for this range (all of it near the head, its ends further back). */
  headers: BlockHeader[];
  /** Write undo entries, so a reorg past this batch rolls back without a rebuild. */
  journal: boolean;
}

/** The mirror and the chain disagree in a way no reorg explains: stop rather than guess. */
export class MirrorInconsistencyError extends Error {
  override readonly name = "MirrorInconsistencyError";
}

/** A row's key as one Map key: the value itself for one-column keys (no string built per lookup). */
type KeyId = string | number;
const keyId = (key: readonly (string | number)[]): KeyId => (key.length === 1 ? key[0] : key.join("\u0000"));

const KEY_COLUMNS = Object.fromEntries(STATE_TABLES.map((table) => [table, TABLES[table].primaryKey as readonly string[]])) as Record<StateTable, readonly string[]>;
function rowKeyId(table: StateTable, row: object): KeyId {
  const columns = KEY_COLUMNS[table];
  const record = row as Record<string, string | number>;
  return columns.length === 1 ? record[columns[0]] : columns.map((column) => record[column]).join("\u0000");
}

type UndoEntry = Omit<RowOf<"mirror_undo">, "id">;

const ROW_NAMES: Record<StateTable, string> = {
  participants: "participant", staff_roles: "staff role", role_admins: "role admin", products: "product", certificates: "certificate",
  assessments: "assessment", assessment_requirements: "assessment requirement", objections: "objection", listings: "listing of product",
  trades: "trade", timelock_operations: "timelock operation",
};

/** "certificate 7", "objection 2 of RightsCertificate": a row named for a message. */
function describeRow(table: StateTable, key: readonly (string | number)[]): string {
  if (table === "objections") return `objection ${key[1]} of ${key[0]}`;
  return `${ROW_NAMES[table]} ${key.join(" ")}`;
}

/** The state rows of one batch: loaded first, changed by the reducers, written back at the end. */
class Store implements BatchStore {
  private readonly rows = new Map<StateTable, Map<KeyId, object | undefined>>();
  private readonly changed = new Map<StateTable, Set<KeyId>>();
  /** Rows the database does not hold yet: copied in, rather than replaced. */
  private readonly absent = new Map<StateTable, Set<KeyId>>();
  /** History rows, serialized as they come (they are only ever appended). */
  readonly history = new Map<HistoryTable, CopyBuilder>();
  readonly undo: UndoEntry[] = [];
  private readonly journaled = new Set<string>();
  /** The log being applied: its block decides which undo entry a change belongs to. */
  current: MirrorLog | undefined;

  constructor(
    private readonly journal: boolean,
    readonly warnings: string[],
    /** When complete, the rows a reducer did not declare in touches() are taken from it. */
    private readonly cache: StateCache,
    /** The contracts the mirror follows, by address (lower case). */
    private readonly contracts: ReadonlyMap<string, SourceName>,
    /** Those of the deployments the current one succeeds. */
    private readonly earlier: ReadonlySet<string>,
  ) {
    for (const table of STATE_TABLES) {
      this.rows.set(table, new Map());
      this.changed.set(table, new Set());
      this.absent.set(table, new Set());
    }
  }

  contractAt(address: string): SourceName | undefined {
    return this.contracts.get(address);
  }

  isEarlierEpoch(address: string): boolean {
    return this.earlier.has(address);
  }

  seed(table: StateTable, key: KeyId, row: object | undefined): void {
    const rows = this.rows.get(table)!;
    if (rows.has(key)) return;
    rows.set(key, row);
    if (row === undefined) this.absent.get(table)!.add(key);
  }

  get<T extends StateTable>(table: T, key: readonly (string | number)[]): RowOf<T> | undefined {
    const rows = this.rows.get(table)!;
    const id = keyId(key);
    if (!rows.has(id)) this.seedFromCache(table, id);
    return rows.get(id) as RowOf<T> | undefined;
  }

  /** A row no touches() declared: the cache has it when it is complete (a backfill from an empty mirror). */
  private seedFromCache(table: StateTable, id: KeyId): void {
    if (!this.cache.complete) throw new Error(`the reducer used ${table} ${id} without declaring it in touches()`);
    this.seed(table, id, this.cache.get(table, id) ?? undefined);
  }

  require<T extends StateTable>(table: T, key: readonly (string | number)[]): RowOf<T> {
    const row = this.get(table, key);
    if (!row) {
      const at = this.current ? ` (block ${this.current.blockNumber}, log ${this.current.logIndex})` : "";
      throw new MirrorInconsistencyError(`an event${at} refers to ${describeRow(table, key)}, which the mirror does not hold`);
    }
    return row;
  }

  put<T extends StateTable>(table: T, row: RowOf<T>): void {
    const id = rowKeyId(table, row);
    const rows = this.rows.get(table)!;
    if (!rows.has(id)) this.seedFromCache(table, id);
    if (this.journal && this.current) {
      const marker = `${table}\u0001${id}\u0001${this.current.blockNumber}`;
      if (!this.journaled.has(marker)) {
        this.journaled.add(marker);
        const before = rows.get(id);
        this.undo.push({
          block_number: this.current.blockNumber, table_name: table, key: JSON.stringify(keyObject(table, keyOf(table, row as never))),
          row: before === undefined ? null : JSON.stringify(before),
        });
      }
    }
    rows.set(id, row);
    this.changed.get(table)!.add(id);
  }

  append<T extends HistoryTable>(table: T, row: RowOf<T>): void {
    let tuples = this.history.get(table);
    if (!tuples) this.history.set(table, (tuples = new CopyBuilder(table)));
    tuples.add(row);
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  /** The rows the batch changed: those the database lacks, and those it holds. */
  changedRows(table: StateTable): { created: object[]; updated: object[] } {
    const rows = this.rows.get(table)!;
    const absent = this.absent.get(table)!;
    const created: object[] = [];
    const updated: object[] = [];
    for (const id of this.changed.get(table)!) (absent.has(id) ? created : updated).push(rows.get(id)!);
    return { created, updated };
  }
}

/** Decodes a batch's logs in order, with each log's block time (from the log, or else its header). */
function decodeLogs(decoder: EventDecoder, logs: LogSet, headers: ReadonlyMap<number, BlockHeader>): MirrorLog[] {
  return Array.from({ length: logs.length }, (_, index) => decodeLog(decoder, logs, index, headers));
}

/** Log `index` of `logs`, decoded, with its block's time (from the log, or else its header). */
function decodeLog(decoder: EventDecoder, logs: LogSet, index: number, headers: ReadonlyMap<number, BlockHeader>): MirrorLog {
  return {
    blockNumber: logs.blockNumber[index],
    logIndex: logs.logIndex[index],
    transactionHash: logs.transactionHash(index),
    address: decoder.addressOf(logs, index),
    timestamp: blockTime(logs, index, headers),
    event: decoder.decodeLog(logs, index),
  };
}

function blockTime(logs: LogSet, index: number, headers: ReadonlyMap<number, BlockHeader>): number {
  const timestamp = logs.blockTimestamp[index];
  if (!Number.isNaN(timestamp)) return timestamp;
  const known = headers.get(logs.blockNumber[index])?.timestamp;
  if (known === undefined) throw new Error(`no timestamp for block ${logs.blockNumber[index]}`);
  return known;
}

/**
 * The state rows the listener has read or written, so the next batch's reducers run without
 * waiting for the database: the listener is the mirror's only writer (the checkpoint guard
 * makes sure), so its own writes are the database's state. Cleared on a failed write, a
 * rollback or a rebuild; emptied when it outgrows `limit`.
 */
export class StateCache {
  private readonly tables = new Map<StateTable, Map<KeyId, object | null>>();
  private size = 0;
  /**
   * The cache has seen every row since the mirror was empty: a row it lacks is a row the
   * database lacks (a backfill from scratch reads nothing back).
   */
  complete = false;

  constructor(private readonly limit = 250_000) {}

  /** The row, null when the database holds none, undefined when the cache does not know. */
  get(table: StateTable, id: KeyId): object | null | undefined {
    return this.tables.get(table)?.get(id);
  }

  set(table: StateTable, id: KeyId, row: object | null): void {
    let rows = this.tables.get(table);
    if (!rows) this.tables.set(table, (rows = new Map()));
    if (!rows.has(id)) this.size += 1;
    rows.set(id, row);
  }

  /** Past its limit: to be emptied (once no batch it holds rows of is still being written). */
  get full(): boolean {
    return this.size > this.limit;
  }

  clear(): void {
    this.tables.clear();
    this.size = 0;
    this.complete = false;
  }
}

/** Loads into the cache the rows it does not know yet. */
async function loadMissing(db: SqlExecutor, cache: StateCache, wanted: Map<StateTable, Map<KeyId, readonly (string | number)[]>>): Promise<void> {
  await Promise.all(
    [...wanted].map(async ([table, keys]) => {
      const missing = [...keys].filter(([id]) => cache.get(table, id) === undefined);
      if (missing.length === 0) return;
      const rows = await loadRows(db, table, missing.map(([, key]) => key));
      for (const row of rows) cache.set(table, rowKeyId(table, row as object), row as object);
      for (const [id] of missing) if (cache.get(table, id) === undefined) cache.set(table, id, null);
    }),
  );
}

/** A batch with its reducers run: only writing is left, so it can be prepared while the previous one commits. */
export interface PreparedBatch {
  fromBlock: number;
  toBlock: number;
  toHash: string;
  journal: boolean;
  events: number;
  warnings: string[];
  /**
   * What the batch appends, serialized: its raw logs (none in a rebuild: they are kept), blocks,
   * history rows, undo entries and the rows the database does not hold yet. Nothing another
   * batch in flight touches.
   */
  appends: ScriptStep[];
  /** The existing rows the batch changes: deleted and copied in again. */
  replacements: ScriptStep[];
}

/**
 * Several prepared batches of consecutive blocks as one write: each table's new rows in one COPY
 * (a COPY pays per statement as well as per row), the changed rows in the batches' order. Journalled
 * batches (near the head) are not merged.
 */
export function mergePrepared(batches: readonly PreparedBatch[]): PreparedBatch {
  if (batches.length === 1) return batches[0];
  const copies = new Map<string, { columns: readonly string[]; parts: Buffer[] }>();
  batches.forEach((batch, index) => {
    if (batch.journal) throw new Error("journalled batches are written one by one");
    if (index > 0 && batch.fromBlock !== batches[index - 1].toBlock + 1) throw new Error(`blocks ${batch.fromBlock}- do not follow ${batches[index - 1].toBlock}`);
    for (const step of batch.appends) {
      if ("sql" in step) throw new Error("an append is a COPY");
      const copy = copies.get(step.copy);
      if (copy) copy.parts.push(step.tuples);
      else copies.set(step.copy, { columns: step.columns, parts: [step.tuples] });
    }
  });
  const last = batches[batches.length - 1];
  return {
    fromBlock: batches[0].fromBlock,
    toBlock: last.toBlock,
    toHash: last.toHash,
    journal: false,
    events: batches.reduce((total, batch) => total + batch.events, 0),
    warnings: batches.flatMap((batch) => batch.warnings),
    appends: [...copies].map(([table, { columns, parts }]) => ({ copy: table, columns, tuples: parts.length === 1 ? parts[0] : Buffer.concat(parts) })),
    replacements: batches.flatMap((batch) => batch.replacements),
  };
}

/**
 * Decodes a batch and runs its reducers over the rows they touch, taken from `cache`. The rows
 * the cache lacks are read through `read` first: no uncommitted batch wrote them (its rows are in
 * the cache), so they may be read while an earlier batch commits. The cache holds the batch's
 * results afterwards: clear it if the write fails.
 */
export async function prepareBatch(
  decoder: EventDecoder, batch: Batch, cache: StateCache, read: () => Promise<SqlExecutor>, options: { raw?: boolean } = {},
): Promise<PreparedBatch> {
  const headers = new Map(batch.headers.map((header) => [header.number, header]));
  return prepareLogs(decoder, batch.logs, batch, headers, cache, read, options.raw ?? true);
}

async function prepareLogs(
  decoder: EventDecoder, logs: LogSet, batch: Pick<Batch, "fromBlock" | "toBlock" | "toHash" | "journal">,
  headers: ReadonlyMap<number, BlockHeader>, cache: StateCache, read: () => Promise<SqlExecutor>, raw: boolean,
): Promise<PreparedBatch> {
  for (let index = 0; index < logs.length; index++) {
    const blockNumber = logs.blockNumber[index];
    if (blockNumber < batch.fromBlock || blockNumber > batch.toBlock) {
      throw new MirrorInconsistencyError(`the node returned a log of block ${blockNumber} for blocks ${batch.fromBlock}-${batch.toBlock}`);
    }
  }
  const warnings: string[] = [];
  const store = new Store(batch.journal, warnings, cache, decoder.addresses, decoder.earlier);
  // A complete cache holds every row there is: the reducers take rows from it as they go, each log
  // decoded just before its reducer runs (nothing of it outlives the step). Otherwise the rows they
  // will touch are declared first, and those the cache lacks read in one query a table.
  let decoded: MirrorLog[] | undefined;
  if (!cache.complete) {
    decoded = decodeLogs(decoder, logs, headers);
    const wanted = new Map<StateTable, Map<KeyId, readonly (string | number)[]>>();
    let unknown = false;
    for (const log of decoded) {
      const handler = (HANDLERS[log.event.contract] as Record<string, { touches(args: unknown, log: MirrorLog): EntityRef[] }>)[log.event.name];
      for (const ref of handler.touches(log.event.args, log)) {
        let keys = wanted.get(ref.table);
        if (!keys) wanted.set(ref.table, (keys = new Map()));
        const id = keyId(ref.key);
        keys.set(id, ref.key);
        if (cache.get(ref.table, id) === undefined) unknown = true;
      }
    }
    if (unknown) await loadMissing(await read(), cache, wanted);
    for (const [table, keys] of wanted) for (const id of keys.keys()) store.seed(table, id, cache.get(table, id) ?? undefined);
  }
  for (let index = 0; index < logs.length; index++) {
    const log = decoded ? decoded[index] : decodeLog(decoder, logs, index, headers);
    store.current = log;
    const handler = (HANDLERS[log.event.contract] as Record<string, { apply(args: unknown, log: MirrorLog, store: BatchStore): void }>)[log.event.name];
    handler.apply(log.event.args, log, store);
  }
  store.current = undefined;

  const appends: ScriptStep[] = [];
  const replacements: ScriptStep[] = [];
  if (raw && logs.length > 0) appends.push({ copy: "raw_logs", columns: RAW_LOG_COLUMNS, tuples: logs.tuples() });
  if (raw) {
    const blocks = new Map<number, RowOf<"blocks">>();
    for (let index = 0; index < logs.length; index++) {
      const number = logs.blockNumber[index];
      if (!blocks.has(number)) blocks.set(number, { number, hash: logs.blockHash(index), parent_hash: null, timestamp: blockTime(logs, index, headers) });
    }
    for (const header of headers.values()) {
      if (header.number >= batch.fromBlock && header.number <= batch.toBlock) {
        blocks.set(header.number, { number: header.number, hash: header.hash, parent_hash: header.parentHash, timestamp: header.timestamp });
      }
    }
    if (blocks.size > 0) appends.push(copyRows("blocks", [...blocks.values()]));
  }
  for (const table of HISTORY_TABLES) {
    const tuples = store.history.get(table);
    if (tuples) appends.push(tuples.finish());
  }
  if (store.undo.length > 0) appends.push(copyRows("mirror_undo", store.undo as never[]));
  for (const table of STATE_TABLES) {
    const { created, updated } = store.changedRows(table);
    if (created.length > 0) appends.push(copyRows(table, created as never[]));
    if (updated.length > 0) replacements.push(...replaceRowsSteps(table, updated as never[]));
    for (const row of created) cache.set(table, rowKeyId(table, row), row);
    for (const row of updated) cache.set(table, rowKeyId(table, row), row);
  }
  return {
    fromBlock: batch.fromBlock, toBlock: batch.toBlock, toHash: batch.toHash, journal: batch.journal, events: logs.length, warnings,
    appends, replacements,
  };
}

/**
 * How a batch's write is ordered after the batch before it, when both are in flight on two
 * connections: the appends of both run at once, but this batch's checkpoint guard is sent only
 * once the previous batch's has run, so it finds the checkpoint row locked by that batch (or
 * already moved by its commit) and waits for it; this batch's changes to existing rows come after.
 */
export interface WriteOrder {
  /** Settles once the previous batch's guard has run (and its commit, if it committed with it); rejects if that batch failed first. */
  after?: Promise<void>;
  /** Called once this batch's guard and changes (and its commit, with `commit`) have run. */
  onGuard?: () => void;
  /** The write is the last of its transaction: commit with it (see ScriptOptions). */
  commit?: boolean;
}

/** The batch before failed: this one, written after it, must not commit. */
export class PreviousBatchFailedError extends Error {
  override readonly name = "PreviousBatchFailedError";
}

/** SQLSTATE of advance_checkpoint's refusal (see migration 0003). */
const CHECKPOINT_MOVED = "DR001";

/**
 * Writes a prepared batch in the caller's transaction: its raw logs, blocks, domain rows, undo
 * entries and the new checkpoint commit together or not at all, so a batch is applied exactly
 * once whatever happens. The checkpoint must still be `fromBlock - 1` when the guard runs, which
 * also stops a second listener writing the same mirror. Two scripts: the appends, then the guard
 * with the changes to existing rows.
 */
export async function writeBatch(tx: SqlExecutor, prepared: PreparedBatch, order: WriteOrder = {}): Promise<void> {
  // The appends go out at once; the guard waits for the batch before.
  const appended = tx.script(prepared.appends);
  appended.catch(() => undefined);
  try {
    if (order.after) await order.after.catch((error: unknown) => {
      throw new PreviousBatchFailedError(`blocks ${prepared.fromBlock}-${prepared.toBlock} were not written: the batch before them failed (${(error as Error).message})`);
    });
    await appended;
    await tx.script([{ sql: advanceCheckpoint(prepared) }, ...prepared.replacements], { commit: order.commit });
  } catch (error) {
    // A failed append aborts the transaction, and all after it: the append's error tells more.
    await appended;
    if ((error as { code?: string }).code === CHECKPOINT_MOVED) throw new MirrorInconsistencyError((error as Error).message);
    throw error;
  }
  order.onGuard?.();
}

/** The guard and the new checkpoint, as one statement (scripts carry no parameters: the values are inlined). */
function advanceCheckpoint(prepared: Pick<PreparedBatch, "fromBlock" | "toBlock" | "toHash" | "journal">): string {
  if (!/^0x[0-9a-f]{64}$/.test(prepared.toHash)) throw new Error(`block hash ${prepared.toHash} is not a 32-byte hex string`);
  for (const block of [prepared.fromBlock, prepared.toBlock]) if (!Number.isSafeInteger(block)) throw new Error(`block number ${block} is not an integer`);
  return `select advance_checkpoint(${prepared.fromBlock - 1}, ${prepared.toBlock}, '${prepared.toHash}', ${prepared.journal})`;
}

/** A prepared batch's rows, without the checkpoint. */
async function writeRows(tx: SqlExecutor, prepared: PreparedBatch): Promise<void> {
  await tx.script([...prepared.appends, ...prepared.replacements]);
}

export interface ApplyResult {
  events: number;
  warnings: string[];
}

/** Prepares and writes one batch in `tx`, reading the rows it touches from `tx`. */
export async function applyBatch(tx: SqlExecutor, decoder: EventDecoder, batch: Batch): Promise<ApplyResult> {
  const prepared = await prepareBatch(decoder, batch, new StateCache(), async () => tx);
  await writeBatch(tx, prepared);
  return { events: prepared.events, warnings: prepared.warnings };
}

/**
 * Cuts a batch at block boundaries into batches of about `maxLogs` logs (as even as the blocks
 * allow: no small remainder pays a commit of its own), so one can be written while the next is
 * prepared. Each ends at a block with logs (its hash from them), the last at the batch's end.
 */
export function splitBatch(batch: Batch, maxLogs: number): Batch[] {
  const logs = batch.logs;
  const count = Math.round(logs.length / maxLogs);
  if (count <= 1) return [batch];
  const size = Math.ceil(logs.length / count);
  const parts: Batch[] = [];
  let from = batch.fromBlock;
  let start = 0;
  while (logs.length - start > size) {
    let end = start + size;
    const to = logs.blockNumber[end - 1];
    while (end < logs.length && logs.blockNumber[end] === to) end += 1;
    if (end >= logs.length) break;
    parts.push({
      fromBlock: from, toBlock: to, fromParentHash: parts.at(-1)?.toHash ?? batch.fromParentHash, toHash: logs.blockHash(end - 1), logs: logs.slice(start, end),
      headers: batch.headers.filter((header) => header.number >= from && header.number <= to), journal: batch.journal,
    });
    from = to + 1;
    start = end;
  }
  parts.push({
    fromBlock: from, toBlock: batch.toBlock, fromParentHash: parts.at(-1)?.toHash ?? batch.fromParentHash, toHash: batch.toHash, logs: logs.slice(start, logs.length),
    headers: batch.headers.filter((header) => header.number >= from), journal: batch.journal,
  });
  return parts;
}

/** The mirror's identity and progress (the single row of mirror_state). */
/** The key of mirror_state.contracts that lists the addresses of earlier epochs, oldest first. */
export const EARLIER_EPOCHS = "earlier";

/** Which contracts a mirror follows: contract name → address (lower case), and the earlier epochs' under EARLIER_EPOCHS. */
export type MirroredAddresses = Record<string, string | Record<string, string>[]>;

/** The earlier epochs' addresses recorded in a mirror's state, oldest first. */
export function earlierEpochsOf(contracts: MirroredAddresses): Record<string, string>[] {
  const earlier = contracts[EARLIER_EPOCHS];
  return Array.isArray(earlier) ? earlier : [];
}

export interface MirrorState {
  chainId: number;
  contracts: MirroredAddresses;
  startBlock: number;
  checkpointBlock: number;
  checkpointHash: string | null;
  journalFromBlock: number;
}

export async function readMirrorState(db: SqlExecutor): Promise<MirrorState | undefined> {
  const [row] = await db.query<RowOf<"mirror_state">>("select * from mirror_state where id = 1");
  if (!row) return undefined;
  return {
    chainId: row.chain_id,
    contracts: row.contracts as MirroredAddresses,
    startBlock: row.start_block,
    checkpointBlock: row.checkpoint_block,
    checkpointHash: row.checkpoint_hash,
    journalFromBlock: row.journal_from_block,
  };
}

/** Records which deployment this database mirrors, before the first batch. */
export async function initMirrorState(db: SqlExecutor, chainId: number, contracts: MirroredAddresses, startBlock: number): Promise<void> {
  await db.query(
    `insert into mirror_state (id, chain_id, contracts, start_block, checkpoint_block, checkpoint_hash, journal_from_block)
     values (1, $1::int8, $2::jsonb, $3::int8, $4::int8, null, $3::int8) on conflict (id) do nothing`,
    [chainId, JSON.stringify(contracts), startBlock, startBlock - 1],
  );
}

/**
 * Rolls the mirror back to block `ancestor` (whose hash is `ancestorHash`) in one transaction:
 * state rows from the undo journal, history and raw material past the ancestor deleted.
 * Returns false, changing nothing, when the journal does not reach back that far.
 */
export async function rollBack(tx: SqlExecutor, ancestor: number, ancestorHash: string | null): Promise<boolean> {
  const state = await readMirrorState(tx);
  if (!state) throw new MirrorInconsistencyError("the mirror has no state to roll back");
  if (state.journalFromBlock > ancestor + 1) return false;
  for (const table of STATE_TABLES) await restoreFromUndo(tx, table, ancestor);
  await tx.query("delete from mirror_undo where block_number > $1", [ancestor]);
  for (const table of HISTORY_TABLES) await tx.query(`delete from ${table} where block_number > $1`, [ancestor]);
  await tx.query("delete from raw_logs where block_number > $1", [ancestor]);
  await tx.query("delete from blocks where number > $1", [ancestor]);
  await tx.query("update mirror_state set checkpoint_block = $1::int8, checkpoint_hash = $2::text, updated_at = now() where id = 1", [ancestor, ancestorHash]);
  return true;
}

/**
 * Rebuilds every domain row from the raw logs the mirror keeps, up to block `ancestor`: the way
 * back from a reorg deeper than the undo journal, and what the 30-year retention of raw logs
 * is for. One transaction; nothing is read from the node.
 */
export async function rebuildFromRawLogs(
  tx: SqlExecutor, decoder: EventDecoder, ancestor: number, ancestorHash: string | null, chunk = 5_000,
): Promise<{ events: number; warnings: string[] }> {
  for (const table of [...STATE_TABLES, ...HISTORY_TABLES, "mirror_undo" as const]) await tx.query(`delete from ${table}`);
  await tx.query("delete from raw_logs where block_number > $1", [ancestor]);
  await tx.query("delete from blocks where number > $1", [ancestor]);
  const warnings: string[] = [];
  const cache = new StateCache();
  // Every state row was just deleted: what the cache lacks, the database lacks too.
  cache.complete = true;
  let events = 0;
  let after: [number, number] = [-1, -1];
  for (;;) {
    const rows = await tx.query<RowOf<"raw_logs"> & { timestamp: number }>(
      `select r.*, b.timestamp from raw_logs r join blocks b on b.number = r.block_number
       where (r.block_number, r.log_index) > ($1::int8, $2::int4) order by r.block_number, r.log_index limit $3::int4`,
      [after[0], after[1], chunk],
    );
    if (rows.length === 0) break;
    const encoded = encodeLogs(rows.map((row) => ({
      blockNumber: row.block_number, logIndex: row.log_index, transactionIndex: row.transaction_index, blockHash: row.block_hash,
      transactionHash: row.transaction_hash, address: row.address, data: row.data, blockTimestamp: row.timestamp,
      topics: [row.topic0, row.topic1, row.topic2, row.topic3].filter((topic): topic is Uint8Array => topic !== null),
    })));
    const last = rows[rows.length - 1];
    const lastHash = `0x${Buffer.from(last.block_hash).toString("hex")}`;
    const prepared = await prepareLogs(decoder, encoded, { fromBlock: 0, toBlock: last.block_number, toHash: lastHash, journal: false }, new Map(), cache, async () => tx, false);
    warnings.push(...prepared.warnings);
    await writeRows(tx, prepared);
    events += encoded.length;
    after = [last.block_number, last.log_index];
  }
  await tx.query(
    "update mirror_state set checkpoint_block = $1::int8, checkpoint_hash = $2::text, journal_from_block = $1::int8 + 1, updated_at = now() where id = 1",
    [ancestor, ancestorHash],
  );
  return { events, warnings };
}
