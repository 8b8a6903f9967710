import { Interface, getAddress } from "ethers";
import { sql } from "kysely";
import { createEventDecoder } from "../listener/decode";
import type { EventDecoder } from "../listener/decode";
import { earlierEpochsOf } from "../listener/apply";
import type { MirroredAddresses } from "../listener/apply";
import { EMITTERS, EMITTER_NAMES } from "../listener/events";
import type { DecodedEvent, EmitterName } from "../listener/events";
import { encodeLogs } from "../listener/logs";
import type { MirrorDatabase } from "../mirror/database";
import {
  ASSESSMENT_KINDS, CERTIFICATE_STATUSES, PARTICIPANT_STATUSES, PRICING_METHODS, PRODUCT_STATUSES, PRODUCT_TYPES, REQUIREMENT_SCOPES,
  RIGHT_CATEGORIES, SOURCE_CATEGORIES, TRADE_STATUSES, codeText, enumName, formatMoney, isoDate, maskNames,
} from "../sdk/names";
import { ROLES } from "../sdk/roles";

/**
 * The exchange's activity feed: registration acts, certificate acts, assessments, listings,
 * trade state changes, accreditation changes and objections, one item per contract event, read
 * from the mirror's raw logs (every event the mirror applied, in its own (block, log index)
 * order) and decoded with the listener's decoder. The ERC-721 plumbing (Transfer, Locked), the
 * module links and the ProductStatusChanged None → Registered that follows every registration
 * are left out.
 *
 * `createActivityHub` is the one poller of an API process: it watches the mirror's checkpoint
 * (mirror_state), reads what a new checkpoint added, and hands each new item, serialised once as
 * a server-sent event, to every subscriber. Its `generation` changes whenever the checkpoint
 * does: the response cache keys on it.
 */

import { ACTIVITY_KINDS } from "./shapes";
import type { Activity } from "./shapes";
export { ACTIVITY_KINDS };
export type { Activity, ActivityKind } from "./shapes";

/** A position in the chain's log order. */
export interface LogPosition {
  block: number;
  logIndex: number;
}

export const positionOf = (activity: Pick<Activity, "blockNumber" | "logIndex">): LogPosition => ({ block: activity.blockNumber, logIndex: activity.logIndex });
export const comparePositions = (a: LogPosition, b: LogPosition): number => a.block - b.block || a.logIndex - b.logIndex;

/** Events that are not activity: ERC-721 plumbing, wiring, never-emitted declarations. */
const SKIPPED: Partial<Record<EmitterName, string[]>> = {
  RightsCertificate: ["Transfer", "Locked", "Unlocked", "Approval", "ApprovalForAll"],
  DataProductRegistry: ["ModulesLinked"],
  ParticipantRegistry: ["RoleAdminChanged"],
  AssessmentRegistry: ["EIP712DomainChanged"],
  TradeLedger: ["EIP712DomainChanged"],
};
const SKIPPED_TOPICS: string[] = EMITTER_NAMES.flatMap((contract) => {
  const abi = new Interface(EMITTERS[contract]);
  return (SKIPPED[contract] ?? []).map((name) => abi.getEvent(name)!.topicHash.slice(2));
});

const ROLE_NAMES = new Map<string, string>(Object.entries(ROLES).map(([role, hash]) => [hash, role.toUpperCase()]));

interface RawActivityRow {
  block_number: number;
  log_index: number;
  block_hash: Uint8Array;
  transaction_hash: Uint8Array;
  transaction_index: number;
  address: Uint8Array;
  topic0: Uint8Array | null;
  topic1: Uint8Array | null;
  topic2: Uint8Array | null;
  topic3: Uint8Array | null;
  data: Uint8Array;
  timestamp: number;
}

/** An activity with its block's hash, which the hub keeps to tell a reorganised block from a kept one. */
export interface HubActivity {
  activity: Activity;
  blockHash: string;
}

