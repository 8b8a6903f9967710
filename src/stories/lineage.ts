import { getCertificate, getProduct } from "../sdk/actions";
import type { DatarightsClient } from "../sdk/client";

/**
 * The product's lineage as a readable tree: each source under the product it feeds, with the
 * certificate that authorised the derivation.
 */
export async function lineageTree(
  client: DatarightsClient,
  productId: bigint,
  nameOf: (address: string) => string = (address) => address,
): Promise<string[]> {
  const label = async (id: bigint) => {
    const product = await getProduct(client, { productId: id });
    return {
      text: `${product.registrationNumber} ${product.productType} of ${nameOf(product.provider)} (${product.sourceCategory}, ${product.status})`,
      sources: product.sources,
    };
  };
  const root = await label(productId);
  const lines = [root.text];
  const walk = async (sources: typeof root.sources, indent: string): Promise<void> => {
    for (const [index, source] of sources.entries()) {
      const last = index === sources.length - 1;
      const node = await label(source.productId);
      const { registrationNumber } = await getCertificate(client, { certificateId: source.certificateId });
      lines.push(`${indent}${last ? "└─" : "├─"} ${node.text} under ${registrationNumber}`);
      await walk(node.sources, `${indent}${last ? "   " : "│  "}`);
    }
  };
  await walk(root.sources, "");
  return lines;
}
