import { action, transactionData } from "../../context";
import { requireTrade } from "../lookups";

export const dispute = action(true, async (client, _command, tradeId: bigint, options: { reason: string }) => {
  await requireTrade(client, tradeId);
  const receipt = await client.send("dispute", () => client.contracts.trades.dispute(tradeId, options.reason));
  return { data: { tradeId, ...transactionData(receipt) }, lines: [`trade ${tradeId} disputed`] };
});
