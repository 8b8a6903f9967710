import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { PRICING_METHODS, RIGHT_ALIASES, RIGHT_CATEGORIES } from "../../sdk/names";
import { examples } from "../help";
import { lazy } from "../lazy";
import { enumParser, parseAmount, parseCurrency, parseDuration, parseId, parseJurisdictions } from "../parse";

export function registerListings(program: CommandUnknownOpts): void {
  const listing = program.command("listing").description("listings (挂牌) and reference prices");

  listing
    .command("list")
    .description("list a certified product, as the Registrar")
    .argument("<product>", "product id", parseId)
    .requiredOption("--right <category>", "right offered: ProcessingUse (PU) or ProductOperation (PO)", enumParser("right category", RIGHT_CATEGORIES, RIGHT_ALIASES))
    .requiredOption("--duration <span>", "longest licence: 365d, 6m, 2y or seconds (a month is a twelfth of a year)", parseDuration)
    .requiredOption("--jurisdictions <codes>", "permitted buyer jurisdictions, e.g. CN,HK", parseJurisdictions)
    .addHelpText("after", examples("listing list 14 --right PU --duration 365d --jurisdictions CN", "listing list 14 --right PO --duration 6m --jurisdictions CN,HK"))
    .action(lazy(async () => (await import("../actions/listing/list")).list));

  for (const act of ["delist", "relist"] as const) {
    listing
      .command(act)
      .description(act === "delist" ? "take a product off the market, as its provider or the Registrar" : "relist on the last terms, as the Registrar")
      .argument("<product>", "product id", parseId)
      .addHelpText("after", examples(`listing ${act} 14`))
      .action(lazy(async () => (await import("../actions/listing/market")).market(act)));
  }

  listing
    .command("propose-price")
    .description("propose a reference price, as the Registrar or a PriceEvaluation assessor")
    .argument("<product>", "product id", parseId)
    .requiredOption("--amount <minor-units>", "amount in minor units (fen, cents)", parseAmount)
    .requiredOption("--currency <code>", "ISO 4217 code, e.g. CNY", parseCurrency)
    .requiredOption("--method <method>", "Cost, Income or Market", enumParser("pricing method", PRICING_METHODS))
    .addHelpText("after", examples("listing propose-price 14 --amount 3500000 --currency CNY --method Cost"))
    .action(lazy(async () => (await import("../actions/listing/propose-price")).proposePrice));

  for (const [name, description] of [
    ["confirm-price", "confirm the proposed price, as the provider"],
    ["negotiable", "make the price Negotiable, as the provider"],
  ] as const) {
    listing
      .command(name)
      .description(description)
      .argument("<product>", "product id", parseId)
      .addHelpText("after", examples(`listing ${name} 14`))
      .action(lazy(async () => (await import("../actions/listing/price")).price(name)));
  }

  listing
    .command("show")
    .description("a product's listing terms and reference price")
    .argument("<product>", "product id", parseId)
    .addHelpText("after", examples("listing show 14"))
    .action(lazy(async () => (await import("../actions/listing/show")).show));
}
