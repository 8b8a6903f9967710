import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import { decodeEnum, decodeListing } from "../../records";
import type { ListingRecord, ProductStatusName } from "../../records";
import { PRODUCT_STATUSES } from "../../names";
import { decoded } from "./internal";
import type { ReadParameters } from "./internal";

export interface GetListingParameters extends ReadParameters {
  productId: bigint;
}

export type GetListingReturnType = ListingRecord & {
  /**
   * The product's status: whether it is listed is the product registry's to say. A Delisted
   * product keeps its last terms (`relist` reuses them).
   */
  productStatus: ProductStatusName;
};

/**
 * `ListingBookNotListed` (decoded, with the product id) when the product was never listed: no
 * terms to show. A CLI prints "product 7 is not listed" from it and exits 1.
 */
export type GetListingErrorType = DatarightsError;

/**
 * A product's listing: the right offered, the licence duration, the permitted buyer
 * jurisdictions, and the reference price (and any proposal awaiting the provider).
 *
 * @example
 * const listing = await getListing(client, { productId: 7n });
 * listing.price?.method === "Negotiable" ? "negotiable" : formatMoney(listing.price!.amount!, listing.price!.currency!)
 */
export async function getListing(client: DatarightsClient, parameters: GetListingParameters): Promise<GetListingReturnType> {
  const at = { blockTag: parameters.blockNumber ?? "latest" };
  // The listing first: a product never listed (or unknown) throws ListingBookNotListed.
  const raw = await decoded("getListing", client.contracts.listings.listing(parameters.productId, at));
  const state = await decoded("getListing", client.contracts.products.productState(parameters.productId, at));
  return { ...decodeListing(parameters.productId, raw), productStatus: decodeEnum(PRODUCT_STATUSES, state.status, "product status") };
}
