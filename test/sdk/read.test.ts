import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  getAssessment, getCertificate, getCounts, getListing, getObjection, getParticipant, getProduct, getTrade, listAssessments, listCertificates,
  listObjections, listParticipants, listPrices, listProducts, listTrades,
} from "../../src/sdk/actions/read";
import {
  Kind, PricingMethod, ProductType, YEAR, assessBase, currencyCode, dealFor, hashOf, jurisdiction, licenseFrom, listedProduct, now,
  registerProduct, signDeal,
} from "../fixtures";
import type { DealValues, RegistryFixture } from "../fixtures";
import { CERTIFICATE_FIELDS } from "../../src/sdk/records";
import { clientFixture, rejection } from "./client";

const DAY = 24n * 3600n;

async function confirm(fixture: RegistryFixture, deal: DealValues, seller: HardhatEthersSigner, buyer: HardhatEthersSigner) {
  await fixture.trades.connect(fixture.registrar).confirm(deal, await signDeal(seller, fixture.trades, deal), await signDeal(buyer, fixture.trades, deal));
}

/**
 * A populated registry, read through the SDK client:
 * - product 1 of `provider`, listed for CN and HK buyers, holding certificate 1; priced by the
 *   Cost method (confirmed), then a Market proposal awaiting the provider;
 * - trade 1 sold to `buyer`, completed (its licence is certificate 2); trade 2 sold to
 *   `otherProvider`, confirmed only;
 * - certificate 3, a ProcessingUse licence of `otherProvider` on product 1, under which
 *   product 2 was derived; certificate objection 1 against it dismissed, objection 2 open;
 * - product 2 (Registered) frozen by product objection 1; product 3, an Api of `provider`;
 * - `stranger`, a Buyer whose accreditation lapsed a day ago.
 */
async function readFixture() {
  const { fixture, client } = await clientFixture();
  const { registrar, provider, buyer, otherProvider, auditor, stranger, listings, products, certificates, trades } = fixture;
  const listed = await listedProduct(fixture, {}, ["CN", "HK"]);
  await listings.connect(registrar).proposePrice(listed.productId, 12_000_000n, currencyCode("CNY"), PricingMethod.Cost);
  await listings.connect(provider).confirmPrice(listed.productId);

  await confirm(fixture, await dealFor(fixture, listed), provider, buyer);
  await trades.connect(provider).deliver(1n, hashOf("delivered file"));
  await trades.connect(buyer).confirmReceipt(1n);
  const beforeSecondTrade = await ethers.provider.getBlockNumber();
  await confirm(fixture, await dealFor(fixture, listed, { buyer: otherProvider.address }), provider, otherProvider);

  const edgeLicenceId = await licenseFrom(fixture, listed.holdingId, otherProvider);
  const derivedId = await registerProduct(fixture, { sources: [listed.productId], sourceCertificates: [edgeLicenceId] }, otherProvider);
  const apiId = await registerProduct(fixture, { productType: ProductType.Api, contentHash: hashOf("api") });
  await assessBase(fixture, apiId);
  await products.connect(auditor).lodgeObjection(derivedId, hashOf("ownership claim"));
  await certificates.connect(auditor).lodgeObjection(edgeLicenceId, hashOf("first claim"));
  await certificates.connect(registrar).resolveObjection(1n, false, hashOf("dismissed"));
  await certificates.connect(auditor).lodgeObjection(edgeLicenceId, hashOf("second claim"));
  await listings.connect(fixture.institute).proposePrice(listed.productId, 15_000_000n, currencyCode("CNY"), PricingMethod.Market);

  await fixture.participants.connect(registrar).accredit(stranger.address, Kind.Buyer, 0, jurisdiction("HK"), hashOf("fund dossier"), (await now()) + DAY);
  const beforeLapse = await ethers.provider.getBlockNumber();
  await time.increase(2n * DAY);
  return { fixture, client, listed, edgeLicenceId, derivedId, apiId, beforeSecondTrade, beforeLapse };
}

