import type { Command, CommandUnknownOpts, OptionValues } from "@commander-js/extra-typings";
import { ASSESSMENT_KINDS, CLASSIFICATIONS, PRODUCT_TYPES, SOURCE_CATEGORIES } from "../../sdk/names";
import { examples } from "../help";
import { lazy } from "../lazy";
import { listParser, nameParser, parseHashOrText, parseId, parseYesNo } from "../parse";

const parseKind = nameParser("assessment kind", ASSESSMENT_KINDS);
const load = async () => import("../actions/assessment");

function findingOptions<Opts extends OptionValues, Globals extends OptionValues>(command: Command<[], Opts, Globals>) {
  return command
    .argument("<product>", "product id", parseId)
    .requiredOption("--kind <kind>", ASSESSMENT_KINDS.join(", "), parseKind)
    .option("--failed", "the product failed the assessment (default: passed)")
    .requiredOption("--expires <time>", "when the finding lapses: date, unix seconds or span (6m, 1y)")
    .requiredOption("--report <hash|text>", "the assessment report", parseHashOrText);
}

export function registerAssessments(program: CommandUnknownOpts): void {
  const assessment = program.command("assessment").description("third-party assessments (评估) of products");

  findingOptions(assessment.command("record").description("record a finding, as an accredited assessor"))
    .addHelpText("after", examples(`assessment record 14 --kind LegalCompliance --expires 1y --report "opinion 2026-001"`))
    .action(lazy(async () => (await load()).record));

  findingOptions(assessment.command("sign").description("sign a finding offline, as an accredited assessor, for anyone to submit"))
    .requiredOption("--out <file>", "where to write the signed finding (JSON)")
    .option("--nonce <n>", "the assessor's next nonce (read from the chain when omitted)")
    .option("--deadline <time>", "until when it may be submitted", "7d")
    .addHelpText("after", examples(`assessment sign 14 --kind Quality --expires 6m --report "Q-2026-7" --out quality.json`))
    .action(lazy(async () => (await load()).sign));

  assessment
    .command("submit")
    .description("submit a signed finding, as anyone")
    .argument("<file>", "signed finding (from `assessment sign`)")
    .addHelpText("after", examples("assessment submit quality.json"))
    .action(lazy(async () => (await load()).submit));

  assessment
    .command("revoke")
    .description("revoke a finding, as its assessor or the Registrar")
    .argument("<assessment>", "assessment id", parseId)
    .requiredOption("--reason <hash|text>", "reason", parseHashOrText)
    .addHelpText("after", examples(`assessment revoke 31 --reason "report withdrawn"`))
    .action(lazy(async () => (await load()).revoke));

  assessment
    .command("show")
    .description("a finding")
    .argument("<assessment>", "assessment id", parseId)
    .addHelpText("after", examples("assessment show 31"))
    .action(lazy(async () => (await load()).show));

  // Names, not enum indexes: each attribute has its own option, checked against the enum's names.
  assessment
    .command("require")
    .description("set the assessment kinds required of every product (--base) or of the products with one attribute value, as the Admin")
    .option("--base", "every product")
    .option("--personal-information <yes|no>", "products that contain personal information (yes) or do not (no)", parseYesNo)
    .option("--source-category <category>", SOURCE_CATEGORIES.join(", "), nameParser("source category", SOURCE_CATEGORIES))
    .option("--classification <classification>", CLASSIFICATIONS.join(", "), nameParser("classification", CLASSIFICATIONS))
    .option("--product-type <type>", PRODUCT_TYPES.join(", "), nameParser("product type", PRODUCT_TYPES))
    .requiredOption("--kinds <list>", "required kinds, comma-separated (empty string for none)", listParser(parseKind))
    .addHelpText("after", examples(
      "assessment require --source-category Public --kinds LegalCompliance,Quality",
      "assessment require --classification Important --kinds SecurityRisk",
      "assessment require --personal-information yes --kinds PersonalInfoProtection",
      "assessment require --product-type Model --kinds AssetValuation",
      "assessment require --base --kinds LegalCompliance,Quality",
    ))
    .action(lazy(async () => (await load()).requirement));
}
