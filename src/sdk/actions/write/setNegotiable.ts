import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/** Makes the product's price Negotiable (no reference price), as its provider. */
export async function setNegotiable(client: DatarightsClient, parameters: { productId: bigint }): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "set negotiable", (contracts) => contracts.listings.setNegotiable(parameters.productId));
  return { transaction };
}
