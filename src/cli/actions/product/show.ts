import { CLASSIFICATIONS, PRODUCT_STATUSES, PRODUCT_TYPES, SOURCE_CATEGORIES, codeText, enumName } from "../../../sdk/names";
import { action } from "../../context";
import type { NoOptions } from "../../context";
import { requireProduct } from "../lookups";

export const show = action(false, async (client, _command, productId: bigint, _options: NoOptions) => {
  await requireProduct(client, productId);
  const { products } = client.contracts;
  const [record, sources, sourceCertificates, registrationNumber] = await Promise.all([
    products.product(productId), products.sourcesOf(productId), products.sourceCertificatesOf(productId), products.registrationNumber(productId),
  ]);
  const data = {
    productId, registrationNumber, provider: record.provider, status: enumName(PRODUCT_STATUSES, record.status),
    productType: enumName(PRODUCT_TYPES, record.productType), sourceCategory: enumName(SOURCE_CATEGORIES, record.sourceCategory),
    classification: enumName(CLASSIFICATIONS, record.classification), containsPersonalInfo: record.containsPersonalInfo,
    jurisdiction: codeText(record.jurisdiction), registeredAt: record.registeredAt, contentHash: record.contentHash,
    metadataURI: record.metadataURI, openObjections: record.openObjections, previousVersion: record.previousVersion,
    supersededBy: record.supersededBy, sources: [...sources], sourceCertificates: [...sourceCertificates],
  };
  return {
    data,
    lines: [
      `${registrationNumber} (product ${productId})  ${data.status}  ${data.productType}, ${data.sourceCategory} source, ${data.classification}`,
      `provider ${record.provider}  content ${record.contentHash}`,
      ...sources.map((source, index) => `  derived from product ${source} under certificate ${sourceCertificates[index]}`),
    ],
  };
});
