import { ASSESSMENT_KINDS } from "../../../sdk/names";
import { action, transactionData } from "../../context";
import { parseMoment } from "../../parse";
import { latestTime, requireProduct } from "../lookups";
import type { FindingOptions } from "./finding";

export const record = action(true, async (client, _command, productId: bigint, options: FindingOptions) => {
  await requireProduct(client, productId);
  const now = await latestTime(client);
  const receipt = await client.send("record assessment", () => client.contracts.assessments.record({
    productId, kind: options.kind, passed: options.failed !== true, expiresAt: parseMoment(options.expires, now), reportHash: options.report,
  }));
  const [recorded] = client.events(receipt, "assessments", "AssessmentRecorded");
  const assessmentId = recorded.args.assessmentId as bigint;
  return { data: { assessmentId, ...transactionData(receipt) }, lines: [`assessment ${assessmentId}: ${ASSESSMENT_KINDS[options.kind]} ${options.failed ? "failed" : "passed"} for product ${productId}`] };
});
