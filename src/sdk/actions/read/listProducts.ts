import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import type { ProductTypeName } from "../../names";
import { decodeProduct } from "../../records";
import type { ProductRecord, ProductStatusName } from "../../records";
import { decoded, inGroups, logsAcrossEpochs, pinBlockNumber } from "./internal";
import type { ReadParameters } from "./internal";

export interface ListProductsParameters extends ReadParameters {
  /** Only this provider's products. */
  provider?: string;
  /** Only products whose status is this one now. */
  status?: ProductStatusName;
  productType?: ProductTypeName;
}

/** The products, oldest first, each with its registration number. */
export type ListProductsReturnType = (ProductRecord & { registrationNumber: string })[];

export type ListProductsErrorType = DatarightsError;

/**
 * The registry's products, filtered by provider, status and type. The ProductRegistered logs
 * (provider indexed) are the index; each product is then read as it stands.
 *
 * @example
 * const listed = await listProducts(client, { provider: "0x…", status: "Listed" });
 */
export async function listProducts(client: DatarightsClient, parameters: ListProductsParameters = {}): Promise<ListProductsReturnType> {
  const { products } = client.contracts;
  const blockNumber = await pinBlockNumber(client, parameters.blockNumber);
  const at = { blockTag: blockNumber };
  const logs = await decoded("listProducts", logsAcrossEpochs(client, "products", blockNumber, (contract, from, to) =>
    contract.queryFilter(contract.filters.ProductRegistered(undefined, parameters.provider), from, to)));
  const found = await inGroups(logs, async (log) => {
    const productId = log.args.productId;
    const [raw, registrationNumber] = await decoded("listProducts", Promise.all([
      products.product(productId, at), products.registrationNumber(productId, at),
    ]));
    return { ...decodeProduct(productId, raw), registrationNumber };
  });
  return found.filter((product) =>
    (parameters.status === undefined || product.status === parameters.status) &&
    (parameters.productType === undefined || product.productType === parameters.productType));
}
