import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { examples } from "../help";
import { lazy } from "../lazy";
import { parseId } from "../parse";

export function registerVerify(program: CommandUnknownOpts): void {
  program
    .command("verify")
    .description("the auditor's check of a product's provenance, read from the chain (exit 0 all pass, 1 a check failed, 2 error)")
    .argument("<product>", "product id", parseId)
    .option("--file <path>", "a local file that must match the content hash or a delivery hash")
    .option("--documents <dir>", "folder holding description documents by hash, read before the metadata URI (env DOCUMENTS_DIR, default .data/documents/<network>)")
    .option("--prov <file>", "also write the lineage, certificates, assessments and trades as W3C PROV-JSON")
    .addHelpText("after", examples("verify 14 --file usage.csv", "--json verify 14 > report.json", "verify 13 --prov lineage.prov.json", "verify 7 --documents /srv/exchange/documents"))
    .action(lazy(async () => (await import("../actions/verify")).verify));
}
