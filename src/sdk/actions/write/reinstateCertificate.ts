import type { DatarightsClient } from "../../client";
import { changeStanding } from "./standing";
import type { StandingParameters } from "./standing";
import type { TransactionResult } from "./internal";

/** Reinstates certificate `certificateId`, as the Registrar. */
export async function reinstateCertificate(
  client: DatarightsClient,
  parameters: StandingParameters & { certificateId: bigint },
): Promise<{ transaction: TransactionResult }> {
  return changeStanding(client, "certificates", "reinstate", parameters.certificateId, parameters.reasonHash);
}
