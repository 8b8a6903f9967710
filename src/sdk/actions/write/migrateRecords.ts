import type { DatarightsClient } from "../../client";
import { MIGRATION_TABLES, idsToCarry } from "../../migration";
import type { MigrationTable } from "../../migration";
import { transact } from "./internal";
import { sealDeployment } from "./sealDeployment";
import { decodeRevert } from "../../errors";
import type { TransactionResult } from "./internal";

/** Records one import transaction carries at most: a product with its text and sources costs ~150k gas. */
const IMPORT_BATCH = 25;

export interface MigrateRecordsParameters {
  /** Called after each batch, e.g. to print progress. */
  onProgress?: (progress: { table: string; carried: number; total: number }) => void;
  /**
   * Most gas one import may take; half the latest block's gas limit unless set. A batch estimated
   * above it is split in halves (a product with many sources, a certificate with a long history).
   */
  maxBatchGas?: bigint;
}

export interface MigrateRecordsResult {
  /** Records carried by this run, by table name; a rerun carries only what is missing. */
  carried: Record<string, number>;
  /** The predecessor's contracts this run sealed (SDK names); a rerun finds them sealed already. */
  sealed: string[];
  transactions: TransactionResult[];
}

/**
 * The gas an import of `batch` would take: 0 when the contract refuses it (sending it then reports
 * the refusal), unbounded when the node cannot estimate it at all (a batch past the block's gas
 * limit), so it is split.
 */
async function importGas(client: DatarightsClient, entry: MigrationTable, batch: bigint[]): Promise<bigint> {
  try {
    return await client.contracts[entry.contract].importRecords.estimateGas(entry.table, batch, { from: client.signer.address });
  } catch (error) {
    return decodeRevert(error) === undefined ? BigInt(Number.MAX_SAFE_INTEGER) : 0n;
  }
}

/**
 * Carries every record of the deployment this one succeeds into this one, as this deployment's
 * Admin: participants, products, certificates (each keeping its id, so its registration number,
 * and its link to the certificate it replaced), objections, assessments, listings and trades. Each
 * contract pulls the records from its predecessor itself, so the Admin chooses which, never what.
 * The predecessor's Admin must have named this deployment its successor; the predecessor is then
 * sealed first (`sealDeployment`), so nothing there changes once carried. Resumable: records
 * already carried are skipped. Check the result with `diffDeployments`, then lift the pause.
 */
export async function migrateRecords(client: DatarightsClient, parameters: MigrateRecordsParameters = {}): Promise<MigrateRecordsResult> {
  const predecessor = client.predecessor();
  if (!predecessor) throw new Error(`deployment ${client.deployment.network} has no predecessor: there is nothing to carry over`);
  client.signer;
  // Sealed only once it names this deployment: until then the first import is refused, by the
  // contract, with RecordMigrationNotSucceeded.
  const named = await predecessor.contracts.participants.successor();
  const { sealed, transactions: sealing } = named.toLowerCase() === client.address("participants").toLowerCase()
    ? await sealDeployment(predecessor)
    : { sealed: [], transactions: [] };
  const carried: Record<string, number> = {};
  const transactions: TransactionResult[] = [...sealing];
  const maxBatchGas = parameters.maxBatchGas ?? ((await client.provider.getBlock("latest"))?.gasLimit ?? 30_000_000n) / 2n;
  for (const entry of MIGRATION_TABLES) {
    const ids = await idsToCarry(predecessor, client, entry);
    carried[entry.name] = 0;
    const pending: bigint[][] = [];
    for (let start = 0; start < ids.length; start += IMPORT_BATCH) pending.push(ids.slice(start, start + IMPORT_BATCH));
    while (pending.length > 0) {
      const batch = pending.shift()!;
      if (batch.length > 1 && (await importGas(client, entry, batch)) > maxBatchGas) {
        const half = Math.floor(batch.length / 2);
        pending.unshift(batch.slice(0, half), batch.slice(half));
        continue;
      }
      const { transaction } = await transact(client, `carry ${entry.name} over`, (contracts) =>
        contracts[entry.contract].importRecords(entry.table, batch),
      );
      transactions.push(transaction);
      carried[entry.name] += batch.length;
      parameters.onProgress?.({ table: entry.name, carried: carried[entry.name], total: ids.length });
    }
  }
  // A contract with nothing to carry still settles its counts, so it may make new records.
  for (const key of ["products", "certificates", "assessments", "trades"] as const) {
    if (!(await client.contracts[key].awaitingCarry())) continue;
    const { transaction } = await transact(client, `settle the ${key}' counts`, (contracts) => contracts[key].importRecords(0, []));
    transactions.push(transaction);
  }
  return { carried, sealed, transactions };
}
