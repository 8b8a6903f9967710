import { findingDocumentSchema, readDocument } from "../../../sdk/documents";
import { action, transactionData } from "../../context";
import type { NoOptions } from "../../context";
import { UsageError } from "../../parse";

export const submit = action(true, async (client, _command, file: string, _options: NoOptions) => {
  const document = readDocument(file, findingDocumentSchema, "signed finding");
  if (BigInt(document.chainId) !== client.chainId || document.registry.toLowerCase() !== client.deployment.contracts.AssessmentRegistry.address.toLowerCase()) {
    throw new UsageError(`${file} was signed for chain ${document.chainId}, registry ${document.registry}, not this deployment`);
  }
  const finding = document.finding;
  const receipt = await client.send("submit assessment", () => client.contracts.assessments.recordBySig(
    document.assessor,
    { productId: BigInt(finding.productId), kind: finding.kind, passed: finding.passed, expiresAt: BigInt(finding.expiresAt), reportHash: finding.reportHash },
    BigInt(document.nonce), BigInt(document.deadline), document.signature,
  ));
  const [recorded] = client.events(receipt, "assessments", "AssessmentRecorded");
  const assessmentId = recorded.args.assessmentId as bigint;
  return { data: { assessmentId, ...transactionData(receipt) }, lines: [`assessment ${assessmentId} recorded for ${document.assessor}`] };
});
