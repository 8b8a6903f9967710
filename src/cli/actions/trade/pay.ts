import { action, transactionData } from "../../context";
import { requireTrade } from "../lookups";

export const pay = action(true, async (client, _command, tradeId: bigint, options: { reference: string }) => {
  await requireTrade(client, tradeId);
  const receipt = await client.send("attach payment reference", () => client.contracts.trades.attachPaymentReference(tradeId, options.reference));
  return { data: { tradeId, ...transactionData(receipt) }, lines: [`trade ${tradeId}: payment reference attached`] };
});
