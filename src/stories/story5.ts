import { JINGYUN_CREDIT_INQUIRY, JINGYUN_CREDIT_REPORT, beijingCatalogueDataset } from "./documents";
import { manifestBytes } from "./context";
import type { Actor, StoryContext } from "./context";
import { lineageTree } from "./lineage";

export interface AgencyDataset {
  agency: Actor;
  productId: bigint;
  /** The agency's ResourceHolding certificate on its dataset. */
  holdingId: bigint;
  /** The operator's ProcessingUse licence out of it: the authorisation to operate the data. */
  operatorLicenceId: bigint;
}

export interface Story5Outcome {
  agencyDatasets: readonly AgencyDataset[];
  creditInquiryId: bigint;
  creditInquiryHoldingId: bigint;
  creditReportId: bigint;
  creditReportHoldingId: bigint;
}

/**
 * Story 5 of docs/domain.md: Beijing's authorised operator of public financial data lists
 * credit-inquiry products built from several agencies' datasets. Each agency registers its
 * dataset (`Public` source), has it certified and holds it; the Registrar licenses the operator
 * to process each one (authorised operation, 授权运营); the operator's credit-inquiry API derives
 * from all five, and its credit report from the API: a lineage with many sources, two levels deep.
 */
export async function runStory5(context: StoryContext): Promise<Story5Outcome> {
  const { cast, log, YEAR } = context;
  const { registrar, beijingOperator, lawFirm, standardsInstitute } = cast;
  const agencies = [
    { agency: cast.marketRegulation, dataset: "Enterprise registrations and administrative penalties" },
    { agency: cast.taxService, dataset: "Tax credit ratings and tax payment records" },
    { agency: cast.socialSecurity, dataset: "Social insurance contribution records" },
    { agency: cast.housingFund, dataset: "Housing provident fund contribution records" },
    { agency: cast.higherCourt, dataset: "Judgments and enforcement records against enterprises" },
  ];

  log.heading("Story 5 — Beijing's authorised operator lists credit-inquiry products built from public data");

  log.step("The exchange accredits the authorised operator and five government agencies");
  await context.accredit(beijingOperator, { provider: true });
  for (const { agency } of agencies) await context.accredit(agency, { provider: true });

  log.step("Each agency registers its dataset, has it certified and holds it; the operator is licensed to process it");
  const agencyDatasets: AgencyDataset[] = [];
  for (const [index, { agency, dataset }] of agencies.entries()) {
    const name = context.nameOf(agency.address);
    const { productId } = await context.registerProduct(agency, {
      content: manifestBytes({ name: dataset, publisher: name, updated: "daily" }),
      originDeclaration: `Origin declaration: ${dataset}, collected by ${name} in the exercise of its duties`,
      productType: "Dataset",
      sourceCategory: "Public",
      metadataURI: `https://data.beijing.example/public/catalogue/${index + 1}`,
      document: beijingCatalogueDataset(dataset, name),
    });
    await context.certifyWithFindings(productId, [
      { assessor: lawFirm, kind: "LegalCompliance", report: `Legal opinion on opening ${dataset.toLowerCase()}` },
      { assessor: standardsInstitute, kind: "Quality", report: `Data quality report on ${dataset.toLowerCase()}` },
    ]);
    const holdingId = await context.issueRight(agency, productId, "ResourceHolding", {
      scope: `Scope: ${dataset}, held by ${name}`, evidence: "Evidence: statutory duties, public data catalogue entry",
    });
    const operatorLicenceId = await context.licenseRight(holdingId, beijingOperator, "ProcessingUse", {
      scope: "Scope: authorised operation in the Financial Public Data Zone, credit inquiry only",
      evidence: "Evidence: authorisation by the Beijing Commission of Economy and Information Technology",
      validFor: 2n * YEAR,
    });
    agencyDatasets.push({ agency, productId, holdingId, operatorLicenceId });
  }

  log.step("The operator registers its SME credit-inquiry API, derived from the five datasets");
  const { productId: creditInquiryId } = await context.registerProduct(beijingOperator, {
    content: manifestBytes({
      name: "Jingyun SME credit inquiry",
      description: "Credit inquiry on Beijing enterprises for financing guarantees",
      covers: agencies.map((entry) => entry.dataset),
    }),
    originDeclaration: "Origin declaration: public data of five Beijing agencies, under authorised operation",
    productType: "Api",
    sourceCategory: "Public",
    metadataURI: "https://data.bjidex.example/products/jingyun-credit-inquiry",
    sources: agencyDatasets.map(({ productId, operatorLicenceId }) => ({ productId, certificateId: operatorLicenceId })),
    document: JINGYUN_CREDIT_INQUIRY,
  });
  await context.certifyWithFindings(creditInquiryId, [
    { assessor: lawFirm, kind: "LegalCompliance", report: "Legal opinion on the Jingyun credit inquiry" },
    { assessor: standardsInstitute, kind: "Quality", report: "Data quality report on the Jingyun credit inquiry" },
  ]);
  const creditInquiryHoldingId = await context.issueRight(beijingOperator, creditInquiryId, "ResourceHolding", {
    scope: "Scope: operate the credit inquiry, PRC", evidence: "Evidence: registration, source licences",
  });
  // Public-data products are priced under government guidance: the exchange proposes, the operator confirms.
  await context.listProduct(creditInquiryId, { price: { method: "Cost", proposer: registrar, amount: 20_000_000n } });

  log.step("The operator registers a credit report derived from its API, and lists it at a negotiated price");
  const { productId: creditReportId } = await context.registerProduct(beijingOperator, {
    content: manifestBytes({ name: "Jingyun SME credit report", description: "Quarterly credit report per enterprise" }),
    originDeclaration: "Origin declaration: compiled from the Jingyun credit inquiry",
    productType: "Report",
    sourceCategory: "Public",
    metadataURI: "https://data.bjidex.example/products/jingyun-credit-report",
    sources: [{ productId: creditInquiryId, certificateId: creditInquiryHoldingId }],
    document: JINGYUN_CREDIT_REPORT,
  });
  await context.certifyWithFindings(creditReportId, [
    { assessor: lawFirm, kind: "LegalCompliance", report: "Legal opinion on the Jingyun credit report" },
    { assessor: standardsInstitute, kind: "Quality", report: "Data quality report on the Jingyun credit report" },
  ]);
  const creditReportHoldingId = await context.issueRight(beijingOperator, creditReportId, "ResourceHolding", {
    scope: "Scope: operate the credit report, PRC", evidence: "Evidence: registration, source holding",
  });
  await context.listProduct(creditReportId, { price: { method: "Negotiable" } });

  log.step("The lineage of the credit report, read from the chain");
  for (const line of await lineageTree(context.client, creditReportId, (address) => context.nameOf(address))) log.detail(line);

  return { agencyDatasets, creditInquiryId, creditInquiryHoldingId, creditReportId, creditReportHoldingId };
}
