import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/** The contracts with the emergency pause: new registrations, certificate issues, trade confirmations. */
const PAUSABLE = ["products", "certificates", "trades"] as const;

/**
 * The emergency pause, as a holder of PAUSER_ROLE: stops new product registrations, certificate
 * issues, licences, transfers and changes, and trade confirmations in every contract that has them. Reads, verification and the
 * later acts of trades already confirmed go on. Contracts already paused are left as they are.
 */
export async function pauseRecords(client: DatarightsClient): Promise<{ transactions: TransactionResult[] }> {
  return setPaused(client, true);
}

/** Lifts the emergency pause wherever it is in force, as the Admin (a Pauser stops; governance resumes). */
export async function unpauseRecords(client: DatarightsClient): Promise<{ transactions: TransactionResult[] }> {
  return setPaused(client, false);
}

async function setPaused(client: DatarightsClient, paused: boolean): Promise<{ transactions: TransactionResult[] }> {
  const transactions: TransactionResult[] = [];
  for (const key of PAUSABLE) {
    const contract = client.contracts[key];
    if ((await contract.paused()) === paused) continue;
    const { transaction } = await transact(client, paused ? `pause ${key}` : `unpause ${key}`, (contracts) =>
      paused ? contracts[key].pause() : contracts[key].unpause(),
    );
    transactions.push(transaction);
  }
  return { transactions };
}
