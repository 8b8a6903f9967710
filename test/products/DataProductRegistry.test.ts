import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { Result } from "ethers";
import {
  registryFixture, registration, registerProduct, assessBase, issueHolding, licenseFrom, deployDatarights, hashOf,
  jurisdiction, now, YEAR, ADMIN_ROLE, REGISTRAR_ROLE, Kind, RightCategory, ProductStatus, Classification,
  SourceCategory, ProductType, Validity, ObjectionStatus, AssessmentKind, MARKET_ROLE_ID, kindBit,
} from "../fixtures";
import type { RegistryFixture } from "../fixtures";
import type { DataProductRegistry } from "../../typechain-types";

// ---------------------------------------------------------------------------------------------
// Constants and helpers
// ---------------------------------------------------------------------------------------------

const ZERO = ethers.ZeroHash;
const REASON = hashOf("reason");
const CLAIM = hashOf("ownership claim");
const RESOLUTION = hashOf("resolution");
const CN = jurisdiction("CN");
const HK = jurisdiction("HK");
const MAX_SOURCES = 64;
const UINT64_MAX = 2n ** 64n - 1n;
const UNKNOWN = 99n;

type Registration = ReturnType<typeof registration>;

/** A `withArgs` predicate comparing an emitted `ProductRegistration` tuple with `expected`, field by field. */
function matchesRegistration(expected: Registration): (actual: Result) => boolean {
  return (actual: Result): boolean => {
    expect(actual.contentHash).to.equal(expected.contentHash);
    expect(actual.originDeclarationHash).to.equal(expected.originDeclarationHash);
    expect(actual.descriptionHash).to.equal(expected.descriptionHash);
    expect(actual.productType).to.equal(expected.productType);
    expect(actual.sourceCategory).to.equal(expected.sourceCategory);
    expect(actual.classification).to.equal(expected.classification);
    expect(actual.containsPersonalInfo).to.equal(expected.containsPersonalInfo);
    expect(actual.metadataURI).to.equal(expected.metadataURI);
    expect((actual.sources as Result).toArray()).to.deep.equal(expected.sources);
    expect((actual.sourceCertificates as Result).toArray()).to.deep.equal(expected.sourceCertificates);
    return true;
  };
}

/** The signer at `index` of the node's accounts (the fixture uses 0–10). */
async function extraSigner(index: number): Promise<HardhatEthersSigner> {
  return (await ethers.getSigners())[index];
}

/** The base policy's findings, as a `missingKinds` bit set: LegalCompliance and Quality. */
const BASE_KINDS = kindBit(AssessmentKind.LegalCompliance) | kindBit(AssessmentKind.Quality);

/**
 * `products` connected as a market module: only MARKET_ROLE (the ListingBook in a deployment)
 * may list. Grants the role, once per snapshot, to an account the fixture does not use.
 */
async function asMarket(products: DataProductRegistry): Promise<DataProductRegistry> {
  const market = await extraSigner(19);
  const participants = await ethers.getContractAt("ParticipantRegistry", await products.participantRegistry());
  if (!(await participants.hasRole(MARKET_ROLE_ID, market.address))) {
    await participants.connect(await extraSigner(0)).grantRole(MARKET_ROLE_ID, market.address);
  }
  return products.connect(market);
}

/** Accredits `account` as a Provider of `code` until `until` (ten years by default). */
async function accreditProvider(
  fixture: RegistryFixture,
  account: HardhatEthersSigner,
  code = "CN",
  until?: bigint,
): Promise<void> {
  await fixture.participants
    .connect(fixture.registrar)
    .accredit(account.address, Kind.Provider, 0, jurisdiction(code), hashOf(`dossier:${account.address}`), until ?? (await now()) + 10n * YEAR);
}

/** A registry deployed without its modules linked, reading the fixture's participant registry. */
async function unlinkedRegistry(fixture: RegistryFixture): Promise<DataProductRegistry> {
  return ethers.deployContract("DataProductRegistry", [await fixture.participants.getAddress(), ethers.ZeroAddress]);
}

// ---------------------------------------------------------------------------------------------
// Scenarios: each reverts to the shared registry fixture (one deployment, one snapshot) and adds
// a few transactions, which is far cheaper than a deployment per scenario.
// ---------------------------------------------------------------------------------------------

interface ProductFixture extends RegistryFixture {
  productId: bigint;
}

/** Product 1, registered by `provider` with the default registration. */
async function registeredFixture(): Promise<ProductFixture> {
  const fixture = await loadFixture(registryFixture);
  const productId = await registerProduct(fixture);
  return { ...fixture, productId };
}

/** Product 1, assessed and certified. */
async function certifiedFixture(): Promise<ProductFixture> {
  const fixture = await registeredFixture();
  await assessBase(fixture, fixture.productId);
  await fixture.products.connect(fixture.registrar).certify(fixture.productId);
  return fixture;
}

/** Product 1, assessed, certified and listed. */
async function listedFixture(): Promise<ProductFixture> {
  const fixture = await certifiedFixture();
  await (await asMarket(fixture.products)).list(fixture.productId);
  return fixture;
}

interface StatusesFixture extends RegistryFixture {
  /** One product in each live status, keyed by the status. */
  byStatus: Record<"Registered" | "Certified" | "Listed" | "Delisted", bigint>;
}

/** Products 1–4: Registered, Certified, Listed and Delisted. */
async function statusesFixture(): Promise<StatusesFixture> {
  const fixture = await loadFixture(registryFixture);
  const { products, registrar } = fixture;
  const ids: bigint[] = [];
  for (let i = 0; i < 4; i++) ids.push(await registerProduct(fixture, { contentHash: hashOf(`product ${i}`) }));
  for (const id of ids.slice(1)) {
    await assessBase(fixture, id);
    await products.connect(registrar).certify(id);
  }
  await (await asMarket(products)).list(ids[2]);
  await (await asMarket(products)).list(ids[3]);
  await products.connect(registrar).delist(ids[3]);
  return { ...fixture, byStatus: { Registered: ids[0], Certified: ids[1], Listed: ids[2], Delisted: ids[3] } };
}

interface SourcesFixture extends RegistryFixture {
  /** Products 1–3, registered by `otherProvider`. */
  sources: bigint[];
  /** `otherProvider`'s ResourceHolding certificate on each source. */
  holdings: bigint[];
  /** `provider`'s ProcessingUse licence on each source, derived from the holding. */
  licences: bigint[];
}

/** Three source products of `otherProvider`, each licensed (ProcessingUse) to `provider`. */
async function sourcesFixture(): Promise<SourcesFixture> {
  const fixture = await loadFixture(registryFixture);
  const sources: bigint[] = [];
  const holdings: bigint[] = [];
  const licences: bigint[] = [];
  for (let i = 0; i < 3; i++) {
    const source = await registerProduct(fixture, { contentHash: hashOf(`source ${i}`) }, fixture.otherProvider);
    const holding = await issueHolding(fixture, source, fixture.otherProvider);
    sources.push(source);
    holdings.push(holding);
    licences.push(await licenseFrom(fixture, holding, fixture.provider));
  }
  return { ...fixture, sources, holdings, licences };
}

interface FrozenFixture extends RegistryFixture {
  /** Registered and assessed (so only the freeze stops its certification), with `holding` on it. */
  registered: bigint;
  /** `provider`'s ResourceHolding certificate on `registered`, issued before the freeze. */
  holding: bigint;
  /** Certified, so only the freeze stops its listing. */
  certified: bigint;
}

/** Two products of `provider`, each frozen by one open objection of the auditor (objections 1 and 2). */
async function frozenFixture(): Promise<FrozenFixture> {
  const fixture = await loadFixture(registryFixture);
  const { products, registrar, auditor } = fixture;
  const registered = await registerProduct(fixture, { contentHash: hashOf("registered") });
  await assessBase(fixture, registered);
  const holding = await issueHolding(fixture, registered);
  const certified = await registerProduct(fixture, { contentHash: hashOf("certified") });
  await assessBase(fixture, certified);
  await products.connect(registrar).certify(certified);
  await products.connect(auditor).lodgeObjection(registered, CLAIM);
  await products.connect(auditor).lodgeObjection(certified, CLAIM);
  return { ...fixture, registered, holding, certified };
}

// ---------------------------------------------------------------------------------------------
// Tests
// ---------------------------------------------------------------------------------------------

