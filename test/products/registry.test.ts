import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  registryFixture, registration, registerProduct, issueHolding, licenseFrom, assessBase, deployDatarights, hashOf,
  jurisdiction, YEAR, REGISTRAR_ROLE, ADMIN_ROLE, RightCategory, ProductStatus, Classification, SourceCategory, ProductType,
  Validity, ObjectionStatus,
} from "../fixtures";
import type { RegistryFixture } from "../fixtures";

async function certifiedProduct(fixture: RegistryFixture) {
  const productId = await registerProduct(fixture);
  await assessBase(fixture, productId);
  await fixture.products.connect(fixture.registrar).certify(productId);
  return productId;
}

describe("DataProductRegistry", () => {
  describe("linkModules", () => {
    it("was linked once by the deployment and refuses a second link", async () => {
      const { products, certificates, assessments, admin } = await loadFixture(registryFixture);
      expect(await products.certificates()).to.equal(await certificates.getAddress());
      expect(await products.assessments()).to.equal(await assessments.getAddress());
      await expect(products.connect(admin).linkModules(await certificates.getAddress(), await assessments.getAddress()))
        .to.be.revertedWithCustomError(products, "DataProductModulesLinked");
    });

    it("links a fresh registry as the Admin only, rejecting zero addresses", async () => {
      const { participants, certificates, assessments, admin, registrar } = await loadFixture(registryFixture);
      const fresh = await ethers.deployContract("DataProductRegistry", [await participants.getAddress()]);
      await expect(fresh.connect(registrar).linkModules(await certificates.getAddress(), await assessments.getAddress()))
        .to.be.revertedWithCustomError(fresh, "AccessControlUnauthorizedAccount").withArgs(registrar.address, ADMIN_ROLE);
      await expect(fresh.connect(admin).linkModules(ethers.ZeroAddress, await assessments.getAddress()))
        .to.be.revertedWithCustomError(fresh, "DataProductModulesLinked");
      await expect(fresh.connect(admin).linkModules(await certificates.getAddress(), ethers.ZeroAddress))
        .to.be.revertedWithCustomError(fresh, "DataProductModulesLinked");
      await expect(fresh.connect(admin).linkModules(await certificates.getAddress(), await assessments.getAddress()))
        .to.emit(fresh, "ModulesLinked").withArgs(await certificates.getAddress(), await assessments.getAddress());
    });

    it("refuses what needs the modules before they are linked", async () => {
      const fixture = await loadFixture(registryFixture);
      const fresh = await ethers.deployContract("DataProductRegistry", [await fixture.participants.getAddress()]);
      await expect(fresh.connect(fixture.provider).register(registration({ sources: [1n], sourceCertificates: [1n] })))
        .to.be.revertedWithCustomError(fresh, "DataProductModulesNotLinked");
      await fresh.connect(fixture.provider).register(registration());
      await expect(fresh.connect(fixture.registrar).certify(1n)).to.be.revertedWithCustomError(fresh, "DataProductModulesNotLinked");
      expect(await fresh.participantRegistry()).to.equal(await fixture.participants.getAddress());
    });
  });

  describe("register", () => {
    it("records every field and emits the registration", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, provider } = fixture;
      const input = registration({
        productType: ProductType.Index, sourceCategory: SourceCategory.Personal, classification: Classification.Important,
        containsPersonalInfo: true, metadataURI: "https://example.org/p/1",
      });
      const tx = products.connect(provider).register(input);
      await expect(tx).to.emit(products, "ProductStatusChanged").withArgs(1n, ProductStatus.None, ProductStatus.Registered, ethers.ZeroHash);
      const receipt = await (await tx).wait();
      const event = receipt!.logs.map((log) => products.interface.parseLog(log)).find((parsed) => parsed?.name === "ProductRegistered")!;
      expect(event.args.productId).to.equal(1n);
      expect(event.args.provider).to.equal(provider.address);
      expect(event.args.previousVersion).to.equal(0n);
      expect(event.args.jurisdiction).to.equal(jurisdiction("CN"));
      const emitted = event.args.registration;
      expect(emitted.contentHash).to.equal(input.contentHash);
      expect(emitted.originDeclarationHash).to.equal(input.originDeclarationHash);
      expect(emitted.productType).to.equal(ProductType.Index);
      expect(emitted.sourceCategory).to.equal(SourceCategory.Personal);
      expect(emitted.classification).to.equal(Classification.Important);
      expect(emitted.containsPersonalInfo).to.equal(true);
      expect(emitted.metadataURI).to.equal("https://example.org/p/1");
      expect(emitted.sources).to.deep.equal([]);

      const product = await products.product(1n);
      expect(product.provider).to.equal(provider.address);
      expect(product.status).to.equal(ProductStatus.Registered);
      expect(product.jurisdiction).to.equal(jurisdiction("CN"));
      expect(product.registeredAt).to.equal(BigInt(await time.latest()));
      expect(product.contentHash).to.equal(input.contentHash);
      expect(product.metadataURI).to.equal("https://example.org/p/1");
      expect(product.containsPersonalInfo).to.equal(true);
      expect(await products.productCount()).to.equal(1n);
      expect(await products.registrationNumber(1n)).to.equal("SZDE-DP-00000001");
      const state = await products.productState(1n);
      expect(state.provider).to.equal(provider.address);
      expect(state.frozen).to.equal(false);
    });

    it("numbers registrations with the exchange's code, zero-padded to eight digits", async () => {
      const fixture = await loadFixture(registryFixture);
      for (let i = 0; i < 10; i++) await registerProduct(fixture);
      expect(await fixture.products.registrationNumber(10n)).to.equal("SZDE-DP-00000010");
      const beijing = await deployDatarights("BJDE");
      expect(await beijing.participants.exchangeCode()).to.equal("BJDE");
    });

    it("stores no metadata URI when none is given", async () => {
      const fixture = await loadFixture(registryFixture);
      await fixture.products.connect(fixture.provider).register(registration({ metadataURI: "" }));
      expect((await fixture.products.product(1n)).metadataURI).to.equal("");
    });

    it("reverts for a caller who is not an active accredited Provider", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, participants, registrar, buyer, stranger, provider } = fixture;
      for (const account of [buyer, stranger]) {
        await expect(products.connect(account).register(registration()))
          .to.be.revertedWithCustomError(products, "DataProductProviderNotAccredited").withArgs(account.address);
      }
      await participants.connect(registrar).suspend(provider.address, hashOf("x"));
      await expect(products.connect(provider).register(registration()))
        .to.be.revertedWithCustomError(products, "DataProductProviderNotAccredited").withArgs(provider.address);
      await participants.connect(registrar).reinstate(provider.address, hashOf("x"));
      await time.increase(11n * YEAR);
      await expect(products.connect(provider).register(registration()))
        .to.be.revertedWithCustomError(products, "DataProductProviderNotAccredited").withArgs(provider.address);
    });

    it("reverts for a zero content or origin hash", async () => {
      const { products, provider } = await loadFixture(registryFixture);
      await expect(products.connect(provider).register(registration({ contentHash: ethers.ZeroHash })))
        .to.be.revertedWithCustomError(products, "DataProductMissingHash");
      await expect(products.connect(provider).register(registration({ originDeclarationHash: ethers.ZeroHash })))
        .to.be.revertedWithCustomError(products, "DataProductMissingHash");
    });

    it("reverts for mismatched or too many sources", async () => {
      const { products, provider } = await loadFixture(registryFixture);
      await expect(products.connect(provider).register(registration({ sources: [1n], sourceCertificates: [] })))
        .to.be.revertedWithCustomError(products, "DataProductInvalidSources").withArgs(1n, 0n);
      const many = Array.from({ length: 65 }, (_, i) => BigInt(i + 1));
      await expect(products.connect(provider).register(registration({ sources: many, sourceCertificates: many })))
        .to.be.revertedWithCustomError(products, "DataProductInvalidSources").withArgs(65n, 65n);
    });

    it("reverts the getters for an unknown product", async () => {
      const { products } = await loadFixture(registryFixture);
      for (const call of [
        () => products.product(7n),
        () => products.sourcesOf(7n),
        () => products.sourceCertificatesOf(7n),
        () => products.registrationNumber(7n),
      ]) {
        await expect(call()).to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(7n);
      }
    });
  });

  describe("derivation rule", () => {
    async function sourcesFixture() {
      const fixture = await loadFixture(registryFixture);
      const sources: bigint[] = [];
      const certificates: bigint[] = [];
      for (let i = 0; i < 3; i++) {
        const source = await registerProduct(fixture, { contentHash: hashOf(`source ${i}`) }, fixture.otherProvider);
        const holding = await issueHolding(fixture, source, fixture.otherProvider);
        sources.push(source);
        certificates.push(await licenseFrom(fixture, holding, fixture.provider));
      }
      return { ...fixture, sources, sourceCertificates: certificates };
    }

    it("registers a product derived from three sources the provider holds licences on", async () => {
      const fixture = await sourcesFixture();
      const { products, provider, sources, sourceCertificates } = fixture;
      await products.connect(provider).register(registration({ sources, sourceCertificates }));
      const productId = await products.productCount();
      expect(await products.sourcesOf(productId)).to.deep.equal(sources);
      expect(await products.sourceCertificatesOf(productId)).to.deep.equal(sourceCertificates);
    });

    it("accepts a ResourceHolding certificate as the right on a source", async () => {
      const fixture = await loadFixture(registryFixture);
      const source = await registerProduct(fixture);
      const holding = await issueHolding(fixture, source);
      await fixture.products.connect(fixture.provider).register(registration({ sources: [source], sourceCertificates: [holding] }));
      expect(await fixture.products.sourcesOf(2n)).to.deep.equal([source]);
    });

    it("reverts when the right is another holder's, on another product, of the wrong category or not valid", async () => {
      const fixture = await sourcesFixture();
      const { products, certificates, provider, registrar, buyer, sources, sourceCertificates } = fixture;
      const register = (source: bigint, certificateId: bigint) =>
        products.connect(provider).register(registration({ sources: [source], sourceCertificates: [certificateId] }));
      const missing = (source: bigint, certificateId: bigint, validity: number) =>
        expect(register(source, certificateId)).to.be.revertedWithCustomError(products, "DataProductMissingSourceRight").withArgs(source, certificateId, validity);

      const othersLicence = await licenseFrom(fixture, 1n, buyer);
      await missing(sources[0], othersLicence, Validity.Valid);
      await missing(sources[1], sourceCertificates[0], Validity.Valid);
      const operation = await licenseFrom(fixture, 1n, provider, RightCategory.ProductOperation);
      await missing(sources[0], operation, Validity.Valid);
      await missing(sources[0], 999n, Validity.Nonexistent);
      await certificates.connect(registrar).suspend(sourceCertificates[0], hashOf("x"));
      await missing(sources[0], sourceCertificates[0], Validity.Suspended);
      await certificates.connect(registrar).revoke(sourceCertificates[0], hashOf("x"));
      await missing(sources[0], sourceCertificates[0], Validity.Revoked);
      await certificates.connect(registrar).revoke(3n, hashOf("x")); // the second source's holding
      await missing(sources[1], sourceCertificates[1], Validity.AncestorInvalid);
    });

    it("reverts when the right has expired", async () => {
      const fixture = await sourcesFixture();
      await time.increase(2n * YEAR);
      await expect(
        fixture.products.connect(fixture.provider).register(registration({ sources: [fixture.sources[2]], sourceCertificates: [fixture.sourceCertificates[2]] })),
      ).to.be.revertedWithCustomError(fixture.products, "DataProductMissingSourceRight").withArgs(fixture.sources[2], fixture.sourceCertificates[2], Validity.Expired);
    });

    it("reverts for a repeated source and for a version naming its predecessor as a source", async () => {
      const fixture = await sourcesFixture();
      const { products, provider, sources, sourceCertificates } = fixture;
      await expect(products.connect(provider).register(registration({ sources: [sources[0], sources[0]], sourceCertificates: [sourceCertificates[0], sourceCertificates[0]] })))
        .to.be.revertedWithCustomError(products, "DataProductDuplicateSource").withArgs(sources[0]);
      const own = await registerProduct(fixture);
      const ownHolding = await issueHolding(fixture, own);
      await expect(products.connect(provider).registerVersion(own, registration({ sources: [own], sourceCertificates: [ownHolding] })))
        .to.be.revertedWithCustomError(products, "DataProductDuplicateSource").withArgs(own);
    });

    it("reverts for an unknown, revoked or frozen source", async () => {
      const fixture = await sourcesFixture();
      const { products, provider, registrar, auditor, sources, sourceCertificates } = fixture;
      const register = (i: number) => products.connect(provider).register(registration({ sources: [sources[i]], sourceCertificates: [sourceCertificates[i]] }));
      await expect(products.connect(provider).register(registration({ sources: [55n], sourceCertificates: [1n] })))
        .to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(55n);
      await products.connect(registrar).revoke(sources[0], hashOf("x"));
      await expect(register(0)).to.be.revertedWithCustomError(products, "DataProductSourceUnavailable").withArgs(sources[0]);
      await products.connect(auditor).lodgeObjection(sources[1], hashOf("claim"));
      await expect(register(1)).to.be.revertedWithCustomError(products, "DataProductSourceUnavailable").withArgs(sources[1]);
    });
  });

  describe("registerVersion", () => {
    it("supersedes the previous version and delists it if listed", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, provider, registrar } = fixture;
      const first = await certifiedProduct(fixture);
      await products.connect(registrar).list(first);
      await expect(products.connect(provider).registerVersion(first, registration({ contentHash: hashOf("v2") })))
        .to.emit(products, "ProductSuperseded").withArgs(first, 2n)
        .and.to.emit(products, "ProductStatusChanged").withArgs(first, ProductStatus.Listed, ProductStatus.Delisted, ethers.ZeroHash);
      expect((await products.product(first)).supersededBy).to.equal(2n);
      expect((await products.product(2n)).previousVersion).to.equal(first);
      expect((await products.product(2n)).status).to.equal(ProductStatus.Registered);
      await expect(products.connect(registrar).list(first)).to.be.revertedWithCustomError(products, "DataProductSuperseded").withArgs(first);
    });

    it("reverts for another provider, a superseded, revoked or frozen predecessor", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, provider, otherProvider, registrar, auditor } = fixture;
      const first = await registerProduct(fixture);
      await expect(products.connect(otherProvider).registerVersion(first, registration()))
        .to.be.revertedWithCustomError(products, "DataProductNotProvider").withArgs(first, otherProvider.address);
      await products.connect(provider).registerVersion(first, registration());
      await expect(products.connect(provider).registerVersion(first, registration()))
        .to.be.revertedWithCustomError(products, "DataProductSuperseded").withArgs(first);
      const revoked = await registerProduct(fixture);
      await products.connect(registrar).revoke(revoked, hashOf("x"));
      await expect(products.connect(provider).registerVersion(revoked, registration()))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(revoked, ProductStatus.Revoked);
      const frozen = await registerProduct(fixture);
      await products.connect(auditor).lodgeObjection(frozen, hashOf("claim"));
      await expect(products.connect(provider).registerVersion(frozen, registration()))
        .to.be.revertedWithCustomError(products, "DataProductFrozen").withArgs(frozen);
      await expect(products.connect(provider).registerVersion(99n, registration()))
        .to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(99n);
    });
  });

  describe("certify", () => {
    it("certifies a Registered product that meets the policy", async () => {
      const fixture = await loadFixture(registryFixture);
      const productId = await registerProduct(fixture);
      await assessBase(fixture, productId);
      await expect(fixture.products.connect(fixture.registrar).certify(productId))
        .to.emit(fixture.products, "ProductStatusChanged").withArgs(productId, ProductStatus.Registered, ProductStatus.Certified, ethers.ZeroHash);
      expect(await fixture.products.isCertified(productId)).to.equal(true);
    });

    it("reverts when the policy is not met, the product is frozen or not Registered, or for a non-Registrar", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, registrar, auditor, provider } = fixture;
      const productId = await registerProduct(fixture);
      await expect(products.connect(registrar).certify(productId)).to.be.revertedWithCustomError(products, "DataProductPolicyNotMet").withArgs(productId);
      await assessBase(fixture, productId);
      await products.connect(auditor).lodgeObjection(productId, hashOf("claim"));
      await expect(products.connect(registrar).certify(productId)).to.be.revertedWithCustomError(products, "DataProductFrozen").withArgs(productId);
      await products.connect(registrar).resolveObjection(1n, false, hashOf("dismissed"));
      await expect(products.connect(provider).certify(productId))
        .to.be.revertedWithCustomError(products, "AccessControlUnauthorizedAccount").withArgs(provider.address, REGISTRAR_ROLE);
      await products.connect(registrar).certify(productId);
      await expect(products.connect(registrar).certify(productId))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(productId, ProductStatus.Certified);
    });
  });

  describe("list and delist", () => {
    it("lists a certified product, delists it by provider or Registrar, and relists it", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, registrar, provider } = fixture;
      const productId = await certifiedProduct(fixture);
      await expect(products.connect(registrar).list(productId))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Certified, ProductStatus.Listed, ethers.ZeroHash);
      await expect(products.connect(provider).delist(productId))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Listed, ProductStatus.Delisted, ethers.ZeroHash);
      await products.connect(registrar).list(productId);
      await products.connect(registrar).delist(productId);
      expect(await products.isCertified(productId)).to.equal(true);
      await expect(products.connect(registrar).delist(productId))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(productId, ProductStatus.Delisted);
    });

    it("never lists Core data", async () => {
      const fixture = await loadFixture(registryFixture);
      const productId = await registerProduct(fixture, { classification: Classification.Core });
      await assessBase(fixture, productId);
      await fixture.products.connect(fixture.registrar).certify(productId);
      await expect(fixture.products.connect(fixture.registrar).list(productId))
        .to.be.revertedWithCustomError(fixture.products, "DataProductCoreNotListable").withArgs(productId);
    });

    it("reverts for an uncertified, frozen or lapsed product and for strangers", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, registrar, auditor, stranger } = fixture;
      const registered = await registerProduct(fixture);
      await expect(products.connect(registrar).list(registered))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(registered, ProductStatus.Registered);
      const productId = await certifiedProduct(fixture);
      await expect(products.connect(stranger).list(productId))
        .to.be.revertedWithCustomError(products, "AccessControlUnauthorizedAccount").withArgs(stranger.address, REGISTRAR_ROLE);
      await products.connect(auditor).lodgeObjection(productId, hashOf("claim"));
      await expect(products.connect(registrar).list(productId)).to.be.revertedWithCustomError(products, "DataProductFrozen").withArgs(productId);
      await products.connect(registrar).resolveObjection(1n, false, hashOf("no"));
      await time.increase(YEAR + 1n);
      expect(await products.isCertified(productId)).to.equal(false);
      await expect(products.connect(registrar).list(productId)).to.be.revertedWithCustomError(products, "DataProductPolicyNotMet").withArgs(productId);
      await expect(products.connect(stranger).delist(productId))
        .to.be.revertedWithCustomError(products, "AccessControlUnauthorizedAccount").withArgs(stranger.address, REGISTRAR_ROLE);
    });
  });

  describe("suspend, reinstate, revoke", () => {
    it("suspends from any live status and restores it", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, registrar } = fixture;
      const productId = await certifiedProduct(fixture);
      await products.connect(registrar).list(productId);
      await expect(products.connect(registrar).suspend(productId, hashOf("inquiry")))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Listed, ProductStatus.Suspended, hashOf("inquiry"));
      expect((await products.product(productId)).statusBeforeSuspension).to.equal(ProductStatus.Listed);
      expect(await products.isCertified(productId)).to.equal(false);
      await expect(products.connect(registrar).suspend(productId, hashOf("again")))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(productId, ProductStatus.Suspended);
      await expect(products.connect(registrar).reinstate(productId, hashOf("cleared")))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Suspended, ProductStatus.Listed, hashOf("cleared"));
      await expect(products.connect(registrar).reinstate(productId, hashOf("x")))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(productId, ProductStatus.Listed);
    });

    it("revokes for good", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, registrar, provider } = fixture;
      const productId = await registerProduct(fixture);
      await expect(products.connect(registrar).revoke(productId, hashOf("fraud")))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Registered, ProductStatus.Revoked, hashOf("fraud"));
      await expect(products.connect(registrar).revoke(productId, hashOf("x")))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(productId, ProductStatus.Revoked);
      await expect(products.connect(registrar).suspend(productId, hashOf("x")))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(productId, ProductStatus.Revoked);
      for (const action of [
        () => products.connect(provider).suspend(productId, hashOf("x")),
        () => products.connect(provider).reinstate(productId, hashOf("x")),
        () => products.connect(provider).revoke(productId, hashOf("x")),
      ]) {
        await expect(action()).to.be.revertedWithCustomError(products, "AccessControlUnauthorizedAccount").withArgs(provider.address, REGISTRAR_ROLE);
      }
    });
  });

  describe("objections", () => {
    it("freezes a product until every objection is resolved; upholding revokes it once", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, registrar, auditor, buyer } = fixture;
      const productId = await registerProduct(fixture);
      await expect(products.connect(auditor).lodgeObjection(productId, hashOf("ownership claim")))
        .to.emit(products, "ObjectionLodged").withArgs(1n, productId, auditor.address, hashOf("ownership claim"));
      await products.connect(buyer).lodgeObjection(productId, hashOf("second claim"));
      expect(await products.openObjections(productId)).to.equal(2n);
      expect((await products.productState(productId)).frozen).to.equal(true);
      await expect(products.connect(registrar).resolveObjection(2n, false, hashOf("dismissed")))
        .to.emit(products, "ObjectionResolved").withArgs(2n, productId, false, hashOf("dismissed"));
      expect(await products.openObjections(productId)).to.equal(1n);
      await expect(products.connect(registrar).resolveObjection(1n, true, hashOf("upheld")))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Registered, ProductStatus.Revoked, hashOf("upheld"));
      const objection = await products.objection(1n);
      expect(objection.status).to.equal(ObjectionStatus.Upheld);
      expect(objection.resolutionHash).to.equal(hashOf("upheld"));
      expect(await products.objectionCount()).to.equal(2n);
      await expect(products.connect(auditor).lodgeObjection(productId, hashOf("late")))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(productId, ProductStatus.Revoked);
    });

    it("does not revoke twice when a second objection on a revoked product is upheld", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, registrar, auditor } = fixture;
      const productId = await registerProduct(fixture);
      await products.connect(auditor).lodgeObjection(productId, hashOf("a"));
      await products.connect(auditor).lodgeObjection(productId, hashOf("b"));
      await products.connect(registrar).resolveObjection(1n, true, hashOf("upheld"));
      await expect(products.connect(registrar).resolveObjection(2n, true, hashOf("upheld")))
        .to.not.emit(products, "ProductStatusChanged");
    });

    it("rejects unknown targets, ids beyond uint64 and strangers", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, auditor, stranger } = fixture;
      await expect(products.connect(auditor).lodgeObjection(3n, hashOf("x"))).to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(3n);
      await expect(products.connect(auditor).lodgeObjection(2n ** 64n, hashOf("x"))).to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(0n);
      const productId = await registerProduct(fixture);
      await expect(products.connect(stranger).lodgeObjection(productId, hashOf("x")))
        .to.be.revertedWithCustomError(products, "ObjectionClaimantNotAccredited").withArgs(stranger.address);
      await expect(products.openObjections(2n ** 64n + 1n)).to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(0n);
    });
  });

  describe("isCertified", () => {
    it("follows the policy, so a certification lapses when a finding expires or is revoked", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, assessments, lawFirm } = fixture;
      const productId = await certifiedProduct(fixture);
      expect(await products.isCertified(productId)).to.equal(true);
      await assessments.connect(lawFirm).revoke(1n, hashOf("withdrawn"));
      expect(await products.isCertified(productId)).to.equal(false);
      expect(await products.isCertified(99n)).to.equal(false);
    });
  });
});
