import type { SqlExecutor } from "../mirror/database";
import { HISTORY_TABLES, STATE_TABLES } from "../mirror/schema";
import type { HistoryTable, RowOf, StateTable, TableName } from "../mirror/schema";
import { insertRows, keyObject, keyOf, loadRows, restoreFromUndo, upsertRows } from "../mirror/write";
import type { EventDecoder } from "./decode";
import type { MirrorLog, RpcLog } from "./events";
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
  /** Hash of `toBlock`: the new checkpoint. */
  toHash: string;
  logs: RpcLog[];
  /** Headers read for this range (all of it near the head, its ends further back). */
  headers: BlockHeader[];
  /** Write undo entries, so a reorg past this batch rolls back without a rebuild. */
  journal: boolean;
}

/** The mirror and the chain disagree in a way no reorg explains: stop rather than guess. */
export class MirrorInconsistencyError extends Error {
  override readonly name = "MirrorInconsistencyError";
}

const keyString = (key: readonly (string | number)[]): string => key.join("\u0000");

interface UndoEntry {
  block_number: number;
  table_name: string;
  key: Record<string, string | number>;
  row: unknown;
}

/** The state rows of one batch: loaded first, changed by the reducers, written back at the end. */
class Store implements BatchStore {
  private readonly rows = new Map<StateTable, Map<string, object | undefined>>();
  private readonly changed = new Map<StateTable, Set<string>>();
  readonly history = new Map<HistoryTable, object[]>();
  readonly undo: UndoEntry[] = [];
  private readonly journaled = new Set<string>();
  /** The log being applied: its block decides which undo entry a change belongs to. */
  current: MirrorLog | undefined;

  constructor(
    private readonly journal: boolean,
    readonly warnings: string[],
  ) {
    for (const table of STATE_TABLES) {
      this.rows.set(table, new Map());
      this.changed.set(table, new Set());
    }
  }

  seed(table: StateTable, key: string, row: object | undefined): void {
    const rows = this.rows.get(table)!;
    if (!rows.has(key)) rows.set(key, row);
  }

  get<T extends StateTable>(table: T, key: readonly (string | number)[]): RowOf<T> | undefined {
    const rows = this.rows.get(table)!;
    const id = keyString(key);
    if (!rows.has(id)) throw new Error(`the reducer read ${table} ${id} without declaring it in touches()`);
    return rows.get(id) as RowOf<T> | undefined;
  }

  require<T extends StateTable>(table: T, key: readonly (string | number)[], what: string): RowOf<T> {
    const row = this.get(table, key);
    if (!row) {
      const at = this.current ? ` (block ${this.current.blockNumber}, log ${this.current.logIndex})` : "";
      throw new MirrorInconsistencyError(`an event${at} refers to ${what}, which the mirror does not hold`);
    }
    return row;
  }

  put<T extends StateTable>(table: T, row: RowOf<T>): void {
    const key = keyOf(table, row);
    const id = keyString(key);
    const rows = this.rows.get(table)!;
    if (this.journal && this.current) {
      const marker = `${table}\u0001${id}\u0001${this.current.blockNumber}`;
      if (!this.journaled.has(marker)) {
        this.journaled.add(marker);
        this.undo.push({ block_number: this.current.blockNumber, table_name: table, key: keyObject(table, key), row: rows.get(id) ?? null });
      }
    }
    rows.set(id, row);
    this.changed.get(table)!.add(id);
  }

  append<T extends HistoryTable>(table: T, row: RowOf<T>): void {
    let rows = this.history.get(table);
    if (!rows) this.history.set(table, (rows = []));
    rows.push(row);
  }

  warn(message: string): void {
    this.warnings.push(message);
  }

  changedRows(table: StateTable): object[] {
    const rows = this.rows.get(table)!;
    return [...this.changed.get(table)!].map((id) => rows.get(id)!);
  }
}

