import { codeText } from "../../../sdk/names";
import { action, transactionData } from "../../context";
import { requireProduct } from "../lookups";

export const proposePrice = action(true, async (client, _command, productId: bigint, options: { amount: bigint; currency: string; method: number }) => {
  await requireProduct(client, productId);
  const receipt = await client.send("propose price", () => client.contracts.listings.proposePrice(productId, options.amount, options.currency, options.method));
  return { data: { productId, amount: options.amount, currency: codeText(options.currency), ...transactionData(receipt) }, lines: [`price ${options.amount} ${codeText(options.currency)} proposed for product ${productId}`] };
});
