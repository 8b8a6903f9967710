import { getAssessment } from "../actions/read/getAssessment";
import { ASSESSMENT_KINDS, assessmentKindsOf, enumValue } from "../names";
import type { AssessmentRecord } from "../records";
import type { VerifyContext } from "./context";
import { isoDate } from "./report";
import type { AssessmentFacts, Check } from "./report";

/**
 * The assessment group: for every kind the exchange's policy requires of the product, its latest
 * finding passed, is unexpired and unrevoked, and its assessor is accredited for that kind now.
 */
export async function checkAssessments(context: VerifyContext, productId: bigint): Promise<{ checks: Check[]; assessments: AssessmentFacts[] }> {
  const { client, blockNumber, now, name } = context;
  const { assessments, participants } = client.contracts;
  const at = { blockTag: blockNumber };
  const required = assessmentKindsOf(await context.read(assessments.requiredKinds(productId, at)));
  const findings = await Promise.all(required.map(async (kind) => {
    const assessmentId = await context.read(assessments.latestAssessment(productId, enumValue(ASSESSMENT_KINDS, kind), at));
    if (assessmentId === 0n) return undefined;
    const record = await getAssessment(client, { assessmentId, blockNumber });
    const accredited = await context.read(participants.isAccreditedAssessor(record.assessor, enumValue(ASSESSMENT_KINDS, kind), at));
    return { record, accredited };
  }));
  const checks: Check[] = [];
  const facts: AssessmentFacts[] = [];
  required.forEach((kind, index) => {
    const finding = findings[index];
    if (!finding) {
      checks.push({ id: `assessment.${kind}`, passed: false, detail: `no ${kind} assessment recorded` });
      return;
    }
    const { record, accredited } = finding;
    facts.push(assessmentFacts(record));
    const problems: string[] = [];
    if (!record.passed) problems.push("failed");
    if (record.revoked) problems.push("revoked");
    if (record.expiresAt <= now) problems.push(`expired on ${isoDate(record.expiresAt)}`);
    if (!accredited) problems.push(`assessor ${name(record.assessor)} is not accredited for ${kind}`);
    checks.push({
      id: `assessment.${kind}`,
      passed: problems.length === 0,
      detail: `${kind} assessment ${record.assessmentId} by ${name(record.assessor)}: ${problems.length ? problems.join(", ") : `passed, valid until ${isoDate(record.expiresAt)}`}`,
    });
  });
  return { checks, assessments: facts };
}

function assessmentFacts(record: AssessmentRecord): AssessmentFacts {
  const { assessmentId, kind, assessor, passed, revoked, issuedAt, expiresAt, reportHash } = record;
  return { assessmentId, kind, assessor, passed, revoked, issuedAt, expiresAt, reportHash };
}
