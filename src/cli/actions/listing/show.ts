import { PRICING_METHODS, RIGHT_CATEGORIES, codeText, enumName } from "../../../sdk/names";
import { action } from "../../context";
import type { NoOptions } from "../../context";
import { requireProduct } from "../lookups";

export const show = action(false, async (client, _command, productId: bigint, _options: NoOptions) => {
  await requireProduct(client, productId);
  const record = await client.contracts.listings.listing(productId);
  const price = (reference: typeof record.price) => ({
    amount: reference.amount, currency: codeText(reference.currency), method: enumName(PRICING_METHODS, reference.method),
    setAt: reference.setAt, proposedBy: reference.proposedBy,
  });
  const data = {
    productId, rightOffered: enumName(RIGHT_CATEGORIES, record.rightOffered), licenceDuration: record.licenceDuration, listedAt: record.listedAt,
    permittedJurisdictions: record.permittedJurisdictions.map(codeText), price: price(record.price), proposedPrice: price(record.proposedPrice),
  };
  return {
    data,
    lines: [`product ${productId}: ${data.rightOffered} for up to ${Number(record.licenceDuration) / 86400} days to ${data.permittedJurisdictions.join(",")}; price ${data.price.method === "Negotiable" ? "negotiable" : `${data.price.amount} ${data.price.currency} (${data.price.method})`}`],
  };
});
