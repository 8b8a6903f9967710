import { action, transactionData } from "../../context";
import { requireProduct } from "../lookups";

export const list = action(true, async (client, _command, productId: bigint, options: { right: number; duration: bigint; jurisdictions: string[] }) => {
  await requireProduct(client, productId);
  const receipt = await client.send("list", () => client.contracts.listings.list(productId, options.right, options.duration, options.jurisdictions));
  return { data: { productId, ...transactionData(receipt) }, lines: [`product ${productId} listed`] };
});
