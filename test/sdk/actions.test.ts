import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deployClientInProcess } from "../../deploy/hardhat";
import type { DatarightsClient } from "../../src/sdk/client";
import { refusal } from "../fixtures";
import { ROLES } from "../../src/sdk/roles";
import {
  accredit, amendCertificate, applyForAccreditation, attachPaymentReference, cancelTrade, certifyProduct, confirmDeal, confirmPrice,
  confirmReceipt, delistProduct, deliverTrade, disputeTrade, draftDeal, grantRole, issueCertificate, licenseCertificate, listProduct,
  lodgeObjection, pledgeCertificate, proposePrice, raiseNonceFloor, recordAssessment, recordSignedAssessment, registerProduct,
  reinstateCertificate, reinstateParticipant, reinstateProduct, releasePledge, relistProduct, renewCertificate, resolveDispute,
  resolveObjection, revokeAssessment, revokeCertificate, revokeParticipant, revokeProduct, revokeRole, setNegotiable,
  setRequirement, signAssessment, signDeal, surrenderCertificate, suspendCertificate, suspendParticipant, suspendProduct,
  transferCertificate, voidDeal,
} from "../../src/sdk/actions/write";
import { getAssessmentPolicy } from "../../src/sdk/actions/read";
import type { DealValues } from "../../src/sdk/eip712";

const DAY = 24n * 3600n;
const YEAR = 365n * DAY;
const hash = (text: string): string => ethers.id(text);
const latest = async (): Promise<bigint> => BigInt(await time.latest());

/** What an action threw; fails the test when it went through. */
async function failure(act: Promise<unknown>): Promise<Error> {
  try {
    await act;
  } catch (error) {
    return error as Error;
  }
  throw new Error("the act went through");
}


/**
 * Every write action, each from the account docs/domain.md gives the act, on a fresh in-process
 * deployment: the Admin appoints the staff, the Registrar accredits the cast, a provider
 * registers, assessors assess, the Registrar certifies, issues and lists.
 */
async function exchange() {
  const admin = await deployClientInProcess(hre);
  const [, registrarSigner, arbiterSigner, providerSigner, buyerSigner, lawFirmSigner, instituteSigner, financierSigner, strangerSigner] =
    await ethers.getSigners();
  const as = (signer: HardhatEthersSigner): DatarightsClient => admin.withAccount(signer);
  const [registrar, arbiter, provider, buyer, lawFirm, institute, financier, stranger] = [
    registrarSigner, arbiterSigner, providerSigner, buyerSigner, lawFirmSigner, instituteSigner, financierSigner, strangerSigner,
  ].map(as);
  await grantRole(admin, { role: "registrar", account: registrarSigner.address });
  await grantRole(admin, { role: "arbiter", account: arbiterSigner.address });
  const until = (await latest()) + 3n * YEAR;
  const dossierHash = hash("dossier");
  await applyForAccreditation(provider, { kinds: ["Provider"], jurisdiction: "CN", dossierHash });
  await accredit(registrar, { account: providerSigner.address, kinds: ["Provider", "Buyer"], jurisdiction: "CN", dossierHash, accreditedUntil: until });
  await accredit(registrar, { account: buyerSigner.address, kinds: ["Buyer"], jurisdiction: "CN", dossierHash, accreditedUntil: until });
  await accredit(registrar, { account: lawFirmSigner.address, kinds: [], assessmentKinds: ["LegalCompliance"], jurisdiction: "CN", dossierHash, accreditedUntil: until });
  await accredit(registrar, {
    account: instituteSigner.address, kinds: [], assessmentKinds: ["Quality", "PriceEvaluation"], jurisdiction: "CN", dossierHash, accreditedUntil: until,
  });
  await accredit(registrar, { account: financierSigner.address, kinds: ["Financier"], jurisdiction: "CN", dossierHash, accreditedUntil: until });
  const product = {
    contentHash: ethers.sha256(ethers.toUtf8Bytes("meter readings")), originDeclarationHash: hash("origin"), productType: "Dataset" as const,
    sourceCategory: "Enterprise" as const, classification: "General" as const, containsPersonalInfo: false, metadataURI: "ipfs://meter",
  };
  const { productId } = await registerProduct(provider, product);
  const expiresAt = (await latest()) + YEAR;
  await recordAssessment(lawFirm, { productId, kind: "LegalCompliance", passed: true, expiresAt, reportHash: hash("legal") });
  await recordAssessment(institute, { productId, kind: "Quality", passed: true, expiresAt, reportHash: hash("quality") });
  await certifyProduct(registrar, { productId });
  const { certificateId: holdingId } = await issueCertificate(registrar, {
    holder: providerSigner.address, productId, category: "ResourceHolding", expiresAt: (await latest()) + 5n * YEAR,
    scopeHash: hash("scope"), evidenceHash: hash("evidence"),
  });
  await listProduct(registrar, { productId, rightOffered: "ProcessingUse", licenceDuration: 2n * YEAR, jurisdictions: ["CN"] });
  return {
    admin, registrar, arbiter, provider, buyer, lawFirm, institute, financier, stranger, product, productId, holdingId,
    addresses: { registrar: registrarSigner.address, provider: providerSigner.address, buyer: buyerSigner.address, stranger: strangerSigner.address, financier: financierSigner.address },
  };
}

