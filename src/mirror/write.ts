import { escapeLiteral } from "pg";
import { BinaryTuples } from "./binary";
import type { SqlExecutor } from "./database";
import type { ScriptStep } from "./script";
import { TABLES } from "./schema";
import type { Column, RowOf, SqlType, TableName } from "./schema";

/**
 * Set-based writes for the listener, one statement per table and batch on PostgreSQL and PGlite
 * alike: new rows are serialized as binary COPY tuples (a COPY from a blob on PGlite, from STDIN
 * through pg-copy-streams on a server: see script.ts), changed rows are deleted by key and inserted again,
 * so a thousand rows are one or two statements either way.
 */

const quote = (identifier: string): string => `"${identifier}"`;

interface Statements {
  /** The statement deleting the rows with the keys of `rows` (inlined as literals). */
  deleteKeys: (rows: readonly object[]) => string;
  load: string;
  columns: string[];
  /** Writes one row as a binary tuple. */
  writeTuple: (tuples: BinaryTuples, row: object) => void;
}

const TUPLE_METHODS: Record<Exclude<SqlType, "timestamptz">, keyof BinaryTuples> = {
  int8: "int8", int4: "int4", int2: "int2", bool: "bool", text: "text", numeric: "numeric", "text[]": "textArray", jsonb: "jsonb",
  bytea: "bytes",
};

/**
 * A table's tuple writer, compiled from its column list: each column read by name at a call site
 * of its own, so V8 keeps every property load monomorphic (one generic loop reading
 * `row[column]` over every table was the slowest part of the bulk writes). The names come from
 * TABLES, checked to be plain identifiers.
 */
function compileTupleWriter(columns: readonly string[], types: readonly SqlType[]): (tuples: BinaryTuples, row: object) => void {
  const body = columns.map((name, index) => {
    const type = types[index];
    if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`column name ${name} is not a plain identifier`);
    if (type === "timestamptz") throw new Error(`column ${name}: timestamptz columns are filled by the database`);
    return `value = row.${name}; if (value === null || value === undefined) tuples.null(); else tuples.${TUPLE_METHODS[type]}(value);`;
  });
  return new Function("tuples", "row", `let value;\ntuples.tuple(${columns.length});\n${body.join("\n")}`) as (tuples: BinaryTuples, row: object) => void;
}

const statements = new Map<TableName, Statements>();

function statementsOf(table: TableName): Statements {
  let cached = statements.get(table);
  if (cached) return cached;
  const definition = TABLES[table];
  const types = definition.columns as Record<string, Column<unknown>>;
  const columns = Object.entries(types).filter(([, column]) => !column.generated).map(([name]) => name);
  const primaryKey = definition.primaryKey as readonly string[];
  const match = primaryKey.map((name) => `t.${quote(name)} = k.${quote(name)}`).join(" and ");
  const deleteKeys = (rows: readonly object[]) => {
    const arrays = primaryKey.map((name) => sqlArray((rows as readonly Record<string, unknown>[]).map((row) => row[name]), types[name].type));
    return `delete from ${table} t using unnest(${arrays.join(", ")}) as k(${primaryKey.map(quote).join(", ")}) where ${match}`;
  };
  const keyset = primaryKey.map((name) => `${quote(name)} ${types[name].type}`).join(", ");
  const load = `select t.* from ${table} t join json_to_recordset($1::json) as k(${keyset}) using (${primaryKey.map(quote).join(", ")})`;
  const columnTypes = columns.map((name) => types[name].type);
  cached = { deleteKeys, load, columns, writeTuple: compileTupleWriter(columns, columnTypes) };
  statements.set(table, cached);
  return cached;
}

/**
 * An array literal of key values, for statements that travel without parameters (a script's SQL
 * steps go as one simple query): integers checked to be integers, text escaped as pg escapes a literal.
 */
function sqlArray(values: readonly unknown[], type: SqlType): string {
  if (type === "int8" || type === "int4" || type === "int2") {
    for (const value of values) if (!Number.isSafeInteger(value)) throw new Error(`key value ${String(value)} is not an integer`);
    return `'{${values.join(",")}}'::${type}[]`;
  }
  if (type === "text") return `array[${values.map((value) => escapeLiteral(String(value))).join(",")}]::text[]`;
  throw new Error(`no key literal for a ${type} column`);
}

