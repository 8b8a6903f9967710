import type { DatarightsClient } from "../../client";
import { changeStanding } from "./standing";
import type { StandingParameters } from "./standing";
import type { TransactionResult } from "./internal";

/** Suspends certificate `certificateId`, as the Registrar. */
export async function suspendCertificate(
  client: DatarightsClient,
  parameters: StandingParameters & { certificateId: bigint },
): Promise<{ transaction: TransactionResult }> {
  return changeStanding(client, "certificates", "suspend", parameters.certificateId, parameters.reasonHash);
}
