import type { ClientBase } from "pg";
import { TABLES } from "./schema";
import type { SqlType, TableName } from "./schema";

/**
 * A script: the listener's writes of one batch, as a list of steps run in order, each either SQL
 * without parameters (values inlined with `sqlLiteral`) or new rows of one table, in PostgreSQL's
 * binary COPY tuple layout (what `BinaryTuples` writes and what the raw logs are scanned into).
 *
 * On a PostgreSQL server a script runs through pg's public `client.query` only:
 *
 * - consecutive SQL steps go as one simple-protocol query (several statements, no parameters);
 * - rows go as one `INSERT ... SELECT FROM unnest($1::int8[], $2::bytea[], ...)` per table, each
 *   column one array parameter. A binary COPY field (int32 length, then the value's binary form) is
 *   exactly an element of a binary array, so each column's array is the tuples' fields of that
 *   column copied back to back behind a 20-byte array header; pg binds a Buffer parameter in binary
 *   format, and the server reads it with the array type's receive function, as it reads COPY;
 * - the inserts into distinct tables that follow each other go as one statement (data-modifying
 *   WITH queries), and a step's `delete` of keys is run before the inserts of the same group when
 *   it touches none of their tables. A batch is then a handful of round trips: the appends, the
 *   guard with the deletes, the inserts of the changed rows.
 *
 * The embedded database runs each COPY from a blob (see database.ts).
 */

/** One statement of a script: SQL without parameters, or a binary COPY's rows. */
export type ScriptStep =
  | {
      sql: string;
      /** The only table the statement writes, and it reads none the script writes: it may run before inserts into other tables. */
      table?: string;
    }
  | { copy: string; columns: readonly string[]; tuples: Buffer };

/** The COPY statement of a binary COPY into `table` (the embedded database's path). */
export function copyStatement(table: string, columns: readonly string[], source = "stdin"): string {
  return `copy ${table} (${columns.map((column) => `"${column}"`).join(", ")}) from ${source} with (format binary)`;
}

/** Element type OID and array type of each column type. text[] columns travel as text (array literals) and are cast back. */
const ELEMENTS: Record<Exclude<SqlType, "timestamptz">, { oid: number; array: string }> = {
  int8: { oid: 20, array: "int8[]" },
  int4: { oid: 23, array: "int4[]" },
  int2: { oid: 21, array: "int2[]" },
  bool: { oid: 16, array: "bool[]" },
  text: { oid: 25, array: "text[]" },
  numeric: { oid: 1700, array: "numeric[]" },
  bytea: { oid: 17, array: "bytea[]" },
  jsonb: { oid: 3802, array: "jsonb[]" },
  "text[]": { oid: 25, array: "text[]" },
};

const ARRAY_HEADER = 20;

function columnTypes(table: string, columns: readonly string[]): SqlType[] {
  const definition = TABLES[table as TableName] as { columns: Record<string, { type: SqlType }> } | undefined;
  if (!definition) throw new Error(`no table ${table}`);
  return columns.map((name) => {
    const column = definition.columns[name];
    if (!column || column.type === "timestamptz") throw new Error(`table ${table} has no insertable column ${name}`);
    return column.type;
  });
}

/** A binary text[] value (the field's bytes) as an array literal: `{"a","b"}`. */
function arrayLiteral(bytes: Buffer, start: number, end: number): Buffer {
  const dimensions = bytes.readInt32BE(start);
  if (dimensions === 0) return Buffer.from("{}");
  if (dimensions !== 1) throw new Error(`a text[] value of ${dimensions} dimensions`);
  const count = bytes.readInt32BE(start + 12);
  const items: string[] = [];
  let at = start + ARRAY_HEADER;
  for (let index = 0; index < count; index++) {
    const length = bytes.readInt32BE(at);
    at += 4;
    if (length < 0) items.push("NULL");
    else {
      items.push(`"${bytes.toString("utf8", at, at + length).replace(/[\\"]/g, "\\$&")}"`);
      at += length;
    }
  }
  if (at !== end) throw new Error("a text[] value of the wrong length");
  return Buffer.from(`{${items.join(",")}}`, "utf8");
}

/**
 * The binary COPY tuples `tuples` (fields of `types`, in order) as one binary array per column:
 * the parameters of `INSERT ... SELECT FROM unnest(...)`.
 */
