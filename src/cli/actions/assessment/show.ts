import { ASSESSMENT_KINDS, enumName } from "../../../sdk/names";
import { action } from "../../context";
import type { NoOptions } from "../../context";
import { UsageError } from "../../parse";

export const show = action(false, async (client, _command, assessmentId: bigint, _options: NoOptions) => {
  if (assessmentId > (await client.contracts.assessments.assessmentCount())) throw new UsageError(`unknown assessment ${assessmentId}`);
  const record = await client.contracts.assessments.assessment(assessmentId);
  const data = {
    assessmentId, productId: record.productId, assessor: record.assessor, kind: enumName(ASSESSMENT_KINDS, record.kind), passed: record.passed,
    revoked: record.revoked, issuedAt: record.issuedAt, expiresAt: record.expiresAt, previousId: record.previousId, reportHash: record.reportHash,
  };
  return { data, lines: [`assessment ${assessmentId}: ${data.kind} of product ${record.productId} ${record.passed ? "passed" : "failed"}${record.revoked ? " (revoked)" : ""} by ${record.assessor}`] };
});
