import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { getCertificate } from "../../src/sdk/actions/read";
import { temporaryDirectory } from "../cli/harness";
import type { DatarightsClient } from "../../src/sdk/client";
import { checkAssessments } from "../../src/sdk/verify/assessments";
import { checkCertificates, readProductCertificates } from "../../src/sdk/verify/certificates";
import { checkContent } from "../../src/sdk/verify/content";
import { checkDocument } from "../../src/sdk/verify/document";
import { productDocumentHash, productDocumentPath, storeProductDocument } from "../../src/sdk/product-document";
import { createVerifyContext } from "../../src/sdk/verify/context";
import type { VerifyContext } from "../../src/sdk/verify/context";
import { checkEncumbrances } from "../../src/sdk/verify/encumbrances";
import { checkLineage, readLineage } from "../../src/sdk/verify/lineage";
import { checkRegistration } from "../../src/sdk/verify/registration";
import type { Check, LineageProduct, TradeFacts } from "../../src/sdk/verify/report";
import { checkTrades } from "../../src/sdk/verify/trades";
import {
  Kind, YEAR, assessBase, dealFor, hashOf, issueHolding, jurisdiction, licenseFrom, listedProduct, now, registerProduct,
  signDeal,
} from "../fixtures";
import type { RegistryFixture } from "../fixtures";
import { clientFixture } from "./client";
import { METER_DOCUMENT } from "./documents";

const DAY = 24n * 3600n;
const REASON = hashOf("reason");

/**
 * Product 1 of `provider`, listed, holding certificate 1, sold to `buyer` (trade 1, completed:
 * licence 2); licence 3 of `otherProvider` on it, under which product 2 was derived, assessed,
 * certified and held (certificate 4).
 */
async function groupsFixture() {
  const { fixture, client } = await clientFixture();
  const listed = await listedProduct(fixture);
  const deal = await dealFor(fixture, listed);
  await fixture.trades.connect(fixture.registrar).confirm(deal, await signDeal(fixture.provider, fixture.trades, deal), await signDeal(fixture.buyer, fixture.trades, deal));
  await fixture.trades.connect(fixture.provider).deliver(1n, hashOf("delivered file"));
  await fixture.trades.connect(fixture.buyer).confirmReceipt(1n);
  const edgeLicenceId = await licenseFrom(fixture, listed.holdingId, fixture.otherProvider);
  const derivedId = await registerProduct(fixture, { sources: [listed.productId], sourceCertificates: [edgeLicenceId] }, fixture.otherProvider);
  await assessBase(fixture, derivedId);
  await fixture.products.connect(fixture.registrar).certify(derivedId);
  const derivedHoldingId = await issueHolding(fixture, derivedId, fixture.otherProvider);
  return { fixture, client, listed, licenceId: 2n, edgeLicenceId, derivedId, derivedHoldingId };
}

/** A verify context pinned to the latest block, and the product as the lineage read sees it. */
async function pinned(client: DatarightsClient, productId: bigint): Promise<{ context: VerifyContext; lineage: LineageProduct[] }> {
  const head = (await ethers.provider.getBlock("latest"))!;
  const context = createVerifyContext(client, { blockNumber: head.number, now: BigInt(head.timestamp) });
  return { context, lineage: await readLineage(context, productId) };
}

const failed = (checks: readonly Check[]): string[] => checks.filter((check) => !check.passed).map((check) => check.id);
const detailOf = (checks: readonly Check[], id: string): string => {
  const found = checks.find((check) => check.id === id);
  expect(found, `check ${id} in ${checks.map((check) => check.id).join(", ")}`).to.not.equal(undefined);
  return found!.detail;
};

/** Re-accredits `who` with its kinds until a day from now, then lets two days pass. */
async function lapse(fixture: RegistryFixture, who: HardhatEthersSigner, kinds: number): Promise<void> {
  await fixture.participants.connect(fixture.registrar).accredit(who.address, kinds, 0, jurisdiction("CN"), hashOf("dossier"), (await now()) + DAY);
  await time.increase(2n * DAY);
}

