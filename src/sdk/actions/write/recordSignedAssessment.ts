import { getAddress } from "ethers";
import type { DatarightsClient } from "../../client";
import type { FindingDocument } from "../../documents";
import { emitted, transact } from "./internal";
import type { TransactionResult } from "./internal";

/**
 * Submits a finding an assessor signed off-chain (`signAssessment`), as anyone; returns its id.
 * A finding signed for another chain or registry is refused before anything is sent.
 */
export async function recordSignedAssessment(
  client: DatarightsClient,
  document: FindingDocument,
): Promise<{ assessmentId: bigint; transaction: TransactionResult }> {
  if (BigInt(document.chainId) !== client.chainId || getAddress(document.registry) !== getAddress(client.address("assessments"))) {
    throw new Error(`the finding was signed for chain ${document.chainId}, registry ${document.registry}, not this deployment`);
  }
  const { finding } = document;
  const input = {
    productId: BigInt(finding.productId), kind: finding.kind, passed: finding.passed, expiresAt: BigInt(finding.expiresAt), reportHash: finding.reportHash,
  };
  const { receipt, transaction } = await transact(client, "submit assessment", (contracts) =>
    contracts.assessments.recordBySig(document.assessor, input, BigInt(document.nonce), BigInt(document.deadline), document.signature),
  );
  return { assessmentId: emitted(client, receipt, "assessments", "AssessmentRecorded").args.assessmentId as bigint, transaction };
}
