import { readFileSync, writeFileSync } from "node:fs";
import { ethers } from "ethers";
import { getParticipant, getProduct, getTrade, listTrades, revokeCertificate } from "../sdk/actions";
import { manifestBytes } from "./context";
import type { StoryContext } from "./context";
import { isoDate } from "../sdk/names";
import { verifyProduct } from "../sdk/verify";
import type { Check, VerificationReport } from "../sdk/verify";
import { ANNOTATED_FRAMES } from "./story3";
import type { Story1Outcome } from "./story1";
import { PROVISIONAL_ACCREDITATION_DAYS } from "./story1";
import type { Story2Outcome } from "./story2";
import { PERSONAL_INFO_ASSESSMENT_DAYS } from "./story2";
import type { Story3Outcome } from "./story3";
import type { Story4Outcome } from "./story4";
import type { Story5Outcome } from "./story5";

/** What stories 1–5 left on the chain, for the auditor to verify. */
export interface AuditedStories {
  story1: Story1Outcome;
  story2: Story2Outcome;
  story3: Story3Outcome;
  story4: Story4Outcome;
  story5: Story5Outcome;
}

export type PlantedProblemName =
  | "tampered file"
  | "expired assessment"
  | "revoked parent certificate"
  | "lapsed buyer accreditation";

/** A problem the story creates on purpose, and the failing checks it explains. */
export interface Catch {
  problem: PlantedProblemName;
  /** The failing checks this problem explains; empty if the auditor missed it. */
  failures: AuditedCheck[];
}

/** A check of one product's report. */
export interface AuditedCheck extends Check {
  productId: bigint;
}

export interface Story6Outcome {
  reports: VerificationReport[];
  catches: Catch[];
  /** Failing checks no planted problem explains; the story throws unless this is empty. */
  unexplainedFailures: AuditedCheck[];
  /** Holomatic's edited copy of the annotated frames. */
  tamperedFrames: Uint8Array;
  revokedCertificateId: bigint;
}

/** Time between the trades and the audit: longer than the PIP finding and the provisional accreditation last. */
export const AUDIT_DELAY_DAYS = 200n;

interface PlantedProblem {
  problem: PlantedProblemName;
  productId: bigint;
  /** Ids of the checks (see src/sdk/verify.ts) the problem must fail. */
  checkIds: readonly string[];
}

/**
 * Story 6 of docs/domain.md: an auditor verifies each product of stories 1–5 against the chain and
 * catches four problems this story creates on purpose: a tampered file, an expired assessment
 * (the chain's clock is moved on), a revoked parent certificate, and a buyer whose accreditation
 * lapsed. Every check is printed with its verdict; the story fails if a planted problem goes
 * uncaught or a check fails that no planted problem explains.
 */
