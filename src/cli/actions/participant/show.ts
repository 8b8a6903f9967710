import { ASSESSMENT_KINDS, PARTICIPANT_KIND_NAMES, PARTICIPANT_STATUSES, codeText, enumName, maskNames } from "../../../sdk/names";
import { action } from "../../context";
import type { NoOptions } from "../../context";

export const show = action(false, async (client, _command, account: string, _options: NoOptions) => {
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
});
