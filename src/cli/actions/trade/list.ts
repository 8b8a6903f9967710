import { action } from "../../context";
import { UsageError } from "../../parse";

export const list = action(false, async (client, _command, options: { product?: bigint; party?: string }) => {
  if ((options.product === undefined) === (options.party === undefined)) throw new UsageError("give exactly one of --product and --party");
  const { trades } = client.contracts;
  const fromBlock = client.deployment.contracts.TradeLedger.deployBlock;
  // The ledger keeps no per-product or per-party index: its events are the index (product and buyer are topics).
  const logs = await trades.queryFilter(trades.filters.TradeConfirmed(undefined, options.product), fromBlock);
  const party = options.party?.toLowerCase();
  const ids = logs
    .filter((log) => party === undefined || log.args.buyer.toLowerCase() === party || log.args.deal.seller.toLowerCase() === party)
    .map((log) => log.args.tradeId);
  return { data: { tradeIds: ids }, lines: ids.length ? ids.map((tradeId) => `trade ${tradeId}`) : ["no trades"] };
});
