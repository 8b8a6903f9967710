import { expect } from "chai";
import { temporaryDirectory } from "./cli/harness";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { AUDIT_DELAY_DAYS, CAST_ROLES, runStories } from "../src/stories";
import type { Check } from "../src/sdk/verify";
import { productDocumentPath, resolveProductDocument } from "../src/sdk/product-document";
import { readFileSync } from "node:fs";
import {
  AssessmentKind, CertificateStatus, Kind, PricingMethod, ProductStatus, ProductType, RightCategory, SourceCategory,
  TradeStatus, Validity, YEAR, deployClient, now,
} from "./fixtures";

const DAY = 24n * 3600n;

/** Hardhat's clock, moved as `npm start` moves it: evm_increaseTime then evm_mine, through the provider. */
async function advanceTime(seconds: bigint): Promise<void> {
  await ethers.provider.send("evm_increaseTime", [Number(seconds)]);
  await ethers.provider.send("evm_mine", []);
}

describe("npm start stories", () => {
  async function storiesFixture() {
    const client = await deployClient();
    const { contracts } = client;
    const lines: string[] = [];
    const startedAt = await now();
    const documents = temporaryDirectory("stories-documents");
    const outcome = await runStories({
      client,
      signers: await ethers.getSigners(),
      latestTimestamp: async () => BigInt(await time.latest()),
      advanceTime,
      documents,
      artifactsDir: hre.config.paths.artifacts,
      log: { heading: (text) => lines.push(`# ${text}`), step: (text) => lines.push(`- ${text}`), detail: (text) => lines.push(text) },
    });
    return { client, contracts, lines, startedAt, documents, ...outcome, story7: outcome.story7! };
  }

  const failuresOf = (checks: readonly Check[]) => checks.filter((check) => !check.passed);

  describe("the whole run", () => {
    it("leaves 13 products, 27 certificates and 8 trades on the first deployment, and one trade more on the second", async () => {
      const { contracts, story7 } = await loadFixture(storiesFixture);
      expect(await contracts.products.productCount()).to.equal(13n);
      expect(await contracts.certificates.certificateCount()).to.equal(27n);
      expect(await contracts.trades.tradeCount()).to.equal(8n);
      expect(await story7.successor.contracts.trades.tradeCount()).to.equal(9n);
      expect(await story7.successor.contracts.certificates.certificateCount()).to.equal(28n);
      expect(await contracts.participants.participantCount()).to.equal(BigInt(CAST_ROLES.length - 2));
    });

    it("lets the chain's clock run on by the audit delay", async () => {
      const { startedAt } = await loadFixture(storiesFixture);
      expect((await now()) - startedAt >= AUDIT_DELAY_DAYS * DAY).to.equal(true);
    });
  });

  describe("product documents", () => {
    it("registers a description document for every product, stored by hash in the documents folder", async () => {
      const { contracts, documents, story3 } = await loadFixture(storiesFixture);
      const names: string[] = [];
      for (let productId = 1n; productId <= (await contracts.products.productCount()); productId++) {
        const { descriptionHash, metadataURI } = await contracts.products.product(productId);
        expect(descriptionHash, `product ${productId}`).to.not.equal(ethers.ZeroHash);
        const found = await resolveProductDocument({ hash: descriptionHash, documents, metadataURI });
        if (productId === story3.annotatedFramesId) {
          expect(found.status, "story 6 edited this one").to.equal("mismatch");
          continue;
        }
        expect(found.status, `product ${productId}: ${found.status === "verified" ? "" : found.problem}`).to.equal("verified");
        if (found.status === "verified") names.push(found.document.name);
      }
      expect(names).to.include.members([
        "Electricity credit index", "Haohuo résumé dataset", "Holomatic driving data 2022-01", "ChinaScope SmarTag news",
        "Jingyun credit inquiry", "Jingyun credit report", "Beijing public data: Tax credit ratings and tax payment records",
      ]);
      expect(names).to.have.length(12);
    });
  });

  describe("story 1", () => {
    it("ends with the product listed and certified, and the provider's two rights valid", async () => {
      const { contracts, context, story1 } = await loadFixture(storiesFixture);
      expect(story1.productId).to.equal(1n);
      expect((await contracts.products.product(1n)).status).to.equal(ProductStatus.Listed);
      expect(await contracts.products.isCertified(1n)).to.equal(true);
      expect([story1.holdingId, story1.operationId]).to.deep.equal([1n, 2n]);
      for (const tokenId of [1n, 2n]) {
        expect(await contracts.certificates.ownerOf(tokenId)).to.equal(context.cast.shenzhenPower.address);
        expect(await contracts.certificates.validity(tokenId)).to.equal(Validity.Valid);
      }
      expect((await contracts.certificates.certificate(1n)).category).to.equal(RightCategory.ResourceHolding);
      expect((await contracts.certificates.certificate(2n)).category).to.equal(RightCategory.ProductOperation);
    });

    it("sells four licences derived from the provider's holding to three banks and a district bureau, none pledged", async () => {
      const { contracts, context } = await loadFixture(storiesFixture);
      const { bankOfShenzhen, bankOfNingbo, merchantsBank, districtBureau } = context.cast;
      const buyers = [bankOfShenzhen, bankOfNingbo, merchantsBank, districtBureau].map((buyer) => buyer.address);
      const confirmed = await contracts.trades.queryFilter(contracts.trades.filters.TradeConfirmed(undefined, 1n));
      expect(confirmed.map((log) => log.args.tradeId)).to.deep.equal([1n, 2n, 3n, 4n]);
      for (const tradeId of [1n, 2n, 3n, 4n]) {
        const trade = await contracts.trades.trade(tradeId);
        expect(trade.status).to.equal(TradeStatus.Completed);
        expect(trade.buyer).to.equal(buyers[Number(tradeId) - 1]);
        expect(trade.rightGranted).to.equal(RightCategory.ProcessingUse);
        const licence = await contracts.certificates.certificate(trade.buyerCertificateId);
        expect(licence.parentId).to.equal(1n);
        expect(licence.category).to.equal(RightCategory.ProcessingUse);
        expect(licence.pledgee).to.equal(ethers.ZeroAddress);
        expect(await contracts.certificates.validity(trade.buyerCertificateId)).to.equal(Validity.Valid);
      }
      const { price } = await contracts.listings.listing(1n);
      expect(price.amount).to.equal(12_000_000n);
      expect(price.method).to.equal(PricingMethod.Cost);
      expect(price.proposedBy).to.equal(context.cast.standardsInstitute.address);
    });

    it("records Weiyan Tech's holding pledged to the bank that lends to it", async () => {
      const { contracts, context, story1 } = await loadFixture(storiesFixture);
      expect(story1.weiyanHoldingId).to.equal(7n);
      const holding = await contracts.certificates.certificate(7n);
      expect(holding.holder).to.equal(context.cast.weiyanTech.address);
      expect(holding.productId).to.equal(story1.weiyanProductId);
      expect(holding.pledgee).to.equal(context.cast.creditBank.address);
    });
  });

  describe("story 2", () => {
    it("registers Personal-source résumés that need a PersonalInfoProtection assessment", async () => {
      const { contracts, story2 } = await loadFixture(storiesFixture);
      const product = await contracts.products.product(story2.productId);
      expect(product.sourceCategory).to.equal(SourceCategory.Personal);
      expect(product.containsPersonalInfo).to.equal(true);
      const required = await contracts.assessments.requiredKinds(story2.productId);
      expect(required & (1n << BigInt(AssessmentKind.PersonalInfoProtection))).to.not.equal(0n);
    });

    it("was refused certification before the PersonalInfoProtection finding, then certified and listed", async () => {
      const { contracts, story2 } = await loadFixture(storiesFixture);
      expect(story2.certificationRefusal.name).to.equal("DataProductPolicyNotMet");
      // The refusal names the missing kind: PersonalInfoProtection.
      expect(story2.certificationRefusal.args).to.deep.equal([story2.productId, 1n << BigInt(AssessmentKind.PersonalInfoProtection)]);
      const finding = await contracts.assessments.assessment(story2.personalInfoAssessmentId);
      expect(finding.kind).to.equal(AssessmentKind.PersonalInfoProtection);
      expect(finding.passed).to.equal(true);
      expect((await contracts.products.product(story2.productId)).status).to.equal(ProductStatus.Listed);
    });

    it("has a Cost reference price proposed by an accredited pricing agency and confirmed by Haohuo", async () => {
      const { contracts, context, story2 } = await loadFixture(storiesFixture);
      const { price } = await contracts.listings.listing(story2.productId);
      expect(price.method).to.equal(PricingMethod.Cost);
      expect(price.amount).to.equal(story2.referencePrice);
      expect(price.proposedBy).to.equal(context.cast.guizhouAppraiser.address);
      expect(await contracts.participants.isAccreditedAssessor(price.proposedBy, AssessmentKind.PriceEvaluation)).to.equal(true);
    });
  });

  describe("story 3", () => {
    it("registers the annotated frames as a product derived from Holomatic's, under Speechocean's licence", async () => {
      const { contracts, context, story3 } = await loadFixture(storiesFixture);
      expect(await contracts.products.sourcesOf(story3.annotatedFramesId)).to.deep.equal([story3.drivingDataId]);
      expect(await contracts.products.sourceCertificatesOf(story3.annotatedFramesId)).to.deep.equal([story3.speechoceanLicenceId]);
      const licence = await contracts.certificates.certificate(story3.speechoceanLicenceId);
      expect(licence.holder).to.equal(context.cast.speechocean.address);
      expect(licence.productId).to.equal(story3.drivingDataId);
      expect(licence.category).to.equal(RightCategory.ProcessingUse);
      expect(licence.parentId).to.equal(story3.holomaticHoldingId);
      const annotationTrade = await contracts.trades.trade(story3.annotationTradeId);
      expect(annotationTrade.buyerCertificateId).to.equal(story3.speechoceanLicenceId);
    });

    it("certifies and lists both products; Holomatic holds the driving data", async () => {
      const { contracts, context, story3 } = await loadFixture(storiesFixture);
      for (const productId of [story3.drivingDataId, story3.annotatedFramesId]) {
        expect((await contracts.products.product(productId)).status).to.equal(ProductStatus.Listed);
        expect(await contracts.products.isCertified(productId)).to.equal(true);
      }
      const holding = await contracts.certificates.certificate(story3.holomaticHoldingId);
      expect(holding.holder).to.equal(context.cast.holomatic.address);
      expect(holding.category).to.equal(RightCategory.ResourceHolding);
    });

    it("ends with Holomatic buying the annotated frames back, delivered at their content hash", async () => {
      const { contracts, context, story3 } = await loadFixture(storiesFixture);
      const trade = await contracts.trades.trade(story3.buyBackTradeId);
      expect(trade.status).to.equal(TradeStatus.Completed);
      expect(trade.seller).to.equal(context.cast.speechocean.address);
      expect(trade.buyer).to.equal(context.cast.holomatic.address);
      expect(trade.productId).to.equal(story3.annotatedFramesId);
      expect(trade.deliveryHash).to.equal((await contracts.products.product(story3.annotatedFramesId)).contentHash);
      expect(trade.deliveryHash).to.equal(ethers.sha256(story3.annotatedFrames));
      const licence = await contracts.certificates.certificate(story3.holomaticLicenceId);
      expect(licence.parentId).to.equal(story3.speechoceanHoldingId);
      expect(await contracts.certificates.validity(story3.holomaticLicenceId)).to.equal(Validity.Valid);
    });
  });

  describe("story 4", () => {
    it("refused the cross-border trade until a CrossBorderSecurity assessment passed", async () => {
      const { contracts, story4 } = await loadFixture(storiesFixture);
      expect(story4.crossBorderRefusal.name).to.equal("TradeLedgerCrossBorderNotAssessed");
      expect(story4.crossBorderRefusal.args).to.deep.equal([story4.productId]);
      const finding = await contracts.assessments.assessment(story4.crossBorderAssessmentId);
      expect(finding.kind).to.equal(AssessmentKind.CrossBorderSecurity);
      expect(finding.passed).to.equal(true);
      expect(await contracts.assessments.isKindSatisfied(story4.productId, AssessmentKind.CrossBorderSecurity)).to.equal(true);
    });

    it("completed the cross-border trade to the Hong Kong fund, on a listing that admits HK", async () => {
      const { contracts, context, story4 } = await loadFixture(storiesFixture);
      const trade = await contracts.trades.trade(story4.tradeId);
      expect(trade.crossBorder).to.equal(true);
      expect(trade.status).to.equal(TradeStatus.Completed);
      expect(trade.buyer).to.equal(context.cast.hongKongFund.address);
      expect(trade.buyerCertificateId).to.equal(story4.licenceId);
      expect(ethers.toUtf8String((await contracts.participants.participant(trade.buyer)).jurisdiction)).to.equal("HK");
      const [, , permitted] = await contracts.listings.tradeTerms(story4.productId, context.code("HK"));
      expect(permitted).to.equal(true);
    });
  });

  describe("story 5", () => {
    it("derives the credit inquiry from five Public agency datasets, each certified and held by its agency", async () => {
      const { contracts, context, story5 } = await loadFixture(storiesFixture);
      expect(story5.agencyDatasets).to.have.length(5);
      expect(await contracts.products.sourcesOf(story5.creditInquiryId)).to.deep.equal(
        story5.agencyDatasets.map((dataset) => dataset.productId),
      );
      expect(await contracts.products.sourceCertificatesOf(story5.creditInquiryId)).to.deep.equal(
        story5.agencyDatasets.map((dataset) => dataset.operatorLicenceId),
      );
      for (const { agency, productId, holdingId, operatorLicenceId } of story5.agencyDatasets) {
        const dataset = await contracts.products.product(productId);
        expect(dataset.sourceCategory).to.equal(SourceCategory.Public);
        expect(dataset.provider).to.equal(agency.address);
        expect(await contracts.products.isCertified(productId)).to.equal(true);
        expect((await contracts.certificates.certificate(holdingId)).holder).to.equal(agency.address);
        const licence = await contracts.certificates.certificate(operatorLicenceId);
        expect(licence.holder).to.equal(context.cast.beijingOperator.address);
        expect(licence.parentId).to.equal(holdingId);
        expect(await contracts.certificates.validity(operatorLicenceId)).to.equal(Validity.Valid);
      }
    });

    it("lists the credit inquiry and a credit report derived from it: a lineage two levels deep", async () => {
      const { contracts, story5 } = await loadFixture(storiesFixture);
      const inquiry = await contracts.products.product(story5.creditInquiryId);
      expect(inquiry.sourceCategory).to.equal(SourceCategory.Public);
      expect(inquiry.productType).to.equal(ProductType.Api);
      expect(inquiry.status).to.equal(ProductStatus.Listed);
      const report = await contracts.products.product(story5.creditReportId);
      expect(report.productType).to.equal(ProductType.Report);
      expect(report.status).to.equal(ProductStatus.Listed);
      expect(await contracts.products.sourcesOf(story5.creditReportId)).to.deep.equal([story5.creditInquiryId]);
      expect(await contracts.products.sourceCertificatesOf(story5.creditReportId)).to.deep.equal([story5.creditInquiryHoldingId]);
    });
  });

  describe("story 6", () => {
    it("catches the four planted problems and fails no other check", async () => {
      const { story6 } = await loadFixture(storiesFixture);
      expect(story6.catches.map((entry) => entry.problem)).to.deep.equal([
        "tampered file", "expired assessment", "revoked parent certificate", "lapsed buyer accreditation",
      ]);
      for (const entry of story6.catches) expect(entry.failures, entry.problem).to.not.be.empty;
      expect(story6.unexplainedFailures).to.be.empty;
      const failures = story6.reports.flatMap((report) => failuresOf(report.checks).map((check) => `${report.productId} ${check.id}`));
      expect(failures).to.have.members([
        "1 trade.3.buyer",
        "3 assessment.PersonalInfoProtection",
        "3 product.certification",
        "5 document",
        "5 file",
        "6 certificate.13",
        "6 certificate.14",
        "6 product.right",
        "6 trade.7.licence",
      ]);
    });

    it("(a) the tampered file's hash differs from the on-chain content hash; the genuine manifest's matches", async () => {
      const { contracts, story1, story3, story6 } = await loadFixture(storiesFixture);
      const { contentHash } = await contracts.products.product(story3.annotatedFramesId);
      expect(ethers.sha256(story6.tamperedFrames)).to.not.equal(contentHash);
      expect(ethers.sha256(story3.annotatedFrames)).to.equal(contentHash);
      const storyOneFile = story6.reports[0].checks.find((check) => check.id === "file");
      expect(storyOneFile?.passed).to.equal(true);
      expect(ethers.sha256(story1.manifest)).to.equal((await contracts.products.product(story1.productId)).contentHash);
    });

    it("(a) the exchange's copy of the annotated frames' description was edited too: its document check fails, every other passes", async () => {
      const { contracts, story3, story6, documents } = await loadFixture(storiesFixture);
      const registered = (await contracts.products.product(story3.annotatedFramesId)).descriptionHash;
      expect(story3.annotatedFramesDocumentPath).to.equal(productDocumentPath(documents, registered));
      expect(readFileSync(story3.annotatedFramesDocumentPath, "utf8")).to.include("cyclist").and.not.include("pedestrian");
      for (const report of story6.reports) {
        const document = report.checks.find((check) => check.id === "document");
        expect(document?.passed, `product ${report.productId}: ${document?.detail}`).to.equal(report.productId !== story3.annotatedFramesId);
      }
      const frames = story6.reports.find((report) => report.productId === story3.annotatedFramesId)!.checks.find((check) => check.id === "document")!;
      expect(frames.detail).to.match(new RegExp(`^the description document does not match: .* hashes to 0x[0-9a-f]{64}, not the registered ${registered}$`));
    });

    it("(b) the PersonalInfoProtection finding expired, so the résumés are no longer certified", async () => {
      const { contracts, story2 } = await loadFixture(storiesFixture);
      const finding = await contracts.assessments.assessment(story2.personalInfoAssessmentId);
      expect(finding.expiresAt <= (await now())).to.equal(true);
      expect(finding.revoked).to.equal(false);
      expect(await contracts.assessments.isKindSatisfied(story2.productId, AssessmentKind.PersonalInfoProtection)).to.equal(false);
      expect(await contracts.assessments.isKindSatisfied(story2.productId, AssessmentKind.LegalCompliance)).to.equal(true);
      expect(await contracts.products.isCertified(story2.productId)).to.equal(false);
    });

    it("(c) ChinaScope's holding was revoked, so the fund's licence is AncestorInvalid", async () => {
      const { contracts, story4, story6 } = await loadFixture(storiesFixture);
      expect(story6.revokedCertificateId).to.equal(story4.holdingId);
      expect((await contracts.certificates.certificate(story4.holdingId)).status).to.equal(CertificateStatus.Revoked);
      expect(await contracts.certificates.validity(story4.holdingId)).to.equal(Validity.Revoked);
      expect((await contracts.certificates.certificate(story4.licenceId)).status).to.equal(CertificateStatus.Active);
      expect(await contracts.certificates.validity(story4.licenceId)).to.equal(Validity.AncestorInvalid);
    });

    it("(d) China Merchants Bank's provisional accreditation lapsed: it is no longer an accredited Buyer", async () => {
      const { contracts, context, story1 } = await loadFixture(storiesFixture);
      const bank = story1.provisionalBuyer.address;
      expect(bank).to.equal(context.cast.merchantsBank.address);
      const record = await contracts.participants.participant(bank);
      expect(record.accreditedUntil <= (await now())).to.equal(true);
      expect(await contracts.participants.isAccredited(bank, Kind.Buyer)).to.equal(false);
      expect(await contracts.participants.isAccredited(context.cast.bankOfNingbo.address, Kind.Buyer)).to.equal(true);
    });

    it("passes every check of the story-5 products, lineage edges included", async () => {
      const { story5, story6 } = await loadFixture(storiesFixture);
      const report = story6.reports.find((entry) => entry.productId === story5.creditReportId);
      expect(report).to.not.equal(undefined);
      expect(failuresOf(report!.checks)).to.be.empty;
      // One edge to the credit inquiry, five from it to the agencies' datasets.
      expect(report!.checks.filter((check) => check.id.startsWith("lineage."))).to.have.length(6);
    });

    it("keeps the other licences valid: time passed by less than a licence's year", async () => {
      const { contracts, story1 } = await loadFixture(storiesFixture);
      for (const { licenceId } of story1.purchases) {
        expect(await contracts.certificates.validity(licenceId)).to.equal(Validity.Valid);
        expect((await contracts.certificates.certificate(licenceId)).expiresAt > (await now())).to.equal(true);
      }
      expect(AUDIT_DELAY_DAYS * DAY < YEAR).to.equal(true);
    });
  });

  it("narrates the six stories with registration numbers and verdicts", async () => {
    const { lines } = await loadFixture(storiesFixture);
    expect(lines.filter((line) => /^# Story \d — /.test(line))).to.have.length(7);
    expect(lines).to.include("# Story 1 — Shenzhen Power Supply's electricity-usage credit product");
    expect(lines.some((line) => line.includes("SZDE-E1-DP-00000001 is now Certified"))).to.equal(true);
    expect(lines.some((line) => line.startsWith("trade 1: Bank of Shenzhen holds SZDE-E1-PU-00000003"))).to.equal(true);
    expect(lines.some((line) => line.startsWith("SZDE-E1-RH-00000001 ResourceHolding"))).to.equal(true);
    expect(lines.some((line) => line.startsWith("SZDE-E1-PO-00000002 ProductOperation"))).to.equal(true);
    expect(lines).to.include("certify(SZDE-E1-DP-00000003) refused: DataProductPolicyNotMet(3, 16)");
    expect(lines).to.include("confirm refused: TradeLedgerCrossBorderNotAssessed(6)");
    expect(lines.some((line) => line.startsWith("  FAIL  file: "))).to.equal(true);
    expect(lines.filter((line) => line.startsWith("CAUGHT  "))).to.have.length(4);
  });

  it("refuses to run with fewer accounts than the cast", async () => {
    const client = await deployClient();
    const [only] = await ethers.getSigners();
    const failure = await runStories({
      client, signers: [only], latestTimestamp: async () => BigInt(await time.latest()), advanceTime, documents: temporaryDirectory("stories-documents"),
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(Error);
    expect((failure as Error).message).to.equal(`the stories need ${CAST_ROLES.length} accounts, the network offers 1`);
    expect(CAST_ROLES).to.have.length(24);
  });

  describe("story 7: the exchange moves to a new version mid-life", () => {
    it("pauses the old deployment, names the new one its successor, and carries every record over with an empty diff", async () => {
      const { client, story7 } = await loadFixture(storiesFixture);
      expect(story7.pauseRefusal.name).to.equal("EnforcedPause");
      expect(story7.sealed).to.deep.equal(["trades", "listings", "assessments", "certificates", "products"]);
      expect(story7.sealRefusal.name).to.equal("RecordMigrationSealed");
      const old = client.contracts;
      expect(await old.participants.successor()).to.equal(story7.deployment.contracts.ParticipantRegistry.address);
      expect(await story7.successor.contracts.participants.epoch()).to.equal(2n);
      expect(story7.deployment.predecessor?.contracts.ParticipantRegistry?.address).to.equal(client.deployment.contracts.ParticipantRegistry.address);
      for (const key of ["products", "certificates", "trades"] as const) expect(await old[key].paused(), key).to.equal(true);
      // Stories 1-6 and story 7's sale before the move.
      expect(story7.carried).to.deep.include({ products: 13, certificates: 27, trades: 8 });
      const participants = Number(await old.participants.participantCount());
      expect(story7.carried.participants).to.equal(participants);
      expect(story7.compared).to.equal(Object.values(story7.carried).reduce((sum, count) => sum + count, 0));
    });

    it("sells story 5's credit report, certified in epoch 1, in both epochs, and verify reads both trades and passes", async () => {
      const { client, story5, story7 } = await loadFixture(storiesFixture);
      expect(story7.productId).to.equal(story5.creditReportId);
      expect(story7.tradeId).to.equal((await client.contracts.trades.tradeCount()) + 1n);
      const { certificates } = story7.successor.contracts;
      expect(await certificates.registrationNumber(story7.licenceId)).to.match(/^SZDE-E2-PU-/);
      const holding = story5.creditReportHoldingId;
      expect(await certificates.registrationNumber(holding)).to.equal(await client.contracts.certificates.registrationNumber(holding)).and.match(/^SZDE-E1-RH-/);
      expect(story7.report.passed).to.equal(true);
      expect(story7.report.trades.map((trade) => trade.tradeId)).to.deep.equal([story7.epochOneTradeId, story7.tradeId]);
      expect(story7.report.trades.map((trade) => trade.status)).to.deep.equal(["Completed", "Completed"]);
      expect(story7.report.registrationNumber).to.equal(`SZDE-E1-DP-${story5.creditReportId.toString().padStart(8, "0")}`);
    });
  });
});