const hex = (bytes: Uint8Array): string => `0x${Buffer.from(bytes).toString("hex")}`;

/** How many hex digits of its block's hash an activity's id carries. */
export const ID_HASH_DIGITS = 8;
/** The id of the activity at `block`:`logIndex` of the block with hash `blockHash` (0x-prefixed). */
export const activityId = (block: number, logIndex: number, blockHash: string): string => `${block}:${logIndex}:${blockHash.slice(2, 2 + ID_HASH_DIGITS).toLowerCase()}`;

export interface ReadActivitiesOptions {
  /** Only items after this position (ascending order) ... */
  after?: LogPosition;
  /** ... or only before it (descending order). */
  before?: LogPosition;
  /** Only items of blocks up to this one (the checkpoint the caller read). */
  toBlock?: number;
  limit: number;
}

/**
 * Reads activities from the mirror: after `after` oldest first, or newest first (before
 * `before` when given). `decoder` decodes the deployment's logs (see `activityDecoder`).
 */
export async function readActivities(database: MirrorDatabase, decoder: EventDecoder, options: ReadActivitiesOptions): Promise<HubActivity[]> {
  const { db } = database;
  const skipped = sql.join(SKIPPED_TOPICS.map((topic) => sql`decode(${topic}, 'hex')`));
  const conditions = [sql`(r.topic0 is null or r.topic0 not in (${skipped}))`];
  if (options.toBlock !== undefined) conditions.push(sql`r.block_number <= ${options.toBlock}::int8`);
  const direction = options.after ? sql`asc` : sql`desc`;
  // Some logs are not activity (a registration's None → Registered): read on until `limit` items are found.
  const items: HubActivity[] = [];
  let from = options.after ?? options.before;
  for (;;) {
    const page = [...conditions];
    // "After every log of block n" is logIndex Number.MAX_SAFE_INTEGER here: an int4 holds less.
    const logIndex = Math.min(Math.max(from?.logIndex ?? 0, -1), 2_147_483_647);
    if (from) page.push(options.after ? sql`(r.block_number, r.log_index) > (${from.block}::int8, ${logIndex}::int4)` : sql`(r.block_number, r.log_index) < (${from.block}::int8, ${logIndex}::int4)`);
    const want = options.limit - items.length;
    const { rows } = await sql<RawActivityRow>`
      select r.block_number, r.log_index, r.block_hash, r.transaction_hash, r.transaction_index, r.address, r.topic0, r.topic1, r.topic2, r.topic3, r.data, b.timestamp
      from raw_logs r join blocks b on b.number = r.block_number
      where ${sql.join(page, sql` and `)}
      order by r.block_number ${direction}, r.log_index ${direction}
      limit ${want}::int4`.execute(db);
    items.push(...(await toActivities(database, decoder, rows)));
    if (rows.length < want || items.length >= options.limit) return items.slice(0, options.limit);
    const last = rows[rows.length - 1];
    from = { block: last.block_number, logIndex: last.log_index };
  }
}

