import type { SqlExecutor } from "./database";
import { TABLES } from "./schema";
import type { Column, RowOf, SqlType, TableName } from "./schema";

/**
 * Set-based writes for the listener, one statement per table and batch on PostgreSQL and PGlite
 * alike: appended rows go in with COPY (text format), state rows as one JSON parameter unpacked
 * server-side by json_to_recordset, so a thousand rows are one round trip either way.
 */

const quote = (identifier: string): string => `"${identifier}"`;

interface Statements {
  upsert: string;
  load: string;
  columns: string[];
  /** Each column's type, in `columns` order (COPY's text format depends on it). */
  types: SqlType[];
}

const statements = new Map<TableName, Statements>();

function statementsOf(table: TableName): Statements {
  let cached = statements.get(table);
  if (cached) return cached;
  const definition = TABLES[table];
  const types = definition.columns as Record<string, Column<unknown>>;
  const columns = Object.entries(types).filter(([, column]) => !column.generated).map(([name]) => name);
  const recordset = columns.map((name) => `${quote(name)} ${types[name].type}`).join(", ");
  const list = columns.map(quote).join(", ");
  const insert = `insert into ${table} (${list}) select ${list} from json_to_recordset($1::json) as x(${recordset})`;
  const primaryKey = definition.primaryKey as readonly string[];
  const updates = columns.filter((name) => !primaryKey.includes(name)).map((name) => `${quote(name)} = excluded.${quote(name)}`);
  const upsert = `${insert} on conflict (${primaryKey.map(quote).join(", ")}) do ${updates.length ? `update set ${updates.join(", ")}` : "nothing"}`;
  const keyset = primaryKey.map((name) => `${quote(name)} ${types[name].type}`).join(", ");
  const load = `select t.* from ${table} t join json_to_recordset($1::json) as k(${keyset}) using (${primaryKey.map(quote).join(", ")})`;
  cached = { upsert, load, columns, types: columns.map((name) => types[name].type) };
  statements.set(table, cached);
  return cached;
}

/** JSON of rows: uint256-sized values are already decimal strings, so nothing loses precision. */
function json(rows: readonly object[]): string {
  return JSON.stringify(rows);
}

/** A value in COPY's text format: backslash escapes, \N for NULL. */
function copyText(value: string): string {
  return /[\\\t\n\r]/.test(value) ? value.replace(/\\/g, "\\\\").replace(/\t/g, "\\t").replace(/\n/g, "\\n").replace(/\r/g, "\\r") : value;
}

function copyValue(value: unknown, type: SqlType): string {
  if (value === null || value === undefined) return "\\N";
  switch (type) {
    case "bool":
      return value ? "t" : "f";
    case "text[]":
      return copyText(`{${(value as string[]).map((item) => `"${item.replace(/\\/g, "\\\\").replace(/"/g, '\\"')}"`).join(",")}}`);
    case "jsonb":
      return copyText(JSON.stringify(value));
    case "text":
      return copyText(value as string);
    default:
      return String(value);
  }
}

/**
 * Appends rows with COPY; a duplicate key is an error (a batch is applied exactly once).
 * COPY takes rows several times faster than INSERT, and these tables only ever grow.
 */
export async function insertRows<T extends TableName>(tx: SqlExecutor, table: T, rows: readonly RowOf<T>[]): Promise<void> {
  if (rows.length === 0) return;
  const { columns, types: columnTypes } = statementsOf(table);
  let data = "";
  for (const row of rows as readonly Record<string, unknown>[]) {
    for (let index = 0; index < columns.length; index++) {
      data += (index === 0 ? "" : "\t") + copyValue(row[columns[index]], columnTypes[index]);
    }
    data += "\n";
  }
  await tx.copy(table, columns, data);
}

/** Writes rows of a state table, replacing the current row of each key. */
export async function upsertRows<T extends TableName>(tx: SqlExecutor, table: T, rows: readonly RowOf<T>[]): Promise<void> {
  if (rows.length === 0) return;
  await tx.query(statementsOf(table).upsert, [json(rows)]);
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
  const first = `select distinct on (key) key, row from mirror_undo where table_name = $1::text and block_number > $2::int8 order by key, id`;
  await tx.query(
    `delete from ${table} t using (${first}) f, jsonb_populate_record(null::${table}, f.key) k where ${match}`,
    [table, ancestor],
  );
  await tx.query(
    `insert into ${table} select (jsonb_populate_record(null::${table}, f.row)).* from (${first}) f where f.row is not null`,
    [table, ancestor],
  );
}
