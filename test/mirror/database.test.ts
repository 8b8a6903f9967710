import { expect } from "chai";
import { openMirrorDatabase } from "../../src/mirror/database";
import type { MirrorDatabase } from "../../src/mirror/database";
import type { RowOf } from "../../src/mirror/schema";
import { insertRows, loadRows, upsertRows } from "../../src/mirror/write";
import { forEachBackend } from "./backends";

/** Text that COPY's text format and PostgreSQL's array and JSON literals each treat specially. */
const HOSTILE = [
  "tab\there", "line\nbreak", "carriage\rreturn", "back\\slash", "\\N", "\\.", "\"double\" 'single'",
  "{braces}", "a,b", "NULL", "", " padded ", "ünïcødé ✓ 数据 🚀",
];

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

    it("appends rows with COPY and reads back every text, array, JSON, number and NULL exactly", async () => {
      const logs: RowOf<"raw_logs">[] = HOSTILE.map((data, index) => ({
        block_number: 2 ** 40 + index, log_index: index, block_hash: `0x${"ab".repeat(32)}`, transaction_hash: data,
        transaction_index: 0, address: "0x00000000000000000000000000000000000000aa",
        topic0: data, topic1: index % 2 ? null : `t${index}`, topic2: null, topic3: null, data,
      }));
      const undo: Omit<RowOf<"mirror_undo">, "id">[] = HOSTILE.map((text, index) => ({
        block_number: index, table_name: "products", key: { id: index, text }, row: index % 3 ? { nested: [text, null, 1.5, true] } : null,
      }));
      const participants = HOSTILE.map((text, index) => participant(`0x${index.toString(16).padStart(40, "0")}`, [text, ...HOSTILE], text));
      await database.transaction(async (tx) => {
        await insertRows(tx, "raw_logs", logs);
        await insertRows(tx, "mirror_undo", undo as RowOf<"mirror_undo">[]);
        await insertRows(tx, "participants", participants);
      });
      expect(await database.query("select * from raw_logs order by block_number")).to.deep.equal(logs);
      const storedUndo = await database.query<RowOf<"mirror_undo">>("select block_number, table_name, key, row from mirror_undo order by id");
      expect(storedUndo).to.deep.equal(undo);
      expect(await database.query("select * from participants order by account")).to.deep.equal(participants);
    });

    it("replaces state rows by key with the same values, hostile text included", async () => {
      const account = `0x${"ff".repeat(20)}`;
      await database.transaction((tx) => upsertRows(tx, "participants", [participant(account, ["Provider"], "first")]));
      const replaced = { ...participant(account, HOSTILE, HOSTILE.join("|")), status: "Suspended", accredited_until: 2 ** 41 };
      await database.transaction((tx) => upsertRows(tx, "participants", [replaced]));
      expect(await database.transaction((tx) => loadRows(tx, "participants", [[account]]))).to.deep.equal([replaced]);
    });

    it("applies nothing of a transaction whose COPY fails on a duplicate key", async () => {
      const duplicate: RowOf<"raw_logs"> = {
        block_number: 3, log_index: 0, block_hash: "0x", transaction_hash: "0x", transaction_index: 0,
        address: "0x", topic0: null, topic1: null, topic2: null, topic3: null, data: "0x",
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
    });
  });
});
