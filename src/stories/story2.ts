import { certifyProduct, getAssessmentPolicy, getListing } from "../sdk/actions";
import { HAOHUO_RESUMES } from "./documents";
import { manifestBytes } from "./context";
import type { StoryContext } from "./context";
import { formatMoney, isoDate } from "../sdk/names";
import type { DecodedRevert } from "../sdk/errors";

export interface Story2Outcome {
  productId: bigint;
  holdingId: bigint;
  /** Why the exchange could not certify the résumés before the personal-information assessment. */
  certificationRefusal: DecodedRevert;
  /** The PersonalInfoProtection finding, which expires before story 6's audit. */
  personalInfoAssessmentId: bigint;
  referencePrice: bigint;
}

/** A personal-information protection audit is renewed twice a year; shorter than the time story 6 lets pass. */
export const PERSONAL_INFO_ASSESSMENT_DAYS = 180n;

/** The Cost method: what producing the product cost, plus a margin. Amounts in fen. */
const COSTS = [
  { item: "collection and consent management", amount: 1_800_000n },
  { item: "desensitisation (PET pipeline)", amount: 950_000n },
  { item: "storage and delivery", amount: 300_000n },
  { item: "legal and quality assessments", amount: 600_000n },
] as const;
const MARGIN_PERCENT = 15n;

/**
 * Story 2 of docs/domain.md: the recruiting platform Haohuo (Guiyang) lists desensitised résumés.
 * A `Personal`-source product with personal information needs a PersonalInfoProtection
 * assessment: the exchange's certification is refused until it is recorded. A pricing agency
 * sets the reference price by the Cost method and Haohuo confirms it.
 */
export async function runStory2(context: StoryContext): Promise<Story2Outcome> {
  const { client, cast, log, DAY } = context;
  const { registrar, haohuo, guizhouAppraiser, lawFirm, standardsInstitute } = cast;

  log.heading("Story 2 — Haohuo (Guiyang) lists desensitised résumés");

  log.step("The exchange accredits Haohuo and a Guizhou pricing agency");
  await context.accredit(haohuo, { provider: true });
  await context.accredit(guizhouAppraiser, { assessmentKinds: ["PriceEvaluation", "AssetValuation"] });

  log.step("Haohuo registers the résumés: Personal source, with personal information");
  const { productId, registrationNumber } = await context.registerProduct(haohuo, {
    content: manifestBytes({
      name: "Desensitised résumés of job seekers, Guizhou",
      records: 382_000,
      fields: ["age band", "district", "education", "skills", "work history (employer sector, years)"],
      desensitisation: "names, phone numbers and ID numbers removed; 5-anonymity on age band and district",
      consent: "job seekers' consent to trading, with a revenue share paid by Haohuo",
    }),
    originDeclaration: "Origin declaration: résumés submitted by job seekers on the Haohuo platform, with consent",
    productType: "Dataset",
    sourceCategory: "Personal",
    containsPersonalInfo: true,
    metadataURI: "https://data.gbdex.example/products/haohuo-resumes",
    document: HAOHUO_RESUMES,
  });

  log.step("A law firm and the standards institute assess legality and quality; certification is still refused");
  await context.recordFinding(productId, { assessor: lawFirm, kind: "LegalCompliance", report: "Legal opinion GZ-2023-041" });
  await context.recordFinding(productId, { assessor: standardsInstitute, kind: "Quality", report: "Data quality report Q-2023-131" });
  const certificationRefusal = await context.refusal(() => certifyProduct(context.as(registrar), { productId }));
  log.detail(`certify(${registrationNumber}) refused: ${certificationRefusal.formatted}`);
  const policy = await getAssessmentPolicy(client, { productId });
  log.detail(`PersonalInfoProtection satisfied: ${!policy.missing.includes("PersonalInfoProtection")}; policy met: ${policy.met}`);

  log.step("The law firm audits personal-information protection; now the exchange certifies");
  const personalInfoAssessmentId = await context.recordFinding(productId, {
    assessor: lawFirm, kind: "PersonalInfoProtection", report: "PIPL art. 54 compliance audit H1",
    validFor: PERSONAL_INFO_ASSESSMENT_DAYS * DAY,
  });
  await context.certify(productId);
  const holdingId = await context.issueRight(haohuo, productId, "ResourceHolding", {
    scope: "Scope: hold and license desensitised résumé data, PRC, no re-identification",
    evidence: "Evidence: consent records, desensitisation report",
  });

  log.step("The Guizhou pricing agency prices the résumés by the Cost method; Haohuo confirms");
  const cost = COSTS.reduce((sum, entry) => sum + entry.amount, 0n);
  for (const entry of COSTS) log.detail(`  ${entry.item}: ${formatMoney(entry.amount, "CNY")}`);
  const referencePrice = (cost * (100n + MARGIN_PERCENT)) / 100n;
  log.detail(`  cost ${formatMoney(cost, "CNY")} + ${MARGIN_PERCENT}% margin = ${formatMoney(referencePrice, "CNY")}`);
  await context.listProduct(productId, {
    licenceDuration: context.YEAR,
    price: { method: "Cost", proposer: guizhouAppraiser, amount: referencePrice },
  });
  const { price } = await getListing(client, { productId });
  if (price === null || price.amount === null) throw new Error("the listing has no reference price");
  log.detail(
    `on chain: ${formatMoney(price.amount, price.currency ?? "CNY")} by the ${price.method} method, proposed by ` +
      `${context.nameOf(price.proposedBy)}, in force since ${isoDate(price.setAt)}`,
  );

  return { productId, holdingId, certificationRefusal, personalInfoAssessmentId, referencePrice };
}
