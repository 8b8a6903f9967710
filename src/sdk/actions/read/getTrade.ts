import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import { decodeTrade } from "../../records";
import type { TradeRecord } from "../../records";
import { decoded } from "./internal";
import type { ReadParameters } from "./internal";

export interface GetTradeParameters extends ReadParameters {
  tradeId: bigint;
}

export type GetTradeReturnType = TradeRecord;

/** `TradeLedgerUnknownTrade` when no trade has the id. */
export type GetTradeErrorType = DatarightsError;

/**
 * A trade as the ledger keeps it: parties, right granted and status by name, the seller's
 * certificate and, once completed, the buyer's licence. (The ledger stores a completed trade's
 * licence id where the buyer was; `trade()` answers both, decoded.)
 *
 * @example
 * const trade = await getTrade(client, { tradeId: 3n });
 * trade.status === "Completed" && trade.buyerCertificateId // the buyer's licence
 */
export async function getTrade(client: DatarightsClient, parameters: GetTradeParameters): Promise<GetTradeReturnType> {
  const raw = await decoded("getTrade", client.contracts.trades.trade(parameters.tradeId, { blockTag: parameters.blockNumber ?? "latest" }));
  return decodeTrade(parameters.tradeId, raw);
}
