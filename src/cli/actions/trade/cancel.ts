import { TRADE_STATUSES, enumName } from "../../../sdk/names";
import { action, transactionData } from "../../context";
import type { NoOptions } from "../../context";
import { requireTrade } from "../lookups";

export const cancel = action(true, async (client, _command, tradeId: bigint, _options: NoOptions) => {
  await requireTrade(client, tradeId);
  const receipt = await client.send("cancel", () => client.contracts.trades.cancel(tradeId));
  const status = (await client.contracts.trades.trade(tradeId)).status;
  return { data: { tradeId, status: enumName(TRADE_STATUSES, status), ...transactionData(receipt) }, lines: [`trade ${tradeId}: cancellation asked (${enumName(TRADE_STATUSES, status)})`] };
});
