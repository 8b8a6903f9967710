import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/** Certifies a product whose required assessments have all passed, as the Registrar. */
export async function certifyProduct(client: DatarightsClient, parameters: { productId: bigint }): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "certify", (contracts) => contracts.products.certify(parameters.productId));
  return { transaction };
}
