import { expect } from "chai";
import { openMirrorDatabase } from "../../src/mirror/database";
import type { MirrorDatabase } from "../../src/mirror/database";
import type { RowOf } from "../../src/mirror/schema";
import { readCertificateStandings, readLineages, walkLineage } from "../../src/mirror/validity";
import type { LineageEdge } from "../../src/mirror/validity";
import { forEachBackend } from "./backends";

/**
 * The validity rule of src/mirror/validity.ts on rows written by hand, so every branch of the
 * rule is reached (the chain cannot produce some of them: a superseded certificate without a
 * successor, a parent the mirror lacks). test/api/validity.test.ts compares it with the chain.
 */

const HASH = `0x${"11".repeat(32)}`;
const ACCOUNT = `0x${"22".repeat(20)}`;

function product(id: number, status: string, openObjections = 0): RowOf<"products"> {
  return {
    id, provider: ACCOUNT, product_type: "Dataset", source_category: "Enterprise", classification: "General", status,
    status_before_suspension: "None", contains_personal_info: false, open_objections: openObjections, jurisdiction: "CN",
    registered_at: 100, previous_version: null, superseded_by: null, content_hash: HASH, origin_declaration_hash: HASH,
    metadata_uri: "ipfs://x", source_count: 0, registered_block: 1, registered_tx: HASH, description_hash: null,
  };
}

type CertificateFields = Partial<Pick<RowOf<"certificates">, "product_id" | "status" | "expires_at" | "parent_id" | "successor_id" | "pledgee" | "open_objections">>;

function certificate(id: number, fields: CertificateFields = {}): RowOf<"certificates"> {
  return {
    id, product_id: 1, holder: ACCOUNT, category: "ResourceHolding", status: "Active", issued_at: 100, expires_at: 2_000,
    parent_id: null, predecessor_id: null, successor_id: null, issuer: ACCOUNT, pledgee: null, pledge_agreement_hash: null,
    open_objections: 0, scope_hash: HASH, evidence_hash: HASH, trade_id: null, issued_block: 1, issued_tx: HASH, ...fields,
  };
}

/** The checkpoint block 10, at time 1000: what the rule judges expiry at. */
const NOW = 1_000;

const CERTIFICATES: RowOf<"certificates">[] = [
  certificate(1),
  certificate(2, { expires_at: NOW }),
  certificate(3, { expires_at: NOW + 1 }),
  certificate(4, { status: "Suspended" }),
  certificate(5, { status: "Revoked" }),
  certificate(6, { status: "Surrendered" }),
  certificate(7, { status: "Superseded", successor_id: 8 }),
  certificate(8),
  certificate(9, { parent_id: 7 }),
  certificate(10, { parent_id: 5 }),
  certificate(11, { parent_id: 10 }),
  certificate(12, { product_id: 2 }),
  certificate(13, { product_id: 2, status: "Suspended" }),
  certificate(14, { product_id: 2, parent_id: 12 }),
  certificate(15, { product_id: 2, parent_id: 13 }),
  certificate(16, { status: "Superseded", successor_id: 17 }),
  certificate(17, { status: "Superseded", successor_id: 18 }),
  certificate(18, { status: "Revoked" }),
  certificate(19, { parent_id: 16 }),
  certificate(20, { status: "Superseded", successor_id: 21 }),
  certificate(21, { expires_at: 500 }),
  certificate(22, { parent_id: 20 }),
  certificate(23, { status: "Superseded" }),
  certificate(24, { parent_id: 23 }),
  certificate(25, { parent_id: 999 }),
  certificate(26, { product_id: 3 }),
  certificate(27, { product_id: 4 }),
  certificate(28, { pledgee: ACCOUNT }),
  certificate(29, { parent_id: 28 }),
  certificate(30, { open_objections: 1 }),
  certificate(31, { parent_id: 30 }),
  certificate(32, { status: "Superseded", successor_id: 33, pledgee: ACCOUNT }),
  certificate(33),
  certificate(34, { parent_id: 32 }),
  certificate(35, { parent_id: 9 }),
  certificate(36, { status: "Suspended", parent_id: 5 }),
  certificate(37, { parent_id: 36 }),
];

