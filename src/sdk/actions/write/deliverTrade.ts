import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

/** Records delivery, as the seller: `deliveryHash` is the SHA-256 of what was delivered. */
export async function deliverTrade(
  client: DatarightsClient,
  parameters: { tradeId: bigint; deliveryHash: Hash },
): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "deliver", (contracts) => contracts.trades.deliver(parameters.tradeId, parameters.deliveryHash));
  return { transaction };
}
