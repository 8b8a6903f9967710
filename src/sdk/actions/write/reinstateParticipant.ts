import type { DatarightsClient } from "../../client";
import { changeStanding } from "./standing";
import type { StandingParameters } from "./standing";
import type { TransactionResult } from "./internal";

/** Reinstates the participant `account`, as the Registrar. */
export async function reinstateParticipant(
  client: DatarightsClient,
  parameters: StandingParameters & { account: string },
): Promise<{ transaction: TransactionResult }> {
  return changeStanding(client, "participants", "reinstate", parameters.account, parameters.reasonHash);
}
