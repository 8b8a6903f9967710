import { PARTICIPANT_KIND_NAMES, PARTICIPANT_STATUSES, enumName, maskNames } from "../../../sdk/names";
import { action } from "../../context";
import type { NoOptions } from "../../context";

export const list = action(false, async (client, _command, _options: NoOptions) => {
  const count = await client.contracts.participants.participantCount();
  const accounts = await Promise.all(Array.from({ length: Number(count) }, (_, index) => client.contracts.participants.participantAt(index)));
  const records = await Promise.all(accounts.map((account) => client.contracts.participants.participant(account)));
  const rows = accounts.map((account, index) => ({
    account, status: enumName(PARTICIPANT_STATUSES, records[index].status), kinds: maskNames(PARTICIPANT_KIND_NAMES, records[index].kinds),
  }));
  return { data: { participants: rows }, lines: rows.map((row) => `${row.account}  ${row.status.padEnd(9)}  ${row.kinds.join(",")}`) };
});
