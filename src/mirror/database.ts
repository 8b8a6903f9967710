import { mkdirSync, statSync } from "node:fs";
import { resolve } from "node:path";
import { PGlite, types as pgliteTypes } from "@electric-sql/pglite";
import { Kysely, PostgresAdapter, PostgresDialect, PostgresIntrospector, PostgresQueryCompiler } from "kysely";
import type { CompiledQuery, DatabaseConnection, Dialect, Driver, QueryResult } from "kysely";
import { Pool } from "pg";
import type { PoolClient } from "pg";
import { lockSync } from "proper-lockfile";
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from "../listener/logs";
import { migrate } from "./migrations";
import { copyStatement, runScript } from "./script";
import type { ScriptStep } from "./script";
import type { MirrorSchema } from "./schema";

/** Runs one SQL statement with positional parameters ($1, $2, ...). */
export interface SqlExecutor {
  query<Row = Record<string, unknown>>(text: string, params?: readonly unknown[]): Promise<Row[]>;
  /**
   * Runs `steps` in order: SQL without parameters and rows as binary COPY tuples, the fastest
   * way in for rows: a COPY from a blob on the embedded database, a `COPY ... FROM STDIN` through
   * pg-copy-streams on a server (see script.ts). Fails with the first statement that fails, and
   * runs none after it.
   */
  script(steps: readonly ScriptStep[], options?: ScriptOptions): Promise<void>;
}

export interface ScriptOptions {
  /**
   * The script ends the caller's transaction: it commits right after it (a server), or when the
   * transaction's work returns (the embedded database). No statement may follow it.
   */
  commit?: boolean;
}

/**
 * The mirror's database: the embedded PGlite (a data directory under the project, or memory)
 * or a PostgreSQL server. Both speak the same dialect and go through the same code: `query`
 * and `transaction` for the listener's writes, `db` (Kysely) for the API's reads.
 */
export interface MirrorDatabase extends SqlExecutor {
  readonly kind: "embedded" | "server";
  /** Where the data lives, for messages: a directory, or the server URL without its password. */
  readonly description: string;
  readonly schema: string;
  readonly db: Kysely<MirrorSchema>;
  /**
   * Aborts (its reason a LockLostError) when the embedded database's directory lock is lost: the
   * process was stalled past the lock's stale threshold and another process took the directory.
   * From then on every write is refused; the owner (the listener, `serve`, `npm start`) stops and
   * exits non-zero. Never aborts on a server or in memory.
   */
  readonly lockLost: AbortSignal;
  /** Runs `work` in one transaction: all its statements commit together or none does. */
  transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

export interface DatabaseConfig {
  /** A PostgreSQL server (`postgres://user@host:port/db`); the embedded database when unset. */
  url?: string;
  /** The embedded database's data directory; in memory when unset. */
  directory?: string;
  /** PostgreSQL schema holding the mirror's tables (server only; the embedded database uses its own). */
  schema?: string;
  /** How long the embedded directory's lock may go unrefreshed before another process may take it (ms; 20,000). */
  lockStaleMs?: number;
  /** How often the lock is refreshed (ms; 2,000): the process may stall for the difference without losing it. */
  lockUpdateMs?: number;
}

/** The embedded database's directory lock was lost: not worth retrying in this process. */
export class LockLostError extends Error {
  override readonly name = "LockLostError";
}

/** The database is unreachable or went away: worth retrying. */
export class DatabaseUnavailableError extends Error {
  override readonly name = "DatabaseUnavailableError";
}

// Connection-level failures (PostgreSQL SQLSTATE classes 08 and 57P) and socket errors.
const RETRYABLE_CODES = new Set(["ECONNREFUSED", "ECONNRESET", "EPIPE", "ETIMEDOUT", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "57P01", "57P02", "57P03", "53300"]);

/** True when `error` means the server is unreachable or restarting rather than that a statement is wrong. */
export function isConnectionError(error: unknown): boolean {
  if (error instanceof DatabaseUnavailableError) return true;
  const { code, message } = (error ?? {}) as { code?: unknown; message?: unknown };
  if (typeof code === "string" && (RETRYABLE_CODES.has(code) || code.startsWith("08"))) return true;
  return typeof message === "string" && /Connection terminated|connection.*(closed|ended)|timeout exceeded when trying to connect|Client has encountered a connection error/i.test(message);
}

/** The URL with its password masked, for messages and logs. */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = "***";
    return parsed.toString();
  } catch {
    return "(an invalid DATABASE_URL)";
  }
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);
/** int8 to number: every int8 of the mirror is an id, block number or uint40 time; refuse a silent rounding. */
function parseInt8(text: string): number {
  const value = Number(text);
  if (!Number.isSafeInteger(value) && BigInt(text) > MAX_SAFE) throw new Error(`int8 value ${text} exceeds 2^53`);
  return value;
}

