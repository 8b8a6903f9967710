import { getCounts } from "../../sdk/actions";
import type { DatarightsClient } from "../../sdk/client";
import { UsageError } from "../parse";

type Counted = "products" | "certificates" | "assessments" | "trades";
const NOUN: Record<Counted, string> = { products: "product", certificates: "certificate", assessments: "assessment", trades: "trade" };

/** Refuses an id the chain never issued (usage error, exit 2), before any transaction is signed. */
export async function requireKnown(client: DatarightsClient, kind: Counted, id: bigint): Promise<void> {
  if (id < 1n || id > (await getCounts(client))[kind]) throw new UsageError(`unknown ${NOUN[kind]} ${id}`);
}

export const requireProduct = (client: DatarightsClient, productId: bigint) => requireKnown(client, "products", productId);
export const requireCertificate = (client: DatarightsClient, certificateId: bigint) => requireKnown(client, "certificates", certificateId);
export const requireTrade = (client: DatarightsClient, tradeId: bigint) => requireKnown(client, "trades", tradeId);

/** The chain's time: spans such as "1y" count from it, not from this machine's clock. */
export async function latestTime(client: DatarightsClient): Promise<bigint> {
  return BigInt((await client.provider.getBlock("latest"))!.timestamp);
}