export function columnArrays(tuples: Buffer, types: readonly SqlType[]): Buffer[] {
  const width = types.length;
  const sizes = new Array<number>(width).fill(ARRAY_HEADER);
  const nulls = new Uint8Array(width);
  const literals: Buffer[][] = types.map(() => []);
  let rows = 0;
  let at = 0;
  while (at < tuples.length) {
    if (at + 2 > tuples.length || tuples.readInt16BE(at) !== width) throw new Error(`a tuple of ${tuples.readInt16BE(at)} fields, ${width} expected`);
    at += 2;
    for (let column = 0; column < width; column++) {
      const length = tuples.readInt32BE(at);
      at += 4;
      if (length < 0) {
        nulls[column] = 1;
        sizes[column] += 4;
        if (types[column] === "text[]") literals[column].push(Buffer.alloc(0));
        continue;
      }
      if (types[column] === "text[]") {
        const literal = arrayLiteral(tuples, at, at + length);
        literals[column].push(literal);
        sizes[column] += 4 + literal.length;
      } else sizes[column] += 4 + length;
      at += length;
    }
    rows += 1;
  }
  if (at !== tuples.length) throw new Error("the tuples end inside a field");
  const arrays = types.map((type, column) => {
    const array = Buffer.allocUnsafe(rows === 0 ? 12 : sizes[column]);
    array.writeInt32BE(rows === 0 ? 0 : 1, 0);
    array.writeInt32BE(nulls[column], 4);
    array.writeInt32BE(ELEMENTS[type as Exclude<SqlType, "timestamptz">].oid, 8);
    if (rows > 0) {
      array.writeInt32BE(rows, 12);
      array.writeInt32BE(1, 16);
    }
    return array;
  });
  const written = new Array<number>(width).fill(ARRAY_HEADER);
  const literalAt = new Array<number>(width).fill(0);
  at = 0;
  for (let row = 0; row < rows; row++) {
    at += 2;
    for (let column = 0; column < width; column++) {
      const length = tuples.readInt32BE(at);
      const array = arrays[column];
      if (types[column] === "text[]") {
        const literal = literals[column][literalAt[column]++];
        if (length < 0) written[column] = array.writeInt32BE(-1, written[column]);
        else {
          written[column] = array.writeInt32BE(literal.length, written[column]);
          written[column] += literal.copy(array, written[column]);
        }
        at += 4 + Math.max(length, 0);
        continue;
      }
      // The field as it is: its length (or -1) and its bytes (a loop for the small ones: cheaper than a native call).
      const size = 4 + Math.max(length, 0);
      let to = written[column];
      if (size <= 64) for (let index = at; index < at + size; index++) array[to++] = tuples[index];
      else to += tuples.copy(array, to, at, at + size);
      written[column] = to;
      at += size;
    }
  }
  return arrays;
}

/** An `INSERT ... SELECT FROM unnest(...)` of one copy step; its parameters numbered from `first`. */
function insertOf(step: { copy: string; columns: readonly string[]; tuples: Buffer }, first: number): { sql: string; values: Buffer[] } {
  const types = columnTypes(step.copy, step.columns);
  const names = step.columns.map((column) => `"${column}"`);
  const selected = names.map((name, index) => (types[index] === "text[]" ? `u.${name}::text[]` : `u.${name}`));
  const arrays = types.map((type, index) => `$${first + index}::${ELEMENTS[type as Exclude<SqlType, "timestamptz">].array}`);
  return {
    sql: `insert into ${step.copy} (${names.join(", ")}) select ${selected.join(", ")} from unnest(${arrays.join(", ")}) as u(${names.join(", ")})`,
    values: columnArrays(step.tuples, types),
  };
}

type CopyStep = Extract<ScriptStep, { copy: string }>;

/** Inserts into distinct tables, as one statement. */
function insertStatement(copies: readonly CopyStep[]): { text: string; values: Buffer[] } {
  const values: Buffer[] = [];
  const statements = copies.map((step) => {
    const insert = insertOf(step, values.length + 1);
    values.push(...insert.values);
    return insert.sql;
  });
  const last = statements.pop()!;
  const text = statements.length === 0 ? last : `with ${statements.map((sql, index) => `w${index} as (${sql})`).join(", ")} ${last}`;
  return { text, values };
}

/**
 * Runs `steps` on `client`, in order as far as any statement can tell: a group's SQL steps (the
 * first, and those of one other table than the group's inserts) before its inserts. Fails with the
 * first statement that fails, and runs none after it.
 */
export async function runScript(client: ClientBase, steps: readonly ScriptStep[]): Promise<void> {
  let sqls: string[] = [];
  let copies: CopyStep[] = [];
  const flush = async () => {
    if (sqls.length > 0) await client.query(sqls.join(";\n"));
    if (copies.length > 0) {
      const { text, values } = insertStatement(copies);
      await client.query({ text, values });
    }
    sqls = [];
    copies = [];
  };
  for (const step of steps) {
    if ("sql" in step) {
      const hoistable = step.table !== undefined && !copies.some((copy) => copy.copy === step.table);
      if (copies.length > 0 && !hoistable) await flush();
      sqls.push(step.sql);
    } else {
      if (step.tuples.length === 0) continue;
      if (copies.some((copy) => copy.copy === step.copy)) await flush();
      copies.push(step);
    }
  }
  await flush();
}
