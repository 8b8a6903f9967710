import type { Command } from "commander";
import { Option } from "commander";
import { ROLES } from "../../sdk/roles";
import type { RoleName } from "../../sdk/roles";
import { action, transactionData } from "../context";
import { ASSESSMENT_KINDS, PARTICIPANT_KIND_NAMES, PARTICIPANT_STATUSES, codeText, kindsMask, maskNames, enumName } from "../../sdk/names";
import { enumParser, listParser, parseAddress, parseHashOrText, parseJurisdiction, parseMoment } from "../parse";

interface ProfileOptions {
  kinds: number[];
  assessments?: number[];
  jurisdiction: string;
  dossier: string;
}

const profileOptions = (command: Command): Command =>
  command
    .requiredOption("--kinds <list>", `comma-separated: ${PARTICIPANT_KIND_NAMES.join(", ")}`, listParser(enumParser("participant kind", PARTICIPANT_KIND_NAMES)))
    .option("--assessments <list>", `assessor's kinds: ${ASSESSMENT_KINDS.join(", ")}`, listParser(enumParser("assessment kind", ASSESSMENT_KINDS)))
    .option("--jurisdiction <code>", "two-letter jurisdiction", parseJurisdiction, parseJurisdiction("CN"))
    .requiredOption("--dossier <hash|text>", "hash of the accreditation dossier (or its text)", parseHashOrText);

export function registerParticipants(program: Command): void {
  const participant = program.command("participant").description("accredit and manage participants (Registrar), or apply");

  profileOptions(participant.command("accredit").description("accredit an account, as the Registrar").argument("<address>", "account", parseAddress))
    .requiredOption("--until <time>", "accreditation expiry: date, unix seconds or span (3y)")
    .action(action(true, async (client, _command, account: string, options: ProfileOptions & { until: string }) => {
      const now = BigInt((await client.provider.getBlock("latest"))!.timestamp);
      const until = parseMoment(options.until, now);
      const receipt = await client.send("accredit", () => client.contracts.participants.accredit(
        account, kindsMask(options.kinds), kindsMask(options.assessments ?? []), options.jurisdiction, options.dossier, until,
      ));
      return { data: { account, until, ...transactionData(receipt) }, lines: [`${account} accredited until ${new Date(Number(until) * 1000).toISOString().slice(0, 10)}`] };
    }));

  profileOptions(participant.command("apply").description("apply for accreditation, as the applicant"))
    .action(action(true, async (client, _command, options: ProfileOptions) => {
      const receipt = await client.send("apply", () => client.contracts.participants.applyForAccreditation(
        kindsMask(options.kinds), kindsMask(options.assessments ?? []), options.jurisdiction, options.dossier,
      ));
      return { data: { account: client.signer.address, ...transactionData(receipt) }, lines: [`${client.signer.address} applied for accreditation`] };
    }));

  for (const act of ["suspend", "reinstate", "revoke"] as const) {
    participant
      .command(act)
      .description(`${act} a participant's accreditation, as the Registrar`)
      .argument("<address>", "account", parseAddress)
      .requiredOption("--reason <hash|text>", "reason (hashed when text)", parseHashOrText)
      .action(action(true, async (client, _command, account: string, options: { reason: string }) => {
        const receipt = await client.send(act, () => client.contracts.participants[act](account, options.reason));
        return { data: { account, ...transactionData(receipt) }, lines: [`${account}: ${act} done`] };
      }));
  }

  participant
    .command("show")
    .description("a participant's accreditation")
    .argument("<address>", "account", parseAddress)
    .action(action(false, async (client, _command, account: string) => {
      const record = await client.contracts.participants.participant(account);
      const data = {
        account,
        status: enumName(PARTICIPANT_STATUSES, record.status),
        kinds: maskNames(PARTICIPANT_KIND_NAMES, record.kinds),
        assessmentKinds: maskNames(ASSESSMENT_KINDS, record.assessmentKinds),
        jurisdiction: codeText(record.jurisdiction),
        accreditedUntil: record.accreditedUntil,
        dossierHash: record.dossierHash,
        staff: await client.contracts.participants.isStaff(account),
      };
      return {
        data,
        lines: [`${account}  ${data.status}  ${data.kinds.join(",") || "-"}  ${data.jurisdiction}  until ${new Date(Number(record.accreditedUntil) * 1000).toISOString().slice(0, 10)}`],
      };
    }));

  participant
    .command("list")
    .description("every participant that ever applied or was accredited")
    .action(action(false, async (client) => {
      const count = await client.contracts.participants.participantCount();
      const accounts = await Promise.all(Array.from({ length: Number(count) }, (_, index) => client.contracts.participants.participantAt(index)));
      const records = await Promise.all(accounts.map((account) => client.contracts.participants.participant(account)));
      const rows = accounts.map((account, index) => ({
        account, status: enumName(PARTICIPANT_STATUSES, records[index].status), kinds: maskNames(PARTICIPANT_KIND_NAMES, records[index].kinds),
      }));
      return { data: { participants: rows }, lines: rows.map((row) => `${row.account}  ${row.status.padEnd(9)}  ${row.kinds.join(",")}`) };
    }));

  const role = program.command("role").description("grant or revoke staff roles, as the Admin");
  const roleArgument = new Option("--role <role>", "admin, registrar, arbiter or market").choices(Object.keys(ROLES)).makeOptionMandatory();
  for (const act of ["grant", "revoke"] as const) {
    role
      .command(act)
      .description(`${act} a staff role`)
      .argument("<address>", "account", parseAddress)
      .addOption(roleArgument)
      .action(action(true, async (client, _command, account: string, options: { role: RoleName }) => {
        const method = act === "grant" ? "grantRole" : "revokeRole";
        const receipt = await client.send(`${act} ${options.role}`, () => client.contracts.participants[method](ROLES[options.role], account));
        return { data: { account, role: options.role, ...transactionData(receipt) }, lines: [`${options.role} role ${act === "grant" ? "granted to" : "revoked from"} ${account}`] };
      }));
  }
}
