import type { DatarightsClient } from "../../client";
import { emitted, transact } from "./internal";
import type { TransactionResult } from "./internal";

/** Confirms receipt, as the buyer: the trade completes and the buyer's licence is minted; returns its id. */
export async function confirmReceipt(
  client: DatarightsClient,
  parameters: { tradeId: bigint },
): Promise<{ licenceId: bigint; transaction: TransactionResult }> {
  const { receipt, transaction } = await transact(client, "confirm receipt", (contracts) => contracts.trades.confirmReceipt(parameters.tradeId));
  return { licenceId: emitted(client, receipt, "trades", "TradeCompleted").args.certificateId as bigint, transaction };
}
