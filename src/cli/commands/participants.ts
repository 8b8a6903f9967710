import { Option } from "@commander-js/extra-typings";
import type { Command, CommandUnknownOpts, OptionValues } from "@commander-js/extra-typings";
import { ASSESSMENT_KINDS, PARTICIPANT_KIND_NAMES } from "../../sdk/names";
import type { RoleName } from "../../sdk/roles";
import { examples } from "../help";
import { lazy } from "../lazy";
import { listParser, nameParser, parseAddress, parseHashOrText, parseJurisdictionCode } from "../parse";

const PROVIDER = "0x61097BA76cD906d2ba4FD106E757f7Eb455fc295";

// The role names, complete and nothing else (checked against sdk/roles' type), without loading
// sdk/roles itself: it hashes the role ids with ethers.
const ROLE_CHOICES = { admin: true, registrar: true, arbiter: true, market: true, pauser: true, regulator: true } satisfies Record<RoleName, true>;
const ROLE_NAMES = Object.keys(ROLE_CHOICES) as RoleName[];

function profileOptions<Args extends unknown[], Opts extends OptionValues, Globals extends OptionValues>(command: Command<Args, Opts, Globals>) {
  return command
    .requiredOption("--kinds <list>", `comma-separated: ${PARTICIPANT_KIND_NAMES.join(", ")}`, listParser(nameParser("participant kind", PARTICIPANT_KIND_NAMES)))
    .option("--assessments <list>", `assessor's kinds: ${ASSESSMENT_KINDS.join(", ")}`, listParser(nameParser("assessment kind", ASSESSMENT_KINDS)))
    .addOption(new Option("--jurisdiction <code>", "two-letter jurisdiction").argParser(parseJurisdictionCode).default("CN", "CN"))
    .requiredOption("--dossier <hash|text>", "hash of the accreditation dossier (or its text)", parseHashOrText);
}

export function registerParticipants(program: CommandUnknownOpts): void {
  const participant = program.command("participant").description("accredit and manage participants (Registrar), or apply");

  profileOptions(participant.command("accredit").description("accredit an account, as the Registrar").argument("<address>", "account", parseAddress))
    .requiredOption("--until <time>", "accreditation expiry: date, unix seconds or span (6m, 3y)")
    .addHelpText("after", examples(
      `participant accredit ${PROVIDER} --kinds provider,buyer --dossier "dossier 2026-17" --until 3y`,
      `participant accredit ${PROVIDER} --kinds assessor --assessments Quality,SecurityRisk --dossier "lab licence" --until 2028-12-31`,
    ))
    .action(lazy(async () => (await import("../actions/participant")).accredit));

  profileOptions(participant.command("apply").description("apply for accreditation, as the applicant"))
    .addHelpText("after", examples(`participant apply --kinds provider --jurisdiction HK --dossier "application of 2026-03-01"`))
    .action(lazy(async () => (await import("../actions/participant")).apply));

  for (const act of ["suspend", "reinstate", "revoke"] as const) {
    participant
      .command(act)
      .description(`${act} a participant's accreditation, as the Registrar`)
      .argument("<address>", "account", parseAddress)
      .requiredOption("--reason <hash|text>", "reason (hashed when text)", parseHashOrText)
      .addHelpText("after", examples(`participant ${act} ${PROVIDER} --reason "decision 2026-41"`))
      .action(lazy(async () => (await import("../actions/participant")).standing(act)));
  }

  participant
    .command("show")
    .description("a participant's accreditation")
    .argument("<address>", "account", parseAddress)
    .addHelpText("after", examples(`participant show ${PROVIDER}`, `--json participant show ${PROVIDER}`))
    .action(lazy(async () => (await import("../actions/participant")).show));

  participant
    .command("list")
    .description("every participant that ever applied or was accredited: kinds, jurisdiction, expiry (\"lapsed\" once expired)")
    .addHelpText("after", examples("participant list", "--json participant list"))
    .action(lazy(async () => (await import("../actions/participant")).list));

  const role = program.command("role").description("grant or revoke staff roles, as the Admin");
  for (const act of ["grant", "revoke"] as const) {
    role
      .command(act)
      .description(`${act} a staff role`)
      .argument("<address>", "account", parseAddress)
      .addOption(new Option("--role <role>", "the staff role").choices(ROLE_NAMES).makeOptionMandatory())
      .addHelpText("after", examples(`role ${act} ${PROVIDER} --role arbiter`))
      .action(lazy(async () => (await import("../actions/role")).change(act)));
  }
}
