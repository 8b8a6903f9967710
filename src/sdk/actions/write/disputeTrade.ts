import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

/** Disputes a delivered trade, as its buyer, with the hash of its grounds (required); the Arbiter decides with `resolveDispute`. */
export async function disputeTrade(
  client: DatarightsClient,
  parameters: { tradeId: bigint; reasonHash: Hash },
): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "dispute", (contracts) => contracts.trades.dispute(parameters.tradeId, parameters.reasonHash));
  return { transaction };
}
