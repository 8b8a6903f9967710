import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { anyValue } from "@nomicfoundation/hardhat-chai-matchers/withArgs";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse } from "ethers";
import {
  registryFixture, registerProduct, hashOf, now, YEAR, NO_EXPIRY, REGISTRAR_ROLE,
  RightCategory, CertificateStatus, Validity, Classification, ObjectionStatus,
} from "../fixtures";
import type { RegistryFixture } from "../fixtures";
import type { CertificateRenderer, RightsCertificate } from "../../typechain-types";

const SCOPE = hashOf("scope");
const EVIDENCE = hashOf("evidence");
const LICENCE_SCOPE = hashOf("licence scope");
const LICENCE_EVIDENCE = hashOf("licence evidence");
const DEED = hashOf("transfer deed");
const NEW_SCOPE = hashOf("amended scope");
const NEW_EVIDENCE = hashOf("amendment evidence");
const REASON = hashOf("reason");
const AGREEMENT = hashOf("pledge agreement");
const CLAIM = hashOf("ownership claim");
const RESOLUTION = hashOf("resolution");
const ZERO = ethers.ZeroHash;
const DATA_URI_PREFIX = "data:application/json;base64,";

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/** The fixture's provider holds a ResourceHolding certificate (id 1) on its product (id 1). */
interface HoldingFixture extends RegistryFixture {
  productId: bigint;
  holdingId: bigint;
  issuedAt: bigint;
  expiresAt: bigint;
  issueTx: ContractTransactionResponse;
}

async function holdingFixture(): Promise<HoldingFixture> {
  const fixture = await loadFixture(registryFixture);
  const productId = await registerProduct(fixture);
  const expiresAt = (await now()) + 5n * YEAR;
  const issueTx = await fixture.certificates
    .connect(fixture.registrar)
    .issue(fixture.provider.address, productId, RightCategory.ResourceHolding, expiresAt, SCOPE, EVIDENCE);
  const issuedAt = await now();
  const holdingId = await fixture.certificates.certificateCount();
  return { ...fixture, productId, holdingId, issuedAt, expiresAt, issueTx };
}

/**
 * The deepest lineage categories allow: the provider's ResourceHolding (1), a ProductOperation
 * licensed out of it to otherProvider (2), and a ProcessingUse licensed out of that to the buyer (3).
 */
interface ChainFixture extends HoldingFixture {
  operationId: bigint;
  operationExpiresAt: bigint;
  useId: bigint;
  useExpiresAt: bigint;
  useIssuedAt: bigint;
  licenceTx: ContractTransactionResponse;
}

async function chainFixture(): Promise<ChainFixture> {
  const fixture = await loadFixture(holdingFixture);
  const { certificates, registrar, otherProvider, buyer, holdingId } = fixture;
  const operationExpiresAt = (await now()) + 3n * YEAR;
  await certificates
    .connect(registrar)
    .license(holdingId, otherProvider.address, RightCategory.ProductOperation, operationExpiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE);
  const operationId = await certificates.certificateCount();
  const useExpiresAt = (await now()) + YEAR;
  const licenceTx = await certificates
    .connect(registrar)
    .license(operationId, buyer.address, RightCategory.ProcessingUse, useExpiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE);
  const useIssuedAt = await now();
  const useId = await certificates.certificateCount();
  return { ...fixture, operationId, operationExpiresAt, useId, useExpiresAt, useIssuedAt, licenceTx };
}

/** The provider's ResourceHolding certificate (1) reissued (transferred) to otherProvider (2). */
interface ReissuedFixture extends HoldingFixture {
  successorId: bigint;
  reissueTx: ContractTransactionResponse;
}

async function reissuedFixture(): Promise<ReissuedFixture> {
  const fixture = await loadFixture(holdingFixture);
  const reissueTx = await fixture.certificates
    .connect(fixture.registrar)
    .reissue(fixture.holdingId, fixture.otherProvider.address, DEED);
  return { ...fixture, successorId: await fixture.certificates.certificateCount(), reissueTx };
}

/** The provider's ResourceHolding certificate pledged to the financier. */
async function pledgedFixture(): Promise<HoldingFixture> {
  const fixture = await loadFixture(holdingFixture);
  await fixture.certificates.connect(fixture.provider).pledge(fixture.holdingId, fixture.financier.address, AGREEMENT);
  return fixture;
}

/** The provider's ResourceHolding certificate frozen by otherProvider's objection (id 1). */
async function frozenFixture(): Promise<HoldingFixture> {
  const fixture = await loadFixture(holdingFixture);
  await fixture.certificates.connect(fixture.otherProvider).lodgeObjection(fixture.holdingId, CLAIM);
  return fixture;
}

// ---------------------------------------------------------------------------------------------
// Helpers
// ---------------------------------------------------------------------------------------------

/** The metadata document of a certificate, as its tokenURI encodes it. */
interface CertificateDocument {
  name: string;
  description: string;
  tokenId: string;
  registrationNumber: string;
  category: string;
  product: { id: string; registrationNumber: string };
  holder: string;
  issuer: string;
  pledgee: string | null;
  issuedAt: number;
  issuedOn: string;
  expiresAt: number | null;
  expiresOn: string | null;
  status: string;
  validity: string;
  openObjections: number;
  parent: { id: string; registrationNumber: string } | null;
  predecessor: string | null;
  successor: string | null;
  scopeHash: string;
  evidenceHash: string;
  attributes: { trait_type: string; value: string | number; display_type?: string }[];
}

/** Decodes a `data:application/json;base64,` token URI into its JSON document. */
function decodeTokenURI(uri: string): CertificateDocument {
  expect(uri.startsWith(DATA_URI_PREFIX), `not a base64 JSON data URI: ${uri.slice(0, 40)}`).to.equal(true);
  return JSON.parse(Buffer.from(uri.slice(DATA_URI_PREFIX.length), "base64").toString("utf8")) as CertificateDocument;
}

async function documentOf(certificates: RightsCertificate, tokenId: bigint): Promise<CertificateDocument> {
  return decodeTokenURI(await certificates.tokenURI(tokenId));
}

/** UTC calendar day of a Unix time, as JavaScript computes it. */
function isoDay(timestamp: bigint | number): string {
  return new Date(Number(timestamp) * 1000).toISOString().slice(0, 10);
}

/** A second Registrar: the twelfth Hardhat account, granted the role by the Admin. */
async function grantSecondRegistrar(fixture: RegistryFixture): Promise<HardhatEthersSigner> {
  const second = (await ethers.getSigners())[11];
  await fixture.participants.connect(fixture.admin).grantRole(REGISTRAR_ROLE, second.address);
  return second;
}

// ---------------------------------------------------------------------------------------------
// Shared behaviour
// ---------------------------------------------------------------------------------------------

interface SoulboundContext {
  certificates: RightsCertificate;
  tokenId: bigint;
  holder: HardhatEthersSigner;
  /** Someone who would like to receive the certificate. */
  recipient: HardhatEthersSigner;
  /** The transaction that minted `tokenId`. */
  mintTx: ContractTransactionResponse;
}

