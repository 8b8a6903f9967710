import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  registryFixture, registerProduct, issueHolding, licenseFrom, hashOf, now, YEAR, NO_EXPIRY, REGISTRAR_ROLE,
  RightCategory, CertificateStatus, Validity, ObjectionStatus,
} from "../fixtures";

async function heldProduct() {
  const fixture = await loadFixture(registryFixture);
  const productId = await registerProduct(fixture);
  const holdingId = await issueHolding(fixture, productId);
  const licenceId = await licenseFrom(fixture, holdingId, fixture.buyer);
  return { ...fixture, productId, holdingId, licenceId };
}

describe("RightsCertificate lifecycle", () => {
  describe("reissue (transfer)", () => {
    it("issues a linked certificate to the new holder and supersedes the old one", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, otherProvider, provider, holdingId, productId } = fixture;
      const old = await certificates.certificate(holdingId);
      await expect(certificates.connect(registrar).reissue(holdingId, otherProvider.address, hashOf("deed")))
        .to.emit(certificates, "CertificateStatusChanged").withArgs(holdingId, CertificateStatus.Active, CertificateStatus.Superseded, ethers.ZeroHash)
        .and.to.emit(certificates, "CertificateReplaced").withArgs(holdingId, 3n)
        .and.to.emit(certificates, "CertificateIssued")
        .withArgs(3n, productId, otherProvider.address, RightCategory.ResourceHolding, 0n, registrar.address, old.expiresAt, old.scopeHash, hashOf("deed"));
      const replacement = await certificates.certificate(3n);
      expect(replacement.predecessorId).to.equal(holdingId);
      expect((await certificates.certificate(holdingId)).successorId).to.equal(3n);
      expect(await certificates.ownerOf(holdingId)).to.equal(provider.address);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Superseded);
      expect(await certificates.validity(3n)).to.equal(Validity.Valid);
    });

    it("keeps licences of the old certificate valid through its successor", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, otherProvider, holdingId, licenceId } = fixture;
      await certificates.connect(registrar).reissue(holdingId, otherProvider.address, hashOf("deed"));
      expect(await certificates.validity(licenceId)).to.equal(Validity.Valid);
      await certificates.connect(registrar).suspend(3n, hashOf("why"));
      expect(await certificates.validity(licenceId)).to.equal(Validity.AncestorInvalid);
    });

    it("reverts for the same holder, an unaccredited holder, a pledged, frozen or superseded certificate", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, provider, otherProvider, stranger, financier, auditor, holdingId } = fixture;
      const reissue = (to: string) => certificates.connect(registrar).reissue(holdingId, to, hashOf("deed"));
      await expect(reissue(provider.address)).to.be.revertedWithCustomError(certificates, "RightsCertificateSameHolder").withArgs(holdingId, provider.address);
      await expect(reissue(stranger.address)).to.be.revertedWithCustomError(certificates, "RightsCertificateHolderNotAccredited").withArgs(stranger.address);
      await certificates.connect(provider).pledge(holdingId, financier.address, hashOf("loan"));
      await expect(reissue(otherProvider.address)).to.be.revertedWithCustomError(certificates, "RightsCertificatePledged").withArgs(holdingId, financier.address);
      await certificates.connect(financier).release(holdingId);
      await certificates.connect(auditor).lodgeObjection(holdingId, hashOf("claim"));
      await expect(reissue(otherProvider.address)).to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen").withArgs(holdingId);
      await certificates.connect(registrar).resolveObjection(1n, false, hashOf("dismissed"));
      await reissue(otherProvider.address);
      await expect(reissue(otherProvider.address)).to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(holdingId, Validity.Superseded);
      await expect(certificates.connect(provider).reissue(3n, provider.address, hashOf("d")))
        .to.be.revertedWithCustomError(certificates, "AccessControlUnauthorizedAccount").withArgs(provider.address, REGISTRAR_ROLE);
    });
  });

  describe("amend (change)", () => {
    it("issues a successor to the same holder with the new scope and evidence", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, provider, holdingId, productId } = fixture;
      const old = await certificates.certificate(holdingId);
      await expect(certificates.connect(registrar).amend(holdingId, hashOf("new scope"), hashOf("new evidence")))
        .to.emit(certificates, "CertificateIssued")
        .withArgs(3n, productId, provider.address, RightCategory.ResourceHolding, 0n, registrar.address, old.expiresAt, hashOf("new scope"), hashOf("new evidence"))
        .and.to.emit(certificates, "CertificateReplaced").withArgs(holdingId, 3n);
      expect((await certificates.certificate(holdingId)).status).to.equal(CertificateStatus.Superseded);
    });

    it("reverts for a pledged or invalid certificate, and for anyone but the Registrar", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, provider, financier, holdingId } = fixture;
      await certificates.connect(provider).pledge(holdingId, financier.address, hashOf("loan"));
      await expect(certificates.connect(registrar).amend(holdingId, hashOf("s"), hashOf("e")))
        .to.be.revertedWithCustomError(certificates, "RightsCertificatePledged").withArgs(holdingId, financier.address);
      await expect(certificates.connect(registrar).amend(99n, hashOf("s"), hashOf("e")))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(99n);
      await expect(certificates.connect(provider).amend(holdingId, hashOf("s"), hashOf("e")))
        .to.be.revertedWithCustomError(certificates, "AccessControlUnauthorizedAccount").withArgs(provider.address, REGISTRAR_ROLE);
    });
  });

  describe("surrender (cancellation)", () => {
    it("lets the holder surrender an active or suspended certificate, invalidating its licences", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, provider, holdingId, licenceId } = fixture;
      await certificates.connect(registrar).suspend(holdingId, hashOf("why"));
      await expect(certificates.connect(provider).surrender(holdingId))
        .to.emit(certificates, "CertificateStatusChanged").withArgs(holdingId, CertificateStatus.Suspended, CertificateStatus.Surrendered, ethers.ZeroHash);
      expect(await certificates.validity(holdingId)).to.equal(Validity.Surrendered);
      expect(await certificates.validity(licenceId)).to.equal(Validity.AncestorInvalid);
      await expect(certificates.connect(provider).surrender(holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Surrendered);
    });

    it("reverts for anyone but the holder and while pledged", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, provider, financier, holdingId } = fixture;
      await expect(certificates.connect(registrar).surrender(holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotHolder").withArgs(holdingId, registrar.address);
      await certificates.connect(provider).pledge(holdingId, financier.address, hashOf("loan"));
      await expect(certificates.connect(provider).surrender(holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificatePledged").withArgs(holdingId, financier.address);
      await expect(certificates.connect(provider).surrender(77n))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(77n);
    });
  });

  describe("renew (renewal)", () => {
    it("extends an initial certificate's expiry", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, holdingId } = fixture;
      const before = (await certificates.certificate(holdingId)).expiresAt;
      await expect(certificates.connect(registrar).renew(holdingId, before + YEAR))
        .to.emit(certificates, "CertificateRenewed").withArgs(holdingId, before, before + YEAR);
      expect((await certificates.certificate(holdingId)).expiresAt).to.equal(before + YEAR);
    });

    it("extends a licence up to its parent's expiry, following a reissued parent", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, otherProvider, holdingId, licenceId } = fixture;
      const parentExpiry = (await certificates.certificate(holdingId)).expiresAt;
      await expect(certificates.connect(registrar).renew(licenceId, parentExpiry + 1n))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidExpiry").withArgs(parentExpiry + 1n, parentExpiry);
      await certificates.connect(registrar).reissue(holdingId, otherProvider.address, hashOf("deed"));
      await certificates.connect(registrar).renew(3n, parentExpiry + YEAR);
      await certificates.connect(registrar).renew(licenceId, parentExpiry + YEAR);
      expect((await certificates.certificate(licenceId)).expiresAt).to.equal(parentExpiry + YEAR);
    });

    it("reverts for an expiry not after the current one, and for a certificate that is not active", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, holdingId } = fixture;
      const current = (await certificates.certificate(holdingId)).expiresAt;
      await expect(certificates.connect(registrar).renew(holdingId, current))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidExpiry").withArgs(current, NO_EXPIRY);
      await certificates.connect(registrar).suspend(holdingId, hashOf("why"));
      await expect(certificates.connect(registrar).renew(holdingId, current + 1n))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Suspended);
    });
  });

  describe("suspend, reinstate, revoke", () => {
    it("suspends and reinstates, invalidating descendants meanwhile", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, otherProvider, buyer, holdingId } = fixture;
      const operationId = await licenseFrom(fixture, holdingId, otherProvider, RightCategory.ProductOperation);
      const operationExpiry = (await certificates.certificate(operationId)).expiresAt;
      const sublicenceId = await licenseFrom(fixture, operationId, buyer, RightCategory.ProcessingUse, operationExpiry);
      await expect(certificates.connect(registrar).suspend(holdingId, hashOf("audit")))
        .to.emit(certificates, "CertificateStatusChanged").withArgs(holdingId, CertificateStatus.Active, CertificateStatus.Suspended, hashOf("audit"));
      expect(await certificates.validity(holdingId)).to.equal(Validity.Suspended);
      expect(await certificates.validity(operationId)).to.equal(Validity.AncestorInvalid);
      expect(await certificates.validity(sublicenceId)).to.equal(Validity.AncestorInvalid);
      await expect(certificates.connect(registrar).reinstate(holdingId, hashOf("cleared")))
        .to.emit(certificates, "CertificateStatusChanged").withArgs(holdingId, CertificateStatus.Suspended, CertificateStatus.Active, hashOf("cleared"));
      expect(await certificates.validity(sublicenceId)).to.equal(Validity.Valid);
    });

    it("revokes for good, from active or suspended", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, holdingId, licenceId } = fixture;
      await certificates.connect(registrar).suspend(licenceId, hashOf("x"));
      await certificates.connect(registrar).revoke(licenceId, hashOf("fraud"));
      await expect(certificates.connect(registrar).revoke(holdingId, hashOf("fraud")))
        .to.emit(certificates, "CertificateStatusChanged").withArgs(holdingId, CertificateStatus.Active, CertificateStatus.Revoked, hashOf("fraud"));
      await expect(certificates.connect(registrar).revoke(holdingId, hashOf("again")))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Revoked);
      await expect(certificates.connect(registrar).reinstate(holdingId, hashOf("x")))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Revoked);
      await expect(certificates.connect(registrar).suspend(holdingId, hashOf("x")))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Revoked);
    });

    it("reverts for anyone but the Registrar", async () => {
      const fixture = await heldProduct();
      const { certificates, provider, holdingId } = fixture;
      for (const action of [
        () => certificates.connect(provider).suspend(holdingId, hashOf("x")),
        () => certificates.connect(provider).reinstate(holdingId, hashOf("x")),
        () => certificates.connect(provider).revoke(holdingId, hashOf("x")),
        () => certificates.connect(provider).renew(holdingId, NO_EXPIRY),
      ]) {
        await expect(action()).to.be.revertedWithCustomError(certificates, "AccessControlUnauthorizedAccount").withArgs(provider.address, REGISTRAR_ROLE);
      }
    });
  });

  describe("validity and rightOf", () => {
    it("reports Expired once the expiry passes, for the parent and its licence alike (a licence never outlives it)", async () => {
      const fixture = await loadFixture(registryFixture);
      const productId = await registerProduct(fixture);
      const parentExpiry = (await now()) + 1000n;
      const holdingId = await issueHolding(fixture, productId, fixture.provider, parentExpiry);
      const licenceId = await licenseFrom(fixture, holdingId, fixture.buyer, RightCategory.ProcessingUse, parentExpiry);
      await time.increaseTo(parentExpiry);
      expect(await fixture.certificates.validity(holdingId)).to.equal(Validity.Expired);
      expect(await fixture.certificates.validity(licenceId)).to.equal(Validity.Expired);
      expect(await fixture.certificates.validity(99n)).to.equal(Validity.Nonexistent);
    });

    it("answers holder, product, category, expiry and validity in one call", async () => {
      const fixture = await heldProduct();
      const right = await fixture.certificates.rightOf(fixture.licenceId);
      expect(right.holder).to.equal(fixture.buyer.address);
      expect(right.productId).to.equal(fixture.productId);
      expect(right.category).to.equal(RightCategory.ProcessingUse);
      expect(right.expiresAt).to.equal((await fixture.certificates.certificate(fixture.licenceId)).expiresAt);
      expect(right[4]).to.equal(Validity.Valid);
      const unknown = await fixture.certificates.rightOf(50n);
      expect(unknown.holder).to.equal(ethers.ZeroAddress);
      expect(unknown[4]).to.equal(Validity.Nonexistent);
    });
  });

  describe("pledge and release", () => {
    it("pledges to an accredited Financier and lets only that Financier release", async () => {
      const fixture = await heldProduct();
      const { certificates, provider, financier, registrar, holdingId } = fixture;
      await expect(certificates.connect(provider).pledge(holdingId, financier.address, hashOf("credit line")))
        .to.emit(certificates, "CertificatePledged").withArgs(holdingId, financier.address, hashOf("credit line"));
      expect((await certificates.certificate(holdingId)).pledgee).to.equal(financier.address);
      await expect(certificates.connect(provider).pledge(holdingId, financier.address, hashOf("again")))
        .to.be.revertedWithCustomError(certificates, "RightsCertificatePledged").withArgs(holdingId, financier.address);
      await expect(certificates.connect(provider).release(holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotPledgee").withArgs(holdingId, provider.address);
      await expect(certificates.connect(registrar).release(holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotPledgee").withArgs(holdingId, registrar.address);
      await expect(certificates.connect(financier).release(holdingId))
        .to.emit(certificates, "CertificateReleased").withArgs(holdingId, financier.address);
      expect((await certificates.certificate(holdingId)).pledgee).to.equal(ethers.ZeroAddress);
      await expect(certificates.connect(financier).release(holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotPledged").withArgs(holdingId);
      await certificates.connect(provider).surrender(holdingId);
    });

    it("reverts for a non-holder, an invalid or frozen certificate, a zero agreement, or a non-Financier", async () => {
      const fixture = await heldProduct();
      const { certificates, provider, buyer, financier, registrar, auditor, holdingId, licenceId } = fixture;
      await expect(certificates.connect(buyer).pledge(holdingId, financier.address, hashOf("loan")))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotHolder").withArgs(holdingId, buyer.address);
      await expect(certificates.connect(provider).pledge(holdingId, financier.address, ethers.ZeroHash))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateMissingHash");
      await expect(certificates.connect(provider).pledge(holdingId, buyer.address, hashOf("loan")))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateFinancierNotAccredited").withArgs(buyer.address);
      await certificates.connect(registrar).suspend(holdingId, hashOf("x"));
      await expect(certificates.connect(buyer).pledge(licenceId, financier.address, hashOf("loan")))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotValid").withArgs(licenceId, Validity.AncestorInvalid);
      await certificates.connect(registrar).reinstate(holdingId, hashOf("x"));
      await certificates.connect(auditor).lodgeObjection(licenceId, hashOf("claim"));
      await expect(certificates.connect(buyer).pledge(licenceId, financier.address, hashOf("loan")))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen").withArgs(licenceId);
      await expect(certificates.connect(buyer).release(60n))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(60n);
    });
  });

  describe("objections", () => {
    it("freezes a certificate until dismissed, counting open objections", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, auditor, buyer, holdingId } = fixture;
      await expect(certificates.connect(auditor).lodgeObjection(holdingId, hashOf("claim 1")))
        .to.emit(certificates, "ObjectionLodged").withArgs(1n, holdingId, auditor.address, hashOf("claim 1"));
      await certificates.connect(buyer).lodgeObjection(holdingId, hashOf("claim 2"));
      expect(await certificates.openObjections(holdingId)).to.equal(2n);
      expect(await certificates.objectionCount()).to.equal(2n);
      const objection = await certificates.objection(1n);
      expect(objection.claimant).to.equal(auditor.address);
      expect(objection.status).to.equal(ObjectionStatus.Open);
      expect(objection.targetId).to.equal(holdingId);
      await expect(certificates.connect(registrar).resolveObjection(1n, false, hashOf("no merit")))
        .to.emit(certificates, "ObjectionResolved").withArgs(1n, holdingId, false, hashOf("no merit"));
      expect(await certificates.openObjections(holdingId)).to.equal(1n);
      await expect(licenseFrom(fixture, holdingId, buyer)).to.be.revertedWithCustomError(certificates, "RightsCertificateFrozen");
      await certificates.connect(registrar).resolveObjection(2n, false, hashOf("no merit"));
      expect((await certificates.objection(2n)).status).to.equal(ObjectionStatus.Dismissed);
      await licenseFrom(fixture, holdingId, buyer);
    });

    it("revokes the certificate when an objection is upheld, once", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, auditor, holdingId, licenceId } = fixture;
      await certificates.connect(auditor).lodgeObjection(holdingId, hashOf("claim 1"));
      await certificates.connect(auditor).lodgeObjection(holdingId, hashOf("claim 2"));
      await expect(certificates.connect(registrar).resolveObjection(1n, true, hashOf("upheld")))
        .to.emit(certificates, "CertificateStatusChanged").withArgs(holdingId, CertificateStatus.Active, CertificateStatus.Revoked, hashOf("upheld"));
      expect(await certificates.validity(licenceId)).to.equal(Validity.AncestorInvalid);
      await expect(certificates.connect(registrar).resolveObjection(2n, true, hashOf("upheld too")))
        .to.not.emit(certificates, "CertificateStatusChanged");
      expect((await certificates.objection(2n)).status).to.equal(ObjectionStatus.Upheld);
      await expect(certificates.connect(registrar).resolveObjection(2n, true, hashOf("again")))
        .to.be.revertedWithCustomError(certificates, "ObjectionAlreadyResolved").withArgs(2n);
    });

    it("rejects objections from strangers, without a claim, against unknown or closed certificates", async () => {
      const fixture = await heldProduct();
      const { certificates, registrar, auditor, stranger, otherProvider, holdingId } = fixture;
      await expect(certificates.connect(stranger).lodgeObjection(holdingId, hashOf("claim")))
        .to.be.revertedWithCustomError(certificates, "ObjectionClaimantNotAccredited").withArgs(stranger.address);
      await expect(certificates.connect(auditor).lodgeObjection(holdingId, ethers.ZeroHash))
        .to.be.revertedWithCustomError(certificates, "ObjectionMissingClaim");
      await expect(certificates.connect(auditor).lodgeObjection(404n, hashOf("claim")))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateUnknown").withArgs(404n);
      await certificates.connect(registrar).reissue(holdingId, otherProvider.address, hashOf("deed"));
      await expect(certificates.connect(auditor).lodgeObjection(holdingId, hashOf("claim")))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidStatus").withArgs(holdingId, CertificateStatus.Superseded);
      await expect(certificates.connect(registrar).resolveObjection(9n, true, hashOf("x")))
        .to.be.revertedWithCustomError(certificates, "ObjectionUnknown").withArgs(9n);
      await certificates.connect(auditor).lodgeObjection(3n, hashOf("claim"));
      await expect(certificates.connect(auditor).resolveObjection(1n, true, hashOf("x")))
        .to.be.revertedWithCustomError(certificates, "AccessControlUnauthorizedAccount").withArgs(auditor.address, REGISTRAR_ROLE);
    });
  });

  describe("participantRegistry", () => {
    it("names the registry that holds the roles", async () => {
      const fixture = await loadFixture(registryFixture);
      expect(await fixture.certificates.participantRegistry()).to.equal(await fixture.participants.getAddress());
    });
  });
});
