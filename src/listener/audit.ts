import { getAssessment, getCertificate, getCounts, getListing, getParticipant, getProduct, getTrade } from "../sdk/actions/read";
import type { DatarightsClient } from "../sdk/client";
import type { MirrorDatabase } from "../mirror/database";
import { storableText } from "../mirror/schema";
import type { RowOf } from "../mirror/schema";
import { readCertificateStandings } from "../mirror/validity";
import { timelockOf } from "../sdk/timelock";
import { readMirrorState } from "./apply";

/**
 * `datarights audit-mirror`: compares the mirror with the chain itself, read at the mirror's
 * checkpoint block so later blocks do not count as divergences. Every participant, product
 * (with its lineage edges), certificate, assessment, listing and trade is compared field by
 * field with the contract's getter, or a random sample of each; each certificate's validity, as
 * the mirror computes it (src/mirror/validity.ts), with `validity(tokenId)` at that block. The
 * chain is read through the SDK's read actions, pinned to that block, as typed records.
 */

export type AuditedEntity = "participant" | "product" | "certificate" | "assessment" | "listing" | "trade" | "timelockOperation";

export interface Divergence {
  entity: AuditedEntity;
  id: string;
  field: string;
  mirror: string;
  chain: string;
}

export interface AuditReport {
  block: number;
  /** Per kind; timelock operations only when the deployment has a timelock. */
  checked: Record<Exclude<AuditedEntity, "timelockOperation">, number> & { timelockOperation?: number };
  divergences: Divergence[];
}

export interface AuditOptions {
  database: MirrorDatabase;
  /** A client of the mirrored chain's deployment (reads only). */
  client: DatarightsClient;
  /** Audit at most this many of each kind, chosen at random; all when unset. */
  sample?: number;
  /** Audit at this block (default: the mirror's checkpoint). */
  block?: number;
}

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const ZERO_HASH = `0x${"0".repeat(64)}`;

type Fields = Record<string, string>;

/** The text both sides are compared as: ids with 0 for "none", addresses lower case, hashes with zero for "none". */
function text(value: unknown): string {
  if (value === null || value === undefined) return "none";
  if (typeof value === "bigint" || typeof value === "number") return value === 0 || value === 0n ? "none" : value.toString();
  if (typeof value === "string") {
    const lower = value.toLowerCase();
    return lower === ZERO_ADDRESS || lower === ZERO_HASH ? "none" : lower;
  }
  if (Array.isArray(value)) return `[${value.map(text).join(",")}]`;
  return String(value);
}

function compare(entity: AuditedEntity, id: string, mirror: Fields, chain: Fields, into: Divergence[]): void {
  for (const field of Object.keys(chain)) {
    if (mirror[field] !== chain[field]) into.push({ entity, id, field, mirror: mirror[field] ?? "(missing)", chain: chain[field] });
  }
}

function pick<T>(items: readonly T[], sample: number | undefined): T[] {
  if (sample === undefined || items.length <= sample) return [...items];
  const copy = [...items];
  for (let index = copy.length - 1; index > 0; index--) {
    const other = Math.floor(Math.random() * (index + 1));
    [copy[index], copy[other]] = [copy[other], copy[index]];
  }
  return copy.slice(0, sample);
}

async function inChunks<T, R>(items: readonly T[], work: (item: T) => Promise<R>, size = 200): Promise<R[]> {
  const results: R[] = [];
  for (let start = 0; start < items.length; start += size) results.push(...(await Promise.all(items.slice(start, start + size).map(work))));
  return results;
}

