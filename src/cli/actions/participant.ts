import {
  accredit as accreditAccount, applyForAccreditation, getParticipant, listParticipants, reinstateParticipant, revokeParticipant, suspendParticipant,
} from "../../sdk/actions";
import type { ParticipantProfile } from "../../sdk/actions";
import { isoDate } from "../../sdk/names";
import type { ParticipantRecord } from "../../sdk/records";
import { action, wrote } from "../context";
import type { NoOptions } from "../context";
import { parseMoment } from "../parse";
import { latestTime } from "./lookups";

/** The accreditation profile `participant accredit` and `participant apply` take. */
type ProfileOptions = Pick<ParticipantProfile, "kinds" | "jurisdiction"> & { assessments?: ParticipantProfile["assessmentKinds"]; dossier: string };

const profile = (options: ProfileOptions): ParticipantProfile =>
  ({ kinds: options.kinds, assessmentKinds: options.assessments, jurisdiction: options.jurisdiction, dossierHash: options.dossier });

export const accredit = action(true, async (client, _command, account: string, options: ProfileOptions & { until: string }) => {
  const accreditedUntil = parseMoment(options.until, await latestTime(client));
  const result = await accreditAccount(client, { account, accreditedUntil, ...profile(options) });
  return wrote(result, { account, accreditedUntil }, `${account} accredited until ${isoDate(accreditedUntil)}`);
});

export const apply = action(true, async (client, _command, options: ProfileOptions) =>
  wrote(await applyForAccreditation(client, profile(options)), { account: client.signer.address }, `${client.signer.address} applied for accreditation`));

const STANDING = { suspend: suspendParticipant, reinstate: reinstateParticipant, revoke: revokeParticipant };

export const standing = (act: keyof typeof STANDING) => action(true, async (client, _command, account: string, options: { reason: string }) =>
  wrote(await STANDING[act](client, { account, reasonHash: options.reason }), { account }, `${account}: ${act} done`));

/** An Active accreditation past its expiry reads "lapsed … expired <date>", never "Active … until <past date>". */
function line(participant: ParticipantRecord): string {
  const { account, lapsed, status, kinds, jurisdiction, accreditedUntil } = participant;
  const term = accreditedUntil === null ? "" : `  ${lapsed ? "expired" : "until"} ${isoDate(accreditedUntil)}`;
  return `${account}  ${lapsed ? "lapsed" : status}  ${kinds.join(",") || "-"}  ${jurisdiction || "-"}${term}`;
}

export const show = action(false, async (client, _command, account: string, _options: NoOptions) => {
  const participant = await getParticipant(client, { account });
  return { data: participant, lines: [line(participant)] };
});

export const list = action(false, async (client, _command, _options: NoOptions) => {
  const participants = await listParticipants(client);
  return { data: { participants }, lines: participants.length ? participants.map(line) : ["no participants"] };
});