/** ERC-721 + ERC-5192: an issued certificate is locked, cannot move and cannot be approved. */
function shouldBehaveLikeSoulbound(getContext: () => Promise<SoulboundContext>): void {
  describe("soulbound (ERC-721 + ERC-5192)", () => {
    it("reports the certificate as locked", async () => {
      const { certificates, tokenId } = await getContext();
      expect(await certificates.locked(tokenId)).to.equal(true);
    });

    it("reverts locked() for a certificate that does not exist", async () => {
      const { certificates } = await getContext();
      const unknownId = (await certificates.certificateCount()) + 1n;
      await expect(certificates.locked(unknownId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(unknownId);
    });

    it("supports ERC-5192, ERC-721, ERC-721 Metadata and ERC-165, and not 0xffffffff", async () => {
      const { certificates } = await getContext();
      expect(await certificates.supportsInterface("0xb45a3c0e")).to.equal(true);
      expect(await certificates.supportsInterface("0x80ac58cd")).to.equal(true);
      expect(await certificates.supportsInterface("0x5b5e139f")).to.equal(true);
      expect(await certificates.supportsInterface("0x01ffc9a7")).to.equal(true);
      expect(await certificates.supportsInterface("0xffffffff")).to.equal(false);
    });

    it("emitted Locked(tokenId) and a Transfer from zero when it was minted", async () => {
      const { certificates, tokenId, holder, mintTx } = await getContext();
      await expect(mintTx)
        .to.emit(certificates, "Locked").withArgs(tokenId)
        .and.to.emit(certificates, "Transfer").withArgs(ethers.ZeroAddress, holder.address, tokenId);
    });

    it("reverts transferFrom, even by the holder", async () => {
      const { certificates, tokenId, holder, recipient } = await getContext();
      await expect(certificates.connect(holder).transferFrom(holder.address, recipient.address, tokenId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateLocked").withArgs(tokenId);
    });

    it("reverts safeTransferFrom without data, even by the holder", async () => {
      const { certificates, tokenId, holder, recipient } = await getContext();
      await expect(
        certificates.connect(holder)["safeTransferFrom(address,address,uint256)"](holder.address, recipient.address, tokenId),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateLocked").withArgs(tokenId);
    });

    it("reverts safeTransferFrom with data, even by the holder", async () => {
      const { certificates, tokenId, holder, recipient } = await getContext();
      await expect(
        certificates
          .connect(holder)
          ["safeTransferFrom(address,address,uint256,bytes)"](holder.address, recipient.address, tokenId, "0x1234"),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateLocked").withArgs(tokenId);
    });

    it("reverts transferFrom attempted by someone other than the holder", async () => {
      const { certificates, tokenId, holder, recipient } = await getContext();
      await expect(certificates.connect(recipient).transferFrom(holder.address, recipient.address, tokenId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateLocked").withArgs(tokenId);
    });

    it("reverts approve, even by the holder", async () => {
      const { certificates, tokenId, holder, recipient } = await getContext();
      await expect(certificates.connect(holder).approve(recipient.address, tokenId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateLocked").withArgs(tokenId);
    });

    it("reverts setApprovalForAll, granting or not", async () => {
      const { certificates, holder, recipient } = await getContext();
      await expect(certificates.connect(holder).setApprovalForAll(recipient.address, true))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateApprovalsDisabled").withArgs(recipient.address);
      await expect(certificates.connect(holder).setApprovalForAll(recipient.address, false))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateApprovalsDisabled").withArgs(recipient.address);
    });

    it("leaves the holder, balances and approvals unchanged after every attempt", async () => {
      const { certificates, tokenId, holder, recipient } = await getContext();
      const holderBalance = await certificates.balanceOf(holder.address);
      const recipientBalance = await certificates.balanceOf(recipient.address);
      await expect(certificates.connect(holder).transferFrom(holder.address, recipient.address, tokenId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateLocked").withArgs(tokenId);
      await expect(certificates.connect(holder).approve(recipient.address, tokenId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateLocked").withArgs(tokenId);
      await expect(certificates.connect(holder).setApprovalForAll(recipient.address, true))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateApprovalsDisabled").withArgs(recipient.address);
      expect(await certificates.ownerOf(tokenId)).to.equal(holder.address);
      expect(await certificates.balanceOf(holder.address)).to.equal(holderBalance);
      expect(await certificates.balanceOf(recipient.address)).to.equal(recipientBalance);
      expect(await certificates.getApproved(tokenId)).to.equal(ethers.ZeroAddress);
      expect(await certificates.isApprovedForAll(holder.address, recipient.address)).to.equal(false);
    });
  });
}

// ---------------------------------------------------------------------------------------------
// Suite
// ---------------------------------------------------------------------------------------------

describe("RightsCertificate", () => {
  describe("deployment", () => {
    it("is the ERC-721 collection \"Data Rights Certificate\" (DRC) with no certificate and no objection", async () => {
      const { certificates, participants } = await loadFixture(registryFixture);
      expect(await certificates.name()).to.equal("Data Rights Certificate");
      expect(await certificates.symbol()).to.equal("DRC");
      expect(await certificates.participantRegistry()).to.equal(await participants.getAddress());
      expect(await certificates.certificateCount()).to.equal(0n);
      expect(await certificates.objectionCount()).to.equal(0n);
    });

    it("reverts ownerOf for a token that was never minted, with ERC-721's own error", async () => {
      const { certificates } = await loadFixture(registryFixture);
      await expect(certificates.ownerOf(1n))
        .to.be.revertedWithCustomError(certificates, "ERC721NonexistentToken").withArgs(1n);
    });
  });

  describe("an initial certificate", () => {
    shouldBehaveLikeSoulbound(async () => {
      const { certificates, holdingId, provider, stranger, issueTx } = await loadFixture(holdingFixture);
      return { certificates, tokenId: holdingId, holder: provider, recipient: stranger, mintTx: issueTx };
    });
  });

  describe("a licence", () => {
    shouldBehaveLikeSoulbound(async () => {
      const { certificates, useId, buyer, provider, licenceTx } = await loadFixture(chainFixture);
      return { certificates, tokenId: useId, holder: buyer, recipient: provider, mintTx: licenceTx };
    });
  });

  describe("a reissued certificate", () => {
    shouldBehaveLikeSoulbound(async () => {
      const { certificates, successorId, otherProvider, provider, reissueTx } = await loadFixture(reissuedFixture);
      return { certificates, tokenId: successorId, holder: otherProvider, recipient: provider, mintTx: reissueTx };
    });
  });

  describe("Registrar-only acts", () => {
    it("reject every caller without the Registrar role with AccessControl's error", async () => {
      const { certificates, provider, buyer, holdingId, productId } = await loadFixture(holdingFixture);
      const expiresAt = (await now()) + YEAR;
      const asProvider = certificates.connect(provider);
      const acts: [string, () => Promise<unknown>][] = [
        ["issue", () => asProvider.issue(provider.address, productId, RightCategory.ResourceHolding, expiresAt, SCOPE, EVIDENCE)],
        ["license", () => asProvider.license(holdingId, buyer.address, RightCategory.ProcessingUse, expiresAt, SCOPE, EVIDENCE)],
        ["reissue", () => asProvider.reissue(holdingId, buyer.address, DEED)],
        ["amend", () => asProvider.amend(holdingId, NEW_SCOPE, NEW_EVIDENCE)],
        ["renew", () => asProvider.renew(holdingId, expiresAt + 10n * YEAR)],
        ["suspend", () => asProvider.suspend(holdingId, REASON)],
        ["reinstate", () => asProvider.reinstate(holdingId, REASON)],
        ["revoke", () => asProvider.revoke(holdingId, REASON)],
        ["resolveObjection", () => asProvider.resolveObjection(1n, true, RESOLUTION)],
      ];
      for (const [name, act] of acts) {
        await expect(act(), name)
          .to.be.revertedWithCustomError(certificates, "AccessControlUnauthorizedAccount")
          .withArgs(provider.address, REGISTRAR_ROLE);
      }
      expect(await certificates.certificateCount()).to.equal(1n);
      expect((await certificates.certificate(holdingId)).status).to.equal(CertificateStatus.Active);
    });

    it("stop accepting a Registrar once the Admin revokes its role", async () => {
      const { certificates, participants, admin, registrar, holdingId } = await loadFixture(holdingFixture);
      await participants.connect(admin).revokeRole(REGISTRAR_ROLE, registrar.address);
      await expect(certificates.connect(registrar).suspend(holdingId, REASON))
        .to.be.revertedWithCustomError(certificates, "AccessControlUnauthorizedAccount")
        .withArgs(registrar.address, REGISTRAR_ROLE);
    });
  });

  describe("issue", () => {
    it("issues a ResourceHolding certificate: CertificateIssued, Transfer from zero and Locked", async () => {
      const fixture = await loadFixture(registryFixture);
      const { certificates, registrar, provider } = fixture;
      const productId = await registerProduct(fixture);
      const expiresAt = (await now()) + 5n * YEAR;
      const issuing = certificates
        .connect(registrar)
        .issue(provider.address, productId, RightCategory.ResourceHolding, expiresAt, SCOPE, EVIDENCE);
      await expect(issuing)
        .to.emit(certificates, "CertificateIssued")
        .withArgs(1n, productId, provider.address, RightCategory.ResourceHolding, 0n, registrar.address, expiresAt, SCOPE, EVIDENCE)
        .and.to.emit(certificates, "Transfer").withArgs(ethers.ZeroAddress, provider.address, 1n)
        .and.to.emit(certificates, "Locked").withArgs(1n);
      const issuedAt = await now();

      const certificate = await certificates.certificate(1n);
      expect(certificate.productId).to.equal(productId);
      expect(certificate.category).to.equal(RightCategory.ResourceHolding);
      expect(certificate.status).to.equal(CertificateStatus.Active);
      expect(certificate.issuedAt).to.equal(issuedAt);
      expect(certificate.expiresAt).to.equal(expiresAt);
      expect(certificate.parentId).to.equal(0n);
      expect(certificate.predecessorId).to.equal(0n);
      expect(certificate.successorId).to.equal(0n);
      expect(certificate.holder).to.equal(provider.address);
      expect(certificate.issuer).to.equal(registrar.address);
      expect(certificate.pledgee).to.equal(ethers.ZeroAddress);
      expect(certificate.openObjections).to.equal(0n);
      expect(certificate.scopeHash).to.equal(SCOPE);
      expect(certificate.evidenceHash).to.equal(EVIDENCE);
      expect(await certificates.ownerOf(1n)).to.equal(provider.address);
      expect(await certificates.balanceOf(provider.address)).to.equal(1n);
      expect(await certificates.certificateCount()).to.equal(1n);
      expect(await certificates.validity(1n)).to.equal(Validity.Valid);
      expect(await certificates.registrationNumber(1n)).to.equal("SZDE-E1-RH-00000001");
    });

    it("returns the new certificate's id", async () => {
      const { certificates, registrar, provider, productId } = await loadFixture(holdingFixture);
      expect(
        await certificates
          .connect(registrar)
          .issue.staticCall(provider.address, productId, RightCategory.ProductOperation, NO_EXPIRY, SCOPE, EVIDENCE),
      ).to.equal(2n);
    });

    it("issues a ProductOperation certificate", async () => {
      const { certificates, registrar, otherProvider, productId } = await loadFixture(holdingFixture);
      const expiresAt = (await now()) + YEAR;
      await expect(
        certificates
          .connect(registrar)
          .issue(otherProvider.address, productId, RightCategory.ProductOperation, expiresAt, SCOPE, EVIDENCE),
      )
        .to.emit(certificates, "CertificateIssued")
        .withArgs(2n, productId, otherProvider.address, RightCategory.ProductOperation, 0n, registrar.address, expiresAt, SCOPE, EVIDENCE)
        .and.to.emit(certificates, "Transfer").withArgs(ethers.ZeroAddress, otherProvider.address, 2n)
        .and.to.emit(certificates, "Locked").withArgs(2n);
      const certificate = await certificates.certificate(2n);
      expect(certificate.category).to.equal(RightCategory.ProductOperation);
      expect(certificate.holder).to.equal(otherProvider.address);
      expect(await certificates.registrationNumber(2n)).to.equal("SZDE-E1-PO-00000002");
      expect(await certificates.certificateCount()).to.equal(2n);
    });

    it("issues a certificate with no expiry that stays valid indefinitely", async () => {
      const { certificates, registrar, provider, productId } = await loadFixture(holdingFixture);
      await expect(
        certificates.connect(registrar).issue(provider.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, SCOPE, EVIDENCE),
      ).to.emit(certificates, "CertificateIssued")
        .withArgs(2n, productId, provider.address, RightCategory.ResourceHolding, 0n, registrar.address, NO_EXPIRY, SCOPE, EVIDENCE);
      await time.increase(100n * YEAR);
      expect(await certificates.validity(2n)).to.equal(Validity.Valid);
      expect((await certificates.certificate(2n)).expiresAt).to.equal(NO_EXPIRY);
    });

    it("reverts for the ProcessingUse category, which only a licence grants", async () => {
      const { certificates, registrar, provider, productId } = await loadFixture(holdingFixture);
      await expect(
        certificates.connect(registrar).issue(provider.address, productId, RightCategory.ProcessingUse, NO_EXPIRY, SCOPE, EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidCategory")
        .withArgs(RightCategory.ProcessingUse, RightCategory.ProcessingUse);
    });

    it("reverts when the product does not exist", async () => {
      const { certificates, registrar, provider } = await loadFixture(holdingFixture);
      for (const productId of [0n, 2n]) {
        await expect(
          certificates.connect(registrar).issue(provider.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, SCOPE, EVIDENCE),
        ).to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(productId);
      }
    });

    it("reverts when the product is suspended", async () => {
      const { certificates, products, registrar, provider, productId } = await loadFixture(holdingFixture);
      await products.connect(registrar).suspend(productId, REASON);
      await expect(
        certificates.connect(registrar).issue(provider.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, SCOPE, EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(productId);
    });

    it("issues again once the product's suspension is lifted", async () => {
      const { certificates, products, registrar, provider, productId } = await loadFixture(holdingFixture);
      await products.connect(registrar).suspend(productId, REASON);
      await products.connect(registrar).reinstate(productId, REASON);
      await expect(
        certificates.connect(registrar).issue(provider.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, SCOPE, EVIDENCE),
      ).to.emit(certificates, "CertificateIssued")
        .withArgs(2n, productId, provider.address, RightCategory.ResourceHolding, 0n, registrar.address, NO_EXPIRY, SCOPE, EVIDENCE);
    });

    it("reverts when the product is revoked", async () => {
      const { certificates, products, registrar, provider, productId } = await loadFixture(holdingFixture);
      await products.connect(registrar).revoke(productId, REASON);
      await expect(
        certificates.connect(registrar).issue(provider.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, SCOPE, EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(productId);
    });

    it("reverts when the product is classified Core", async () => {
      const fixture = await loadFixture(registryFixture);
      const { certificates, registrar, provider } = fixture;
      const productId = await registerProduct(fixture, { classification: Classification.Core });
      await expect(
        certificates.connect(registrar).issue(provider.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, SCOPE, EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(productId);
    });

    it("reverts while the product is frozen by an objection, and issues once it is dismissed", async () => {
      const { certificates, products, registrar, provider, otherProvider, productId } = await loadFixture(holdingFixture);
      await products.connect(otherProvider).lodgeObjection(productId, CLAIM);
      await expect(
        certificates.connect(registrar).issue(provider.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, SCOPE, EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(productId);
      await products.connect(registrar).resolveObjection(1n, false, RESOLUTION);
      await expect(
        certificates.connect(registrar).issue(provider.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, SCOPE, EVIDENCE),
      ).to.emit(certificates, "CertificateIssued")
        .withArgs(2n, productId, provider.address, RightCategory.ResourceHolding, 0n, registrar.address, NO_EXPIRY, SCOPE, EVIDENCE);
    });

    it("reverts when the holder is not accredited", async () => {
      const { certificates, registrar, stranger, productId } = await loadFixture(holdingFixture);
      await expect(
        certificates.connect(registrar).issue(stranger.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, SCOPE, EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateHolderNotAccredited").withArgs(stranger.address);
    });

    it("reverts when the holder's accreditation is suspended", async () => {
      const { certificates, participants, registrar, buyer, productId } = await loadFixture(holdingFixture);
      await participants.connect(registrar).suspend(buyer.address, REASON);
      await expect(
        certificates.connect(registrar).issue(buyer.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, SCOPE, EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateHolderNotAccredited").withArgs(buyer.address);
    });

    it("reverts when the expiry is in the past", async () => {
      const { certificates, registrar, provider, productId } = await loadFixture(holdingFixture);
      const expiresAt = (await now()) - 1n;
      await expect(
        certificates.connect(registrar).issue(provider.address, productId, RightCategory.ResourceHolding, expiresAt, SCOPE, EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidExpiry").withArgs(expiresAt, NO_EXPIRY);
    });

    it("reverts when the expiry is the time of issue itself", async () => {
      const { certificates, registrar, provider, productId } = await loadFixture(holdingFixture);
      const expiresAt = (await now()) + 100n;
      await time.setNextBlockTimestamp(expiresAt);
      await expect(
        certificates.connect(registrar).issue(provider.address, productId, RightCategory.ResourceHolding, expiresAt, SCOPE, EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidExpiry").withArgs(expiresAt, NO_EXPIRY);
    });

    it("reverts when the scope hash is zero", async () => {
      const { certificates, registrar, provider, productId } = await loadFixture(holdingFixture);
      await expect(
        certificates.connect(registrar).issue(provider.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, ZERO, EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateMissingHash").withArgs();
    });

    it("reverts when the evidence hash is zero", async () => {
      const { certificates, registrar, provider, productId } = await loadFixture(holdingFixture);
      await expect(
        certificates.connect(registrar).issue(provider.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, SCOPE, ZERO),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateMissingHash").withArgs();
    });

    it("records the right issuer when two Registrars issue alternately", async () => {
      const fixture = await loadFixture(holdingFixture);
      const { certificates, registrar, provider, productId } = fixture;
      const second = await grantSecondRegistrar(fixture);
      const issuers = [second, registrar, second, second, registrar, registrar, second];
      for (const [index, issuer] of issuers.entries()) {
        const tokenId = BigInt(index) + 2n;
        await expect(
          certificates.connect(issuer).issue(provider.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, SCOPE, EVIDENCE),
        ).to.emit(certificates, "CertificateIssued")
          .withArgs(tokenId, productId, provider.address, RightCategory.ResourceHolding, 0n, issuer.address, NO_EXPIRY, SCOPE, EVIDENCE);
      }
      expect((await certificates.certificate(1n)).issuer).to.equal(registrar.address);
      for (const [index, issuer] of issuers.entries()) {
        expect((await certificates.certificate(BigInt(index) + 2n)).issuer).to.equal(issuer.address);
      }
    });

    it("records the issuer of licences and reissues by another Registrar", async () => {
      const fixture = await loadFixture(holdingFixture);
      const { certificates, buyer, otherProvider, holdingId } = fixture;
      const second = await grantSecondRegistrar(fixture);
      await certificates
        .connect(second)
        .license(holdingId, buyer.address, RightCategory.ProcessingUse, (await now()) + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE);
      await certificates.connect(second).reissue(holdingId, otherProvider.address, DEED);
      expect((await certificates.certificate(2n)).issuer).to.equal(second.address);
      expect((await certificates.certificate(3n)).issuer).to.equal(second.address);
      expect((await certificates.certificate(holdingId)).issuer).to.equal(fixture.registrar.address);
    });
  });

  describe("certificateCount", () => {
    it("counts every certificate ever issued, superseded ones included", async () => {
      const { certificates, registrar, otherProvider, holdingId } = await loadFixture(holdingFixture);
      expect(await certificates.certificateCount()).to.equal(1n);
      await certificates.connect(registrar).reissue(holdingId, otherProvider.address, DEED);
      expect(await certificates.certificateCount()).to.equal(2n);
      await certificates.connect(registrar).amend(2n, NEW_SCOPE, NEW_EVIDENCE);
      expect(await certificates.certificateCount()).to.equal(3n);
    });
  });

  describe("registrationNumber", () => {
    it("numbers certificates <exchange>-E<epoch>-<category>-<8-digit id>", async () => {
      const { certificates, holdingId, operationId, useId } = await loadFixture(chainFixture);
      expect(await certificates.registrationNumber(holdingId)).to.equal("SZDE-E1-RH-00000001");
      expect(await certificates.registrationNumber(operationId)).to.equal("SZDE-E1-PO-00000002");
      expect(await certificates.registrationNumber(useId)).to.equal("SZDE-E1-PU-00000003");
    });

    it("gives a successor its own number", async () => {
      const { certificates, successorId } = await loadFixture(reissuedFixture);
      expect(await certificates.registrationNumber(successorId)).to.equal("SZDE-E1-RH-00000002");
    });

    it("reverts for a certificate that does not exist", async () => {
      const { certificates } = await loadFixture(holdingFixture);
      for (const tokenId of [0n, 2n]) {
        await expect(certificates.registrationNumber(tokenId))
          .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(tokenId);
      }
    });
  });

  describe("certificate", () => {
    it("reverts for a certificate that does not exist", async () => {
      const { certificates } = await loadFixture(holdingFixture);
      for (const tokenId of [0n, 2n]) {
        await expect(certificates.certificate(tokenId))
          .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(tokenId);
      }
    });
  });

  describe("license", () => {
    it("licenses ProcessingUse out of ResourceHolding", async () => {
      const { certificates, registrar, buyer, productId, holdingId } = await loadFixture(holdingFixture);
      const expiresAt = (await now()) + YEAR;
      await expect(
        certificates
          .connect(registrar)
          .license(holdingId, buyer.address, RightCategory.ProcessingUse, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE),
      )
        .to.emit(certificates, "CertificateIssued")
        .withArgs(2n, productId, buyer.address, RightCategory.ProcessingUse, holdingId, registrar.address, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE)
        .and.to.emit(certificates, "Transfer").withArgs(ethers.ZeroAddress, buyer.address, 2n)
        .and.to.emit(certificates, "Locked").withArgs(2n);
      const issuedAt = await now();
      const licence = await certificates.certificate(2n);
      expect(licence.productId).to.equal(productId);
      expect(licence.category).to.equal(RightCategory.ProcessingUse);
      expect(licence.status).to.equal(CertificateStatus.Active);
      expect(licence.issuedAt).to.equal(issuedAt);
      expect(licence.expiresAt).to.equal(expiresAt);
      expect(licence.parentId).to.equal(holdingId);
      expect(licence.predecessorId).to.equal(0n);
      expect(licence.successorId).to.equal(0n);
      expect(licence.holder).to.equal(buyer.address);
      expect(licence.issuer).to.equal(registrar.address);
      expect(licence.scopeHash).to.equal(LICENCE_SCOPE);
      expect(licence.evidenceHash).to.equal(LICENCE_EVIDENCE);
      expect(await certificates.validity(2n)).to.equal(Validity.Valid);
      expect(await certificates.registrationNumber(2n)).to.equal("SZDE-E1-PU-00000002");
      const parent = await certificates.certificate(holdingId);
      expect(parent.status).to.equal(CertificateStatus.Active);
      expect(parent.successorId).to.equal(0n);
    });

    it("returns the licence's id", async () => {
      const { certificates, registrar, buyer, holdingId } = await loadFixture(holdingFixture);
      expect(
        await certificates
          .connect(registrar)
          .license.staticCall(holdingId, buyer.address, RightCategory.ProcessingUse, (await now()) + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.equal(2n);
    });

    it("licenses ProductOperation out of ResourceHolding", async () => {
      const { certificates, registrar, otherProvider, productId, holdingId } = await loadFixture(holdingFixture);
      const expiresAt = (await now()) + YEAR;
      await expect(
        certificates
          .connect(registrar)
          .license(holdingId, otherProvider.address, RightCategory.ProductOperation, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.emit(certificates, "CertificateIssued")
        .withArgs(2n, productId, otherProvider.address, RightCategory.ProductOperation, holdingId, registrar.address, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE);
      expect((await certificates.certificate(2n)).category).to.equal(RightCategory.ProductOperation);
      expect(await certificates.registrationNumber(2n)).to.equal("SZDE-E1-PO-00000002");
    });

    it("licenses ProcessingUse out of ProductOperation", async () => {
      const { certificates, registrar, buyer, productId, operationId, useId, useExpiresAt, licenceTx } =
        await loadFixture(chainFixture);
      await expect(licenceTx).to.emit(certificates, "CertificateIssued")
        .withArgs(useId, productId, buyer.address, RightCategory.ProcessingUse, operationId, registrar.address, useExpiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE);
      const licence = await certificates.certificate(useId);
      expect(licence.parentId).to.equal(operationId);
      expect(licence.productId).to.equal(productId);
      expect(await certificates.validity(useId)).to.equal(Validity.Valid);
    });

    it("licenses several holders out of the same parent", async () => {
      const { certificates, registrar, buyer, otherProvider, holdingId } = await loadFixture(holdingFixture);
      const expiresAt = (await now()) + YEAR;
      for (const holder of [buyer, otherProvider, buyer]) {
        await certificates
          .connect(registrar)
          .license(holdingId, holder.address, RightCategory.ProcessingUse, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE);
      }
      expect(await certificates.balanceOf(buyer.address)).to.equal(2n);
      expect((await certificates.certificate(4n)).parentId).to.equal(holdingId);
    });

    it("accepts a licence expiring exactly when its parent does", async () => {
      const { certificates, registrar, buyer, productId, holdingId, expiresAt } = await loadFixture(holdingFixture);
      await expect(
        certificates
          .connect(registrar)
          .license(holdingId, buyer.address, RightCategory.ProcessingUse, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.emit(certificates, "CertificateIssued")
        .withArgs(2n, productId, buyer.address, RightCategory.ProcessingUse, holdingId, registrar.address, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE);
    });

    it("accepts a licence with no expiry out of a parent with no expiry", async () => {
      const { certificates, registrar, provider, buyer, productId } = await loadFixture(holdingFixture);
      await certificates
        .connect(registrar)
        .issue(provider.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, SCOPE, EVIDENCE);
      await expect(
        certificates.connect(registrar).license(2n, buyer.address, RightCategory.ProcessingUse, NO_EXPIRY, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.emit(certificates, "CertificateIssued")
        .withArgs(3n, productId, buyer.address, RightCategory.ProcessingUse, 2n, registrar.address, NO_EXPIRY, LICENCE_SCOPE, LICENCE_EVIDENCE);
    });

    it("reverts every category out of a ProcessingUse parent", async () => {
      const { certificates, registrar, buyer, otherProvider, holdingId } = await loadFixture(holdingFixture);
      const expiresAt = (await now()) + YEAR;
      await certificates
        .connect(registrar)
        .license(holdingId, buyer.address, RightCategory.ProcessingUse, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE);
      for (const category of [RightCategory.ResourceHolding, RightCategory.ProcessingUse, RightCategory.ProductOperation]) {
        await expect(
          certificates.connect(registrar).license(2n, otherProvider.address, category, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE),
        ).to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidCategory")
          .withArgs(category, RightCategory.ProcessingUse);
      }
    });

    it("reverts ResourceHolding out of ResourceHolding", async () => {
      const { certificates, registrar, buyer, holdingId } = await loadFixture(holdingFixture);
      await expect(
        certificates
          .connect(registrar)
          .license(holdingId, buyer.address, RightCategory.ResourceHolding, (await now()) + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidCategory")
        .withArgs(RightCategory.ResourceHolding, RightCategory.ResourceHolding);
    });

    it("reverts ResourceHolding or ProductOperation out of ProductOperation", async () => {
      const { certificates, registrar, buyer, operationId } = await loadFixture(chainFixture);
      const expiresAt = (await now()) + YEAR;
      for (const category of [RightCategory.ResourceHolding, RightCategory.ProductOperation]) {
        await expect(
          certificates.connect(registrar).license(operationId, buyer.address, category, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE),
        ).to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidCategory")
          .withArgs(category, RightCategory.ProductOperation);
      }
    });

    it("bounds every lineage at three levels: nothing can be licensed out of the third", async () => {
      // RH → PO → PU is the longest chain narrowing allows, so the validity walk visits at most two
      // ancestors. There is no separate depth limit (no MAX_DEPTH, no TooDeep error) to reach.
      const { certificates, registrar, provider, otherProvider, holdingId, operationId, useId } = await loadFixture(chainFixture);
      expect((await certificates.certificate(useId)).parentId).to.equal(operationId);
      expect((await certificates.certificate(operationId)).parentId).to.equal(holdingId);
      expect((await certificates.certificate(holdingId)).parentId).to.equal(0n);
      const expiresAt = (await now()) + YEAR;
      for (const holder of [provider, otherProvider]) {
        for (const category of [RightCategory.ResourceHolding, RightCategory.ProcessingUse, RightCategory.ProductOperation]) {
          await expect(
            certificates.connect(registrar).license(useId, holder.address, category, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE),
          ).to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidCategory")
            .withArgs(category, RightCategory.ProcessingUse);
        }
      }
    });

    it("reverts when the parent does not exist", async () => {
      const { certificates, registrar, buyer } = await loadFixture(holdingFixture);
      for (const parentId of [0n, 2n]) {
        await expect(
          certificates
            .connect(registrar)
            .license(parentId, buyer.address, RightCategory.ProcessingUse, (await now()) + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE),
        ).to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(parentId);
      }
    });

    it("reverts when the parent is suspended", async () => {
      const { certificates, registrar, buyer, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      await expect(
        certificates
          .connect(registrar)
          .license(holdingId, buyer.address, RightCategory.ProcessingUse, (await now()) + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Suspended);
    });

    it("reverts when the parent is revoked", async () => {
      const { certificates, registrar, buyer, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).revoke(holdingId, REASON);
      await expect(
        certificates
          .connect(registrar)
          .license(holdingId, buyer.address, RightCategory.ProcessingUse, (await now()) + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Revoked);
    });

    it("reverts when the parent was surrendered", async () => {
      const { certificates, registrar, provider, buyer, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(provider).surrender(holdingId);
      await expect(
        certificates
          .connect(registrar)
          .license(holdingId, buyer.address, RightCategory.ProcessingUse, (await now()) + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Surrendered);
    });

    it("reverts when the parent is superseded, and licenses out of its successor", async () => {
      const { certificates, registrar, buyer, productId, holdingId, successorId } = await loadFixture(reissuedFixture);
      const expiresAt = (await now()) + YEAR;
      await expect(
        certificates.connect(registrar).license(holdingId, buyer.address, RightCategory.ProcessingUse, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Superseded);
      await expect(
        certificates.connect(registrar).license(successorId, buyer.address, RightCategory.ProcessingUse, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.emit(certificates, "CertificateIssued")
        .withArgs(3n, productId, buyer.address, RightCategory.ProcessingUse, successorId, registrar.address, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE);
    });

    it("reverts when the parent has expired", async () => {
      const { certificates, registrar, buyer, holdingId, expiresAt } = await loadFixture(holdingFixture);
      await time.increaseTo(expiresAt);
      await expect(
        certificates
          .connect(registrar)
          .license(holdingId, buyer.address, RightCategory.ProcessingUse, expiresAt + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Expired);
    });

    it("reverts when an ancestor of the parent is not valid", async () => {
      const { certificates, registrar, provider, holdingId, operationId } = await loadFixture(chainFixture);
      await certificates.connect(registrar).revoke(holdingId, REASON);
      await expect(
        certificates
          .connect(registrar)
          .license(operationId, provider.address, RightCategory.ProcessingUse, (await now()) + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(operationId, Validity.AncestorInvalid);
    });

    it("reverts while the parent is frozen by an objection", async () => {
      const { certificates, registrar, buyer, holdingId } = await loadFixture(frozenFixture);
      await expect(
        certificates
          .connect(registrar)
          .license(holdingId, buyer.address, RightCategory.ProcessingUse, (await now()) + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen").withArgs(holdingId);
    });

    it("reverts while the parent is pledged", async () => {
      const { certificates, registrar, buyer, financier, holdingId } = await loadFixture(pledgedFixture);
      await expect(
        certificates
          .connect(registrar)
          .license(holdingId, buyer.address, RightCategory.ProcessingUse, (await now()) + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificatePledged").withArgs(holdingId, financier.address);
    });

    it("reverts when the licence would expire after its parent", async () => {
      const { certificates, registrar, buyer, holdingId, expiresAt } = await loadFixture(holdingFixture);
      for (const licenceExpiry of [expiresAt + 1n, NO_EXPIRY]) {
        await expect(
          certificates
            .connect(registrar)
            .license(holdingId, buyer.address, RightCategory.ProcessingUse, licenceExpiry, LICENCE_SCOPE, LICENCE_EVIDENCE),
        ).to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidExpiry").withArgs(licenceExpiry, expiresAt);
      }
    });

    it("reverts when the licence's expiry is in the past", async () => {
      const { certificates, registrar, buyer, holdingId, expiresAt } = await loadFixture(holdingFixture);
      const past = (await now()) - 1n;
      await expect(
        certificates.connect(registrar).license(holdingId, buyer.address, RightCategory.ProcessingUse, past, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidExpiry").withArgs(past, expiresAt);
    });

    it("reverts when the product became unavailable after the parent was issued", async () => {
      const { certificates, products, registrar, buyer, productId, holdingId } = await loadFixture(holdingFixture);
      await products.connect(registrar).suspend(productId, REASON);
      await expect(
        certificates
          .connect(registrar)
          .license(holdingId, buyer.address, RightCategory.ProcessingUse, (await now()) + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(productId);
    });

    it("reverts while the product is frozen by an objection", async () => {
      const { certificates, products, registrar, buyer, auditor, productId, holdingId } = await loadFixture(holdingFixture);
      await products.connect(auditor).lodgeObjection(productId, CLAIM);
      await expect(
        certificates
          .connect(registrar)
          .license(holdingId, buyer.address, RightCategory.ProcessingUse, (await now()) + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(productId);
    });

    it("reverts when the holder is not accredited", async () => {
      const { certificates, registrar, stranger, holdingId } = await loadFixture(holdingFixture);
      await expect(
        certificates
          .connect(registrar)
          .license(holdingId, stranger.address, RightCategory.ProcessingUse, (await now()) + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateHolderNotAccredited").withArgs(stranger.address);
    });

    it("reverts when the scope or evidence hash is zero", async () => {
      const { certificates, registrar, buyer, holdingId } = await loadFixture(holdingFixture);
      const expiresAt = (await now()) + YEAR;
      await expect(
        certificates.connect(registrar).license(holdingId, buyer.address, RightCategory.ProcessingUse, expiresAt, ZERO, LICENCE_EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateMissingHash").withArgs();
      await expect(
        certificates.connect(registrar).license(holdingId, buyer.address, RightCategory.ProcessingUse, expiresAt, LICENCE_SCOPE, ZERO),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateMissingHash").withArgs();
    });
  });

  describe("reissue", () => {
    it("reverts, like amend, while an objection against the product is open", async () => {
      const { certificates, products, registrar, auditor, otherProvider, productId, holdingId } = await loadFixture(holdingFixture);
      await products.connect(auditor).lodgeObjection(productId, CLAIM);
      await expect(certificates.connect(registrar).reissue(holdingId, otherProvider.address, DEED))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(productId);
      await expect(certificates.connect(registrar).amend(holdingId, NEW_SCOPE, NEW_EVIDENCE))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(productId);
    });

    it("reissues to the new holder and supersedes the old certificate", async () => {
      const { certificates, registrar, provider, otherProvider, productId, holdingId, expiresAt } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).reissue(holdingId, otherProvider.address, DEED))
        .to.emit(certificates, "CertificateStatusChanged")
        .withArgs(holdingId, CertificateStatus.Active, CertificateStatus.Superseded, ZERO)
        .and.to.emit(certificates, "CertificateIssued")
        .withArgs(2n, productId, otherProvider.address, RightCategory.ResourceHolding, 0n, registrar.address, expiresAt, SCOPE, DEED)
        .and.to.emit(certificates, "Transfer").withArgs(ethers.ZeroAddress, otherProvider.address, 2n)
        .and.to.emit(certificates, "Locked").withArgs(2n)
        .and.to.emit(certificates, "CertificateReplaced").withArgs(holdingId, 2n);

      const old = await certificates.certificate(holdingId);
      expect(old.status).to.equal(CertificateStatus.Superseded);
      expect(old.successorId).to.equal(2n);
      expect(old.predecessorId).to.equal(0n);
      expect(old.holder).to.equal(provider.address);
      expect(old.evidenceHash).to.equal(EVIDENCE);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Superseded);
      expect(await certificates.ownerOf(holdingId)).to.equal(provider.address);

      const successor = await certificates.certificate(2n);
      expect(successor.productId).to.equal(productId);
      expect(successor.category).to.equal(RightCategory.ResourceHolding);
      expect(successor.status).to.equal(CertificateStatus.Active);
      expect(successor.issuedAt).to.equal(await now());
      expect(successor.expiresAt).to.equal(expiresAt);
      expect(successor.parentId).to.equal(0n);
      expect(successor.predecessorId).to.equal(holdingId);
      expect(successor.successorId).to.equal(0n);
      expect(successor.holder).to.equal(otherProvider.address);
      expect(successor.issuer).to.equal(registrar.address);
      expect(successor.scopeHash).to.equal(SCOPE);
      expect(successor.evidenceHash).to.equal(DEED);
      expect(await certificates.validity(2n)).to.equal(Validity.Valid);
      expect(await certificates.balanceOf(provider.address)).to.equal(1n);
      expect(await certificates.balanceOf(otherProvider.address)).to.equal(1n);
    });

    it("returns the successor's id", async () => {
      const { certificates, registrar, otherProvider, holdingId } = await loadFixture(holdingFixture);
      expect(await certificates.connect(registrar).reissue.staticCall(holdingId, otherProvider.address, DEED)).to.equal(2n);
    });

    it("reissues a licence keeping its parent, category and expiry", async () => {
      const { certificates, registrar, otherProvider, productId, operationId, useId, useExpiresAt } = await loadFixture(chainFixture);
      await expect(certificates.connect(registrar).reissue(useId, otherProvider.address, DEED))
        .to.emit(certificates, "CertificateIssued")
        .withArgs(4n, productId, otherProvider.address, RightCategory.ProcessingUse, operationId, registrar.address, useExpiresAt, LICENCE_SCOPE, DEED)
        .and.to.emit(certificates, "CertificateReplaced").withArgs(useId, 4n);
      const successor = await certificates.certificate(4n);
      expect(successor.parentId).to.equal(operationId);
      expect(successor.predecessorId).to.equal(useId);
      expect(await certificates.validity(4n)).to.equal(Validity.Valid);
    });

    it("keeps licences valid when their parent is reissued: the successor stands in for it", async () => {
      const { certificates, registrar, buyer, holdingId, operationId, useId } = await loadFixture(chainFixture);
      await certificates.connect(registrar).reissue(holdingId, buyer.address, DEED);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Superseded);
      expect(await certificates.validity(operationId)).to.equal(Validity.Valid);
      expect(await certificates.validity(useId)).to.equal(Validity.Valid);
      expect((await certificates.certificate(operationId)).parentId).to.equal(holdingId);
    });

    it("makes the licences follow the successor's validity", async () => {
      const { certificates, registrar, buyer, holdingId, operationId, useId } = await loadFixture(chainFixture);
      await certificates.connect(registrar).reissue(holdingId, buyer.address, DEED);
      await certificates.connect(registrar).suspend(4n, REASON);
      expect(await certificates.validity(operationId)).to.equal(Validity.AncestorInvalid);
      expect(await certificates.validity(useId)).to.equal(Validity.AncestorInvalid);
      await certificates.connect(registrar).reinstate(4n, REASON);
      expect(await certificates.validity(useId)).to.equal(Validity.Valid);
    });

    it("follows a parent through several successive reissues and amendments", async () => {
      const { certificates, registrar, provider, buyer, holdingId, operationId, useId } = await loadFixture(chainFixture);
      await certificates.connect(registrar).reissue(holdingId, buyer.address, DEED); // 4
      await certificates.connect(registrar).amend(4n, NEW_SCOPE, NEW_EVIDENCE); // 5
      await certificates.connect(registrar).reissue(5n, provider.address, DEED); // 6
      await certificates.connect(registrar).reissue(operationId, provider.address, DEED); // 7
      expect(await certificates.validity(useId)).to.equal(Validity.Valid);
      expect(await certificates.validity(7n)).to.equal(Validity.Valid);
      await certificates.connect(provider).surrender(6n);
      expect(await certificates.validity(7n)).to.equal(Validity.AncestorInvalid);
      expect(await certificates.validity(useId)).to.equal(Validity.AncestorInvalid);
    });

    it("reverts when the new holder is the current holder", async () => {
      const { certificates, registrar, provider, holdingId } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).reissue(holdingId, provider.address, DEED))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateSameHolder").withArgs(holdingId, provider.address);
    });

    it("reverts when the new holder is not accredited", async () => {
      const { certificates, registrar, stranger, holdingId } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).reissue(holdingId, stranger.address, DEED))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateHolderNotAccredited").withArgs(stranger.address);
    });

    it("reverts while the certificate is pledged", async () => {
      const { certificates, registrar, otherProvider, financier, holdingId } = await loadFixture(pledgedFixture);
      await expect(certificates.connect(registrar).reissue(holdingId, otherProvider.address, DEED))
        .to.be.revertedWithCustomError(certificates, "RightsCertificatePledged").withArgs(holdingId, financier.address);
    });

    it("reverts while the certificate is frozen by an objection", async () => {
      const { certificates, registrar, buyer, holdingId } = await loadFixture(frozenFixture);
      await expect(certificates.connect(registrar).reissue(holdingId, buyer.address, DEED))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen").withArgs(holdingId);
    });

    it("reverts when the certificate was already superseded", async () => {
      const { certificates, registrar, buyer, holdingId } = await loadFixture(reissuedFixture);
      await expect(certificates.connect(registrar).reissue(holdingId, buyer.address, DEED))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Superseded);
    });

    it("reverts when the certificate is suspended", async () => {
      const { certificates, registrar, buyer, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      await expect(certificates.connect(registrar).reissue(holdingId, buyer.address, DEED))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Suspended);
    });

    it("reverts when the certificate has expired", async () => {
      const { certificates, registrar, buyer, holdingId, expiresAt } = await loadFixture(holdingFixture);
      await time.increaseTo(expiresAt);
      await expect(certificates.connect(registrar).reissue(holdingId, buyer.address, DEED))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Expired);
    });

    it("reverts for a licence whose parent is revoked", async () => {
      const { certificates, registrar, otherProvider, holdingId, useId } = await loadFixture(chainFixture);
      await certificates.connect(registrar).revoke(holdingId, REASON);
      await expect(certificates.connect(registrar).reissue(useId, otherProvider.address, DEED))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(useId, Validity.AncestorInvalid);
    });

    it("reverts for a certificate that does not exist", async () => {
      const { certificates, registrar, buyer } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).reissue(2n, buyer.address, DEED))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(2n);
    });

    it("reverts when the evidence hash is zero, leaving the old certificate active", async () => {
      const { certificates, registrar, buyer, holdingId } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).reissue(holdingId, buyer.address, ZERO))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateMissingHash").withArgs();
      expect((await certificates.certificate(holdingId)).status).to.equal(CertificateStatus.Active);
      expect(await certificates.certificateCount()).to.equal(1n);
    });
  });

  describe("amend", () => {
    it("issues a successor to the same holder with the new scope and evidence", async () => {
      const { certificates, registrar, provider, productId, holdingId, expiresAt } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).amend(holdingId, NEW_SCOPE, NEW_EVIDENCE))
        .to.emit(certificates, "CertificateStatusChanged")
        .withArgs(holdingId, CertificateStatus.Active, CertificateStatus.Superseded, ZERO)
        .and.to.emit(certificates, "CertificateIssued")
        .withArgs(2n, productId, provider.address, RightCategory.ResourceHolding, 0n, registrar.address, expiresAt, NEW_SCOPE, NEW_EVIDENCE)
        .and.to.emit(certificates, "Transfer").withArgs(ethers.ZeroAddress, provider.address, 2n)
        .and.to.emit(certificates, "Locked").withArgs(2n)
        .and.to.emit(certificates, "CertificateReplaced").withArgs(holdingId, 2n);
      const old = await certificates.certificate(holdingId);
      expect(old.status).to.equal(CertificateStatus.Superseded);
      expect(old.successorId).to.equal(2n);
      expect(old.scopeHash).to.equal(SCOPE);
      const successor = await certificates.certificate(2n);
      expect(successor.holder).to.equal(provider.address);
      expect(successor.predecessorId).to.equal(holdingId);
      expect(successor.expiresAt).to.equal(expiresAt);
      expect(successor.scopeHash).to.equal(NEW_SCOPE);
      expect(successor.evidenceHash).to.equal(NEW_EVIDENCE);
      expect(await certificates.balanceOf(provider.address)).to.equal(2n);
      expect(await certificates.validity(2n)).to.equal(Validity.Valid);
    });

    it("returns the successor's id", async () => {
      const { certificates, registrar, holdingId } = await loadFixture(holdingFixture);
      expect(await certificates.connect(registrar).amend.staticCall(holdingId, NEW_SCOPE, NEW_EVIDENCE)).to.equal(2n);
    });

    it("amends a licence keeping its parent", async () => {
      const { certificates, registrar, buyer, productId, operationId, useId, useExpiresAt } = await loadFixture(chainFixture);
      await expect(certificates.connect(registrar).amend(useId, NEW_SCOPE, NEW_EVIDENCE))
        .to.emit(certificates, "CertificateIssued")
        .withArgs(4n, productId, buyer.address, RightCategory.ProcessingUse, operationId, registrar.address, useExpiresAt, NEW_SCOPE, NEW_EVIDENCE);
      expect((await certificates.certificate(4n)).parentId).to.equal(operationId);
    });

    it("reverts while the certificate is pledged", async () => {
      const { certificates, registrar, financier, holdingId } = await loadFixture(pledgedFixture);
      await expect(certificates.connect(registrar).amend(holdingId, NEW_SCOPE, NEW_EVIDENCE))
        .to.be.revertedWithCustomError(certificates, "RightsCertificatePledged").withArgs(holdingId, financier.address);
    });

    it("reverts while the certificate is frozen by an objection", async () => {
      const { certificates, registrar, holdingId } = await loadFixture(frozenFixture);
      await expect(certificates.connect(registrar).amend(holdingId, NEW_SCOPE, NEW_EVIDENCE))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen").withArgs(holdingId);
    });

    it("reverts when the certificate was already superseded", async () => {
      const { certificates, registrar, holdingId } = await loadFixture(reissuedFixture);
      await expect(certificates.connect(registrar).amend(holdingId, NEW_SCOPE, NEW_EVIDENCE))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Superseded);
    });

    it("reverts when the certificate is revoked", async () => {
      const { certificates, registrar, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).revoke(holdingId, REASON);
      await expect(certificates.connect(registrar).amend(holdingId, NEW_SCOPE, NEW_EVIDENCE))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Revoked);
    });

    it("reverts for a certificate that does not exist", async () => {
      const { certificates, registrar } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).amend(2n, NEW_SCOPE, NEW_EVIDENCE))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(2n);
    });

    it("reverts when the new scope or evidence hash is zero", async () => {
      const { certificates, registrar, holdingId } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).amend(holdingId, ZERO, NEW_EVIDENCE))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateMissingHash").withArgs();
      await expect(certificates.connect(registrar).amend(holdingId, NEW_SCOPE, ZERO))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateMissingHash").withArgs();
    });
  });

  describe("surrender", () => {
    it("reverts while an objection against the certificate is open", async () => {
      const { certificates, provider, holdingId } = await loadFixture(frozenFixture);
      await expect(certificates.connect(provider).surrender(holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen").withArgs(holdingId);
    });

    it("lets the holder surrender an active certificate for good", async () => {
      const { certificates, provider, holdingId } = await loadFixture(holdingFixture);
      await expect(certificates.connect(provider).surrender(holdingId))
        .to.emit(certificates, "CertificateStatusChanged")
        .withArgs(holdingId, CertificateStatus.Active, CertificateStatus.Surrendered, ZERO);
      expect((await certificates.certificate(holdingId)).status).to.equal(CertificateStatus.Surrendered);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Surrendered);
      expect(await certificates.ownerOf(holdingId)).to.equal(provider.address);
    });

    it("lets the holder surrender a suspended certificate", async () => {
      const { certificates, registrar, provider, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      await expect(certificates.connect(provider).surrender(holdingId))
        .to.emit(certificates, "CertificateStatusChanged")
        .withArgs(holdingId, CertificateStatus.Suspended, CertificateStatus.Surrendered, ZERO);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Surrendered);
    });

    it("makes every licence of a surrendered certificate AncestorInvalid", async () => {
      const { certificates, provider, holdingId, operationId, useId } = await loadFixture(chainFixture);
      await certificates.connect(provider).surrender(holdingId);
      expect(await certificates.validity(operationId)).to.equal(Validity.AncestorInvalid);
      expect(await certificates.validity(useId)).to.equal(Validity.AncestorInvalid);
      expect((await certificates.certificate(useId)).status).to.equal(CertificateStatus.Active);
    });

    it("lets a licensee surrender its licence without touching the parent", async () => {
      const { certificates, buyer, operationId, useId } = await loadFixture(chainFixture);
      await expect(certificates.connect(buyer).surrender(useId))
        .to.emit(certificates, "CertificateStatusChanged")
        .withArgs(useId, CertificateStatus.Active, CertificateStatus.Surrendered, ZERO);
      expect(await certificates.validity(operationId)).to.equal(Validity.Valid);
    });

    it("reverts when the caller is not the holder, the Registrar included", async () => {
      const { certificates, registrar, stranger, holdingId } = await loadFixture(holdingFixture);
      for (const caller of [stranger, registrar]) {
        await expect(certificates.connect(caller).surrender(holdingId))
          .to.be.revertedWithCustomError(certificates, "RightsCertificateNotHolder").withArgs(holdingId, caller.address);
      }
    });

    it("reverts while the certificate is pledged", async () => {
      const { certificates, provider, financier, holdingId } = await loadFixture(pledgedFixture);
      await expect(certificates.connect(provider).surrender(holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificatePledged").withArgs(holdingId, financier.address);
    });

    it("reverts while the certificate is pledged, even when suspended", async () => {
      const { certificates, registrar, provider, financier, holdingId } = await loadFixture(pledgedFixture);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      await expect(certificates.connect(provider).surrender(holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificatePledged").withArgs(holdingId, financier.address);
    });

    it("reverts when the certificate was already surrendered", async () => {
      const { certificates, provider, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(provider).surrender(holdingId);
      await expect(certificates.connect(provider).surrender(holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus")
        .withArgs(holdingId, CertificateStatus.Surrendered);
    });

    it("reverts when the certificate is revoked", async () => {
      const { certificates, registrar, provider, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).revoke(holdingId, REASON);
      await expect(certificates.connect(provider).surrender(holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus")
        .withArgs(holdingId, CertificateStatus.Revoked);
    });

    it("reverts when the certificate was superseded", async () => {
      const { certificates, provider, holdingId } = await loadFixture(reissuedFixture);
      await expect(certificates.connect(provider).surrender(holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus")
        .withArgs(holdingId, CertificateStatus.Superseded);
    });

    it("reverts for a certificate that does not exist", async () => {
      const { certificates, provider } = await loadFixture(holdingFixture);
      await expect(certificates.connect(provider).surrender(2n))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(2n);
    });
  });

  describe("renew", () => {
    it("extends the expiry of an active certificate", async () => {
      const { certificates, registrar, holdingId, expiresAt } = await loadFixture(holdingFixture);
      const renewed = expiresAt + YEAR;
      await expect(certificates.connect(registrar).renew(holdingId, renewed))
        .to.emit(certificates, "CertificateRenewed").withArgs(holdingId, expiresAt, renewed);
      expect((await certificates.certificate(holdingId)).expiresAt).to.equal(renewed);
      await time.increaseTo(expiresAt + 1n);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Valid);
    });

    it("renews an initial certificate to no expiry", async () => {
      const { certificates, registrar, holdingId, expiresAt } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).renew(holdingId, NO_EXPIRY))
        .to.emit(certificates, "CertificateRenewed").withArgs(holdingId, expiresAt, NO_EXPIRY);
      expect((await certificates.certificate(holdingId)).expiresAt).to.equal(NO_EXPIRY);
    });

    it("reverts for a certificate that has lapsed: a lapsed right is registered anew", async () => {
      const { certificates, registrar, holdingId, expiresAt } = await loadFixture(holdingFixture);
      await time.increaseTo(expiresAt + 10n);
      const renewed = (await now()) + YEAR;
      await expect(certificates.connect(registrar).renew(holdingId, renewed))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Expired);
    });

    it("reverts for a licence whose parent is no longer valid", async () => {
      const { certificates, registrar, holdingId, useId, useExpiresAt } = await loadFixture(chainFixture);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      await expect(certificates.connect(registrar).renew(useId, useExpiresAt + 1n))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(useId, Validity.AncestorInvalid);
    });

    it("renews a licence up to its parent's expiry", async () => {
      const { certificates, registrar, useId, useExpiresAt, operationExpiresAt } = await loadFixture(chainFixture);
      await expect(certificates.connect(registrar).renew(useId, operationExpiresAt))
        .to.emit(certificates, "CertificateRenewed").withArgs(useId, useExpiresAt, operationExpiresAt);
      expect((await certificates.certificate(useId)).expiresAt).to.equal(operationExpiresAt);
    });

    it("reverts renewing a licence beyond its parent's expiry", async () => {
      const { certificates, registrar, useId, operationExpiresAt } = await loadFixture(chainFixture);
      for (const renewed of [operationExpiresAt + 1n, NO_EXPIRY]) {
        await expect(certificates.connect(registrar).renew(useId, renewed))
          .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidExpiry").withArgs(renewed, operationExpiresAt);
      }
    });

    it("follows a renewed and then reissued parent through its successor", async () => {
      const { certificates, registrar, otherProvider, holdingId, operationId, expiresAt } = await loadFixture(chainFixture);
      const parentRenewed = expiresAt + 3n * YEAR;
      await certificates.connect(registrar).renew(holdingId, parentRenewed);
      await certificates.connect(registrar).reissue(holdingId, otherProvider.address, DEED); // 4
      expect((await certificates.certificate(4n)).expiresAt).to.equal(parentRenewed);
      await expect(certificates.connect(registrar).renew(operationId, parentRenewed + 1n))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidExpiry").withArgs(parentRenewed + 1n, parentRenewed);
      await expect(certificates.connect(registrar).renew(operationId, parentRenewed))
        .to.emit(certificates, "CertificateRenewed").withArgs(operationId, anyValue, parentRenewed);
    });

    it("bounds a licence by the renewed successor of its parent, not by the superseded parent", async () => {
      const { certificates, registrar, otherProvider, holdingId, operationId, operationExpiresAt, expiresAt } =
        await loadFixture(chainFixture);
      await certificates.connect(registrar).reissue(holdingId, otherProvider.address, DEED); // 4
      const successorRenewed = expiresAt + 2n * YEAR;
      await certificates.connect(registrar).renew(4n, successorRenewed);
      expect((await certificates.certificate(holdingId)).expiresAt).to.equal(expiresAt);
      await expect(certificates.connect(registrar).renew(operationId, expiresAt + YEAR))
        .to.emit(certificates, "CertificateRenewed").withArgs(operationId, operationExpiresAt, expiresAt + YEAR);
      await expect(certificates.connect(registrar).renew(operationId, successorRenewed + 1n))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidExpiry")
        .withArgs(successorRenewed + 1n, successorRenewed);
    });

    it("reverts when the new expiry is not after the current one", async () => {
      const { certificates, registrar, holdingId, expiresAt } = await loadFixture(holdingFixture);
      for (const renewed of [expiresAt, expiresAt - 1n]) {
        await expect(certificates.connect(registrar).renew(holdingId, renewed))
          .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidExpiry").withArgs(renewed, NO_EXPIRY);
      }
    });

    it("reverts when a licence's new expiry is not after the current one, naming the parent's bound", async () => {
      const { certificates, registrar, useId, useExpiresAt, operationExpiresAt } = await loadFixture(chainFixture);
      await expect(certificates.connect(registrar).renew(useId, useExpiresAt))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidExpiry").withArgs(useExpiresAt, operationExpiresAt);
    });

    it("reverts for a suspended certificate", async () => {
      const { certificates, registrar, holdingId, expiresAt } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      await expect(certificates.connect(registrar).renew(holdingId, expiresAt + YEAR))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Suspended);
    });

    it("reverts for a revoked certificate", async () => {
      const { certificates, registrar, holdingId, expiresAt } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).revoke(holdingId, REASON);
      await expect(certificates.connect(registrar).renew(holdingId, expiresAt + YEAR))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Revoked);
    });

    it("reverts for a surrendered certificate", async () => {
      const { certificates, registrar, provider, holdingId, expiresAt } = await loadFixture(holdingFixture);
      await certificates.connect(provider).surrender(holdingId);
      await expect(certificates.connect(registrar).renew(holdingId, expiresAt + YEAR))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Surrendered);
    });

    it("reverts for a superseded certificate", async () => {
      const { certificates, registrar, holdingId, expiresAt } = await loadFixture(reissuedFixture);
      await expect(certificates.connect(registrar).renew(holdingId, expiresAt + YEAR))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Superseded);
    });

    it("reverts for a certificate that does not exist", async () => {
      const { certificates, registrar, expiresAt } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).renew(2n, expiresAt + YEAR))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(2n);
    });
  });

  describe("suspend", () => {
    it("suspends an active certificate with a reason", async () => {
      const { certificates, registrar, holdingId } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).suspend(holdingId, REASON))
        .to.emit(certificates, "CertificateStatusChanged")
        .withArgs(holdingId, CertificateStatus.Active, CertificateStatus.Suspended, REASON);
      expect((await certificates.certificate(holdingId)).status).to.equal(CertificateStatus.Suspended);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Suspended);
    });

    it("makes every descendant AncestorInvalid", async () => {
      const { certificates, registrar, holdingId, operationId, useId } = await loadFixture(chainFixture);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      expect(await certificates.validity(operationId)).to.equal(Validity.AncestorInvalid);
      expect(await certificates.validity(useId)).to.equal(Validity.AncestorInvalid);
    });

    it("reverts for a certificate already suspended", async () => {
      const { certificates, registrar, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      await expect(certificates.connect(registrar).suspend(holdingId, REASON))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Suspended);
    });

    it("reverts for a revoked, surrendered or superseded certificate", async () => {
      const { certificates, registrar, provider, buyer, holdingId, operationId, useId } = await loadFixture(chainFixture);
      await certificates.connect(registrar).revoke(useId, REASON);
      await certificates.connect(registrar).reissue(operationId, buyer.address, DEED);
      await certificates.connect(provider).surrender(holdingId);
      const cases: [bigint, number][] = [
        [useId, CertificateStatus.Revoked],
        [operationId, CertificateStatus.Superseded],
        [holdingId, CertificateStatus.Surrendered],
      ];
      for (const [tokenId, status] of cases) {
        await expect(certificates.connect(registrar).suspend(tokenId, REASON))
          .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(tokenId, status);
      }
    });

    it("reverts for a certificate that does not exist", async () => {
      const { certificates, registrar } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).suspend(2n, REASON))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(2n);
    });
  });

  describe("reinstate", () => {
    it("lifts a suspension with a reason", async () => {
      const { certificates, registrar, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      const lifted = hashOf("suspension lifted");
      await expect(certificates.connect(registrar).reinstate(holdingId, lifted))
        .to.emit(certificates, "CertificateStatusChanged")
        .withArgs(holdingId, CertificateStatus.Suspended, CertificateStatus.Active, lifted);
      expect((await certificates.certificate(holdingId)).status).to.equal(CertificateStatus.Active);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Valid);
    });

    it("restores every descendant to Valid", async () => {
      const { certificates, registrar, holdingId, operationId, useId } = await loadFixture(chainFixture);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      await certificates.connect(registrar).reinstate(holdingId, REASON);
      expect(await certificates.validity(operationId)).to.equal(Validity.Valid);
      expect(await certificates.validity(useId)).to.equal(Validity.Valid);
    });

    it("reverts for an active certificate", async () => {
      const { certificates, registrar, holdingId } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).reinstate(holdingId, REASON))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Active);
    });

    it("reverts for a revoked certificate", async () => {
      const { certificates, registrar, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      await certificates.connect(registrar).revoke(holdingId, REASON);
      await expect(certificates.connect(registrar).reinstate(holdingId, REASON))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Revoked);
    });

    it("reverts for a certificate that does not exist", async () => {
      const { certificates, registrar } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).reinstate(2n, REASON))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(2n);
    });
  });

  describe("revoke", () => {
    it("revokes an active certificate with a reason", async () => {
      const { certificates, registrar, holdingId } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).revoke(holdingId, REASON))
        .to.emit(certificates, "CertificateStatusChanged")
        .withArgs(holdingId, CertificateStatus.Active, CertificateStatus.Revoked, REASON);
      expect((await certificates.certificate(holdingId)).status).to.equal(CertificateStatus.Revoked);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Revoked);
    });

    it("revokes a suspended certificate", async () => {
      const { certificates, registrar, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      await expect(certificates.connect(registrar).revoke(holdingId, REASON))
        .to.emit(certificates, "CertificateStatusChanged")
        .withArgs(holdingId, CertificateStatus.Suspended, CertificateStatus.Revoked, REASON);
    });

    it("makes every descendant AncestorInvalid for good", async () => {
      const { certificates, registrar, holdingId, operationId, useId } = await loadFixture(chainFixture);
      await certificates.connect(registrar).revoke(holdingId, REASON);
      expect(await certificates.validity(operationId)).to.equal(Validity.AncestorInvalid);
      expect(await certificates.validity(useId)).to.equal(Validity.AncestorInvalid);
    });

    it("revokes a pledged certificate, which its pledgee can still release", async () => {
      const { certificates, registrar, financier, holdingId } = await loadFixture(pledgedFixture);
      await expect(certificates.connect(registrar).revoke(holdingId, REASON))
        .to.emit(certificates, "CertificateStatusChanged")
        .withArgs(holdingId, CertificateStatus.Active, CertificateStatus.Revoked, REASON);
      await expect(certificates.connect(financier).release(holdingId))
        .to.emit(certificates, "CertificateReleased").withArgs(holdingId, financier.address);
    });

    it("reverts for a revoked, surrendered or superseded certificate", async () => {
      const { certificates, registrar, provider, buyer, holdingId, operationId, useId } = await loadFixture(chainFixture);
      await certificates.connect(registrar).revoke(useId, REASON);
      await certificates.connect(registrar).reissue(operationId, buyer.address, DEED);
      await certificates.connect(provider).surrender(holdingId);
      const cases: [bigint, number][] = [
        [useId, CertificateStatus.Revoked],
        [operationId, CertificateStatus.Superseded],
        [holdingId, CertificateStatus.Surrendered],
      ];
      for (const [tokenId, status] of cases) {
        await expect(certificates.connect(registrar).revoke(tokenId, REASON))
          .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(tokenId, status);
      }
    });

    it("reverts for a certificate that does not exist", async () => {
      const { certificates, registrar } = await loadFixture(holdingFixture);
      await expect(certificates.connect(registrar).revoke(2n, REASON))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(2n);
    });
  });

  describe("validity", () => {
    it("is Valid for an active, unexpired certificate whose ancestors are valid", async () => {
      const { certificates, holdingId, operationId, useId } = await loadFixture(chainFixture);
      for (const tokenId of [holdingId, operationId, useId]) {
        expect(await certificates.validity(tokenId)).to.equal(Validity.Valid);
      }
    });

    it("is Nonexistent for an id never issued", async () => {
      const { certificates } = await loadFixture(holdingFixture);
      expect(await certificates.validity(0n)).to.equal(Validity.Nonexistent);
      expect(await certificates.validity(2n)).to.equal(Validity.Nonexistent);
    });

    it("is Valid until the expiry and Expired from it", async () => {
      const { certificates, holdingId, expiresAt } = await loadFixture(holdingFixture);
      await time.increaseTo(expiresAt - 10n);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Valid);
      await time.increaseTo(expiresAt);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Expired);
    });

    it("reports a licence's own expiry while its parents are still valid", async () => {
      const { certificates, holdingId, operationId, useId, useExpiresAt } = await loadFixture(chainFixture);
      await time.increaseTo(useExpiresAt);
      expect(await certificates.validity(useId)).to.equal(Validity.Expired);
      expect(await certificates.validity(operationId)).to.equal(Validity.Valid);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Valid);
    });

    it("reports the certificate's own status before an invalid ancestor", async () => {
      const { certificates, registrar, holdingId, useId } = await loadFixture(chainFixture);
      await certificates.connect(registrar).revoke(holdingId, REASON);
      await certificates.connect(registrar).suspend(useId, REASON);
      expect(await certificates.validity(useId)).to.equal(Validity.Suspended);
    });

    it("walks the whole lineage: suspending the middle certificate invalidates only what lies below it", async () => {
      const { certificates, registrar, holdingId, operationId, useId } = await loadFixture(chainFixture);
      await certificates.connect(registrar).suspend(operationId, REASON);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Valid);
      expect(await certificates.validity(operationId)).to.equal(Validity.Suspended);
      expect(await certificates.validity(useId)).to.equal(Validity.AncestorInvalid);
      await certificates.connect(registrar).reinstate(operationId, REASON);
      expect(await certificates.validity(useId)).to.equal(Validity.Valid);
    });

    it("walks the whole lineage: revoking the root invalidates the grandchild", async () => {
      const { certificates, registrar, holdingId, operationId, useId } = await loadFixture(chainFixture);
      await certificates.connect(registrar).revoke(holdingId, REASON);
      expect(await certificates.validity(operationId)).to.equal(Validity.AncestorInvalid);
      expect(await certificates.validity(useId)).to.equal(Validity.AncestorInvalid);
    });
  });

  describe("rightOf", () => {
    it("returns holder, product, category, expiry and validity in one call", async () => {
      const { certificates, registrar, buyer, productId, holdingId, useId, useExpiresAt } = await loadFixture(chainFixture);
      const right = await certificates.rightOf(useId);
      expect(right.holder).to.equal(buyer.address);
      expect(right.productId).to.equal(productId);
      expect(right.category).to.equal(RightCategory.ProcessingUse);
      expect(right.expiresAt).to.equal(useExpiresAt);
      expect(right.validity_).to.equal(Validity.Valid);
      await certificates.connect(registrar).revoke(holdingId, REASON);
      expect((await certificates.rightOf(useId)).validity_).to.equal(Validity.AncestorInvalid);
    });

    it("returns zeros and Nonexistent, without reverting, for an id never issued", async () => {
      const { certificates } = await loadFixture(holdingFixture);
      const right = await certificates.rightOf(2n);
      expect(right.holder).to.equal(ethers.ZeroAddress);
      expect(right.productId).to.equal(0n);
      expect(right.category).to.equal(0n);
      expect(right.expiresAt).to.equal(0n);
      expect(right.validity_).to.equal(Validity.Nonexistent);
    });
  });

  describe("pledge", () => {
    it("lets the holder pledge a valid certificate to an accredited financier", async () => {
      const { certificates, provider, financier, holdingId } = await loadFixture(holdingFixture);
      await expect(certificates.connect(provider).pledge(holdingId, financier.address, AGREEMENT))
        .to.emit(certificates, "CertificatePledged").withArgs(holdingId, financier.address, AGREEMENT);
      expect((await certificates.certificate(holdingId)).pledgee).to.equal(financier.address);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Valid);
      expect(await certificates.ownerOf(holdingId)).to.equal(provider.address);
    });

    it("lets a licensee pledge its licence", async () => {
      const { certificates, buyer, financier, useId } = await loadFixture(chainFixture);
      await expect(certificates.connect(buyer).pledge(useId, financier.address, AGREEMENT))
        .to.emit(certificates, "CertificatePledged").withArgs(useId, financier.address, AGREEMENT);
    });

    it("reverts when the caller is not the holder, the financier included", async () => {
      const { certificates, stranger, financier, holdingId } = await loadFixture(holdingFixture);
      for (const caller of [stranger, financier]) {
        await expect(certificates.connect(caller).pledge(holdingId, financier.address, AGREEMENT))
          .to.be.revertedWithCustomError(certificates, "RightsCertificateNotHolder").withArgs(holdingId, caller.address);
      }
    });

    it("reverts when the certificate is suspended", async () => {
      const { certificates, registrar, provider, financier, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      await expect(certificates.connect(provider).pledge(holdingId, financier.address, AGREEMENT))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Suspended);
    });

    it("reverts when the certificate has expired", async () => {
      const { certificates, provider, financier, holdingId, expiresAt } = await loadFixture(holdingFixture);
      await time.increaseTo(expiresAt);
      await expect(certificates.connect(provider).pledge(holdingId, financier.address, AGREEMENT))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Expired);
    });

    it("reverts for a licence whose parent is revoked", async () => {
      const { certificates, registrar, buyer, financier, holdingId, useId } = await loadFixture(chainFixture);
      await certificates.connect(registrar).revoke(holdingId, REASON);
      await expect(certificates.connect(buyer).pledge(useId, financier.address, AGREEMENT))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(useId, Validity.AncestorInvalid);
    });

    it("reverts when the certificate is already pledged", async () => {
      const { certificates, provider, financier, holdingId } = await loadFixture(pledgedFixture);
      await expect(certificates.connect(provider).pledge(holdingId, financier.address, hashOf("second loan")))
        .to.be.revertedWithCustomError(certificates, "RightsCertificatePledged").withArgs(holdingId, financier.address);
    });

    it("reverts while the certificate is frozen by an objection", async () => {
      const { certificates, provider, financier, holdingId } = await loadFixture(frozenFixture);
      await expect(certificates.connect(provider).pledge(holdingId, financier.address, AGREEMENT))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen").withArgs(holdingId);
    });

    it("reverts when the agreement hash is zero", async () => {
      const { certificates, provider, financier, holdingId } = await loadFixture(holdingFixture);
      await expect(certificates.connect(provider).pledge(holdingId, financier.address, ZERO))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateMissingHash").withArgs();
    });

    it("reverts when the pledgee is not an accredited Financier", async () => {
      const { certificates, provider, buyer, stranger, holdingId } = await loadFixture(holdingFixture);
      for (const pledgee of [buyer, stranger]) {
        await expect(certificates.connect(provider).pledge(holdingId, pledgee.address, AGREEMENT))
          .to.be.revertedWithCustomError(certificates, "RightsCertificateFinancierNotAccredited").withArgs(pledgee.address);
      }
      await expect(certificates.connect(provider).pledge(holdingId, ethers.ZeroAddress, AGREEMENT))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateFinancierNotAccredited").withArgs(ethers.ZeroAddress);
    });

    it("reverts when the financier's accreditation is suspended", async () => {
      const { certificates, participants, registrar, provider, financier, holdingId } = await loadFixture(holdingFixture);
      await participants.connect(registrar).suspend(financier.address, REASON);
      await expect(certificates.connect(provider).pledge(holdingId, financier.address, AGREEMENT))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateFinancierNotAccredited").withArgs(financier.address);
    });

    it("reverts for a certificate that does not exist", async () => {
      const { certificates, provider, financier } = await loadFixture(holdingFixture);
      await expect(certificates.connect(provider).pledge(2n, financier.address, AGREEMENT))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(2n);
    });
  });

  describe("release", () => {
    it("lets the pledgee release its pledge", async () => {
      const { certificates, financier, holdingId } = await loadFixture(pledgedFixture);
      await expect(certificates.connect(financier).release(holdingId))
        .to.emit(certificates, "CertificateReleased").withArgs(holdingId, financier.address);
      expect((await certificates.certificate(holdingId)).pledgee).to.equal(ethers.ZeroAddress);
    });

    it("lets the holder surrender once released", async () => {
      const { certificates, provider, financier, holdingId } = await loadFixture(pledgedFixture);
      await certificates.connect(financier).release(holdingId);
      await expect(certificates.connect(provider).surrender(holdingId))
        .to.emit(certificates, "CertificateStatusChanged")
        .withArgs(holdingId, CertificateStatus.Active, CertificateStatus.Surrendered, ZERO);
    });

    it("lets the Registrar reissue once released", async () => {
      const { certificates, registrar, financier, otherProvider, holdingId } = await loadFixture(pledgedFixture);
      await certificates.connect(financier).release(holdingId);
      await expect(certificates.connect(registrar).reissue(holdingId, otherProvider.address, DEED))
        .to.emit(certificates, "CertificateReplaced").withArgs(holdingId, 2n);
    });

    it("lets the holder pledge again once released", async () => {
      const { certificates, provider, financier, holdingId } = await loadFixture(pledgedFixture);
      await certificates.connect(financier).release(holdingId);
      const second = hashOf("second loan");
      await expect(certificates.connect(provider).pledge(holdingId, financier.address, second))
        .to.emit(certificates, "CertificatePledged").withArgs(holdingId, financier.address, second);
    });

    it("reverts when the caller is not the pledgee, the holder and the Registrar included", async () => {
      const { certificates, provider, registrar, holdingId } = await loadFixture(pledgedFixture);
      for (const caller of [provider, registrar]) {
        await expect(certificates.connect(caller).release(holdingId))
          .to.be.revertedWithCustomError(certificates, "RightsCertificateNotPledgee").withArgs(holdingId, caller.address);
      }
    });

    it("reverts when the certificate is not pledged", async () => {
      const { certificates, financier, holdingId } = await loadFixture(holdingFixture);
      await expect(certificates.connect(financier).release(holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotPledged").withArgs(holdingId);
    });

    it("reverts when the pledge was already released", async () => {
      const { certificates, financier, holdingId } = await loadFixture(pledgedFixture);
      await certificates.connect(financier).release(holdingId);
      await expect(certificates.connect(financier).release(holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotPledged").withArgs(holdingId);
    });

    it("reverts for a certificate that does not exist", async () => {
      const { certificates, financier } = await loadFixture(holdingFixture);
      await expect(certificates.connect(financier).release(2n))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(2n);
    });
  });

  describe("lodgeObjection", () => {
    it("records the objection and freezes the certificate", async () => {
      const { certificates, otherProvider, holdingId } = await loadFixture(holdingFixture);
      await expect(certificates.connect(otherProvider).lodgeObjection(holdingId, CLAIM))
        .to.emit(certificates, "ObjectionLodged").withArgs(1n, holdingId, otherProvider.address, CLAIM);
      const lodgedAt = await now();
      expect(await certificates.openObjections(holdingId)).to.equal(1n);
      expect((await certificates.certificate(holdingId)).openObjections).to.equal(1n);
      expect(await certificates.objectionCount()).to.equal(1n);
      const objection = await certificates.objection(1n);
      expect(objection.claimant).to.equal(otherProvider.address);
      expect(objection.status).to.equal(ObjectionStatus.Open);
      expect(objection.lodgedAt).to.equal(lodgedAt);
      expect(objection.resolvedAt).to.equal(0n);
      expect(objection.targetId).to.equal(holdingId);
      expect(objection.claimHash).to.equal(CLAIM);
      expect(objection.resolutionHash).to.equal(ZERO);
      expect((await certificates.certificate(holdingId)).status).to.equal(CertificateStatus.Active);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Valid);
    });

    it("returns the objection's id", async () => {
      const { certificates, otherProvider, holdingId } = await loadFixture(frozenFixture);
      expect(await certificates.connect(otherProvider).lodgeObjection.staticCall(holdingId, CLAIM)).to.equal(2n);
    });

    it("freezes licences, reissue, amendment and pledge of the certificate", async () => {
      const { certificates, registrar, provider, buyer, financier, holdingId } = await loadFixture(frozenFixture);
      const expiresAt = (await now()) + YEAR;
      await expect(
        certificates.connect(registrar).license(holdingId, buyer.address, RightCategory.ProcessingUse, expiresAt, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen").withArgs(holdingId);
      await expect(certificates.connect(registrar).reissue(holdingId, buyer.address, DEED))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen").withArgs(holdingId);
      await expect(certificates.connect(registrar).amend(holdingId, NEW_SCOPE, NEW_EVIDENCE))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen").withArgs(holdingId);
      await expect(certificates.connect(provider).pledge(holdingId, financier.address, AGREEMENT))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen").withArgs(holdingId);
    });

    it("counts several open objections against the same certificate", async () => {
      const { certificates, auditor, holdingId } = await loadFixture(frozenFixture);
      await expect(certificates.connect(auditor).lodgeObjection(holdingId, hashOf("second claim")))
        .to.emit(certificates, "ObjectionLodged").withArgs(2n, holdingId, auditor.address, hashOf("second claim"));
      expect(await certificates.openObjections(holdingId)).to.equal(2n);
      expect(await certificates.objectionCount()).to.equal(2n);
    });

    it("accepts an objection against a suspended certificate", async () => {
      const { certificates, registrar, auditor, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      await expect(certificates.connect(auditor).lodgeObjection(holdingId, CLAIM))
        .to.emit(certificates, "ObjectionLodged").withArgs(1n, holdingId, auditor.address, CLAIM);
    });

    it("keeps certificate objections apart from product objections with the same id", async () => {
      const { certificates, products, registrar, provider, productId, holdingId } = await loadFixture(frozenFixture);
      expect(holdingId).to.equal(productId);
      expect(await products.openObjections(productId)).to.equal(0n);
      expect(await products.objectionCount()).to.equal(0n);
      await expect(
        certificates.connect(registrar).issue(provider.address, productId, RightCategory.ProductOperation, NO_EXPIRY, SCOPE, EVIDENCE),
      ).to.emit(certificates, "CertificateIssued");
    });

    it("reverts against a revoked certificate", async () => {
      const { certificates, registrar, auditor, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).revoke(holdingId, REASON);
      await expect(certificates.connect(auditor).lodgeObjection(holdingId, CLAIM))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Revoked);
    });

    it("reverts against a surrendered certificate", async () => {
      const { certificates, provider, auditor, holdingId } = await loadFixture(holdingFixture);
      await certificates.connect(provider).surrender(holdingId);
      await expect(certificates.connect(auditor).lodgeObjection(holdingId, CLAIM))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Surrendered);
    });

    it("reverts against a superseded certificate", async () => {
      const { certificates, auditor, holdingId } = await loadFixture(reissuedFixture);
      await expect(certificates.connect(auditor).lodgeObjection(holdingId, CLAIM))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Superseded);
    });

    it("reverts against a certificate that does not exist", async () => {
      const { certificates, auditor } = await loadFixture(holdingFixture);
      for (const targetId of [0n, 2n]) {
        await expect(certificates.connect(auditor).lodgeObjection(targetId, CLAIM))
          .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(targetId);
      }
    });

    it("reverts when the claimant is not accredited", async () => {
      const { certificates, stranger, holdingId } = await loadFixture(holdingFixture);
      await expect(certificates.connect(stranger).lodgeObjection(holdingId, CLAIM))
        .to.be.revertedWithCustomError(certificates, "ObjectionClaimantNotAccredited").withArgs(stranger.address);
    });

    it("reverts when the claim hash is zero", async () => {
      const { certificates, auditor, holdingId } = await loadFixture(holdingFixture);
      await expect(certificates.connect(auditor).lodgeObjection(holdingId, ZERO))
        .to.be.revertedWithCustomError(certificates, "ObjectionMissingClaim").withArgs();
    });
  });

  describe("resolveObjection", () => {
    it("dismissing lifts the freeze without changing the certificate's status", async () => {
      const { certificates, registrar, buyer, holdingId } = await loadFixture(frozenFixture);
      const resolving = certificates.connect(registrar).resolveObjection(1n, false, RESOLUTION);
      await expect(resolving).to.emit(certificates, "ObjectionResolved").withArgs(1n, holdingId, false, RESOLUTION);
      await expect(resolving).to.not.emit(certificates, "CertificateStatusChanged");
      const resolvedAt = await now();
      const objection = await certificates.objection(1n);
      expect(objection.status).to.equal(ObjectionStatus.Dismissed);
      expect(objection.resolvedAt).to.equal(resolvedAt);
      expect(objection.resolutionHash).to.equal(RESOLUTION);
      expect(await certificates.openObjections(holdingId)).to.equal(0n);
      expect((await certificates.certificate(holdingId)).status).to.equal(CertificateStatus.Active);
      await expect(
        certificates
          .connect(registrar)
          .license(holdingId, buyer.address, RightCategory.ProcessingUse, (await now()) + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE),
      ).to.emit(certificates, "CertificateIssued");
    });

    it("upholding revokes the certificate with the resolution hash as reason", async () => {
      const { certificates, registrar, holdingId } = await loadFixture(frozenFixture);
      await expect(certificates.connect(registrar).resolveObjection(1n, true, RESOLUTION))
        .to.emit(certificates, "ObjectionResolved").withArgs(1n, holdingId, true, RESOLUTION)
        .and.to.emit(certificates, "CertificateStatusChanged")
        .withArgs(holdingId, CertificateStatus.Active, CertificateStatus.Revoked, RESOLUTION);
      expect((await certificates.objection(1n)).status).to.equal(ObjectionStatus.Upheld);
      expect(await certificates.openObjections(holdingId)).to.equal(0n);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Revoked);
    });

    it("upholding invalidates the certificate's licences", async () => {
      const { certificates, registrar, auditor, holdingId, operationId, useId } = await loadFixture(chainFixture);
      await certificates.connect(auditor).lodgeObjection(holdingId, CLAIM);
      await certificates.connect(registrar).resolveObjection(1n, true, RESOLUTION);
      expect(await certificates.validity(operationId)).to.equal(Validity.AncestorInvalid);
      expect(await certificates.validity(useId)).to.equal(Validity.AncestorInvalid);
    });

    it("upholding revokes a suspended certificate", async () => {
      const { certificates, registrar, holdingId } = await loadFixture(frozenFixture);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      await expect(certificates.connect(registrar).resolveObjection(1n, true, RESOLUTION))
        .to.emit(certificates, "CertificateStatusChanged")
        .withArgs(holdingId, CertificateStatus.Suspended, CertificateStatus.Revoked, RESOLUTION);
    });

    it("keeps the certificate frozen while another objection is open", async () => {
      const { certificates, registrar, auditor, buyer, holdingId } = await loadFixture(frozenFixture);
      await certificates.connect(auditor).lodgeObjection(holdingId, hashOf("second claim"));
      await certificates.connect(registrar).resolveObjection(1n, false, RESOLUTION);
      expect(await certificates.openObjections(holdingId)).to.equal(1n);
      await expect(certificates.connect(registrar).reissue(holdingId, buyer.address, DEED))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen").withArgs(holdingId);
    });

    it("upholding a second objection against an already revoked certificate changes no status", async () => {
      const { certificates, registrar, auditor, holdingId } = await loadFixture(frozenFixture);
      await certificates.connect(auditor).lodgeObjection(holdingId, hashOf("second claim"));
      await certificates.connect(registrar).resolveObjection(1n, true, RESOLUTION);
      const second = hashOf("second resolution");
      const resolving = certificates.connect(registrar).resolveObjection(2n, true, second);
      await expect(resolving).to.emit(certificates, "ObjectionResolved").withArgs(2n, holdingId, true, second);
      await expect(resolving).to.not.emit(certificates, "CertificateStatusChanged");
      expect((await certificates.certificate(holdingId)).status).to.equal(CertificateStatus.Revoked);
      expect(await certificates.openObjections(holdingId)).to.equal(0n);
    });

    it("reverts for an objection that does not exist", async () => {
      const { certificates, registrar } = await loadFixture(frozenFixture);
      for (const objectionId of [0n, 2n]) {
        await expect(certificates.connect(registrar).resolveObjection(objectionId, true, RESOLUTION))
          .to.be.revertedWithCustomError(certificates, "ObjectionUnknown").withArgs(objectionId);
      }
    });

    it("reverts for an objection already resolved", async () => {
      const { certificates, registrar } = await loadFixture(frozenFixture);
      await certificates.connect(registrar).resolveObjection(1n, false, RESOLUTION);
      await expect(certificates.connect(registrar).resolveObjection(1n, true, RESOLUTION))
        .to.be.revertedWithCustomError(certificates, "ObjectionAlreadyResolved").withArgs(1n);
    });
  });

  describe("tokenURI", () => {
    it("describes an initial certificate fully, as on-chain JSON", async () => {
      const { certificates, provider, registrar, holdingId, issuedAt, expiresAt } = await loadFixture(holdingFixture);
      expect(await documentOf(certificates, holdingId)).to.deep.equal({
        name: "SZDE-E1-RH-00000001",
        description:
          "Soulbound data rights certificate: ResourceHolding right to data product SZDE-E1-DP-00000001. Non-transferable (ERC-5192).",
        tokenId: "1",
        registrationNumber: "SZDE-E1-RH-00000001",
        category: "ResourceHolding",
        product: { id: "1", registrationNumber: "SZDE-E1-DP-00000001" },
        holder: provider.address,
        issuer: registrar.address,
        pledgee: null,
        issuedAt: Number(issuedAt),
        issuedOn: isoDay(issuedAt),
        expiresAt: Number(expiresAt),
        expiresOn: isoDay(expiresAt),
        status: "Active",
        validity: "Valid",
        openObjections: 0,
        parent: null,
        predecessor: null,
        successor: null,
        scopeHash: SCOPE,
        evidenceHash: EVIDENCE,
        attributes: [
          { trait_type: "Category", value: "ResourceHolding" },
          { trait_type: "Status", value: "Active" },
          { trait_type: "Validity", value: "Valid" },
          { trait_type: "Derived", value: "No" },
          { trait_type: "Pledged", value: "No" },
          { display_type: "date", trait_type: "Issued", value: Number(issuedAt) },
        ],
      });
    });

    it("describes a pledged licence with its parent and pledgee", async () => {
      const { certificates, registrar, buyer, financier, useId, useIssuedAt, useExpiresAt } = await loadFixture(chainFixture);
      expect((await documentOf(certificates, useId)).pledgee).to.equal(null);
      await certificates.connect(buyer).pledge(useId, financier.address, AGREEMENT);
      expect(await documentOf(certificates, useId)).to.deep.equal({
        name: "SZDE-E1-PU-00000003",
        description:
          "Soulbound data rights certificate: ProcessingUse right to data product SZDE-E1-DP-00000001. Non-transferable (ERC-5192).",
        tokenId: "3",
        registrationNumber: "SZDE-E1-PU-00000003",
        category: "ProcessingUse",
        product: { id: "1", registrationNumber: "SZDE-E1-DP-00000001" },
        holder: buyer.address,
        issuer: registrar.address,
        pledgee: financier.address,
        issuedAt: Number(useIssuedAt),
        issuedOn: isoDay(useIssuedAt),
        expiresAt: Number(useExpiresAt),
        expiresOn: isoDay(useExpiresAt),
        status: "Active",
        validity: "Valid",
        openObjections: 0,
        parent: { id: "2", registrationNumber: "SZDE-E1-PO-00000002" },
        predecessor: null,
        successor: null,
        scopeHash: LICENCE_SCOPE,
        evidenceHash: LICENCE_EVIDENCE,
        attributes: [
          { trait_type: "Category", value: "ProcessingUse" },
          { trait_type: "Status", value: "Active" },
          { trait_type: "Validity", value: "Valid" },
          { trait_type: "Derived", value: "Yes" },
          { trait_type: "Pledged", value: "Yes" },
          { display_type: "date", trait_type: "Issued", value: Number(useIssuedAt) },
        ],
      });
    });

    it("names the ProductOperation category", async () => {
      const { certificates, operationId } = await loadFixture(chainFixture);
      const document = await documentOf(certificates, operationId);
      expect(document.category).to.equal("ProductOperation");
      expect(document.name).to.equal("SZDE-E1-PO-00000002");
      expect(document.parent).to.deep.equal({ id: "1", registrationNumber: "SZDE-E1-RH-00000001" });
      expect(document.attributes[0]).to.deep.equal({ trait_type: "Category", value: "ProductOperation" });
    });

    it("shows null expiry for a certificate with no expiry", async () => {
      const { certificates, registrar, provider, productId } = await loadFixture(holdingFixture);
      await certificates
        .connect(registrar)
        .issue(provider.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, SCOPE, EVIDENCE);
      const document = await documentOf(certificates, 2n);
      expect(document.expiresAt).to.equal(null);
      expect(document.expiresOn).to.equal(null);
    });

    it("links a superseded certificate and its successor both ways", async () => {
      const { certificates, otherProvider, holdingId, successorId } = await loadFixture(reissuedFixture);
      const old = await documentOf(certificates, holdingId);
      expect(old.status).to.equal("Superseded");
      expect(old.validity).to.equal("Superseded");
      expect(old.predecessor).to.equal(null);
      expect(old.successor).to.equal(successorId.toString());
      expect(old.attributes[1]).to.deep.equal({ trait_type: "Status", value: "Superseded" });
      const successor = await documentOf(certificates, successorId);
      expect(successor.holder).to.equal(otherProvider.address);
      expect(successor.predecessor).to.equal(holdingId.toString());
      expect(successor.successor).to.equal(null);
      expect(successor.evidenceHash).to.equal(DEED);
      expect(successor.name).to.equal("SZDE-E1-RH-00000002");
    });

    it("shows the Suspended, Revoked and Surrendered statuses with their validity", async () => {
      const { certificates, registrar, provider, otherProvider, productId, holdingId } = await loadFixture(holdingFixture);
      const issueAnother = () =>
        certificates.connect(registrar).issue(otherProvider.address, productId, RightCategory.ProductOperation, NO_EXPIRY, SCOPE, EVIDENCE);
      await certificates.connect(registrar).suspend(holdingId, REASON);
      await issueAnother(); // 2
      await certificates.connect(registrar).revoke(2n, REASON);
      await issueAnother(); // 3
      await certificates.connect(otherProvider).surrender(3n);
      const cases: [bigint, string][] = [[holdingId, "Suspended"], [2n, "Revoked"], [3n, "Surrendered"]];
      for (const [tokenId, status] of cases) {
        const document = await documentOf(certificates, tokenId);
        expect(document.status).to.equal(status);
        expect(document.validity).to.equal(status);
        expect(document.attributes.slice(1, 3)).to.deep.equal([
          { trait_type: "Status", value: status },
          { trait_type: "Validity", value: status },
        ]);
      }
      expect((await documentOf(certificates, holdingId)).holder).to.equal(provider.address);
    });

    it("shows AncestorInvalid for a licence after its parent is revoked", async () => {
      const { certificates, registrar, holdingId, useId } = await loadFixture(chainFixture);
      await certificates.connect(registrar).revoke(holdingId, REASON);
      const document = await documentOf(certificates, useId);
      expect(document.status).to.equal("Active");
      expect(document.validity).to.equal("AncestorInvalid");
    });

    it("shows Expired once the right lapses", async () => {
      const { certificates, holdingId, expiresAt } = await loadFixture(holdingFixture);
      await time.increaseTo(expiresAt);
      const document = await documentOf(certificates, holdingId);
      expect(document.status).to.equal("Active");
      expect(document.validity).to.equal("Expired");
    });

    it("counts open objections", async () => {
      const { certificates, auditor, holdingId } = await loadFixture(frozenFixture);
      expect((await documentOf(certificates, holdingId)).openObjections).to.equal(1);
      await certificates.connect(auditor).lodgeObjection(holdingId, hashOf("second claim"));
      expect((await documentOf(certificates, holdingId)).openObjections).to.equal(2);
    });

    it("shows the renewed expiry", async () => {
      const { certificates, registrar, holdingId, expiresAt } = await loadFixture(holdingFixture);
      await certificates.connect(registrar).renew(holdingId, expiresAt + YEAR);
      const document = await documentOf(certificates, holdingId);
      expect(document.expiresAt).to.equal(Number(expiresAt + YEAR));
      expect(document.expiresOn).to.equal(isoDay(expiresAt + YEAR));
    });

    it("reverts for a certificate that does not exist", async () => {
      const { certificates } = await loadFixture(holdingFixture);
      for (const tokenId of [0n, 2n]) {
        await expect(certificates.tokenURI(tokenId))
          .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(tokenId);
      }
    });
  });

  describe("CertificateRenderer.isoDate", () => {
    async function rendererFixture(): Promise<CertificateRenderer> {
      return (await ethers.deployContract("CertificateRenderer")) as unknown as CertificateRenderer;
    }

    it("formats Unix times as UTC calendar dates, leap days and century years included", async () => {
      const renderer = await loadFixture(rendererFixture);
      const dates = [
        "1970-01-01T00:00:00Z",
        "1970-01-01T23:59:59Z",
        "1999-12-31T23:59:59Z",
        "2000-02-29T12:00:00Z",
        "2000-03-01T00:00:00Z",
        "2023-02-28T23:59:59Z",
        "2023-03-01T00:00:00Z",
        "2024-02-29T00:00:00Z",
        "2024-02-29T23:59:59Z",
        "2024-03-01T00:00:00Z",
        "2024-12-31T23:59:59Z",
        "2100-02-28T23:59:59Z",
        "2100-03-01T00:00:00Z",
        "2400-02-29T00:00:00Z",
        "9999-12-31T23:59:59Z",
      ];
      for (const date of dates) {
        const timestamp = Date.parse(date) / 1000;
        expect(await renderer.isoDate(timestamp), date).to.equal(date.slice(0, 10));
        expect(isoDay(timestamp)).to.equal(date.slice(0, 10));
      }
    });

    it("writes years after 9999 with all their digits", async () => {
      const renderer = await loadFixture(rendererFixture);
      expect(await renderer.isoDate(253_402_300_800)).to.equal("10000-01-01");
      const last = new Date(Number(NO_EXPIRY) * 1000);
      const pad = (value: number) => value.toString().padStart(2, "0");
      const expected = `${last.getUTCFullYear()}-${pad(last.getUTCMonth() + 1)}-${pad(last.getUTCDate())}`;
      expect(await renderer.isoDate(NO_EXPIRY)).to.equal(expected);
    });
  });

  describe("the product's state, and encumbrances up the chain", () => {
    /** CertificateValidity.ProductRevoked: the certificate stands but its product was revoked. */
    const PRODUCT_REVOKED = 8;

    it("reads ProductRevoked for every certificate of a revoked product, before AncestorInvalid", async () => {
      const { certificates, products, registrar, productId, holdingId, operationId, useId } = await loadFixture(chainFixture);
      await products.connect(registrar).revoke(productId, hashOf("fraud"));
      for (const tokenId of [holdingId, operationId, useId]) {
        expect(await certificates.validity(tokenId)).to.equal(PRODUCT_REVOKED);
        expect((await certificates.certificate(tokenId)).status).to.equal(CertificateStatus.Active);
      }
      // Its own status still comes first.
      await certificates.connect(registrar).suspend(useId, hashOf("x"));
      expect(await certificates.validity(useId)).to.equal(Validity.Suspended);
    });

    it("does not read ProductRevoked for a suspended product", async () => {
      const { certificates, products, registrar, productId, holdingId } = await loadFixture(holdingFixture);
      await products.connect(registrar).suspend(productId, hashOf("x"));
      expect(await certificates.validity(holdingId)).to.equal(Validity.Valid);
    });

    it("refuses to pledge or renew a right while its product is suspended", async () => {
      const { certificates, products, registrar, provider, financier, productId, holdingId, expiresAt } = await loadFixture(holdingFixture);
      await products.connect(registrar).suspend(productId, hashOf("x"));
      await expect(certificates.connect(provider).pledge(holdingId, financier.address, AGREEMENT))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(productId);
      await expect(certificates.connect(registrar).renew(holdingId, expiresAt + YEAR))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(productId);
      await products.connect(registrar).reinstate(productId, hashOf("cleared"));
      await expect(certificates.connect(provider).pledge(holdingId, financier.address, AGREEMENT))
        .to.emit(certificates, "CertificatePledged").withArgs(holdingId, financier.address, AGREEMENT);
    });

    it("refuses a licence out of a right whose grandparent is frozen, naming the grandparent", async () => {
      const { certificates, registrar, auditor, buyer, holdingId, operationId } = await loadFixture(chainFixture);
      await certificates.connect(auditor).lodgeObjection(holdingId, CLAIM);
      expect(await certificates.validity(operationId)).to.equal(Validity.Valid);
      await expect(certificates.connect(registrar).license(operationId, buyer.address, RightCategory.ProcessingUse, (await now()) + YEAR, LICENCE_SCOPE, LICENCE_EVIDENCE))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen").withArgs(holdingId);
    });

    it("refuses a licence out of a right whose grandparent is pledged, naming the grandparent and pledgee", async () => {
      const fixture = await loadFixture(chainFixture);
      const { certificates, registrar, provider, financier, buyer, holdingId, operationId } = fixture;
      await certificates.connect(provider).pledge(holdingId, financier.address, AGREEMENT);
      const expiry = (await now()) + YEAR;
      const licence = () => certificates.connect(registrar)
        .license(operationId, buyer.address, RightCategory.ProcessingUse, expiry, LICENCE_SCOPE, LICENCE_EVIDENCE);
      await expect(licence())
        .to.be.revertedWithCustomError(certificates, "RightsCertificatePledged").withArgs(holdingId, financier.address);
      await certificates.connect(financier).release(holdingId);
      await expect(licence()).to.emit(certificates, "CertificateIssued");
    });
  });
});

