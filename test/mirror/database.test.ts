import { expect } from "chai";
import { openMirrorDatabase } from "../../src/mirror/database";
import type { MirrorDatabase } from "../../src/mirror/database";
import type { RowOf } from "../../src/mirror/schema";
import { TABLES, TABLE_NAMES } from "../../src/mirror/schema";
import { copyRows, insertRows, loadRows, replaceRows, replaceRowsSteps } from "../../src/mirror/write";
import { forEachBackend } from "./backends";

/** Text that COPY's text format and PostgreSQL's array and JSON literals each treat specially. */
const HOSTILE = [
  "tab\there", "line\nbreak", "carriage\rreturn", "back\\slash", "\\N", "\\.", "\"double\" 'single'",
  "{braces}", "a,b", "NULL", "", " padded ", "ünïcødé ✓ 数据 🚀",
];

/** A raw log row with its byte strings as hex: pg reads bytea as Buffer, PGlite as Uint8Array. */
function hexBytes(row: RowOf<"raw_logs">): Record<string, unknown> {
  return Object.fromEntries(Object.entries(row).map(([name, value]) => [name, value instanceof Uint8Array ? Buffer.from(value).toString("hex") : value]));
}

function participant(account: string, kinds: string[], dossier: string): RowOf<"participants"> {
  return {
    account, status: "Active", kinds, assessment_kinds: [], jurisdiction: "CN", dossier_hash: dossier,
    accredited_until: null, updated_at: 1_700_000_000, first_block: 1,
  };
}

