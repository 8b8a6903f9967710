import type { DatarightsClient } from "./client";
import { decodeRevert } from "./errors";

/**
 * What a migration carries, contract by contract, in the order it carries them (see
 * IRecordMigration): table 0 is the contract's own records, 1 its objections, 2 its roster of
 * issuers or assessors, which its records name by index and so must come first.
 */
export const MIGRATION_TABLES = [
  { contract: "participants", table: 0, name: "participants" },
  { contract: "products", table: 0, name: "products" },
  { contract: "products", table: 1, name: "product objections" },
  { contract: "certificates", table: 2, name: "certificate issuers" },
  { contract: "certificates", table: 0, name: "certificates" },
  { contract: "certificates", table: 1, name: "certificate objections" },
  { contract: "assessments", table: 2, name: "assessors" },
  { contract: "assessments", table: 0, name: "assessments" },
  { contract: "listings", table: 0, name: "listings" },
  { contract: "trades", table: 0, name: "trades" },
] as const;

export type MigrationTable = (typeof MIGRATION_TABLES)[number];

/** How many reads go out at once while listing records: a node serves them in parallel. */
const READ_CHUNK = 32;

/** Ids 1..count. */
function upTo(count: bigint): bigint[] {
  return Array.from({ length: Number(count) }, (_, index) => BigInt(index + 1));
}

/** `exportRecord(table, id)` of the contract, or null when it holds no such record. */
export async function exportedRecord(client: DatarightsClient, entry: MigrationTable, id: bigint): Promise<string | null> {
  try {
    return await client.contracts[entry.contract].exportRecord(entry.table, id);
  } catch (error) {
    // Only the contract's own answer "no such record" is an empty place; any other failure (a
    // node down, a wrong address) must not read as a missing record.
    if (decodeRevert(error)?.name === "RecordMigrationNothingToCarry") return null;
    throw error;
  }
}

/** Reads `ids` in chunks, keeping those whose record `keep` accepts. */
async function filterIds(ids: bigint[], keep: (id: bigint) => Promise<boolean>): Promise<bigint[]> {
  const kept: bigint[] = [];
  for (let start = 0; start < ids.length; start += READ_CHUNK) {
    const chunk = ids.slice(start, start + READ_CHUNK);
    const answers = await Promise.all(chunk.map(keep));
    chunk.forEach((id, index) => answers[index] && kept.push(id));
  }
  return kept;
}

/** The ids of every record of `entry` that `client`'s deployment holds, ascending. */
export async function recordIds(client: DatarightsClient, entry: MigrationTable): Promise<bigint[]> {
  const { contracts } = client;
  switch (`${entry.contract}/${entry.table}`) {
    case "participants/0": {
      const count = await contracts.participants.participantCount();
      const accounts = await Promise.all(upTo(count).map((index) => contracts.participants.participantAt(index - 1n)));
      return accounts.map((account) => BigInt(account));
    }
    case "products/0":
      return upTo(await contracts.products.productCount());
    case "products/1":
      return upTo(await contracts.products.objectionCount());
    case "certificates/0":
      return upTo(await contracts.certificates.certificateCount());
    case "certificates/1":
      return upTo(await contracts.certificates.objectionCount());
    case "assessments/0":
      return upTo(await contracts.assessments.assessmentCount());
    case "assessments/2":
      return upTo(await contracts.assessments.assessorCount());
    case "certificates/2": {
      // The issuer roster has no count of its own: it ends where the export does.
      const ids: bigint[] = [];
      while ((await exportedRecord(client, entry, BigInt(ids.length + 1))) !== null) ids.push(BigInt(ids.length + 1));
      return ids;
    }
    case "listings/0":
      // A listing is kept by its product's id, and not every product is listed.
      return filterIds(upTo(await contracts.products.productCount()), async (id) => (await exportedRecord(client, entry, id)) !== null);
    case "trades/0":
      return upTo(await contracts.trades.tradeCount());
    default:
      throw new Error(`no table ${entry.table} in ${entry.contract}`);
  }
}

/**
 * The ids of `entry` the predecessor holds and `successor` does not yet. A record the successor
 * holds already must be the predecessor's, as stored: one made there first (an account applying
 * for accreditation on the new deployment before its record was carried) is refused by name.
 */
export async function idsToCarry(predecessor: DatarightsClient, successor: DatarightsClient, entry: MigrationTable): Promise<bigint[]> {
  const ids = await recordIds(predecessor, entry);
  return filterIds(ids, async (id) => {
    const here = await exportedRecord(successor, entry, id);
    if (here === null) return true;
    if (here !== (await exportedRecord(predecessor, entry, id))) {
      const shown = entry.contract === "participants" ? `0x${id.toString(16).padStart(40, "0")}` : id.toString();
      throw new Error(`${entry.name} ${shown} exists on the new deployment but differs from the old one's: it was made there before it was carried (see \`governance diff\`)`);
    }
    return false;
  });
}
