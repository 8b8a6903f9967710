import { ZeroHash, id as keccakText } from "ethers";
import {
  ASSESSMENT_KINDS, CERTIFICATE_STATUSES, CLASSIFICATIONS, PARTICIPANT_KIND_NAMES, PARTICIPANT_STATUSES, PRICING_METHODS,
  PRODUCT_STATUSES, PRODUCT_TYPES, REQUIREMENT_SCOPES, RIGHT_CATEGORIES, SOURCE_CATEGORIES, TRADE_STATUSES, codeText as decodeCode,
  enumName, maskNames,
} from "../sdk/names";
import { ROLES } from "../sdk/roles";
import type { MigratedContract } from "../sdk/deployment";
import { storableText } from "../mirror/schema";
import type { HistoryTable, RowOf, StateTable } from "../mirror/schema";
import { decodeCall } from "../sdk/timelock";
import type { TimelockTarget } from "../sdk/timelock";
import type { EventArgs, EventName, MirrorLog, SourceName } from "./events";

/**
 * What each event does to the mirror: one reducer per event of every contract (the type
 * below makes a missing one a compile error), each reproducing the contract's own state
 * change, so a mirrored row equals what the contract's getter returns at that block.
 * Reducers are pure functions of (event, rows it touches); the batch writer loads those
 * rows first (`touches`), runs the reducers in log order, then writes the results in bulk.
 */

/** A row of a state table, by its primary key values. */
export interface EntityRef {
  table: StateTable;
  key: readonly (string | number)[];
}

/** The rows a batch reads and writes. */
export interface BatchStore {
  get<T extends StateTable>(table: T, key: readonly (string | number)[]): RowOf<T> | undefined;
  /** The row, which the chain's own order guarantees exists (its creating event came first). */
  require<T extends StateTable>(table: T, key: readonly (string | number)[]): RowOf<T>;
  put<T extends StateTable>(table: T, row: RowOf<T>): void;
  append<T extends HistoryTable>(table: T, row: RowOf<T>): void;
  /** A log the mirror keeps only raw (an event the contracts cannot emit). */
  warn(message: string): void;
  /** The contract at `address` (lower case) when it is one the mirror follows: the deployment's, its predecessors', the timelock. */
  contractAt(address: string): SourceName | undefined;
  /** True for a contract of a deployment the current one succeeds. */
  isEarlierEpoch(address: string): boolean;
}

interface Handler<C extends SourceName, E extends EventName<C>> {
  touches(args: EventArgs<C, E>, log: MirrorLog): EntityRef[];
  apply(args: EventArgs<C, E>, log: MirrorLog, store: BatchStore): void;
}

export type Handlers = { [C in SourceName]: { [E in EventName<C>]: Handler<C, E> } };

const ZERO_ADDRESS = "0x0000000000000000000000000000000000000000";
const ZERO_HASH = `0x${"0".repeat(64)}`;

/** A uint the contracts keep below 2^48 (ids, times, enum values) as a number. */
function num(value: bigint): number {
  if (value > BigInt(Number.MAX_SAFE_INTEGER)) throw new Error(`value ${value} exceeds 2^53`);
  return Number(value);
}
const idOrNull = (value: bigint): number | null => (value === 0n ? null : num(value));
const addressOrNull = (value: string): string | null => (value === ZERO_ADDRESS ? null : value);
/** "Zero when no reason was given": NULL in the mirror. */
const hashOrNull = (value: string): string | null => (value === ZERO_HASH ? null : value);
const name = (names: readonly string[], value: bigint): string => enumName(names, value);

/** Jurisdiction and currency codes as text; a chain uses a handful of them, so each is decoded once. */
const codes = new Map<string, string>();
function codeText(hex: string): string {
  let text = codes.get(hex);
  if (text === undefined) {
    if (codes.size > 10_000) codes.clear();
    codes.set(hex, (text = decodeCode(hex)));
  }
  return text;
}

const ROLE_NAMES = new Map<string, string>(Object.entries(ROLES).map(([role, hash]) => [hash, role.toUpperCase()]));
const roleName = (role: string): string => ROLE_NAMES.get(role) ?? role;

function noteUnexpected(contract: string, event: string) {
  return {
    touches: () => [],
    apply: (_args: unknown, log: MirrorLog, store: BatchStore) =>
      store.warn(`${contract} emitted ${event} at block ${log.blockNumber} (log ${log.logIndex}), which it never should: kept as a raw log only`),
  };
}

// --- shared: objections (DataProductRegistry on products, RightsCertificate on certificates) ---

