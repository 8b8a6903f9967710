import { Migrator, sql } from "kysely";
import type { Kysely, Migration, MigrationProvider } from "kysely";
import type { MirrorSchema } from "./schema";

/**
 * The mirror's schema, as an ordered list of migrations. A migration, once released, is never
 * edited: a change of the schema is a new entry. `test/mirror/schema.test.ts` checks that the
 * migrated database has exactly the columns `schema.ts` describes.
 */
const INITIAL = `
create table participants (
  account text primary key,
  status text not null,
  kinds text[] not null,
  assessment_kinds text[] not null,
  jurisdiction text not null,
  dossier_hash text not null,
  accredited_until int8,
  updated_at int8 not null,
  first_block int8 not null
);
create table staff_roles (
  role text not null,
  account text not null,
  role_name text not null,
  active bool not null,
  changed_by text not null,
  changed_at int8 not null,
  changed_block int8 not null,
  primary key (role, account)
);
create index staff_roles_account on staff_roles (account);
create table role_admins (
  role text primary key,
  admin_role text not null,
  changed_block int8 not null
);
create table products (
  id int8 primary key,
  provider text not null,
  product_type text not null,
  source_category text not null,
  classification text not null,
  status text not null,
  status_before_suspension text not null,
  contains_personal_info bool not null,
  open_objections int4 not null,
  jurisdiction text not null,
  registered_at int8 not null,
  previous_version int8,
  superseded_by int8,
  content_hash text not null,
  origin_declaration_hash text not null,
  metadata_uri text not null,
  source_count int4 not null,
  registered_block int8 not null,
  registered_tx text not null
);
create index products_provider on products (provider);
create index products_status on products (status);
create table certificates (
  id int8 primary key,
  product_id int8 not null,
  holder text not null,
  category text not null,
  status text not null,
  issued_at int8 not null,
  expires_at int8 not null,
  parent_id int8,
  predecessor_id int8,
  successor_id int8,
  issuer text not null,
  pledgee text,
  pledge_agreement_hash text,
  open_objections int4 not null,
  scope_hash text not null,
  evidence_hash text not null,
  trade_id int8,
  issued_block int8 not null,
  issued_tx text not null
);
create index certificates_holder on certificates (holder);
create index certificates_product on certificates (product_id);
create index certificates_parent on certificates (parent_id);
create table assessments (
  id int8 primary key,
  product_id int8 not null,
  assessor text not null,
  kind text not null,
  passed bool not null,
  revoked bool not null,
  issued_at int8 not null,
  expires_at int8 not null,
  previous_id int8,
  report_hash text not null,
  revoked_by text,
  revocation_reason_hash text,
  revoked_at int8,
  recorded_block int8 not null,
  recorded_tx text not null
);
create index assessments_product on assessments (product_id);
create table assessment_requirements (
  scope text not null,
  value int2 not null,
  kinds text[] not null,
  kinds_mask int4 not null,
  set_block int8 not null,
  primary key (scope, value)
);
create table objections (
  registry text not null,
  id int8 not null,
  target_id int8 not null,
  claimant text not null,
  status text not null,
  lodged_at int8 not null,
  resolved_at int8,
  claim_hash text not null,
  resolution_hash text,
  lodged_block int8 not null,
  primary key (registry, id)
);
create table listings (
  product_id int8 primary key,
  right_offered text not null,
  licence_duration int8 not null,
  permitted_jurisdictions text[] not null,
  terms_set_at int8 not null,
  price_method text,
  price_amount numeric,
  price_currency text,
  price_proposed_by text,
  price_set_at int8,
  proposed_method text,
  proposed_amount numeric,
  proposed_currency text,
  proposed_by text,
  proposed_at int8
);
create table trades (
  id int8 primary key,
  product_id int8 not null,
  content_hash text not null,
  seller text not null,
  buyer text not null,
  broker text,
  seller_certificate_id int8 not null,
  buyer_certificate_id int8,
  right_granted text not null,
  status text not null,
  status_before_dispute text not null,
  cross_border bool not null,
  seller_cancelled bool not null,
  buyer_cancelled bool not null,
  price_amount numeric,
  price_currency text,
  price_commitment text,
  terms_hash text not null,
  purpose_hash text not null,
  licence_expires_at int8 not null,
  nonce numeric not null,
  deadline numeric not null,
  deal_digest text not null,
  delivery_hash text,
  payment_reference text,
  confirmed_at int8 not null,
  delivered_at int8,
  completed_at int8,
  confirmed_block int8 not null,
  confirmed_tx text not null
);
create index trades_product on trades (product_id);
create index trades_seller on trades (seller);
create index trades_buyer on trades (buyer);

create table participant_history (
  block_number int8 not null,
  log_index int4 not null,
  account text not null,
  event text not null,
  previous_status text,
  status text,
  kinds text[] not null,
  assessment_kinds text[] not null,
  jurisdiction text,
  dossier_hash text,
  accredited_until int8,
  reason_hash text,
  at int8 not null,
  transaction_hash text not null,
  primary key (block_number, log_index)
);
create index participant_history_account on participant_history (account);
create table product_sources (
  block_number int8 not null,
  log_index int4 not null,
  product_id int8 not null,
  position int4 not null,
  source_id int8 not null,
  source_certificate_id int8 not null,
  primary key (product_id, position)
);
create index product_sources_source on product_sources (source_id);
create index product_sources_block on product_sources (block_number);
create table product_status_history (
  block_number int8 not null,
  log_index int4 not null,
  product_id int8 not null,
  previous_status text not null,
  status text not null,
  reason_hash text,
  at int8 not null,
  transaction_hash text not null,
  primary key (block_number, log_index)
);
create index product_status_history_product on product_status_history (product_id);
create table certificate_history (
  block_number int8 not null,
  log_index int4 not null,
  certificate_id int8 not null,
  event text not null,
  previous_status text,
  status text,
  reason_hash text,
  previous_expires_at int8,
  expires_at int8,
  counterpart text,
  agreement_hash text,
  at int8 not null,
  transaction_hash text not null,
  primary key (block_number, log_index)
);
create index certificate_history_certificate on certificate_history (certificate_id);
create table price_history (
  block_number int8 not null,
  log_index int4 not null,
  product_id int8 not null,
  event text not null,
  method text not null,
  amount numeric,
  currency text,
  proposed_by text not null,
  at int8 not null,
  transaction_hash text not null,
  primary key (block_number, log_index)
);
create index price_history_product on price_history (product_id);
create table trade_events (
  block_number int8 not null,
  log_index int4 not null,
  trade_id int8 not null,
  event text not null,
  previous_status text,
  status text,
  actor text,
  hash text,
  certificate_id int8,
  at int8 not null,
  transaction_hash text not null,
  primary key (block_number, log_index)
);
create index trade_events_trade on trade_events (trade_id);
create table voided_deals (
  block_number int8 not null,
  log_index int4 not null,
  deal_digest text not null,
  seller text not null,
  nonce numeric not null,
  actor text not null,
  at int8 not null,
  transaction_hash text not null,
  primary key (block_number, log_index)
);
create table module_links (
  block_number int8 not null,
  log_index int4 not null,
  product_registry text not null,
  certificates text not null,
  assessments text not null,
  primary key (block_number, log_index)
);

create table raw_logs (
  block_number int8 not null,
  log_index int4 not null,
  block_hash text not null,
  transaction_hash text not null,
  transaction_index int4 not null,
  address text not null,
  topic0 text,
  topic1 text,
  topic2 text,
  topic3 text,
  data text not null,
  primary key (block_number, log_index)
);
create table blocks (
  number int8 primary key,
  hash text not null,
  parent_hash text,
  timestamp int8 not null
);

create table mirror_state (
  id int2 primary key check (id = 1),
  chain_id int8 not null,
  contracts jsonb not null,
  start_block int8 not null,
  checkpoint_block int8 not null,
  checkpoint_hash text,
  journal_from_block int8 not null,
  updated_at timestamptz not null default now()
);
create table mirror_undo (
  id bigserial primary key,
  block_number int8 not null,
  table_name text not null,
  key jsonb not null,
  row jsonb
);
create index mirror_undo_block on mirror_undo (block_number);
`;

