import { confirmPrice, delistProduct, getListing, listPrices, listProduct, proposePrice, relistProduct, setNegotiable } from "../../sdk/actions";
import type { ListingParameters } from "../../sdk/actions";
import { ContractError, isoTime } from "../../sdk/errors";
import { codeText } from "../../sdk/names";
import type { PricingMethodName } from "../../sdk/names";
import type { ReferencePrice } from "../../sdk/records";
import { action } from "../context";
import type { NoOptions } from "../context";
import { requireProduct } from "./lookups";

export const list = action(true, async (client, _command, productId: bigint, options: { right: ListingParameters["rightOffered"]; duration: bigint; jurisdictions: string[] }) => {
  await requireProduct(client, productId);
  // The parser (shared with `participant`) gives the codes as bytes2; the SDK takes them as text.
  const jurisdictions = options.jurisdictions.map(codeText);
  const { transaction } = await listProduct(client, { productId, rightOffered: options.right, licenceDuration: options.duration, jurisdictions });
  return { data: { productId, ...transaction }, lines: [`product ${productId} listed`] };
});

/** The provider's and the Registrar's acts on a product's listing that take only its id. */
const ACTS = { delist: delistProduct, relist: relistProduct, "confirm-price": confirmPrice, negotiable: setNegotiable } as const;

export function act(name: keyof typeof ACTS) {
  return action(true, async (client, _command, productId: bigint, _options: NoOptions) => {
    await requireProduct(client, productId);
    const { transaction } = await ACTS[name](client, { productId });
    return { data: { productId, ...transaction }, lines: [`product ${productId}: ${name} done`] };
  });
}

export const propose = action(true, async (client, _command, productId: bigint, options: { amount: bigint; currency: string; method: Exclude<PricingMethodName, "Negotiable"> }) => {
  await requireProduct(client, productId);
  const { transaction } = await proposePrice(client, { productId, ...options });
  return { data: { productId, amount: options.amount, currency: options.currency, ...transaction }, lines: [`price ${options.amount} ${options.currency} proposed for product ${productId}`] };
});

function priceText(price: ReferencePrice | null): string {
  if (price === null) return "none";
  return price.method === "Negotiable" ? "negotiable" : `${price.amount} ${price.currency} (${price.method})`;
}

export const show = action(false, async (client, _command, productId: bigint, _options: NoOptions) => {
  await requireProduct(client, productId);
  const listing = await getListing(client, { productId }).catch((error: unknown) => {
    // A read is no act: "product 7 is not listed", without "getListing reverted: ".
    throw error instanceof ContractError ? new ContractError(error.abiItem, error.args) : error;
  });
  const days = Number(listing.licenceDuration) / 86400;
  return {
    data: { ...listing },
    lines: [
      `product ${productId} (${listing.productStatus}): ${listing.rightOffered} for up to ${days} days to ${listing.permittedJurisdictions.join(",")}; price ${priceText(listing.price)}`,
      ...(listing.proposedPrice ? [`proposed: ${priceText(listing.proposedPrice)} by ${listing.proposedPrice.proposedBy}`] : []),
    ],
  };
});

export const prices = action(false, async (client, _command, productId: bigint, _options: NoOptions) => {
  await requireProduct(client, productId);
  const history = await listPrices(client, { productId });
  return {
    data: { productId, prices: history },
    lines: history.length === 0
      ? [`no prices for product ${productId}`]
      : history.map((entry) => `block ${entry.blockNumber}  ${isoTime(entry.timestamp)}  ${entry.event.padEnd(8)}  ${priceText(entry.price)}  by ${entry.price.proposedBy}`),
  };
});
