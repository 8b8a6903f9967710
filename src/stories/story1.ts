import { ethers } from "ethers";
import { getCertificate, listParticipants, listTrades, pledgeCertificate } from "../sdk/actions";
import { ELECTRICITY_CREDIT_INDEX, WEIYAN_INDUSTRIAL_DATA } from "./documents";
import { manifestBytes } from "./context";
import type { Actor, CompletedTrade, StoryContext } from "./context";

export interface Story1Outcome {
  productId: bigint;
  /** The published manifest whose SHA-256 is the product's content hash. */
  manifest: Uint8Array;
  holdingId: bigint;
  operationId: bigint;
  /** One trade per buyer, in the order they bought. */
  purchases: readonly (CompletedTrade & { buyer: Actor })[];
  /** The buyer accredited provisionally, whose accreditation lapses before story 6's audit. */
  provisionalBuyer: Actor;
  weiyanProductId: bigint;
  weiyanHoldingId: bigint;
}

/** Days a provisional accreditation lasts: shorter than the time story 6 lets pass. */
export const PROVISIONAL_ACCREDITATION_DAYS = 180n;

/**
 * Story 1 of docs/domain.md: Shenzhen Power Supply registers an enterprise electricity-usage credit
 * product; a law firm and a standards institute assess it; the exchange certifies it, registers
 * the provider's rights and lists it at a reference price; three banks and a district bureau buy
 * processing-use licences, pledging nothing; Weiyan Tech pledges its own product's certificate
 * for a loan.
 */
export async function runStory1(context: StoryContext): Promise<Story1Outcome> {
  const { client, cast, log, DAY, YEAR } = context;
  const { shenzhenPower, lawFirm, standardsInstitute } = cast;

  log.heading("Story 1 — Shenzhen Power Supply's electricity-usage credit product");

  log.step("The exchange accredits the parties");
  await context.accredit(shenzhenPower, { provider: true, buyer: true });
  await context.accredit(lawFirm, { assessmentKinds: ["LegalCompliance", "PersonalInfoProtection"] });
  await context.accredit(standardsInstitute, {
    assessmentKinds: ["Quality", "SecurityRisk", "CrossBorderSecurity", "PriceEvaluation"],
  });

  log.step("Shenzhen Power Supply registers the product");
  const manifest = manifestBytes({
    name: "Enterprise electricity-usage credit index",
    description: "Monthly electricity consumption of SMEs in Shenzhen, scored for credit assessment",
    period: "2021-01/2023-12",
  });
  const { productId } = await context.registerProduct(shenzhenPower, {
    content: manifest,
    originDeclaration: "Origin declaration: metering data collected under supply contracts",
    productType: "Index",
    sourceCategory: "Enterprise",
    metadataURI: "https://data.szdex.example/products/electricity-credit-index",
    document: ELECTRICITY_CREDIT_INDEX,
  });

  log.step("Two accredited assessors record their findings; the exchange certifies the product");
  await context.certifyWithFindings(productId, [
    { assessor: lawFirm, kind: "LegalCompliance", report: "Legal compliance opinion 2023-117" },
    // The institute runs no node: it signs its finding off-chain and the exchange submits it.
    { assessor: standardsInstitute, kind: "Quality", report: "Data quality report Q-2023-88", signed: true },
  ]);

  log.step("The exchange registers the provider's rights");
  const holdingId = await context.issueRight(shenzhenPower, productId, "ResourceHolding", {
    scope: "Scope: hold and control the metering dataset, PRC",
    evidence: "Evidence: supply contracts, DSL art. 33 declaration",
  });
  const operationId = await context.issueRight(shenzhenPower, productId, "ProductOperation", {
    scope: "Scope: operate and license the credit index, PRC",
    evidence: "Evidence: product registration and assessments",
  });

  log.step("The exchange lists it; the standards institute prices it by the Cost method and the provider confirms");
  await context.listProduct(productId, {
    jurisdictions: ["CN"],
    price: { method: "Cost", proposer: standardsInstitute, amount: 12_000_000n },
  });

  log.step("Three banks and a district bureau take processing-use licences: signed by both, confirmed, delivered, received");
  const { bankOfShenzhen, bankOfNingbo, merchantsBank, districtBureau } = cast;
  await context.accredit(bankOfShenzhen, { buyer: true });
  await context.accredit(bankOfNingbo, { buyer: true });
  // China Merchants Bank's full dossier is still under review: a provisional accreditation.
  await context.accredit(merchantsBank, { buyer: true, accreditedFor: PROVISIONAL_ACCREDITATION_DAYS * DAY });
  await context.accredit(districtBureau, { buyer: true });
  const orders = [
    { buyer: bankOfShenzhen, purpose: "SME credit assessment" },
    { buyer: bankOfNingbo, purpose: "SME loan approval" },
    { buyer: merchantsBank, purpose: "post-loan monitoring" },
    { buyer: districtBureau, purpose: "High- and New-Technology Enterprise review" },
  ];
  const purchases: (CompletedTrade & { buyer: Actor })[] = [];
  for (const { buyer, purpose } of orders) {
    const completed = await context.trade({
      productId, seller: shenzhenPower, buyer, sellerCertificateId: holdingId, priceAmount: 12_000_000n,
      terms: `Licence terms for ${context.nameOf(buyer.address)}`, purpose, licenceFor: YEAR, delivered: manifest,
    });
    purchases.push({ ...completed, buyer });
  }
  const pledgedLicences = await Promise.all(
    purchases.map(async ({ licenceId }) => (await getCertificate(client, { certificateId: licenceId })).pledgee !== null),
  );
  log.detail(`the buyers pledge nothing: ${pledgedLicences.filter(Boolean).length} of ${purchases.length} licences are pledged`);

  log.step("Weiyan Tech pledges its own product's holding certificate to a bank for a credit line");
  const { weiyanTech, creditBank } = cast;
  await context.accredit(weiyanTech, { provider: true });
  await context.accredit(creditBank, { financier: true });
  const { productId: weiyanProductId } = await context.registerProduct(weiyanTech, {
    content: manifestBytes({ name: "Weiyan Tech industrial data product" }),
    originDeclaration: "Weiyan origin declaration",
    productType: "Dataset",
    sourceCategory: "Enterprise",
    metadataURI: "",
    document: WEIYAN_INDUSTRIAL_DATA,
  });
  const weiyanHoldingId = await context.issueRight(weiyanTech, weiyanProductId, "ResourceHolding", {
    scope: "Scope: Weiyan data asset", evidence: "Evidence: Weiyan registration",
  });
  await pledgeCertificate(context.as(weiyanTech), {
    certificateId: weiyanHoldingId, financier: creditBank.address, agreementHash: ethers.id("Credit line agreement"),
  });
  log.detail(
    `${(await getCertificate(client, { certificateId: weiyanHoldingId })).registrationNumber} pledged to ${context.nameOf(creditBank.address)} for a ` +
      `CNY 10 million credit line: it cannot be surrendered or reissued until the bank releases it`,
  );
  log.detail(`${(await listParticipants(client)).length} participants accredited, ${(await listTrades(client)).length} trades on the ledger`);

  return {
    productId, manifest, holdingId, operationId, purchases, provisionalBuyer: merchantsBank, weiyanProductId, weiyanHoldingId,
  };
}