/** id: [validity, invalid ancestor, blocked]. */
const EXPECTED: Record<number, [string, number | null, boolean]> = {
  1: ["Valid", null, false],
  2: ["Expired", null, false], // expiresAt <= T
  3: ["Valid", null, false],
  4: ["Suspended", null, false],
  5: ["Revoked", null, false],
  6: ["Surrendered", null, false],
  7: ["Superseded", null, false],
  8: ["Valid", null, false],
  9: ["Valid", null, false], // its parent 7 is superseded: 8 stands in, and is valid
  10: ["AncestorInvalid", 5, false],
  11: ["AncestorInvalid", 5, false], // the grandparent
  12: ["ProductRevoked", null, false],
  13: ["Suspended", null, false], // own validity first
  14: ["ProductRevoked", null, false],
  15: ["ProductRevoked", null, false], // the product before the ancestors
  16: ["Superseded", null, false],
  17: ["Superseded", null, false],
  18: ["Revoked", null, false],
  19: ["AncestorInvalid", 18, false], // the latest successor stands in
  20: ["Superseded", null, false],
  21: ["Expired", null, false],
  22: ["AncestorInvalid", 21, false],
  23: ["Superseded", null, false],
  24: ["AncestorInvalid", 23, false], // superseded without a successor: nothing stands in
  25: ["AncestorInvalid", 999, false], // a parent the mirror lacks
  26: ["Valid", null, true], // product Suspended
  27: ["Valid", null, true], // product frozen
  28: ["Valid", null, true], // pledged
  29: ["Valid", null, true], // parent pledged
  30: ["Valid", null, true], // frozen
  31: ["Valid", null, true], // parent frozen
  32: ["Superseded", null, true],
  33: ["Valid", null, false],
  34: ["Valid", null, false], // the pledged predecessor does not stand: its successor does
  35: ["Valid", null, false],
  36: ["Suspended", null, false],
  37: ["AncestorInvalid", 36, false], // the nearest invalid ancestor, not the one above it
};

describe("the mirror's validity rule", function () {
  this.timeout(60_000);

  forEachBackend((backend) => {
    let database: MirrorDatabase;
    const standings = async (ids: number[] | "all", at?: number) => Object.fromEntries(
      [...(await readCertificateStandings(database.db, ids, at)).values()].map((row) => [row.id, [row.validity, row.invalid_ancestor_id, row.blocked]]),
    );

    before(async () => {
      database = await openMirrorDatabase(backend.fresh("validity").config);
      const { db } = database;
      await db.insertInto("products").values([product(1, "Listed"), product(2, "Revoked"), product(3, "Suspended"), product(4, "Listed", 1)]).execute();
      await db.insertInto("certificates").values(CERTIFICATES).execute();
      await db.insertInto("blocks").values([{ number: 8, hash: HASH, parent_hash: null, timestamp: NOW - 100 }, { number: 10, hash: HASH, parent_hash: null, timestamp: NOW }]).execute();
      await db.insertInto("mirror_state").values({ id: 1, chain_id: 31337, contracts: "{}", start_block: 1, checkpoint_block: 10, checkpoint_hash: HASH, journal_from_block: 11, updated_at: new Date() }).execute();
    });
    after(async () => database?.close());

    it("answers as the contract's rule: own status, expiry at the checkpoint block's time, product revoked, ancestors' stand-ins", async () => {
      expect(await standings("all")).to.deep.equal(EXPECTED);
    });

    it("answers for the certificates asked for alone, the same as among all", async () => {
      expect(await standings([11, 19, 34])).to.deep.equal({ 11: EXPECTED[11], 19: EXPECTED[19], 34: EXPECTED[34] });
      expect(await standings([])).to.deep.equal({});
    });

    it("judges expiry at the indexed block's time, or the time it is told", async () => {
      expect((await standings([2, 3]))).to.deep.equal({ 2: ["Expired", null, false], 3: ["Valid", null, false] });
      expect((await standings([2, 3], NOW + 1))).to.deep.equal({ 2: ["Expired", null, false], 3: ["Expired", null, false] });
      expect((await standings([2, 3], NOW - 1))).to.deep.equal({ 2: ["Valid", null, false], 3: ["Valid", null, false] });
      // The checkpoint moves on to block 12 (time NOW + 1): the answers follow it, not the wall clock.
      await database.db.insertInto("blocks").values({ number: 12, hash: HASH, parent_hash: null, timestamp: NOW + 1 }).execute();
      await database.db.updateTable("mirror_state").set({ checkpoint_block: 12 }).execute();
      expect((await standings([2, 3]))).to.deep.equal({ 2: ["Expired", null, false], 3: ["Expired", null, false] });
      // A checkpoint whose header is missing: the last block the mirror knows below it.
      await database.db.updateTable("mirror_state").set({ checkpoint_block: 9 }).execute();
      expect((await standings([2, 3]))).to.deep.equal({ 2: ["Valid", null, false], 3: ["Valid", null, false] });
      await database.db.updateTable("mirror_state").set({ checkpoint_block: 10 }).execute();
      await database.db.deleteFrom("blocks").where("number", "=", 12).execute();
    });

    it("reads each product's lineage with the validity of every edge, and its first broken edge", async () => {
      // 40 <- 41 (under certificate 1, valid) <- 42 (under 10, AncestorInvalid and 1); 43 has no sources.
      const edge = (product_id: number, position: number, source_id: number, source_certificate_id: number) => ({ block_number: 1, log_index: position, product_id, position, source_id, source_certificate_id });
      await database.db.insertInto("products").values([product(40, "Listed"), product(41, "Listed"), product(42, "Listed"), product(43, "Listed")]).execute();
      await database.db.insertInto("product_sources").values([edge(41, 0, 40, 1), edge(42, 0, 41, 10), edge(42, 1, 40, 1), edge(40, 0, 43, 888)]).execute();
      const lineages = await readLineages(database.db, [42, 41, 43]);
      expect(lineages.get(43)).to.deep.equal({ edges: [], depths: new Map([[43, 0]]), standing: { intact: true } });
      expect(lineages.get(42)!.standing).to.deep.equal({ intact: false, brokenEdge: { productId: 42, sourceId: 41, certificateId: 10, validity: "AncestorInvalid" } });
      expect(lineages.get(42)!.edges.map((row) => [row.product_id, row.source_id, row.validity])).to.deep.equal([
        [42, 41, "AncestorInvalid"], [42, 40, "Valid"], [41, 40, "Valid"], [40, 43, null],
      ]);
      expect([...lineages.get(42)!.depths]).to.deep.equal([[42, 0], [41, 1], [40, 1], [43, 2]]);
      // 41's lineage reaches certificate 888, which the mirror lacks.
      expect(lineages.get(41)!.standing).to.deep.equal({ intact: false, brokenEdge: { productId: 40, sourceId: 43, certificateId: 888, validity: "Nonexistent" } });
    });
  });
});

