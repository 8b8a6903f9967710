import type { DatarightsClient } from "../../client";
import type { ObjectionTarget } from "./lodgeObjection";
import { NO_REASON, transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

/** Decides an objection, as the Registrar: upheld revokes the target, dismissed unfreezes it. */
export async function resolveObjection(
  client: DatarightsClient,
  parameters: { target: ObjectionTarget; objectionId: bigint; upheld: boolean; resolutionHash?: Hash },
): Promise<{ transaction: TransactionResult }> {
  const book = parameters.target === "product" ? "products" : "certificates";
  const { transaction } = await transact(client, "resolve objection", (contracts) =>
    contracts[book].resolveObjection(parameters.objectionId, parameters.upheld, parameters.resolutionHash ?? NO_REASON),
  );
  return { transaction };
}