describe("the mirror's bulk writes", function () {
  this.timeout(60_000);

  forEachBackend((backend) => {
    let database: MirrorDatabase;
    before(async () => {
      database = await openMirrorDatabase(backend.fresh("writes").config);
    });
    after(async () => database?.close());

    it("creates exactly the tables and columns schema.ts describes", async () => {
      const columns = await database.query<{ table_name: string; column_name: string; udt_name: string; is_nullable: string }>(
        `select table_name, column_name, udt_name, is_nullable from information_schema.columns
         where table_schema = $1 and table_name <> all($2::text[]) order by table_name, ordinal_position`,
        [database.schema, ["kysely_migration", "kysely_migration_lock"]],
      );
      const udt: Record<string, string> = { "text[]": "_text" };
      expect(columns.map((column) => `${column.table_name}.${column.column_name} ${column.udt_name}${column.is_nullable === "YES" ? " null" : ""}`)).to.deep.equal(
        [...TABLE_NAMES].sort().flatMap((table) => Object.entries(TABLES[table].columns).map(([name, column]) =>
          `${table}.${name} ${udt[column.type] ?? column.type}${column.nullable ? " null" : ""}`)),
      );
    });

    it("appends rows with COPY and reads back every text, array, JSON, number, byte string and NULL exactly", async () => {
      const bytes = (text: string) => Buffer.from(text, "utf8");
      const logs: RowOf<"raw_logs">[] = HOSTILE.map((data, index) => ({
        block_number: 2 ** 40 + index, log_index: index, block_hash: Buffer.alloc(32, 0xab), transaction_hash: bytes(data),
        transaction_index: 0, address: Buffer.from("00000000000000000000000000000000000000aa", "hex"),
        topic0: bytes(data), topic1: index % 2 ? null : bytes(`t${index}`), topic2: null, topic3: null, data: Buffer.concat([bytes(data), Buffer.from([0, 255])]),
      }));
      const undo: Omit<RowOf<"mirror_undo">, "id">[] = HOSTILE.map((text, index) => ({
        block_number: index, table_name: "products", key: JSON.stringify({ id: index, text }), row: index % 3 ? JSON.stringify({ nested: [text, null, 1.5, true] }) : null,
      }));
      const participants = HOSTILE.map((text, index) => participant(`0x${index.toString(16).padStart(40, "0")}`, [text, ...HOSTILE], text));
      await database.transaction(async (tx) => {
        await insertRows(tx, "raw_logs", logs);
        await insertRows(tx, "mirror_undo", undo as RowOf<"mirror_undo">[]);
        await insertRows(tx, "participants", participants);
      });
      expect((await database.query<RowOf<"raw_logs">>("select * from raw_logs order by block_number")).map(hexBytes)).to.deep.equal(logs.map(hexBytes));
      const storedUndo = await database.query<RowOf<"mirror_undo">>("select block_number, table_name, key, row from mirror_undo order by id");
      expect(storedUndo).to.deep.equal(undo);
      expect(await database.query("select * from participants order by account")).to.deep.equal(participants);
    });

    it("replaces state rows by key with the same values, hostile text and keys included", async () => {
      const accounts = [`0x${"ff".repeat(20)}`, ...HOSTILE.map((text) => `key ${text}`)];
      await database.transaction((tx) => replaceRows(tx, "participants", accounts.map((account) => participant(account, ["Provider"], "first"))));
      const replaced = accounts.map((account) => ({ ...participant(account, HOSTILE, HOSTILE.join("|")), status: "Suspended", accredited_until: 2 ** 41 }));
      await database.transaction((tx) => replaceRows(tx, "participants", replaced));
      expect(await database.transaction((tx) => loadRows(tx, "participants", accounts.map((account) => [account])))).to.have.deep.members(replaced);
      const [{ count }] = await database.query<{ count: number }>("select count(*)::int4 as count from participants where account = any($1::text[])", [accounts]);
      expect(count).to.equal(accounts.length);
    });

    it("replaces rows of a table keyed by two columns and keeps the others", async () => {
      const role = (account: string, active: boolean): RowOf<"staff_roles"> => ({
        role: `0x${"01".repeat(32)}`, account, role_name: "REGISTRAR", active, changed_by: "0xadmin", changed_at: 1, changed_block: 1,
      });
      await database.transaction((tx) => insertRows(tx, "staff_roles", [role("0xa", true), role("0xb", true)]));
      await database.transaction((tx) => replaceRows(tx, "staff_roles", [role("0xb", false)]));
      const rows = await database.query<RowOf<"staff_roles">>("select * from staff_roles order by account");
      expect(rows.map((row) => [row.account, row.active])).to.deep.equal([["0xa", true], ["0xb", false]]);
    });

    it("stores uint256 amounts, negative and zero numerics and empty arrays exactly", async () => {
      const price = (log: number, amount: string | null): RowOf<"price_history"> => ({
        block_number: 9, log_index: log, product_id: 1, event: "Changed", method: "Cost", amount, currency: "CNY", proposed_by: "0xa", at: 1, transaction_hash: "0x",
      });
      const amounts = ["0", "1", "9999", "10000", "100000000", (2n ** 256n - 1n).toString(), "-12345678", null];
      await database.transaction((tx) => insertRows(tx, "price_history", amounts.map((amount, index) => price(index, amount))));
      const rows = await database.query<{ amount: string | null }>("select amount::text as amount from price_history where block_number = 9 order by log_index");
      expect(rows.map((row) => row.amount)).to.deep.equal(amounts);
      await database.transaction((tx) => insertRows(tx, "participants", [participant("0xempty", [], "none")]));
      expect((await database.transaction((tx) => loadRows(tx, "participants", [["0xempty"]])))[0].kinds).to.deep.equal([]);
    });

    it("runs a script's steps in order: a table's second replacement after its first, other tables' rows whole", async () => {
      const role = (account: string, active: boolean): RowOf<"staff_roles"> => ({
        role: `0x${"02".repeat(32)}`, account, role_name: "AUDITOR", active, changed_by: "0xadmin", changed_at: 2, changed_block: 2,
      });
      const first = ["0xs1", "0xs2"].map((account) => participant(account, ["Provider"], "first"));
      const second = ["0xs2", "0xs3"].map((account) => participant(account, ["Consumer", ...HOSTILE], "second"));
      await database.transaction((tx) => tx.script([
        ...replaceRowsSteps("participants", first), ...replaceRowsSteps("participants", second),
        ...replaceRowsSteps("staff_roles", [role("0xs1", true)]), copyRows("staff_roles", [role("0xs2", true)]), ...replaceRowsSteps("staff_roles", [role("0xs1", false)]),
      ], { commit: true }));
      expect(await database.query("select * from participants where account like '0xs%' order by account")).to.deep.equal([first[0], ...second]);
      const roles = await database.query<RowOf<"staff_roles">>("select * from staff_roles where role_name = 'AUDITOR' order by account");
      expect(roles.map((row) => [row.account, row.active])).to.deep.equal([["0xs1", false], ["0xs2", true]]);
    });

    it("applies nothing of a transaction whose COPY fails on a duplicate key", async () => {
      const empty = Buffer.alloc(0);
      const duplicate: RowOf<"raw_logs"> = {
        block_number: 3, log_index: 0, block_hash: empty, transaction_hash: empty, transaction_index: 0,
        address: empty, topic0: null, topic1: null, topic2: null, topic3: null, data: empty,
      };
      await database.transaction((tx) => insertRows(tx, "raw_logs", [duplicate]));
      const [before] = await database.query<{ count: number }>("select count(*)::int4 as count from raw_logs");
      const fresh = { ...duplicate, block_number: 1, log_index: 7 };
      let failure: unknown;
      await database.transaction(async (tx) => {
        await insertRows(tx, "raw_logs", [fresh]);
        await insertRows(tx, "raw_logs", [duplicate]);
      }).catch((error: unknown) => { failure = error; });
      expect(String(failure)).to.match(/duplicate key/);
      const [after] = await database.query<{ count: number }>("select count(*)::int4 as count from raw_logs");
      expect(after.count).to.equal(before.count);
      // A script outside a transaction is one of its own.
      failure = undefined;
      await database.script([copyRows("raw_logs", [{ ...fresh, log_index: 8 }]), copyRows("raw_logs", [duplicate])]).catch((error: unknown) => { failure = error; });
      expect(String(failure)).to.match(/duplicate key/);
      const [last] = await database.query<{ count: number }>("select count(*)::int4 as count from raw_logs");
      expect(last.count).to.equal(before.count);
    });
  });
});
