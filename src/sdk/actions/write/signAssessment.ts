import type { DatarightsClient } from "../../client";
import { signFinding } from "../../documents";
import type { FindingDocument } from "../../documents";
import { ASSESSMENT_KINDS, enumValue } from "../../names";
import type { FindingParameters } from "./recordAssessment";

/**
 * Signs a finding off-chain (EIP-712), as the assessor (the client's account), for anyone to
 * submit with `recordSignedAssessment`: assessors run no node. The nonce is read from the
 * registry unless given.
 */
export async function signAssessment(
  client: DatarightsClient,
  parameters: FindingParameters & { deadline: bigint; nonce?: bigint },
): Promise<FindingDocument> {
  const assessor = client.signer;
  const nonce = parameters.nonce ?? (await client.contracts.assessments.nonces(assessor.address));
  return signFinding(assessor, client.chainId, client.address("assessments"), {
    productId: parameters.productId.toString(), kind: enumValue(ASSESSMENT_KINDS, parameters.kind), passed: parameters.passed,
    expiresAt: parameters.expiresAt.toString(), reportHash: parameters.reportHash,
  }, nonce, parameters.deadline);
}
