import type { DatarightsClient } from "../../client";
import { assessmentKindsOf } from "../../names";
import type { AssessmentKindName } from "../../names";
import { decoded } from "./internal";
import type { ReadParameters } from "./internal";

export interface GetAssessmentPolicyParameters extends ReadParameters {
  productId: bigint;
}

export interface GetAssessmentPolicyReturnType {
  /** The kinds the exchange's policy requires of this product (its attributes decide which). */
  required: AssessmentKindName[];
  /** The required kinds without a passed, unexpired, unrevoked finding. */
  missing: AssessmentKindName[];
  /** Nothing is missing: the product may be certified, listed and traded. */
  met: boolean;
}

/**
 * What the assessment policy asks of a product, and what it still lacks.
 *
 * @example
 * const { missing } = await getAssessmentPolicy(client, { productId: 3n });
 * missing // ["PersonalInfoProtection"]
 */
export async function getAssessmentPolicy(
  client: DatarightsClient,
  parameters: GetAssessmentPolicyParameters,
): Promise<GetAssessmentPolicyReturnType> {
  const { assessments } = client.contracts;
  const at = { blockTag: parameters.blockNumber ?? "latest" };
  const [required, missing] = await decoded("getAssessmentPolicy", Promise.all([
    assessments.requiredKinds(parameters.productId, at), assessments.missingKinds(parameters.productId, at),
  ]));
  return { required: assessmentKindsOf(required), missing: assessmentKindsOf(missing), met: missing === 0n };
}