/** The activities of raw log rows (the logs that are not activity left out). */
async function toActivities(database: MirrorDatabase, decoder: EventDecoder, rows: readonly RawActivityRow[]): Promise<HubActivity[]> {
  const { db } = database;
  if (rows.length === 0) return [];
  const logs = encodeLogs(rows.map((row) => ({
    blockNumber: row.block_number, logIndex: row.log_index, transactionIndex: row.transaction_index, blockHash: hex(row.block_hash),
    transactionHash: hex(row.transaction_hash), address: hex(row.address), data: hex(row.data), blockTimestamp: row.timestamp,
    topics: [row.topic0, row.topic1, row.topic2, row.topic3].filter((topic): topic is Uint8Array => topic !== null).map(hex),
  })));
  const drafts = rows.map((row, index) => {
    let event: DecodedEvent;
    try {
      event = decoder.decodeLog(logs, index);
    } catch {
      return undefined;
    }
    return { row, draft: describe(event) };
  });
  // Trades and certificates name their product only in their first event: look the rest up.
  const trades = new Set<number>();
  const certificates = new Set<number>();
  for (const entry of drafts) {
    if (!entry?.draft || entry.draft.productId !== null) continue;
    if (entry.draft.tradeId !== null) trades.add(entry.draft.tradeId);
    else if (entry.draft.certificateId !== null) certificates.add(entry.draft.certificateId);
  }
  const [tradeProducts, certificateProducts] = await Promise.all([
    trades.size ? db.selectFrom("trades").select(["id", "product_id"]).where("id", "in", [...trades]).execute() : [],
    certificates.size ? db.selectFrom("certificates").select(["id", "product_id"]).where("id", "in", [...certificates]).execute() : [],
  ]);
  const productOfTrade = new Map(tradeProducts.map((row) => [row.id, row.product_id]));
  const productOfCertificate = new Map(certificateProducts.map((row) => [row.id, row.product_id]));
  const items: HubActivity[] = [];
  for (const entry of drafts) {
    if (!entry?.draft) continue;
    const { row, draft } = entry;
    const productId = draft.productId
      ?? (draft.tradeId !== null ? productOfTrade.get(draft.tradeId) : draft.certificateId !== null ? productOfCertificate.get(draft.certificateId) : undefined)
      ?? null;
    items.push({
      blockHash: hex(row.block_hash),
      activity: {
        id: activityId(row.block_number, row.log_index, hex(row.block_hash)),
        kind: draft.kind,
        event: draft.event,
        blockNumber: row.block_number,
        logIndex: row.log_index,
        transactionHash: hex(row.transaction_hash),
        at: new Date(row.timestamp * 1000).toISOString(),
        productId,
        tradeId: draft.tradeId,
        certificateId: draft.certificateId,
        account: draft.account,
        status: draft.status,
        summary: draft.summary,
      },
    });
  }
  return items;
}

/** A decoder of the mirror's deployment (its addresses from mirror_state); undefined before the listener first ran. */
export async function activityDecoder(database: MirrorDatabase): Promise<EventDecoder | undefined> {
  const state = await database.db.selectFrom("mirror_state").select("contracts").where("id", "=", 1).executeTakeFirst();
  if (!state) return undefined;
  const contracts = state.contracts as MirroredAddresses;
  if (EMITTER_NAMES.some((name) => typeof contracts[name] !== "string")) return undefined;
  return createEventDecoder(contracts as Record<EmitterName, string>, earlierEpochsOf(contracts) as Record<EmitterName, string>[]);
}

type Draft = Omit<Activity, "id" | "blockNumber" | "logIndex" | "transactionHash" | "at">;

const num = (value: unknown): number => Number(value as bigint);
const account = (value: unknown): string => getAddress(value as string);
const short = (address: string): string => `${address.slice(0, 6)}…${address.slice(-4)}`;
const idOrNull = (value: unknown): number | null => ((value as bigint) === 0n ? null : Number(value as bigint));

