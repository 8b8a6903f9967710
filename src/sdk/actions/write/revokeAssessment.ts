import type { DatarightsClient } from "../../client";
import { NO_REASON, transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

/** Revokes a finding, as its assessor or the Registrar. */
export async function revokeAssessment(
  client: DatarightsClient,
  parameters: { assessmentId: bigint; reasonHash?: Hash },
): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "revoke assessment", (contracts) =>
    contracts.assessments.revoke(parameters.assessmentId, parameters.reasonHash ?? NO_REASON),
  );
  return { transaction };
}
