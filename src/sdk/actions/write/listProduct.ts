import type { DatarightsClient } from "../../client";
import { RIGHT_CATEGORIES, enumValue } from "../../names";
import type { RightCategoryName } from "../../names";
import { codeBytes, transact } from "./internal";
import type { TransactionResult } from "./internal";

export interface ListingParameters {
  productId: bigint;
  /** The right a trade grants the buyer. */
  rightOffered: Exclude<RightCategoryName, "ResourceHolding">;
  /** Longest licence a trade may grant, in seconds. */
  licenceDuration: bigint;
  /** ISO 3166-1 alpha-2 codes of the buyer jurisdictions admitted, e.g. ["CN"]. */
  jurisdictions: readonly string[];
}

/** Lists a Certified product with its trade terms, as the Registrar. */
export async function listProduct(client: DatarightsClient, parameters: ListingParameters): Promise<{ transaction: TransactionResult }> {
  const jurisdictions = parameters.jurisdictions.map((code) => codeBytes(code, 2));
  const { transaction } = await transact(client, "list", (contracts) =>
    contracts.listings.list(parameters.productId, enumValue(RIGHT_CATEGORIES, parameters.rightOffered), parameters.licenceDuration, jurisdictions),
  );
  return { transaction };
}
