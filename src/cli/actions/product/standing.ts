import { action, transactionData } from "../../context";
import { requireProduct } from "../lookups";

/** suspend, reinstate or revoke a product. */
export function standing(act: "suspend" | "reinstate" | "revoke") {
  return action(true, async (client, _command, productId: bigint, options: { reason: string }) => {
    await requireProduct(client, productId);
    const receipt = await client.send(act, () => client.contracts.products[act](productId, options.reason));
    return { data: { productId, ...transactionData(receipt) }, lines: [`product ${productId}: ${act} done`] };
  });
}
