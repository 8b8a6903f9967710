import type { DatarightsClient, DatarightsContracts } from "../../client";
import { decodeRevert } from "../../errors";
import type { DatarightsError } from "../../errors";
import { MIGRATION_TABLES, exportedRecord, recordIds } from "../../migration";
import type { MigrationTable } from "../../migration";

export interface DiffDeploymentsParameters {
  /** Stop listing after this many differences (all records are still compared); 100 unless set. */
  limit?: number;
}

/** One way a record reads differently in the two deployments. */
export interface RecordDifference {
  /** The table's name, e.g. "certificates". */
  table: string;
  /** The record's id (an account, as a hex address, for participants). */
  id: string;
  /** "stored" for the record's words as the contract keeps them; else the view that differs. */
  field: string;
  /** What the predecessor and this deployment answer; null where the record is missing. */
  before: string | null;
  after: string | null;
}

export interface DiffDeploymentsReturnType {
  /** Deployment names: the predecessor, and the deployment the client is on. */
  predecessor: string;
  successor: string;
  /** Records compared, by table: every record the predecessor holds. */
  compared: Record<string, number>;
  differences: RecordDifference[];
  /** True when more differences were found than `limit` lists. */
  truncated: boolean;
}

export type DiffDeploymentsErrorType = DatarightsError;

type View = (contracts: DatarightsContracts, id: bigint) => Promise<unknown>;

/**
 * The views compared besides the stored words, which would show a record carried with a roster
 * index or an epoch that reads differently: what a buyer, an auditor or a court reads.
 */
const VIEWS: Record<string, Record<string, View>> = {
  participants: {
    participant: (c, id) => c.participants.participant(account(id)),
    currentAccount: (c, id) => c.participants.currentAccount(account(id)),
  },
  products: {
    product: (c, id) => c.products.product(id),
    sources: (c, id) => c.products.sourcesOf(id),
    sourceCertificates: (c, id) => c.products.sourceCertificatesOf(id),
    registrationNumber: (c, id) => c.products.registrationNumber(id),
  },
  "product objections": { objection: (c, id) => c.products.objection(id) },
  certificates: {
    certificate: (c, id) => c.certificates.certificate(id),
    registrationNumber: (c, id) => c.certificates.registrationNumber(id),
    holder: (c, id) => c.certificates.ownerOf(id),
    validity: (c, id) => c.certificates.validity(id),
  },
  "certificate objections": { objection: (c, id) => c.certificates.objection(id) },
  assessments: { assessment: (c, id) => c.assessments.assessment(id) },
  listings: { listing: (c, id) => c.listings.listing(id) },
  trades: { trade: (c, id) => c.trades.trade(id) },
};

function account(id: bigint): string {
  return `0x${id.toString(16).padStart(40, "0")}`;
}

/**
 * A view's answer as comparable text; a datarights error (an unknown record) reads as null. Any
 * other failure is thrown: a node that does not answer is not a record that is not there.
 */
async function answer(view: View, contracts: DatarightsContracts, id: bigint): Promise<string | null> {
  try {
    return JSON.stringify(await view(contracts, id), (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value));
  } catch (error) {
    if (decodeRevert(error) !== undefined) return null;
    throw error;
  }
}

/**
 * The before/after check of a migration: every record of the predecessor deployment, read in
 * both deployments, as the contracts store it (`exportRecord`) and through the views a reader
 * uses (the product, the certificate with its holder, issuer and registration number, the trade,
 * and so on). A complete migration has no difference. Records the successor made itself, with ids
 * after the predecessor's, are not compared.
 *
 * @example
 * const { differences } = await diffDeployments(successorClient);
 */
export async function diffDeployments(client: DatarightsClient, parameters: DiffDeploymentsParameters = {}): Promise<DiffDeploymentsReturnType> {
  const predecessor = client.predecessor();
  if (!predecessor) throw new Error(`deployment ${client.deployment.network} has no predecessor to compare with`);
  const limit = parameters.limit ?? 100;
  const compared: Record<string, number> = {};
  const differences: RecordDifference[] = [];
  let found = 0;
  const note = (difference: RecordDifference) => {
    found += 1;
    if (differences.length < limit) differences.push(difference);
  };
  for (const entry of MIGRATION_TABLES) {
    const ids = await recordIds(predecessor, entry);
    compared[entry.name] = ids.length;
    for (let start = 0; start < ids.length; start += 16) {
      await Promise.all(ids.slice(start, start + 16).map((id) => compareRecord(predecessor, client, entry, id, note)));
    }
  }
  return {
    predecessor: predecessor.deployment.network, successor: client.deployment.network, compared, differences, truncated: found > differences.length,
  };
}

async function compareRecord(
  predecessor: DatarightsClient, successor: DatarightsClient, entry: MigrationTable, id: bigint, note: (difference: RecordDifference) => void,
): Promise<void> {
  const shownId = entry.contract === "participants" ? account(id) : id.toString();
  const [before, after] = await Promise.all([exportedRecord(predecessor, entry, id), exportedRecord(successor, entry, id)]);
  if (before !== after) note({ table: entry.name, id: shownId, field: "stored", before, after });
  for (const [field, view] of Object.entries(VIEWS[entry.name] ?? {})) {
    const [viewBefore, viewAfter] = await Promise.all([answer(view, predecessor.contracts, id), answer(view, successor.contracts, id)]);
    if (viewBefore !== viewAfter) note({ table: entry.name, id: shownId, field, before: viewBefore, after: viewAfter });
  }
}
