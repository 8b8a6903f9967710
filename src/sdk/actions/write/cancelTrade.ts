import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/** Asks to cancel a confirmed trade, as one of its parties; `cancelled` says whether both now have. */
export async function cancelTrade(client: DatarightsClient, parameters: { tradeId: bigint }): Promise<{ cancelled: boolean; transaction: TransactionResult }> {
  const { receipt, transaction } = await transact(client, "cancel", (contracts) => contracts.trades.cancel(parameters.tradeId));
  return { cancelled: client.events(receipt, "trades", "TradeStatusChanged").length > 0, transaction };
}
