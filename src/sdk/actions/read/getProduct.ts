import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import { decodeProduct, decodeSources } from "../../records";
import type { ObjectionRecord, ProductRecord, ProductSource } from "../../records";
import { decoded, pinBlockNumber } from "./internal";
import type { ReadParameters } from "./internal";
import { listObjections } from "./listObjections";

export interface GetProductParameters extends ReadParameters {
  productId: bigint;
}

export type GetProductReturnType = ProductRecord & {
  /** The unique registration number (登记编号), e.g. "SZDE-E1-DP-00000042". */
  registrationNumber: string;
  /** Its lineage edges: each source product, with the provider's certificate on it that authorised the derivation. */
  sources: ProductSource[];
  /** The open objections that freeze it (empty when `openObjections` is 0). */
  objections: ObjectionRecord[];
};

/** `DataProductUnknown` when no product has the id. */
export type GetProductErrorType = DatarightsError;

/**
 * A data product: its record (type, categories and status by name), registration number,
 * sources with their source certificates, and the open objections against it.
 *
 * @example
 * const product = await getProduct(client, { productId: 7n });
 * `${product.registrationNumber} ${product.status}` // "SZDE-E1-DP-00000007 Listed"
 */
export async function getProduct(client: DatarightsClient, parameters: GetProductParameters): Promise<GetProductReturnType> {
  const { products } = client.contracts;
  const { productId } = parameters;
  const blockNumber = await pinBlockNumber(client, parameters.blockNumber);
  const at = { blockTag: blockNumber };
  const [raw, sources, sourceCertificates, registrationNumber] = await decoded("getProduct", Promise.all([
    products.product(productId, at), products.sourcesOf(productId, at), products.sourceCertificatesOf(productId, at),
    products.registrationNumber(productId, at),
  ]));
  const record = decodeProduct(productId, raw);
  const objections = record.openObjections === 0n
    ? []
    : await listObjections(client, { book: "products", targetId: productId, status: "Open", blockNumber });
  return { ...record, registrationNumber, sources: decodeSources(sources, sourceCertificates), objections };
}
