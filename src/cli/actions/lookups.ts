import type { DatarightsClient } from "../../sdk/client";
import { UsageError } from "../parse";

/** Refuses an id the registry never issued, before any transaction is signed. */
export async function requireProduct(client: DatarightsClient, productId: bigint): Promise<void> {
  if (productId > (await client.contracts.products.productCount())) throw new UsageError(`unknown product ${productId}`);
}

export async function requireCertificate(client: DatarightsClient, certificateId: bigint): Promise<void> {
  if (certificateId > (await client.contracts.certificates.certificateCount())) throw new UsageError(`unknown certificate ${certificateId}`);
}

export async function requireTrade(client: DatarightsClient, tradeId: bigint): Promise<void> {
  if (tradeId > (await client.contracts.trades.tradeCount())) throw new UsageError(`unknown trade ${tradeId}`);
}

/** The chain's time: spans such as "1y" count from it, not from this machine's clock. */
export async function latestTime(client: DatarightsClient): Promise<bigint> {
  return BigInt((await client.provider.getBlock("latest"))!.timestamp);
}
