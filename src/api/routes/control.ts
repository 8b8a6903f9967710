import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { VALIDITIES } from "../../sdk/names";
import { ALERT_KINDS, SEVERITIES, readAlerts } from "../alerts";
import type { AlertOptions } from "../alerts";
import { DAILY_VOLUME_DEFINITION, PRICE_INDEX_DEFINITION, readStats } from "../stats";
import { readGovernance } from "../governance";
import { SEALABLE_CONTRACTS } from "../shapes";
import { errorBody } from "../schemas";
import type { MirrorDatabase } from "../../mirror/database";

/** The control room's reads: `GET /alerts` and `GET /stats`, both at the mirror's checkpoint block time. */

const time = z.string().describe("ISO 8601 time (UTC)");

export const alertBody = z.object({
  id: z.string().describe("stable while the cause lasts: <kind>:<what it is about>"),
  kind: z.enum(ALERT_KINDS),
  severity: z.enum(SEVERITIES),
  message: z.string().describe("one English line"),
  productId: z.number().nullable(),
  tradeId: z.number().nullable(),
  certificateId: z.number().nullable(),
  account: z.string().nullable(),
  since: time.nullable().describe("when the cause began (an expiry, a revocation, a dispute), when known"),
}).meta({ id: "Alert" });

export const alertsBody = z.object({
  at: time.describe("the mirror's checkpoint block time: the clock every alert is judged at"),
  items: z.array(alertBody).describe("high first, then medium, then low"),
}).meta({ id: "Alerts" });

export const statsBody = z.object({
  at: time.describe("the mirror's checkpoint block time"),
  products: z.record(z.string(), z.number()).describe("products by status"),
  certificates: z.array(z.object({ category: z.string(), validity: z.enum(VALIDITIES), count: z.number() })).describe("certificates by category and computed validity"),
  trades: z.record(z.string(), z.number()).describe("trades by status"),
  dailyVolume: z.array(z.object({
    day: z.string().describe("YYYY-MM-DD (UTC)"), currency: z.string(), amount: z.string().describe("minor units, as a decimal string"), trades: z.number(),
  })).describe(DAILY_VOLUME_DEFINITION),
  priceIndex: z.array(z.object({ day: z.string(), index: z.number() })).describe(PRICE_INDEX_DEFINITION),
}).meta({ id: "Stats" });

export const timelockOperationBody = z.object({
  id: z.string().describe("the operation's id (hashOperation)"),
  target: z.string(),
  value: z.string().describe("wei sent with the call, as a decimal string"),
  calldata: z.string(),
  call: z.object({ contract: z.string(), function: z.string(), signature: z.string(), args: z.array(z.unknown()) }).nullable()
    .describe("the call decoded with the project's ABIs when its target is a contract of the deployment (integers as decimal strings)"),
  summary: z.string().describe('one line, e.g. "AssessmentRegistry.setRequirement(0, 0, 7)"'),
  callCount: z.number().describe("1, or the number of calls of a batch"),
  moreCalls: z.array(z.string()).describe("a batch's further calls, as summaries"),
  predecessor: z.string().nullable(),
  delaySeconds: z.number(),
  readyAt: time.describe("from when it may be executed"),
  state: z.enum(["pending", "ready", "done", "cancelled"]).describe("pending: waiting out its delay; ready: due; done: executed; cancelled"),
  due: z.boolean().describe("its time has come (at the checkpoint's time)"),
  scheduledAt: time,
  scheduledTransaction: z.string(),
  closedAt: time.nullable().describe("when it was executed or cancelled"),
}).meta({ id: "TimelockOperation" });

export const governanceBody = z.object({
  at: time.describe("the mirror's checkpoint block time"),
  timelock: z.object({
    address: z.string(),
    minDelaySeconds: z.number().nullable().describe("the least delay a schedule may wait (its last MinDelayChange)"),
    operations: z.array(timelockOperationBody).describe("pending and ready operations first (soonest due first), then the last 20 executed or cancelled"),
  }).nullable().describe("the exchange's timelock, when the deployment has one: policy changes scheduled in public before they take effect"),
  pendingAdmin: z.object({ account: z.string(), effectiveAt: time, due: z.boolean().describe("its time has come: the new Admin may accept") }).nullable()
    .describe("a handover of the Admin role begun and neither cancelled nor accepted: visible before it takes effect"),
  pendingAdminDelay: z.object({ delaySeconds: z.string(), effectiveAt: time }).nullable().describe("a change of the admin delay not yet in effect"),
  paused: z.object({ DataProductRegistry: z.boolean(), RightsCertificate: z.boolean(), TradeLedger: z.boolean() })
    .describe("the emergency pause of new registrations, certificate issues and trade confirmations"),
  successor: z.object({ registry: z.string(), epoch: z.number() }).nullable().describe("the deployment that succeeds this one, once governance names it"),
  sealed: z.array(z.enum(SEALABLE_CONTRACTS)).describe("the contracts sealed after the move to the successor: every act reverts, reads go on"),
  recent: z.array(z.object({
    block: z.number(), logIndex: z.number(), contract: z.string(), event: z.string(), account: z.string().nullable(), value: z.string().nullable(),
    effectiveAt: time.nullable(), at: time, transactionHash: z.string(),
  })).describe("the last 50 governance acts, newest first"),
}).meta({ id: "Governance" });

export interface ControlRoutesOptions extends AlertOptions {
  database: MirrorDatabase;
}

export const controlRoutes: FastifyPluginAsyncZod<ControlRoutesOptions> = async (app, options) => {
  const { db } = options.database;
  app.get("/alerts", {
    schema: {
      summary: "Violations and deadlines the mirror shows",
      description:
        "Kinds: listed-policy-lapsed (a Listed product lacks a passed, unexpired, unrevoked finding by an accredited assessor of a kind its policy requires), " +
        "listed-lineage-broken, trade-open-on-frozen-product, trade-open-on-revoked-product (open: Confirmed, Delivered or Disputed), " +
        "licence-under-invalid-ancestor, cross-border-trade (medium while open, low once closed), accreditation-expiring (active participants, within 30 days " +
        "or lapsed), assessment-expiring (the latest passed, unrevoked finding of a kind on a product not Revoked, within 30 days or expired), " +
        "dispute-open-too-long, document-mismatch.",
      response: { 200: alertsBody, 503: errorBody },
    },
  }, async () => readAlerts(db, options));

  app.get("/stats", {
    schema: {
      summary: "Counters, daily volume and the price index",
      description: `${DAILY_VOLUME_DEFINITION} ${PRICE_INDEX_DEFINITION}`,
      response: { 200: statsBody, 503: errorBody },
    },
  }, async () => readStats(db));

  app.get("/governance", {
    schema: {
      summary: "Pending handovers of the Admin role, the timelock's scheduled changes, the emergency pauses and the successor",
      description:
        "From the mirror's governance_events: DefaultAdmin* events of the ParticipantRegistry, Paused/Unpaused of each contract, SuccessorSet, " +
        "the timelock's MinDelayChange; and from timelock_operations: the changes scheduled on the timelock (CallScheduled, CallExecuted, Cancelled).",
      response: { 200: governanceBody, 503: errorBody },
    },
  }, async () => readGovernance(db));
};
