import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { MirrorSchema } from "../mirror/schema";
import { CHECKPOINT_TIME } from "../mirror/validity";
import { ROLES } from "../sdk/roles";
import { describeCall } from "../sdk/timelock";
import type { DecodedCall } from "../sdk/timelock";
import { TIMELOCK_EMITTER } from "../listener/events";
import { PAUSABLE_CONTRACTS, SEALABLE_CONTRACTS } from "./shapes";
import type { Governance, TimelockOperationView } from "./shapes";

/** The deployment's governance as the mirror shows it: pending handovers before they take effect, pauses, successor. */

const RECENT = 50;

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

type Row = {
  block_number: number; log_index: number; contract: string; event: string; account: string | null; value: string | null;
  effective_at: number | null; at: number; transaction_hash: string;
};

/** Executed and cancelled operations shown after the open ones. */
const RECENT_OPERATIONS = 20;

type OperationRow = MirrorSchema["timelock_operations"];

function summary(call: unknown, target: string, calldata: string): string {
  return call ? describeCall(call as DecodedCall) : `${target} ${calldata.slice(0, 10)}…`;
}

function operationView(row: OperationRow, now: number): TimelockOperationView {
  const open = row.status === "pending";
  const due = row.status === "done" || (open && row.ready_at <= now);
  const more = (row.more_calls as { target: string; calldata: string; call: unknown }[] | null) ?? [];
  return {
    id: row.id, target: row.target, value: row.value, calldata: row.calldata, call: row.call as TimelockOperationView["call"],
    summary: summary(row.call, row.target, row.calldata), callCount: row.call_count, moreCalls: more.map((call) => summary(call.call, call.target, call.calldata)),
    predecessor: row.predecessor, delaySeconds: row.delay, readyAt: iso(row.ready_at),
    state: open ? (due ? "ready" : "pending") : (row.status as "done" | "cancelled"), due,
    scheduledAt: iso(row.scheduled_at), scheduledTransaction: row.scheduled_tx, closedAt: row.closed_at === null ? null : iso(row.closed_at),
  };
}

export async function readGovernance(db: Kysely<MirrorSchema>): Promise<Governance> {
  const [time, rows, admins, state, open, closed] = await Promise.all([
    sql<{ t: number }>`select ${CHECKPOINT_TIME} as t`.execute(db),
    db.selectFrom("governance_events as g")
      .innerJoin("raw_logs as r", (join) => join.onRef("r.block_number", "=", "g.block_number").onRef("r.log_index", "=", "g.log_index"))
      .selectAll("g").select("r.address as emitter")
      .orderBy("g.block_number", "desc").orderBy("g.log_index", "desc").execute() as Promise<(Row & { emitter: Uint8Array })[]>,
    db.selectFrom("staff_roles").select(["account", "active", "changed_block"]).where("role", "=", ROLES.admin).execute(),
    db.selectFrom("mirror_state").select("contracts").where("id", "=", 1).executeTakeFirst(),
    db.selectFrom("timelock_operations").selectAll().where("status", "=", "pending").orderBy("ready_at").orderBy("scheduled_block").execute(),
    db.selectFrom("timelock_operations").selectAll().where("status", "<>", "pending")
      .orderBy("closed_at", "desc").orderBy("scheduled_block", "desc").limit(RECENT_OPERATIONS).execute(),
  ]);
  const now = Number(time.rows[0].t);
  // A mirror of several epochs holds the old deployments' handovers, pauses and successor too: the
  // state shown is the current deployment's, whose addresses the mirror's state records.
  const current = new Set(Object.values((state?.contracts ?? {}) as Record<string, unknown>).filter((value): value is string => typeof value === "string"));
  const emittedHere = (row: { emitter: Uint8Array }) => current.size === 0 || current.has(`0x${Buffer.from(row.emitter).toString("hex")}`);
  const latest = (contract: string, events: readonly string[]) =>
    rows.find((row) => row.contract === contract && events.includes(row.event) && emittedHere(row));

  let pendingAdmin: Governance["pendingAdmin"] = null;
  const handover = latest("ParticipantRegistry", ["DefaultAdminTransferScheduled", "DefaultAdminTransferCanceled"]);
  if (handover?.event === "DefaultAdminTransferScheduled" && handover.account && handover.effective_at !== null) {
    // Accepted: the new Admin's role granted at or after the handover began.
    const accepted = admins.some((admin) => admin.account === handover.account && admin.active && admin.changed_block >= handover.block_number);
    if (!accepted) pendingAdmin = { account: handover.account, effectiveAt: iso(handover.effective_at), due: handover.effective_at < now };
  }
  let pendingAdminDelay: Governance["pendingAdminDelay"] = null;
  const delay = latest("ParticipantRegistry", ["DefaultAdminDelayChangeScheduled", "DefaultAdminDelayChangeCanceled"]);
  if (delay?.event === "DefaultAdminDelayChangeScheduled" && delay.value !== null && delay.effective_at !== null && delay.effective_at > now) {
    pendingAdminDelay = { delaySeconds: delay.value, effectiveAt: iso(delay.effective_at) };
  }
  const paused = Object.fromEntries(
    PAUSABLE_CONTRACTS.map((contract) => [contract, latest(contract, ["Paused", "Unpaused"])?.event === "Paused"]),
  ) as Governance["paused"];
  const named = latest("ParticipantRegistry", ["SuccessorSet"]);
  const timelockAddress = (state?.contracts as Record<string, unknown> | undefined)?.[TIMELOCK_EMITTER];
  const minDelay = rows.find((row) => row.contract === TIMELOCK_EMITTER && row.event === "MinDelayChange");
  const timelock: Governance["timelock"] = typeof timelockAddress === "string"
    ? {
      address: timelockAddress, minDelaySeconds: minDelay?.value == null ? null : Number(minDelay.value),
      operations: [...open, ...closed].filter((row) => row.timelock === timelockAddress).map((row) => operationView(row, now)),
    }
    : null;
  return {
    at: iso(now),
    timelock,
    pendingAdmin,
    pendingAdminDelay,
    paused,
    successor: named?.account ? { registry: named.account, epoch: Number(named.value) } : null,
    // Naming the successor seals the registry; each other contract is sealed by its own Sealed.
    sealed: SEALABLE_CONTRACTS.filter((contract) => (contract === "ParticipantRegistry" ? named : latest(contract, ["Sealed"])) !== undefined),
    recent: rows.slice(0, RECENT).map((row) => ({
      block: row.block_number, logIndex: row.log_index, contract: row.contract, event: row.event, account: row.account, value: row.value,
      effectiveAt: row.effective_at === null ? null : iso(row.effective_at), at: iso(row.at), transactionHash: row.transaction_hash,
    })),
  };
}
