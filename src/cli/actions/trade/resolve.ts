import { action, transactionData } from "../../context";
import { requireTrade } from "../lookups";

export const resolve = action(true, async (client, _command, tradeId: bigint, options: { upheld?: boolean; resolution: string }) => {
  await requireTrade(client, tradeId);
  const receipt = await client.send("resolve dispute", () => client.contracts.trades.resolveDispute(tradeId, options.upheld === true, options.resolution));
  return { data: { tradeId, upheld: options.upheld === true, ...transactionData(receipt) }, lines: [`trade ${tradeId}: dispute ${options.upheld ? "upheld, trade annulled" : "rejected, trade completed"}`] };
});