export async function runStory6(context: StoryContext, audited: AuditedStories): Promise<Story6Outcome> {
  const { client, cast, log, DAY } = context;
  const { story1, story2, story3, story4, story5 } = audited;
  const { registrar, auditor } = cast;

  log.heading("Story 6 — an auditor verifies every product against the chain");

  log.step("The exchange accredits the auditor");
  await context.accredit(auditor, { auditor: true });

  log.step(`Time passes: the chain's clock moves ${AUDIT_DELAY_DAYS} days ahead (evm_increaseTime + evm_mine)`);
  await context.advanceTime(AUDIT_DELAY_DAYS * DAY);
  log.detail(
    `lapsing with it: Haohuo's PersonalInfoProtection finding #${story2.personalInfoAssessmentId} ` +
      `(valid ${PERSONAL_INFO_ASSESSMENT_DAYS} days) and ${context.nameOf(story1.provisionalBuyer.address)}'s ` +
      `provisional accreditation (${PROVISIONAL_ACCREDITATION_DAYS} days)`,
  );

  log.step("The Registrar revokes ChinaScope's holding certificate: a publisher withdrew its news licence");
  await revokeCertificate(context.as(registrar), {
    certificateId: story4.holdingId, reasonHash: ethers.id("Publisher licence withdrawn, objection 2023-014"),
  });
  log.detail(await context.describeCertificate(story4.holdingId));
  log.detail(await context.describeCertificate(story4.licenceId));

  log.step("Someone edits Holomatic's copy of the annotated frames, and the exchange's copy of their description: a pedestrian becomes a cyclist");
  const tamperedFrames = manifestBytes({
    ...ANNOTATED_FRAMES,
    sample: ANNOTATED_FRAMES.sample.map((frame) => ({
      ...frame,
      objects: frame.objects.map((object) => (object.label === "pedestrian" ? { ...object, label: "cyclist" } : object)),
    })),
  });
  log.detail(`${tamperedFrames.length} bytes, SHA-256 ${ethers.sha256(tamperedFrames).slice(0, 18)}…`);
  // The same hand edits the exchange's stored copy of the frames' description document.
  const storedDocument = readFileSync(story3.annotatedFramesDocumentPath, "utf8");
  writeFileSync(story3.annotatedFramesDocumentPath, storedDocument.replaceAll("pedestrian", "cyclist"));
  log.detail(`and the exchange's copy of its description document, ${story3.annotatedFramesDocumentPath}: "pedestrian" becomes "cyclist"`);

  log.step("The auditor verifies each product: registration, files, assessments, certificates, lineage, trades");
  const audits: { productId: bigint; story: string; localFile?: Uint8Array }[] = [
    { productId: story1.productId, story: "story 1, with the manifest Shenzhen Power Supply published", localFile: story1.manifest },
    { productId: story2.productId, story: "story 2" },
    { productId: story3.drivingDataId, story: "story 3, Holomatic's driving data" },
    { productId: story3.annotatedFramesId, story: "story 3, with Holomatic's copy of the annotated frames", localFile: tamperedFrames },
    { productId: story4.productId, story: "story 4" },
    { productId: story5.creditInquiryId, story: "story 5, the credit inquiry" },
    { productId: story5.creditReportId, story: "story 5, the credit report" },
  ];
  const reports: VerificationReport[] = [];
  for (const audit of audits) {
    const report = await verifyProduct(client, audit.productId, {
      content: audit.localFile, documents: context.documents, nameOf: (address) => context.nameOf(address),
    });
    reports.push(report);
    const failed = report.checks.filter((check) => !check.passed).length;
    log.detail(`${report.registrationNumber} (${audit.story}): ${report.checks.length - failed} PASS, ${failed} FAIL`);
    for (const check of report.checks) log.detail(`  ${check.passed ? "PASS" : "FAIL"}  ${check.id}: ${check.detail}`);
  }

  log.step("The auditor's findings against the four problems planted above");
  const merchantsTrade = story1.purchases.find((purchase) => purchase.buyer === story1.provisionalBuyer);
  if (merchantsTrade === undefined) throw new Error("story 1 has no purchase by its provisionally accredited buyer");
  const fundTrade = (await getTrade(client, { tradeId: story4.tradeId })).status === "Completed" ? story4.tradeId : undefined;
  const planted: PlantedProblem[] = [
    { problem: "tampered file", productId: story3.annotatedFramesId, checkIds: ["file", "document"] },
    {
      problem: "expired assessment", productId: story2.productId,
      checkIds: ["assessment.PersonalInfoProtection", "product.certification"],
    },
    {
      problem: "revoked parent certificate", productId: story4.productId,
      checkIds: [
        `certificate.${story4.holdingId}`, `certificate.${story4.licenceId}`, "product.right",
        ...(fundTrade === undefined ? [] : [`trade.${fundTrade}.licence`]),
      ],
    },
    { problem: "lapsed buyer accreditation", productId: story1.productId, checkIds: [`trade.${merchantsTrade.tradeId}.buyer`] },
  ];
  const failures: AuditedCheck[] = reports.flatMap((report) =>
    report.checks.filter((check) => !check.passed).map((check) => ({ ...check, productId: report.productId })));
  const explains = (problem: PlantedProblem, check: AuditedCheck): boolean =>
    check.productId === problem.productId && problem.checkIds.includes(check.id);
  const catches: Catch[] = planted.map((problem) => ({
    problem: problem.problem, failures: failures.filter((check) => explains(problem, check)),
  }));
  const unexplainedFailures = failures.filter((check) => !planted.some((problem) => explains(problem, check)));
  for (const { problem, failures: caught } of catches) {
    log.detail(`${caught.length > 0 ? "CAUGHT" : "MISSED"}  ${problem}`);
    for (const check of caught) {
      log.detail(`        ${(await getProduct(client, { productId: check.productId })).registrationNumber} ${check.id}: ${check.detail}`);
    }
  }
  const lapsedBuyer = story1.provisionalBuyer.address;
  const participant = await getParticipant(client, { account: lapsedBuyer });
  const stillAccredited = participant.standing === "Active" && participant.kinds.includes("Buyer");
  log.detail(
    `${context.nameOf(lapsedBuyer)} is an accredited Buyer now: ${stillAccredited} (accredited until ${isoDate(participant.accreditedUntil ?? 0n)}); ` +
      `its trade ${merchantsTrade.tradeId} of ${(await listTrades(client)).length} stays on the ledger`,
  );
  const checks = reports.reduce((sum, report) => sum + report.checks.length, 0);
  log.detail(
    `${checks} checks, ${failures.length} FAIL, all explained by the planted problems: ${unexplainedFailures.length === 0}; ` +
      "an auditor's command line would exit non-zero on these findings",
  );

  const missed = catches.filter((entry) => entry.failures.length === 0).map((entry) => entry.problem);
  if (missed.length > 0) throw new Error(`the audit missed: ${missed.join(", ")}`);
  if (unexplainedFailures.length > 0) {
    const unexplained = unexplainedFailures.map((check) => `${check.id} of product ${check.productId}`);
    throw new Error(`the audit failed checks no planted problem explains: ${unexplained.join("; ")}`);
  }
  return { reports, catches, unexplainedFailures, tamperedFrames, revokedCertificateId: story4.holdingId };
}
