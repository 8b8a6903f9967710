import { Option } from "@commander-js/extra-typings";
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { OBJECTION_STATUSES, PRODUCT_STATUSES, PRODUCT_TYPES } from "../../sdk/names";
import { examples } from "../help";
import { lazy } from "../lazy";
import { nameParser, parseAddress, parseHashOrText, parseId } from "../parse";

const PROVIDER = "0x61097BA76cD906d2ba4FD106E757f7Eb455fc295";
// "None" is no status a product or an objection is listed in.
const parseProductStatus = nameParser("product status", PRODUCT_STATUSES.filter((name) => name !== "None"));
const parseObjectionStatus = nameParser("objection status", OBJECTION_STATUSES.filter((name) => name !== "None"));

export function registerProducts(program: CommandUnknownOpts): void {
  const product = program.command("product").description("register, certify and manage data products");

  product
    .command("register")
    .description("register a product from a JSON manifest, as a provider (hashes the data file)")
    .requiredOption("--manifest <file>", "product manifest (see `datarights product manifest-schema`)")
    .option("--file <path>", "data file whose SHA-256 is the content hash (overrides the manifest's `data`)")
    .option("--documents <dir>", "folder the description document is stored in, by hash (env DOCUMENTS_DIR, default .data/documents/<network>)")
    .addHelpText("after", examples(
      "product register --manifest manifest.json",
      "product register --manifest manifest.json --file usage.csv",
      "product register --manifest manifest.json --documents /srv/exchange/documents",
    ))
    .action(lazy(async () => (await import("../actions/product")).register));

  product
    .command("version")
    .description("register a new version of a product, as its provider")
    .argument("<previous>", "product id of the previous version", parseId)
    .requiredOption("--manifest <file>", "product manifest")
    .option("--file <path>", "data file")
    .option("--documents <dir>", "folder the new version's description document is stored in (env DOCUMENTS_DIR, default .data/documents/<network>)")
    .addHelpText("after", examples("product version 14 --manifest manifest-v2.json --file usage-2026q2.csv"))
    .action(lazy(async () => (await import("../actions/product")).version));

  product
    .command("certify")
    .description("certify a product whose required assessments passed, as the Registrar")
    .argument("<product>", "product id", parseId)
    .addHelpText("after", examples("product certify 14"))
    .action(lazy(async () => (await import("../actions/product")).certify));

  for (const act of ["suspend", "reinstate", "revoke"] as const) {
    product
      .command(act)
      .description(`${act} a product, as the Registrar`)
      .argument("<product>", "product id", parseId)
      .requiredOption("--reason <hash|text>", "reason (hashed when text)", parseHashOrText)
      .addHelpText("after", examples(`product ${act} 14 --reason "decision 2026-12"`))
      .action(lazy(async () => (await import("../actions/product")).standing(act)));
  }

  product
    .command("show")
    .description("a product's registration, name and description document, status and sources")
    .argument("<product>", "product id", parseId)
    .option("--documents <dir>", "folder to read the description document from first (env DOCUMENTS_DIR, default .data/documents/<network>)")
    .addHelpText("after", examples("product show 14", "--json product show 14"))
    .action(lazy(async () => (await import("../actions/product")).show));

  product
    .command("list")
    .description("the registered products, oldest first, filtered by provider, status and type")
    .option("--provider <address>", "only this provider's products", parseAddress)
    .option("--status <name>", `only products in this status: ${PRODUCT_STATUSES.slice(1).join(", ")}`, parseProductStatus)
    .option("--type <name>", `only this product type: ${PRODUCT_TYPES.join(", ")}`, nameParser("product type", PRODUCT_TYPES))
    .addHelpText("after", examples("product list", `product list --provider ${PROVIDER} --status Listed --type Dataset`))
    .action(lazy(async () => (await import("../actions/product")).list));

  product
    .command("manifest-schema")
    .description("print the JSON Schema of a product manifest")
    .addHelpText("after", examples("product manifest-schema > manifest.schema.json"))
    .action(lazy(async () => (await import("../actions/product")).manifestSchema));

  const objection = program.command("objection").description("objections (异议) against a product or a certificate");
  for (const target of ["product", "certificate"] as const) {
    objection
      .command(`lodge-${target}`)
      .description(`lodge an objection against a ${target}, as any accredited participant`)
      .argument("<id>", `${target} id`, parseId)
      .requiredOption("--claim <hash|text>", "the claim (hashed when text)", parseHashOrText)
      .addHelpText("after", examples(`objection lodge-${target} 14 --claim "the source data is ours: deed 2025-88"`))
      .action(lazy(async () => (await import("../actions/objection")).lodge(target)));
    objection
      .command(`resolve-${target}`)
      .description(`decide an objection against a ${target}, as the Registrar`)
      .argument("<objection>", "objection id", parseId)
      .option("--upheld", "the objection is upheld (the target is revoked)")
      .requiredOption("--resolution <hash|text>", "the decision (hashed when text)", parseHashOrText)
      .addHelpText("after", examples(`objection resolve-${target} 3 --resolution "dismissed: deed predates the claim"`, `objection resolve-${target} 3 --upheld --resolution "decision 2026-07"`))
      .action(lazy(async () => (await import("../actions/objection")).resolve(target)));
  }
  objection
    .command("list")
    .description("the objections lodged against products and certificates, with their status now")
    .option("--product <id>", "only those against this product", parseId)
    .addOption(new Option("--certificate <id>", "only those against this certificate").argParser(parseId).conflicts("product"))
    .option("--status <name>", `only those in this status: ${OBJECTION_STATUSES.slice(1).join(", ")}`, parseObjectionStatus)
    .addHelpText("after", examples("objection list --status Open", "objection list --product 14", "--json objection list --certificate 7 --status Upheld"))
    .action(lazy(async () => (await import("../actions/objection")).list));
}
