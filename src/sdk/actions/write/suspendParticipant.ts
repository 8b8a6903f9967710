import type { DatarightsClient } from "../../client";
import { changeStanding } from "./standing";
import type { StandingParameters } from "./standing";
import type { TransactionResult } from "./internal";

/** Suspends the participant `account`, as the Registrar. */
export async function suspendParticipant(
  client: DatarightsClient,
  parameters: StandingParameters & { account: string },
): Promise<{ transaction: TransactionResult }> {
  return changeStanding(client, "participants", "suspend", parameters.account, parameters.reasonHash);
}
