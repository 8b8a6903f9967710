import type { DatarightsClient } from "../../client";
import { emitted, transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

/** What an objection is against: each has its own objection book (and its own objection ids). */
export type ObjectionTarget = "product" | "certificate";

const BOOK = { product: "products", certificate: "certificates" } as const;

/**
 * Objection (异议), as any accredited participant: freezes the product or certificate until the
 * Registrar decides. Returns the objection's id in the target's book.
 */
export async function lodgeObjection(
  client: DatarightsClient,
  parameters: { target: ObjectionTarget; targetId: bigint; claimHash: Hash },
): Promise<{ objectionId: bigint; transaction: TransactionResult }> {
  const book = BOOK[parameters.target];
  const { receipt, transaction } = await transact(client, "lodge objection", (contracts) =>
    contracts[book].lodgeObjection(parameters.targetId, parameters.claimHash),
  );
  return { objectionId: emitted(client, receipt, book, "ObjectionLodged").args.objectionId as bigint, transaction };
}
