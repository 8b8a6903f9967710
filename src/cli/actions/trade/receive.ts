import { action, transactionData } from "../../context";
import type { NoOptions } from "../../context";
import { requireTrade } from "../lookups";

export const receive = action(true, async (client, _command, tradeId: bigint, _options: NoOptions) => {
  await requireTrade(client, tradeId);
  const receipt = await client.send("confirm receipt", () => client.contracts.trades.confirmReceipt(tradeId));
  const [completed] = client.events(receipt, "trades", "TradeCompleted");
  const certificateId = completed.args.certificateId as bigint;
  const registrationNumber = await client.contracts.certificates.registrationNumber(certificateId);
  return { data: { tradeId, certificateId, registrationNumber, ...transactionData(receipt) }, lines: [`trade ${tradeId} completed: ${registrationNumber} (certificate ${certificateId}) granted`] };
});