function statements(script: string): string[] {
  return script.split(/;\s*\n/).map((statement) => statement.trim()).filter((statement) => statement.length > 0);
}

/**
 * Raw logs as bytes: half the size of their hex, and what the listener's binary COPY writes
 * straight from the node's answer. Existing rows are converted in place.
 */
const RAW_LOGS_AS_BYTES = ["block_hash", "transaction_hash", "address", "topic0", "topic1", "topic2", "topic3", "data"]
  .map((column) => `alter column ${column} type bytea using decode(substr(${column}, 3), 'hex')`);

/**
 * The listener's checkpoint guard, as one statement it can send with the rest of a batch: the
 * row locked (waiting for a batch in flight on another connection to commit), the checkpoint
 * checked to be the block before the batch, and moved past it. A mismatch raises DR001 and
 * aborts the batch's transaction. The search path is fixed at creation: the function reads this
 * schema's mirror_state whoever calls it.
 */
const ADVANCE_CHECKPOINT = `
create function advance_checkpoint(expected int8, to_block int8, to_hash text, journal bool) returns void
language plpgsql set search_path from current as $$
declare
  current_block int8;
begin
  select checkpoint_block into current_block from mirror_state where id = 1 for update;
  if current_block is distinct from expected then
    raise exception 'the mirror''s checkpoint is block %, not %, while blocks %-% were applied: is another listener writing it?',
      coalesce(current_block::text, 'unset'), expected, expected + 1, to_block using errcode = 'DR001';
  end if;
  update mirror_state set checkpoint_block = to_block, checkpoint_hash = to_hash, updated_at = now(),
    journal_from_block = case when journal then journal_from_block else to_block + 1 end
  where id = 1;
end $$`;