describe("DataProductRegistry", () => {
  describe("participantRegistry", () => {
    it("returns the participant registry it reads accreditations and roles from", async () => {
      const { products, participants } = await loadFixture(registryFixture);
      expect(await products.participantRegistry()).to.equal(await participants.getAddress());
    });
  });

  describe("linkModules", () => {
    it("was linked by the deployment, which emitted ModulesLinked", async () => {
      const { products, certificates, assessments } = await loadFixture(registryFixture);
      const events = await products.queryFilter(products.filters.ModulesLinked());
      expect(events).to.have.length(1);
      expect(events[0].args.certificates).to.equal(await certificates.getAddress());
      expect(events[0].args.assessments).to.equal(await assessments.getAddress());
      expect(await products.certificates()).to.equal(await certificates.getAddress());
      expect(await products.assessments()).to.equal(await assessments.getAddress());
    });

    it("reverts when the modules are already linked", async () => {
      const { products, certificates, assessments, admin } = await loadFixture(registryFixture);
      await expect(products.connect(admin).linkModules(await certificates.getAddress(), await assessments.getAddress()))
        .to.be.revertedWithCustomError(products, "DataProductModulesLinked").withArgs();
    });

    it("reverts when the caller is not the Admin", async () => {
      const fixture = await loadFixture(registryFixture);
      const fresh = await unlinkedRegistry(fixture);
      for (const account of [fixture.registrar, fixture.provider, fixture.stranger]) {
        await expect(fresh.connect(account).linkModules(await fixture.certificates.getAddress(), await fixture.assessments.getAddress()))
          .to.be.revertedWithCustomError(fresh, "AccessControlUnauthorizedAccount").withArgs(account.address, ADMIN_ROLE);
      }
      expect(await fresh.certificates()).to.equal(ethers.ZeroAddress);
    });

    it("reverts when either address is zero", async () => {
      const fixture = await loadFixture(registryFixture);
      const fresh = await unlinkedRegistry(fixture);
      const certificates = await fixture.certificates.getAddress();
      const assessments = await fixture.assessments.getAddress();
      for (const [c, a] of [[ethers.ZeroAddress, assessments], [certificates, ethers.ZeroAddress], [ethers.ZeroAddress, ethers.ZeroAddress]]) {
        await expect(fresh.connect(fixture.admin).linkModules(c, a))
          .to.be.revertedWithCustomError(fresh, "DataProductModulesLinked").withArgs();
      }
      expect(await fresh.certificates()).to.equal(ethers.ZeroAddress);
      expect(await fresh.assessments()).to.equal(ethers.ZeroAddress);
    });

    it("links a fresh registry once, as the Admin", async () => {
      const fixture = await loadFixture(registryFixture);
      const fresh = await unlinkedRegistry(fixture);
      const certificates = await fixture.certificates.getAddress();
      const assessments = await fixture.assessments.getAddress();
      await expect(fresh.connect(fixture.admin).linkModules(certificates, assessments))
        .to.emit(fresh, "ModulesLinked").withArgs(certificates, assessments);
      expect(await fresh.certificates()).to.equal(certificates);
      expect(await fresh.assessments()).to.equal(assessments);
      await expect(fresh.connect(fixture.admin).linkModules(certificates, assessments))
        .to.be.revertedWithCustomError(fresh, "DataProductModulesLinked").withArgs();
    });

    it("lets an unlinked registry register products without sources", async () => {
      const fixture = await loadFixture(registryFixture);
      const fresh = await unlinkedRegistry(fixture);
      await expect(fresh.connect(fixture.provider).register(registration()))
        .to.emit(fresh, "ProductStatusChanged").withArgs(1n, ProductStatus.None, ProductStatus.Registered, ZERO);
      expect(await fresh.productCount()).to.equal(1n);
    });

    it("reverts a registration with sources before the modules are linked", async () => {
      const fixture = await loadFixture(registryFixture);
      const fresh = await unlinkedRegistry(fixture);
      await fresh.connect(fixture.provider).register(registration());
      await expect(fresh.connect(fixture.provider).register(registration({ sources: [1n], sourceCertificates: [1n] })))
        .to.be.revertedWithCustomError(fresh, "DataProductModulesNotLinked").withArgs();
    });

    it("reverts a certification before the modules are linked", async () => {
      const fixture = await loadFixture(registryFixture);
      const fresh = await unlinkedRegistry(fixture);
      await fresh.connect(fixture.provider).register(registration());
      await expect(fresh.connect(fixture.registrar).certify(1n))
        .to.be.revertedWithCustomError(fresh, "DataProductModulesNotLinked").withArgs();
    });

    it("answers isCertified false before the modules are linked, since nothing can be certified", async () => {
      const fixture = await loadFixture(registryFixture);
      const fresh = await unlinkedRegistry(fixture);
      await fresh.connect(fixture.provider).register(registration());
      expect(await fresh.isCertified(1n)).to.equal(false);
    });
  });

  describe("register", () => {
    it("emits ProductRegistered with the registration and ProductStatusChanged from None to Registered", async () => {
      const { products, provider } = await loadFixture(registryFixture);
      const input = registration({
        productType: ProductType.Index, sourceCategory: SourceCategory.Personal, classification: Classification.Important,
        containsPersonalInfo: true, metadataURI: "https://example.org/p/1", descriptionHash: hashOf("description document"),
      });
      await expect(products.connect(provider).register(input))
        .to.emit(products, "ProductRegistered").withArgs(1n, provider.address, 0n, CN, matchesRegistration(input))
        .and.to.emit(products, "ProductStatusChanged").withArgs(1n, ProductStatus.None, ProductStatus.Registered, ZERO);
    });

    it("records every field of the product", async () => {
      const { products, provider } = await loadFixture(registryFixture);
      const input = registration({
        contentHash: hashOf("manifest"), originDeclarationHash: hashOf("declaration"), productType: ProductType.Api,
        sourceCategory: SourceCategory.Public, classification: Classification.Important, containsPersonalInfo: true,
        metadataURI: "ipfs://bafy-product", descriptionHash: hashOf("description document"),
      });
      await products.connect(provider).register(input);
      const product = await products.product(1n);
      expect(product.provider).to.equal(provider.address);
      expect(product.productType).to.equal(ProductType.Api);
      expect(product.sourceCategory).to.equal(SourceCategory.Public);
      expect(product.classification).to.equal(Classification.Important);
      expect(product.status).to.equal(ProductStatus.Registered);
      expect(product.statusBeforeSuspension).to.equal(ProductStatus.None);
      expect(product.containsPersonalInfo).to.equal(true);
      expect(product.openObjections).to.equal(0n);
      expect(product.jurisdiction).to.equal(CN);
      expect(product.registeredAt).to.equal(await now());
      expect(product.previousVersion).to.equal(0n);
      expect(product.supersededBy).to.equal(0n);
      expect(product.contentHash).to.equal(hashOf("manifest"));
      expect(product.originDeclarationHash).to.equal(hashOf("declaration"));
      expect(product.descriptionHash).to.equal(hashOf("description document"));
      expect(product.metadataURI).to.equal("ipfs://bafy-product");
      expect(await products.sourcesOf(1n)).to.deep.equal([]);
      expect(await products.sourceCertificatesOf(1n)).to.deep.equal([]);
    });

    it("stores a zero description hash when the provider registers no description", async () => {
      const { products, provider } = await loadFixture(registryFixture);
      await products.connect(provider).register(registration({ descriptionHash: ZERO }));
      expect((await products.product(1n)).descriptionHash).to.equal(ZERO);
    });

    it("returns the hot fields through productState", async () => {
      const { products, provider } = await loadFixture(registryFixture);
      await products.connect(provider).register(registration({ classification: Classification.Core }));
      const state = await products.productState(1n);
      expect(state.provider).to.equal(provider.address);
      expect(state.status).to.equal(ProductStatus.Registered);
      expect(state.classification).to.equal(Classification.Core);
      expect(state.frozen).to.equal(false);
    });

    it("answers productState with a zero provider for an unknown product", async () => {
      const { products } = await loadFixture(registryFixture);
      const state = await products.productState(UNKNOWN);
      expect(state.provider).to.equal(ethers.ZeroAddress);
      expect(state.status).to.equal(ProductStatus.None);
      expect(state.frozen).to.equal(false);
    });

    it("numbers products sequentially from 1 and counts them", async () => {
      const fixture = await loadFixture(registryFixture);
      expect(await fixture.products.productCount()).to.equal(0n);
      const first = await registerProduct(fixture);
      const second = await registerProduct(fixture, { contentHash: hashOf("second") }, fixture.otherProvider);
      expect([first, second]).to.deep.equal([1n, 2n]);
      expect(await fixture.products.productCount()).to.equal(2n);
      expect((await fixture.products.product(second)).provider).to.equal(fixture.otherProvider.address);
    });

    it("returns the new product id to a static call", async () => {
      const fixture = await registeredFixture();
      expect(await fixture.products.connect(fixture.provider).register.staticCall(registration())).to.equal(2n);
    });

    it("copies the provider's jurisdiction at registration time", async () => {
      const fixture = await loadFixture(registryFixture);
      const hongKong = await extraSigner(11);
      await accreditProvider(fixture, hongKong, "HK");
      const input = registration();
      await expect(fixture.products.connect(hongKong).register(input))
        .to.emit(fixture.products, "ProductRegistered").withArgs(1n, hongKong.address, 0n, HK, matchesRegistration(input));
      await accreditProvider(fixture, hongKong, "MO");
      expect((await fixture.products.product(1n)).jurisdiction).to.equal(HK);
    });

    it("stores an empty metadata URI when none is given", async () => {
      const { products, provider } = await loadFixture(registryFixture);
      const input = registration({ metadataURI: "" });
      await expect(products.connect(provider).register(input))
        .to.emit(products, "ProductRegistered").withArgs(1n, provider.address, 0n, CN, matchesRegistration(input));
      expect((await products.product(1n)).metadataURI).to.equal("");
    });

    it("reverts when the caller is only a Buyer", async () => {
      const { products, buyer } = await loadFixture(registryFixture);
      await expect(products.connect(buyer).register(registration()))
        .to.be.revertedWithCustomError(products, "DataProductProviderNotAccredited").withArgs(buyer.address);
    });

    it("reverts when the caller is not accredited at all", async () => {
      const { products, stranger } = await loadFixture(registryFixture);
      await expect(products.connect(stranger).register(registration()))
        .to.be.revertedWithCustomError(products, "DataProductProviderNotAccredited").withArgs(stranger.address);
    });

    it("reverts when the caller applied as a Provider but is still Pending", async () => {
      const { products, participants, stranger } = await loadFixture(registryFixture);
      await participants.connect(stranger).applyForAccreditation(Kind.Provider, 0, CN, hashOf("application"));
      await expect(products.connect(stranger).register(registration()))
        .to.be.revertedWithCustomError(products, "DataProductProviderNotAccredited").withArgs(stranger.address);
    });

    it("reverts when the provider is suspended", async () => {
      const { products, participants, registrar, provider } = await loadFixture(registryFixture);
      await participants.connect(registrar).suspend(provider.address, REASON);
      await expect(products.connect(provider).register(registration()))
        .to.be.revertedWithCustomError(products, "DataProductProviderNotAccredited").withArgs(provider.address);
    });

    it("reverts when the provider's accreditation has lapsed", async () => {
      const fixture = await loadFixture(registryFixture);
      const shortLived = await extraSigner(11);
      // A block first: after a long run the restored snapshot's clock lags the next block's.
      await mine();
      await accreditProvider(fixture, shortLived, "CN", (await now()) + 1000n);
      await registerProduct(fixture, {}, shortLived);
      await time.increase(1000n);
      await expect(fixture.products.connect(shortLived).register(registration()))
        .to.be.revertedWithCustomError(fixture.products, "DataProductProviderNotAccredited").withArgs(shortLived.address);
      expect(await fixture.products.productCount()).to.equal(1n);
    });

    it("reverts when the content hash is zero", async () => {
      const { products, provider } = await loadFixture(registryFixture);
      await expect(products.connect(provider).register(registration({ contentHash: ZERO })))
        .to.be.revertedWithCustomError(products, "DataProductMissingHash").withArgs();
    });

    it("reverts when the origin declaration hash is zero", async () => {
      const { products, provider } = await loadFixture(registryFixture);
      await expect(products.connect(provider).register(registration({ originDeclarationHash: ZERO })))
        .to.be.revertedWithCustomError(products, "DataProductMissingHash").withArgs();
    });

    it("reverts when sources and source certificates differ in length", async () => {
      const { products, provider } = await loadFixture(registryFixture);
      await expect(products.connect(provider).register(registration({ sources: [1n], sourceCertificates: [] })))
        .to.be.revertedWithCustomError(products, "DataProductInvalidSources").withArgs(1n, 0n);
      await expect(products.connect(provider).register(registration({ sources: [], sourceCertificates: [1n, 2n] })))
        .to.be.revertedWithCustomError(products, "DataProductInvalidSources").withArgs(0n, 2n);
    });

    it("reverts when more than MAX_SOURCES sources are named", async () => {
      const { products, provider } = await loadFixture(registryFixture);
      expect(await products.MAX_SOURCES()).to.equal(BigInt(MAX_SOURCES));
      const many = Array.from({ length: MAX_SOURCES + 1 }, (_, i) => BigInt(i + 1));
      await expect(products.connect(provider).register(registration({ sources: many, sourceCertificates: many })))
        .to.be.revertedWithCustomError(products, "DataProductInvalidSources").withArgs(65n, 65n);
    });

    it("accepts exactly MAX_SOURCES sources", async () => {
      const fixture = await loadFixture(registryFixture);
      const sources: bigint[] = [];
      const sourceCertificates: bigint[] = [];
      for (let i = 0; i < MAX_SOURCES; i++) {
        const source = await registerProduct(fixture, { contentHash: hashOf(`source ${i}`) });
        sources.push(source);
        sourceCertificates.push(await issueHolding(fixture, source));
      }
      const input = registration({ sources, sourceCertificates });
      await expect(fixture.products.connect(fixture.provider).register(input))
        .to.emit(fixture.products, "ProductRegistered")
        .withArgs(65n, fixture.provider.address, 0n, CN, matchesRegistration(input));
      expect(await fixture.products.sourcesOf(65n)).to.deep.equal(sources);
    });
  });

  describe("registrationNumber", () => {
    it("formats the first product as SZDE-E1-DP-00000001", async () => {
      const { products } = await registeredFixture();
      expect(await products.registrationNumber(1n)).to.equal("SZDE-E1-DP-00000001");
    });

    it("zero-pads ids of two digits to eight", async () => {
      const fixture = await loadFixture(registryFixture);
      for (let i = 0; i < 12; i++) await registerProduct(fixture, { contentHash: hashOf(`product ${i}`) });
      expect(await fixture.products.registrationNumber(10n)).to.equal("SZDE-E1-DP-00000010");
      expect(await fixture.products.registrationNumber(12n)).to.equal("SZDE-E1-DP-00000012");
    });

    it("uses the exchange code of the deployment", async () => {
      const fixture = await loadFixture(registryFixture);
      const beijing = await deployDatarights("BJDE");
      await beijing.participants.connect(fixture.admin).grantRole(REGISTRAR_ROLE, fixture.registrar.address);
      await beijing.participants
        .connect(fixture.registrar)
        .accredit(fixture.provider.address, Kind.Provider, 0, CN, hashOf("beijing dossier"), (await now()) + YEAR);
      await beijing.products.connect(fixture.provider).register(registration());
      expect(await beijing.products.registrationNumber(1n)).to.equal("BJDE-E1-DP-00000001");
    });
  });

  describe("getters of unknown products", () => {
    it("revert with DataProductUnknown", async () => {
      const { products } = await registeredFixture();
      for (const id of [0n, 2n, UNKNOWN]) {
        await expect(products.product(id)).to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(id);
        await expect(products.sourcesOf(id)).to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(id);
        await expect(products.sourceCertificatesOf(id))
          .to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(id);
        await expect(products.registrationNumber(id))
          .to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(id);
      }
    });
  });

  describe("derivation rule", () => {
    const registerWith = (fixture: RegistryFixture, sources: bigint[], sourceCertificates: bigint[], signer?: HardhatEthersSigner) =>
      fixture.products.connect(signer ?? fixture.provider).register(registration({ sources, sourceCertificates }));

    it("accepts a ResourceHolding certificate of the provider on the source", async () => {
      const fixture = await registeredFixture();
      const holding = await issueHolding(fixture, fixture.productId);
      const input = registration({ sources: [fixture.productId], sourceCertificates: [holding] });
      await expect(fixture.products.connect(fixture.provider).register(input))
        .to.emit(fixture.products, "ProductRegistered").withArgs(2n, fixture.provider.address, 0n, CN, matchesRegistration(input));
      expect(await fixture.products.sourcesOf(2n)).to.deep.equal([fixture.productId]);
      expect(await fixture.products.sourceCertificatesOf(2n)).to.deep.equal([holding]);
    });

    it("accepts a ProcessingUse licence of the provider on another provider's product", async () => {
      const fixture = await sourcesFixture();
      const { products, provider, sources, licences } = fixture;
      const input = registration({ sources: [sources[0]], sourceCertificates: [licences[0]] });
      await expect(products.connect(provider).register(input))
        .to.emit(products, "ProductRegistered").withArgs(4n, provider.address, 0n, CN, matchesRegistration(input));
      expect(await products.sourcesOf(4n)).to.deep.equal([sources[0]]);
      expect(await products.sourceCertificatesOf(4n)).to.deep.equal([licences[0]]);
    });

    it("records the lineage of a product derived from three sources", async () => {
      const fixture = await sourcesFixture();
      const { products, provider, sources, licences } = fixture;
      const input = registration({ sources, sourceCertificates: licences });
      await expect(products.connect(provider).register(input))
        .to.emit(products, "ProductRegistered").withArgs(4n, provider.address, 0n, CN, matchesRegistration(input));
      expect(await products.sourcesOf(4n)).to.deep.equal(sources);
      expect(await products.sourceCertificatesOf(4n)).to.deep.equal(licences);
      expect((await products.product(4n)).status).to.equal(ProductStatus.Registered);
    });

    it("checks every source, not only the first", async () => {
      const fixture = await sourcesFixture();
      const { products, sources, licences } = fixture;
      await expect(registerWith(fixture, sources, [licences[0], licences[0], licences[2]]))
        .to.be.revertedWithCustomError(products, "DataProductMissingSourceRight").withArgs(sources[1], licences[0], fixture.provider.address, sources[0], RightCategory.ProcessingUse, Validity.Valid);
    });

    it("reverts when the certificate is held by another account", async () => {
      const fixture = await sourcesFixture();
      const { products, buyer, sources, holdings } = fixture;
      const buyersLicence = await licenseFrom(fixture, holdings[0], buyer);
      await expect(registerWith(fixture, [sources[0]], [buyersLicence]))
        .to.be.revertedWithCustomError(products, "DataProductMissingSourceRight").withArgs(sources[0], buyersLicence, buyer.address, sources[0], RightCategory.ProcessingUse, Validity.Valid);
      await expect(registerWith(fixture, [sources[0]], [holdings[0]]))
        .to.be.revertedWithCustomError(products, "DataProductMissingSourceRight").withArgs(sources[0], holdings[0], fixture.otherProvider.address, sources[0], RightCategory.ResourceHolding, Validity.Valid);
    });

    it("reverts when the certificate is on another product", async () => {
      const fixture = await sourcesFixture();
      const { products, sources, licences } = fixture;
      await expect(registerWith(fixture, [sources[0]], [licences[1]]))
        .to.be.revertedWithCustomError(products, "DataProductMissingSourceRight").withArgs(sources[0], licences[1], fixture.provider.address, sources[1], RightCategory.ProcessingUse, Validity.Valid);
    });

    it("reverts when the certificate is a ProductOperation right", async () => {
      const fixture = await sourcesFixture();
      const { products, provider, sources, holdings } = fixture;
      const operation = await licenseFrom(fixture, holdings[0], provider, RightCategory.ProductOperation);
      expect((await fixture.certificates.certificate(operation)).category).to.equal(RightCategory.ProductOperation);
      await expect(registerWith(fixture, [sources[0]], [operation]))
        .to.be.revertedWithCustomError(products, "DataProductMissingSourceRight").withArgs(sources[0], operation, provider.address, sources[0], RightCategory.ProductOperation, Validity.Valid);
    });

    it("reverts when the certificate does not exist", async () => {
      const fixture = await sourcesFixture();
      await expect(registerWith(fixture, [fixture.sources[0]], [999n]))
        .to.be.revertedWithCustomError(fixture.products, "DataProductMissingSourceRight")
        .withArgs(fixture.sources[0], 999n, ethers.ZeroAddress, 0n, RightCategory.ResourceHolding, Validity.Nonexistent);
    });

    it("reverts when the certificate is suspended", async () => {
      const fixture = await sourcesFixture();
      const { products, certificates, registrar, sources, licences } = fixture;
      await certificates.connect(registrar).suspend(licences[0], REASON);
      await expect(registerWith(fixture, [sources[0]], [licences[0]]))
        .to.be.revertedWithCustomError(products, "DataProductMissingSourceRight").withArgs(sources[0], licences[0], fixture.provider.address, sources[0], RightCategory.ProcessingUse, Validity.Suspended);
    });

    it("reverts when the certificate is revoked", async () => {
      const fixture = await sourcesFixture();
      const { products, certificates, registrar, sources, licences } = fixture;
      await certificates.connect(registrar).revoke(licences[0], REASON);
      await expect(registerWith(fixture, [sources[0]], [licences[0]]))
        .to.be.revertedWithCustomError(products, "DataProductMissingSourceRight").withArgs(sources[0], licences[0], fixture.provider.address, sources[0], RightCategory.ProcessingUse, Validity.Revoked);
    });

    it("reverts when the certificate has expired", async () => {
      const fixture = await sourcesFixture();
      const { products, provider, sources, holdings } = fixture;
      await mine();
      const shortLicence = await licenseFrom(fixture, holdings[0], provider, RightCategory.ProcessingUse, (await now()) + 1000n);
      await registerWith(fixture, [sources[0]], [shortLicence]);
      await time.increase(1000n);
      await expect(registerWith(fixture, [sources[0]], [shortLicence]))
        .to.be.revertedWithCustomError(products, "DataProductMissingSourceRight").withArgs(sources[0], shortLicence, provider.address, sources[0], RightCategory.ProcessingUse, Validity.Expired);
    });

    it("reverts when the certificate's parent was revoked", async () => {
      const fixture = await sourcesFixture();
      const { products, certificates, registrar, sources, holdings, licences } = fixture;
      await certificates.connect(registrar).revoke(holdings[0], REASON);
      await expect(registerWith(fixture, [sources[0]], [licences[0]]))
        .to.be.revertedWithCustomError(products, "DataProductMissingSourceRight")
        .withArgs(sources[0], licences[0], fixture.provider.address, sources[0], RightCategory.ProcessingUse, Validity.AncestorInvalid);
    });

    it("reverts when a source is repeated", async () => {
      const fixture = await sourcesFixture();
      const { products, sources, licences } = fixture;
      await expect(registerWith(fixture, [sources[0], sources[0]], [licences[0], licences[0]]))
        .to.be.revertedWithCustomError(products, "DataProductDuplicateSource").withArgs(sources[0]);
      await expect(registerWith(fixture, [sources[1], sources[0], sources[1]], [licences[1], licences[0], licences[1]]))
        .to.be.revertedWithCustomError(products, "DataProductDuplicateSource").withArgs(sources[1]);
    });

    it("reverts when a new version names its own predecessor as a source", async () => {
      const fixture = await registeredFixture();
      const { products, provider, productId } = fixture;
      const holding = await issueHolding(fixture, productId);
      await expect(products.connect(provider).registerVersion(productId, registration({ sources: [productId], sourceCertificates: [holding] })))
        .to.be.revertedWithCustomError(products, "DataProductDuplicateSource").withArgs(productId);
    });

    it("reverts when a source does not exist", async () => {
      const fixture = await sourcesFixture();
      await expect(registerWith(fixture, [UNKNOWN], [fixture.licences[0]]))
        .to.be.revertedWithCustomError(fixture.products, "DataProductUnknown").withArgs(UNKNOWN);
    });

    it("reverts when a source was revoked", async () => {
      const fixture = await sourcesFixture();
      const { products, registrar, sources, licences } = fixture;
      await products.connect(registrar).revoke(sources[0], REASON);
      await expect(registerWith(fixture, [sources[0]], [licences[0]]))
        .to.be.revertedWithCustomError(products, "DataProductSourceUnavailable").withArgs(sources[0]);
    });

    it("reverts when a source is suspended", async () => {
      const fixture = await sourcesFixture();
      const { products, registrar, sources, licences } = fixture;
      await products.connect(registrar).suspend(sources[0], REASON);
      await expect(registerWith(fixture, [sources[0]], [licences[0]]))
        .to.be.revertedWithCustomError(products, "DataProductSourceUnavailable").withArgs(sources[0]);
    });

    it("reverts when a source is frozen by an open objection", async () => {
      const fixture = await sourcesFixture();
      const { products, registrar, auditor, sources, licences } = fixture;
      await products.connect(auditor).lodgeObjection(sources[0], CLAIM);
      await expect(registerWith(fixture, [sources[0]], [licences[0]]))
        .to.be.revertedWithCustomError(products, "DataProductSourceUnavailable").withArgs(sources[0]);
      await products.connect(registrar).resolveObjection(1n, false, RESOLUTION);
      await expect(registerWith(fixture, [sources[0]], [licences[0]])).to.emit(products, "ProductRegistered");
    });
  });

  describe("registerVersion", () => {
    it("emits ProductRegistered with the predecessor and ProductSuperseded, and links both versions", async () => {
      const fixture = await registeredFixture();
      const { products, provider, productId } = fixture;
      const input = registration({ contentHash: hashOf("version 2"), metadataURI: "ipfs://v2" });
      await expect(products.connect(provider).registerVersion(productId, input))
        .to.emit(products, "ProductRegistered").withArgs(2n, provider.address, productId, CN, matchesRegistration(input))
        .and.to.emit(products, "ProductSuperseded").withArgs(productId, 2n)
        .and.to.emit(products, "ProductStatusChanged").withArgs(2n, ProductStatus.None, ProductStatus.Registered, ZERO);
      const previous = await products.product(productId);
      const next = await products.product(2n);
      expect(previous.supersededBy).to.equal(2n);
      expect(previous.status).to.equal(ProductStatus.Registered);
      expect(next.previousVersion).to.equal(productId);
      expect(next.supersededBy).to.equal(0n);
      expect(next.status).to.equal(ProductStatus.Registered);
      expect(next.contentHash).to.equal(hashOf("version 2"));
      expect(await products.productCount()).to.equal(2n);
    });

    it("keeps each version's own description hash", async () => {
      const { products, provider } = await loadFixture(registryFixture);
      await products.connect(provider).register(registration({ descriptionHash: hashOf("description v1") }));
      const input = registration({ contentHash: hashOf("version 2"), descriptionHash: hashOf("description v2") });
      await expect(products.connect(provider).registerVersion(1n, input))
        .to.emit(products, "ProductRegistered").withArgs(2n, provider.address, 1n, CN, matchesRegistration(input));
      expect((await products.product(1n)).descriptionHash).to.equal(hashOf("description v1"));
      expect((await products.product(2n)).descriptionHash).to.equal(hashOf("description v2"));
    });

    it("returns the new version's id to a static call", async () => {
      const { products, provider, productId } = await registeredFixture();
      expect(await products.connect(provider).registerVersion.staticCall(productId, registration())).to.equal(2n);
    });

    it("delists a Listed predecessor", async () => {
      const { products, provider, productId } = await listedFixture();
      await expect(products.connect(provider).registerVersion(productId, registration({ contentHash: hashOf("v2") })))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Listed, ProductStatus.Delisted, ZERO)
        .and.to.emit(products, "ProductSuperseded").withArgs(productId, 2n);
      expect((await products.product(productId)).status).to.equal(ProductStatus.Delisted);
    });

    it("never lets a superseded listing come back as Listed after a suspension", async () => {
      const { products, provider, registrar, productId } = await listedFixture();
      await products.connect(registrar).suspend(productId, REASON);
      await products.connect(provider).registerVersion(productId, registration({ contentHash: hashOf("v2") }));
      await expect(products.connect(registrar).reinstate(productId, REASON))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Suspended, ProductStatus.Delisted, REASON);
    });

    it("leaves a Certified predecessor Certified, but no longer listable", async () => {
      const { products, provider, productId } = await certifiedFixture();
      await products.connect(provider).registerVersion(productId, registration({ contentHash: hashOf("v2") }));
      expect((await products.product(productId)).status).to.equal(ProductStatus.Certified);
      await expect((await asMarket(products)).list(productId))
        .to.be.revertedWithCustomError(products, "DataProductSuperseded").withArgs(productId);
    });

    it("starts the new version uncertified, needing its own assessments", async () => {
      const fixture = await certifiedFixture();
      const { products, provider, registrar, productId } = fixture;
      await products.connect(provider).registerVersion(productId, registration({ contentHash: hashOf("v2") }));
      expect(await products.isCertified(2n)).to.equal(false);
      await expect(products.connect(registrar).certify(2n))
        .to.be.revertedWithCustomError(products, "DataProductPolicyNotMet").withArgs(2n, BASE_KINDS);
      await assessBase(fixture, 2n);
      await expect(products.connect(registrar).certify(2n))
        .to.emit(products, "ProductStatusChanged").withArgs(2n, ProductStatus.Registered, ProductStatus.Certified, ZERO);
    });

    it("accepts sources other than the predecessor under the derivation rule", async () => {
      const fixture = await sourcesFixture();
      const { products, provider, sources, licences } = fixture;
      const first = await registerProduct(fixture, { contentHash: hashOf("v1") });
      const input = registration({ contentHash: hashOf("v2"), sources: [sources[2]], sourceCertificates: [licences[2]] });
      await expect(products.connect(provider).registerVersion(first, input))
        .to.emit(products, "ProductRegistered").withArgs(first + 1n, provider.address, first, CN, matchesRegistration(input));
      expect(await products.sourcesOf(first + 1n)).to.deep.equal([sources[2]]);
    });

    it("keeps a chain of versions", async () => {
      const { products, provider, productId } = await registeredFixture();
      await products.connect(provider).registerVersion(productId, registration({ contentHash: hashOf("v2") }));
      await expect(products.connect(provider).registerVersion(2n, registration({ contentHash: hashOf("v3") })))
        .to.emit(products, "ProductSuperseded").withArgs(2n, 3n);
      expect((await products.product(3n)).previousVersion).to.equal(2n);
      expect((await products.product(2n)).previousVersion).to.equal(productId);
      expect((await products.product(2n)).supersededBy).to.equal(3n);
    });

    it("reverts when the caller is not the provider", async () => {
      const { products, otherProvider, registrar, productId } = await registeredFixture();
      for (const account of [otherProvider, registrar]) {
        await expect(products.connect(account).registerVersion(productId, registration()))
          .to.be.revertedWithCustomError(products, "DataProductNotProvider").withArgs(productId, account.address);
      }
    });

    it("reverts when the predecessor was already superseded", async () => {
      const { products, provider, productId } = await registeredFixture();
      await products.connect(provider).registerVersion(productId, registration({ contentHash: hashOf("v2") }));
      await expect(products.connect(provider).registerVersion(productId, registration({ contentHash: hashOf("v2 bis") })))
        .to.be.revertedWithCustomError(products, "DataProductSuperseded").withArgs(productId);
    });

    it("reverts when the predecessor was revoked", async () => {
      const { products, provider, registrar, productId } = await registeredFixture();
      await products.connect(registrar).revoke(productId, REASON);
      await expect(products.connect(provider).registerVersion(productId, registration()))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(productId, ProductStatus.Revoked);
    });

    it("reverts when the predecessor is frozen", async () => {
      const { products, provider, auditor, productId } = await registeredFixture();
      await products.connect(auditor).lodgeObjection(productId, CLAIM);
      await expect(products.connect(provider).registerVersion(productId, registration()))
        .to.be.revertedWithCustomError(products, "DataProductFrozen").withArgs(productId);
    });

    it("reverts when the predecessor does not exist", async () => {
      const { products, provider } = await registeredFixture();
      await expect(products.connect(provider).registerVersion(UNKNOWN, registration()))
        .to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(UNKNOWN);
    });

    it("reverts when the provider is no longer accredited", async () => {
      const { products, participants, registrar, provider, productId } = await registeredFixture();
      await participants.connect(registrar).suspend(provider.address, REASON);
      await expect(products.connect(provider).registerVersion(productId, registration()))
        .to.be.revertedWithCustomError(products, "DataProductProviderNotAccredited").withArgs(provider.address);
    });
  });

  describe("certify", () => {
    it("certifies a Registered product that meets the policy", async () => {
      const fixture = await registeredFixture();
      const { products, registrar, productId } = fixture;
      await assessBase(fixture, productId);
      await expect(products.connect(registrar).certify(productId))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Registered, ProductStatus.Certified, ZERO);
      expect((await products.product(productId)).status).to.equal(ProductStatus.Certified);
      expect(await products.isCertified(productId)).to.equal(true);
    });

    it("reverts when the caller is not the Registrar", async () => {
      const fixture = await registeredFixture();
      const { products, provider, arbiter, admin, productId } = fixture;
      await assessBase(fixture, productId);
      for (const account of [provider, arbiter, admin]) {
        await expect(products.connect(account).certify(productId))
          .to.be.revertedWithCustomError(products, "AccessControlUnauthorizedAccount").withArgs(account.address, REGISTRAR_ROLE);
      }
    });

    it("reverts when the product does not exist", async () => {
      const { products, registrar } = await loadFixture(registryFixture);
      await expect(products.connect(registrar).certify(UNKNOWN))
        .to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(UNKNOWN);
    });

    it("reverts when the product is not Registered", async () => {
      const { products, registrar, byStatus } = await statusesFixture();
      for (const status of ["Certified", "Listed", "Delisted"] as const) {
        await expect(products.connect(registrar).certify(byStatus[status]))
          .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(byStatus[status], ProductStatus[status]);
      }
      await products.connect(registrar).suspend(byStatus.Registered, REASON);
      await expect(products.connect(registrar).certify(byStatus.Registered))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(byStatus.Registered, ProductStatus.Suspended);
    });

    it("reverts when no assessment was recorded", async () => {
      const { products, registrar, productId } = await registeredFixture();
      await expect(products.connect(registrar).certify(productId))
        .to.be.revertedWithCustomError(products, "DataProductPolicyNotMet").withArgs(productId, BASE_KINDS);
    });

    it("reverts when a required assessment failed", async () => {
      const fixture = await registeredFixture();
      const { products, assessments, registrar, lawFirm, institute, productId } = fixture;
      const expiresAt = (await now()) + YEAR;
      await assessments.connect(lawFirm).record({ productId, kind: AssessmentKind.LegalCompliance, passed: true, expiresAt, reportHash: hashOf("legal") });
      await assessments.connect(institute).record({ productId, kind: AssessmentKind.Quality, passed: false, expiresAt, reportHash: hashOf("quality") });
      await expect(products.connect(registrar).certify(productId))
        .to.be.revertedWithCustomError(products, "DataProductPolicyNotMet").withArgs(productId, kindBit(AssessmentKind.Quality));
    });

    it("requires PersonalInfoProtection for a product with personal information", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, assessments, registrar, lawFirm } = fixture;
      const productId = await registerProduct(fixture, { sourceCategory: SourceCategory.Personal, containsPersonalInfo: true });
      await assessBase(fixture, productId);
      await expect(products.connect(registrar).certify(productId))
        .to.be.revertedWithCustomError(products, "DataProductPolicyNotMet").withArgs(productId, kindBit(AssessmentKind.PersonalInfoProtection));
      await assessments.connect(lawFirm).record({
        productId, kind: AssessmentKind.PersonalInfoProtection, passed: true, expiresAt: (await now()) + YEAR, reportHash: hashOf("pip"),
      });
      await expect(products.connect(registrar).certify(productId))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Registered, ProductStatus.Certified, ZERO);
    });

    it("refuses Core data even when it meets the policy", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, registrar } = fixture;
      const productId = await registerProduct(fixture, { classification: Classification.Core });
      await assessBase(fixture, productId);
      await expect(products.connect(registrar).certify(productId))
        .to.be.revertedWithCustomError(products, "DataProductCoreNotListable").withArgs(productId);
      expect((await products.product(productId)).status).to.equal(ProductStatus.Registered);
    });

    it("reverts when the product is frozen", async () => {
      const { products, registrar, registered } = await frozenFixture();
      await expect(products.connect(registrar).certify(registered))
        .to.be.revertedWithCustomError(products, "DataProductFrozen").withArgs(registered);
    });
  });

  describe("list", () => {
    it("lists a Certified product", async () => {
      const { products, productId } = await certifiedFixture();
      await expect((await asMarket(products)).list(productId))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Certified, ProductStatus.Listed, ZERO);
      expect((await products.productState(productId)).status).to.equal(ProductStatus.Listed);
    });

    it("relists a Delisted product", async () => {
      const { products, byStatus } = await statusesFixture();
      await expect((await asMarket(products)).list(byStatus.Delisted))
        .to.emit(products, "ProductStatusChanged").withArgs(byStatus.Delisted, ProductStatus.Delisted, ProductStatus.Listed, ZERO);
      expect((await products.product(byStatus.Delisted)).status).to.equal(ProductStatus.Listed);
    });

    it("reverts when the caller is not a market module, the Registrar included", async () => {
      const { products, registrar, provider, arbiter, stranger, productId } = await certifiedFixture();
      for (const account of [registrar, provider, arbiter, stranger]) {
        await expect(products.connect(account).list(productId))
          .to.be.revertedWithCustomError(products, "AccessControlUnauthorizedAccount").withArgs(account.address, MARKET_ROLE_ID);
      }
      expect((await products.product(productId)).status).to.equal(ProductStatus.Certified);
    });

    it("reverts when the product does not exist", async () => {
      const { products } = await loadFixture(registryFixture);
      await expect((await asMarket(products)).list(UNKNOWN))
        .to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(UNKNOWN);
    });

    it("never lists Core data, which cannot even be certified", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, registrar } = fixture;
      const productId = await registerProduct(fixture, { classification: Classification.Core });
      await expect((await asMarket(products)).list(productId))
        .to.be.revertedWithCustomError(products, "DataProductCoreNotListable").withArgs(productId);
      await assessBase(fixture, productId);
      expect(await fixture.assessments.missingKinds(productId)).to.equal(0n);
      await expect(products.connect(registrar).certify(productId))
        .to.be.revertedWithCustomError(products, "DataProductCoreNotListable").withArgs(productId);
      await expect((await asMarket(products)).list(productId))
        .to.be.revertedWithCustomError(products, "DataProductCoreNotListable").withArgs(productId);
      expect((await products.product(productId)).status).to.equal(ProductStatus.Registered);
    });

    it("reverts when the product is neither Certified nor Delisted", async () => {
      const { products, registrar, byStatus } = await statusesFixture();
      for (const status of ["Registered", "Listed"] as const) {
        await expect((await asMarket(products)).list(byStatus[status]))
          .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(byStatus[status], ProductStatus[status]);
      }
      await products.connect(registrar).suspend(byStatus.Certified, REASON);
      await expect((await asMarket(products)).list(byStatus.Certified))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(byStatus.Certified, ProductStatus.Suspended);
      await products.connect(registrar).revoke(byStatus.Delisted, REASON);
      await expect((await asMarket(products)).list(byStatus.Delisted))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(byStatus.Delisted, ProductStatus.Revoked);
    });

    it("reverts when the product was superseded", async () => {
      const { products, provider, productId } = await listedFixture();
      await products.connect(provider).registerVersion(productId, registration({ contentHash: hashOf("v2") }));
      await expect((await asMarket(products)).list(productId))
        .to.be.revertedWithCustomError(products, "DataProductSuperseded").withArgs(productId);
    });

    it("reverts when the product is frozen", async () => {
      const { products, certified } = await frozenFixture();
      await expect((await asMarket(products)).list(certified))
        .to.be.revertedWithCustomError(products, "DataProductFrozen").withArgs(certified);
    });

    it("reverts when the policy is no longer met after an assessment expired", async () => {
      const { products, productId } = await certifiedFixture();
      await time.increase(YEAR);
      expect(await products.isCertified(productId)).to.equal(false);
      await expect((await asMarket(products)).list(productId))
        .to.be.revertedWithCustomError(products, "DataProductPolicyNotMet").withArgs(productId, BASE_KINDS);
    });
  });

  describe("delist", () => {
    it("lets the provider delist its Listed product", async () => {
      const { products, provider, productId } = await listedFixture();
      await expect(products.connect(provider).delist(productId))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Listed, ProductStatus.Delisted, ZERO);
      expect((await products.product(productId)).status).to.equal(ProductStatus.Delisted);
    });

    it("lets the Registrar delist a Listed product", async () => {
      const { products, registrar, productId } = await listedFixture();
      await expect(products.connect(registrar).delist(productId))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Listed, ProductStatus.Delisted, ZERO);
      expect(await products.isCertified(productId)).to.equal(true);
    });

    it("reverts when the caller is neither the provider nor the Registrar", async () => {
      const { products, otherProvider, arbiter, stranger, productId } = await listedFixture();
      for (const account of [otherProvider, arbiter, stranger]) {
        await expect(products.connect(account).delist(productId))
          .to.be.revertedWithCustomError(products, "AccessControlUnauthorizedAccount").withArgs(account.address, REGISTRAR_ROLE);
      }
    });

    it("reverts when the product is not Listed", async () => {
      const { products, provider, registrar, byStatus } = await statusesFixture();
      for (const status of ["Registered", "Certified", "Delisted"] as const) {
        await expect(products.connect(provider).delist(byStatus[status]))
          .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(byStatus[status], ProductStatus[status]);
      }
      await products.connect(registrar).suspend(byStatus.Listed, REASON);
      await expect(products.connect(registrar).delist(byStatus.Listed))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(byStatus.Listed, ProductStatus.Suspended);
    });

    it("reverts when the product does not exist", async () => {
      const { products, registrar } = await loadFixture(registryFixture);
      await expect(products.connect(registrar).delist(UNKNOWN))
        .to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(UNKNOWN);
    });
  });

  describe("suspend", () => {
    for (const status of ["Registered", "Certified", "Listed", "Delisted"] as const) {
      it(`suspends a ${status} product and records its status before suspension`, async () => {
        const { products, registrar, byStatus } = await statusesFixture();
        const productId = byStatus[status];
        await expect(products.connect(registrar).suspend(productId, REASON))
          .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus[status], ProductStatus.Suspended, REASON);
        const product = await products.product(productId);
        expect(product.status).to.equal(ProductStatus.Suspended);
        expect(product.statusBeforeSuspension).to.equal(ProductStatus[status]);
        expect(await products.isCertified(productId)).to.equal(false);
      });
    }

    it("reverts when the product is already suspended", async () => {
      const { products, registrar, productId } = await registeredFixture();
      await products.connect(registrar).suspend(productId, REASON);
      await expect(products.connect(registrar).suspend(productId, REASON))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(productId, ProductStatus.Suspended);
    });

    it("reverts when the product is revoked", async () => {
      const { products, registrar, productId } = await registeredFixture();
      await products.connect(registrar).revoke(productId, REASON);
      await expect(products.connect(registrar).suspend(productId, REASON))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(productId, ProductStatus.Revoked);
    });

    it("reverts when the caller is not the Registrar", async () => {
      const { products, provider, arbiter, productId } = await registeredFixture();
      for (const account of [provider, arbiter]) {
        await expect(products.connect(account).suspend(productId, REASON))
          .to.be.revertedWithCustomError(products, "AccessControlUnauthorizedAccount").withArgs(account.address, REGISTRAR_ROLE);
      }
    });

    it("reverts when the product does not exist", async () => {
      const { products, registrar } = await loadFixture(registryFixture);
      await expect(products.connect(registrar).suspend(UNKNOWN, REASON))
        .to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(UNKNOWN);
    });
  });

  describe("reinstate", () => {
    for (const status of ["Registered", "Certified", "Listed", "Delisted"] as const) {
      it(`restores a suspended product to ${status}`, async () => {
        const { products, registrar, byStatus } = await statusesFixture();
        const productId = byStatus[status];
        await products.connect(registrar).suspend(productId, REASON);
        await expect(products.connect(registrar).reinstate(productId, hashOf("cleared")))
          .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Suspended, ProductStatus[status], hashOf("cleared"));
        expect((await products.product(productId)).status).to.equal(ProductStatus[status]);
        expect(await products.isCertified(productId)).to.equal(status !== "Registered");
      });
    }

    for (const status of ["Certified", "Listed", "Delisted"] as const) {
      it(`returns a ${status} product to Registered when its policy lapsed while it was suspended`, async () => {
        const { products, registrar, byStatus } = await statusesFixture();
        const productId = byStatus[status];
        await products.connect(registrar).suspend(productId, REASON);
        await time.increase(YEAR);
        await expect(products.connect(registrar).reinstate(productId, hashOf("cleared")))
          .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Suspended, ProductStatus.Registered, hashOf("cleared"));
        expect((await products.product(productId)).status).to.equal(ProductStatus.Registered);
        expect(await products.isCertified(productId)).to.equal(false);
      });
    }

    it("returns a Listed product to Delisted when it was frozen while suspended", async () => {
      const { products, registrar, auditor, byStatus } = await statusesFixture();
      await products.connect(registrar).suspend(byStatus.Listed, REASON);
      await products.connect(auditor).lodgeObjection(byStatus.Listed, CLAIM);
      await expect(products.connect(registrar).reinstate(byStatus.Listed, hashOf("cleared")))
        .to.emit(products, "ProductStatusChanged").withArgs(byStatus.Listed, ProductStatus.Suspended, ProductStatus.Delisted, hashOf("cleared"));
    });

    it("reverts when the product is not suspended", async () => {
      const { products, registrar, byStatus } = await statusesFixture();
      for (const status of ["Registered", "Listed"] as const) {
        await expect(products.connect(registrar).reinstate(byStatus[status], REASON))
          .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(byStatus[status], ProductStatus[status]);
      }
      await products.connect(registrar).revoke(byStatus.Certified, REASON);
      await expect(products.connect(registrar).reinstate(byStatus.Certified, REASON))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(byStatus.Certified, ProductStatus.Revoked);
    });

    it("reverts when the caller is not the Registrar", async () => {
      const { products, registrar, provider, arbiter, productId } = await registeredFixture();
      await products.connect(registrar).suspend(productId, REASON);
      for (const account of [provider, arbiter]) {
        await expect(products.connect(account).reinstate(productId, REASON))
          .to.be.revertedWithCustomError(products, "AccessControlUnauthorizedAccount").withArgs(account.address, REGISTRAR_ROLE);
      }
    });

    it("reverts when the product does not exist", async () => {
      const { products, registrar } = await loadFixture(registryFixture);
      await expect(products.connect(registrar).reinstate(UNKNOWN, REASON))
        .to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(UNKNOWN);
    });
  });

  describe("revoke", () => {
    it("revokes a Registered product with a reason", async () => {
      const { products, registrar, productId } = await registeredFixture();
      await expect(products.connect(registrar).revoke(productId, hashOf("fraud")))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Registered, ProductStatus.Revoked, hashOf("fraud"));
      expect((await products.product(productId)).status).to.equal(ProductStatus.Revoked);
    });

    it("revokes a Listed product, which is no longer certified", async () => {
      const { products, registrar, productId } = await listedFixture();
      await expect(products.connect(registrar).revoke(productId, REASON))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Listed, ProductStatus.Revoked, REASON);
      expect(await products.isCertified(productId)).to.equal(false);
    });

    it("revokes a suspended product", async () => {
      const { products, registrar, productId } = await listedFixture();
      await products.connect(registrar).suspend(productId, REASON);
      await expect(products.connect(registrar).revoke(productId, REASON))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Suspended, ProductStatus.Revoked, REASON);
    });

    it("is final: a second revocation reverts", async () => {
      const { products, registrar, productId } = await registeredFixture();
      await products.connect(registrar).revoke(productId, REASON);
      await expect(products.connect(registrar).revoke(productId, REASON))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(productId, ProductStatus.Revoked);
    });

    it("is final: a revoked product can be neither certified nor listed", async () => {
      const fixture = await registeredFixture();
      const { products, registrar, productId } = fixture;
      await assessBase(fixture, productId);
      await products.connect(registrar).revoke(productId, REASON);
      await expect(products.connect(registrar).certify(productId))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(productId, ProductStatus.Revoked);
      await expect((await asMarket(products)).list(productId))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(productId, ProductStatus.Revoked);
    });

    it("reverts when the caller is not the Registrar", async () => {
      const { products, provider, arbiter, productId } = await registeredFixture();
      for (const account of [provider, arbiter]) {
        await expect(products.connect(account).revoke(productId, REASON))
          .to.be.revertedWithCustomError(products, "AccessControlUnauthorizedAccount").withArgs(account.address, REGISTRAR_ROLE);
      }
    });

    it("reverts when the product does not exist", async () => {
      const { products, registrar } = await loadFixture(registryFixture);
      await expect(products.connect(registrar).revoke(UNKNOWN, REASON))
        .to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(UNKNOWN);
    });
  });

  describe("isCertified", () => {
    it("is true for Certified, Listed and Delisted products that meet the policy", async () => {
      const { products, byStatus } = await statusesFixture();
      expect(await products.isCertified(byStatus.Certified)).to.equal(true);
      expect(await products.isCertified(byStatus.Listed)).to.equal(true);
      expect(await products.isCertified(byStatus.Delisted)).to.equal(true);
    });

    it("is false for a Registered product, even when it meets the policy", async () => {
      const fixture = await registeredFixture();
      await assessBase(fixture, fixture.productId);
      expect(await fixture.products.isCertified(fixture.productId)).to.equal(false);
    });

    it("is false for suspended and revoked products", async () => {
      const { products, registrar, byStatus } = await statusesFixture();
      await products.connect(registrar).suspend(byStatus.Listed, REASON);
      await products.connect(registrar).revoke(byStatus.Certified, REASON);
      expect(await products.isCertified(byStatus.Listed)).to.equal(false);
      expect(await products.isCertified(byStatus.Certified)).to.equal(false);
    });

    it("is false for an unknown product", async () => {
      const { products } = await loadFixture(registryFixture);
      expect(await products.isCertified(UNKNOWN)).to.equal(false);
    });

    it("turns false by itself when an assessment expires, and true again when it is renewed", async () => {
      const fixture = await statusesFixture();
      const { products, byStatus } = fixture;
      await time.increase(YEAR);
      expect(await products.isCertified(byStatus.Listed)).to.equal(false);
      expect((await products.product(byStatus.Listed)).status).to.equal(ProductStatus.Listed);
      await assessBase(fixture, byStatus.Listed);
      expect(await products.isCertified(byStatus.Listed)).to.equal(true);
    });

    it("turns false when a required assessment is revoked", async () => {
      const { products, assessments, lawFirm, productId } = await certifiedFixture();
      await assessments.connect(lawFirm).revoke(1n, hashOf("withdrawn"));
      expect(await products.isCertified(productId)).to.equal(false);
    });
  });

  describe("lodgeObjection", () => {
    it("emits ObjectionLodged and records the objection", async () => {
      const { products, auditor, productId } = await registeredFixture();
      await expect(products.connect(auditor).lodgeObjection(productId, CLAIM))
        .to.emit(products, "ObjectionLodged").withArgs(1n, productId, auditor.address, CLAIM);
      const objection = await products.objection(1n);
      expect(objection.claimant).to.equal(auditor.address);
      expect(objection.status).to.equal(ObjectionStatus.Open);
      expect(objection.lodgedAt).to.equal(await now());
      expect(objection.resolvedAt).to.equal(0n);
      expect(objection.targetId).to.equal(productId);
      expect(objection.claimHash).to.equal(CLAIM);
      expect(objection.resolutionHash).to.equal(ZERO);
      expect(await products.objectionCount()).to.equal(1n);
    });

    it("returns the new objection id to a static call", async () => {
      const { products, auditor, productId } = await registeredFixture();
      expect(await products.connect(auditor).lodgeObjection.staticCall(productId, CLAIM)).to.equal(1n);
    });

    it("freezes the product", async () => {
      const { products, auditor, productId } = await registeredFixture();
      await products.connect(auditor).lodgeObjection(productId, CLAIM);
      expect(await products.openObjections(productId)).to.equal(1n);
      expect((await products.productState(productId)).frozen).to.equal(true);
      expect((await products.product(productId)).openObjections).to.equal(1n);
    });

    it("accepts objections from any kind of active accredited participant and counts them", async () => {
      const { products, buyer, otherProvider, lawFirm, financier, auditor, provider, productId } = await registeredFixture();
      const claimants = [buyer, otherProvider, lawFirm, financier, auditor, provider];
      for (const [i, claimant] of claimants.entries()) {
        await expect(products.connect(claimant).lodgeObjection(productId, hashOf(`claim ${i}`)))
          .to.emit(products, "ObjectionLodged").withArgs(BigInt(i + 1), productId, claimant.address, hashOf(`claim ${i}`));
      }
      expect(await products.objectionCount()).to.equal(BigInt(claimants.length));
      expect(await products.openObjections(productId)).to.equal(BigInt(claimants.length));
    });

    it("counts two open objections against one product", async () => {
      const { products, auditor, buyer, productId } = await registeredFixture();
      await products.connect(auditor).lodgeObjection(productId, hashOf("first"));
      await products.connect(buyer).lodgeObjection(productId, hashOf("second"));
      expect(await products.openObjections(productId)).to.equal(2n);
      expect(await products.objectionCount()).to.equal(2n);
      expect((await products.objection(2n)).claimant).to.equal(buyer.address);
    });

    it("accepts an objection against a suspended product", async () => {
      const { products, registrar, auditor, productId } = await registeredFixture();
      await products.connect(registrar).suspend(productId, REASON);
      await expect(products.connect(auditor).lodgeObjection(productId, CLAIM))
        .to.emit(products, "ObjectionLodged").withArgs(1n, productId, auditor.address, CLAIM);
    });

    it("reverts when the claimant is not accredited", async () => {
      const { products, stranger, productId } = await registeredFixture();
      await expect(products.connect(stranger).lodgeObjection(productId, CLAIM))
        .to.be.revertedWithCustomError(products, "ObjectionClaimantNotAccredited").withArgs(stranger.address);
    });

    it("reverts when the claimant is suspended", async () => {
      const { products, participants, registrar, buyer, productId } = await registeredFixture();
      await participants.connect(registrar).suspend(buyer.address, REASON);
      await expect(products.connect(buyer).lodgeObjection(productId, CLAIM))
        .to.be.revertedWithCustomError(products, "ObjectionClaimantNotAccredited").withArgs(buyer.address);
    });

    it("reverts when the claim hash is zero", async () => {
      const { products, auditor, productId } = await registeredFixture();
      await expect(products.connect(auditor).lodgeObjection(productId, ZERO))
        .to.be.revertedWithCustomError(products, "ObjectionMissingClaim").withArgs();
    });

    it("reverts when the product does not exist", async () => {
      const { products, auditor } = await registeredFixture();
      for (const id of [0n, 2n, UINT64_MAX]) {
        await expect(products.connect(auditor).lodgeObjection(id, CLAIM))
          .to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(id);
      }
    });

    it("reverts with DataProductUnknown(0) when the target id does not fit a product id", async () => {
      const { products, auditor } = await registeredFixture();
      for (const id of [UINT64_MAX + 1n, 2n ** 64n + 1n, ethers.MaxUint256]) {
        await expect(products.connect(auditor).lodgeObjection(id, CLAIM))
          .to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(0n);
      }
      expect(await products.objectionCount()).to.equal(0n);
    });

    it("reverts when the product is revoked", async () => {
      const { products, registrar, auditor, productId } = await registeredFixture();
      await products.connect(registrar).revoke(productId, REASON);
      await expect(products.connect(auditor).lodgeObjection(productId, CLAIM))
        .to.be.revertedWithCustomError(products, "DataProductInvalidStatus").withArgs(productId, ProductStatus.Revoked);
    });
  });

  describe("openObjections", () => {
    it("is zero for a product without objections, and for an unknown product id", async () => {
      const { products, productId } = await registeredFixture();
      expect(await products.openObjections(productId)).to.equal(0n);
      expect(await products.openObjections(UNKNOWN)).to.equal(0n);
    });

    it("reverts with DataProductUnknown(0) when the target id does not fit a product id", async () => {
      const { products } = await loadFixture(registryFixture);
      await expect(products.openObjections(UINT64_MAX + 1n))
        .to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(0n);
    });
  });

  describe("objection", () => {
    it("returns an empty record for an unknown objection id", async () => {
      const { products } = await loadFixture(registryFixture);
      const objection = await products.objection(1n);
      expect(objection.status).to.equal(ObjectionStatus.None);
      expect(objection.claimant).to.equal(ethers.ZeroAddress);
    });
  });

  describe("frozen products", () => {
    it("cannot be used as a source", async () => {
      const { products, provider, registered, holding } = await frozenFixture();
      await expect(products.connect(provider).register(registration({ sources: [registered], sourceCertificates: [holding] })))
        .to.be.revertedWithCustomError(products, "DataProductSourceUnavailable").withArgs(registered);
    });

    it("cannot be versioned", async () => {
      const { products, provider, registered } = await frozenFixture();
      await expect(products.connect(provider).registerVersion(registered, registration({ contentHash: hashOf("v2") })))
        .to.be.revertedWithCustomError(products, "DataProductFrozen").withArgs(registered);
    });

    it("cannot get a new certificate", async () => {
      const { certificates, registrar, provider, registered } = await frozenFixture();
      await expect(
        certificates.connect(registrar).issue(
          provider.address, registered, RightCategory.ResourceHolding, (await now()) + YEAR, hashOf("scope"), hashOf("evidence"),
        ),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(registered);
    });

    it("cannot be licensed out of an existing certificate", async () => {
      const { certificates, registrar, buyer, holding, registered } = await frozenFixture();
      await expect(
        certificates.connect(registrar).license(
          holding, buyer.address, RightCategory.ProcessingUse, (await now()) + YEAR, hashOf("scope"), hashOf("evidence"),
        ),
      ).to.be.revertedWithCustomError(certificates, "RightsCertificateProductUnavailable").withArgs(registered);
    });
  });

  describe("resolveObjection", () => {
    it("dismisses an objection: emits ObjectionResolved and changes no status", async () => {
      const { products, registrar, registered } = await frozenFixture();
      await expect(products.connect(registrar).resolveObjection(1n, false, RESOLUTION))
        .to.emit(products, "ObjectionResolved").withArgs(1n, registered, false, RESOLUTION)
        .and.to.not.emit(products, "ProductStatusChanged");
      const objection = await products.objection(1n);
      expect(objection.status).to.equal(ObjectionStatus.Dismissed);
      expect(objection.resolvedAt).to.equal(await now());
      expect(objection.resolutionHash).to.equal(RESOLUTION);
      expect((await products.product(registered)).status).to.equal(ProductStatus.Registered);
    });

    it("unfreezes the product once its last open objection is resolved", async () => {
      const { products, registrar, buyer, registered } = await frozenFixture();
      await products.connect(buyer).lodgeObjection(registered, hashOf("second claim"));
      expect(await products.openObjections(registered)).to.equal(2n);
      await products.connect(registrar).resolveObjection(1n, false, RESOLUTION);
      expect(await products.openObjections(registered)).to.equal(1n);
      expect((await products.productState(registered)).frozen).to.equal(true);
      await expect(products.connect(registrar).certify(registered))
        .to.be.revertedWithCustomError(products, "DataProductFrozen").withArgs(registered);
      await products.connect(registrar).resolveObjection(3n, false, RESOLUTION);
      expect(await products.openObjections(registered)).to.equal(0n);
      expect((await products.productState(registered)).frozen).to.equal(false);
      await expect(products.connect(registrar).certify(registered))
        .to.emit(products, "ProductStatusChanged").withArgs(registered, ProductStatus.Registered, ProductStatus.Certified, ZERO);
    });

    it("leaves other products frozen", async () => {
      const { products, registrar, registered, certified } = await frozenFixture();
      await products.connect(registrar).resolveObjection(1n, false, RESOLUTION);
      expect((await products.productState(registered)).frozen).to.equal(false);
      expect((await products.productState(certified)).frozen).to.equal(true);
    });

    it("upholds an objection: revokes the product with the resolution hash", async () => {
      const { products, registrar, registered } = await frozenFixture();
      await expect(products.connect(registrar).resolveObjection(1n, true, RESOLUTION))
        .to.emit(products, "ObjectionResolved").withArgs(1n, registered, true, RESOLUTION)
        .and.to.emit(products, "ProductStatusChanged").withArgs(registered, ProductStatus.Registered, ProductStatus.Revoked, RESOLUTION);
      expect((await products.objection(1n)).status).to.equal(ObjectionStatus.Upheld);
      const state = await products.productState(registered);
      expect(state.status).to.equal(ProductStatus.Revoked);
      expect(state.frozen).to.equal(false);
    });

    it("upholding an objection against a Listed product revokes it", async () => {
      const { products, registrar, auditor, productId } = await listedFixture();
      await products.connect(auditor).lodgeObjection(productId, CLAIM);
      await expect(products.connect(registrar).resolveObjection(1n, true, RESOLUTION))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Listed, ProductStatus.Revoked, RESOLUTION);
      expect(await products.isCertified(productId)).to.equal(false);
    });

    it("upholding a second objection on an already revoked product emits no second status change", async () => {
      const { products, registrar, buyer, registered } = await frozenFixture();
      await products.connect(buyer).lodgeObjection(registered, hashOf("second claim"));
      await products.connect(registrar).resolveObjection(1n, true, RESOLUTION);
      await expect(products.connect(registrar).resolveObjection(3n, true, hashOf("second resolution")))
        .to.emit(products, "ObjectionResolved").withArgs(3n, registered, true, hashOf("second resolution"))
        .and.to.not.emit(products, "ProductStatusChanged");
      expect((await products.product(registered)).status).to.equal(ProductStatus.Revoked);
      expect(await products.openObjections(registered)).to.equal(0n);
    });

    it("upholding an objection on a product the Registrar revoked meanwhile emits no second status change", async () => {
      const { products, registrar, registered } = await frozenFixture();
      await products.connect(registrar).revoke(registered, REASON);
      await expect(products.connect(registrar).resolveObjection(1n, true, RESOLUTION))
        .to.emit(products, "ObjectionResolved").withArgs(1n, registered, true, RESOLUTION)
        .and.to.not.emit(products, "ProductStatusChanged");
    });

    it("reverts when the caller is not the Registrar", async () => {
      const { products, arbiter, auditor, provider } = await frozenFixture();
      for (const account of [arbiter, auditor, provider]) {
        await expect(products.connect(account).resolveObjection(1n, true, RESOLUTION))
          .to.be.revertedWithCustomError(products, "AccessControlUnauthorizedAccount").withArgs(account.address, REGISTRAR_ROLE);
      }
    });

    it("reverts when the objection does not exist", async () => {
      const { products, registrar } = await frozenFixture();
      for (const id of [0n, 3n]) {
        await expect(products.connect(registrar).resolveObjection(id, false, RESOLUTION))
          .to.be.revertedWithCustomError(products, "ObjectionUnknown").withArgs(id);
      }
    });

    it("reverts when the objection was already resolved", async () => {
      const { products, registrar } = await frozenFixture();
      await products.connect(registrar).resolveObjection(1n, false, RESOLUTION);
      await products.connect(registrar).resolveObjection(2n, true, RESOLUTION);
      for (const [id, upheld] of [[1n, true], [1n, false], [2n, false]] as const) {
        await expect(products.connect(registrar).resolveObjection(id, upheld, RESOLUTION))
          .to.be.revertedWithCustomError(products, "ObjectionAlreadyResolved").withArgs(id);
      }
    });
  });
});
