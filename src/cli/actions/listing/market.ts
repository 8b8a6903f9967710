import { action, transactionData } from "../../context";
import type { NoOptions } from "../../context";
import { requireProduct } from "../lookups";

/** delist or relist a product. */
export function market(act: "delist" | "relist") {
  return action(true, async (client, _command, productId: bigint, _options: NoOptions) => {
    await requireProduct(client, productId);
    const receipt = await client.send(act, () => client.contracts.listings[act](productId));
    return { data: { productId, ...transactionData(receipt) }, lines: [`product ${productId}: ${act} done`] };
  });
}
