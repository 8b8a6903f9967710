import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import { decodeAssessment } from "../../records";
import type { AssessmentRecord } from "../../records";
import { decoded, inGroups, logsAcrossEpochs, pinBlockNumber } from "./internal";
import type { ReadParameters } from "./internal";

export interface ListAssessmentsParameters extends ReadParameters {
  /** Only the findings on this product. */
  productId?: bigint;
}

/** The findings, in the order they were recorded (a later finding of a kind supersedes the earlier). */
export type ListAssessmentsReturnType = AssessmentRecord[];

export type ListAssessmentsErrorType = DatarightsError;

/**
 * The assessments recorded, of one product or of all: the AssessmentRecorded logs (product
 * indexed) are the index; each finding is then read as it stands (revoked or not).
 *
 * @example
 * const findings = await listAssessments(client, { productId: 7n });
 */
export async function listAssessments(client: DatarightsClient, parameters: ListAssessmentsParameters = {}): Promise<ListAssessmentsReturnType> {
  const { assessments } = client.contracts;
  const blockNumber = await pinBlockNumber(client, parameters.blockNumber);
  const at = { blockTag: blockNumber };
  const logs = await decoded("listAssessments", logsAcrossEpochs(client, "assessments", blockNumber, (contract, from, to) =>
    contract.queryFilter(contract.filters.AssessmentRecorded(undefined, parameters.productId), from, to)));
  return inGroups(logs, async (log) =>
    decodeAssessment(log.args.assessmentId, await decoded("listAssessments", assessments.assessment(log.args.assessmentId, at))));
}
