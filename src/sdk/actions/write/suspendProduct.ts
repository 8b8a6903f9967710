import type { DatarightsClient } from "../../client";
import { changeStanding } from "./standing";
import type { StandingParameters } from "./standing";
import type { TransactionResult } from "./internal";

/** Suspends product `productId`, as the Registrar. */
export async function suspendProduct(
  client: DatarightsClient,
  parameters: StandingParameters & { productId: bigint },
): Promise<{ transaction: TransactionResult }> {
  return changeStanding(client, "products", "suspend", parameters.productId, parameters.reasonHash);
}
