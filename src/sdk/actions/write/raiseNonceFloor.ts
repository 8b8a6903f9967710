import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/**
 * Cancels every deal the client's account signed with a nonce below `floor`, at once
 * (Permit2's floor): a lost or leaked signature stops here.
 */
export async function raiseNonceFloor(client: DatarightsClient, parameters: { floor: bigint }): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "raise nonce floor", (contracts) => contracts.participants.raiseNonceFloor(parameters.floor));
  return { transaction };
}