/** Parses and decodes a batch's logs in order, with each log's block time. */
export function decodeLogs(decoder: EventDecoder, logs: readonly RpcLog[], timestamps: ReadonlyMap<number, number>): MirrorLog[] {
  return logs.map((log) => {
    const blockNumber = parseInt(log.blockNumber, 16);
    const timestamp = log.blockTimestamp !== undefined ? parseInt(log.blockTimestamp, 16) : timestamps.get(blockNumber);
    if (timestamp === undefined) throw new Error(`no timestamp for block ${blockNumber}`);
    const address = log.address.toLowerCase();
    return {
      blockNumber,
      logIndex: parseInt(log.logIndex, 16),
      blockHash: log.blockHash,
      transactionHash: log.transactionHash,
      transactionIndex: parseInt(log.transactionIndex, 16),
      address,
      topics: log.topics,
      data: log.data,
      timestamp,
      event: decoder.decode(address, log.topics, log.data),
    };
  });
}

/**
 * The state rows the listener has read or written, so the next batch's reducers run without
 * waiting for the database: the listener is the mirror's only writer (the checkpoint guard
 * makes sure), so its own writes are the database's state. Cleared on a failed write, a
 * rollback or a rebuild; emptied when it outgrows `limit`.
 */
export class StateCache {
  private readonly tables = new Map<StateTable, Map<string, object | null>>();
  private size = 0;
  /**
   * The cache has seen every row since the mirror was empty: a row it lacks is a row the
   * database lacks (a backfill from scratch reads nothing back).
   */
  complete = false;

  constructor(private readonly limit = 250_000) {}

  /** The row, null when the database holds none, undefined when the cache does not know. */
  get(table: StateTable, id: string): object | null | undefined {
    return this.tables.get(table)?.get(id);
  }

  set(table: StateTable, id: string, row: object | null): void {
    let rows = this.tables.get(table);
    if (!rows) this.tables.set(table, (rows = new Map()));
    if (!rows.has(id)) this.size += 1;
    rows.set(id, row);
  }

  /** Called between batches: a cache past its limit starts again empty. */
  trim(): void {
    if (this.size > this.limit) this.clear();
  }

  clear(): void {
    this.tables.clear();
    this.size = 0;
    this.complete = false;
  }
}

/** Loads into the cache the rows it does not know yet. */
async function loadMissing(db: SqlExecutor, cache: StateCache, wanted: Map<StateTable, Map<string, readonly (string | number)[]>>): Promise<void> {
  await Promise.all(
    [...wanted].map(async ([table, keys]) => {
      const missing = [...keys].filter(([id]) => cache.get(table, id) === undefined);
      if (missing.length === 0) return;
      const rows = await loadRows(db, table, missing.map(([, key]) => key));
      for (const row of rows) cache.set(table, keyString(keyOf(table, row as never)), row);
      for (const [id] of missing) if (cache.get(table, id) === undefined) cache.set(table, id, null);
    }),
  );
}

function rawLogRow(log: MirrorLog): RowOf<"raw_logs"> {
  return {
    block_number: log.blockNumber,
    log_index: log.logIndex,
    block_hash: log.blockHash,
    transaction_hash: log.transactionHash,
    transaction_index: log.transactionIndex,
    address: log.address,
    topic0: log.topics[0] ?? null,
    topic1: log.topics[1] ?? null,
    topic2: log.topics[2] ?? null,
    topic3: log.topics[3] ?? null,
    data: log.data,
  };
}

/** A batch with its reducers run: only writing is left, so it can be prepared while the previous one commits. */
export interface PreparedBatch {
  fromBlock: number;
  toBlock: number;
  toHash: string;
  journal: boolean;
  events: number;
  warnings: string[];
  inserts: { table: TableName; rows: object[] }[];
  upserts: { table: StateTable; rows: object[] }[];
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
  const timestamps = new Map([...headers.values()].map((header) => [header.number, header.timestamp]));
  const logs = decodeLogs(decoder, batch.logs, timestamps);
  return prepareLogs(logs, batch, headers, cache, read, options.raw ?? true);
}

