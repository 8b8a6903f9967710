import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { MirrorSchema } from "../mirror/schema";
import { CHECKPOINT_TIME } from "../mirror/validity";
import { ROLES } from "../sdk/roles";
import { PAUSABLE_CONTRACTS } from "./shapes";
import type { Governance } from "./shapes";

/** The deployment's governance as the mirror shows it: pending handovers before they take effect, pauses, successor. */

const RECENT = 50;

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();

type Row = {
  block_number: number; log_index: number; contract: string; event: string; account: string | null; value: string | null;
  effective_at: number | null; at: number; transaction_hash: string;
};

export async function readGovernance(db: Kysely<MirrorSchema>): Promise<Governance> {
  const [time, rows, admins, state] = await Promise.all([
    sql<{ t: number }>`select ${CHECKPOINT_TIME} as t`.execute(db),
    db.selectFrom("governance_events as g")
      .innerJoin("raw_logs as r", (join) => join.onRef("r.block_number", "=", "g.block_number").onRef("r.log_index", "=", "g.log_index"))
      .selectAll("g").select("r.address as emitter")
      .orderBy("g.block_number", "desc").orderBy("g.log_index", "desc").execute() as Promise<(Row & { emitter: Uint8Array })[]>,
    db.selectFrom("staff_roles").select(["account", "active", "changed_block"]).where("role", "=", ROLES.admin).execute(),
    db.selectFrom("mirror_state").select("contracts").where("id", "=", 1).executeTakeFirst(),
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
  return {
    at: iso(now),
    pendingAdmin,
    pendingAdminDelay,
    paused,
    successor: named?.account ? { registry: named.account, epoch: Number(named.value) } : null,
    recent: rows.slice(0, RECENT).map((row) => ({
      block: row.block_number, logIndex: row.log_index, contract: row.contract, event: row.event, account: row.account, value: row.value,
      effectiveAt: row.effective_at === null ? null : iso(row.effective_at), at: iso(row.at), transactionHash: row.transaction_hash,
    })),
  };
}
