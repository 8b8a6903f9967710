import type { DatarightsClient } from "../../client";
import { PRICING_METHODS, enumValue } from "../../names";
import type { PricingMethodName } from "../../names";
import { codeBytes, transact } from "./internal";
import type { TransactionResult } from "./internal";

/**
 * Proposes a reference price by the Cost, Income or Market method, as the Registrar or a
 * PriceEvaluation assessor; the provider confirms it with `confirmPrice`.
 */
export async function proposePrice(
  client: DatarightsClient,
  parameters: { productId: bigint; amount: bigint; currency: string; method: Exclude<PricingMethodName, "Negotiable"> },
): Promise<{ transaction: TransactionResult }> {
  const currency = codeBytes(parameters.currency, 3);
  const { transaction } = await transact(client, "propose price", (contracts) =>
    contracts.listings.proposePrice(parameters.productId, parameters.amount, currency, enumValue(PRICING_METHODS, parameters.method)),
  );
  return { transaction };
}