async function prepareLogs(
  logs: readonly MirrorLog[], batch: Omit<Batch, "logs" | "headers">, headers: ReadonlyMap<number, BlockHeader>, cache: StateCache,
  read: () => Promise<SqlExecutor>, raw: boolean,
): Promise<PreparedBatch> {
  const wanted = new Map<StateTable, Map<string, readonly (string | number)[]>>();
  let unknown = false;
  for (const log of logs) {
    if (log.blockNumber < batch.fromBlock || log.blockNumber > batch.toBlock) {
      throw new MirrorInconsistencyError(`the node returned a log of block ${log.blockNumber} for blocks ${batch.fromBlock}-${batch.toBlock}`);
    }
    const handler = (HANDLERS[log.event.contract] as Record<string, { touches(args: unknown, log: MirrorLog): EntityRef[] }>)[log.event.name];
    for (const ref of handler.touches(log.event.args, log)) {
      let keys = wanted.get(ref.table);
      if (!keys) wanted.set(ref.table, (keys = new Map()));
      const id = keyString(ref.key);
      keys.set(id, ref.key);
      if (cache.get(ref.table, id) === undefined) {
        if (cache.complete) cache.set(ref.table, id, null);
        else unknown = true;
      }
    }
  }
  if (unknown) await loadMissing(await read(), cache, wanted);
  const warnings: string[] = [];
  const store = new Store(batch.journal, warnings);
  for (const [table, keys] of wanted) for (const id of keys.keys()) store.seed(table, id, cache.get(table, id) ?? undefined);
  for (const log of logs) {
    store.current = log;
    const handler = (HANDLERS[log.event.contract] as Record<string, { apply(args: unknown, log: MirrorLog, store: BatchStore): void }>)[log.event.name];
    handler.apply(log.event.args, log, store);
  }
  store.current = undefined;

  const inserts: PreparedBatch["inserts"] = [];
  const upserts: PreparedBatch["upserts"] = [];
  if (raw) {
    const blocks = new Map<number, RowOf<"blocks">>();
    for (const log of logs) {
      if (!blocks.has(log.blockNumber)) blocks.set(log.blockNumber, { number: log.blockNumber, hash: log.blockHash, parent_hash: null, timestamp: log.timestamp });
    }
    for (const header of headers.values()) {
      if (header.number >= batch.fromBlock && header.number <= batch.toBlock) {
        blocks.set(header.number, { number: header.number, hash: header.hash, parent_hash: header.parentHash, timestamp: header.timestamp });
      }
    }
    inserts.push({ table: "raw_logs", rows: logs.map(rawLogRow) }, { table: "blocks", rows: [...blocks.values()] });
  }
  for (const table of HISTORY_TABLES) {
    const rows = store.history.get(table);
    if (rows) inserts.push({ table, rows });
  }
  if (store.undo.length > 0) inserts.push({ table: "mirror_undo", rows: store.undo });
  for (const table of STATE_TABLES) {
    const rows = store.changedRows(table);
    if (rows.length === 0) continue;
    upserts.push({ table, rows });
    for (const row of rows) cache.set(table, keyString(keyOf(table, row as never)), row);
  }
  return { fromBlock: batch.fromBlock, toBlock: batch.toBlock, toHash: batch.toHash, journal: batch.journal, events: logs.length, warnings, inserts, upserts };
}

/**
 * Writes a prepared batch in the caller's transaction: its raw logs, blocks, domain rows, undo
 * entries and the new checkpoint commit together or not at all, so a batch is applied exactly
 * once whatever happens. The checkpoint must still be `fromBlock - 1`, which also stops a second
 * listener writing the same mirror.
 */
