import { getCounts, getObjection } from "../../sdk/actions";
import type { ObjectionTarget } from "../../sdk/actions";
import type { DatarightsClient } from "../../sdk/client";
import { ObjectionUnknownError } from "../../sdk/errors";
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

/** Refuses an objection id the target's book never issued (each book numbers its own), as requireKnown does. */
export async function requireObjection(client: DatarightsClient, target: ObjectionTarget, objectionId: bigint): Promise<void> {
  try {
    await getObjection(client, { book: target === "product" ? "products" : "certificates", objectionId });
  } catch (error) {
    throw error instanceof ObjectionUnknownError ? new UsageError(`unknown ${target} objection ${objectionId}`) : error;
  }
}

/** The chain's time: spans such as "1y" count from it, not from this machine's clock. */
export async function latestTime(client: DatarightsClient): Promise<bigint> {
  return BigInt((await client.provider.getBlock("latest"))!.timestamp);
}
