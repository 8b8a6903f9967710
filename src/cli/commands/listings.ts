import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { RIGHT_ALIASES } from "../../sdk/names";
import { examples } from "../help";
import { lazy } from "../lazy";
import { nameParser, parseAmount, parseCurrency, parseDuration, parseId, parseJurisdictions } from "../parse";

const load = async () => import("../actions/listing");
// A listing offers a licence of one of these rights; a price is proposed by one of these methods (Negotiable is the provider's).
const OFFERED = ["ProcessingUse", "ProductOperation"] as const;
const PROPOSED = ["Cost", "Income", "Market"] as const;

export function registerListings(program: CommandUnknownOpts): void {
  const listing = program.command("listing").description("listings (挂牌) and reference prices");

  listing
    .command("list")
    .description("list a certified product, as the Registrar")
    .argument("<product>", "product id", parseId)
    .requiredOption("--right <category>", "right offered: ProcessingUse (PU) or ProductOperation (PO)", nameParser("right offered", OFFERED, RIGHT_ALIASES))
    .requiredOption("--duration <span>", "longest licence: 365d, 6m, 2y or seconds (a month is a twelfth of a year)", parseDuration)
    .requiredOption("--jurisdictions <codes>", "permitted buyer jurisdictions, e.g. CN,HK", parseJurisdictions)
    .addHelpText("after", examples("listing list 14 --right PU --duration 365d --jurisdictions CN", "listing list 14 --right PO --duration 6m --jurisdictions CN,HK"))
    .action(lazy(async () => (await load()).list));

  listing
    .command("propose-price")
    .description("propose a reference price, as the Registrar or a PriceEvaluation assessor")
    .argument("<product>", "product id", parseId)
    .requiredOption("--amount <minor-units>", "amount in minor units (fen, cents)", parseAmount)
    .requiredOption("--currency <code>", "ISO 4217 code, e.g. CNY", parseCurrency)
    .requiredOption("--method <method>", PROPOSED.join(", "), nameParser("pricing method", PROPOSED))
    .addHelpText("after", examples("listing propose-price 14 --amount 3500000 --currency CNY --method Cost"))
    .action(lazy(async () => (await load()).propose));

  for (const [name, description] of [
    ["delist", "take a product off the market, as its provider or the Registrar"],
    ["relist", "relist on the last terms, as the Registrar"],
    ["confirm-price", "confirm the proposed price, as the provider"],
    ["negotiable", "make the price Negotiable, as the provider"],
  ] as const) {
    listing
      .command(name)
      .description(description)
      .argument("<product>", "product id", parseId)
      .addHelpText("after", examples(`listing ${name} 14`))
      .action(lazy(async () => (await load()).act(name)));
  }

  for (const [name, description] of [
    ["show", "a product's listing terms and reference price"],
    ["prices", "a product's price history: every proposal and change, with its block, time, method and proposer"],
  ] as const) {
    listing
      .command(name)
      .description(description)
      .argument("<product>", "product id", parseId)
      .addHelpText("after", examples(`listing ${name} 14`))
      .action(lazy(async () => (await load())[name]));
  }
}
