import { getAddress } from "ethers";
import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { MirrorSchema } from "../mirror/schema";
import { CHECKPOINT_TIME, certificateStandings, readLineages } from "../mirror/validity";
import { CLASSIFICATIONS, PRODUCT_TYPES, REQUIREMENT_SCOPES, SOURCE_CATEGORIES } from "../sdk/names";

/**
 * The control room's alerts: violations and deadlines the mirror shows, each computed in SQL at
 * the mirror's checkpoint block time (the clock of src/mirror/validity.ts), never the wall
 * clock, so they change only with the chain.
 */

import { ALERT_KINDS } from "./shapes";
import type { Alert, Severity } from "./shapes";
export { ALERT_KINDS, SEVERITIES } from "./shapes";
export type { Alert, AlertKind, Severity } from "./shapes";

export interface AlertOptions {
  /** A dispute open longer than this is an alert (seconds; 7 days). */
  disputeAlertAfterSeconds?: number;
  /** Accreditations and assessments expiring within this are alerts (seconds; 30 days). */
  expiryWarningSeconds?: number;
}

/** Trade states that are not final. */
export const OPEN_TRADE_STATUSES = ["Confirmed", "Delivered", "Disputed"] as const;
const DAY = 86_400;
const NEVER = 2 ** 40 - 1;

const iso = (seconds: number | null): string | null => (seconds === null || seconds >= NEVER ? null : new Date(seconds * 1000).toISOString());
const date = (seconds: number): string => new Date(seconds * 1000).toISOString().slice(0, 10);
const SEVERITY_ORDER: Record<Severity, number> = { high: 0, medium: 1, low: 2 };

/** A text[] literal of enum names (their index is their value). */
const textArray = (names: readonly string[]) => sql`array[${sql.join(names.map((name) => sql.lit(name)))}]::text[]`;

/**
 * The value product `p` has for a requirement scope, as `AssessmentRegistry.requiredKinds` reads
 * it (an enum's value is its index).
 */
function productValue(scope: (typeof REQUIREMENT_SCOPES)[number]) {
  switch (scope) {
    case "Base":
      return sql`0`;
    case "PersonalInformation":
      return sql`case when p.contains_personal_info then 1 else 0 end`;
    case "SourceCategory":
      return sql`array_position(${textArray(SOURCE_CATEGORIES)}, p.source_category) - 1`;
    case "Classification":
      return sql`array_position(${textArray(CLASSIFICATIONS)}, p.classification) - 1`;
    case "ProductType":
      return sql`array_position(${textArray(PRODUCT_TYPES)}, p.product_type) - 1`;
    default: {
      const unknown: never = scope;
      throw new Error(`no product value for requirement scope ${String(unknown)}`);
    }
  }
}

const none = { productId: null, tradeId: null, certificateId: null, account: null, since: null };

