import type { DatarightsClient } from "../../client";
import { changeStanding } from "./standing";
import type { StandingParameters } from "./standing";
import type { TransactionResult } from "./internal";

/** Revokes the participant `account`, as the Registrar. */
export async function revokeParticipant(
  client: DatarightsClient,
  parameters: StandingParameters & { account: string },
): Promise<{ transaction: TransactionResult }> {
  return changeStanding(client, "participants", "revoke", parameters.account, parameters.reasonHash);
}