export async function auditMirror(options: AuditOptions): Promise<AuditReport> {
  const { database, client, sample } = options;
  const state = await readMirrorState(database);
  if (!state) throw new Error(`the database at ${database.description} holds no mirror yet: run \`datarights listen\` first`);
  const block = options.block ?? state.checkpointBlock;
  const at = { blockNumber: block };
  const divergences: Divergence[] = [];
  const checked: AuditReport["checked"] = { participant: 0, product: 0, certificate: 0, assessment: 0, listing: 0, trade: 0 };

  // Missing or extra entities: the chain's counts against the mirror's.
  const chainCounts = await getCounts(client, at);
  const counts = [chainCounts.participants, chainCounts.products, chainCounts.certificates, chainCounts.assessments, chainCounts.trades];
  const mirrorCounts = await Promise.all(
    ["participants", "products", "certificates", "assessments", "trades"].map(async (table) => (await database.query<{ count: number }>(`select count(*)::int8 as count from ${table}`))[0].count),
  );
  (["participant", "product", "certificate", "assessment", "trade"] as const).forEach((entity, index) => {
    if (BigInt(mirrorCounts[index]) !== counts[index]) {
      divergences.push({ entity, id: "*", field: "count", mirror: String(mirrorCounts[index]), chain: counts[index].toString() });
    }
  });

  const participants = pick(await database.query<RowOf<"participants">>("select * from participants order by account"), sample);
  await inChunks(participants, async (row) => {
    const chain = await getParticipant(client, { account: row.account, ...at });
    checked.participant += 1;
    compare("participant", row.account, {
      status: row.status, kinds: text(row.kinds), assessmentKinds: text(row.assessment_kinds), jurisdiction: row.jurisdiction,
      accreditedUntil: text(row.accredited_until), updatedAt: text(row.updated_at), dossierHash: text(row.dossier_hash),
    }, {
      status: chain.status, kinds: text(chain.kinds), assessmentKinds: text(chain.assessmentKinds), jurisdiction: chain.jurisdiction,
      accreditedUntil: text(chain.accreditedUntil), updatedAt: text(chain.updatedAt), dossierHash: text(chain.dossierHash),
    }, divergences);
  });

  const products = pick(await database.query<RowOf<"products">>("select * from products order by id"), sample);
  const edges = new Map<number, RowOf<"product_sources">[]>();
  for (const edge of await database.query<RowOf<"product_sources">>("select * from product_sources order by product_id, position")) {
    edges.set(edge.product_id, [...(edges.get(edge.product_id) ?? []), edge]);
  }
  await inChunks(products, async (row) => {
    const chain = await getProduct(client, { productId: BigInt(row.id), ...at });
    checked.product += 1;
    const mine = edges.get(row.id) ?? [];
    compare("product", String(row.id), {
      provider: text(row.provider), productType: row.product_type, sourceCategory: row.source_category, classification: row.classification,
      status: row.status, statusBeforeSuspension: row.status_before_suspension, containsPersonalInfo: String(row.contains_personal_info),
      openObjections: text(row.open_objections), jurisdiction: row.jurisdiction, registeredAt: text(row.registered_at),
      previousVersion: text(row.previous_version), supersededBy: text(row.superseded_by), contentHash: text(row.content_hash),
      originDeclarationHash: text(row.origin_declaration_hash), descriptionHash: text(row.description_hash), metadataURI: row.metadata_uri,
      sources: text(mine.map((edge) => edge.source_id)), sourceCertificates: text(mine.map((edge) => edge.source_certificate_id)),
    }, {
      provider: text(chain.provider), productType: chain.productType, sourceCategory: chain.sourceCategory, classification: chain.classification,
      status: chain.status, statusBeforeSuspension: chain.statusBeforeSuspension, containsPersonalInfo: String(chain.containsPersonalInfo),
      openObjections: text(chain.openObjections), jurisdiction: chain.jurisdiction, registeredAt: text(chain.registeredAt),
      previousVersion: text(chain.previousVersion), supersededBy: text(chain.supersededBy), contentHash: text(chain.contentHash),
      originDeclarationHash: text(chain.originDeclarationHash), descriptionHash: text(chain.descriptionHash), metadataURI: storableText(chain.metadataURI),
      sources: text(chain.sources.map((source) => source.productId)),
      sourceCertificates: text(chain.sources.map((source) => source.certificateId)),
    }, divergences);
  });

  const certificates = pick(await database.query<RowOf<"certificates">>("select * from certificates order by id"), sample);
  // Validity at the audited block's time: as the mirror keeps it (the checkpoint's header is always
  // kept, and the API judges expiry by it), or as the chain says for a block the mirror lacks.
  let time = (await database.query<{ timestamp: number }>("select timestamp from blocks where number = $1", [block]))[0]?.timestamp;
  if (time === undefined) {
    const header = await client.provider.getBlock(block);
    if (!header) throw new Error(`cannot read block ${block}'s time from the chain`);
    time = header.timestamp;
  }
  const standings = await readCertificateStandings(database.db, sample === undefined ? "all" : certificates.map((row) => row.id), time);
  await inChunks(certificates, async (row) => {
    const chain = await getCertificate(client, { certificateId: BigInt(row.id), ...at });
    checked.certificate += 1;
    compare("certificate", String(row.id), {
      productId: text(row.product_id), category: row.category, status: row.status, issuedAt: text(row.issued_at), expiresAt: text(row.expires_at),
      parentId: text(row.parent_id), predecessorId: text(row.predecessor_id), successorId: text(row.successor_id), holder: text(row.holder),
      issuer: text(row.issuer), pledgee: text(row.pledgee), openObjections: text(row.open_objections), scopeHash: text(row.scope_hash),
      evidenceHash: text(row.evidence_hash), tradeId: text(row.trade_id), validity: standings.get(row.id)?.validity ?? "(missing)",
    }, {
      productId: text(chain.productId), category: chain.category, status: chain.status,
      issuedAt: text(chain.issuedAt), expiresAt: text(chain.expiresAt), parentId: text(chain.parentId), predecessorId: text(chain.predecessorId),
      successorId: text(chain.successorId), holder: text(chain.holder), issuer: text(chain.issuer), pledgee: text(chain.pledgee),
      openObjections: text(chain.openObjections), scopeHash: text(chain.scopeHash), evidenceHash: text(chain.evidenceHash), tradeId: text(chain.tradeId),
      validity: chain.validity,
    }, divergences);
  });

  const assessments = pick(await database.query<RowOf<"assessments">>("select * from assessments order by id"), sample);
  await inChunks(assessments, async (row) => {
    const chain = await getAssessment(client, { assessmentId: BigInt(row.id), ...at });
    checked.assessment += 1;
    compare("assessment", String(row.id), {
      assessor: text(row.assessor), productId: text(row.product_id), kind: row.kind, passed: String(row.passed), revoked: String(row.revoked),
      issuedAt: text(row.issued_at), expiresAt: text(row.expires_at), previousId: text(row.previous_id), reportHash: text(row.report_hash),
    }, {
      assessor: text(chain.assessor), productId: text(chain.productId), kind: chain.kind, passed: String(chain.passed),
      revoked: String(chain.revoked), issuedAt: text(chain.issuedAt), expiresAt: text(chain.expiresAt), previousId: text(chain.previousId),
      reportHash: text(chain.reportHash),
    }, divergences);
  });

  const listings = pick(await database.query<RowOf<"listings">>("select * from listings order by product_id"), sample);
  await inChunks(listings, async (row) => {
    const chain = await getListing(client, { productId: BigInt(row.product_id), ...at });
    checked.listing += 1;
    // A slot never set is null; a Negotiable price has no amount and no currency.
    const { price, proposedPrice: proposed } = chain;
    compare("listing", String(row.product_id), {
      rightOffered: row.right_offered, licenceDuration: text(row.licence_duration), permittedJurisdictions: text(row.permitted_jurisdictions),
      priceMethod: text(row.price_method), priceAmount: text(row.price_amount), priceCurrency: text(row.price_currency),
      priceProposedBy: text(row.price_proposed_by), priceSetAt: text(row.price_set_at), proposedMethod: text(row.proposed_method),
      proposedAmount: text(row.proposed_amount), proposedCurrency: text(row.proposed_currency), proposedBy: text(row.proposed_by),
      proposedAt: text(row.proposed_at),
    }, {
      rightOffered: chain.rightOffered, licenceDuration: text(chain.licenceDuration), permittedJurisdictions: text(chain.permittedJurisdictions),
      priceMethod: text(price?.method), priceAmount: text(price?.amount), priceCurrency: text(price?.currency), priceProposedBy: text(price?.proposedBy),
      priceSetAt: text(price?.setAt), proposedMethod: text(proposed?.method), proposedAmount: text(proposed?.amount),
      proposedCurrency: text(proposed?.currency), proposedBy: text(proposed?.proposedBy), proposedAt: text(proposed?.setAt),
    }, divergences);
  });

  const trades = pick(await database.query<RowOf<"trades">>("select * from trades order by id"), sample);
  await inChunks(trades, async (row) => {
    const chain = await getTrade(client, { tradeId: BigInt(row.id), ...at });
    checked.trade += 1;
    compare("trade", String(row.id), {
      productId: text(row.product_id), seller: text(row.seller), buyer: text(row.buyer), rightGranted: row.right_granted, status: row.status,
      statusBeforeDispute: row.status_before_dispute, crossBorder: String(row.cross_border), sellerCancelled: String(row.seller_cancelled),
      buyerCancelled: String(row.buyer_cancelled), licenceExpiresAt: text(row.licence_expires_at), sellerCertificateId: text(row.seller_certificate_id),
      buyerCertificateId: text(row.buyer_certificate_id), dealDigest: text(row.deal_digest), deliveryHash: text(row.delivery_hash),
      paymentReference: text(row.payment_reference),
    }, {
      productId: text(chain.productId), seller: text(chain.seller), buyer: text(chain.buyer), rightGranted: chain.rightGranted,
      status: chain.status, statusBeforeDispute: chain.statusBeforeDispute,
      crossBorder: String(chain.crossBorder), sellerCancelled: String(chain.sellerCancelled), buyerCancelled: String(chain.buyerCancelled),
      licenceExpiresAt: text(chain.licenceExpiresAt), sellerCertificateId: text(chain.sellerCertificateId), buyerCertificateId: text(chain.buyerCertificateId),
      dealDigest: text(chain.dealDigest), deliveryHash: text(chain.deliveryHash), paymentReference: text(chain.paymentReference),
    }, divergences);
  });

  if (client.deployment.timelock) await auditTimelock(database, client, block, sample, checked, divergences);
  return { block, checked, divergences };
}

