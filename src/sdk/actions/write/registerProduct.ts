import { ZeroHash } from "ethers";
import type { DatarightsClient } from "../../client";
import { CLASSIFICATIONS, PRODUCT_TYPES, SOURCE_CATEGORIES, enumValue } from "../../names";
import type { ClassificationName, ProductTypeName, SourceCategoryName } from "../../names";
import { emitted, transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

export interface ProductRegistrationParameters {
  /** SHA-256 of the product's manifest or file. */
  contentHash: Hash;
  /** Hash of the provider's declaration of the data's origin (DSL art. 33). */
  originDeclarationHash: Hash;
  /**
   * SHA-256 of the canonical JSON of the product's description document
   * (`productDocumentHash`); none (zero) when left out. Each version registers its own.
   */
  descriptionHash?: Hash;
  productType: ProductTypeName;
  sourceCategory: SourceCategoryName;
  classification: ClassificationName;
  containsPersonalInfo: boolean;
  metadataURI: string;
  /** The products this one derives from, each with the provider's certificate on it. */
  sources?: readonly { productId: bigint; certificateId: bigint }[];
  /** Registers a new version of this product, which it supersedes. */
  previousVersion?: bigint;
}

/**
 * Registers a data product, as its provider (the client's account); returns its id, read from
 * the `ProductRegistered` event.
 */
export async function registerProduct(
  client: DatarightsClient,
  parameters: ProductRegistrationParameters,
): Promise<{ productId: bigint; transaction: TransactionResult }> {
  const sources = parameters.sources ?? [];
  const registration = {
    contentHash: parameters.contentHash,
    originDeclarationHash: parameters.originDeclarationHash,
    descriptionHash: parameters.descriptionHash ?? ZeroHash,
    productType: enumValue(PRODUCT_TYPES, parameters.productType),
    sourceCategory: enumValue(SOURCE_CATEGORIES, parameters.sourceCategory),
    classification: enumValue(CLASSIFICATIONS, parameters.classification),
    containsPersonalInfo: parameters.containsPersonalInfo,
    metadataURI: parameters.metadataURI,
    sources: sources.map((source) => source.productId),
    sourceCertificates: sources.map((source) => source.certificateId),
  };
  const previous = parameters.previousVersion;
  const { receipt, transaction } = await transact(client, previous === undefined ? "register" : "register version", (contracts) =>
    previous === undefined ? contracts.products.register(registration) : contracts.products.registerVersion(previous, registration),
  );
  return { productId: emitted(client, receipt, "products", "ProductRegistered").args.productId as bigint, transaction };
}
