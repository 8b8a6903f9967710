import { dealValues } from "../../../sdk/documents";
import { action, transactionData } from "../../context";
import type { NoOptions } from "../../context";
import { readDeal } from "./deal-file";

export const voidDeal = action(true, async (client, _command, file: string, _options: NoOptions) => {
  const document = readDeal(client, file);
  const receipt = await client.send("void deal", () => client.contracts.trades.voidDeal(dealValues(document.deal)));
  return { data: { file, ...transactionData(receipt) }, lines: [`deal ${file} voided`] };
});