/** The activity of one decoded event; undefined for the events that are not activity. */
function describe(event: DecodedEvent): Draft | undefined {
  const args = event.args as unknown as Record<string, unknown>;
  const base = { event: event.name, productId: null, tradeId: null, certificateId: null, account: null, status: null };
  switch (event.name) {
    case "ProductRegistered": {
      const registration = args.registration as { productType: bigint; sourceCategory: bigint; sources: unknown[] };
      const provider = account(args.provider);
      const previous = idOrNull(args.previousVersion);
      const sources = registration.sources.length;
      return {
        ...base, kind: "registration", productId: num(args.productId), account: provider, status: "Registered",
        summary: `product ${num(args.productId)} (${enumName(PRODUCT_TYPES, registration.productType)}, ${enumName(SOURCE_CATEGORIES, registration.sourceCategory)} data) registered by ${short(provider)}` +
          `${previous !== null ? ` as a new version of product ${previous}` : ""}${sources > 0 ? ` from ${sources} source${sources === 1 ? "" : "s"}` : ""}`,
      };
    }
    case "ProductStatusChanged": {
      const status = enumName(PRODUCT_STATUSES, args.status as bigint);
      const previous = enumName(PRODUCT_STATUSES, args.previousStatus as bigint);
      if (previous === "None") return undefined;
      return {
        ...base, kind: status === "Listed" || status === "Delisted" ? "listing" : "registration", productId: num(args.productId), status,
        summary: `product ${num(args.productId)} ${status} (was ${previous})`,
      };
    }
    case "ProductSuperseded":
      return { ...base, kind: "registration", productId: num(args.productId), summary: `product ${num(args.productId)} superseded by product ${num(args.newVersion)}` };
    case "ObjectionLodged":
    case "ObjectionResolved": {
      const onProduct = event.contract === "DataProductRegistry";
      const target = num(args.targetId);
      const what = onProduct ? `product ${target}` : `certificate ${target}`;
      const lodged = event.name === "ObjectionLodged";
      const status = lodged ? "Open" : args.upheld ? "Upheld" : "Dismissed";
      return {
        ...base, kind: "objection", productId: onProduct ? target : null, certificateId: onProduct ? null : target, status,
        account: lodged ? account(args.claimant) : null,
        summary: lodged
          ? `objection ${num(args.objectionId)} lodged against ${what} by ${short(account(args.claimant))}: it is frozen`
          : `objection ${num(args.objectionId)} against ${what} ${status.toLowerCase()}`,
      };
    }
    case "CertificateIssued": {
      const holder = account(args.holder);
      const parent = idOrNull(args.parentId);
      const category = enumName(RIGHT_CATEGORIES, args.category as bigint);
      return {
        ...base, kind: "certificate", certificateId: num(args.tokenId), productId: num(args.productId), account: holder, status: "Active",
        summary: `certificate ${num(args.tokenId)} (${category} of product ${num(args.productId)}) issued to ${short(holder)}${parent !== null ? `, derived from certificate ${parent}` : ""}`,
      };
    }
    case "CertificateReplaced":
      return {
        ...base, kind: "certificate", certificateId: num(args.predecessorId), status: "Superseded",
        summary: `certificate ${num(args.predecessorId)} replaced by certificate ${num(args.successorId)}`,
      };
    case "CertificateStatusChanged": {
      const status = enumName(CERTIFICATE_STATUSES, args.status as bigint);
      return {
        ...base, kind: "certificate", certificateId: num(args.tokenId), status,
        summary: `certificate ${num(args.tokenId)} ${status} (was ${enumName(CERTIFICATE_STATUSES, args.previousStatus as bigint)})`,
      };
    }
    case "CertificateRenewed":
      return {
        ...base, kind: "certificate", certificateId: num(args.tokenId),
        summary: `certificate ${num(args.tokenId)} renewed until ${isoDate(args.expiresAt as bigint)}`,
      };
    case "CertificatePledged":
    case "CertificateReleased": {
      const pledgee = account(args.pledgee);
      const pledged = event.name === "CertificatePledged";
      return {
        ...base, kind: "certificate", certificateId: num(args.tokenId), account: pledgee,
        summary: pledged ? `certificate ${num(args.tokenId)} pledged to ${short(pledgee)}` : `certificate ${num(args.tokenId)} released by ${short(pledgee)}`,
      };
    }
    case "AssessmentRecorded": {
      const assessor = account(args.assessor);
      const kind = enumName(ASSESSMENT_KINDS, args.kind as bigint);
      const passed = args.passed as boolean;
      return {
        ...base, kind: "assessment", productId: num(args.productId), account: assessor, status: passed ? "Passed" : "Failed",
        summary: `${kind} assessment ${num(args.assessmentId)} of product ${num(args.productId)} ${passed ? "passed" : "failed"} by ${short(assessor)}, valid until ${isoDate(args.expiresAt as bigint)}`,
      };
    }
    case "AssessmentRevoked":
      return {
        ...base, kind: "assessment", productId: num(args.productId), account: account(args.revokedBy), status: "Revoked",
        summary: `assessment ${num(args.assessmentId)} of product ${num(args.productId)} revoked by ${short(account(args.revokedBy))}`,
      };
    case "AssessmentRequirementSet": {
      const kinds = maskNames(ASSESSMENT_KINDS, args.kindsMask as bigint);
      const scope = enumName(REQUIREMENT_SCOPES, args.scope as bigint);
      return {
        ...base, kind: "assessment",
        summary: `policy: ${scope}${scope === "Base" ? "" : ` ${Number(args.value as bigint)}`} requires ${kinds.length ? kinds.join(", ") : "nothing"}`,
      };
    }
    case "ListingTermsSet": {
      const jurisdictions = (args.permittedJurisdictions as string[]).map(codeText);
      return {
        ...base, kind: "listing", productId: num(args.productId),
        summary: `product ${num(args.productId)} offered as ${enumName(RIGHT_CATEGORIES, args.rightOffered as bigint)} for ${Math.round(num(args.licenceDuration) / 86_400)} days to ${jurisdictions.join(", ") || "no jurisdiction"}`,
      };
    }
    case "PriceProposed":
    case "ReferencePriceChanged": {
      const method = enumName(PRICING_METHODS, args.method as bigint);
      const by = account(event.name === "PriceProposed" ? args.proposer : args.proposedBy);
      const price = method === "Negotiable" ? "Negotiable" : `${formatMoney(args.amount as bigint, codeText(args.currency as string))} (${method})`;
      return {
        ...base, kind: "listing", productId: num(args.productId), account: by,
        summary: event.name === "PriceProposed" ? `price of product ${num(args.productId)} proposed by ${short(by)}: ${price}` : `reference price of product ${num(args.productId)}: ${price}`,
      };
    }
    case "TradeConfirmed": {
      const buyer = account(args.buyer);
      const deal = args.deal as { seller: string; crossBorder?: boolean };
      return {
        ...base, kind: "trade", tradeId: num(args.tradeId), productId: num(args.productId), account: buyer, status: "Confirmed",
        summary: `trade ${num(args.tradeId)} confirmed: product ${num(args.productId)} from ${short(account(deal.seller))} to ${short(buyer)}`,
      };
    }
    case "TradeDelivered":
      return { ...base, kind: "trade", tradeId: num(args.tradeId), status: "Delivered", summary: `trade ${num(args.tradeId)} delivered` };
    case "TradeCompleted": {
      const certificate = idOrNull(args.certificateId);
      return {
        ...base, kind: "trade", tradeId: num(args.tradeId), certificateId: certificate, account: account(args.actor), status: "Completed",
        summary: `trade ${num(args.tradeId)} completed${certificate !== null ? `: licence certificate ${certificate} issued` : ""}`,
      };
    }
    case "TradeStatusChanged": {
      const status = enumName(TRADE_STATUSES, args.status as bigint);
      return {
        ...base, kind: "trade", tradeId: num(args.tradeId), account: account(args.actor), status,
        summary: `trade ${num(args.tradeId)} ${status} (was ${enumName(TRADE_STATUSES, args.previousStatus as bigint)}) by ${short(account(args.actor))}`,
      };
    }
    case "TradeCancellationRequested":
      return {
        ...base, kind: "trade", tradeId: num(args.tradeId), account: account(args.party),
        summary: `cancellation of trade ${num(args.tradeId)} requested by ${short(account(args.party))}`,
      };
    case "TradePaymentReferenceAttached":
      return {
        ...base, kind: "trade", tradeId: num(args.tradeId), account: account(args.actor),
        summary: `payment reference attached to trade ${num(args.tradeId)} by ${short(account(args.actor))}`,
      };
    case "DealVoided":
      return {
        ...base, kind: "trade", account: account(args.actor),
        summary: `a deal of ${short(account(args.seller))} to ${short(account(args.buyer))} (nonce ${String(args.nonce)}) voided by ${short(account(args.actor))}`,
      };
    case "NonceFloorRaised":
      return {
        ...base, kind: "trade", account: account(args.account),
        summary: `${short(account(args.account))} cancelled every deal it signed below nonce ${String(args.floor)}`,
      };
    case "ParticipantApplied":
      return {
        ...base, kind: "participant", account: account(args.account), status: "Pending",
        summary: `${short(account(args.account))} applied for accreditation (${codeText(args.jurisdiction as string)})`,
      };
    case "ParticipantAccredited":
      return {
        ...base, kind: "participant", account: account(args.account), status: "Active",
        summary: `${short(account(args.account))} accredited (${codeText(args.jurisdiction as string)}) until ${isoDate(args.accreditedUntil as bigint)}`,
      };
    case "ParticipantStatusChanged": {
      const status = enumName(PARTICIPANT_STATUSES, args.status as bigint);
      return {
        ...base, kind: "participant", account: account(args.account), status,
        summary: `${short(account(args.account))} ${status} (was ${enumName(PARTICIPANT_STATUSES, args.previousStatus as bigint)})`,
      };
    }
    case "RoleGranted":
    case "RoleRevoked": {
      const role = ROLE_NAMES.get(args.role as string) ?? (args.role as string);
      return {
        ...base, kind: "participant", account: account(args.account),
        summary: `role ${role} ${event.name === "RoleGranted" ? "granted to" : "revoked from"} ${short(account(args.account))}`,
      };
    }
    default:
      return undefined;
  }
}

