import { sha256 } from "ethers";
import { sha256File } from "../hash";
import type { Check, LineageProduct, TradeFacts } from "./report";

/** The local content to check: a file, or bytes in memory. */
export interface ContentToCheck {
  file?: string;
  content?: Uint8Array;
}

/**
 * The content group: a local file (or bytes) whose SHA-256 must equal the product's registered
 * content hash or the delivery hash of one of its trades; anything else is tampered or the wrong file.
 */
export async function checkContent(product: LineageProduct, trades: readonly TradeFacts[], local: ContentToCheck): Promise<Check[]> {
  if (local.file === undefined && local.content === undefined) return [];
  const label = local.file ?? `${local.content!.length} bytes`;
  const fileHash = local.file !== undefined ? await sha256File(local.file) : sha256(local.content!);
  const delivered = trades.find((trade) => trade.deliveryHash.toLowerCase() === fileHash);
  const matches = fileHash === product.contentHash.toLowerCase()
    ? "the registered content hash"
    : delivered ? `the delivery hash of trade ${delivered.tradeId}` : undefined;
  return [{
    id: "file",
    passed: matches !== undefined,
    detail: matches
      ? `${label} (${fileHash}) matches ${matches}`
      : `${label} (${fileHash}) matches neither the content hash ${product.contentHash} nor any delivery hash: tampered or wrong file`,
  }];
}
