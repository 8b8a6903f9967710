import { sql } from "kysely";
import type { Expression, Kysely, RawBuilder } from "kysely";
import type { ValidityName } from "../sdk/names";
import type { MirrorSchema } from "./schema";

/**
 * A certificate's validity as `RightsCertificate.validity(tokenId)` answers it at the mirror's
 * indexed block, with the ancestor it fails on and whether it is blocked. The one place the
 * mirror and the API apply the contract's rule:
 *
 * - own validity: stored status Suspended, Revoked, Surrendered or Superseded is the answer;
 *   else `expiresAt <= T` is Expired; else Valid;
 * - validity: own validity when not Valid; else ProductRevoked when the certificate's product is
 *   Revoked; else each ancestor is replaced by its stand-in (its latest successor while it is
 *   Superseded: a transfer or change keeps the licences derived from it), and the first stand-in
 *   whose own validity is not Valid makes the answer AncestorInvalid; else Valid.
 *
 * T is the timestamp of the mirror's checkpoint block (not the wall clock), so expiry follows the
 * chain as every other answer does.
 *
 * Computed at query time, in SQL (one recursive walk over the certificates asked for), not
 * stored: expiry, an ancestor's revocation or supersession and a product's revocation change a
 * certificate's validity without any event on it, so a stored answer would need every such
 * change fanned out to every descendant, and a clock. A walk is a few rows per certificate (a
 * chain is a holding right, a licence, perhaps a sub-licence), and one statement reads the
 * checkpoint and the rows in the same snapshot while the listener writes.
 */

export interface CertificateStanding {
  id: number;
  validity: ValidityName;
  /** The first ancestor stand-in that is not valid, when `validity` is AncestorInvalid. */
  invalid_ancestor_id: number | null;
  /**
   * Valid or not, it cannot be licensed, pledged, renewed, reissued or traded: its product is
   * Suspended or frozen by an objection, or it or an ancestor stand-in is frozen or pledged.
   */
  blocked: boolean;
}

/** The links (parents and successors) one walk follows at most: a chain's are a handful; more means a corrupt mirror, which must not hang the API. */
const MAX_STEPS = 1024;

/** The time the mirror's answers are for: its checkpoint block's timestamp (the header of a batch's last block is always kept; 0 for an empty mirror). */
export const CHECKPOINT_TIME = sql<number>`coalesce((
  select b.timestamp from blocks b where b.number <= (select s.checkpoint_block from mirror_state s where s.id = 1)
  order by b.number desc limit 1), 0)`;

/** Own validity of the certificate row `alias` at `clock.t`. */
function ownValidity(alias: string): RawBuilder<string> {
  return sql.raw(
    `case ${alias}.status when 'Suspended' then 'Suspended' when 'Revoked' then 'Revoked' when 'Surrendered' then 'Surrendered' ` +
      `when 'Superseded' then 'Superseded' else case when ${alias}.expires_at <= clock.t then 'Expired' else 'Valid' end end`,
  );
}

/**
 * The standing of each certificate whose id `seed` selects (a query of one id column), as a
 * query to select from or join: `.as("v")`. `at` is the block time to judge expiry at (default:
 * the mirror's checkpoint block).
 */
export function certificateStandings(seed: Expression<unknown> | RawBuilder<unknown>, at?: number): RawBuilder<CertificateStanding> {
  const time = at === undefined ? CHECKPOINT_TIME : sql<number>`${at}::int8`;
  return sql<CertificateStanding>`(
    with recursive
    clock(t) as (select ${time}),
    seed(id) as (${seed}),
    walk(origin, node, steps) as (
      select c.id, c.parent_id, 1 from certificates c where c.id in (select id from seed) and c.parent_id is not null
      union all
      select w.origin, case when n.status = 'Superseded' and n.successor_id is not null then n.successor_id else n.parent_id end, w.steps + 1
      from walk w join certificates n on n.id = w.node
      where w.steps < ${sql.lit(MAX_STEPS)} and (n.parent_id is not null or (n.status = 'Superseded' and n.successor_id is not null))
    ),
    ancestry(origin, invalid_ancestor_id, encumbered) as (
      -- The stand-ins only: a superseded certificate with a successor is passed through. A
      -- missing row (a mirror without it) is not valid, as the contract's empty record is not.
      select w.origin,
        (array_agg(w.node order by w.steps) filter (where n.id is null or ${ownValidity("n")} <> 'Valid'))[1],
        coalesce(bool_or(n.pledgee is not null or n.open_objections > 0), false)
      from walk w left join certificates n on n.id = w.node cross join clock
      where n.id is null or n.status <> 'Superseded' or n.successor_id is null
      group by w.origin
    )
    select c.id,
      case when ${ownValidity("c")} <> 'Valid' then ${ownValidity("c")}
        when p.status = 'Revoked' then 'ProductRevoked'
        when a.invalid_ancestor_id is not null then 'AncestorInvalid'
        else 'Valid' end as validity,
      case when ${ownValidity("c")} = 'Valid' and p.status is distinct from 'Revoked' then a.invalid_ancestor_id end as invalid_ancestor_id,
      (coalesce(p.status = 'Suspended' or p.open_objections > 0, false) or c.pledgee is not null or c.open_objections > 0
        or coalesce(a.encumbered, false)) as blocked
    from certificates c cross join clock
    left join products p on p.id = c.product_id
    left join ancestry a on a.origin = c.id
    where c.id in (select id from seed)
  )`;
}