export interface ActivityHubOptions {
  database: MirrorDatabase;
  /** How often the checkpoint is read (ms; 200). */
  pollIntervalMs?: number;
  /** How many recent items a new subscriber receives (50). */
  backlog?: number;
  /** Interval of the comment lines that keep idle streams open (ms; 15,000). */
  heartbeatMs?: number;
}

export interface ActivitySubscriber {
  /** A new activity, with its server-sent event text (serialised once for every subscriber). */
  activity(item: Activity, frame: string): void;
  /** Activities from `fromBlock` on were reorganised away. */
  reorg(fromBlock: number, frame: string): void;
  /** A comment line, to keep the stream open. */
  heartbeat(frame: string): void;
}

export interface ActivityHub {
  /** Changes whenever the mirror's checkpoint does (block or hash); 0 until the first poll. */
  readonly generation: number;
  /** The checkpoint block the hub last saw (-1 before the first poll or without a mirror). */
  readonly checkpoint: number;
  /** The most recent activities, oldest first. */
  recent(): Activity[];
  /** The position of the last activity the hub has handed out (undefined when none). */
  position(): LogPosition | undefined;
  subscribe(subscriber: ActivitySubscriber): () => void;
  subscribers(): number;
  /** Activities after `after`, up to the hub's checkpoint (from memory when it holds them, else from the mirror). */
  since(after: LogPosition, limit: number): Promise<Activity[]>;
  read(options: ReadActivitiesOptions): Promise<Activity[]>;
  /** The hash (0x-prefixed) of the mirror's block `number`, null when the mirror holds none. */
  blockHash(number: number): Promise<string | null>;
  /** Reads the checkpoint once now, or joins the read in flight (the timer calls it too). */
  poll(): Promise<void>;
  /**
   * The generation as of a checkpoint read that began after this call: every block the mirror
   * committed before the call is counted. Concurrent callers share one read (one in flight at a
   * time), so a burst of requests costs one small query.
   */
  freshGeneration(): Promise<number>;
  start(): Promise<void>;
  stop(): Promise<void>;
}

