import { action, transactionData } from "../../context";
import type { NoOptions } from "../../context";
import { requireProduct } from "../lookups";

/** The provider's answer to a proposed price: `confirm-price` or `negotiable`. */
export function price(name: "confirm-price" | "negotiable") {
  const method = name === "confirm-price" ? "confirmPrice" : "setNegotiable";
  return action(true, async (client, _command, productId: bigint, _options: NoOptions) => {
    await requireProduct(client, productId);
    const receipt = await client.send(name, () => client.contracts.listings[method](productId));
    return { data: { productId, ...transactionData(receipt) }, lines: [`product ${productId}: ${name} done`] };
  });
}
