import type { PoolClient } from "pg";
import { BINARY_COPY_HEADER, BINARY_COPY_TRAILER } from "../listener/logs";

/**
 * Several statements in one round trip to a PostgreSQL server. The statements go out as one
 * simple-protocol Query message, each `COPY ... FROM STDIN` in it followed at once by its data,
 * so the server runs them back to back without waiting for this process. (A COPY client such as
 * pg-copy-streams sends the data only once the server has answered the COPY, and the next
 * statement only once the last has ended: a busy listener then kept the database waiting.)
 *
 * The protocol allows it: the server reads the data when it reaches the COPY, and after an error
 * it skips the rest of the message and drops the data still coming. The whole script fails with
 * the first error; inside a transaction, the transaction is then aborted.
 */

/** One statement of a script: SQL without parameters (values inlined with `sqlLiteral`), or a binary COPY and its rows. */
export type ScriptStep = { sql: string } | { copy: string; columns: readonly string[]; tuples: Buffer };

/** The COPY statement of a binary COPY into `table`. */
export function copyStatement(table: string, columns: readonly string[], source = "stdin"): string {
  return `copy ${table} (${columns.map((column) => `"${column}"`).join(", ")}) from ${source} with (format binary)`;
}

/** The statement text of a script: its steps joined, COPYs reading from STDIN. */
function scriptText(steps: readonly ScriptStep[]): string {
  return steps.map((step) => ("sql" in step ? step.sql : copyStatement(step.copy, step.columns))).join(";\n");
}

const COPY_DATA = 0x64;
const COPY_DONE = Buffer.from([0x63, 0, 0, 0, 4]);

/** The message types pg calls a submitted query with (its `Submittable` declares only `submit`). */
interface ServerConnection {
  query(text: string): void;
  stream: { write(data: Buffer): boolean; cork(): void; uncork(): void };
}

class Script {
  private error: Error | undefined;
  private settle!: (error: Error | undefined) => void;
  readonly done = new Promise<void>((resolve, reject) => {
    this.settle = (error) => (error ? reject(error) : resolve());
  });

  constructor(private readonly steps: readonly ScriptStep[]) {}

  submit(connection: ServerConnection): void {
    // One writev for the whole script, not a system call per piece.
    connection.stream.cork();
    connection.query(scriptText(this.steps));
    for (const step of this.steps) {
      if ("sql" in step) continue;
      const length = BINARY_COPY_HEADER.length + step.tuples.length + BINARY_COPY_TRAILER.length;
      const header = Buffer.allocUnsafe(5);
      header[0] = COPY_DATA;
      header.writeUInt32BE(length + 4, 1);
      connection.stream.write(header);
      connection.stream.write(BINARY_COPY_HEADER);
      connection.stream.write(step.tuples);
      connection.stream.write(BINARY_COPY_TRAILER);
      connection.stream.write(COPY_DONE);
    }
    connection.stream.uncork();
  }

  // What the server answers: nothing to keep but the first error.
  handleRowDescription(): void {}
  handleDataRow(): void {}
  handleCommandComplete(): void {}
  handleCopyInResponse(): void {}
  handleCopyData(): void {}
  handleEmptyQuery(): void {}
  handlePortalSuspended(): void {}

  /** pg calls this on an ErrorResponse, and forgets the query: the ReadyForQuery that follows is not ours. */
  handleError(error: Error): void {
    this.error ??= error;
    this.settle(this.error);
  }

  handleReadyForQuery(): void {
    this.settle(this.error);
  }

  /** pg may set a callback (query timeouts) and calls it when the query ends. */
  callback(): void {}
}

/** Runs `steps` on `client` in one round trip. */
export async function runScript(client: PoolClient, steps: readonly ScriptStep[]): Promise<void> {
  if (steps.length === 0) return;
  const script = new Script(steps);
  client.query(script as never);
  await script.done;
}
