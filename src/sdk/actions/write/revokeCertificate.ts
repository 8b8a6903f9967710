import type { DatarightsClient } from "../../client";
import { changeStanding } from "./standing";
import type { StandingParameters } from "./standing";
import type { TransactionResult } from "./internal";

/** Revokes certificate `certificateId`, as the Registrar. */
export async function revokeCertificate(
  client: DatarightsClient,
  parameters: StandingParameters & { certificateId: bigint },
): Promise<{ transaction: TransactionResult }> {
  return changeStanding(client, "certificates", "revoke", parameters.certificateId, parameters.reasonHash);
}