/**
 * The undo journal as JSON text: jsonb parses every value on the way in, and the journal is
 * written for every change near the head but read only by a rollback, which casts it back.
 */
const UNDO_AS_TEXT = "alter table mirror_undo alter column key type text using key::text, alter column row type text using row::text";

const MIGRATIONS: Record<string, Migration> = {
  "0001_initial": {
    async up(db: Kysely<unknown>) {
      // One statement at a time: the embedded database's extended protocol takes one per query.
      for (const statement of statements(INITIAL)) await sql.raw(statement).execute(db);
    },
  },
  "0002_raw_logs_as_bytes": {
    async up(db: Kysely<unknown>) {
      await sql.raw(`alter table raw_logs ${RAW_LOGS_AS_BYTES.join(", ")}`).execute(db);
    },
  },
  "0003_advance_checkpoint": {
    async up(db: Kysely<unknown>) {
      await sql.raw(ADVANCE_CHECKPOINT).execute(db);
    },
  },
  "0004_undo_as_text": {
    async up(db: Kysely<unknown>) {
      await sql.raw(UNDO_AS_TEXT).execute(db);
    },
  },
  "0005_deal_nonces": {
    async up(db: Kysely<unknown>) {
      // One statement per call: the server's extended protocol takes a single command.
      for (const statement of DEAL_NONCES.split(";").map((text) => text.trim()).filter(Boolean)) await sql.raw(statement).execute(db);
    },
  },
  "0006_product_documents": {
    async up(db: Kysely<unknown>) {
      for (const statement of PRODUCT_DOCUMENTS.split(";").map((text) => text.trim()).filter(Boolean)) await sql.raw(statement).execute(db);
    },
  },
  "0007_governance_events": {
    async up(db: Kysely<unknown>) {
      await sql.raw(GOVERNANCE_EVENTS).execute(db);
    },
  },
  "0008_timelock_operations": {
    async up(db: Kysely<unknown>) {
      for (const statement of statements(TIMELOCK_OPERATIONS)) await sql.raw(statement).execute(db);
    },
  },
};

