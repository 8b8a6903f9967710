import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  registryFixture, registerProduct, issueHolding, licenseFrom, hashOf, now, YEAR, NO_EXPIRY, REGISTRAR_ROLE,
  RightCategory, CertificateStatus, Validity, Classification,
} from "../fixtures";
import type { RegistryFixture } from "../fixtures";

/** A product of the fixture's provider with its ResourceHolding certificate. */
async function heldProduct() {
  const fixture = await loadFixture(registryFixture);
  const productId = await registerProduct(fixture);
  const holdingId = await issueHolding(fixture, productId);
  return { ...fixture, productId, holdingId };
}

function shouldBehaveLikeSoulbound(getContext: () => Promise<{ fixture: RegistryFixture; tokenId: bigint }>) {
  describe("soulbound (ERC-721 + ERC-5192)", () => {
    it("is locked and reports ERC-5192, ERC-721, metadata and ERC-165", async () => {
      const { fixture, tokenId } = await getContext();
      const { certificates } = fixture;
      expect(await certificates.locked(tokenId)).to.equal(true);
      for (const id of ["0xb45a3c0e", "0x80ac58cd", "0x5b5e139f", "0x01ffc9a7"]) {
        expect(await certificates.supportsInterface(id)).to.equal(true);
      }
      expect(await certificates.supportsInterface("0xffffffff")).to.equal(false);
    });

    it("reverts every transfer path, even for the holder", async () => {
      const { fixture, tokenId } = await getContext();
      const { certificates, stranger } = fixture;
      const holder = await ethers.getSigner(await certificates.ownerOf(tokenId));
      await expect(certificates.connect(holder).transferFrom(holder.address, stranger.address, tokenId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateLocked").withArgs(tokenId);
      await expect(
        certificates.connect(holder)["safeTransferFrom(address,address,uint256)"](holder.address, stranger.address, tokenId),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateLocked").withArgs(tokenId);
      await expect(
        certificates
          .connect(holder)
          ["safeTransferFrom(address,address,uint256,bytes)"](holder.address, stranger.address, tokenId, "0x"),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateLocked").withArgs(tokenId);
      expect(await certificates.ownerOf(tokenId)).to.equal(holder.address);
    });

    it("reverts every approval path", async () => {
      const { fixture, tokenId } = await getContext();
      const { certificates, stranger } = fixture;
      const holder = await ethers.getSigner(await certificates.ownerOf(tokenId));
      await expect(certificates.connect(holder).approve(stranger.address, tokenId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateLocked").withArgs(tokenId);
      await expect(certificates.connect(holder).setApprovalForAll(stranger.address, true))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateApprovalsDisabled").withArgs(stranger.address);
      expect(await certificates.getApproved(tokenId)).to.equal(ethers.ZeroAddress);
    });
  });
}

describe("RightsCertificate", () => {
  describe("locked", () => {
    it("reverts for a certificate that does not exist", async () => {
      const { certificates } = await loadFixture(registryFixture);
      await expect(certificates.locked(1n)).to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(1n);
    });
  });

  describe("initial certificate", () => {
    shouldBehaveLikeSoulbound(async () => {
      const fixture = await heldProduct();
      return { fixture, tokenId: fixture.holdingId };
    });
  });
  describe("licence", () => {
    shouldBehaveLikeSoulbound(async () => {
      const fixture = await heldProduct();
      return { fixture, tokenId: await licenseFrom(fixture, fixture.holdingId, fixture.buyer) };
    });
  });
  describe("reissued certificate", () => {
    shouldBehaveLikeSoulbound(async () => {
      const fixture = await heldProduct();
      await fixture.certificates.connect(fixture.registrar).reissue(fixture.holdingId, fixture.otherProvider.address, hashOf("deed"));
      return { fixture, tokenId: await fixture.certificates.certificateCount() };
    });
  });

  describe("issue", () => {
    it("issues a ResourceHolding certificate with every field recorded", async () => {
      const fixture = await loadFixture(registryFixture);
      const { certificates, registrar, provider } = fixture;
      const productId = await registerProduct(fixture);
      const expiresAt = (await now()) + 5n * YEAR;
      await expect(
        certificates.connect(registrar).issue(provider.address, productId, RightCategory.ResourceHolding, expiresAt, hashOf("scope"), hashOf("evidence")),
      )
        .to.emit(certificates, "CertificateIssued")
        .withArgs(1n, productId, provider.address, RightCategory.ResourceHolding, 0n, registrar.address, expiresAt, hashOf("scope"), hashOf("evidence"))
        .and.to.emit(certificates, "Transfer").withArgs(ethers.ZeroAddress, provider.address, 1n)
        .and.to.emit(certificates, "Locked").withArgs(1n);
      const certificate = await certificates.certificate(1n);
      expect(certificate.productId).to.equal(productId);
      expect(certificate.category).to.equal(RightCategory.ResourceHolding);
      expect(certificate.status).to.equal(CertificateStatus.Active);
      expect(certificate.issuedAt).to.equal(BigInt(await time.latest()));
      expect(certificate.expiresAt).to.equal(expiresAt);
      expect(certificate.parentId).to.equal(0n);
      expect(certificate.holder).to.equal(provider.address);
      expect(certificate.issuer).to.equal(registrar.address);
      expect(certificate.pledgee).to.equal(ethers.ZeroAddress);
      expect(certificate.scopeHash).to.equal(hashOf("scope"));
      expect(certificate.evidenceHash).to.equal(hashOf("evidence"));
      expect(await certificates.certificateCount()).to.equal(1n);
      expect(await certificates.registrationNumber(1n)).to.equal("SZDE-RH-00000001");
      expect(await certificates.validity(1n)).to.equal(Validity.Valid);
    });

    it("issues a ProductOperation certificate numbered PO", async () => {
      const fixture = await loadFixture(registryFixture);
      const productId = await registerProduct(fixture);
      await fixture.certificates
        .connect(fixture.registrar)
        .issue(fixture.provider.address, productId, RightCategory.ProductOperation, NO_EXPIRY, hashOf("s"), hashOf("e"));
      expect(await fixture.certificates.registrationNumber(1n)).to.equal("SZDE-PO-00000001");
    });

    it("records the issuer of each certificate when several Registrars alternate", async () => {
      const fixture = await loadFixture(registryFixture);
      const { certificates, participants, admin, registrar, auditor, provider } = fixture;
      await participants.connect(admin).grantRole(REGISTRAR_ROLE, auditor.address);
      const productId = await registerProduct(fixture);
      const issuers = [registrar, auditor, auditor, registrar];
      for (const issuer of issuers) {
        await certificates.connect(issuer).issue(provider.address, productId, RightCategory.ResourceHolding, NO_EXPIRY, hashOf("s"), hashOf("e"));
      }
      for (const [index, issuer] of issuers.entries()) {
        expect((await certificates.certificate(BigInt(index + 1))).issuer).to.equal(issuer.address);
      }
    });

    it("reverts for anyone but the Registrar", async () => {
      const fixture = await loadFixture(registryFixture);
      const productId = await registerProduct(fixture);
      await expect(
        fixture.certificates.connect(fixture.provider).issue(fixture.provider.address, productId, 0, NO_EXPIRY, hashOf("s"), hashOf("e")),
      ).to.be.revertedWithCustomError(fixture.certificates, "AccessControlUnauthorizedAccount").withArgs(fixture.provider.address, REGISTRAR_ROLE);
    });

    it("reverts for a ProcessingUse initial registration", async () => {
      const fixture = await loadFixture(registryFixture);
      const productId = await registerProduct(fixture);
      await expect(
        fixture.certificates.connect(fixture.registrar).issue(fixture.provider.address, productId, RightCategory.ProcessingUse, NO_EXPIRY, hashOf("s"), hashOf("e")),
      ).to.be.revertedWithCustomError(fixture.certificates, "RightsCertificateInvalidCategory").withArgs(1, 1);
    });

    it("reverts for an unknown, Core, suspended, revoked or frozen product", async () => {
      const fixture = await loadFixture(registryFixture);
      const { certificates, products, registrar, provider, auditor } = fixture;
      const issue = (productId: bigint) =>
        certificates.connect(registrar).issue(provider.address, productId, 0, NO_EXPIRY, hashOf("s"), hashOf("e"));
      await expect(issue(9n)).to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(9n);
      const core = await registerProduct(fixture, { classification: Classification.Core });
      await expect(issue(core)).to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(core);
      const suspended = await registerProduct(fixture);
      await products.connect(registrar).suspend(suspended, hashOf("why"));
      await expect(issue(suspended)).to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(suspended);
      const revoked = await registerProduct(fixture);
      await products.connect(registrar).revoke(revoked, hashOf("why"));
      await expect(issue(revoked)).to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(revoked);
      const frozen = await registerProduct(fixture);
      await products.connect(auditor).lodgeObjection(frozen, hashOf("claim"));
      await expect(issue(frozen)).to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(frozen);
    });

    it("reverts for a holder who is not an active participant", async () => {
      const fixture = await loadFixture(registryFixture);
      const productId = await registerProduct(fixture);
      await expect(
        fixture.certificates.connect(fixture.registrar).issue(fixture.stranger.address, productId, 0, NO_EXPIRY, hashOf("s"), hashOf("e")),
      ).to.be.revertedWithCustomError(fixture.certificates, "RightsCertificateHolderNotAccredited").withArgs(fixture.stranger.address);
    });

    it("reverts for an expiry that is not in the future", async () => {
      const fixture = await loadFixture(registryFixture);
      const productId = await registerProduct(fixture);
      const past = (await now()) - 1n;
      await expect(
        fixture.certificates.connect(fixture.registrar).issue(fixture.provider.address, productId, 0, past, hashOf("s"), hashOf("e")),
      ).to.be.revertedWithCustomError(fixture.certificates, "RightsCertificateInvalidExpiry").withArgs(past, NO_EXPIRY);
    });

    it("reverts for a zero scope or evidence hash", async () => {
      const fixture = await loadFixture(registryFixture);
      const productId = await registerProduct(fixture);
      const issue = (scope: string, evidence: string) =>
        fixture.certificates.connect(fixture.registrar).issue(fixture.provider.address, productId, 0, NO_EXPIRY, scope, evidence);
      await expect(issue(ethers.ZeroHash, hashOf("e"))).to.be.revertedWithCustomError(fixture.certificates, "RightsCertificateMissingHash");
      await expect(issue(hashOf("s"), ethers.ZeroHash)).to.be.revertedWithCustomError(fixture.certificates, "RightsCertificateMissingHash");
    });

    it("reverts registrationNumber and certificate for an unknown id", async () => {
      const { certificates } = await loadFixture(registryFixture);
      await expect(certificates.registrationNumber(3n)).to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(3n);
      await expect(certificates.certificate(3n)).to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(3n);
      await expect(certificates.tokenURI(3n)).to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(3n);
    });
  });

  describe("license", () => {
    it("licenses ProcessingUse and ProductOperation out of ResourceHolding, and ProcessingUse out of ProductOperation", async () => {
      const fixture = await heldProduct();
      const { certificates, buyer, otherProvider, holdingId, productId, registrar } = fixture;
      const expiresAt = (await now()) + YEAR;
      await expect(certificates.connect(registrar).license(holdingId, buyer.address, RightCategory.ProcessingUse, expiresAt, hashOf("ls"), hashOf("le")))
        .to.emit(certificates, "CertificateIssued")
        .withArgs(2n, productId, buyer.address, RightCategory.ProcessingUse, holdingId, registrar.address, expiresAt, hashOf("ls"), hashOf("le"));
      const operationId = await licenseFrom(fixture, holdingId, otherProvider, RightCategory.ProductOperation, expiresAt);
      const sublicenceId = await licenseFrom(fixture, operationId, buyer, RightCategory.ProcessingUse, expiresAt);
      expect((await certificates.certificate(sublicenceId)).parentId).to.equal(operationId);
      expect(await certificates.registrationNumber(2n)).to.equal("SZDE-PU-00000002");
      expect(await certificates.validity(sublicenceId)).to.equal(Validity.Valid);
    });

    it("reverts for a category that is not narrower than the parent's", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, buyer, otherProvider, holdingId } = fixture;
      const license = (parentId: bigint, category: number) =>
        certificates.connect(registrar).license(parentId, buyer.address, category, NO_EXPIRY, hashOf("s"), hashOf("e"));
      await expect(license(holdingId, RightCategory.ResourceHolding))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidCategory").withArgs(RightCategory.ResourceHolding, RightCategory.ResourceHolding);
      const operationId = await licenseFrom(fixture, holdingId, otherProvider, RightCategory.ProductOperation);
      await expect(license(operationId, RightCategory.ProductOperation))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidCategory").withArgs(RightCategory.ProductOperation, RightCategory.ProductOperation);
      const useId = await licenseFrom(fixture, holdingId, buyer);
      await expect(license(useId, RightCategory.ProcessingUse))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidCategory").withArgs(RightCategory.ProcessingUse, RightCategory.ProcessingUse);
    });

    it("reverts for an expiry after the parent's", async () => {
      const fixture = await heldProduct();
      const parentExpiry = (await fixture.certificates.certificate(fixture.holdingId)).expiresAt;
      await expect(
        fixture.certificates.connect(fixture.registrar).license(fixture.holdingId, fixture.buyer.address, 1, parentExpiry + 1n, hashOf("s"), hashOf("e")),
      ).to.be.revertedWithCustomError(fixture.certificates, "RightsCertificateInvalidExpiry").withArgs(parentExpiry + 1n, parentExpiry);
    });

    it("reverts when the parent is unknown, suspended, revoked or expired", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, buyer, holdingId } = fixture;
      const license = (parentId: bigint) =>
        certificates.connect(registrar).license(parentId, buyer.address, 1, NO_EXPIRY, hashOf("s"), hashOf("e"));
      await expect(license(42n)).to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(42n);
      await certificates.connect(registrar).suspend(holdingId, hashOf("why"));
      await expect(license(holdingId)).to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Suspended);
      await certificates.connect(registrar).revoke(holdingId, hashOf("why"));
      await expect(license(holdingId)).to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Revoked);
      const shortLived = await issueHolding(fixture, fixture.productId, fixture.provider, (await now()) + 100n);
      await time.increase(200);
      await expect(license(shortLived)).to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(shortLived, Validity.Expired);
    });

    it("reverts when the parent is frozen by an objection or pledged", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, buyer, holdingId, provider, financier, auditor } = fixture;
      const license = () => certificates.connect(registrar).license(holdingId, buyer.address, 1, NO_EXPIRY, hashOf("s"), hashOf("e"));
      await certificates.connect(provider).pledge(holdingId, financier.address, hashOf("loan"));
      await expect(license()).to.be.revertedWithCustomError(certificates, "RightsCertificatePledged").withArgs(holdingId, financier.address);
      await certificates.connect(financier).release(holdingId);
      await certificates.connect(auditor).lodgeObjection(holdingId, hashOf("claim"));
      await expect(license()).to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen").withArgs(holdingId);
    });

    it("reverts for anyone but the Registrar", async () => {
      const fixture = await heldProduct();
      await expect(
        fixture.certificates.connect(fixture.buyer).license(fixture.holdingId, fixture.buyer.address, 1, NO_EXPIRY, hashOf("s"), hashOf("e")),
      ).to.be.revertedWithCustomError(fixture.certificates, "AccessControlUnauthorizedAccount").withArgs(fixture.buyer.address, REGISTRAR_ROLE);
    });
  });
});

