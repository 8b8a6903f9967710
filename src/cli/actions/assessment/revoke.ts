import { action, transactionData } from "../../context";

export const revoke = action(true, async (client, _command, assessmentId: bigint, options: { reason: string }) => {
  const receipt = await client.send("revoke assessment", () => client.contracts.assessments.revoke(assessmentId, options.reason));
  return { data: { assessmentId, ...transactionData(receipt) }, lines: [`assessment ${assessmentId} revoked`] };
});
