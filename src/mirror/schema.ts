/**
 * The mirror's tables, described once: the listener writes them through these descriptions
 * (bulk JSON upserts, key loads, the undo journal), the API reads them through Kysely with the
 * row types derived here, and a test checks that the migrations create exactly these columns.
 *
 * Conventions: enum values are stored by name ("Listed"), addresses in lower case, hashes as
 * 0x-hex text, chain times as Unix seconds (int8), amounts and other uint256 values as numeric,
 * and "none" ids (0 on chain) as NULL. The raw logs keep their bytes (bytea): half the size of
 * hex for the largest table, which is kept for 30 years.
 */

export type SqlType = "int8" | "int4" | "int2" | "text" | "bool" | "numeric" | "text[]" | "jsonb" | "timestamptz" | "bytea";

/** A column: its SQL type, whether it is nullable, and (for the type system only) its row value. */
export interface Column<Value> {
  readonly type: SqlType;
  readonly nullable: boolean;
  /** Filled by the database (bigserial, defaults): left out of inserts. */
  readonly generated: boolean;
  readonly _value?: Value;
}

function column<Value>(type: SqlType, nullable = false, generated = false): Column<Value> {
  return { type, nullable, generated };
}

/** int8 values are read as JS numbers: every int8 here (ids, block numbers, uint40 times) is below 2^53. */
const c = {
  int8: () => column<number>("int8"),
  int8Null: () => column<number | null>("int8", true),
  int4: () => column<number>("int4"),
  int2: () => column<number>("int2"),
  text: () => column<string>("text"),
  textNull: () => column<string | null>("text", true),
  bool: () => column<boolean>("bool"),
  numeric: () => column<string>("numeric"),
  numericNull: () => column<string | null>("numeric", true),
  textArray: () => column<string[]>("text[]"),
  jsonb: () => column<unknown>("jsonb"),
  jsonbNull: () => column<unknown>("jsonb", true),
  bytea: () => column<Uint8Array>("bytea"),
  byteaNull: () => column<Uint8Array | null>("bytea", true),
  serial: () => column<number>("int8", false, true),
  timestamptz: () => column<Date>("timestamptz", false, true),
};

/**
 * Chain text as the mirror stores it. PostgreSQL text cannot hold U+0000, which an ABI string may
 * carry (anyone who registers a product chooses its metadata URI): it is stored as U+FFFD so one
 * hostile string cannot stop the mirror. The audit compares the chain's value through this too.
 */
export function storableText(value: string): string {
  return value.includes("\u0000") ? value.replace(/\u0000/g, "\uFFFD") : value;
}

export type TableKind = "state" | "history" | "chain" | "offchain" | "meta";

export interface TableDefinition<Columns extends Record<string, Column<unknown>>, Kind extends TableKind = TableKind> {
  readonly columns: Columns;
  readonly primaryKey: readonly (keyof Columns & string)[];
  /**
   * `state`: one row per entity, updated in place; the undo journal restores it on a reorg.
   * `history`: append-only rows of one log each (block_number, log_index), deleted past a reorg's ancestor.
   * `chain`: the raw material (raw logs, blocks), deleted past a reorg's ancestor.
   * `offchain`: what the listener resolves off the chain (product documents), keyed by content: kept across reorgs and rebuilds.
   * `meta`: the listener's own bookkeeping.
   */
  readonly kind: Kind;
}

function table<Kind extends TableKind, Columns extends Record<string, Column<unknown>>>(
  kind: Kind, columns: Columns, primaryKey: readonly (keyof Columns & string)[],
): TableDefinition<Columns, Kind> {
  return { kind, columns, primaryKey };
}

/** Where a history row came from: every history table starts with these. */
const logPosition = { block_number: c.int8(), log_index: c.int4() };

