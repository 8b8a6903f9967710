import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/** Takes a listed product off the market, as its provider or the Registrar. */
export async function delistProduct(client: DatarightsClient, parameters: { productId: bigint }): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "delist", (contracts) => contracts.listings.delist(parameters.productId));
  return { transaction };
}