/** JSON of rows: uint256-sized values are already decimal strings, so nothing loses precision. */
function json(rows: readonly object[]): string {
  return JSON.stringify(rows);
}

/** The binary COPY of `rows` into `table`. */
export function copyRows<T extends TableName>(table: T, rows: readonly RowOf<T>[]): ScriptStep {
  const builder = new CopyBuilder(table, 1024 + rows.length * statementsOf(table).columns.length * 24);
  for (const row of rows) builder.add(row);
  return builder.finish();
}

/** A binary COPY into one table, built a row at a time. */
export class CopyBuilder<T extends TableName = TableName> {
  private readonly statements: Statements;
  private readonly tuples: BinaryTuples;

  constructor(
    private readonly table: T,
    capacity = 64 * 1024,
  ) {
    this.statements = statementsOf(table);
    this.tuples = new BinaryTuples(capacity);
  }

  add(row: RowOf<T>): void {
    this.statements.writeTuple(this.tuples, row);
  }

  finish(): ScriptStep {
    return { copy: this.table, columns: this.statements.columns, tuples: this.tuples.finish() };
  }
}

/**
 * Deletes the rows of `table` that `rows` replace, and copies `rows` in: the rows of each key
 * replaced (or added). Twice as fast as INSERT ... ON CONFLICT DO UPDATE from JSON, which parses
 * every value as text and updates through the conflict path.
 */
export function replaceRowsSteps<T extends TableName>(table: T, rows: readonly RowOf<T>[]): ScriptStep[] {
  const { deleteKeys } = statementsOf(table);
  return [{ sql: deleteKeys(rows) }, copyRows(table, rows)];
}

/**
 * Appends rows with binary COPY; a duplicate key is an error (a batch is applied exactly once).
 * COPY takes rows several times faster than INSERT, and these rows are new.
 */
export async function insertRows<T extends TableName>(tx: SqlExecutor, table: T, rows: readonly RowOf<T>[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.script([copyRows(table, rows)]);
}

/** Writes rows of a state table, replacing the current row of each key (or adding it). */
export async function replaceRows<T extends TableName>(tx: SqlExecutor, table: T, rows: readonly RowOf<T>[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.script(replaceRowsSteps(table, rows));
}

/** The current rows of `keys` (primary key values, in the table's key order); missing keys are left out. */
export async function loadRows<T extends TableName>(tx: SqlExecutor, table: T, keys: readonly (readonly (string | number)[])[]): Promise<RowOf<T>[]> {
  if (keys.length === 0) return [];
  const primaryKey = TABLES[table].primaryKey as readonly string[];
  const objects = keys.map((key) => Object.fromEntries(primaryKey.map((name, index) => [name, key[index]])));
  return tx.query<RowOf<T>>(statementsOf(table).load, [json(objects)]);
}

/** The primary key values of `row`, in key order. */
export function keyOf<T extends TableName>(table: T, row: RowOf<T>): (string | number)[] {
  const record = row as Record<string, string | number>;
  return (TABLES[table].primaryKey as readonly string[]).map((name) => record[name]);
}

export function keyObject(table: TableName, key: readonly (string | number)[]): Record<string, string | number> {
  return Object.fromEntries((TABLES[table].primaryKey as readonly string[]).map((name, index) => [name, key[index]]));
}

/**
 * Restores every row of `table` changed after block `ancestor` to what it was at `ancestor`:
 * for each key, the oldest undo entry past the ancestor holds that state (or NULL: the row
 * did not exist yet).
 */
export async function restoreFromUndo(tx: SqlExecutor, table: TableName, ancestor: number): Promise<void> {
  const primaryKey = TABLES[table].primaryKey as readonly string[];
  const match = primaryKey.map((name) => `t.${quote(name)} = k.${quote(name)}`).join(" and ");
  const first = `select distinct on (key::jsonb) key::jsonb as key, row::jsonb as row from mirror_undo
    where table_name = $1::text and block_number > $2::int8 order by key::jsonb, id`;
  await tx.query(
    `delete from ${table} t using (${first}) f, jsonb_populate_record(null::${table}, f.key) k where ${match}`,
    [table, ancestor],
  );
  await tx.query(
    `insert into ${table} select (jsonb_populate_record(null::${table}, f.row)).* from (${first}) f where f.row is not null`,
    [table, ancestor],
  );
}