/** The alerts at the mirror's checkpoint: `at` is that block's time. */
export async function readAlerts(db: Kysely<MirrorSchema>, options: AlertOptions = {}): Promise<{ at: string; items: Alert[] }> {
  const disputeAfter = options.disputeAlertAfterSeconds ?? 7 * DAY;
  const warning = options.expiryWarningSeconds ?? 30 * DAY;
  const open = sql.join(OPEN_TRADE_STATUSES.map((status) => sql.lit(status)));
  const clock = sql`clock(t) as (select ${CHECKPOINT_TIME})`;
  // The latest finding of each kind on each product (the contract's `latestAssessment`).
  const latest = sql`latest as (select distinct on (a.product_id, a.kind) a.* from assessments a order by a.product_id, a.kind, a.id desc)`;

  const [time, policy, frozen, crossBorder, accreditations, assessments, disputes, licences, listed, documents] = await Promise.all([
    sql<{ t: number }>`with ${clock} select t from clock`.execute(db),
    // AssessmentRegistry.requiredKinds / isKindSatisfied: each (scope, value) requirement the
    // product matches adds its kinds; a kind is satisfied by its latest finding passed, unrevoked,
    // unexpired, by an assessor accredited for the kind.
    sql<{
      product_id: number; kind: string; assessment_id: number | null; passed: boolean | null; revoked: boolean | null; expires_at: number | null;
      revoked_at: number | null; assessor: string | null; accredited: boolean | null; accredited_until: number | null;
    }>`
      with ${clock}, ${latest},
      required as (
        select distinct p.id as product_id, unnest(r.kinds) as kind
        from products p join assessment_requirements r
          on r.value = (array[${sql.join(REQUIREMENT_SCOPES.map(productValue))}]::int4[])[array_position(${textArray(REQUIREMENT_SCOPES)}, r.scope)]
        where p.status = 'Listed'
      )
      select q.product_id, q.kind, a.id as assessment_id, a.passed, a.revoked, a.expires_at, a.revoked_at, a.assessor,
        (pa.status = 'Active' and coalesce(pa.accredited_until > clock.t, false) and 'Assessor' = any(pa.kinds) and q.kind = any(pa.assessment_kinds)) as accredited,
        pa.accredited_until
      from required q cross join clock
      left join latest a on a.product_id = q.product_id and a.kind = q.kind
      left join participants pa on pa.account = a.assessor
      where a.id is null or not a.passed or a.revoked or a.expires_at <= clock.t
        or not coalesce(pa.status = 'Active' and coalesce(pa.accredited_until > clock.t, false) and 'Assessor' = any(pa.kinds) and q.kind = any(pa.assessment_kinds), false)
      order by q.product_id, q.kind`.execute(db),
    sql<{ trade_id: number; product_id: number; buyer: string; status: string; product_status: string; open_objections: number; frozen_since: number | null; revoked_since: number | null }>`
      select t.id as trade_id, t.product_id, t.buyer, t.status, p.status as product_status, p.open_objections,
        (select max(o.lodged_at) from objections o where o.registry = 'DataProductRegistry' and o.target_id = p.id and o.status = 'Open') as frozen_since,
        (select max(h.at) from product_status_history h where h.product_id = p.id and h.status = 'Revoked') as revoked_since
      from trades t join products p on p.id = t.product_id
      where t.status in (${open}) and (p.open_objections > 0 or p.status = 'Revoked')
      order by t.id`.execute(db),
    sql<{ id: number; product_id: number; buyer: string; seller: string; status: string; confirmed_at: number; buyer_jurisdiction: string | null; jurisdiction: string }>`
      select t.id, t.product_id, t.buyer, t.seller, t.status, t.confirmed_at, b.jurisdiction as buyer_jurisdiction, p.jurisdiction
      from trades t join products p on p.id = t.product_id left join participants b on b.account = t.buyer
      where t.cross_border order by t.id`.execute(db),
    sql<{ account: string; kinds: string[]; accredited_until: number; lapsed: boolean }>`
      with ${clock}
      select pa.account, pa.kinds, pa.accredited_until, pa.accredited_until <= clock.t as lapsed
      from participants pa cross join clock
      where pa.status = 'Active' and pa.accredited_until is not null and pa.accredited_until <= clock.t + ${warning}::int8
      order by pa.accredited_until, pa.account`.execute(db),
    sql<{ id: number; product_id: number; kind: string; assessor: string; expires_at: number; expired: boolean }>`
      with ${clock}, ${latest}
      select a.id, a.product_id, a.kind, a.assessor, a.expires_at, a.expires_at <= clock.t as expired
      from latest a cross join clock join products p on p.id = a.product_id
      where a.passed and not a.revoked and p.status <> 'Revoked' and a.expires_at <= clock.t + ${warning}::int8
      order by a.expires_at, a.id`.execute(db),
    sql<{ id: number; product_id: number; buyer: string; disputed_at: number }>`
      with ${clock}
      select t.id, t.product_id, t.buyer, d.at as disputed_at
      from trades t cross join clock
      join lateral (select max(e.at) as at from trade_events e where e.trade_id = t.id and e.status = 'Disputed') d on true
      where t.status = 'Disputed' and d.at <= clock.t - ${disputeAfter}::int8
      order by d.at, t.id`.execute(db),
    sql<{ id: number; product_id: number; holder: string; invalid_ancestor_id: number | null }>`
      select c.id, c.product_id, c.holder, v.invalid_ancestor_id
      from certificates c join ${certificateStandings(db.selectFrom("certificates").select("id").where("parent_id", "is not", null))} v on v.id = c.id
      where v.validity = 'AncestorInvalid' order by c.id`.execute(db),
    db.selectFrom("products").select("id").where("status", "=", "Listed").orderBy("id").execute(),
    readDocumentMismatches(db),
  ]);
  const at = time.rows[0].t;

  const items: Alert[] = [];
  for (const row of policy.rows) {
    let problem: string;
    let since: number | null = null;
    if (row.assessment_id === null) problem = `no ${row.kind} assessment is recorded`;
    else if (!row.passed) problem = `its ${row.kind} assessment ${row.assessment_id} failed`;
    else if (row.revoked) [problem, since] = [`its ${row.kind} assessment ${row.assessment_id} was revoked`, row.revoked_at];
    else if (row.expires_at! <= at) [problem, since] = [`its ${row.kind} assessment ${row.assessment_id} expired on ${date(row.expires_at!)}`, row.expires_at];
    else [problem, since] = [`the assessor of its ${row.kind} assessment ${row.assessment_id} is not accredited for ${row.kind}`, row.accredited_until];
    items.push({
      ...none, id: `listed-policy-lapsed:${row.product_id}:${row.kind}`, kind: "listed-policy-lapsed", severity: "high", productId: row.product_id, since: iso(since),
      message: `product ${row.product_id} is Listed but its policy lapsed: ${problem}`,
    });
  }
  const lineages = await readLineages(db, listed.map((row) => row.id));
  for (const [productId, lineage] of lineages) {
    if (lineage.standing.intact) continue;
    const edge = lineage.standing.brokenEdge;
    items.push({
      ...none, id: `listed-lineage-broken:${productId}`, kind: "listed-lineage-broken", severity: "high", productId, certificateId: edge.certificateId,
      message: `product ${productId} is Listed but its lineage is broken: product ${edge.productId} was registered from product ${edge.sourceId} under certificate ${edge.certificateId}, which is ${edge.validity}`,
    });
  }
  for (const row of frozen.rows) {
    const kind = row.product_status === "Revoked" ? "trade-open-on-revoked-product" : "trade-open-on-frozen-product";
    items.push({
      ...none, id: `${kind}:${row.trade_id}`, kind, severity: "high", productId: row.product_id, tradeId: row.trade_id, account: getAddress(row.buyer),
      since: iso(kind === "trade-open-on-revoked-product" ? row.revoked_since : row.frozen_since),
      message: `trade ${row.trade_id} is ${row.status} on product ${row.product_id}, which is ${kind === "trade-open-on-revoked-product" ? "Revoked" : "frozen by an open objection"}`,
    });
    // A revoked product that is also frozen: both alerts.
    if (kind === "trade-open-on-revoked-product" && row.open_objections > 0) {
      items.push({
        ...none, id: `trade-open-on-frozen-product:${row.trade_id}`, kind: "trade-open-on-frozen-product", severity: "high", productId: row.product_id,
        tradeId: row.trade_id, account: getAddress(row.buyer), since: iso(row.frozen_since),
        message: `trade ${row.trade_id} is ${row.status} on product ${row.product_id}, which is frozen by an open objection`,
      });
    }
  }
  for (const row of licences.rows) {
    items.push({
      ...none, id: `licence-under-invalid-ancestor:${row.id}`, kind: "licence-under-invalid-ancestor", severity: "high", productId: row.product_id,
      certificateId: row.id, account: getAddress(row.holder),
      message: `certificate ${row.id} of product ${row.product_id} is held under an invalid ancestor${row.invalid_ancestor_id !== null ? ` (certificate ${row.invalid_ancestor_id})` : ""}`,
    });
  }
  for (const row of crossBorder.rows) {
    const isOpen = (OPEN_TRADE_STATUSES as readonly string[]).includes(row.status);
    items.push({
      ...none, id: `cross-border-trade:${row.id}`, kind: "cross-border-trade", severity: isOpen ? "medium" : "low", productId: row.product_id, tradeId: row.id,
      account: getAddress(row.buyer), since: iso(row.confirmed_at),
      message: `trade ${row.id} (${row.status}) takes product ${row.product_id} from ${row.jurisdiction} to a buyer in ${row.buyer_jurisdiction ?? "another jurisdiction"}`,
    });
  }
  for (const row of accreditations.rows) {
    items.push({
      ...none, id: `accreditation-expiring:${row.account}`, kind: "accreditation-expiring", severity: row.lapsed ? "high" : "medium", account: getAddress(row.account),
      since: iso(row.accredited_until),
      message: `the accreditation of ${getAddress(row.account)} (${row.kinds.join(", ")}) ${row.lapsed ? "lapsed" : "expires"} on ${date(row.accredited_until)}`,
    });
  }
  for (const row of assessments.rows) {
    items.push({
      ...none, id: `assessment-expiring:${row.product_id}:${row.kind}`, kind: "assessment-expiring", severity: row.expired ? "high" : "medium", productId: row.product_id,
      account: getAddress(row.assessor), since: iso(row.expires_at),
      message: `the ${row.kind} assessment ${row.id} of product ${row.product_id} ${row.expired ? "expired" : "expires"} on ${date(row.expires_at)}`,
    });
  }
  for (const row of disputes.rows) {
    items.push({
      ...none, id: `dispute-open-too-long:${row.id}`, kind: "dispute-open-too-long", severity: "medium", productId: row.product_id, tradeId: row.id,
      account: getAddress(row.buyer), since: iso(row.disputed_at),
      message: `trade ${row.id} has been disputed since ${date(row.disputed_at)}, ${Math.floor((at - row.disputed_at) / DAY)} days, with no resolution`,
    });
  }
  for (const row of documents) {
    items.push({
      ...none, id: `document-mismatch:${row.product_id}`, kind: "document-mismatch", severity: "high", productId: row.product_id, since: iso(row.checked_at),
      message: `the description document of product ${row.product_id} does not match its registered hash ${row.hash}${row.problem ? `: ${row.problem}` : ""}`,
    });
  }
  items.sort((a, b) => SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || ALERT_KINDS.indexOf(a.kind) - ALERT_KINDS.indexOf(b.kind) || a.id.localeCompare(b.id, "en", { numeric: true }));
  return { at: new Date(at * 1000).toISOString(), items };
}

/** Products whose description document does not match its hash (as the listener last read it). */
async function readDocumentMismatches(db: Kysely<MirrorSchema>): Promise<{ product_id: number; hash: string; problem: string | null; checked_at: number }[]> {
  return db.selectFrom("products as p").innerJoin("product_documents as d", "d.hash", "p.description_hash")
    .select(["p.id as product_id", "d.hash", "d.problem", "d.checked_at"]).where("d.status", "=", "mismatch").orderBy("p.id").execute();
}
