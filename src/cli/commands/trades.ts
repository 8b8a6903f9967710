import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { examples } from "../help";
import { lazy } from "../lazy";
import { parseAddress, parseAmount, parseCurrency, parseHash, parseHashOrText, parseId } from "../parse";

const BUYER = "0xDf37F81dAAD2b0327A0A50003740e1C935C70913";
const load = async () => import("../actions/trade");

export function registerTrades(program: CommandUnknownOpts): void {
  const trade = program.command("trade").description("trades: draft and sign a deal, confirm, deliver, receive, dispute");

  trade
    .command("deal")
    .description("draft a deal for both parties to sign (reads the product, right and listing from the chain)")
    .argument("<product>", "product id", parseId)
    .requiredOption("--buyer <address>", "buyer", parseAddress)
    .requiredOption("--certificate <id>", "the seller's certificate the licence derives from", parseId)
    .option("--price <minor-units>", "public price in minor units", parseAmount)
    .option("--currency <code>", "ISO 4217 code of the public price", parseCurrency)
    .option("--confidential-price <minor-units>", "price kept off-chain: only a commitment is recorded (with --currency, --salt)", parseAmount)
    .option("--salt <hash>", "salt of the confidential price commitment (random when omitted)", parseHash)
    .requiredOption("--terms <hash|text>", "contract terms", parseHashOrText)
    .requiredOption("--purpose <hash|text>", "purpose of use", parseHashOrText)
    .option("--expires <time>", "licence expiry: date, unix seconds or span (6m, 1y) (default: the longest the listing allows)")
    .option("--broker <address>", "accredited broker", parseAddress)
    .option("--nonce <n>", "the deal nonce (default: the least the ledger accepts for this seller, buyer and product)")
    .option("--deadline <time>", "until when the Registrar may confirm it", "24h")
    .requiredOption("--out <file>", "where to write the deal (JSON)")
    .addHelpText("after", examples(
      `trade deal 14 --buyer ${BUYER} --certificate 7 --price 3500000 --currency CNY --terms "contract 2026-88" --purpose "load forecasting" --out deal.json`,
      `trade deal 14 --buyer ${BUYER} --certificate 7 --confidential-price 3500000 --currency CNY --terms "contract 2026-89" --purpose "credit scoring" --expires 6m --out deal.json`,
    ))
    .action(lazy(async () => (await load()).deal));

  trade
    .command("sign")
    .description("sign a deal as its seller or its buyer (offline: needs the key and the deployment file, no node)")
    .argument("<file>", "deal file (from `trade deal`)")
    .addHelpText("after", examples("trade sign deal.json"))
    .action(lazy(async () => (await load()).sign));

  trade
    .command("confirm")
    .description("check and confirm a deal signed by both parties, as the Registrar")
    .argument("<file>", "deal file signed by seller and buyer")
    .option("--force", "confirm even when verify's lineage checks fail (the output records it)")
    .addHelpText("after", examples("trade confirm deal.json"))
    .action(lazy(async () => (await load()).confirm));

  trade
    .command("deliver")
    .description("record what was delivered, as the seller: the SHA-256 of the delivered file, or a hash")
    .argument("<trade>", "trade id", parseId)
    .option("--file <path>", "the delivered file (hashed, streamed)")
    .option("--hash <hash>", "the delivery hash", parseHash)
    .addHelpText("after", examples("trade deliver 8 --file usage.csv"))
    .action(lazy(async () => (await load()).deliver));

  trade
    .command("dispute")
    .description("open a dispute before completion, as seller or buyer")
    .argument("<trade>", "trade id", parseId)
    .requiredOption("--reason <hash|text>", "the grievance", parseHashOrText)
    .addHelpText("after", examples(`trade dispute 8 --reason "delivered file does not match the sample"`))
    .action(lazy(async () => (await load()).dispute));

  trade
    .command("resolve")
    .description("decide a dispute, as the Arbiter: --upheld annuls the trade, otherwise it completes")
    .argument("<trade>", "trade id", parseId)
    .option("--upheld", "uphold the dispute: no licence is granted")
    .requiredOption("--resolution <hash|text>", "the decision", parseHashOrText)
    .addHelpText("after", examples(`trade resolve 8 --resolution "rejected: the file matches"`, `trade resolve 8 --upheld --resolution "award 2026-4"`))
    .action(lazy(async () => (await load()).resolve));

  trade
    .command("pay")
    .description("attach the settlement's reference, as a party or the Registrar")
    .argument("<trade>", "trade id", parseId)
    .requiredOption("--reference <hash|text>", "payment reference", parseHashOrText)
    .addHelpText("after", examples(`trade pay 8 --reference "CNAPS 2026031500012"`))
    .action(lazy(async () => (await load()).pay));

  trade
    .command("void")
    .description("void a signed deal before confirmation, as seller or buyer (uses up the nonce)")
    .argument("<file>", "deal file")
    .addHelpText("after", examples("trade void deal.json"))
    .action(lazy(async () => (await load()).voidIt));

  for (const [name, description] of [
    ["receive", "confirm receipt, as the buyer: mints the buyer's licence"],
    ["cancel", "ask to cancel before delivery, as seller or buyer (cancelled once both asked)"],
    ["show", "a trade's full record"],
  ] as const) {
    trade
      .command(name)
      .description(description)
      .argument("<trade>", "trade id", parseId)
      .addHelpText("after", examples(`trade ${name} 8`))
      .action(lazy(async () => (await load())[name]));
  }

  trade
    .command("list")
    .description("trades, oldest first, with their status: all, or those of a product, of a party (seller or buyer), or both")
    .option("--product <id>", "product id", parseId)
    .option("--party <address>", "seller or buyer", parseAddress)
    .addHelpText("after", examples("trade list --product 14", `trade list --party ${BUYER}`, `trade list --product 14 --party ${BUYER}`))
    .action(lazy(async () => (await load()).list));
}