describe("walkLineage", () => {
  const edge = (product_id: number, position: number, source_id: number, validity: LineageEdge["validity"] = "Valid"): LineageEdge => ({
    product_id, position, source_id, source_certificate_id: 100 * product_id + source_id, validity,
  });

  it("walks breadth first, each product's sources in their registered order, each product once", () => {
    // A diamond: 1 <- 2, 3; 2 <- 4; 3 <- 4; 4 <- 5. Given in a scrambled order.
    const lineage = walkLineage(1, [edge(4, 0, 5), edge(3, 0, 4), edge(1, 1, 3), edge(2, 0, 4), edge(1, 0, 2), edge(9, 0, 1)]);
    expect(lineage.edges.map((row) => [row.product_id, row.source_id])).to.deep.equal([[1, 2], [1, 3], [2, 4], [3, 4], [4, 5]]);
    expect([...lineage.depths]).to.deep.equal([[1, 0], [2, 1], [3, 1], [4, 2], [5, 3]]);
    expect(lineage.standing).to.deep.equal({ intact: true });
  });

  it("names the first broken edge breadth first, not the first found depth first", () => {
    // 1 <- 2 <- 4 (broken, depth 2); 1 <- 3 (broken, depth 1, registered after 2).
    const lineage = walkLineage(1, [edge(1, 0, 2), edge(1, 1, 3, "Revoked"), edge(2, 0, 4, "AncestorInvalid")]);
    expect(lineage.standing).to.deep.equal({ intact: false, brokenEdge: { productId: 1, sourceId: 3, certificateId: 103, validity: "Revoked" } });
    const deeper = walkLineage(1, [edge(1, 0, 2), edge(1, 1, 3), edge(2, 0, 4, "Expired"), edge(3, 0, 5, "Revoked")]);
    expect(deeper.standing).to.deep.equal({ intact: false, brokenEdge: { productId: 2, sourceId: 4, certificateId: 204, validity: "Expired" } });
    expect(walkLineage(1, [edge(1, 0, 2, null)]).standing).to.deep.equal({ intact: false, brokenEdge: { productId: 1, sourceId: 2, certificateId: 102, validity: "Nonexistent" } });
  });

  it("is intact for a product without sources", () => {
    expect(walkLineage(7, [edge(1, 0, 2, "Revoked")])).to.deep.equal({ edges: [], depths: new Map([[7, 0]]), standing: { intact: true } });
  });
});