describe("verify's groups of checks", () => {
  describe("checkRegistration", () => {
    async function registration(client: DatarightsClient, productId: bigint) {
      const { context, lineage } = await pinned(client, productId);
      return checkRegistration(context, lineage[0]);
    }

    it("passes a listed, certified, unfrozen product of an accredited provider", async () => {
      const { client, listed } = await loadFixture(groupsFixture);
      const checks = await registration(client, listed.productId);
      expect(checks.map((check) => check.id)).to.deep.equal(["product.status", "product.objections", "product.certification", "product.provider"]);
      expect(failed(checks)).to.deep.equal([]);
      expect(detailOf(checks, "product.certification")).to.equal("SZDE-E1-DP-00000001 is Listed and meets its assessment policy");
    });

    it("fails a suspended product", async () => {
      const { fixture, client, listed } = await loadFixture(groupsFixture);
      await fixture.products.connect(fixture.registrar).suspend(listed.productId, REASON);
      const checks = await registration(client, listed.productId);
      expect(failed(checks)).to.deep.equal(["product.status"]);
      expect(detailOf(checks, "product.status")).to.equal("SZDE-E1-DP-00000001 is Suspended");
    });

    it("fails a frozen product, naming the objection", async () => {
      const { fixture, client, listed } = await loadFixture(groupsFixture);
      await fixture.products.connect(fixture.auditor).lodgeObjection(listed.productId, hashOf("claim"));
      const checks = await registration(client, listed.productId);
      expect(failed(checks)).to.deep.equal(["product.objections"]);
      expect(detailOf(checks, "product.objections")).to.equal(`SZDE-E1-DP-00000001 is frozen by 1 open objection (#1 by ${fixture.auditor.address})`);
    });

    it("fails a listed product whose required assessment expired", async () => {
      const { client, listed } = await loadFixture(groupsFixture);
      await time.increase(YEAR + DAY);
      const checks = await registration(client, listed.productId);
      expect(failed(checks)).to.deep.equal(["product.certification"]);
      expect(detailOf(checks, "product.certification")).to.equal("SZDE-E1-DP-00000001 is Listed but no longer meets its assessment policy");
    });

    it("fails a product whose provider is suspended, or whose accreditation lapsed", async () => {
      const { fixture, client, listed } = await loadFixture(groupsFixture);
      await lapse(fixture, fixture.provider, Kind.Provider | Kind.Buyer);
      const lapsed = await registration(client, listed.productId);
      expect(failed(lapsed)).to.deep.equal(["product.provider"]);
      expect(detailOf(lapsed, "product.provider")).to.match(new RegExp(`^provider ${fixture.provider.address} is Active, accredited until \\d{4}-\\d{2}-\\d{2}$`));
      await fixture.participants.connect(fixture.registrar).suspend(fixture.provider.address, REASON);
      expect(detailOf(await registration(client, listed.productId), "product.provider")).to.contain("is Suspended");
    });
  });

  describe("checkLineage", () => {
    it("passes every edge of a derived product whose source right stands", async () => {
      const { fixture, client, derivedId, listed, edgeLicenceId } = await loadFixture(groupsFixture);
      const { context, lineage } = await pinned(client, derivedId);
      const { checks, edges } = await checkLineage(context, lineage);
      expect(checks.map((check) => [check.id, check.passed])).to.deep.equal([[`lineage.${derivedId}<-${listed.productId}`, true]]);
      expect(checks[0].detail).to.equal(`SZDE-E1-DP-00000002 derives from SZDE-E1-DP-00000001 under ProcessingUse certificate ${edgeLicenceId} (Valid)`);
      expect(edges.map((edge) => [edge.certificate.certificateId, edge.certificate.holder, edge.validity])).to.deep.equal([
        [edgeLicenceId, fixture.otherProvider.address, "Valid"],
      ]);
      // The batch decodes the record by field name, as TypeChain's decoder does.
      const { registrationNumber: _number, validity: _validity, objections: _objections, ...record } = await getCertificate(client, { certificateId: edgeLicenceId });
      expect(edges[0].certificate).to.deep.equal(record);
    });

    it("fails an edge whose source right was revoked", async () => {
      const { fixture, client, derivedId, listed, edgeLicenceId } = await loadFixture(groupsFixture);
      await fixture.certificates.connect(fixture.registrar).revoke(edgeLicenceId, REASON);
      const { context, lineage } = await pinned(client, derivedId);
      const { checks } = await checkLineage(context, lineage);
      expect(failed(checks)).to.deep.equal([`lineage.${derivedId}<-${listed.productId}`]);
      expect(checks[0].detail).to.equal(`SZDE-E1-DP-00000002 from SZDE-E1-DP-00000001: certificate ${edgeLicenceId} is now Revoked`);
    });

    it("fails a frozen ancestor", async () => {
      const { fixture, client, derivedId, listed } = await loadFixture(groupsFixture);
      await fixture.products.connect(fixture.auditor).lodgeObjection(listed.productId, hashOf("claim"));
      const { context, lineage } = await pinned(client, derivedId);
      const { checks } = await checkLineage(context, lineage);
      expect(failed(checks)).to.deep.equal([`lineage.${listed.productId}.objections`]);
    });
  });

  describe("checkCertificates", () => {
    async function certificates(client: DatarightsClient, productId: bigint) {
      const { context, lineage } = await pinned(client, productId);
      return checkCertificates(context, lineage[0], await readProductCertificates(context, productId));
    }

    it("passes the product's valid certificates and the provider's right", async () => {
      const { client, listed, licenceId, edgeLicenceId } = await loadFixture(groupsFixture);
      const checks = await certificates(client, listed.productId);
      expect(checks.map((check) => check.id)).to.deep.equal([
        `certificate.${listed.holdingId}`, `certificate.${licenceId}`, `certificate.${edgeLicenceId}`, "product.right",
      ]);
      expect(failed(checks)).to.deep.equal([]);
    });

    it("fails a revoked holding, the licences under it, and the provider's right", async () => {
      const { fixture, client, listed, licenceId, edgeLicenceId } = await loadFixture(groupsFixture);
      await fixture.certificates.connect(fixture.registrar).revoke(listed.holdingId, REASON);
      const checks = await certificates(client, listed.productId);
      expect(failed(checks)).to.deep.equal([
        `certificate.${listed.holdingId}`, `certificate.${licenceId}`, `certificate.${edgeLicenceId}`, "product.right",
      ]);
      expect(detailOf(checks, `certificate.${licenceId}`)).to.match(new RegExp(`\\(parent ${listed.holdingId}\\) is AncestorInvalid: ancestor ${listed.holdingId} is Revoked$`));
      expect(detailOf(checks, "product.right")).to.equal("the provider holds no valid ResourceHolding or ProductOperation certificate");
    });
  });

  describe("checkEncumbrances", () => {
    async function encumbrances(client: DatarightsClient, productId: bigint) {
      const { context, lineage } = await pinned(client, productId);
      const { edges } = await checkLineage(context, lineage);
      return checkEncumbrances(context, lineage[0], await readProductCertificates(context, productId), edges);
    }

    it("reports nothing when no certificate is frozen or pledged", async () => {
      const { client, listed, derivedId } = await loadFixture(groupsFixture);
      expect(await encumbrances(client, listed.productId)).to.deep.equal([]);
      expect(await encumbrances(client, derivedId)).to.deep.equal([]);
    });

    it("passes a pledge that leaves the product sellable, and fails one that takes a listed product's only right", async () => {
      const { fixture, client, listed, derivedId, derivedHoldingId } = await loadFixture(groupsFixture);
      await fixture.certificates.connect(fixture.otherProvider).pledge(derivedHoldingId, fixture.financier.address, hashOf("loan"));
      const unlisted = await encumbrances(client, derivedId);
      expect(unlisted.map((check) => [check.id, check.passed])).to.deep.equal([[`certificate.${derivedHoldingId}.pledge`, true]]);
      await fixture.certificates.connect(fixture.provider).pledge(listed.holdingId, fixture.financier.address, hashOf("loan"));
      const checks = await encumbrances(client, listed.productId);
      expect(failed(checks)).to.deep.equal([`certificate.${listed.holdingId}.pledge`]);
      expect(detailOf(checks, `certificate.${listed.holdingId}.pledge`)).to.contain("is Listed but the provider holds no unpledged right to sell it from");
    });

    it("fails a frozen certificate and every certificate derived from it", async () => {
      const { fixture, client, listed, licenceId, edgeLicenceId, derivedId } = await loadFixture(groupsFixture);
      await fixture.certificates.connect(fixture.auditor).lodgeObjection(listed.holdingId, hashOf("claim"));
      const checks = await encumbrances(client, listed.productId);
      expect(failed(checks)).to.deep.equal([
        `certificate.${listed.holdingId}.objections`, `certificate.${licenceId}.objections`, `certificate.${edgeLicenceId}.objections`,
      ]);
      expect(detailOf(checks, `certificate.${licenceId}.objections`)).to.equal(
        `its ancestor ${listed.holdingId} is frozen by 1 open objection (#1 by ${fixture.auditor.address})`,
      );
      // The derived product stands on the frozen chain through its lineage edge.
      expect(failed(await encumbrances(client, derivedId))).to.deep.equal([`certificate.${edgeLicenceId}.objections`]);
    });
  });

  describe("checkAssessments", () => {
    async function assessments(client: DatarightsClient, productId: bigint) {
      const { context } = await pinned(client, productId);
      return checkAssessments(context, productId);
    }

    it("passes the required kinds, each with its latest finding", async () => {
      const { fixture, client, listed } = await loadFixture(groupsFixture);
      const { checks, assessments: facts } = await assessments(client, listed.productId);
      expect(checks.map((check) => [check.id, check.passed])).to.deep.equal([["assessment.LegalCompliance", true], ["assessment.Quality", true]]);
      expect(facts.map((finding) => [finding.assessmentId, finding.kind, finding.assessor])).to.deep.equal([
        [1n, "LegalCompliance", fixture.lawFirm.address], [2n, "Quality", fixture.institute.address],
      ]);
    });

    it("fails a revoked finding, and one whose assessor is no longer accredited", async () => {
      const { fixture, client, listed } = await loadFixture(groupsFixture);
      await fixture.assessments.connect(fixture.institute).revoke(2n, REASON);
      await fixture.participants.connect(fixture.registrar).suspend(fixture.lawFirm.address, REASON);
      const { checks } = await assessments(client, listed.productId);
      expect(failed(checks)).to.deep.equal(["assessment.LegalCompliance", "assessment.Quality"]);
      expect(detailOf(checks, "assessment.Quality")).to.match(/^Quality assessment 2 by 0x[0-9a-fA-F]{40}: revoked$/);
      expect(detailOf(checks, "assessment.LegalCompliance")).to.equal(
        `LegalCompliance assessment 1 by ${fixture.lawFirm.address}: assessor ${fixture.lawFirm.address} is not accredited for LegalCompliance`,
      );
    });

    it("fails an expired finding, and a required kind never assessed", async () => {
      const { client, fixture } = await loadFixture(groupsFixture);
      const personalId = await registerProduct(fixture, { containsPersonalInfo: true, contentHash: hashOf("résumés") });
      await assessBase(fixture, personalId);
      const missing = await assessments(client, personalId);
      expect(failed(missing.checks)).to.deep.equal(["assessment.PersonalInfoProtection"]);
      expect(detailOf(missing.checks, "assessment.PersonalInfoProtection")).to.equal("no PersonalInfoProtection assessment recorded");
      await time.increase(YEAR + DAY);
      const expired = await assessments(client, personalId);
      expect(failed(expired.checks)).to.deep.equal(["assessment.LegalCompliance", "assessment.Quality", "assessment.PersonalInfoProtection"]);
      expect(detailOf(expired.checks, "assessment.Quality")).to.match(/: expired on \d{4}-\d{2}-\d{2}$/);
    });
  });

  describe("checkTrades", () => {
    async function trades(client: DatarightsClient, productId: bigint) {
      const { context } = await pinned(client, productId);
      return checkTrades(context, productId);
    }

    it("passes a qualified buyer and a licence derived from the seller's certificate", async () => {
      const { client, listed, licenceId } = await loadFixture(groupsFixture);
      const { checks, trades: facts } = await trades(client, listed.productId);
      expect(checks.map((check) => [check.id, check.passed])).to.deep.equal([["trade.1.buyer", true], ["trade.1.licence", true]]);
      expect(detailOf(checks, "trade.1.licence")).to.equal(`trade 1 licence ${licenceId} derives from certificate ${listed.holdingId} and is Valid`);
      expect(facts.map((trade) => [trade.tradeId, trade.status, trade.buyerCertificateId])).to.deep.equal([[1n, "Completed", licenceId]]);
    });

    it("fails a buyer whose accreditation lapsed", async () => {
      const { fixture, client, listed } = await loadFixture(groupsFixture);
      await lapse(fixture, fixture.buyer, Kind.Buyer);
      const { checks } = await trades(client, listed.productId);
      expect(failed(checks)).to.deep.equal(["trade.1.buyer"]);
      expect(detailOf(checks, "trade.1.buyer")).to.match(new RegExp(`^trade 1 buyer ${fixture.buyer.address} is Active, accreditation lapsed on \\d{4}-\\d{2}-\\d{2}$`));
    });

    it("fails a buyer no longer accredited as a Buyer, and a licence whose parent was revoked", async () => {
      const { fixture, client, listed } = await loadFixture(groupsFixture);
      await fixture.participants.connect(fixture.registrar).accredit(
        fixture.buyer.address, Kind.Auditor, 0, jurisdiction("CN"), hashOf("dossier"), (await now()) + YEAR,
      );
      await fixture.certificates.connect(fixture.registrar).revoke(listed.holdingId, REASON);
      const { checks } = await trades(client, listed.productId);
      expect(failed(checks)).to.deep.equal(["trade.1.buyer", "trade.1.licence"]);
      expect(detailOf(checks, "trade.1.licence")).to.match(new RegExp(`is AncestorInvalid: ancestor ${listed.holdingId} is Revoked$`));
    });
  });

  describe("checkContent", () => {
    const bytes = ethers.toUtf8Bytes("the product's manifest");
    const product = { contentHash: ethers.sha256(bytes), registrationNumber: "SZDE-E1-DP-00000001" } as LineageProduct;
    const delivered = { tradeId: 3n, deliveryHash: ethers.sha256(ethers.toUtf8Bytes("delivered file")) } as TradeFacts;

    it("checks nothing without local content", async () => {
      expect(await checkContent(product, [delivered], {})).to.deep.equal([]);
    });

    it("passes content matching the registered content hash or a delivery hash, from memory or a file", async () => {
      const [registered] = await checkContent(product, [delivered], { content: bytes });
      expect(registered).to.include({ id: "file", passed: true });
      expect(registered.detail).to.contain("matches the registered content hash");
      const file = join(temporaryDirectory("verify-content"), "delivered.bin");
      writeFileSync(file, "delivered file");
      const [fromFile] = await checkContent(product, [delivered], { file });
      expect(fromFile).to.include({ passed: true });
      expect(fromFile.detail).to.contain("matches the delivery hash of trade 3");
    });

    it("fails content matching neither: tampered or wrong file", async () => {
      const [tampered] = await checkContent(product, [delivered], { content: ethers.toUtf8Bytes("the product's manifest, edited") });
      expect(tampered.passed).to.equal(false);
      expect(tampered.detail).to.match(/matches neither the content hash 0x[0-9a-f]{64} nor any delivery hash: tampered or wrong file$/);
    });
  });

  describe("checkDocument", () => {
    /** A product registered with `document`'s hash, the document stored (or not) in a fresh folder. */
    async function described(store: boolean) {
      const { fixture, client } = await clientFixture();
      const hash = productDocumentHash(METER_DOCUMENT);
      const productId = await registerProduct(fixture, { descriptionHash: hash, metadataURI: "ipfs://bafy-meter" });
      const documents = temporaryDirectory("verify-document");
      const path = store ? storeProductDocument(documents, METER_DOCUMENT).path : productDocumentPath(documents, hash);
      const { context, lineage } = await pinned(client, productId);
      return { context, product: lineage[0], documents, path, hash, fixture, client };
    }

    it("passes a stored document that matches the registered description hash", async () => {
      const { context, product, documents, hash } = await described(true);
      expect(await checkDocument(context, product, { documents })).to.deep.equal([
        { id: "document", passed: true, detail: `"${METER_DOCUMENT.name}" (the exchange's copy ${hash}.json) matches the description hash ${hash}` },
      ]);
    });

    it("fails a stored document that was edited, naming both hashes", async () => {
      const { context, product, documents, path, hash } = await described(true);
      writeFileSync(path, JSON.stringify({ ...METER_DOCUMENT, summary: "Hourly readings of 20,000 meters." }));
      const [check] = await checkDocument(context, product, { documents });
      expect(check).to.include({ id: "document", passed: false });
      expect(check.detail).to.match(new RegExp(`^the description document does not match: .* hashes to 0x[0-9a-f]{64}, not the registered ${hash}$`));
    });

    it("fails a description that cannot be read anywhere", async () => {
      const { context, product, documents, hash } = await described(false);
      const [check] = await checkDocument(context, product, { documents });
      expect(check).to.deep.equal({
        id: "document", passed: false,
        detail: `the description document ${hash} cannot be read: the documents folder has no ${hash}.json; the metadata URI ipfs://bafy-meter is neither http(s), file: nor a local path`,
      });
    });

    it("passes a product registered without a description", async () => {
      const { fixture, client } = await clientFixture();
      const productId = await registerProduct(fixture);
      const { context, lineage } = await pinned(client, productId);
      expect(await checkDocument(context, lineage[0], {})).to.deep.equal([
        { id: "document", passed: true, detail: `${lineage[0].registrationNumber} has no description registered` },
      ]);
    });
  });
});