function objectionHandlers(registry: "DataProductRegistry" | "RightsCertificate") {
  const target = registry === "DataProductRegistry" ? "products" : "certificates";
  return {
    ObjectionLodged: {
      touches: (args: { objectionId: bigint; targetId: bigint }) => [
        { table: "objections", key: [registry, num(args.objectionId)] },
        { table: target, key: [num(args.targetId)] },
      ] satisfies EntityRef[],
      apply(args: { objectionId: bigint; targetId: bigint; claimant: string; claimHash: string }, log: MirrorLog, store: BatchStore) {
        store.put("objections", {
          registry,
          id: num(args.objectionId),
          target_id: num(args.targetId),
          claimant: args.claimant,
          status: "Open",
          lodged_at: log.timestamp,
          resolved_at: null,
          claim_hash: args.claimHash,
          resolution_hash: null,
          lodged_block: log.blockNumber,
        });
        const row = store.require(target, [num(args.targetId)]);
        store.put(target, { ...row, open_objections: row.open_objections + 1 });
      },
    },
    ObjectionResolved: {
      touches: (args: { objectionId: bigint; targetId: bigint }) => [
        { table: "objections", key: [registry, num(args.objectionId)] },
        { table: target, key: [num(args.targetId)] },
      ] satisfies EntityRef[],
      apply(args: { objectionId: bigint; targetId: bigint; upheld: boolean; resolutionHash: string }, log: MirrorLog, store: BatchStore) {
        const objection = store.require("objections", [registry, num(args.objectionId)]);
        store.put("objections", {
          ...objection,
          status: args.upheld ? "Upheld" : "Dismissed",
          resolved_at: log.timestamp,
          resolution_hash: args.resolutionHash,
        });
        const row = store.require(target, [num(args.targetId)]);
        store.put(target, { ...row, open_objections: row.open_objections - 1 });
      },
    },
  };
}

// --- certificates --------------------------------------------------------------------------

// History rows are built as whole literals, every column named: one object shape per table
// (spreading partial rows made V8 build a new shape per event, the reducers' largest cost).

interface CertificateEventFields {
  previous_status?: string;
  status?: string;
  reason_hash?: string | null;
  previous_expires_at?: number;
  expires_at?: number;
  counterpart?: string;
  agreement_hash?: string;
}

function certificateEvent(log: MirrorLog, certificateId: number, event: string, fields: CertificateEventFields): RowOf<"certificate_history"> {
  return {
    block_number: log.blockNumber,
    log_index: log.logIndex,
    certificate_id: certificateId,
    event,
    previous_status: fields.previous_status ?? null,
    status: fields.status ?? null,
    reason_hash: fields.reason_hash ?? null,
    previous_expires_at: fields.previous_expires_at ?? null,
    expires_at: fields.expires_at ?? null,
    counterpart: fields.counterpart ?? null,
    agreement_hash: fields.agreement_hash ?? null,
    at: log.timestamp,
    transaction_hash: log.transactionHash,
  };
}

const certificateRef = (id: bigint): EntityRef => ({ table: "certificates", key: [num(id)] });
const productRef = (id: bigint): EntityRef => ({ table: "products", key: [num(id)] });
const tradeRef = (id: bigint): EntityRef => ({ table: "trades", key: [num(id)] });
const listingRef = (id: bigint): EntityRef => ({ table: "listings", key: [num(id)] });
const participantRef = (account: string): EntityRef => ({ table: "participants", key: [account] });

// --- trades --------------------------------------------------------------------------------

interface TradeEventFields {
  previous_status?: string;
  status?: string;
  actor?: string;
  hash?: string | null;
  certificate_id?: number;
}

function tradeEvent(log: MirrorLog, tradeId: bigint, event: string, fields: TradeEventFields): RowOf<"trade_events"> {
  return {
    block_number: log.blockNumber,
    log_index: log.logIndex,
    trade_id: num(tradeId),
    event,
    previous_status: fields.previous_status ?? null,
    status: fields.status ?? null,
    actor: fields.actor ?? null,
    hash: fields.hash ?? null,
    certificate_id: fields.certificate_id ?? null,
    at: log.timestamp,
    transaction_hash: log.transactionHash,
  };
}

/** What an application or accreditation declares. */
interface ParticipantProfile {
  kinds: string[];
  assessment_kinds: string[];
  jurisdiction: string;
  dossier_hash: string;
  accredited_until: number | null;
}

function participantEvent(
  log: MirrorLog, account: string, event: string, status: string, profile: ParticipantProfile | undefined,
  change?: { previous_status: string; reason_hash: string | null },
): RowOf<"participant_history"> {
  return {
    block_number: log.blockNumber,
    log_index: log.logIndex,
    account,
    event,
    previous_status: change?.previous_status ?? null,
    status,
    kinds: profile?.kinds ?? [],
    assessment_kinds: profile?.assessment_kinds ?? [],
    jurisdiction: profile?.jurisdiction ?? null,
    dossier_hash: profile?.dossier_hash ?? null,
    accredited_until: profile?.accredited_until ?? null,
    reason_hash: change?.reason_hash ?? null,
    at: log.timestamp,
    transaction_hash: log.transactionHash,
  };
}

/** A participant's row after an application or accreditation. */
function participantRow(
  existing: RowOf<"participants"> | undefined, account: string, status: string, profile: ParticipantProfile, log: MirrorLog,
): RowOf<"participants"> {
  return {
    account,
    status,
    kinds: profile.kinds,
    assessment_kinds: profile.assessment_kinds,
    jurisdiction: profile.jurisdiction,
    dossier_hash: profile.dossier_hash,
    // An application leaves an earlier accreditation's expiry as it was.
    accredited_until: profile.accredited_until ?? existing?.accredited_until ?? null,
    updated_at: log.timestamp,
    first_block: existing?.first_block ?? log.blockNumber,
  };
}

