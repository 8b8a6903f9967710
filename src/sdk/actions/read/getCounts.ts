import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import { decoded } from "./internal";
import type { ReadParameters } from "./internal";

export type GetCountsParameters = ReadParameters;

/** How many of each the registries ever recorded; ids run from 1 to the count (participants are enumerated from 0). */
export interface GetCountsReturnType {
  participants: bigint;
  products: bigint;
  certificates: bigint;
  assessments: bigint;
  trades: bigint;
}

export type GetCountsErrorType = DatarightsError;

/**
 * The registries' counts, e.g. to compare a mirror's tables with the chain. A count says how
 * many there are; it never tells a sender the id it just created (that is in its receipt).
 *
 * @example
 * const { products } = await getCounts(client, { blockNumber: 1200 });
 */
export async function getCounts(client: DatarightsClient, parameters: GetCountsParameters = {}): Promise<GetCountsReturnType> {
  const { participants, products, certificates, assessments, trades } = client.contracts;
  const at = { blockTag: parameters.blockNumber ?? "latest" };
  const [participantCount, productCount, certificateCount, assessmentCount, tradeCount] = await decoded("getCounts", Promise.all([
    participants.participantCount(at), products.productCount(at), certificates.certificateCount(at), assessments.assessmentCount(at),
    trades.tradeCount(at),
  ]));
  return { participants: participantCount, products: productCount, certificates: certificateCount, assessments: assessmentCount, trades: tradeCount };
}