/** The operations scheduled on the exchange's timelock: pending policy changes before they take effect. */
const TIMELOCK_OPERATIONS = `
create table timelock_operations (
  id text primary key,
  timelock text not null,
  target text not null,
  value numeric not null,
  calldata text not null,
  call jsonb,
  call_count int4 not null,
  more_calls jsonb,
  predecessor text,
  salt text,
  delay int8 not null,
  ready_at int8 not null,
  status text not null check (status in ('pending', 'done', 'cancelled')),
  scheduled_at int8 not null,
  scheduled_block int8 not null,
  scheduled_tx text not null,
  closed_at int8,
  closed_tx text
);
create index timelock_operations_status on timelock_operations (status, ready_at);
`;

/** The Admin's handover and delay, the successor, the emergency pauses, key rotations: one row per log. */
const GOVERNANCE_EVENTS = `
create table governance_events (
  block_number int8 not null,
  log_index int4 not null,
  contract text not null,
  event text not null,
  account text,
  subject text,
  value numeric,
  evidence_hash text,
  effective_at int8,
  at int8 not null,
  transaction_hash text not null,
  primary key (block_number, log_index)
)`;

/**
 * Products' description hashes, and the documents the listener resolved for them: off-chain,
 * keyed by hash, so a reorg or a rebuild leaves them be. checked_at (Unix seconds) is when the
 * current answer was first found; revision grows with every change of an answer, so the API can
 * tell its cached answers are stale with no block of their own (max(revision) reads one index entry).
 */
const PRODUCT_DOCUMENTS = `
alter table products add column description_hash text;
create index products_description_hash on products (description_hash);
create sequence product_document_revisions;
create table product_documents (
  hash text primary key,
  status text not null check (status in ('verified', 'mismatch', 'unavailable')),
  name text,
  summary text,
  body jsonb,
  source text,
  problem text,
  checked_at int8 not null,
  revision int8 not null default nextval('product_document_revisions')
);
create index product_documents_revision on product_documents (revision);
`;

/** A voided deal names both parties (its nonce counts per seller, buyer and product); parties raise nonce floors. */
const DEAL_NONCES = `
alter table voided_deals add column buyer text;
create table nonce_floors (
  block_number int8 not null,
  log_index int4 not null,
  party text not null,
  previous_floor numeric not null,
  floor numeric not null,
  at int8 not null,
  transaction_hash text not null,
  primary key (block_number, log_index)
);
`;

class InlineMigrations implements MigrationProvider {
  async getMigrations(): Promise<Record<string, Migration>> {
    return MIGRATIONS;
  }
}

/**
 * Brings the mirror's schema up to date. Kysely's migrator takes a lock, so two processes
 * starting at once migrate once; it records what ran in `kysely_migration` of the same schema.
 * On a server each migration runs in a transaction; the embedded database has one connection
 * and one process (its directory is locked), so there it runs without.
 */
export async function migrate(database: { db: Kysely<MirrorSchema>; schema: string; kind: "embedded" | "server" }): Promise<void> {
  const migrator = new Migrator({
    db: database.db as unknown as Kysely<unknown>,
    provider: new InlineMigrations(),
    migrationTableSchema: database.schema,
    disableTransactions: database.kind === "embedded",
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((result) => result.status === "Error");
    throw new Error(`migrating the mirror's database failed${failed ? ` at ${failed.migrationName}` : ""}: ${(error as Error).message}`);
  }
}
