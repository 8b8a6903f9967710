import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  registryFixture, registerProduct, assessBase, jurisdiction, currencyCode, YEAR, REGISTRAR_ROLE,
  RightCategory, ProductStatus, PricingMethod,
} from "../fixtures";

async function certifiedFixture() {
  const fixture = await loadFixture(registryFixture);
  const productId = await registerProduct(fixture);
  await assessBase(fixture, productId);
  await fixture.products.connect(fixture.registrar).certify(productId);
  return { ...fixture, productId };
}

async function listedFixture() {
  const fixture = await certifiedFixture();
  await fixture.listings.connect(fixture.registrar).list(fixture.productId, RightCategory.ProcessingUse, YEAR, [jurisdiction("CN"), jurisdiction("HK")]);
  return fixture;
}

describe("ListingBook", () => {
  describe("list", () => {
    it("lists a certified product on its terms", async () => {
      const { listings, products, registrar, productId } = await certifiedFixture();
      const codes = [jurisdiction("CN"), jurisdiction("HK")];
      await expect(listings.connect(registrar).list(productId, RightCategory.ProcessingUse, YEAR, codes))
        .to.emit(listings, "ListingTermsSet").withArgs(productId, RightCategory.ProcessingUse, YEAR, codes)
        .and.to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Certified, ProductStatus.Listed, ethers.ZeroHash);
      const listing = await listings.listing(productId);
      expect(listing.rightOffered).to.equal(RightCategory.ProcessingUse);
      expect(listing.licenceDuration).to.equal(YEAR);
      expect(listing.permittedJurisdictions).to.deep.equal(codes);
      expect(listing.price.method).to.equal(PricingMethod.Negotiable);
      const terms = await listings.tradeTerms(productId, jurisdiction("HK"));
      expect(terms.jurisdictionPermitted).to.equal(true);
      expect((await listings.tradeTerms(productId, jurisdiction("US"))).jurisdictionPermitted).to.equal(false);
    });

    it("replaces the permitted jurisdictions when relisted with new terms", async () => {
      const { listings, registrar, provider, productId } = await listedFixture();
      await listings.connect(provider).delist(productId);
      await listings.connect(registrar).list(productId, RightCategory.ProductOperation, 2n * YEAR, [jurisdiction("SG")]);
      expect((await listings.tradeTerms(productId, jurisdiction("HK"))).jurisdictionPermitted).to.equal(false);
      expect((await listings.tradeTerms(productId, jurisdiction("SG"))).jurisdictionPermitted).to.equal(true);
      expect((await listings.listing(productId)).rightOffered).to.equal(RightCategory.ProductOperation);
    });

    it("rejects a non-Registrar, a ResourceHolding offer, a zero duration and bad jurisdiction lists", async () => {
      const { listings, registrar, provider, productId } = await certifiedFixture();
      const cn = [jurisdiction("CN")];
      await expect(listings.connect(provider).list(productId, RightCategory.ProcessingUse, YEAR, cn))
        .to.be.revertedWithCustomError(listings, "AccessControlUnauthorizedAccount").withArgs(provider.address, REGISTRAR_ROLE);
      await expect(listings.connect(registrar).list(productId, RightCategory.ResourceHolding, YEAR, cn))
        .to.be.revertedWithCustomError(listings, "ListingBookInvalidRight").withArgs(RightCategory.ResourceHolding);
      await expect(listings.connect(registrar).list(productId, RightCategory.ProcessingUse, 0, cn))
        .to.be.revertedWithCustomError(listings, "ListingBookInvalidDuration");
      const tooMany = Array.from({ length: 33 }, (_, i) => jurisdiction(`A${String.fromCharCode(65 + (i % 26))}`));
      for (const codes of [[], [jurisdiction("cn")], [jurisdiction("C1")], [jurisdiction("CN"), jurisdiction("CN")], tooMany]) {
        await expect(listings.connect(registrar).list(productId, RightCategory.ProcessingUse, YEAR, codes))
          .to.be.revertedWithCustomError(listings, "ListingBookInvalidJurisdictions");
      }
    });

    it("applies the product registry's rules: an uncertified product cannot be listed", async () => {
      const fixture = await loadFixture(registryFixture);
      const productId = await registerProduct(fixture);
      await expect(fixture.listings.connect(fixture.registrar).list(productId, RightCategory.ProcessingUse, YEAR, [jurisdiction("CN")]))
        .to.be.revertedWithCustomError(fixture.products, "DataProductInvalidStatus").withArgs(productId, ProductStatus.Registered);
    });
  });

  describe("delist and relist", () => {
    it("delists as provider or Registrar and relists on the last terms", async () => {
      const { listings, products, registrar, provider, productId } = await listedFixture();
      await expect(listings.connect(provider).delist(productId))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Listed, ProductStatus.Delisted, ethers.ZeroHash);
      await listings.connect(registrar).relist(productId);
      expect((await products.product(productId)).status).to.equal(ProductStatus.Listed);
      await listings.connect(registrar).delist(productId);
      expect((await products.product(productId)).status).to.equal(ProductStatus.Delisted);
    });

    it("rejects strangers and products never listed", async () => {
      const { listings, registrar, stranger, productId } = await listedFixture();
      await expect(listings.connect(stranger).delist(productId))
        .to.be.revertedWithCustomError(listings, "AccessControlUnauthorizedAccount").withArgs(stranger.address, REGISTRAR_ROLE);
      await expect(listings.connect(registrar).relist(99n)).to.be.revertedWithCustomError(listings, "ListingBookNotListed").withArgs(99n);
      await expect(listings.connect(registrar).delist(99n)).to.be.revertedWithCustomError(listings, "ListingBookNotListed").withArgs(99n);
      await expect(listings.listing(99n)).to.be.revertedWithCustomError(listings, "ListingBookNotListed").withArgs(99n);
      await expect(listings.connect(stranger).relist(productId))
        .to.be.revertedWithCustomError(listings, "AccessControlUnauthorizedAccount").withArgs(stranger.address, REGISTRAR_ROLE);
    });
  });

  describe("reference prices", () => {
    it("shows a price proposed by a pricing agency once the provider confirms it", async () => {
      const { listings, institute, provider, productId } = await listedFixture();
      const cny = currencyCode("CNY");
      await expect(listings.connect(institute).proposePrice(productId, 500_000n, cny, PricingMethod.Cost))
        .to.emit(listings, "PriceProposed").withArgs(productId, institute.address, 500_000n, cny, PricingMethod.Cost);
      expect((await listings.listing(productId)).price.amount).to.equal(0n);
      await expect(listings.connect(provider).confirmPrice(productId))
        .to.emit(listings, "ReferencePriceChanged").withArgs(productId, institute.address, 500_000n, cny, PricingMethod.Cost);
      const listing = await listings.listing(productId);
      expect(listing.price.amount).to.equal(500_000n);
      expect(listing.price.method).to.equal(PricingMethod.Cost);
      expect(listing.proposedPrice.setAt).to.equal(0n);
      await expect(listings.connect(provider).confirmPrice(productId)).to.be.revertedWithCustomError(listings, "ListingBookNoProposal").withArgs(productId);
    });

    it("accepts the Registrar as pricer and lets the provider make the price Negotiable", async () => {
      const { listings, registrar, provider, productId } = await listedFixture();
      await listings.connect(registrar).proposePrice(productId, 9n, currencyCode("HKD"), PricingMethod.Market);
      await listings.connect(provider).confirmPrice(productId);
      await expect(listings.connect(provider).setNegotiable(productId))
        .to.emit(listings, "ReferencePriceChanged").withArgs(productId, provider.address, 0n, "0x000000", PricingMethod.Negotiable);
      expect((await listings.listing(productId)).price.method).to.equal(PricingMethod.Negotiable);
    });

    it("rejects pricers who are not the Registrar or a PriceEvaluation assessor, and invalid prices", async () => {
      const { listings, lawFirm, institute, provider, stranger, productId } = await listedFixture();
      for (const account of [lawFirm, provider, stranger]) {
        await expect(listings.connect(account).proposePrice(productId, 1n, currencyCode("CNY"), PricingMethod.Cost))
          .to.be.revertedWithCustomError(listings, "ListingBookNotPricer").withArgs(account.address);
      }
      const cases: [bigint, string, number][] = [
        [1n, currencyCode("CNY"), PricingMethod.Negotiable],
        [0n, currencyCode("CNY"), PricingMethod.Cost],
        [1n, currencyCode("cny"), PricingMethod.Income],
      ];
      for (const [amount, currency, method] of cases) {
        await expect(listings.connect(institute).proposePrice(productId, amount, currency, method))
          .to.be.revertedWithCustomError(listings, "ListingBookInvalidPrice").withArgs(amount, currency, method);
      }
    });

    it("lets only the provider confirm or make negotiable", async () => {
      const { listings, institute, registrar, productId } = await listedFixture();
      await listings.connect(institute).proposePrice(productId, 1n, currencyCode("CNY"), PricingMethod.Income);
      await expect(listings.connect(registrar).confirmPrice(productId))
        .to.be.revertedWithCustomError(listings, "ListingBookNotProvider").withArgs(productId, registrar.address);
      await expect(listings.connect(registrar).setNegotiable(productId))
        .to.be.revertedWithCustomError(listings, "ListingBookNotProvider").withArgs(productId, registrar.address);
    });
  });
});
