import type { DatarightsContracts } from "../sdk/client";
import { PRODUCT_STATUSES, PRODUCT_TYPES, SOURCE_CATEGORIES, enumName } from "../sdk/names";

/**
 * The product's lineage as a readable tree: each source under the product it feeds, with the
 * certificate that authorised the derivation.
 */
export async function lineageTree(
  contracts: DatarightsContracts,
  productId: bigint,
  nameOf: (address: string) => string = (address) => address,
): Promise<string[]> {
  const lines = [await productLabel(contracts, productId, nameOf)];
  const walk = async (id: bigint, indent: string): Promise<void> => {
    const sources = await contracts.products.sourcesOf(id);
    const sourceCertificates = await contracts.products.sourceCertificatesOf(id);
    for (const [index, source] of sources.entries()) {
      const last = index === sources.length - 1;
      lines.push(
        `${indent}${last ? "└─" : "├─"} ${await productLabel(contracts, source, nameOf)} ` +
          `under ${await contracts.certificates.registrationNumber(sourceCertificates[index])}`,
      );
      await walk(source, `${indent}${last ? "   " : "│  "}`);
    }
  };
  await walk(productId, "");
  return lines;
}

async function productLabel(
  contracts: DatarightsContracts,
  productId: bigint,
  nameOf: (address: string) => string,
): Promise<string> {
  const product = await contracts.products.product(productId);
  return (
    `${await contracts.products.registrationNumber(productId)} ${enumName(PRODUCT_TYPES, product.productType)} of ` +
    `${nameOf(product.provider)} (${enumName(SOURCE_CATEGORIES, product.sourceCategory)}, ${enumName(PRODUCT_STATUSES, product.status)})`
  );
}