/** The server-sent event of an activity. */
export const activityFrame = (activity: Activity): string => `id: ${activity.id}\nevent: activity\ndata: ${JSON.stringify(activity)}\n\n`;

export function createActivityHub(options: ActivityHubOptions): ActivityHub {
  const { database } = options;
  const pollIntervalMs = options.pollIntervalMs ?? 200;
  const backlog = options.backlog ?? 50;
  const subscribers = new Set<ActivitySubscriber>();
  let ring: HubActivity[] = [];
  let decoder: EventDecoder | undefined;
  let generation = 0;
  let checkpoint: { block: number; hash: string | null } | undefined;
  let documentsMark: string | undefined;
  /** Where the next read starts: the last activity handed out, or the checkpoint read so far. */
  let cursor: LogPosition | undefined;
  let timer: NodeJS.Timeout | undefined;
  let heartbeat: NodeJS.Timeout | undefined;
  let polling: Promise<void> | undefined;
  let stopped = false;

  const withDecoder = async (): Promise<EventDecoder | undefined> => (decoder ??= await activityDecoder(database));

  const publish = (items: HubActivity[]) => {
    for (const item of items) {
      const frame = activityFrame(item.activity);
      for (const subscriber of subscribers) subscriber.activity(item.activity, frame);
      cursor = positionOf(item.activity);
    }
    ring = [...ring, ...items].slice(-backlog);
  };

  async function pollOnce(): Promise<void> {
    const previous = checkpoint;
    // Product documents are resolved beside the block writer, with no block of their own: a
    // changed answer (a new revision) is a new generation too, so no cached answer outlives it.
    const { rows } = await sql<{ checkpoint_block: number; checkpoint_hash: string | null; previous_hash: string | null; documents_mark: string }>`
      select s.checkpoint_block, s.checkpoint_hash,
        (select b.hash from blocks b where b.number = ${previous?.block ?? -1}::int8) as previous_hash,
        (select coalesce(max(d.revision), 0)::text from product_documents d) as documents_mark
      from mirror_state s where s.id = 1`.execute(database.db);
    const state = rows[0];
    if (!state) return;
    const documentsChanged = documentsMark !== undefined && documentsMark !== state.documents_mark;
    documentsMark = state.documents_mark;
    if (previous && previous.block === state.checkpoint_block && previous.hash === state.checkpoint_hash) {
      if (documentsChanged) generation += 1;
      return;
    }
    const current = { block: state.checkpoint_block, hash: state.checkpoint_hash };
    const activeDecoder = await withDecoder();
    if (!previous) {
      // The first look: the recent past becomes the backlog, nothing is announced.
      if (activeDecoder) ring = (await readActivities(database, activeDecoder, { toBlock: current.block, limit: backlog })).reverse();
      cursor = ring.length ? positionOf(ring[ring.length - 1].activity) : { block: current.block, logIndex: Number.MAX_SAFE_INTEGER };
      checkpoint = current;
      generation += 1;
      return;
    }
    // A reorganisation: the checkpoint went back, or the block it was at is gone or changed.
    const reorganised = current.block < previous.block || (previous.hash !== null && state.previous_hash !== previous.hash);
    if (reorganised) await rewind(current.block);
    checkpoint = current;
    generation += 1;
    if (!activeDecoder) return;
    for (;;) {
      const items = await readActivities(database, activeDecoder, { after: cursor, toBlock: current.block, limit: 500 });
      publish(items);
      if (items.length < 500) break;
    }
    // Nothing more below the checkpoint: later reads start after it.
    if (comparePositions(cursor ?? { block: -1, logIndex: 0 }, { block: current.block, logIndex: 0 }) < 0) cursor = { block: current.block, logIndex: Number.MAX_SAFE_INTEGER };
  }

  /** Drops the remembered activities whose block is past `checkpointBlock` or no longer the mirror's, and tells the subscribers. */
  async function rewind(checkpointBlock: number): Promise<void> {
    const numbers = [...new Set(ring.map((item) => item.activity.blockNumber))];
    const stored = numbers.length
      ? await database.db.selectFrom("blocks").select(["number", "hash"]).where("number", "in", numbers).execute()
      : [];
    const hashes = new Map(stored.map((row) => [row.number, row.hash]));
    const firstGone = ring.findIndex((item) => item.activity.blockNumber > checkpointBlock || hashes.get(item.activity.blockNumber) !== item.blockHash);
    const kept = firstGone === -1 ? ring : ring.slice(0, firstGone);
    const fromBlock = firstGone === -1
      ? Math.min(checkpointBlock, cursor?.block ?? checkpointBlock) + 1
      : ring[firstGone].activity.blockNumber;
    ring = kept;
    cursor = kept.length ? positionOf(kept[kept.length - 1].activity) : { block: fromBlock - 1, logIndex: Number.MAX_SAFE_INTEGER };
    const frame = `event: reorg\ndata: ${JSON.stringify({ fromBlock })}\n\n`;
    for (const subscriber of subscribers) subscriber.reorg(fromBlock, frame);
  }

  /** Polls are numbered: `completed` is the number of the last one that finished. */
  let started = 0;
  let completed = 0;
  const poll = (): Promise<void> => {
    if (!polling) {
      const number = ++started;
      polling = pollOnce().then(() => {
        completed = Math.max(completed, number);
      }).finally(() => {
        polling = undefined;
      });
    }
    return polling;
  };
  const freshGeneration = async (): Promise<number> => {
    // A read that starts from now on: the one after the read in flight, if any.
    const needed = started + 1;
    while (completed < needed) {
      if (polling && started >= needed) await polling;
      else if (polling) await polling.catch(() => undefined);
      else await poll();
    }
    return generation;
  };

  const schedule = () => {
    if (stopped) return;
    timer = setTimeout(() => {
      // A failed poll (the database restarting) is retried on the next tick.
      void poll().catch(() => undefined).finally(schedule);
    }, pollIntervalMs);
    timer.unref();
  };

  return {
    get generation() {
      return generation;
    },
    get checkpoint() {
      return checkpoint?.block ?? -1;
    },
    recent: () => ring.map((item) => item.activity),
    position: () => (ring.length ? positionOf(ring[ring.length - 1].activity) : undefined),
    subscribe(subscriber) {
      subscribers.add(subscriber);
      return () => {
        subscribers.delete(subscriber);
      };
    },
    subscribers: () => subscribers.size,
    async since(after, limit) {
      const first = ring[0];
      if (first && comparePositions(positionOf(first.activity), after) <= 0) {
        return ring.filter((item) => comparePositions(positionOf(item.activity), after) > 0).slice(0, limit).map((item) => item.activity);
      }
      const activeDecoder = await withDecoder();
      if (!activeDecoder || !checkpoint) return [];
      return (await readActivities(database, activeDecoder, { after, toBlock: checkpoint.block, limit })).map((item) => item.activity);
    },
    async read(readOptions) {
      const activeDecoder = await withDecoder();
      if (!activeDecoder) return [];
      return (await readActivities(database, activeDecoder, readOptions)).map((item) => item.activity);
    },
    async blockHash(number) {
      const row = await database.db.selectFrom("blocks").select("hash").where("number", "=", number).executeTakeFirst();
      return row?.hash ?? null;
    },
    poll,
    freshGeneration,
    async start() {
      stopped = false;
      await poll().catch(() => undefined);
      schedule();
      heartbeat = setInterval(() => {
        for (const subscriber of subscribers) subscriber.heartbeat(": heartbeat\n\n");
      }, options.heartbeatMs ?? 15_000);
      heartbeat.unref();
    },
    async stop() {
      stopped = true;
      clearTimeout(timer);
      clearInterval(heartbeat);
      await polling?.catch(() => undefined);
      subscribers.clear();
    },
  };
}
