import type { DatarightsClient } from "../../client";
import { changeStanding } from "./standing";
import type { StandingParameters } from "./standing";
import type { TransactionResult } from "./internal";

/** Revokes product `productId`, as the Registrar. */
export async function revokeProduct(
  client: DatarightsClient,
  parameters: StandingParameters & { productId: bigint },
): Promise<{ transaction: TransactionResult }> {
  return changeStanding(client, "products", "revoke", parameters.productId, parameters.reasonHash);
}
