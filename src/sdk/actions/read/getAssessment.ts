import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import { decodeAssessment } from "../../records";
import type { AssessmentRecord } from "../../records";
import { decoded } from "./internal";
import type { ReadParameters } from "./internal";

export interface GetAssessmentParameters extends ReadParameters {
  assessmentId: bigint;
}

export type GetAssessmentReturnType = AssessmentRecord;

/** `AssessmentUnknown` when no assessment has the id. */
export type GetAssessmentErrorType = DatarightsError;

/**
 * An assessor's finding on a product, its kind by name.
 *
 * @example
 * const finding = await getAssessment(client, { assessmentId: 2n });
 * `${finding.kind} ${finding.passed ? "passed" : "failed"}` // "Quality passed"
 */
export async function getAssessment(client: DatarightsClient, parameters: GetAssessmentParameters): Promise<GetAssessmentReturnType> {
  const raw = await decoded("getAssessment", client.contracts.assessments.assessment(parameters.assessmentId, { blockTag: parameters.blockNumber ?? "latest" }));
  return decodeAssessment(parameters.assessmentId, raw);
}
