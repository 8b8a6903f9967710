import { sha256File } from "../../../sdk/hash";
import { action, transactionData } from "../../context";
import { UsageError } from "../../parse";
import { requireTrade } from "../lookups";

export const deliver = action(true, async (client, _command, tradeId: bigint, options: { file?: string; hash?: string }) => {
  if ((options.file === undefined) === (options.hash === undefined)) throw new UsageError("give exactly one of --file and --hash");
  await requireTrade(client, tradeId);
  const deliveryHash = options.hash ?? (await sha256File(options.file!));
  const receipt = await client.send("deliver", () => client.contracts.trades.deliver(tradeId, deliveryHash));
  return { data: { tradeId, deliveryHash, ...transactionData(receipt) }, lines: [`trade ${tradeId} delivered: ${deliveryHash}`] };
});
