import { kindsMask } from "../../../sdk/names";
import { action, transactionData } from "../../context";
import { parseMoment } from "../../parse";
import { latestTime } from "../lookups";
import type { ProfileOptions } from "./profile";

export const accredit = action(true, async (client, _command, account: string, options: ProfileOptions & { until: string }) => {
  const until = parseMoment(options.until, await latestTime(client));
  const receipt = await client.send("accredit", () => client.contracts.participants.accredit(
    account, kindsMask(options.kinds), kindsMask(options.assessments ?? []), options.jurisdiction, options.dossier, until,
  ));
  return { data: { account, until, ...transactionData(receipt) }, lines: [`${account} accredited until ${new Date(Number(until) * 1000).toISOString().slice(0, 10)}`] };
});
