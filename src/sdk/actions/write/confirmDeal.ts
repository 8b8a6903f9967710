import type { DatarightsClient } from "../../client";
import type { DealValues } from "../../eip712";
import { emitted, transact } from "./internal";
import type { TransactionResult } from "./internal";

export interface SignedDealParameters {
  deal: DealValues;
  sellerSignature: string;
  buyerSignature: string;
}

/**
 * Confirms a deal both parties signed, as the Registrar (listing step v): the ledger checks the
 * parties, the right, the policy and the direct lineage, and reserves the seller's licence.
 * Returns the trade id, read from `TradeConfirmed`.
 */
export async function confirmDeal(
  client: DatarightsClient,
  parameters: SignedDealParameters,
): Promise<{ tradeId: bigint; transaction: TransactionResult }> {
  const { receipt, transaction } = await transact(client, "confirm", (contracts) =>
    contracts.trades.confirm(parameters.deal, parameters.sellerSignature, parameters.buyerSignature),
  );
  return { tradeId: emitted(client, receipt, "trades", "TradeConfirmed").args.tradeId as bigint, transaction };
}