describe("read actions", () => {
  describe("getParticipant", () => {
    it("names the status, kinds and jurisdiction of an active participant", async () => {
      const { fixture, client } = await loadFixture(readFixture);
      const buyer = await getParticipant(client, { account: fixture.buyer.address });
      expect(buyer).to.include({ account: fixture.buyer.address, status: "Active", standing: "Active", lapsed: false, jurisdiction: "CN" });
      expect(buyer.kinds).to.deep.equal(["Buyer"]);
      const institute = await getParticipant(client, { account: fixture.institute.address });
      expect(institute.assessmentKinds).to.deep.equal(["SecurityRisk", "Quality", "CrossBorderSecurity", "PriceEvaluation"]);
    });

    it("says lapsed for an Active participant whose accreditation expired, and not at a block before it did", async () => {
      const { fixture, client, beforeLapse } = await loadFixture(readFixture);
      const fund = await getParticipant(client, { account: fixture.stranger.address });
      expect(fund).to.include({ status: "Active", standing: "Lapsed", lapsed: true, jurisdiction: "HK" });
      expect(fund.accreditedUntil! <= (await now())).to.equal(true);
      const earlier = await getParticipant(client, { account: fixture.stranger.address, blockNumber: beforeLapse });
      expect(earlier).to.include({ standing: "Active", lapsed: false });
    });

    it("answers status None, with no dates, for an account that never applied", async () => {
      const { client } = await loadFixture(readFixture);
      const nobody = await getParticipant(client, { account: ethers.Wallet.createRandom().address });
      expect(nobody).to.include({ status: "None", standing: "None", lapsed: false, accreditedUntil: null, dossierHash: null, jurisdiction: "" });
      expect(nobody.kinds).to.deep.equal([]);
    });
  });

  describe("listParticipants", () => {
    it("lists every accredited account in registration order, each with its standing", async () => {
      const { fixture, client } = await loadFixture(readFixture);
      const all = await listParticipants(client);
      const { provider, otherProvider, buyer, lawFirm, institute, financier, auditor, stranger } = fixture;
      expect(all.map((participant) => participant.account)).to.deep.equal(
        [provider, otherProvider, buyer, lawFirm, institute, financier, auditor, stranger].map((signer) => signer.address),
      );
      expect(all.filter((participant) => participant.lapsed).map((participant) => participant.account)).to.deep.equal([stranger.address]);
      expect(all.find((participant) => participant.account === provider.address)?.kinds).to.deep.equal(["Provider", "Buyer"]);
    });
  });

  describe("getProduct", () => {
    it("reads a derived product with its registration number, sources, source certificates and open objection", async () => {
      const { fixture, client, listed, edgeLicenceId, derivedId } = await loadFixture(readFixture);
      const product = await getProduct(client, { productId: derivedId });
      expect(product).to.include({
        productId: derivedId, registrationNumber: "SZDE-E1-DP-00000002", provider: fixture.otherProvider.address, status: "Registered",
        productType: "Dataset", sourceCategory: "Enterprise", classification: "General", jurisdiction: "CN", openObjections: 1n,
        previousVersion: null, supersededBy: null, sourceCount: 1n,
      });
      expect(product.sources).to.deep.equal([{ productId: listed.productId, certificateId: edgeLicenceId }]);
      expect(product.objections.map((objection) => [objection.book, objection.objectionId, objection.status, objection.claimant])).to.deep.equal([
        ["products", 1n, "Open", fixture.auditor.address],
      ]);
    });

    it("throws the registry's DataProductUnknown for an unknown id", async () => {
      const { client } = await loadFixture(readFixture);
      const error = await rejection(getProduct(client, { productId: 99n }));
      expect(error.errorName).to.equal("DataProductUnknown");
      expect(error.errorArgs.productId).to.equal(99n);
    });
  });

  describe("listProducts", () => {
    it("filters by provider, status and type", async () => {
      const { fixture, client, listed, derivedId, apiId } = await loadFixture(readFixture);
      const ids = async (parameters: Parameters<typeof listProducts>[1]) =>
        (await listProducts(client, parameters)).map((product) => product.productId);
      expect(await ids({})).to.deep.equal([listed.productId, derivedId, apiId]);
      expect(await ids({ provider: fixture.provider.address })).to.deep.equal([listed.productId, apiId]);
      expect(await ids({ status: "Listed" })).to.deep.equal([listed.productId]);
      expect(await ids({ productType: "Api" })).to.deep.equal([apiId]);
      expect(await ids({ provider: fixture.otherProvider.address, status: "Listed" })).to.deep.equal([]);
      expect((await listProducts(client, { productType: "Api" }))[0].registrationNumber).to.equal("SZDE-E1-DP-00000003");
    });
  });

  describe("getCertificate", () => {
    it("reads a trade's licence with its validity, registration number and parent", async () => {
      const { fixture, client, listed } = await loadFixture(readFixture);
      const licence = await getCertificate(client, { certificateId: 2n });
      expect(licence).to.include({
        certificateId: 2n, productId: listed.productId, category: "ProcessingUse", status: "Active", validity: "Valid",
        registrationNumber: "SZDE-E1-PU-00000002", holder: fixture.buyer.address, parentId: listed.holdingId, tradeId: 1n, pledgee: null,
        openObjections: 0n,
      });
      expect(licence.objections).to.deep.equal([]);
    });

    it("names the pledgee of a pledged certificate and the open objections of a frozen one", async () => {
      const { fixture, client, listed, edgeLicenceId } = await loadFixture(readFixture);
      await fixture.certificates.connect(fixture.provider).pledge(listed.holdingId, fixture.financier.address, hashOf("credit line"));
      expect(await getCertificate(client, { certificateId: listed.holdingId })).to.include({
        pledgee: fixture.financier.address, parentId: null, tradeId: null, category: "ResourceHolding", registrationNumber: "SZDE-E1-RH-00000001",
      });
      const frozen = await getCertificate(client, { certificateId: edgeLicenceId });
      expect(frozen.openObjections).to.equal(1n);
      expect(frozen.objections.map((objection) => [objection.book, objection.objectionId, objection.status])).to.deep.equal([
        ["certificates", 2n, "Open"],
      ]);
    });

    it("reports the validity the contract judges, e.g. Expired once the licence's time is past", async () => {
      const { client } = await loadFixture(readFixture);
      await time.increase(2n * YEAR);
      expect((await getCertificate(client, { certificateId: 2n })).validity).to.equal("Expired");
    });

    it("throws RightsCertificateUnknown for an unknown id", async () => {
      const { client } = await loadFixture(readFixture);
      expect((await rejection(getCertificate(client, { certificateId: 99n }))).errorName).to.equal("RightsCertificateUnknown");
    });
  });

  describe("listCertificates", () => {
    it("filters by product and by holder", async () => {
      const { fixture, client, listed, edgeLicenceId } = await loadFixture(readFixture);
      const ids = async (parameters: Parameters<typeof listCertificates>[1]) =>
        (await listCertificates(client, parameters)).map((certificate) => certificate.certificateId);
      expect(await ids({ productId: listed.productId })).to.deep.equal([listed.holdingId, 2n, edgeLicenceId]);
      expect(await ids({ holder: fixture.buyer.address })).to.deep.equal([2n]);
      expect(await ids({ holder: fixture.otherProvider.address, productId: listed.productId })).to.deep.equal([edgeLicenceId]);
      expect(await ids({ holder: fixture.stranger.address })).to.deep.equal([]);
      const [holding] = await listCertificates(client, { productId: listed.productId });
      expect(holding).to.include({ validity: "Valid", registrationNumber: "SZDE-E1-RH-00000001", category: "ResourceHolding" });
    });
  });

  describe("getAssessment", () => {
    it("names the kind of a finding", async () => {
      const { fixture, client, listed } = await loadFixture(readFixture);
      expect(await getAssessment(client, { assessmentId: 1n })).to.include({
        assessmentId: 1n, productId: listed.productId, kind: "LegalCompliance", assessor: fixture.lawFirm.address, passed: true, revoked: false,
        previousId: null, reportHash: hashOf("legal report"),
      });
    });

    it("throws AssessmentUnknown for an unknown id", async () => {
      const { client } = await loadFixture(readFixture);
      expect((await rejection(getAssessment(client, { assessmentId: 99n }))).errorName).to.equal("AssessmentUnknown");
    });
  });

  describe("listAssessments", () => {
    it("lists a product's findings, or every finding", async () => {
      const { client, listed, apiId } = await loadFixture(readFixture);
      const first = await listAssessments(client, { productId: listed.productId });
      expect(first.map((finding) => [finding.assessmentId, finding.kind])).to.deep.equal([[1n, "LegalCompliance"], [2n, "Quality"]]);
      expect((await listAssessments(client, { productId: apiId })).map((finding) => finding.productId)).to.deep.equal([apiId, apiId]);
      expect((await listAssessments(client)).map((finding) => finding.assessmentId)).to.deep.equal([1n, 2n, 3n, 4n]);
    });
  });

  describe("getListing", () => {
    it("reads the terms, the confirmed reference price and the proposal awaiting the provider", async () => {
      const { fixture, client, listed } = await loadFixture(readFixture);
      const listing = await getListing(client, { productId: listed.productId });
      expect(listing).to.include({ productId: listed.productId, rightOffered: "ProcessingUse", licenceDuration: 2n * YEAR, productStatus: "Listed" });
      expect(listing.permittedJurisdictions).to.deep.equal(["CN", "HK"]);
      expect(listing.price).to.include({ method: "Cost", amount: 12_000_000n, currency: "CNY", proposedBy: fixture.registrar.address });
      expect(listing.proposedPrice).to.include({ method: "Market", amount: 15_000_000n, currency: "CNY", proposedBy: fixture.institute.address });
    });

    it("says a delisted product is Delisted, with its last terms", async () => {
      const { fixture, client, listed } = await loadFixture(readFixture);
      await fixture.listings.connect(fixture.provider).delist(listed.productId);
      expect(await getListing(client, { productId: listed.productId })).to.include({ productStatus: "Delisted", rightOffered: "ProcessingUse" });
    });

    it("throws ListingBookNotListed, naming the product, for a product never listed", async () => {
      const { client, apiId } = await loadFixture(readFixture);
      const error = await rejection(getListing(client, { productId: apiId }));
      expect(error.errorName).to.equal("ListingBookNotListed");
      expect(error.errorArgs.productId).to.equal(apiId);
    });
  });

  describe("listPrices", () => {
    it("lists every proposal and change, oldest first, with its block and time", async () => {
      const { fixture, client, listed } = await loadFixture(readFixture);
      await fixture.listings.connect(fixture.provider).setNegotiable(listed.productId);
      const history = await listPrices(client, { productId: listed.productId });
      expect(history.map((entry) => [entry.event, entry.price.method, entry.price.amount, entry.price.currency])).to.deep.equal([
        ["Proposed", "Cost", 12_000_000n, "CNY"],
        ["Changed", "Cost", 12_000_000n, "CNY"],
        ["Proposed", "Market", 15_000_000n, "CNY"],
        ["Changed", "Negotiable", null, null],
      ]);
      expect(history[0].price.proposedBy).to.equal(fixture.registrar.address);
      for (const entry of history) {
        const block = await ethers.provider.getBlock(entry.blockNumber);
        expect(entry.timestamp).to.equal(BigInt(block!.timestamp));
        expect(entry.price.setAt).to.equal(entry.timestamp);
      }
      const blocks = history.map((entry) => entry.blockNumber);
      expect(blocks).to.deep.equal([...blocks].sort((a, b) => a - b));
    });

    it("is empty for a product never priced", async () => {
      const { client, apiId } = await loadFixture(readFixture);
      expect(await listPrices(client, { productId: apiId })).to.deep.equal([]);
    });
  });

  describe("getObjection", () => {
    it("reads an open objection and a dismissed one, each from its own book", async () => {
      const { fixture, client, derivedId, edgeLicenceId } = await loadFixture(readFixture);
      expect(await getObjection(client, { book: "products", objectionId: 1n })).to.include({
        book: "products", targetId: derivedId, status: "Open", claimant: fixture.auditor.address, resolvedAt: null, resolutionHash: null,
      });
      const dismissed = await getObjection(client, { book: "certificates", objectionId: 1n });
      expect(dismissed).to.include({ targetId: edgeLicenceId, status: "Dismissed", resolutionHash: hashOf("dismissed") });
      expect(typeof dismissed.resolvedAt).to.equal("bigint");
    });

    it("throws ObjectionUnknown for an id the book never gave", async () => {
      const { client } = await loadFixture(readFixture);
      const error = await rejection(getObjection(client, { book: "products", objectionId: 2n }));
      expect(error.errorName).to.equal("ObjectionUnknown");
      expect(error.errorArgs.objectionId).to.equal(2n);
    });
  });

  describe("listObjections", () => {
    it("lists both books, filtered by target and status", async () => {
      const { client, derivedId, edgeLicenceId } = await loadFixture(readFixture);
      const summary = async (parameters: Parameters<typeof listObjections>[1]) =>
        (await listObjections(client, parameters)).map((objection) => `${objection.book}#${objection.objectionId}:${objection.status}`);
      expect(await summary({})).to.deep.equal(["products#1:Open", "certificates#1:Dismissed", "certificates#2:Open"]);
      expect(await summary({ status: "Open" })).to.deep.equal(["products#1:Open", "certificates#2:Open"]);
      expect(await summary({ book: "certificates", targetId: edgeLicenceId, status: "Dismissed" })).to.deep.equal(["certificates#1:Dismissed"]);
      expect(await summary({ book: "products", targetId: derivedId })).to.deep.equal(["products#1:Open"]);
      expect(await summary({ book: "certificates", targetId: derivedId })).to.deep.equal([]);
    });
  });

  describe("getTrade", () => {
    it("reads a completed trade with its buyer and licence, and a confirmed one with none yet", async () => {
      const { fixture, client, listed } = await loadFixture(readFixture);
      expect(await getTrade(client, { tradeId: 1n })).to.include({
        tradeId: 1n, productId: listed.productId, seller: fixture.provider.address, buyer: fixture.buyer.address, status: "Completed",
        statusBeforeDispute: "None", rightGranted: "ProcessingUse", sellerCertificateId: listed.holdingId, buyerCertificateId: 2n,
        deliveryHash: hashOf("delivered file"), paymentReference: null,
      });
      expect(await getTrade(client, { tradeId: 2n })).to.include({
        buyer: fixture.otherProvider.address, status: "Confirmed", buyerCertificateId: null, deliveryHash: null,
      });
    });

    it("throws TradeLedgerUnknownTrade for an unknown id", async () => {
      const { client } = await loadFixture(readFixture);
      expect((await rejection(getTrade(client, { tradeId: 9n }))).errorName).to.equal("TradeLedgerUnknownTrade");
    });
  });

  describe("getCounts", () => {
    it("counts what each registry recorded, now or at an earlier block", async () => {
      const { client, beforeSecondTrade } = await loadFixture(readFixture);
      expect(await getCounts(client)).to.deep.equal({ participants: 8n, products: 3n, certificates: 3n, assessments: 4n, trades: 2n });
      expect((await getCounts(client, { blockNumber: beforeSecondTrade })).trades).to.equal(1n);
    });
  });

  describe("records", () => {
    it("names every field of the certificate struct, as the batched lineage reads decode them all", async () => {
      const { client } = await loadFixture(readFixture);
      const [output] = client.contracts.certificates.interface.getFunction("certificate").outputs;
      expect([...CERTIFICATE_FIELDS]).to.deep.equal(output.components!.map((component) => component.name));
    });
  });

  describe("listTrades", () => {
    it("filters by product and by party, seller or buyer, with the signed deal's terms", async () => {
      const { fixture, client, listed, apiId } = await loadFixture(readFixture);
      const ids = async (parameters: Parameters<typeof listTrades>[1]) => (await listTrades(client, parameters)).map((trade) => trade.tradeId);
      expect(await ids({})).to.deep.equal([1n, 2n]);
      expect(await ids({ productId: listed.productId })).to.deep.equal([1n, 2n]);
      expect(await ids({ productId: apiId })).to.deep.equal([]);
      expect(await ids({ party: fixture.provider.address })).to.deep.equal([1n, 2n]);
      expect(await ids({ party: fixture.otherProvider.address.toLowerCase() })).to.deep.equal([2n]);
      expect(await ids({ party: fixture.buyer.address, productId: listed.productId })).to.deep.equal([1n]);
      const [first] = await listTrades(client, { party: fixture.buyer.address });
      expect(first).to.include({ status: "Completed", buyerCertificateId: 2n });
      expect(first.deal).to.deep.include({ broker: null, price: { amount: 1_000_000n, currency: "CNY" }, priceCommitment: null });
      expect(first.confirmed.blockNumber).to.be.a("number");
    });

    it("reads the trades as they stood at an earlier block", async () => {
      const { client, beforeSecondTrade } = await loadFixture(readFixture);
      const then = await listTrades(client, { blockNumber: beforeSecondTrade });
      expect(then.map((trade) => [trade.tradeId, trade.status])).to.deep.equal([[1n, "Completed"]]);
    });
  });
});
