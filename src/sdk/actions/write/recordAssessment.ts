import type { DatarightsClient } from "../../client";
import { ASSESSMENT_KINDS, enumValue } from "../../names";
import type { AssessmentKindName } from "../../names";
import { emitted, timestamp, transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

export interface FindingParameters {
  productId: bigint;
  kind: AssessmentKindName;
  passed: boolean;
  /** Unix time the finding lapses. */
  expiresAt: bigint;
  /** Hash of the assessor's report, kept off-chain. */
  reportHash: Hash;
}

/** The finding as AssessmentRegistry takes it. */
export function findingInput(finding: FindingParameters) {
  return {
    productId: finding.productId, kind: enumValue(ASSESSMENT_KINDS, finding.kind), passed: finding.passed,
    expiresAt: timestamp(finding.expiresAt, "expiresAt"), reportHash: finding.reportHash,
  };
}

/** Records a finding, as an accredited assessor of its kind (the client's account); returns its id. */
export async function recordAssessment(
  client: DatarightsClient,
  finding: FindingParameters,
): Promise<{ assessmentId: bigint; transaction: TransactionResult }> {
  const input = findingInput(finding);
  const { receipt, transaction } = await transact(client, "record assessment", (contracts) => contracts.assessments.record(input));
  return { assessmentId: emitted(client, receipt, "assessments", "AssessmentRecorded").args.assessmentId as bigint, transaction };
}
