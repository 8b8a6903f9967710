import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { RIGHT_ALIASES } from "../../sdk/names";
import type { RightCategoryName } from "../../sdk/names";
import { examples } from "../help";
import { lazy } from "../lazy";
import { nameParser, parseAddress, parseHashOrText, parseId } from "../parse";

/** The categories each act can create: an initial registration holds or operates, a licence uses or operates. */
const categoryParser = <const Name extends RightCategoryName>(...names: Name[]) => nameParser("right category", names, RIGHT_ALIASES);
const HOLDER = "0x61097BA76cD906d2ba4FD106E757f7Eb455fc295";
const OTHER = "0xDf37F81dAAD2b0327A0A50003740e1C935C70913";

export function registerCertificates(program: CommandUnknownOpts): void {
  const certificate = program.command("certificate").description("rights certificates: issue, license, transfer, change, pledge…");

  certificate
    .command("issue")
    .description("initial registration of a ResourceHolding or ProductOperation right, as the Registrar")
    .argument("<holder>", "holder's address", parseAddress)
    .argument("<product>", "product id", parseId)
    .requiredOption("--category <category>", "ResourceHolding (RH) or ProductOperation (PO)", categoryParser("ResourceHolding", "ProductOperation"))
    .requiredOption("--expires <time>", "expiry: date, unix seconds, span (6m, 5y) or never")
    .requiredOption("--scope <hash|text>", "scope of the right", parseHashOrText)
    .requiredOption("--evidence <hash|text>", "registration evidence", parseHashOrText)
    .addHelpText("after", examples(`certificate issue ${HOLDER} 14 --category RH --expires 5y --scope "smart-meter readings, Shenzhen" --evidence "collection log 2026"`))
    .action(lazy(async () => (await import("../actions/certificate")).issue));

  certificate
    .command("license")
    .description("license a narrower right out of a certificate, as the Registrar")
    .argument("<parent>", "parent certificate id", parseId)
    .argument("<holder>", "licensee's address", parseAddress)
    .requiredOption("--category <category>", "ProcessingUse (PU) or ProductOperation (PO)", categoryParser("ProcessingUse", "ProductOperation"))
    .requiredOption("--expires <time>", "expiry, no later than the parent's: date, unix seconds or span (6m, 1y)")
    .requiredOption("--scope <hash|text>", "scope of the licence", parseHashOrText)
    .requiredOption("--evidence <hash|text>", "licence evidence", parseHashOrText)
    .addHelpText("after", examples(`certificate license 7 ${OTHER} --category PU --expires 6m --scope "annotation only" --evidence "licence 2026-3"`))
    .action(lazy(async () => (await import("../actions/certificate")).license));

  certificate
    .command("reissue")
    .description("transfer: reissue a certificate to a new holder, as the Registrar")
    .argument("<certificate>", "certificate id", parseId)
    .argument("<holder>", "new holder", parseAddress)
    .requiredOption("--evidence <hash|text>", "transfer deed", parseHashOrText)
    .addHelpText("after", examples(`certificate reissue 7 ${OTHER} --evidence "transfer deed 2026-5"`))
    .action(lazy(async () => (await import("../actions/certificate")).reissue));

  certificate
    .command("amend")
    .description("change: issue a successor with a new scope and evidence, as the Registrar")
    .argument("<certificate>", "certificate id", parseId)
    .requiredOption("--scope <hash|text>", "new scope", parseHashOrText)
    .requiredOption("--evidence <hash|text>", "evidence of the change", parseHashOrText)
    .addHelpText("after", examples(`certificate amend 7 --scope "smart-meter readings, Guangdong" --evidence "amendment 2026-2"`))
    .action(lazy(async () => (await import("../actions/certificate")).amend));

  certificate
    .command("renew")
    .description("extend a valid certificate's expiry, as the Registrar")
    .argument("<certificate>", "certificate id", parseId)
    .requiredOption("--expires <time>", "new expiry: date, unix seconds, span (6m, 5y) or never")
    .addHelpText("after", examples("certificate renew 7 --expires 2031-12-31"))
    .action(lazy(async () => (await import("../actions/certificate")).renew));

  for (const act of ["suspend", "reinstate", "revoke"] as const) {
    certificate
      .command(act)
      .description(`${act} a certificate, as the Registrar`)
      .argument("<certificate>", "certificate id", parseId)
      .requiredOption("--reason <hash|text>", "reason", parseHashOrText)
      .addHelpText("after", examples(`certificate ${act} 7 --reason "decision 2026-9"`))
      .action(lazy(async () => (await import("../actions/certificate")).change(act)));
  }

  certificate
    .command("surrender")
    .description("cancel your own certificate for good, as its holder")
    .argument("<certificate>", "certificate id", parseId)
    .addHelpText("after", examples("certificate surrender 7"))
    .action(lazy(async () => (await import("../actions/certificate")).change("surrender")));

  certificate
    .command("pledge")
    .description("pledge your certificate to an accredited financier, as its holder")
    .argument("<certificate>", "certificate id", parseId)
    .argument("<financier>", "financier's address", parseAddress)
    .requiredOption("--agreement <hash|text>", "the loan agreement", parseHashOrText)
    .addHelpText("after", examples(`certificate pledge 7 ${OTHER} --agreement "credit line 2026-55"`))
    .action(lazy(async () => (await import("../actions/certificate")).pledge));

  certificate
    .command("release")
    .description("release a pledge, as the pledgee")
    .argument("<certificate>", "certificate id", parseId)
    .addHelpText("after", examples("certificate release 7"))
    .action(lazy(async () => (await import("../actions/certificate")).change("release")));

  certificate
    .command("show")
    .description("a certificate, its validity and its lineage links")
    .argument("<certificate>", "certificate id", parseId)
    .addHelpText("after", examples("certificate show 7", "--json certificate show 7"))
    .action(lazy(async () => (await import("../actions/certificate")).show));

  certificate
    .command("list")
    .description("the certificates issued, in issue order, with their validity now")
    .option("--holder <address>", "only those issued to this account", parseAddress)
    .option("--product <id>", "only those on this product", parseId)
    .addHelpText("after", examples(`certificate list --holder ${HOLDER}`, "certificate list --product 14"))
    .action(lazy(async () => (await import("../actions/certificate")).list));
}
