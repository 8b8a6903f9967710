import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/** Puts a delisted product back on the market with its earlier terms, as the Registrar. */
export async function relistProduct(client: DatarightsClient, parameters: { productId: bigint }): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "relist", (contracts) => contracts.listings.relist(parameters.productId));
  return { transaction };
}