/** The chain's getOperationState of each state the mirror keeps (Unset after a cancel; Waiting or Ready while pending). */
const CHAIN_STATES = ["cancelled", "pending", "pending", "done"] as const;

/**
 * The timelock's operations: each one the mirror holds, its status and ready time against
 * `getOperationState` and `getTimestamp` at the audited block (a cancelled operation has neither).
 */
async function auditTimelock(
  database: MirrorDatabase, client: DatarightsClient, block: number, sample: number | undefined, checked: AuditReport["checked"], divergences: Divergence[],
): Promise<void> {
  const timelock = timelockOf(client);
  const address = client.deployment.timelock!.address.toLowerCase();
  const rows = pick(await database.query<RowOf<"timelock_operations">>("select * from timelock_operations where timelock = $1 order by id", [address]), sample);
  checked.timelockOperation = 0;
  await inChunks(rows, async (row) => {
    const at = { blockTag: block };
    const [state, timestamp] = await Promise.all([timelock.getOperationState(row.id, at), timelock.getTimestamp(row.id, at)]);
    checked.timelockOperation! += 1;
    const status = CHAIN_STATES[Number(state)] ?? `state ${state}`;
    // getTimestamp is the ready time while pending, 1 once done, 0 once cancelled.
    const readyAt = status === "pending" ? timestamp.toString() : status === "done" ? "done" : "none";
    compare("timelockOperation", row.id, {
      status: row.status, readyAt: row.status === "pending" ? String(row.ready_at) : row.status === "done" ? "done" : "none",
    }, { status, readyAt }, divergences);
  });
  // An operation the chain scheduled that the mirror lacks.
  const scheduled = await timelock.queryFilter(timelock.filters.CallScheduled(), client.deployment.timelock!.deployBlock, block);
  const mirrored = new Set((await database.query<{ id: string }>("select id from timelock_operations where timelock = $1", [address])).map((row) => row.id));
  for (const id of new Set(scheduled.map((log) => log.args.id.toLowerCase()))) {
    if (!mirrored.has(id)) divergences.push({ entity: "timelockOperation", id, field: "scheduled", mirror: "(missing)", chain: "scheduled" });
  }
}
