import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/** Confirms the proposed price as the product's reference price, as its provider. */
export async function confirmPrice(client: DatarightsClient, parameters: { productId: bigint }): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "confirm price", (contracts) => contracts.listings.confirmPrice(parameters.productId));
  return { transaction };
}