export const DEFAULT_SCHEMA = "datarights";

/** Opens (and migrates) the mirror's database. Throws DatabaseUnavailableError when a server cannot be reached. */
export async function openMirrorDatabase(config: DatabaseConfig): Promise<MirrorDatabase> {
  const database = config.url ? await openServer(config.url, config.schema ?? DEFAULT_SCHEMA) : await openEmbedded(config.directory, config.lockStaleMs, config.lockUpdateMs);
  try {
    await migrate(database);
  } catch (error) {
    await database.close();
    if (isConnectionError(error)) throw new DatabaseUnavailableError(`the database at ${database.description} went away: ${(error as Error).message}`);
    throw error;
  }
  return database;
}

async function openServer(url: string, schema: string): Promise<MirrorDatabase> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid DATABASE_SCHEMA "${schema}": use lower-case letters, digits and _`);
  const description = `${redactUrl(url)} (schema ${schema})`;
  const pool = new Pool({
    connectionString: url,
    max: 4,
    connectionTimeoutMillis: 5_000,
    // Every statement of the mirror is unqualified: the schema comes first on the search path.
    options: `-c search_path=${schema}`,
    types: { getTypeParser: ((oid: number, format?: string) => (oid === 20 ? parseInt8 : defaultParser(oid, format))) as never },
  });
  // A client losing its server must not crash the process: the query in flight fails (and is
  // retried by the listener), and the next one reconnects.
  pool.on("error", () => undefined);
  pool.on("connect", (client) => client.on("error", () => undefined));
  try {
    await pool.query(`create schema if not exists ${schema}`);
  } catch (error) {
    await pool.end().catch(() => undefined);
    if (isConnectionError(error)) throw new DatabaseUnavailableError(`cannot reach the database at ${redactUrl(url)}: ${oneLine(error)}`);
    throw new Error(`the database at ${redactUrl(url)} refused to open the mirror: ${oneLine(error)}`);
  }
  const db = new Kysely<MirrorSchema>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: "server",
    description,
    schema,
    db,
    lockLost: new AbortController().signal,
    async query<Row>(text: string, params: readonly unknown[] = []) {
      return (await pool.query(text, params as unknown[])).rows as Row[];
    },
    async script(steps: readonly ScriptStep[]) {
      // A script is several statements: in a transaction of its own, so it applies whole or not at all.
      const client = await pool.connect();
      let broken = false;
      try {
        await runScript(client, [{ sql: "begin" }, ...steps, { sql: "commit" }]);
      } catch (error) {
        broken = isConnectionError(error);
        if (!broken) await client.query("rollback").catch(() => undefined);
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      let client: PoolClient;
      try {
        client = await pool.connect();
      } catch (error) {
        throw new DatabaseUnavailableError(`cannot reach the database at ${redactUrl(url)}: ${oneLine(error)}`);
      }
      let broken = false;
      try {
        // A connection runs one statement at a time: queue them, so callers may still send several at once.
        let tail: Promise<unknown> = Promise.resolve();
        const queued = <T>(run: () => Promise<T>): Promise<T> => {
          const result = tail.then(run);
          tail = result.catch(() => undefined);
          return result;
        };
        // BEGIN travels with the first script, and COMMIT with the last if it says so.
        let begun = false;
        let committed = false;
        const begin = async () => {
          if (!begun) await client.query("begin");
          begun = true;
        };
        const result = await work({
          query: <Row>(text: string, params: readonly unknown[] = []) =>
            queued(async () => {
              await begin();
              return (await client.query(text, params as unknown[])).rows as Row[];
            }),
          script: (steps, options = {}) =>
            queued(async () => {
              if (committed) throw new Error("the transaction has committed: no statement may follow");
              const all = [...(begun ? [] : [{ sql: "begin" }]), ...steps, ...(options.commit ? [{ sql: "commit" }] : [])];
              begun = true;
              committed = options.commit ?? false;
              await runScript(client, all);
            }),
        });
        await tail;
        if (begun && !committed) await client.query("commit");
        return result;
      } catch (error) {
        broken = isConnectionError(error);
        if (!broken) await client.query("rollback").catch(() => undefined);
        throw error;
      } finally {
        client.release(broken);
      }
    },
    async close() {
      await db.destroy();
    },
  };
}

function defaultParser(oid: number, format?: string): (value: string) => unknown {
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const { types } = require("pg") as typeof import("pg");
  return types.getTypeParser(oid, (format ?? "text") as "text");
}

export const DEFAULT_LOCK_STALE_MS = 20_000;
export const DEFAULT_LOCK_UPDATE_MS = 2_000;

async function openEmbedded(directory: string | undefined, lockStaleMs = DEFAULT_LOCK_STALE_MS, lockUpdateMs = DEFAULT_LOCK_UPDATE_MS): Promise<MirrorDatabase> {
  let releaseLock: (() => void) | undefined;
  let description = "memory (embedded)";
  // Aborted when the lock could not be refreshed in time and someone else took the directory (the
  // process was stalled past the stale threshold): nothing more is written.
  const lost = new AbortController();
  if (directory !== undefined) {
    const path = resolve(directory);
    description = `${path} (embedded)`;
    mkdirSync(path, { recursive: true });
    releaseLock = await lockDirectory(path, lockStaleMs, lockUpdateMs, (error) => {
      if (lost.signal.aborted) return;
      lost.abort(new LockLostError(
        `the embedded database's lock on ${path} was lost (${error.message}; the process stalled for more than ${lockStaleMs / 1000} s ` +
          "and another process may have opened the directory): writes stopped",
      ));
    });
  }
  const checkLock = (): void => {
    if (lost.signal.aborted) throw lost.signal.reason as Error;
  };
  const pglite = new PGlite({
    dataDir: directory === undefined ? undefined : resolve(directory),
    parsers: { [pgliteTypes.INT8]: parseInt8 },
  });
  try {
    await pglite.waitReady;
  } catch (error) {
    releaseLock?.();
    throw new Error(`cannot open the embedded database at ${description}: ${oneLine(error)}`);
  }
  const db = new Kysely<MirrorSchema>({ dialect: new PGliteDialect(pglite) });
  return {
    kind: "embedded",
    description,
    schema: "public",
    db,
    lockLost: lost.signal,
    async query<Row>(text: string, params: readonly unknown[] = []) {
      checkLock();
      return (await pglite.query<Row>(text, params as unknown[])).rows;
    },
    async script(steps: readonly ScriptStep[]) {
      checkLock();
      // In a transaction of its own, as on a server: whole or not at all.
      await pglite.transaction((tx) => runEmbedded(tx, steps));
    },
    async transaction<T>(work: (tx: SqlExecutor) => Promise<T>): Promise<T> {
      checkLock();
      return pglite.transaction(async (tx) => {
        const result = await work({
          query: async <Row>(text: string, params: readonly unknown[] = []) => (await tx.query<Row>(text, params as unknown[])).rows,
          script: (steps) => runEmbedded(tx, steps),
        });
        // Lost while the work ran: roll back rather than commit into a directory another process may own.
        checkLock();
        return result;
      });
    },
    async close() {
      await db.destroy();
      // With the lock lost, PGlite is not shut down: its shutdown checkpoint would write into a
      // directory another process may own. What it committed is in the write-ahead log, as after
      // a crash; the lock itself is already released.
      if (lost.signal.aborted) return;
      if (!pglite.closed) await pglite.close();
      releaseLock?.();
    },
  };
}