/** A governance act's row (see the governance_events table). */
function governanceEvent(
  log: MirrorLog, contract: string, event: string,
  fields: { account?: string; subject?: string; value?: bigint; evidenceHash?: string; effectiveAt?: bigint } = {},
): RowOf<"governance_events"> {
  return {
    block_number: log.blockNumber, log_index: log.logIndex, contract, event,
    account: fields.account?.toLowerCase() ?? null,
    subject: fields.subject?.toLowerCase() ?? null,
    value: fields.value === undefined ? null : fields.value.toString(),
    evidence_hash: fields.evidenceHash ?? null,
    effective_at: fields.effectiveAt === undefined ? null : Number(fields.effectiveAt),
    at: log.timestamp, transaction_hash: log.transactionHash,
  };
}

/** Paused and Unpaused of a contract with the emergency pause. */
function pauseHandlers(contract: "DataProductRegistry" | "RightsCertificate" | "TradeLedger") {
  return {
    Paused: {
      touches: () => [],
      apply(args: { account: string }, log: MirrorLog, store: BatchStore) {
        store.append("governance_events", governanceEvent(log, contract, "Paused", { account: args.account }));
      },
    },
    Unpaused: {
      touches: () => [],
      apply(args: { account: string }, log: MirrorLog, store: BatchStore) {
        store.append("governance_events", governanceEvent(log, contract, "Unpaused", { account: args.account }));
      },
    },
  };
}

/**
 * RecordImported of a successor deployment: the record's row came from the predecessor's own
 * events, which the listener reads first (one history across epochs), so only the carrying is noted.
 */
function recordImported(contract: MigratedContract) {
  return {
    touches: () => [],
    apply(args: { table: bigint; id: bigint }, log: MirrorLog, store: BatchStore) {
      store.append("governance_events", governanceEvent(log, contract, "RecordImported", { subject: args.table.toString(), value: args.id }));
    },
  };
}

/**
 * Sealed of a predecessor's contract: from then on no act there can change a record, so the
 * mirror notes the seal (the contract and the successor's registry) and nothing else.
 */
function settled(contract: MigratedContract) {
  return {
    touches: () => [],
    apply(_args: unknown, log: MirrorLog, store: BatchStore) {
      store.append("governance_events", governanceEvent(log, contract, "CarriedCountsSettled"));
    },
  };
}

function sealed(contract: MigratedContract) {
  return {
    touches: () => [],
    apply(args: { successorRegistry: string }, log: MirrorLog, store: BatchStore) {
      store.append("governance_events", governanceEvent(log, contract, "Sealed", { account: args.successorRegistry }));
    },
  };
}

// --- the exchange's timelock ------------------------------------------------------------------

const TIMELOCK_ROLES = new Map<string, string>([
  [ZERO_HASH, "admin"], [keccakText("PROPOSER_ROLE"), "proposer"], [keccakText("EXECUTOR_ROLE"), "executor"], [keccakText("CANCELLER_ROLE"), "canceller"],
]);

const operationRef = (id: string): EntityRef => ({ table: "timelock_operations", key: [id.toLowerCase()] });

/** A scheduled call decoded with the ABI of the contract at its target, when the mirror knows that contract. */
function scheduledCall(store: BatchStore, target: string, data: string) {
  const contract: TimelockTarget | undefined = store.contractAt(target.toLowerCase());
  return contract === undefined ? null : decodeCall(contract, data);
}

function timelockRole(event: "RoleGranted" | "RoleRevoked") {
  return {
    touches: () => [],
    apply(args: { role: string; account: string }, log: MirrorLog, store: BatchStore) {
      store.append("governance_events", governanceEvent(log, "ExchangeTimelock", event, { account: args.account, subject: TIMELOCK_ROLES.get(args.role) ?? args.role }));
    },
  };
}

