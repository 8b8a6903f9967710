import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import { decodePriceLog } from "../../records";
import type { PriceChange } from "../../records";
import { decoded, inGroups, logsAcrossEpochs, pinBlockNumber, positionOf } from "./internal";
import type { ReadParameters } from "./internal";

export interface ListPricesParameters extends ReadParameters {
  productId: bigint;
}

/** The price history, oldest first: every proposal and every change of the reference price. */
export type ListPricesReturnType = PriceChange[];

export type ListPricesErrorType = DatarightsError;

/**
 * A product's reference price history, from the listing book's PriceProposed and
 * ReferencePriceChanged logs, each with its block, position and time. Every price change is
 * kept on chain: this is the raw material of a price index.
 *
 * @example
 * const history = await listPrices(client, { productId: 7n });
 * history.filter((entry) => entry.event === "Changed").map((entry) => entry.price.amount)
 */
export async function listPrices(client: DatarightsClient, parameters: ListPricesParameters): Promise<ListPricesReturnType> {
  const blockNumber = await pinBlockNumber(client, parameters.blockNumber);
  const [proposed, changed] = await decoded("listPrices", Promise.all([
    logsAcrossEpochs(client, "listings", blockNumber, (contract, from, to) => contract.queryFilter(contract.filters.PriceProposed(parameters.productId), from, to)),
    logsAcrossEpochs(client, "listings", blockNumber, (contract, from, to) =>
      contract.queryFilter(contract.filters.ReferencePriceChanged(parameters.productId), from, to)),
  ]));
  const entries = [
    ...proposed.map((log) => {
      const { amount, currency, method, proposer } = log.args;
      return { log, event: "Proposed" as const, args: { amount, currency, method, proposedBy: proposer } };
    }),
    ...changed.map((log) => {
      const { amount, currency, method, proposedBy } = log.args;
      return { log, event: "Changed" as const, args: { amount, currency, method, proposedBy } };
    }),
  ].sort((a, b) => a.log.blockNumber - b.log.blockNumber || a.log.index - b.log.index);
  const blocks = [...new Set(entries.map(({ log }) => log.blockNumber))];
  const times = new Map(await inGroups(blocks, async (number) => {
    const header = await client.provider.getBlock(number);
    if (!header) throw new Error(`the node has no block ${number}`);
    return [number, BigInt(header.timestamp)] as const;
  }));
  return entries.map(({ log, event, args }) => {
    const timestamp = times.get(log.blockNumber)!;
    return { ...positionOf(log), productId: parameters.productId, event, price: decodePriceLog(args, timestamp), timestamp };
  });
}