type Exchange = Awaited<ReturnType<typeof exchange>>;

async function signedBy(world: Exchange, deal: DealValues) {
  return {
    deal,
    sellerSignature: (await signDeal(world.provider, { deal })).signature,
    buyerSignature: (await signDeal(world.buyer, { deal })).signature,
  };
}

async function confirmedTrade(world: Exchange) {
  const { deal } = await draftDeal(world.registrar, {
    productId: world.productId, buyer: world.addresses.buyer, sellerCertificateId: world.holdingId,
    price: { amount: 120_000_00n, currency: "CNY" }, termsHash: hash("terms"), purposeHash: hash("purpose"),
  });
  const { tradeId } = await confirmDeal(world.registrar, await signedBy(world, deal));
  return { deal, tradeId };
}

describe("SDK write actions", () => {
  describe("participants and staff", () => {
    it("grantRole and revokeRole change the Admin's staff, and a non-Admin is refused by name", async () => {
      const world = await loadFixture(exchange);
      const { participants } = world.admin.contracts;
      expect(await participants.hasRole(ROLES.registrar, world.addresses.registrar)).to.equal(true);
      await grantRole(world.admin, { role: "market", account: world.addresses.stranger });
      expect(await participants.hasRole(ROLES.market, world.addresses.stranger)).to.equal(true);
      await revokeRole(world.admin, { role: "market", account: world.addresses.stranger });
      expect(await participants.hasRole(ROLES.market, world.addresses.stranger)).to.equal(false);
      const refused = await refusal(grantRole(world.stranger, { role: "registrar", account: world.addresses.stranger }));
      expect(refused.errorName).to.equal("AccessControlUnauthorizedAccount");
    });

    it("applyForAccreditation leaves the applicant Pending until accredit makes it Active with the profile asked", async () => {
      const world = await loadFixture(exchange);
      await applyForAccreditation(world.stranger, { kinds: ["Buyer"], jurisdiction: "HK", dossierHash: hash("application") });
      const { participants } = world.admin.contracts;
      expect((await participants.participant(world.addresses.stranger)).status).to.equal(1n);
      const until = (await latest()) + YEAR;
      await accredit(world.registrar, { account: world.addresses.stranger, kinds: ["Buyer"], jurisdiction: "HK", dossierHash: hash("dossier"), accreditedUntil: until });
      const record = await participants.participant(world.addresses.stranger);
      expect(record.status).to.equal(2n);
      expect(ethers.toUtf8String(record.jurisdiction)).to.equal("HK");
      expect(record.accreditedUntil).to.equal(until);
    });

    it("accredit implies the assessor kind from assessment kinds, and refuses a code that is not ISO before sending", async () => {
      const world = await loadFixture(exchange);
      expect(await world.admin.contracts.participants.isAccreditedAssessor(world.addresses.buyer, 0)).to.equal(false);
      const lawFirmRecord = await world.admin.contracts.participants.participant(await world.lawFirm.signer.getAddress());
      expect(lawFirmRecord.kinds & 4n).to.equal(4n);
      expect((await failure(accredit(world.registrar, {
        account: world.addresses.stranger, kinds: ["Buyer"], jurisdiction: "China", dossierHash: hash("d"), accreditedUntil: (await latest()) + YEAR,
      }))).message).to.contain('"China" is not a two-letter ISO 3166-1 jurisdiction code');
    });

    it("suspendParticipant, reinstateParticipant and revokeParticipant move the participant's status", async () => {
      const world = await loadFixture(exchange);
      const status = async () => (await world.admin.contracts.participants.participant(world.addresses.buyer)).status;
      await suspendParticipant(world.registrar, { account: world.addresses.buyer, reasonHash: hash("late filing") });
      expect(await status()).to.equal(3n);
      await reinstateParticipant(world.registrar, { account: world.addresses.buyer });
      expect(await status()).to.equal(2n);
      await revokeParticipant(world.registrar, { account: world.addresses.buyer });
      expect(await status()).to.equal(4n);
    });

    it("raiseNonceFloor kills the account's older signed deals: confirming one is refused as stale", async () => {
      const world = await loadFixture(exchange);
      const { deal } = await draftDeal(world.registrar, {
        productId: world.productId, buyer: world.addresses.buyer, sellerCertificateId: world.holdingId,
        price: { amount: 1n, currency: "CNY" }, termsHash: hash("terms"), purposeHash: hash("purpose"),
      });
      const signed = await signedBy(world, deal);
      await raiseNonceFloor(world.buyer, { floor: deal.nonce + 1n });
      const refused = await refusal(confirmDeal(world.registrar, signed));
      expect(refused.errorName).to.equal("TradeLedgerStaleNonce");
    });
  });

  describe("products and assessments", () => {
    it("registerProduct returns the id the ProductRegistered event names, and a new version supersedes the old", async () => {
      const world = await loadFixture(exchange);
      const { productId } = await registerProduct(world.provider, { ...world.product, contentHash: hash("v2"), previousVersion: world.productId });
      expect(productId).to.equal(world.productId + 1n);
      const record = await world.admin.contracts.products.product(productId);
      expect(record.contentHash).to.equal(hash("v2"));
      expect(record.previousVersion).to.equal(world.productId);
      expect((await world.admin.contracts.products.product(world.productId)).supersededBy).to.equal(productId);
    });

    it("registerProduct records sources with their certificates", async () => {
      const world = await loadFixture(exchange);
      const { certificateId } = await licenseCertificate(world.registrar, {
        parentId: world.holdingId, holder: world.addresses.provider, category: "ProcessingUse", expiresAt: (await latest()) + YEAR,
        scopeHash: hash("derive"), evidenceHash: hash("evidence"),
      });
      const { productId } = await registerProduct(world.provider, {
        ...world.product, contentHash: hash("derived"), sources: [{ productId: world.productId, certificateId }],
      });
      const { products } = world.admin.contracts;
      expect(await products.sourcesOf(productId)).to.deep.equal([world.productId]);
      expect(await products.sourceCertificatesOf(productId)).to.deep.equal([certificateId]);
    });

    it("recordAssessment, signAssessment + recordSignedAssessment and revokeAssessment: ids from the events, the policy follows", async () => {
      const world = await loadFixture(exchange);
      const { assessments } = world.admin.contracts;
      const expiresAt = (await latest()) + YEAR;
      const { assessmentId: direct } = await recordAssessment(world.institute, {
        productId: world.productId, kind: "PriceEvaluation", passed: false, expiresAt, reportHash: hash("price"),
      });
      expect((await assessments.assessment(direct)).passed).to.equal(false);
      const signed = await signAssessment(world.institute, {
        productId: world.productId, kind: "Quality", passed: true, expiresAt, reportHash: hash("quality 2"), deadline: (await latest()) + DAY,
      });
      // Submitted by a stranger: the signature, not the sender, names the assessor.
      const { assessmentId } = await recordSignedAssessment(world.stranger, signed);
      expect(assessmentId).to.equal(direct + 1n);
      const record = await assessments.assessment(assessmentId);
      expect(record.assessor).to.equal(signed.assessor);
      expect(record.reportHash).to.equal(hash("quality 2"));
      await revokeAssessment(world.institute, { assessmentId, reasonHash: hash("withdrawn") });
      expect((await assessments.assessment(assessmentId)).revoked).to.equal(true);
      expect(await assessments.meetsPolicy(world.productId)).to.equal(false);
    });

    it("recordSignedAssessment refuses a finding signed for another deployment before sending", async () => {
      const world = await loadFixture(exchange);
      const signed = await signAssessment(world.institute, {
        productId: world.productId, kind: "Quality", passed: true, expiresAt: (await latest()) + YEAR, reportHash: hash("q"), deadline: (await latest()) + DAY,
      });
      expect((await failure(recordSignedAssessment(world.stranger, { ...signed, chainId: "1" }))).message).to.contain("not this deployment");
    });

    it("setRequirement takes names: a Personal source then requires PersonalInfoProtection", async () => {
      const world = await loadFixture(exchange);
      const { assessments } = world.admin.contracts;
      await setRequirement(world.admin, { target: { scope: "SourceCategory", value: "Personal" }, kinds: ["PersonalInfoProtection"] });
      expect(await assessments.requirement(2, 2)).to.equal(1n << 4n);
      await setRequirement(world.admin, { target: { scope: "PersonalInformation", value: true }, kinds: ["SecurityRisk", "Quality"] });
      expect(await assessments.requirement(1, 1)).to.equal((1n << 1n) | (1n << 2n));
    });

    it("getAssessmentPolicy names the kinds required and the ones still missing", async () => {
      const world = await loadFixture(exchange);
      const { productId } = await registerProduct(world.provider, { ...world.product, contentHash: hash("fresh") });
      expect(await getAssessmentPolicy(world.stranger, { productId })).to.deep.equal({
        required: ["LegalCompliance", "Quality"], missing: ["LegalCompliance", "Quality"], met: false,
      });
      await recordAssessment(world.lawFirm, { productId, kind: "LegalCompliance", passed: true, expiresAt: (await latest()) + YEAR, reportHash: hash("l") });
      expect(await getAssessmentPolicy(world.stranger, { productId })).to.deep.equal({ required: ["LegalCompliance", "Quality"], missing: ["Quality"], met: false });
      expect((await getAssessmentPolicy(world.stranger, { productId: world.productId })).met).to.equal(true);
    });

    it("certifyProduct, suspendProduct, reinstateProduct and revokeProduct move the product's status", async () => {
      const world = await loadFixture(exchange);
      const status = async () => (await world.admin.contracts.products.product(world.productId)).status;
      expect(await status()).to.equal(3n);
      await suspendProduct(world.registrar, { productId: world.productId, reasonHash: hash("inquiry") });
      expect(await status()).to.equal(5n);
      await reinstateProduct(world.registrar, { productId: world.productId });
      expect(await status()).to.equal(3n);
      await revokeProduct(world.registrar, { productId: world.productId });
      expect(await status()).to.equal(6n);
      const refused = await refusal(certifyProduct(world.registrar, { productId: world.productId }));
      expect(refused.errorName).to.equal("DataProductInvalidStatus");
    });
  });

  describe("certificates and objections", () => {
    it("issueCertificate and licenseCertificate return the minted ids; transferCertificate and amendCertificate return the successors", async () => {
      const world = await loadFixture(exchange);
      const { certificates } = world.admin.contracts;
      const { certificateId: licenceId } = await licenseCertificate(world.registrar, {
        parentId: world.holdingId, holder: world.addresses.buyer, category: "ProcessingUse", expiresAt: (await latest()) + YEAR,
        scopeHash: hash("use"), evidenceHash: hash("contract"),
      });
      expect((await certificates.certificate(licenceId)).parentId).to.equal(world.holdingId);
      expect(await certificates.ownerOf(licenceId)).to.equal(world.addresses.buyer);
      const { certificateId: transferred } = await transferCertificate(world.registrar, {
        certificateId: licenceId, newHolder: world.addresses.provider, evidenceHash: hash("transfer deed"),
      });
      expect(await certificates.ownerOf(transferred)).to.equal(world.addresses.provider);
      expect((await certificates.certificate(licenceId)).successorId).to.equal(transferred);
      const { certificateId: amended } = await amendCertificate(world.registrar, {
        certificateId: transferred, scopeHash: hash("narrower use"), evidenceHash: hash("amendment"),
      });
      expect((await certificates.certificate(amended)).scopeHash).to.equal(hash("narrower use"));
      expect(await certificates.validity(transferred)).to.equal(5n);
    });

    it("renewCertificate moves the expiry; surrenderCertificate ends the holder's right", async () => {
      const world = await loadFixture(exchange);
      const { certificates } = world.admin.contracts;
      const expiresAt = (await latest()) + 6n * YEAR;
      await renewCertificate(world.registrar, { certificateId: world.holdingId, expiresAt });
      expect((await certificates.certificate(world.holdingId)).expiresAt).to.equal(expiresAt);
      const { certificateId } = await licenseCertificate(world.registrar, {
        parentId: world.holdingId, holder: world.addresses.buyer, category: "ProcessingUse", expiresAt: (await latest()) + YEAR,
        scopeHash: hash("use"), evidenceHash: hash("contract"),
      });
      await surrenderCertificate(world.buyer, { certificateId });
      expect(await certificates.validity(certificateId)).to.equal(4n);
    });

    it("pledgeCertificate blocks licences from the right until releasePledge", async () => {
      const world = await loadFixture(exchange);
      const { certificates } = world.admin.contracts;
      await pledgeCertificate(world.provider, { certificateId: world.holdingId, financier: world.addresses.financier, agreementHash: hash("loan") });
      expect((await certificates.certificate(world.holdingId)).pledgee).to.equal(world.addresses.financier);
      const licence = {
        parentId: world.holdingId, holder: world.addresses.buyer, category: "ProcessingUse" as const, expiresAt: (await latest()) + YEAR,
        scopeHash: hash("use"), evidenceHash: hash("contract"),
      };
      expect((await refusal(licenseCertificate(world.registrar, licence))).errorName).to.equal("RightsCertificatePledged");
      await releasePledge(world.financier, { certificateId: world.holdingId });
      expect((await certificates.certificate(world.holdingId)).pledgee).to.equal(ethers.ZeroAddress);
      await licenseCertificate(world.registrar, licence);
    });

    it("suspendCertificate, reinstateCertificate and revokeCertificate change its validity", async () => {
      const world = await loadFixture(exchange);
      const validity = () => world.admin.contracts.certificates.validity(world.holdingId);
      await suspendCertificate(world.registrar, { certificateId: world.holdingId });
      expect(await validity()).to.equal(2n);
      await reinstateCertificate(world.registrar, { certificateId: world.holdingId });
      expect(await validity()).to.equal(0n);
      await revokeCertificate(world.registrar, { certificateId: world.holdingId, reasonHash: hash("fraud") });
      expect(await validity()).to.equal(3n);
    });

    it("lodgeObjection returns the id in the target's own book; resolveObjection unfreezes or revokes", async () => {
      const world = await loadFixture(exchange);
      const { products, certificates } = world.admin.contracts;
      const { objectionId: againstProduct } = await lodgeObjection(world.buyer, { target: "product", targetId: world.productId, claimHash: hash("claim") });
      const { objectionId: againstCertificate } = await lodgeObjection(world.buyer, { target: "certificate", targetId: world.holdingId, claimHash: hash("claim") });
      expect([againstProduct, againstCertificate]).to.deep.equal([1n, 1n]);
      expect((await products.product(world.productId)).openObjections).to.equal(1n);
      await resolveObjection(world.registrar, { target: "product", objectionId: againstProduct, upheld: false });
      expect((await products.product(world.productId)).openObjections).to.equal(0n);
      await resolveObjection(world.registrar, { target: "certificate", objectionId: againstCertificate, upheld: true, resolutionHash: hash("upheld") });
      expect(await certificates.validity(world.holdingId)).to.equal(3n);
    });
  });

  describe("listings", () => {
    it("listProduct sets the terms; proposePrice and confirmPrice set the reference price; setNegotiable clears it", async () => {
      const world = await loadFixture(exchange);
      const { listings } = world.admin.contracts;
      const listing = await listings.listing(world.productId);
      expect(listing.licenceDuration).to.equal(2n * YEAR);
      expect(listing.permittedJurisdictions.map((code) => ethers.toUtf8String(code))).to.deep.equal(["CN"]);
      await proposePrice(world.institute, { productId: world.productId, amount: 50_000_00n, currency: "CNY", method: "Market" });
      await confirmPrice(world.provider, { productId: world.productId });
      const priced = (await listings.listing(world.productId)).price;
      expect([priced.amount, ethers.toUtf8String(priced.currency), priced.method]).to.deep.equal([50_000_00n, "CNY", 3n]);
      await setNegotiable(world.provider, { productId: world.productId });
      expect((await listings.listing(world.productId)).price.method).to.equal(0n);
    });

    it("delistProduct and relistProduct take the product off and back on the market", async () => {
      const world = await loadFixture(exchange);
      const status = async () => (await world.admin.contracts.products.product(world.productId)).status;
      await delistProduct(world.provider, { productId: world.productId });
      expect(await status()).to.equal(4n);
      await relistProduct(world.registrar, { productId: world.productId });
      expect(await status()).to.equal(3n);
    });
  });

  describe("trades", () => {
    it("draftDeal reads the deal from the chain: content, seller, offered right, next nonce, 24 h deadline, licence capped by the seller's right", async () => {
      const world = await loadFixture(exchange);
      // An operation right that ends in a year, under a listing that allows two-year licences.
      const { certificateId: operationId } = await issueCertificate(world.registrar, {
        holder: world.addresses.provider, productId: world.productId, category: "ProductOperation", expiresAt: (await latest()) + YEAR,
        scopeHash: hash("operate"), evidenceHash: hash("mandate"),
      });
      const right = await world.admin.contracts.certificates.certificate(operationId);
      const { deal } = await draftDeal(world.stranger, {
        productId: world.productId, buyer: world.addresses.buyer, sellerCertificateId: operationId,
        price: { amount: 10n, currency: "CNY" }, termsHash: hash("terms"), purposeHash: hash("purpose"),
      });
      const now = await latest();
      expect(deal.contentHash).to.equal(world.product.contentHash);
      expect(deal.seller).to.equal(world.addresses.provider);
      expect(deal.rightGranted).to.equal(1);
      expect(deal.nonce).to.equal(await world.admin.contracts.trades.dealNonce(world.addresses.provider, world.addresses.buyer, world.productId));
      expect(deal.deadline).to.equal(now + DAY);
      expect(deal.crossBorder).to.equal(false);
      // The listing allows two years; the seller's right ends in one: the licence cannot outlive it.
      // (A licence from the five-year holding gets the listing's two years.)
      const fromHolding = await draftDeal(world.stranger, {
        productId: world.productId, buyer: world.addresses.buyer, sellerCertificateId: world.holdingId,
        price: { amount: 10n, currency: "CNY" }, termsHash: hash("terms"), purposeHash: hash("purpose"),
      });
      expect(fromHolding.deal.licenceExpiresAt).to.equal((await latest()) + 2n * YEAR);
      expect(deal.licenceExpiresAt).to.equal(right.expiresAt);
      expect((await failure(draftDeal(world.stranger, {
        productId: world.productId, buyer: world.addresses.buyer, sellerCertificateId: operationId, price: { amount: 10n, currency: "CNY" },
        termsHash: hash("terms"), purposeHash: hash("purpose"), licenceExpiresAt: right.expiresAt + 1n,
      }))).message).to.contain("the licence cannot outlive the seller's right");
    });

    it("a confidential deal records only a commitment the ledger can open", async () => {
      const world = await loadFixture(exchange);
      const { deal, confidentialPrice } = await draftDeal(world.registrar, {
        productId: world.productId, buyer: world.addresses.buyer, sellerCertificateId: world.holdingId,
        confidentialPrice: { amount: 99_000_00n, currency: "CNY" }, termsHash: hash("terms"), purposeHash: hash("purpose"),
      });
      expect(deal.priceAmount).to.equal(0n);
      const { tradeId } = await confirmDeal(world.registrar, await signedBy(world, deal));
      const currency = ethers.hexlify(ethers.toUtf8Bytes("CNY"));
      expect(await world.admin.contracts.trades.checkPriceCommitment(tradeId, 99_000_00n, currency, confidentialPrice!.salt, deal)).to.equal(true);
      expect(await world.admin.contracts.trades.checkPriceCommitment(tradeId, 98_000_00n, currency, confidentialPrice!.salt, deal)).to.equal(false);
    });

    it("signDeal signs as the seller or the buyer, and refuses anyone else", async () => {
      const world = await loadFixture(exchange);
      const { deal } = await draftDeal(world.registrar, {
        productId: world.productId, buyer: world.addresses.buyer, sellerCertificateId: world.holdingId,
        price: { amount: 1n, currency: "CNY" }, termsHash: hash("terms"), purposeHash: hash("purpose"),
      });
      expect((await signDeal(world.provider, { deal })).role).to.equal("seller");
      expect((await signDeal(world.buyer, { deal })).role).to.equal("buyer");
      expect((await failure(signDeal(world.stranger, { deal }))).message).to.contain("is neither the seller nor the buyer of this deal");
    });

    it("confirmDeal, deliverTrade and confirmReceipt: the trade id and the buyer's licence id come from the events", async () => {
      const world = await loadFixture(exchange);
      const { tradeId } = await confirmedTrade(world);
      expect(tradeId).to.equal(1n);
      await deliverTrade(world.provider, { tradeId, deliveryHash: world.product.contentHash });
      const { licenceId } = await confirmReceipt(world.buyer, { tradeId });
      const { certificates, trades } = world.admin.contracts;
      expect(await certificates.ownerOf(licenceId)).to.equal(world.addresses.buyer);
      expect((await certificates.certificate(licenceId)).parentId).to.equal(world.holdingId);
      expect((await trades.trade(tradeId)).status).to.equal(3n);
    });

    it("voidDeal, as a party, stops the deal from being confirmed", async () => {
      const world = await loadFixture(exchange);
      const { deal } = await draftDeal(world.registrar, {
        productId: world.productId, buyer: world.addresses.buyer, sellerCertificateId: world.holdingId,
        price: { amount: 1n, currency: "CNY" }, termsHash: hash("terms"), purposeHash: hash("purpose"),
      });
      const signed = await signedBy(world, deal);
      await voidDeal(world.buyer, { deal });
      expect((await refusal(confirmDeal(world.registrar, signed))).errorName).to.equal("TradeLedgerStaleNonce");
    });

    it("disputeTrade and resolveDispute: rejecting the dispute completes the trade and returns the licence; upholding annuls it", async () => {
      const world = await loadFixture(exchange);
      const first = await confirmedTrade(world);
      await deliverTrade(world.provider, { tradeId: first.tradeId, deliveryHash: hash("delivered") });
      await disputeTrade(world.buyer, { tradeId: first.tradeId, reasonHash: hash("wrong file") });
      expect((await world.admin.contracts.trades.trade(first.tradeId)).status).to.equal(4n);
      const rejected = await resolveDispute(world.arbiter, { tradeId: first.tradeId, upheld: false });
      expect(await world.admin.contracts.certificates.ownerOf(rejected.licenceId!)).to.equal(world.addresses.buyer);
      const second = await confirmedTrade(world);
      await deliverTrade(world.provider, { tradeId: second.tradeId, deliveryHash: hash("delivered") });
      await disputeTrade(world.buyer, { tradeId: second.tradeId, reasonHash: hash("late") });
      const upheld = await resolveDispute(world.arbiter, { tradeId: second.tradeId, upheld: true, resolutionHash: hash("refund") });
      expect(upheld.licenceId).to.equal(undefined);
      expect((await world.admin.contracts.trades.trade(second.tradeId)).status).to.equal(5n);
    });

    it("cancelTrade cancels once both parties asked; attachPaymentReference records the settlement", async () => {
      const world = await loadFixture(exchange);
      const { tradeId } = await confirmedTrade(world);
      const { transaction } = await attachPaymentReference(world.buyer, { tradeId, paymentReference: hash("wire 42") });
      const receipt = await ethers.provider.getTransactionReceipt(transaction.transactionHash);
      expect(world.admin.events(receipt!, "trades", "TradePaymentReferenceAttached")[0].args.paymentReference).to.equal(hash("wire 42"));
      expect((await cancelTrade(world.buyer, { tradeId })).cancelled).to.equal(false);
      expect((await cancelTrade(world.provider, { tradeId })).cancelled).to.equal(true);
      expect((await world.admin.contracts.trades.trade(tradeId)).status).to.equal(6n);
    });
  });

  it("a write action without an account says so before sending", async () => {
    const world = await loadFixture(exchange);
    const { DatarightsClient } = await import("../../src/sdk/client");
    const readOnly = new DatarightsClient({ deployment: world.admin.deployment, provider: world.admin.provider, chainId: world.admin.chainId });
    expect((await failure(certifyProduct(readOnly, { productId: world.productId }))).message).to.contain("no signing key");
  });
});
