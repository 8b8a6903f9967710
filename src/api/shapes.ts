import type { CertificateValidity } from "../sdk/generated/enums";

/**
 * The shapes of the control room's answers (activity, alerts, stats), free of any server
 * dependency: the API builds them and the web app (web/) imports their types from here, so both
 * sides read one definition.
 */

export const ACTIVITY_KINDS = ["registration", "trade", "certificate", "assessment", "listing", "participant", "objection"] as const;
export type ActivityKind = (typeof ACTIVITY_KINDS)[number];

/** One contract event as the activity feed tells it (GET /events, GET /activity). */
export interface Activity {
  /**
   * `<block>:<logIndex>:<hash>`: the log's position and the first 8 hex digits of its block's
   * hash, so a resume can tell a block the mirror no longer has.
   */
  id: string;
  kind: ActivityKind;
  /** The contract event's name, e.g. TradeConfirmed. */
  event: string;
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
  at: string;
  productId: number | null;
  tradeId: number | null;
  certificateId: number | null;
  account: string | null;
  status: string | null;
  summary: string;
}

export const ALERT_KINDS = [
  "listed-policy-lapsed", "listed-lineage-broken", "trade-open-on-frozen-product", "trade-open-on-revoked-product", "licence-under-invalid-ancestor",
  "cross-border-trade", "accreditation-expiring", "assessment-expiring", "dispute-open-too-long", "document-mismatch",
] as const;
export type AlertKind = (typeof ALERT_KINDS)[number];
export const SEVERITIES = ["high", "medium", "low"] as const;
export type Severity = (typeof SEVERITIES)[number];

/** A violation the mirror computes (GET /alerts), linked to what it is about. */
export interface Alert {
  id: string;
  kind: AlertKind;
  severity: Severity;
  message: string;
  productId: number | null;
  tradeId: number | null;
  certificateId: number | null;
  account: string | null;
  since: string | null;
}

/** The control room's counters (GET /stats). */
export interface Stats {
  at: string;
  products: Record<string, number>;
  certificates: { category: string; validity: keyof typeof CertificateValidity; count: number }[];
  trades: Record<string, number>;
  dailyVolume: { day: string; currency: string; amount: string; trades: number }[];
  priceIndex: { day: string; index: number }[];
}

/** The contracts with the emergency pause of new records. */
export const PAUSABLE_CONTRACTS = ["DataProductRegistry", "RightsCertificate", "TradeLedger"] as const;
/** Every contract of a deployment, as the seal after a move covers them. */
export const SEALABLE_CONTRACTS = ["ParticipantRegistry", "DataProductRegistry", "RightsCertificate", "AssessmentRegistry", "ListingBook", "TradeLedger"] as const;

/** GET /governance: the deployment's governance as the mirror shows it. */
export interface GovernanceEvent {
  block: number;
  logIndex: number;
  contract: string;
  event: string;
  account: string | null;
  value: string | null;
  effectiveAt: string | null;
  at: string;
  transactionHash: string;
}

/** An operation of the exchange's timelock: a change scheduled in public before it takes effect. */
export interface TimelockOperationView {
  id: string;
  target: string;
  value: string;
  calldata: string;
  /** The call decoded with the project's ABIs when its target is a contract of the deployment; null otherwise. */
  call: { contract: string; function: string; signature: string; args: unknown[] } | null;
  /** One line: "AssessmentRegistry.setRequirement(0, 0, 7)", or the target and the calldata's selector. */
  summary: string;
  /** 1, or the number of calls of a batch (the further calls' summaries in moreCalls). */
  callCount: number;
  moreCalls: string[];
  predecessor: string | null;
  delaySeconds: number;
  readyAt: string;
  /** pending: waiting out its delay; ready: due, an executor may execute it; done: executed; cancelled. */
  state: "pending" | "ready" | "done" | "cancelled";
  /** Whether its time has come (ready, or done). */
  due: boolean;
  scheduledAt: string;
  scheduledTransaction: string;
  /** When it was executed or cancelled. */
  closedAt: string | null;
}

export interface Governance {
  at: string;
  /** The exchange's timelock, when the deployment has one: its minimum delay, its open operations (soonest due first), then the last executed or cancelled ones. */
  timelock: { address: string; minDelaySeconds: number | null; operations: TimelockOperationView[] } | null;
  /** A handover of the Admin role begun and neither cancelled nor accepted yet; `due` once its time has come. */
  pendingAdmin: { account: string; effectiveAt: string; due: boolean } | null;
  /** A change of the admin delay scheduled and not cancelled, before it takes effect. */
  pendingAdminDelay: { delaySeconds: string; effectiveAt: string } | null;
  paused: Record<(typeof PAUSABLE_CONTRACTS)[number], boolean>;
  successor: { registry: string; epoch: number } | null;
  /** The contracts sealed after the move to the successor (every act reverts; reads go on). */
  sealed: (typeof SEALABLE_CONTRACTS)[number][];
  /** The last governance acts, newest first. */
  recent: GovernanceEvent[];
}