export const TABLES = {
  // --- state: one row per entity -------------------------------------------------------------
  participants: table("state", {
    account: c.text(),
    status: c.text(),
    kinds: c.textArray(),
    assessment_kinds: c.textArray(),
    jurisdiction: c.text(),
    dossier_hash: c.text(),
    /** Unset (NULL) until the Registrar accredits the account. */
    accredited_until: c.int8Null(),
    updated_at: c.int8(),
    first_block: c.int8(),
  }, ["account"]),
  staff_roles: table("state", {
    role: c.text(),
    account: c.text(),
    /** ADMIN, REGISTRAR, ARBITER, MARKET, or the role's hash for another role. */
    role_name: c.text(),
    active: c.bool(),
    changed_by: c.text(),
    changed_at: c.int8(),
    changed_block: c.int8(),
  }, ["role", "account"]),
  role_admins: table("state", {
    role: c.text(),
    admin_role: c.text(),
    changed_block: c.int8(),
  }, ["role"]),
  /**
   * The operations scheduled on the exchange's timelock (a deployment with one), one row per
   * operation id: its first call (target, value, calldata, and the call decoded with the project's
   * ABIs when its target is a contract of the deployment), a batch's further calls, when it may be
   * executed, and whether it is still pending, done or cancelled. "Ready" (due) is not an event:
   * the API tells it from ready_at and the checkpoint's time.
   */
  timelock_operations: table("state", {
    /** The operation's id (hashOperation), 0x-hex. */
    id: c.text(),
    /** The timelock that holds it (lower case). */
    timelock: c.text(),
    target: c.text(),
    value: c.numeric(),
    calldata: c.text(),
    /** { contract, function, signature, args } (src/sdk/timelock.ts); NULL when the target is not a contract of the deployment. */
    call: c.jsonbNull(),
    /** 1, or the number of calls of a batch (scheduleBatch). */
    call_count: c.int4(),
    /** A batch's calls after the first, [{ index, target, value, calldata, call }]; NULL for a single call. */
    more_calls: c.jsonbNull(),
    /** An operation that must be executed first; NULL when none. */
    predecessor: c.textNull(),
    /** The salt (CallSalt); NULL when zero. */
    salt: c.textNull(),
    /** Seconds the schedule waits. */
    delay: c.int8(),
    /** From when it may be executed: the schedule's block time plus the delay (Unix seconds). */
    ready_at: c.int8(),
    /** pending (scheduled, not executed), done (CallExecuted), cancelled (Cancelled). */
    status: c.text(),
    scheduled_at: c.int8(),
    scheduled_block: c.int8(),
    scheduled_tx: c.text(),
    /** When it was executed or cancelled; NULL while pending. */
    closed_at: c.int8Null(),
    closed_tx: c.textNull(),
  }, ["id"]),
  products: table("state", {
    id: c.int8(),
    provider: c.text(),
    product_type: c.text(),
    source_category: c.text(),
    classification: c.text(),
    status: c.text(),
    status_before_suspension: c.text(),
    contains_personal_info: c.bool(),
    open_objections: c.int4(),
    jurisdiction: c.text(),
    registered_at: c.int8(),
    previous_version: c.int8Null(),
    superseded_by: c.int8Null(),
    content_hash: c.text(),
    origin_declaration_hash: c.text(),
    metadata_uri: c.text(),
    source_count: c.int4(),
    registered_block: c.int8(),
    registered_tx: c.text(),
    /** Hash of the product's description document (a row of product_documents once resolved); NULL when none. */
    description_hash: c.textNull(),
  }, ["id"]),
  certificates: table("state", {
    id: c.int8(),
    product_id: c.int8(),
    holder: c.text(),
    category: c.text(),
    status: c.text(),
    issued_at: c.int8(),
    expires_at: c.int8(),
    parent_id: c.int8Null(),
    predecessor_id: c.int8Null(),
    successor_id: c.int8Null(),
    issuer: c.text(),
    pledgee: c.textNull(),
    pledge_agreement_hash: c.textNull(),
    open_objections: c.int4(),
    scope_hash: c.text(),
    evidence_hash: c.text(),
    /** The trade that granted this licence (TradeCompleted), NULL for the Registrar's acts. */
    trade_id: c.int8Null(),
    issued_block: c.int8(),
    issued_tx: c.text(),
  }, ["id"]),
  assessments: table("state", {
    id: c.int8(),
    product_id: c.int8(),
    assessor: c.text(),
    kind: c.text(),
    passed: c.bool(),
    revoked: c.bool(),
    issued_at: c.int8(),
    expires_at: c.int8(),
    previous_id: c.int8Null(),
    report_hash: c.text(),
    revoked_by: c.textNull(),
    revocation_reason_hash: c.textNull(),
    revoked_at: c.int8Null(),
    recorded_block: c.int8(),
    recorded_tx: c.text(),
  }, ["id"]),
  assessment_requirements: table("state", {
    scope: c.text(),
    value: c.int2(),
    kinds: c.textArray(),
    kinds_mask: c.int4(),
    set_block: c.int8(),
  }, ["scope", "value"]),
  objections: table("state", {
    /** The contract holding the objection: DataProductRegistry (target a product) or RightsCertificate. */
    registry: c.text(),
    id: c.int8(),
    target_id: c.int8(),
    claimant: c.text(),
    status: c.text(),
    lodged_at: c.int8(),
    resolved_at: c.int8Null(),
    claim_hash: c.text(),
    resolution_hash: c.textNull(),
    lodged_block: c.int8(),
  }, ["registry", "id"]),
  listings: table("state", {
    product_id: c.int8(),
    right_offered: c.text(),
    licence_duration: c.int8(),
    permitted_jurisdictions: c.textArray(),
    terms_set_at: c.int8(),
    /** The reference price shown to buyers; NULL until the first is confirmed or made Negotiable. */
    price_method: c.textNull(),
    price_amount: c.numericNull(),
    price_currency: c.textNull(),
    price_proposed_by: c.textNull(),
    price_set_at: c.int8Null(),
    /** A price proposed and awaiting the provider's confirmation. */
    proposed_method: c.textNull(),
    proposed_amount: c.numericNull(),
    proposed_currency: c.textNull(),
    proposed_by: c.textNull(),
    proposed_at: c.int8Null(),
  }, ["product_id"]),
  trades: table("state", {
    id: c.int8(),
    product_id: c.int8(),
    content_hash: c.text(),
    seller: c.text(),
    buyer: c.text(),
    broker: c.textNull(),
    seller_certificate_id: c.int8(),
    buyer_certificate_id: c.int8Null(),
    right_granted: c.text(),
    status: c.text(),
    status_before_dispute: c.text(),
    cross_border: c.bool(),
    seller_cancelled: c.bool(),
    buyer_cancelled: c.bool(),
    /** Public price; NULL when the parties keep it confidential (then price_commitment is set). */
    price_amount: c.numericNull(),
    price_currency: c.textNull(),
    price_commitment: c.textNull(),
    terms_hash: c.text(),
    purpose_hash: c.text(),
    licence_expires_at: c.int8(),
    nonce: c.numeric(),
    deadline: c.numeric(),
    deal_digest: c.text(),
    delivery_hash: c.textNull(),
    payment_reference: c.textNull(),
    confirmed_at: c.int8(),
    delivered_at: c.int8Null(),
    completed_at: c.int8Null(),
    confirmed_block: c.int8(),
    confirmed_tx: c.text(),
  }, ["id"]),

  // --- history: one row per log --------------------------------------------------------------
  participant_history: table("history", {
    ...logPosition,
    account: c.text(),
    /** Applied, Accredited or StatusChanged. */
    event: c.text(),
    previous_status: c.textNull(),
    status: c.textNull(),
    kinds: c.textArray(),
    assessment_kinds: c.textArray(),
    jurisdiction: c.textNull(),
    dossier_hash: c.textNull(),
    accredited_until: c.int8Null(),
    reason_hash: c.textNull(),
    at: c.int8(),
    transaction_hash: c.text(),
  }, ["block_number", "log_index"]),
  product_sources: table("history", {
    ...logPosition,
    product_id: c.int8(),
    position: c.int4(),
    source_id: c.int8(),
    source_certificate_id: c.int8(),
  }, ["product_id", "position"]),
  product_status_history: table("history", {
    ...logPosition,
    product_id: c.int8(),
    previous_status: c.text(),
    status: c.text(),
    reason_hash: c.textNull(),
    at: c.int8(),
    transaction_hash: c.text(),
  }, ["block_number", "log_index"]),
  certificate_history: table("history", {
    ...logPosition,
    certificate_id: c.int8(),
    /** Minted (ERC-721 Transfer), Locked (ERC-5192), Issued, Replaced, StatusChanged, Renewed, Pledged or Released; Carried when a successor deployment re-mints it. */
    event: c.text(),
    previous_status: c.textNull(),
    status: c.textNull(),
    reason_hash: c.textNull(),
    previous_expires_at: c.int8Null(),
    expires_at: c.int8Null(),
    /** The holder (Minted, Carried), the pledgee (Pledged, Released) or the successor certificate id (Replaced). */
    counterpart: c.textNull(),
    agreement_hash: c.textNull(),
    at: c.int8(),
    transaction_hash: c.text(),
  }, ["block_number", "log_index"]),
  price_history: table("history", {
    ...logPosition,
    product_id: c.int8(),
    /** Proposed (awaiting the provider) or Changed (the reference price buyers see). */
    event: c.text(),
    method: c.text(),
    amount: c.numericNull(),
    currency: c.textNull(),
    proposed_by: c.text(),
    at: c.int8(),
    transaction_hash: c.text(),
  }, ["block_number", "log_index"]),
  trade_events: table("history", {
    ...logPosition,
    trade_id: c.int8(),
    /** Confirmed, Delivered, Completed, StatusChanged, CancellationRequested or PaymentReferenceAttached. */
    event: c.text(),
    previous_status: c.textNull(),
    status: c.textNull(),
    actor: c.textNull(),
    /** The delivery hash, reason, resolution or payment reference the event carries. */
    hash: c.textNull(),
    certificate_id: c.int8Null(),
    at: c.int8(),
    transaction_hash: c.text(),
  }, ["block_number", "log_index"]),
  voided_deals: table("history", {
    ...logPosition,
    deal_digest: c.text(),
    seller: c.text(),
    nonce: c.numeric(),
    actor: c.text(),
    at: c.int8(),
    transaction_hash: c.text(),
    buyer: c.textNull(),
  }, ["block_number", "log_index"]),
  nonce_floors: table("history", {
    ...logPosition,
    party: c.text(),
    previous_floor: c.numeric(),
    floor: c.numeric(),
    at: c.int8(),
    transaction_hash: c.text(),
  }, ["block_number", "log_index"]),
  /**
   * Governance acts, one row per log: the Admin's two-step handover and its delay
   * (DefaultAdmin* events), the successor named (SuccessorSet), and the emergency pause of each
   * contract (Paused, Unpaused), key rotations (AccountReplacementProposed, AccountReplacementCancelled,
   * AccountReplaced). A pending handover or replacement is visible here before it takes effect.
   * The timelock's minimum delay (MinDelayChange: value) and its roles (RoleGranted, RoleRevoked:
   * account, and the role's name in subject) too; its operations are in timelock_operations.
   */
  governance_events: table("history", {
    ...logPosition,
    /** The emitting contract's name: ParticipantRegistry, DataProductRegistry, RightsCertificate, TradeLedger, ExchangeTimelock. */
    contract: c.text(),
    event: c.text(),
    /** The new admin, the successor registry, who paused or unpaused, or a replaced participant's new account. */
    account: c.textNull(),
    /** The participant whose account is (to be) replaced. */
    subject: c.textNull(),
    /** A delay in seconds (DefaultAdminDelayChangeScheduled), the successor's epoch (SuccessorSet), or 1 for a replacement without the old key (AccountReplaced). */
    value: c.numericNull(),
    /** The dossier evidence a replacement cites. */
    evidence_hash: c.textNull(),
    /** When a scheduled handover, delay change or replacement may take effect (Unix seconds). */
    effective_at: c.int8Null(),
    at: c.int8(),
    transaction_hash: c.text(),
  }, ["block_number", "log_index"]),
  module_links: table("history", {
    ...logPosition,
    product_registry: c.text(),
    certificates: c.text(),
    assessments: c.text(),
  }, ["block_number", "log_index"]),

  // --- chain: the raw material -----------------------------------------------------------------
  raw_logs: table("chain", {
    block_number: c.int8(),
    log_index: c.int4(),
    block_hash: c.bytea(),
    transaction_hash: c.bytea(),
    transaction_index: c.int4(),
    address: c.bytea(),
    topic0: c.byteaNull(),
    topic1: c.byteaNull(),
    topic2: c.byteaNull(),
    topic3: c.byteaNull(),
    data: c.bytea(),
  }, ["block_number", "log_index"]),
  blocks: table("chain", {
    number: c.int8(),
    hash: c.text(),
    /** Known for blocks whose header was read (near the head, batch ends); NULL for blocks seen only in logs. */
    parent_hash: c.textNull(),
    timestamp: c.int8(),
  }, ["number"]),

  // --- offchain: resolved from outside the chain, keyed by content, untouched by reorgs ----------
  product_documents: table("offchain", {
    /** The description hash the document was resolved for (0x-hex). */
    hash: c.text(),
    /** verified: the bytes read hash to `hash`; mismatch: they do not; unavailable: nothing readable (retried). */
    status: c.text(),
    /** The document's name and summary: only when verified. */
    name: c.textNull(),
    summary: c.textNull(),
    /** The whole document: only when verified. */
    body: c.jsonbNull(),
    /** Where the document was read from (a file or a URL); NULL when nothing was found. */
    source: c.textNull(),
    /** Why it is not verified; NULL when verified. */
    problem: c.textNull(),
    /** When the current answer was first found (Unix seconds). */
    checked_at: c.int8(),
    /** Grows with every change of the answer (the API's caches follow its maximum). */
    revision: c.int8(),
  }, ["hash"]),

  // --- meta ------------------------------------------------------------------------------------
  mirror_state: table("meta", {
    id: c.int2(),
    chain_id: c.int8(),
    /** The deployment mirrored: contract names to lower-case addresses. */
    contracts: c.jsonb(),
    start_block: c.int8(),
    /** Last block applied; start_block - 1 before the first batch. */
    checkpoint_block: c.int8(),
    checkpoint_hash: c.textNull(),
    /** Every block from this one on has undo entries: a reorg to an ancestor below needs a rebuild. */
    journal_from_block: c.int8(),
    updated_at: c.timestamptz(),
  }, ["id"]),
  mirror_undo: table("meta", {
    id: c.serial(),
    block_number: c.int8(),
    table_name: c.text(),
    /** The row's primary key, as JSON text. */
    key: c.text(),
    /**
     * The row as it was before the block changed it, as JSON text; NULL when the block created
     * it. Text, not jsonb: written for every change near the head, read only by a rollback.
     */
    row: c.textNull(),
  }, ["id"]),
} as const;

export type Tables = typeof TABLES;
export type TableName = keyof Tables;
type ColumnsOf<T extends TableName> = Tables[T]["columns"];
export type RowOf<T extends TableName> = {
  -readonly [K in keyof ColumnsOf<T>]: ColumnsOf<T>[K] extends Column<infer Value> ? Value : never;
};

type TablesOfKind<Kind extends string> = { [T in TableName]: Tables[T]["kind"] extends Kind ? T : never }[TableName];
export type StateTable = TablesOfKind<"state">;
export type HistoryTable = TablesOfKind<"history">;

export const TABLE_NAMES = Object.keys(TABLES) as TableName[];
export const STATE_TABLES = TABLE_NAMES.filter((name) => TABLES[name].kind === "state") as StateTable[];
export const HISTORY_TABLES = TABLE_NAMES.filter((name) => TABLES[name].kind === "history") as HistoryTable[];

/** The mirror's database as Kysely sees it. */
export type MirrorSchema = { [T in TableName]: RowOf<T> };

export type Participant = RowOf<"participants">;
export type Product = RowOf<"products">;
export type Certificate = RowOf<"certificates">;
export type Assessment = RowOf<"assessments">;
export type Listing = RowOf<"listings">;
export type Trade = RowOf<"trades">;
