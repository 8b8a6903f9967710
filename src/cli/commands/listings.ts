import type { Command } from "commander";
import { action, transactionData } from "../context";
import { PRICING_METHODS, RIGHT_ALIASES, RIGHT_CATEGORIES, codeText, enumName } from "../../sdk/names";
import { enumParser, parseAmount, parseCurrency, parseDuration, parseId, parseJurisdictions } from "../parse";
import { requireProduct } from "./products";

export function registerListings(program: Command): void {
  const listing = program.command("listing").description("listings (挂牌) and reference prices");

  listing
    .command("list")
    .description("list a certified product, as the Registrar")
    .argument("<product>", "product id", parseId)
    .requiredOption("--right <category>", "right offered: ProcessingUse (PU) or ProductOperation (PO)", enumParser("right category", RIGHT_CATEGORIES, RIGHT_ALIASES))
    .requiredOption("--duration <span>", "longest licence: 365d, 2y or seconds", parseDuration)
    .requiredOption("--jurisdictions <codes>", "permitted buyer jurisdictions, e.g. CN,HK", parseJurisdictions)
    .action(action(true, async (client, _command, productId: bigint, options: { right: number; duration: bigint; jurisdictions: string[] }) => {
      await requireProduct(client, productId);
      const receipt = await client.send("list", () => client.contracts.listings.list(productId, options.right, options.duration, options.jurisdictions));
      return { data: { productId, ...transactionData(receipt) }, lines: [`product ${productId} listed`] };
    }));

  for (const act of ["delist", "relist"] as const) {
    listing
      .command(act)
      .description(act === "delist" ? "take a product off the market, as its provider or the Registrar" : "relist on the last terms, as the Registrar")
      .argument("<product>", "product id", parseId)
      .action(action(true, async (client, _command, productId: bigint) => {
        await requireProduct(client, productId);
        const receipt = await client.send(act, () => client.contracts.listings[act](productId));
        return { data: { productId, ...transactionData(receipt) }, lines: [`product ${productId}: ${act} done`] };
      }));
  }

  listing
    .command("propose-price")
    .description("propose a reference price, as the Registrar or a PriceEvaluation assessor")
    .argument("<product>", "product id", parseId)
    .requiredOption("--amount <minor-units>", "amount in minor units (fen, cents)", parseAmount)
    .requiredOption("--currency <code>", "ISO 4217 code, e.g. CNY", parseCurrency)
    .requiredOption("--method <method>", "Cost, Income or Market", enumParser("pricing method", PRICING_METHODS))
    .action(action(true, async (client, _command, productId: bigint, options: { amount: bigint; currency: string; method: number }) => {
      await requireProduct(client, productId);
      const receipt = await client.send("propose price", () => client.contracts.listings.proposePrice(productId, options.amount, options.currency, options.method));
      return { data: { productId, amount: options.amount, currency: codeText(options.currency), ...transactionData(receipt) }, lines: [`price ${options.amount} ${codeText(options.currency)} proposed for product ${productId}`] };
    }));

  for (const [name, method, description] of [
    ["confirm-price", "confirmPrice", "confirm the proposed price, as the provider"],
    ["negotiable", "setNegotiable", "make the price Negotiable, as the provider"],
  ] as const) {
    listing
      .command(name)
      .description(description)
      .argument("<product>", "product id", parseId)
      .action(action(true, async (client, _command, productId: bigint) => {
        await requireProduct(client, productId);
        const receipt = await client.send(name, () => client.contracts.listings[method](productId));
        return { data: { productId, ...transactionData(receipt) }, lines: [`product ${productId}: ${name} done`] };
      }));
  }

  listing
    .command("show")
    .description("a product's listing terms and reference price")
    .argument("<product>", "product id", parseId)
    .action(action(false, async (client, _command, productId: bigint) => {
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
    }));
}