export const HANDLERS: Handlers = {
  ExchangeTimelock: {
    CallScheduled: {
      touches: (args) => [operationRef(args.id)],
      apply(args, log, store) {
        const id = args.id.toLowerCase();
        const call = scheduledCall(store, args.target, args.data);
        if (args.index === 0n) {
          // A new operation, or one cancelled and scheduled again (the same id): this schedule is the one in force.
          store.put("timelock_operations", {
            id, timelock: log.address, target: args.target.toLowerCase(), value: args.value.toString(), calldata: args.data, call, call_count: 1,
            more_calls: null, predecessor: hashOrNull(args.predecessor), salt: null, delay: num(args.delay), ready_at: log.timestamp + num(args.delay),
            status: "pending", scheduled_at: log.timestamp, scheduled_block: log.blockNumber, scheduled_tx: log.transactionHash, closed_at: null, closed_tx: null,
          });
          return;
        }
        const row = store.require("timelock_operations", [id]);
        const more = [...((row.more_calls as unknown[] | null) ?? []), {
          index: num(args.index), target: args.target.toLowerCase(), value: args.value.toString(), calldata: args.data, call,
        }];
        store.put("timelock_operations", { ...row, call_count: row.call_count + 1, more_calls: more });
      },
    },
    CallSalt: {
      touches: (args) => [operationRef(args.id)],
      apply(args, _log, store) {
        const row = store.require("timelock_operations", [args.id.toLowerCase()]);
        store.put("timelock_operations", { ...row, salt: hashOrNull(args.salt) });
      },
    },
    CallExecuted: {
      touches: (args) => [operationRef(args.id)],
      apply(args, log, store) {
        const row = store.require("timelock_operations", [args.id.toLowerCase()]);
        // A batch's calls are executed in one transaction, each with its own CallExecuted: the first closes it.
        if (row.status === "done") return;
        store.put("timelock_operations", { ...row, status: "done", closed_at: log.timestamp, closed_tx: log.transactionHash });
      },
    },
    Cancelled: {
      touches: (args) => [operationRef(args.id)],
      apply(args, log, store) {
        const row = store.require("timelock_operations", [args.id.toLowerCase()]);
        store.put("timelock_operations", { ...row, status: "cancelled", closed_at: log.timestamp, closed_tx: log.transactionHash });
      },
    },
    MinDelayChange: {
      touches: () => [],
      apply(args, log, store) {
        store.append("governance_events", governanceEvent(log, "ExchangeTimelock", "MinDelayChange", { value: args.newDuration }));
      },
    },
    RoleGranted: timelockRole("RoleGranted"),
    RoleRevoked: timelockRole("RoleRevoked"),
    RoleAdminChanged: {
      touches: () => [],
      apply(args, log, store) {
        store.append("governance_events", governanceEvent(log, "ExchangeTimelock", "RoleAdminChanged", {
          subject: TIMELOCK_ROLES.get(args.role) ?? args.role, account: args.newAdminRole,
        }));
      },
    },
  },
  ParticipantRegistry: {
    RecordImported: recordImported("ParticipantRegistry"),
    Sealed: sealed("ParticipantRegistry"),
    DefaultAdminTransferScheduled: {
      touches: () => [],
      apply(args, log, store) {
        store.append("governance_events", governanceEvent(log, "ParticipantRegistry", "DefaultAdminTransferScheduled", { account: args.newAdmin, effectiveAt: args.acceptSchedule }));
      },
    },
    DefaultAdminTransferCanceled: {
      touches: () => [],
      apply(_args, log, store) {
        store.append("governance_events", governanceEvent(log, "ParticipantRegistry", "DefaultAdminTransferCanceled"));
      },
    },
    DefaultAdminDelayChangeScheduled: {
      touches: () => [],
      apply(args, log, store) {
        store.append("governance_events", governanceEvent(log, "ParticipantRegistry", "DefaultAdminDelayChangeScheduled", { value: args.newDelay, effectiveAt: args.effectSchedule }));
      },
    },
    DefaultAdminDelayChangeCanceled: {
      touches: () => [],
      apply(_args, log, store) {
        store.append("governance_events", governanceEvent(log, "ParticipantRegistry", "DefaultAdminDelayChangeCanceled"));
      },
    },
    AccountReplacementProposed: {
      touches: () => [],
      apply(args, log, store) {
        store.append("governance_events", governanceEvent(log, "ParticipantRegistry", "AccountReplacementProposed", {
          subject: args.account, account: args.newAccount, evidenceHash: args.evidenceHash, effectiveAt: args.effectiveAt,
        }));
      },
    },
    AccountReplacementCancelled: {
      touches: () => [],
      apply(args, log, store) {
        store.append("governance_events", governanceEvent(log, "ParticipantRegistry", "AccountReplacementCancelled", { subject: args.account, account: args.newAccount }));
      },
    },
    AccountReplaced: {
      touches: () => [],
      apply(args, log, store) {
        store.append("governance_events", governanceEvent(log, "ParticipantRegistry", "AccountReplaced", {
          subject: args.account, account: args.newAccount, evidenceHash: args.evidenceHash, value: args.keyLost ? 1n : 0n,
        }));
      },
    },
    SuccessorSet: {
      touches: () => [],
      apply(args, log, store) {
        store.append("governance_events", governanceEvent(log, "ParticipantRegistry", "SuccessorSet", { account: args.successor, value: args.epoch }));
      },
    },
    NonceFloorRaised: {
      touches: () => [],
      apply(args, log, store) {
        store.append("nonce_floors", {
          block_number: log.blockNumber, log_index: log.logIndex, party: args.account, previous_floor: args.previousFloor.toString(),
          floor: args.floor.toString(), at: log.timestamp, transaction_hash: log.transactionHash,
        });
      },
    },
    ParticipantApplied: {
      touches: (args) => [participantRef(args.account)],
      apply(args, log, store) {
        const existing = store.get("participants", [args.account]);
        const profile: ParticipantProfile = {
          kinds: maskNames(PARTICIPANT_KIND_NAMES, args.kinds),
          assessment_kinds: maskNames(ASSESSMENT_KINDS, args.assessmentKinds),
          jurisdiction: codeText(args.jurisdiction),
          dossier_hash: args.dossierHash,
          accredited_until: null,
        };
        store.put("participants", participantRow(existing, args.account, "Pending", profile, log));
        store.append("participant_history", participantEvent(log, args.account, "Applied", "Pending", profile));
      },
    },
    ParticipantAccredited: {
      touches: (args) => [participantRef(args.account)],
      apply(args, log, store) {
        const existing = store.get("participants", [args.account]);
        const profile: ParticipantProfile = {
          kinds: maskNames(PARTICIPANT_KIND_NAMES, args.kinds),
          assessment_kinds: maskNames(ASSESSMENT_KINDS, args.assessmentKinds),
          jurisdiction: codeText(args.jurisdiction),
          dossier_hash: args.dossierHash,
          accredited_until: num(args.accreditedUntil),
        };
        store.put("participants", participantRow(existing, args.account, "Active", profile, log));
        store.append("participant_history", participantEvent(log, args.account, "Accredited", "Active", profile));
      },
    },
    ParticipantStatusChanged: {
      touches: (args) => [participantRef(args.account)],
      apply(args, log, store) {
        const row = store.require("participants", [args.account]);
        const status = name(PARTICIPANT_STATUSES, args.status);
        store.put("participants", { ...row, status, updated_at: log.timestamp });
        store.append("participant_history", participantEvent(log, args.account, "StatusChanged", status, undefined, {
          previous_status: name(PARTICIPANT_STATUSES, args.previousStatus),
          reason_hash: hashOrNull(args.reasonHash),
        }));
      },
    },
    RoleGranted: {
      touches: (args) => [{ table: "staff_roles", key: [args.role, args.account] }],
      apply(args, log, store) {
        // Staff roles are not carried: the mirror's are the current deployment's (its raw logs keep the old ones').
        if (store.isEarlierEpoch(log.address)) return;
        store.put("staff_roles", {
          role: args.role, account: args.account, role_name: roleName(args.role), active: true,
          changed_by: args.sender, changed_at: log.timestamp, changed_block: log.blockNumber,
        });
      },
    },
    RoleRevoked: {
      touches: (args) => [{ table: "staff_roles", key: [args.role, args.account] }],
      apply(args, log, store) {
        if (store.isEarlierEpoch(log.address)) return;
        store.put("staff_roles", {
          role: args.role, account: args.account, role_name: roleName(args.role), active: false,
          changed_by: args.sender, changed_at: log.timestamp, changed_block: log.blockNumber,
        });
      },
    },
    RoleAdminChanged: {
      touches: (args) => [{ table: "role_admins", key: [args.role] }],
      apply(args, log, store) {
        store.put("role_admins", { role: args.role, admin_role: args.newAdminRole, changed_block: log.blockNumber });
      },
    },
  },

  DataProductRegistry: {
    RecordImported: recordImported("DataProductRegistry"),
    Sealed: sealed("DataProductRegistry"),
    CarriedCountsSettled: settled("DataProductRegistry"),
    ProductRegistered: {
      touches: (args) => [productRef(args.productId)],
      apply(args, log, store) {
        const registration = args.registration;
        const id = num(args.productId);
        store.put("products", {
          id,
          provider: args.provider,
          product_type: name(PRODUCT_TYPES, registration.productType),
          source_category: name(SOURCE_CATEGORIES, registration.sourceCategory),
          classification: name(CLASSIFICATIONS, registration.classification),
          // ProductStatusChanged(None → Registered) follows in the same transaction.
          status: "None",
          status_before_suspension: "None",
          contains_personal_info: registration.containsPersonalInfo,
          open_objections: 0,
          jurisdiction: codeText(args.jurisdiction),
          registered_at: log.timestamp,
          previous_version: idOrNull(args.previousVersion),
          superseded_by: null,
          content_hash: registration.contentHash,
          origin_declaration_hash: registration.originDeclarationHash,
          description_hash: registration.descriptionHash === ZeroHash ? null : registration.descriptionHash,
          metadata_uri: storableText(registration.metadataURI),
          source_count: registration.sources.length,
          registered_block: log.blockNumber,
          registered_tx: log.transactionHash,
        });
        registration.sources.forEach((source, index) => {
          store.append("product_sources", {
            block_number: log.blockNumber, log_index: log.logIndex,
            product_id: id,
            position: index,
            source_id: num(source),
            source_certificate_id: num(registration.sourceCertificates[index]),
          });
        });
      },
    },
    ProductSuperseded: {
      touches: (args) => [productRef(args.productId)],
      apply(args, _log, store) {
        const row = store.require("products", [num(args.productId)]);
        // registerVersion: a suspended listing must not come back as Listed once superseded.
        const statusBeforeSuspension = row.status_before_suspension === "Listed" ? "Delisted" : row.status_before_suspension;
        store.put("products", { ...row, superseded_by: num(args.newVersion), status_before_suspension: statusBeforeSuspension });
      },
    },
    ProductStatusChanged: {
      touches: (args) => [productRef(args.productId)],
      apply(args, log, store) {
        const row = store.require("products", [num(args.productId)]);
        const status = name(PRODUCT_STATUSES, args.status);
        const previousStatus = name(PRODUCT_STATUSES, args.previousStatus);
        store.put("products", {
          ...row,
          status,
          status_before_suspension: status === "Suspended" ? previousStatus : row.status_before_suspension,
        });
        store.append("product_status_history", {
          block_number: log.blockNumber, log_index: log.logIndex,
          product_id: num(args.productId),
          previous_status: previousStatus,
          status,
          reason_hash: hashOrNull(args.reasonHash),
          at: log.timestamp,
          transaction_hash: log.transactionHash,
        });
      },
    },
    ModulesLinked: {
      touches: () => [],
      apply(args, log, store) {
        store.append("module_links", {
          block_number: log.blockNumber, log_index: log.logIndex,
          product_registry: log.address,
          certificates: args.certificates,
          assessments: args.assessments,
        });
      },
    },
    ...objectionHandlers("DataProductRegistry"),
    ...pauseHandlers("DataProductRegistry"),
  },

  RightsCertificate: {
    RecordImported: recordImported("RightsCertificate"),
    Sealed: sealed("RightsCertificate"),
    CarriedCountsSettled: settled("RightsCertificate"),
    Transfer: {
      touches: (args) => [certificateRef(args.tokenId)],
      apply(args, log, store) {
        // Certificates are soulbound: the only transfer is the mint, which CertificateIssued details.
        if (args.from !== ZERO_ADDRESS) store.warn(`RightsCertificate transferred token ${args.tokenId} from ${args.from}, which it never should`);
        // A successor re-mints each carried certificate to its holder: the row is there already,
        // from the predecessor's events, and its history notes the move, not a second mint.
        const carried = store.get("certificates", [num(args.tokenId)]) !== undefined;
        store.append("certificate_history", certificateEvent(log, num(args.tokenId), carried ? "Carried" : "Minted", { counterpart: args.to }));
      },
    },
    Locked: {
      touches: (args) => [certificateRef(args.tokenId)],
      apply(args, log, store) {
        // Locked again as it is carried (above): the lock never lifted, so nothing to note.
        if (store.get("certificates", [num(args.tokenId)]) !== undefined) return;
        store.append("certificate_history", certificateEvent(log, num(args.tokenId), "Locked", {}));
      },
    },
    Unlocked: noteUnexpected("RightsCertificate", "Unlocked"),
    Approval: noteUnexpected("RightsCertificate", "Approval"),
    ApprovalForAll: noteUnexpected("RightsCertificate", "ApprovalForAll"),
    CertificateIssued: {
      touches: (args) => [certificateRef(args.tokenId)],
      apply(args, log, store) {
        const id = num(args.tokenId);
        store.put("certificates", {
          id,
          product_id: num(args.productId),
          holder: args.holder,
          category: name(RIGHT_CATEGORIES, args.category),
          status: "Active",
          issued_at: log.timestamp,
          expires_at: num(args.expiresAt),
          parent_id: idOrNull(args.parentId),
          predecessor_id: null,
          successor_id: null,
          issuer: args.issuer,
          pledgee: null,
          pledge_agreement_hash: null,
          open_objections: 0,
          scope_hash: args.scopeHash,
          evidence_hash: args.evidenceHash,
          // Set by the TradeCompleted that follows, for a licence a trade grants.
          trade_id: null,
          issued_block: log.blockNumber,
          issued_tx: log.transactionHash,
        });
        store.append("certificate_history", certificateEvent(log, id, "Issued", { status: "Active", expires_at: num(args.expiresAt) }));
      },
    },
    CertificateReplaced: {
      touches: (args) => [certificateRef(args.predecessorId), certificateRef(args.successorId)],
      apply(args, log, store) {
        const predecessor = store.require("certificates", [num(args.predecessorId)]);
        const successor = store.require("certificates", [num(args.successorId)]);
        store.put("certificates", { ...predecessor, successor_id: num(args.successorId) });
        store.put("certificates", { ...successor, predecessor_id: num(args.predecessorId) });
        store.append("certificate_history", certificateEvent(log, num(args.predecessorId), "Replaced", { counterpart: args.successorId.toString() }));
      },
    },
    CertificateStatusChanged: {
      touches: (args) => [certificateRef(args.tokenId)],
      apply(args, log, store) {
        const row = store.require("certificates", [num(args.tokenId)]);
        const status = name(CERTIFICATE_STATUSES, args.status);
        store.put("certificates", { ...row, status });
        store.append("certificate_history", certificateEvent(log, row.id, "StatusChanged", {
          previous_status: name(CERTIFICATE_STATUSES, args.previousStatus),
          status,
          reason_hash: hashOrNull(args.reasonHash),
        }));
      },
    },
    CertificateRenewed: {
      touches: (args) => [certificateRef(args.tokenId)],
      apply(args, log, store) {
        const row = store.require("certificates", [num(args.tokenId)]);
        store.put("certificates", { ...row, expires_at: num(args.expiresAt) });
        store.append("certificate_history", certificateEvent(log, row.id, "Renewed", {
          previous_expires_at: num(args.previousExpiresAt),
          expires_at: num(args.expiresAt),
        }));
      },
    },
    CertificatePledged: {
      touches: (args) => [certificateRef(args.tokenId)],
      apply(args, log, store) {
        const row = store.require("certificates", [num(args.tokenId)]);
        store.put("certificates", { ...row, pledgee: args.pledgee, pledge_agreement_hash: args.agreementHash });
        store.append("certificate_history", certificateEvent(log, row.id, "Pledged", { counterpart: args.pledgee, agreement_hash: args.agreementHash }));
      },
    },
    CertificateReleased: {
      touches: (args) => [certificateRef(args.tokenId)],
      apply(args, log, store) {
        const row = store.require("certificates", [num(args.tokenId)]);
        store.put("certificates", { ...row, pledgee: null, pledge_agreement_hash: null });
        store.append("certificate_history", certificateEvent(log, row.id, "Released", { counterpart: args.pledgee }));
      },
    },
    ...objectionHandlers("RightsCertificate"),
    ...pauseHandlers("RightsCertificate"),
  },

  AssessmentRegistry: {
    RecordImported: recordImported("AssessmentRegistry"),
    Sealed: sealed("AssessmentRegistry"),
    CarriedCountsSettled: settled("AssessmentRegistry"),
    AssessmentRecorded: {
      touches: (args) => [{ table: "assessments", key: [num(args.assessmentId)] }],
      apply(args, log, store) {
        store.put("assessments", {
          id: num(args.assessmentId),
          product_id: num(args.productId),
          assessor: args.assessor,
          kind: name(ASSESSMENT_KINDS, args.kind),
          passed: args.passed,
          revoked: false,
          issued_at: log.timestamp,
          expires_at: num(args.expiresAt),
          previous_id: idOrNull(args.previousId),
          report_hash: args.reportHash,
          revoked_by: null,
          revocation_reason_hash: null,
          revoked_at: null,
          recorded_block: log.blockNumber,
          recorded_tx: log.transactionHash,
        });
      },
    },
    AssessmentRevoked: {
      touches: (args) => [{ table: "assessments", key: [num(args.assessmentId)] }],
      apply(args, log, store) {
        const row = store.require("assessments", [num(args.assessmentId)]);
        store.put("assessments", {
          ...row, revoked: true, revoked_by: args.revokedBy, revocation_reason_hash: hashOrNull(args.reasonHash), revoked_at: log.timestamp,
        });
      },
    },
    AssessmentRequirementSet: {
      touches: (args) => [{ table: "assessment_requirements", key: [name(REQUIREMENT_SCOPES, args.scope), num(args.value)] }],
      apply(args, log, store) {
        store.put("assessment_requirements", {
          scope: name(REQUIREMENT_SCOPES, args.scope),
          value: num(args.value),
          kinds: maskNames(ASSESSMENT_KINDS, args.kindsMask),
          kinds_mask: num(args.kindsMask),
          set_block: log.blockNumber,
        });
      },
    },
    EIP712DomainChanged: noteUnexpected("AssessmentRegistry", "EIP712DomainChanged"),
  },

  ListingBook: {
    RecordImported: recordImported("ListingBook"),
    Sealed: sealed("ListingBook"),
    CarriedCountsSettled: settled("ListingBook"),
    ListingTermsSet: {
      touches: (args) => [listingRef(args.productId)],
      apply(args, log, store) {
        const existing = store.get("listings", [num(args.productId)]);
        store.put("listings", {
          price_method: null, price_amount: null, price_currency: null, price_proposed_by: null, price_set_at: null,
          proposed_method: null, proposed_amount: null, proposed_currency: null, proposed_by: null, proposed_at: null,
          ...existing,
          product_id: num(args.productId),
          right_offered: name(RIGHT_CATEGORIES, args.rightOffered),
          licence_duration: num(args.licenceDuration),
          permitted_jurisdictions: args.permittedJurisdictions.map(codeText),
          terms_set_at: log.timestamp,
        });
      },
    },
    PriceProposed: {
      touches: (args) => [listingRef(args.productId)],
      apply(args, log, store) {
        const row = store.require("listings", [num(args.productId)]);
        const method = name(PRICING_METHODS, args.method);
        store.put("listings", {
          ...row,
          proposed_method: method,
          proposed_amount: args.amount.toString(),
          proposed_currency: codeText(args.currency),
          proposed_by: args.proposer,
          proposed_at: log.timestamp,
        });
        store.append("price_history", {
          block_number: log.blockNumber, log_index: log.logIndex, product_id: num(args.productId), event: "Proposed", method, amount: args.amount.toString(),
          currency: codeText(args.currency), proposed_by: args.proposer, at: log.timestamp, transaction_hash: log.transactionHash,
        });
      },
    },
    ReferencePriceChanged: {
      touches: (args) => [listingRef(args.productId)],
      apply(args, log, store) {
        const row = store.require("listings", [num(args.productId)]);
        const method = name(PRICING_METHODS, args.method);
        const negotiable = method === "Negotiable";
        const amount = negotiable ? null : args.amount.toString();
        const currency = negotiable ? null : codeText(args.currency);
        // confirmPrice consumes the proposal; setNegotiable (the only Negotiable change) leaves it pending.
        const proposal = negotiable
          ? {}
          : { proposed_method: null, proposed_amount: null, proposed_currency: null, proposed_by: null, proposed_at: null };
        store.put("listings", {
          ...row,
          ...proposal,
          price_method: method,
          price_amount: amount,
          price_currency: currency,
          price_proposed_by: args.proposedBy,
          price_set_at: log.timestamp,
        });
        store.append("price_history", {
          block_number: log.blockNumber, log_index: log.logIndex, product_id: num(args.productId), event: "Changed", method, amount, currency,
          proposed_by: args.proposedBy, at: log.timestamp, transaction_hash: log.transactionHash,
        });
      },
    },
  },

  TradeLedger: {
    RecordImported: recordImported("TradeLedger"),
    Sealed: sealed("TradeLedger"),
    CarriedCountsSettled: settled("TradeLedger"),
    ...pauseHandlers("TradeLedger"),
    TradeConfirmed: {
      touches: (args) => [tradeRef(args.tradeId)],
      apply(args, log, store) {
        const deal = args.deal;
        const confidential = deal.priceCommitment !== ZERO_HASH;
        store.put("trades", {
          id: num(args.tradeId),
          product_id: num(deal.productId),
          content_hash: deal.contentHash,
          seller: deal.seller,
          buyer: deal.buyer,
          broker: addressOrNull(deal.broker),
          seller_certificate_id: num(deal.sellerCertificateId),
          buyer_certificate_id: null,
          right_granted: name(RIGHT_CATEGORIES, deal.rightGranted),
          status: "Confirmed",
          status_before_dispute: "None",
          cross_border: deal.crossBorder,
          seller_cancelled: false,
          buyer_cancelled: false,
          price_amount: confidential ? null : deal.priceAmount.toString(),
          price_currency: confidential ? null : codeText(deal.currency),
          price_commitment: confidential ? deal.priceCommitment : null,
          terms_hash: deal.termsHash,
          purpose_hash: deal.purposeHash,
          licence_expires_at: num(deal.licenceExpiresAt),
          nonce: deal.nonce.toString(),
          deadline: deal.deadline.toString(),
          deal_digest: args.dealDigest,
          delivery_hash: null,
          payment_reference: null,
          confirmed_at: log.timestamp,
          delivered_at: null,
          completed_at: null,
          confirmed_block: log.blockNumber,
          confirmed_tx: log.transactionHash,
        });
        store.append("trade_events", tradeEvent(log, args.tradeId, "Confirmed", { status: "Confirmed", hash: args.dealDigest }));
      },
    },
    TradeDelivered: {
      touches: (args) => [tradeRef(args.tradeId)],
      apply(args, log, store) {
        const row = store.require("trades", [num(args.tradeId)]);
        store.put("trades", { ...row, status: "Delivered", delivery_hash: args.deliveryHash, delivered_at: log.timestamp });
        store.append("trade_events", tradeEvent(log, args.tradeId, "Delivered", {
          previous_status: row.status, status: "Delivered", actor: row.seller, hash: args.deliveryHash,
        }));
      },
    },
    TradeCompleted: {
      touches: (args) => [tradeRef(args.tradeId), certificateRef(args.certificateId)],
      apply(args, log, store) {
        const row = store.require("trades", [num(args.tradeId)]);
        const certificate = store.require("certificates", [num(args.certificateId)]);
        // The buyer of a completed trade is its licence's holder, as the ledger reads it: the buyer's
        // current account when a key rotation replaced it while the trade was open.
        store.put("trades", {
          ...row, status: "Completed", buyer: certificate.holder, buyer_certificate_id: num(args.certificateId), completed_at: log.timestamp,
        });
        store.put("certificates", { ...certificate, trade_id: num(args.tradeId) });
        store.append("trade_events", tradeEvent(log, args.tradeId, "Completed", {
          previous_status: row.status, status: "Completed", actor: args.actor, hash: hashOrNull(args.reasonHash),
          certificate_id: num(args.certificateId),
        }));
      },
    },
    TradeStatusChanged: {
      touches: (args) => [tradeRef(args.tradeId)],
      apply(args, log, store) {
        const row = store.require("trades", [num(args.tradeId)]);
        const status = name(TRADE_STATUSES, args.status);
        const previousStatus = name(TRADE_STATUSES, args.previousStatus);
        store.put("trades", { ...row, status, status_before_dispute: status === "Disputed" ? previousStatus : row.status_before_dispute });
        store.append("trade_events", tradeEvent(log, args.tradeId, "StatusChanged", {
          previous_status: previousStatus, status, actor: args.actor, hash: hashOrNull(args.reasonHash),
        }));
      },
    },
    TradeCancellationRequested: {
      touches: (args) => [tradeRef(args.tradeId)],
      apply(args, log, store) {
        const row = store.require("trades", [num(args.tradeId)]);
        store.put("trades", { ...row, ...(args.byBuyer ? { buyer_cancelled: true } : { seller_cancelled: true }) });
        store.append("trade_events", tradeEvent(log, args.tradeId, "CancellationRequested", { actor: args.party }));
      },
    },
    TradePaymentReferenceAttached: {
      touches: (args) => [tradeRef(args.tradeId)],
      apply(args, log, store) {
        const row = store.require("trades", [num(args.tradeId)]);
        store.put("trades", { ...row, payment_reference: args.paymentReference });
        store.append("trade_events", tradeEvent(log, args.tradeId, "PaymentReferenceAttached", { actor: args.actor, hash: args.paymentReference }));
      },
    },
    DealVoided: {
      touches: () => [],
      apply(args, log, store) {
        store.append("voided_deals", {
          block_number: log.blockNumber, log_index: log.logIndex, deal_digest: args.dealDigest, seller: args.seller, nonce: args.nonce.toString(), actor: args.actor,
          at: log.timestamp, transaction_hash: log.transactionHash, buyer: args.buyer,
        });
      },
    },
    EIP712DomainChanged: noteUnexpected("TradeLedger", "EIP712DomainChanged"),
  },
};
