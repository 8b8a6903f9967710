import { pipeline } from "node:stream/promises";
import type { ClientBase } from "pg";
import { from as copyFrom } from "pg-copy-streams";
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from "../listener/logs";

/**
 * A script: the listener's writes of one batch, as a list of steps run in order, each either SQL
 * without parameters (values inlined with `sqlLiteral`) or new rows of one table, in PostgreSQL's
 * binary COPY tuple layout (what `BinaryTuples` writes and what the raw logs are scanned into).
 *
 * On a PostgreSQL server a script runs through documented APIs only: consecutive SQL steps go as
 * one simple-protocol query through pg's `client.query` (several statements, no parameters), and
 * each step of rows as one `COPY ... FROM STDIN WITH (FORMAT binary)` through pg-copy-streams, the
 * tuples sent as they are between the binary COPY header and trailer. COPY is the server's fastest
 * way in for rows (it inserts them in batches), about a third faster here than an `INSERT ...
 * SELECT FROM unnest(...)` of the same rows as binary arrays.
 *
 * The embedded database runs each COPY from a blob (see database.ts).
 */

/** One statement of a script: SQL without parameters, or a binary COPY's rows. */
export type ScriptStep = { sql: string } | { copy: string; columns: readonly string[]; tuples: Buffer };

/** The COPY statement of a binary COPY into `table` (from STDIN on a server, from a blob on the embedded database). */
export function copyStatement(table: string, columns: readonly string[], source = "stdin"): string {
  return `copy ${table} (${columns.map((column) => `"${column}"`).join(", ")}) from ${source} with (format binary)`;
}

/** Runs `steps` on `client`, in order. Fails with the first statement that fails, and runs none after it. */
export async function runScript(client: ClientBase, steps: readonly ScriptStep[]): Promise<void> {
  let sqls: string[] = [];
  const flush = async () => {
    if (sqls.length > 0) await client.query(sqls.join(";\n"));
    sqls = [];
  };
  for (const step of steps) {
    if ("sql" in step) {
      sqls.push(step.sql);
      continue;
    }
    if (step.tuples.length === 0) continue;
    await flush();
    await pipeline([BINARY_COPY_HEADER, step.tuples, BINARY_COPY_TRAILER], client.query(copyFrom(copyStatement(step.copy, step.columns))));
  }
  await flush();
}