/**
 * The embedded database runs inside one process; a second process opening the same directory
 * would corrupt it. The lock is refreshed every `update` ms while the process lives and goes
 * stale `stale` ms after it dies (even by SIGKILL), so a restart waits briefly instead of
 * failing. A process stalled past `stale` keeps its lock if nobody took it meanwhile
 * (proper-lockfile checks the lock's mtime is still its own); if someone did, `onLost` is told.
 */
async function lockDirectory(path: string, stale: number, update: number, onLost: (error: Error) => void): Promise<() => void> {
  const deadline = Date.now() + stale + 2_000;
  // The lock's mtime when first found held: if it moves, its owner is alive and refreshing it.
  let seen: number | undefined;
  const mtime = (): number | undefined => {
    try {
      return statSync(`${path}.lock`).mtimeMs;
    } catch {
      return undefined;
    }
  };
  for (;;) {
    try {
      // proper-lockfile's default onCompromised throws from a timer, which would crash the process: hand it over instead.
      return lockSync(path, { stale, update: Math.min(update, stale / 2), realpath: false, onCompromised: onLost });
    } catch (error) {
      const held = (error as { code?: string }).code === "ELOCKED";
      const now = held ? mtime() : undefined;
      seen ??= now;
      // Waiting is for a lock left by a process that died (it goes stale); a live owner refreshes it: refuse at once.
      if (!held || Date.now() > deadline || (now !== undefined && seen !== undefined && now !== seen)) {
        throw new Error(
          `the embedded database at ${path} is in use by another process: run the listener and the API in one process ` +
            "(`datarights listen --serve`), or use a PostgreSQL server (DATABASE_URL)",
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }
}

/** A script on the embedded database: its statements one after another, each COPY reading a blob PGlite mounts at /dev/blob. */
async function runEmbedded(pglite: Pick<PGlite, "query" | "exec">, steps: readonly ScriptStep[]): Promise<void> {
  for (const step of steps) {
    if ("sql" in step) await pglite.exec(step.sql);
    else await pglite.query(copyStatement(step.copy, step.columns, "'/dev/blob'"), [], { blob: new Blob([BINARY_COPY_HEADER, step.tuples, BINARY_COPY_TRAILER]) });
  }
}

function oneLine(error: unknown): string {
  // A refused connection to "localhost" is an AggregateError (IPv6 and IPv4) with an empty message.
  const { message, code } = (error ?? {}) as { message?: string; code?: string };
  return (message || code || String(error)).split("\n")[0];
}

/**
 * Kysely over PGlite: one in-process connection, which PGlite itself serialises. The API only
 * reads through Kysely; the listener's transactions go through `MirrorDatabase.transaction`.
 */
class PGliteDialect implements Dialect {
  constructor(private readonly pglite: PGlite) {}
  createAdapter() {
    return new PostgresAdapter();
  }
  createDriver(): Driver {
    return new PGliteDriver(this.pglite);
  }
  createIntrospector(db: Kysely<unknown>) {
    return new PostgresIntrospector(db);
  }
  createQueryCompiler() {
    return new PostgresQueryCompiler();
  }
}

class PGliteDriver implements Driver {
  private readonly connection: DatabaseConnection;
  constructor(pglite: PGlite) {
    this.connection = {
      async executeQuery<Row>(query: CompiledQuery): Promise<QueryResult<Row>> {
        const result = await pglite.query<Row>(query.sql, query.parameters as unknown[]);
        return { rows: result.rows, numAffectedRows: result.affectedRows === undefined ? undefined : BigInt(result.affectedRows) };
      },
      streamQuery() {
        throw new Error("streaming queries are not supported on the embedded database");
      },
    };
  }
  async init(): Promise<void> {}
  async acquireConnection(): Promise<DatabaseConnection> {
    return this.connection;
  }
  async beginTransaction(): Promise<void> {
    throw new Error("use MirrorDatabase.transaction for transactions on the embedded database");
  }
  async commitTransaction(): Promise<void> {}
  async rollbackTransaction(): Promise<void> {}
  async releaseConnection(): Promise<void> {}
  async destroy(): Promise<void> {}
}

/**
 * A database whose transactions and scripts can be held: `hold(work)` waits for the writes in
 * flight to end, keeps new ones waiting while `work` runs, then lets them go. Writes still run
 * side by side (the listener's two writers on a server); a hold waits for all of them, and writes
 * started after a hold was asked for wait for it. The audit of a running mirror holds its
 * listener's writes, so it reads one state of the mirror, at one block.
 */
export interface GatedDatabase {
  /** The database to write through (the listener's). */
  readonly database: MirrorDatabase;
  hold<T>(work: () => Promise<T>): Promise<T>;
}

export function gateWrites(database: MirrorDatabase): GatedDatabase {
  let writing = 0;
  let drained: (() => void) | undefined;
  // Holds asked for and not yet over, one at a time; while there is any, new writes wait.
  let holds: Promise<void> = Promise.resolve();
  let pending = 0;
  let barrier: { promise: Promise<void>; open(): void } | undefined;

  async function enter(): Promise<void> {
    while (barrier) await barrier.promise;
    writing += 1;
  }
  function leave(): void {
    writing -= 1;
    if (writing === 0) drained?.();
  }
  const gated = <T>(run: () => Promise<T>): Promise<T> =>
    enter().then(async () => {
      try {
        return await run();
      } finally {
        leave();
      }
    });

  return {
    database: {
      ...database,
      query: (text, params) => database.query(text, params),
      script: (steps, options) => gated(() => database.script(steps, options)),
      transaction: (work) => gated(() => database.transaction(work)),
      close: () => database.close(),
    },
    hold<T>(work: () => Promise<T>): Promise<T> {
      // Closed at once: a write asked for after this call waits, even before the hold's turn.
      pending += 1;
      if (!barrier) {
        let open!: () => void;
        const promise = new Promise<void>((resolve) => (open = resolve));
        barrier = { promise, open };
      }
      const turn = holds.then(async () => {
        try {
          if (writing > 0) await new Promise<void>((resolve) => (drained = resolve));
          drained = undefined;
          return await work();
        } finally {
          pending -= 1;
          if (pending === 0) {
            const opened = barrier!;
            barrier = undefined;
            opened.open();
          }
        }
      });
      holds = turn.then(() => undefined, () => undefined);
      return turn;
    },
  };
}

/**
 * Drops mirror schemas from a server (tests and benches make one per run), then vacuums the
 * system catalogs: every table and index created and dropped leaves dead rows in pg_class,
 * pg_attribute, pg_type, pg_depend… which only VACUUM reclaims, and a server with autovacuum
 * off never does. Plain VACUUM takes no lock that ordinary statements or DDL wait on. Needs the
 * catalogs' owner (a superuser), as a test server's `postgres` is; otherwise only the drop is done.
 */
export async function dropSchemas(url: string, schemas: readonly string[]): Promise<void> {
  for (const schema of schemas) if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`invalid schema name "${schema}"`);
  const pool = new Pool({ connectionString: url, max: 1, connectionTimeoutMillis: 5_000 });
  pool.on("error", () => undefined);
  try {
    for (const schema of schemas) await pool.query(`drop schema if exists ${schema} cascade`);
    const [{ superuser }] = (await pool.query<{ superuser: boolean }>("select rolsuper as superuser from pg_roles where rolname = current_user")).rows;
    if (!superuser) return;
    const catalogs = (await pool.query<{ name: string }>(
      "select relname as name from pg_class where relnamespace = 'pg_catalog'::regnamespace and relkind = 'r' and not relisshared order by relname",
    )).rows.map((row) => `pg_catalog.${row.name}`);
    await pool.query(`vacuum ${catalogs.join(", ")}`);
  } finally {
    await pool.end();
  }
}