export async function writeBatch(tx: SqlExecutor, prepared: PreparedBatch): Promise<void> {
  await writeRows(tx, prepared);
  const updated = await tx.query(
    `update mirror_state set checkpoint_block = $1::int8, checkpoint_hash = $2::text, updated_at = now(),
       journal_from_block = case when $4::bool then journal_from_block else $1::int8 + 1 end
     where id = 1 and checkpoint_block = $3::int8 returning checkpoint_block`,
    [prepared.toBlock, prepared.toHash, prepared.fromBlock - 1, prepared.journal],
  );
  if (updated.length !== 1) {
    throw new MirrorInconsistencyError(`the mirror's checkpoint moved while blocks ${prepared.fromBlock}-${prepared.toBlock} were applied: is another listener writing it?`);
  }
}

/** A prepared batch's rows, without the checkpoint. */
function writeRows(tx: SqlExecutor, prepared: PreparedBatch): Promise<unknown> {
  // One connection runs one statement at a time; sending them together saves the round trips' waits.
  return Promise.all([
    ...prepared.inserts.map(({ table, rows }) => insertRows(tx, table, rows as never[])),
    ...prepared.upserts.map(({ table, rows }) => upsertRows(tx, table, rows as never[])),
  ]);
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
 * Cuts a batch at block boundaries into batches of about `maxLogs` logs, so one can be written
 * while the next is prepared. Each ends at a block with logs (its hash from them), the last at
 * the batch's end.
 */
export function splitBatch(batch: Batch, maxLogs: number): Batch[] {
  if (batch.logs.length <= maxLogs) return [batch];
  const parts: Batch[] = [];
  let from = batch.fromBlock;
  let start = 0;
  while (batch.logs.length - start > maxLogs) {
    let end = start + maxLogs;
    const block = batch.logs[end - 1].blockNumber;
    while (end < batch.logs.length && batch.logs[end].blockNumber === block) end += 1;
    if (end >= batch.logs.length) break;
    const to = parseInt(block, 16);
    parts.push({
      fromBlock: from, toBlock: to, toHash: batch.logs[end - 1].blockHash, logs: batch.logs.slice(start, end),
      headers: batch.headers.filter((header) => header.number >= from && header.number <= to), journal: batch.journal,
    });
    from = to + 1;
    start = end;
  }
  parts.push({
    fromBlock: from, toBlock: batch.toBlock, toHash: batch.toHash, logs: batch.logs.slice(start),
    headers: batch.headers.filter((header) => header.number >= from), journal: batch.journal,
  });
  return parts;
}

/** The mirror's identity and progress (the single row of mirror_state). */
export interface MirrorState {
  chainId: number;
  contracts: Record<string, string>;
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
    contracts: row.contracts as Record<string, string>,
    startBlock: row.start_block,
    checkpointBlock: row.checkpoint_block,
    checkpointHash: row.checkpoint_hash,
    journalFromBlock: row.journal_from_block,
  };
}

/** Records which deployment this database mirrors, before the first batch. */
export async function initMirrorState(db: SqlExecutor, chainId: number, contracts: Record<string, string>, startBlock: number): Promise<void> {
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
    const logs: MirrorLog[] = rows.map((row) => {
      const topics = [row.topic0, row.topic1, row.topic2, row.topic3].filter((topic): topic is string => topic !== null);
      return {
        blockNumber: row.block_number,
        logIndex: row.log_index,
        blockHash: row.block_hash,
        transactionHash: row.transaction_hash,
        transactionIndex: row.transaction_index,
        address: row.address,
        topics,
        data: row.data,
        timestamp: row.timestamp,
        event: decoder.decode(row.address, topics, row.data),
      };
    });
    const last = rows[rows.length - 1];
    const prepared = await prepareLogs(logs, { fromBlock: 0, toBlock: last.block_number, toHash: last.block_hash, journal: false }, new Map(), cache, async () => tx, false);
    warnings.push(...prepared.warnings);
    await writeRows(tx, prepared);
    events += logs.length;
    after = [last.block_number, last.log_index];
  }
  await tx.query(
    "update mirror_state set checkpoint_block = $1::int8, checkpoint_hash = $2::text, journal_from_block = $1::int8 + 1, updated_at = now() where id = 1",
    [ancestor, ancestorHash],
  );
  return { events, warnings };
}
