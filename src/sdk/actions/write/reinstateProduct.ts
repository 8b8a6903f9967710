import type { DatarightsClient } from "../../client";
import { changeStanding } from "./standing";
import type { StandingParameters } from "./standing";
import type { TransactionResult } from "./internal";

/** Reinstates product `productId`, as the Registrar. */
export async function reinstateProduct(
  client: DatarightsClient,
  parameters: StandingParameters & { productId: bigint },
): Promise<{ transaction: TransactionResult }> {
  return changeStanding(client, "products", "reinstate", parameters.productId, parameters.reasonHash);
}
