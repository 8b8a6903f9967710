import { action, transactionData } from "../../context";
import type { NoOptions } from "../../context";
import { requireProduct } from "../lookups";

export const certify = action(true, async (client, _command, productId: bigint, _options: NoOptions) => {
  await requireProduct(client, productId);
  const receipt = await client.send("certify", () => client.contracts.products.certify(productId));
  return { data: { productId, ...transactionData(receipt) }, lines: [`product ${productId} certified`] };
});
