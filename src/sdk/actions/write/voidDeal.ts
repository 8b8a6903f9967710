import type { DatarightsClient } from "../../client";
import type { DealValues } from "../../eip712";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/** Voids a signed, unconfirmed deal, as one of its parties: it and every older deal of the pair can no longer be confirmed. */
export async function voidDeal(client: DatarightsClient, parameters: { deal: DealValues }): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "void deal", (contracts) => contracts.trades.voidDeal(parameters.deal));
  return { transaction };
}
