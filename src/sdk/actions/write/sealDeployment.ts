import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/**
 * The contracts a deployment seals, callers before callees: the ledger first, which seals the
 * certificates with itself (its reservations reach into them), then the rest.
 */
const SEALED_IN_ORDER = ["trades", "listings", "assessments", "certificates", "products"] as const;

/**
 * Seals `client`'s deployment once its registry names a successor (`setSuccessor`, which seals
 * the registry itself): every act of its contracts then reverts, and reads go on, so a record
 * carried to the successor cannot change here afterwards, nor a right be used on both deployments.
 * Anyone may seal, as governance has already decided; contracts already sealed are left as they
 * are. Before a successor is named the contracts refuse, with RecordMigrationNoSuccessor.
 */
export async function sealDeployment(client: DatarightsClient): Promise<{ sealed: string[]; transactions: TransactionResult[] }> {
  const sealedBefore = await Promise.all(SEALED_IN_ORDER.map((key) => client.contracts[key].isSealed()));
  const transactions: TransactionResult[] = [];
  for (const key of SEALED_IN_ORDER) {
    if (await client.contracts[key].isSealed()) continue;
    const { transaction } = await transact(client, `seal ${key}`, (contracts) => contracts[key].seal());
    transactions.push(transaction);
  }
  return { sealed: SEALED_IN_ORDER.filter((_key, index) => !sealedBefore[index]), transactions };
}
