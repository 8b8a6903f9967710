import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/**
 * Names the ParticipantRegistry of the deployment that succeeds this one, as the Admin (once): the
 * successor must have been deployed with this registry as its predecessor, so its epoch, and so its
 * registration numbers, follow this one's.
 */
export async function setSuccessor(client: DatarightsClient, parameters: { registry: string }): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "set the successor", (contracts) => contracts.participants.setSuccessor(parameters.registry));
  return { transaction };
}
