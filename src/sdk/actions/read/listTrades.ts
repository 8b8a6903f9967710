import { getAddress } from "ethers";
import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import { decodeDealTerms, decodeTrade } from "../../records";
import type { DealTerms, LogPosition, TradeRecord } from "../../records";
import { decoded, inGroups, logsAcrossEpochs, pinBlockNumber, positionOf } from "./internal";
import type { ReadParameters } from "./internal";

export interface ListTradesParameters extends ReadParameters {
  /** Only trades of this product. */
  productId?: bigint;
  /** Only trades this account is the seller or the buyer of. */
  party?: string;
}

/** A trade as it stands, with what its signed deal says and where it was confirmed. */
export type TradeListItem = TradeRecord & {
  deal: DealTerms;
  confirmed: LogPosition;
};

/** The trades, in the order they were confirmed. */
export type ListTradesReturnType = TradeListItem[];

export type ListTradesErrorType = DatarightsError;

/**
 * The trades of a product or a party. The ledger keeps no index of them (by design, to save
 * every trade the gas): its TradeConfirmed logs (product and buyer indexed, the seller in the
 * signed deal) are the index, and each trade is then read as it stands now.
 *
 * @example
 * const trades = await listTrades(client, { productId: 7n });
 * trades.filter((trade) => trade.status === "Completed").map((trade) => trade.buyerCertificateId)
 */
export async function listTrades(client: DatarightsClient, parameters: ListTradesParameters = {}): Promise<ListTradesReturnType> {
  const { trades } = client.contracts;
  const blockNumber = await pinBlockNumber(client, parameters.blockNumber);
  const at = { blockTag: blockNumber };
  const logs = await decoded("listTrades", logsAcrossEpochs(client, "trades", blockNumber, (contract, from, to) =>
    contract.queryFilter(contract.filters.TradeConfirmed(undefined, parameters.productId), from, to)));
  const party = parameters.party === undefined ? undefined : getAddress(parameters.party);
  const mine = party === undefined ? logs : logs.filter((log) => log.args.deal.seller === party || log.args.deal.buyer === party);
  return inGroups(mine, async (log) => ({
    ...decodeTrade(log.args.tradeId, await decoded("listTrades", trades.trade(log.args.tradeId, at))),
    deal: decodeDealTerms(log.args.deal),
    confirmed: positionOf(log),
  }));
}
