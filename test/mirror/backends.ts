import { execFileSync } from "node:child_process";
import { randomBytes } from "node:crypto";
import { cpSync } from "node:fs";
import { join } from "node:path";
import { dropSchemas } from "../../src/mirror/database";
import type { DatabaseConfig, MirrorDatabase } from "../../src/mirror/database";
import { TABLES, TABLE_NAMES } from "../../src/mirror/schema";
import type { TableName } from "../../src/mirror/schema";
import { temporaryDirectory } from "../cli/harness";

/**
 * The two database backends every listener test runs on: the embedded PGlite, and the
 * PostgreSQL server named by DATABASE_URL (which `.ci/run` sets). Each test gets a database of
 * its own: a fresh directory, or a fresh schema on the server, dropped afterwards (and the
 * server's catalogs vacuumed: its autovacuum may be off).
 */
export interface Backend {
  name: string;
  /** A new, empty database's configuration (and the environment a child process needs to open it). */
  fresh(label: string): { config: DatabaseConfig; env: Record<string, string> };
  /** Drops what `fresh` created on a server. */
  cleanup(): Promise<void>;
}

let template: string | undefined;

/**
 * A new directory holding an empty embedded database: what PGlite's initdb makes in an empty
 * directory (no schema, no table, no mirror), but copied from one made once per run, since initdb
 * takes PGlite some five seconds of WebAssembly and a copy a fraction of one. The database's own
 * code then opens an existing, empty cluster; opening an empty directory (initdb included) stays
 * covered by the tests that pass one (test/mirror/lock.test.ts, `audit-mirror` on an empty
 * directory in test/cli/mirror.test.ts, and `npm start`'s stack).
 */
export function emptyEmbeddedDirectory(label: string): string {
  template ??= initdbTemplate();
  const directory = temporaryDirectory(label);
  cpSync(template, directory, { recursive: true });
  return directory;
}

function initdbTemplate(): string {
  const directory = temporaryDirectory("pglite-template");
  const script = 'const { PGlite } = require("@electric-sql/pglite"); (async () => { const db = new PGlite(process.argv[1]); await db.waitReady; await db.close(); })()' +
    '.catch((error) => { console.error(error); process.exit(1); });';
  execFileSync(process.execPath, ["-e", script, directory], { cwd: join(__dirname, "..", ".."), stdio: ["ignore", "inherit", "inherit"] });
  return directory;
}

function embedded(): Backend {
  return {
    name: "PGlite (embedded)",
    fresh(label) {
      const directory = emptyEmbeddedDirectory(`mirror-${label}`);
      return { config: { directory }, env: { MIRROR_DIR: directory } };
    },
    async cleanup() {},
  };
}

function server(url: string): Backend {
  const schemas: string[] = [];
  return {
    name: "PostgreSQL (DATABASE_URL)",
    fresh(label) {
      const schema = `mirror_test_${label.replace(/[^a-z0-9]/g, "_")}_${randomBytes(4).toString("hex")}`;
      schemas.push(schema);
      return { config: { url, schema }, env: { DATABASE_URL: url, DATABASE_SCHEMA: schema } };
    },
    async cleanup() {
      if (schemas.length === 0) return;
      // The catalogs are vacuumed too: the test server runs with autovacuum off.
      await dropSchemas(url, schemas.splice(0));
    },
  };
}

/** PGlite always; the server when DATABASE_URL is set (else its suites are reported pending). */
export const EMBEDDED = embedded();
export const SERVER: Backend | undefined = process.env.DATABASE_URL ? server(process.env.DATABASE_URL) : undefined;

/** Runs `suite` once per backend; without DATABASE_URL the server's run shows as pending, never silently skipped. */
export function forEachBackend(suite: (backend: Backend) => void): void {
  describe(`on ${EMBEDDED.name}`, () => {
    suite(EMBEDDED);
    // Registered after the suite's own hooks, so it runs after they have closed their databases.
    after(() => EMBEDDED.cleanup());
  });
  if (SERVER) {
    const backend = SERVER;
    describe(`on ${backend.name}`, () => {
      suite(backend);
      after(() => backend.cleanup());
    });
  } else {
    describe("on PostgreSQL (DATABASE_URL)", () => {
      it("needs DATABASE_URL (postgres://postgres@127.0.0.1:5432/test): set it to run these tests on the server too");
    });
  }
}

const ORDER: Partial<Record<TableName, string>> = { mirror_state: "id" };

/**
 * Every row of every table the mirror keeps, in key order: two mirrors of the same chain are
 * equal when their dumps are. Left out: the undo journal and the bookkeeping of how the mirror
 * got there (when it last wrote, how far back it journals, which headers it read besides those
 * of blocks with logs), and the product documents, which come from off the chain (a folder, a
 * URL) and are resolved beside the blocks, whenever they can be (test/mirror/documents.test.ts).
 */
export async function dumpMirror(database: MirrorDatabase): Promise<Record<string, unknown[]>> {
  const dump: Record<string, unknown[]> = {};
  for (const table of TABLE_NAMES) {
    if (table === "mirror_undo" || table === "product_documents") continue;
    const order = ORDER[table] ?? (TABLES[table].primaryKey as readonly string[]).map((column) => `"${column}"`).join(", ");
    let rows = await database.query<Record<string, unknown>>(`select * from ${table} order by ${order}`);
    if (table === "mirror_state") rows = rows.map(({ updated_at: _u, journal_from_block: _j, ...rest }) => rest);
    if (table === "blocks") {
      const withLogs = new Set((await database.query<{ block_number: number }>("select distinct block_number from raw_logs")).map((row) => row.block_number));
      rows = rows.filter((row) => withLogs.has(row.number as number)).map(({ parent_hash: _p, ...rest }) => rest);
    }
    dump[table] = rows;
  }
  return dump;
}