/** The standings of the certificates `ids` (all of them when "all"), by id. */
export async function readCertificateStandings(
  db: Kysely<MirrorSchema>, ids: readonly number[] | "all", at?: number,
): Promise<Map<number, CertificateStanding>> {
  if (ids !== "all" && ids.length === 0) return new Map();
  let seed = db.selectFrom("certificates").select("id");
  if (ids !== "all") seed = seed.where("id", "in", [...ids]);
  const { rows } = await sql<CertificateStanding>`select * from ${certificateStandings(seed, at)} v`.execute(db);
  return new Map(rows.map((row) => [row.id, row]));
}

/** An edge of a product's lineage: `product_id` was registered from `source_id` under `source_certificate_id`. */
export interface LineageEdge {
  product_id: number;
  position: number;
  source_id: number;
  source_certificate_id: number;
  /** That certificate's validity; null when the mirror lacks it. */
  validity: ValidityName | null;
}

export interface BrokenEdge {
  productId: number;
  sourceId: number;
  certificateId: number;
  validity: ValidityName | "Nonexistent";
}

export type LineageStanding = { intact: true } | { intact: false; brokenEdge: BrokenEdge };

export interface Lineage {
  /** Every edge reachable from the product, breadth first: each product once, its sources in the order it registered them. */
  edges: LineageEdge[];
  /** Each product of the lineage (the product itself at 0) and its distance from the product. */
  depths: Map<number, number>;
  /** Intact, or the first edge (in `edges` order) whose certificate is not valid. */
  standing: LineageStanding;
}

/** `origin`'s lineage out of `edges` (any superset of its edges, in any order). */
export function walkLineage(origin: number, edges: readonly LineageEdge[]): Lineage {
  const sourcesOf = new Map<number, LineageEdge[]>();
  for (const edge of edges) sourcesOf.set(edge.product_id, [...(sourcesOf.get(edge.product_id) ?? []), edge]);
  for (const list of sourcesOf.values()) list.sort((a, b) => a.position - b.position);
  const depths = new Map([[origin, 0]]);
  const queue = [origin];
  const ordered: LineageEdge[] = [];
  let standing: LineageStanding = { intact: true };
  for (let next = 0; next < queue.length; next++) {
    const product = queue[next];
    for (const edge of sourcesOf.get(product) ?? []) {
      ordered.push(edge);
      if (standing.intact && edge.validity !== "Valid") {
        standing = {
          intact: false,
          brokenEdge: { productId: edge.product_id, sourceId: edge.source_id, certificateId: edge.source_certificate_id, validity: edge.validity ?? "Nonexistent" },
        };
      }
      if (!depths.has(edge.source_id)) {
        depths.set(edge.source_id, depths.get(product)! + 1);
        queue.push(edge.source_id);
      }
    }
  }
  return { edges: ordered, depths, standing };
}

/** The lineage of each product of `productIds`, with its certificates' validities, in one statement (one snapshot). */
export async function readLineages(db: Kysely<MirrorSchema>, productIds: readonly number[]): Promise<Map<number, Lineage>> {
  const lineages = new Map<number, Lineage>();
  if (productIds.length === 0) return lineages;
  const seed = db.selectFrom("products").select("id").where("id", "in", [...productIds]);
  // The sources form a DAG (a source exists before the product): `union` keeps each edge once per origin.
  const { rows } = await sql<LineageEdge & { origin: number }>`
    with recursive lineage(origin, product_id, position, source_id, source_certificate_id) as (
      select s.product_id, s.product_id, s.position, s.source_id, s.source_certificate_id from product_sources s where s.product_id in (${seed})
      union
      select l.origin, s.product_id, s.position, s.source_id, s.source_certificate_id from lineage l join product_sources s on s.product_id = l.source_id
    )
    select l.origin, l.product_id, l.position, l.source_id, l.source_certificate_id, v.validity
    from lineage l left join ${certificateStandings(sql`select source_certificate_id from lineage`)} v on v.id = l.source_certificate_id`.execute(db);
  const byOrigin = new Map<number, LineageEdge[]>();
  for (const row of rows) byOrigin.set(row.origin, [...(byOrigin.get(row.origin) ?? []), row]);
  for (const id of productIds) lineages.set(id, walkLineage(id, byOrigin.get(id) ?? []));
  return lineages;
}
