import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  registryFixture, registration, registerProduct, issueHolding, listedProduct, dealFor, signDeal, licenseFrom, hashOf, now, jurisdiction, YEAR, Kind,
  REGISTRAR_ROLE, ARBITER_ROLE, MARKET_ROLE_ID, RightCategory, ProductStatus, TradeStatus, Validity, AssessmentKind, Classification,
  kindBit,
} from "../fixtures";
import type { DealValues, RegistryFixture } from "../fixtures";

const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

async function marketFixture() {
  const fixture = await loadFixture(registryFixture);
  const listed = await listedProduct(fixture, {}, ["CN", "HK"]);
  // A Hong Kong fund, for cross-border deals.
  await fixture.participants.connect(fixture.registrar).accredit(
    fixture.stranger.address, Kind.Buyer, 0, jurisdiction("HK"), hashOf("fund dossier"), (await now()) + 5n * YEAR,
  );
  return { ...fixture, listed, hkFund: fixture.stranger };
}

async function confirm(fixture: RegistryFixture, deal: DealValues) {
  const seller = await ethers.getSigner(deal.seller);
  const buyer = await ethers.getSigner(deal.buyer);
  return fixture.trades
    .connect(fixture.registrar)
    .confirm(deal, await signDeal(seller, fixture.trades, deal), await signDeal(buyer, fixture.trades, deal));
}

async function confirmedFixture() {
  const fixture = await marketFixture();
  const deal = await dealFor(fixture, fixture.listed);
  await confirm(fixture, deal);
  return { ...fixture, deal, tradeId: 1n };
}

async function deliveredFixture() {
  const fixture = await confirmedFixture();
  await fixture.trades.connect(fixture.provider).deliver(fixture.tradeId, hashOf("delivered file"));
  return fixture;
}

describe("TradeLedger", () => {
  describe("a trade from confirmation to receipt", () => {
    it("confirms a signed deal, records delivery and mints the buyer's derived certificate on receipt", async () => {
      const fixture = await marketFixture();
      const { trades, certificates, provider, buyer, listed } = fixture;
      const deal = await dealFor(fixture, listed);
      const digest = await trades.dealDigest(deal);
      await expect(confirm(fixture, deal)).to.emit(trades, "TradeConfirmed").withArgs(1n, listed.productId, buyer.address, digest, Object.values(deal));
      let record = await trades.trade(1n);
      expect(record.status).to.equal(TradeStatus.Confirmed);
      expect(record.productId).to.equal(listed.productId);
      expect(record.seller).to.equal(provider.address);
      expect(record.sellerCertificateId).to.equal(listed.holdingId);
      expect(record.dealDigest).to.equal(digest);
      expect(await trades.tradeCount()).to.equal(1n);
      expect(await trades.dealNonce(provider.address, buyer.address, listed.productId)).to.equal(deal.nonce + 1n);

      await expect(trades.connect(provider).deliver(1n, hashOf("delivered file"))).to.emit(trades, "TradeDelivered").withArgs(1n, hashOf("delivered file"));
      await expect(trades.connect(buyer).confirmReceipt(1n)).to.emit(trades, "TradeCompleted").withArgs(1n, 2n, buyer.address, ethers.ZeroHash);
      record = await trades.trade(1n);
      expect(record.status).to.equal(TradeStatus.Completed);
      expect(record.buyerCertificateId).to.equal(2n);
      expect(record.deliveryHash).to.equal(hashOf("delivered file"));
      const granted = await certificates.certificate(2n);
      expect(granted.holder).to.equal(buyer.address);
      expect(granted.parentId).to.equal(listed.holdingId);
      expect(granted.category).to.equal(RightCategory.ProcessingUse);
      expect(granted.expiresAt).to.equal(deal.licenceExpiresAt);
      expect(granted.scopeHash).to.equal(digest);
      expect(granted.evidenceHash).to.equal(hashOf("delivered file"));
      expect(granted.issuer).to.equal(await trades.getAddress());
      expect(await certificates.validity(2n)).to.equal(Validity.Valid);
    });

    it("leaves trades of a product and of a party to the TradeConfirmed events", async () => {
      const fixture = await marketFixture();
      const { trades, listed, buyer, provider, hkFund, institute } = fixture;
      await fixture.assessments.connect(institute).record({ productId: listed.productId, kind: AssessmentKind.CrossBorderSecurity, passed: true, expiresAt: (await now()) + YEAR, reportHash: hashOf("cb") });
      await confirm(fixture, await dealFor(fixture, listed, { nonce: 1n }));
      await confirm(fixture, await dealFor(fixture, listed, { nonce: 2n, buyer: hkFund.address, crossBorder: true }));
      await confirm(fixture, await dealFor(fixture, listed, { nonce: 3n }));
      const ofProduct = await trades.queryFilter(trades.filters.TradeConfirmed(undefined, listed.productId));
      expect(ofProduct.map((event) => event.args.tradeId)).to.deep.equal([1n, 2n, 3n]);
      expect(await trades.queryFilter(trades.filters.TradeConfirmed(undefined, 77n))).to.have.length(0);
      const ofBuyer = await trades.queryFilter(trades.filters.TradeConfirmed(undefined, undefined, buyer.address));
      expect(ofBuyer.map((event) => event.args.tradeId)).to.deep.equal([1n, 3n]);
      const ofFund = await trades.queryFilter(trades.filters.TradeConfirmed(undefined, undefined, hkFund.address));
      expect(ofFund.map((event) => event.args.tradeId)).to.deep.equal([2n]);
      // The seller is not indexed: it is in the deal each event carries.
      expect(ofProduct.filter((event) => event.args.deal.seller === provider.address)).to.have.length(3);
    });

    it("keeps a confidential price as a commitment an auditor can open", async () => {
      const fixture = await marketFixture();
      const salt = hashOf("salt");
      const currency = ethers.hexlify(ethers.toUtf8Bytes("CNY"));
      const commitment = ethers.keccak256(ethers.AbiCoder.defaultAbiCoder().encode(["uint128", "bytes3", "bytes32"], [750_000n, currency, salt]));
      const deal = await dealFor(fixture, fixture.listed, { priceAmount: 0n, currency: "0x000000", priceCommitment: commitment });
      await confirm(fixture, deal);
      expect(await fixture.trades.checkPriceCommitment(1n, 750_000n, currency, salt, deal)).to.equal(true);
      expect(await fixture.trades.checkPriceCommitment(1n, 750_001n, currency, salt, deal)).to.equal(false);
      const publicDeal = await dealFor(fixture, fixture.listed, { nonce: 2n });
      await confirm(fixture, publicDeal);
      expect(await fixture.trades.checkPriceCommitment(2n, 750_000n, currency, salt, publicDeal)).to.equal(false);
      await expect(fixture.trades.checkPriceCommitment(9n, 1n, currency, salt, deal)).to.be.revertedWithCustomError(fixture.trades, "TradeLedgerUnknownTrade").withArgs(9n);
    });
  });

  describe("confirm: the checks of docs/domain.md", () => {
    it("is the Registrar's", async () => {
      const fixture = await marketFixture();
      const deal = await dealFor(fixture, fixture.listed);
      await expect(fixture.trades.connect(fixture.provider).confirm(deal, "0x", "0x"))
        .to.be.revertedWithCustomError(fixture.trades, "AccessControlUnauthorizedAccount").withArgs(fixture.provider.address, REGISTRAR_ROLE);
    });

    it("rejects an unlisted, delisted, suspended or Core product", async () => {
      const fixture = await marketFixture();
      const { trades, products, listings, registrar, provider, listed } = fixture;
      await listings.connect(provider).delist(listed.productId);
      await expect(confirm(fixture, await dealFor(fixture, listed)))
        .to.be.revertedWithCustomError(trades, "TradeLedgerProductNotListed").withArgs(listed.productId, ProductStatus.Delisted);
      await products.connect(registrar).suspend(listed.productId, hashOf("x"));
      await expect(confirm(fixture, await dealFor(fixture, listed)))
        .to.be.revertedWithCustomError(trades, "TradeLedgerProductNotListed").withArgs(listed.productId, ProductStatus.Suspended);
      await expect(confirm(fixture, await dealFor(fixture, listed, { productId: 77n })))
        .to.be.revertedWithCustomError(trades, "TradeLedgerProductNotListed").withArgs(77n, ProductStatus.None);
      await products.connect(provider).register(registration({ classification: Classification.Core }));
      const core = await products.productCount();
      await expect(confirm(fixture, await dealFor(fixture, { ...listed, productId: core })))
        .to.be.revertedWithCustomError(trades, "TradeLedgerProductNotListed").withArgs(core, ProductStatus.Registered);
    });

    it("rejects a frozen product and a content hash other than the registered one", async () => {
      const fixture = await marketFixture();
      const { trades, products, auditor, listed } = fixture;
      await expect(confirm(fixture, await dealFor(fixture, listed, { contentHash: hashOf("tampered") })))
        .to.be.revertedWithCustomError(trades, "TradeLedgerContentMismatch").withArgs(listed.productId, hashOf("tampered"));
      await products.connect(auditor).lodgeObjection(listed.productId, hashOf("claim"));
      await expect(confirm(fixture, await dealFor(fixture, listed)))
        .to.be.revertedWithCustomError(trades, "TradeLedgerProductFrozen").withArgs(listed.productId);
    });

    it("rejects a seller without an active licensable right, or with it pledged", async () => {
      const fixture = await marketFixture();
      const { trades, certificates, registrar, provider, otherProvider, financier, auditor, listed } = fixture;
      const useLicence = await licenseFrom(fixture, listed.holdingId, otherProvider);
      const missing = async (overrides: Partial<DealValues>, certificateId: bigint) =>
        expect(confirm(fixture, await dealFor(fixture, listed, overrides)))
          .to.be.revertedWithCustomError(trades, "TradeLedgerMissingRight").withArgs(listed.productId, overrides.seller ?? provider.address, certificateId);
      await missing({ seller: otherProvider.address, sellerCertificateId: useLicence }, useLicence);
      await missing({ seller: otherProvider.address }, listed.holdingId);
      await certificates.connect(auditor).lodgeObjection(listed.holdingId, hashOf("claim"));
      await expect(confirm(fixture, await dealFor(fixture, listed)))
        .to.be.revertedWithCustomError(trades, "TradeLedgerRightFrozen").withArgs(listed.holdingId);
      await certificates.connect(registrar).resolveObjection(1n, false, hashOf("no"));
      await certificates.connect(provider).pledge(listed.holdingId, financier.address, hashOf("loan"));
      await expect(confirm(fixture, await dealFor(fixture, listed)))
        .to.be.revertedWithCustomError(trades, "TradeLedgerRightPledged").withArgs(listed.holdingId, financier.address);
      await certificates.connect(financier).release(listed.holdingId);
      await certificates.connect(registrar).revoke(listed.holdingId, hashOf("x"));
      await missing({}, listed.holdingId);
    });

    it("rejects a right other than the one offered", async () => {
      const fixture = await marketFixture();
      await expect(confirm(fixture, await dealFor(fixture, fixture.listed, { rightGranted: RightCategory.ProductOperation })))
        .to.be.revertedWithCustomError(fixture.trades, "TradeLedgerRightNotOffered").withArgs(RightCategory.ProductOperation, RightCategory.ProcessingUse);
    });

    it("rejects a buyer who is not an active, unexpired Buyer, and an unaccredited broker", async () => {
      const fixture = await marketFixture();
      const { trades, participants, registrar, buyer, lawFirm, auditor, listed } = fixture;
      await expect(confirm(fixture, await dealFor(fixture, listed, { buyer: lawFirm.address })))
        .to.be.revertedWithCustomError(trades, "TradeLedgerBuyerNotAccredited").withArgs(lawFirm.address);
      await expect(confirm(fixture, await dealFor(fixture, listed, { broker: auditor.address })))
        .to.be.revertedWithCustomError(trades, "TradeLedgerBrokerNotAccredited").withArgs(auditor.address);
      await participants.connect(registrar).suspend(buyer.address, hashOf("x"));
      await expect(confirm(fixture, await dealFor(fixture, listed)))
        .to.be.revertedWithCustomError(trades, "TradeLedgerBuyerNotAccredited").withArgs(buyer.address);
      await participants.connect(registrar).reinstate(buyer.address, hashOf("x"));
      const lapse = (await now()) + 100n;
      await participants.connect(registrar).accredit(buyer.address, Kind.Buyer, 0, jurisdiction("CN"), hashOf("d"), lapse);
      await time.increaseTo(lapse);
      await expect(confirm(fixture, await dealFor(fixture, listed)))
        .to.be.revertedWithCustomError(trades, "TradeLedgerBuyerNotAccredited").withArgs(buyer.address);
    });

    it("accepts an accredited broker", async () => {
      const fixture = await marketFixture();
      await fixture.participants.connect(fixture.registrar).accredit(fixture.auditor.address, Kind.Broker, 0, jurisdiction("CN"), hashOf("d"), (await now()) + YEAR);
      await expect(confirm(fixture, await dealFor(fixture, fixture.listed, { broker: fixture.auditor.address }))).to.emit(fixture.trades, "TradeConfirmed");
    });

    it("rejects a buyer of a jurisdiction the listing does not permit", async () => {
      const fixture = await marketFixture();
      const { trades, participants, registrar, buyer, listed } = fixture;
      await participants.connect(registrar).accredit(buyer.address, Kind.Buyer, 0, jurisdiction("US"), hashOf("d"), (await now()) + YEAR);
      await expect(confirm(fixture, await dealFor(fixture, listed, { crossBorder: true })))
        .to.be.revertedWithCustomError(trades, "TradeLedgerJurisdictionNotPermitted").withArgs(buyer.address, jurisdiction("US"));
    });

    it("blocks a cross-border deal until a CrossBorderSecurity assessment passes, and checks the flag", async () => {
      const fixture = await marketFixture();
      const { trades, assessments, institute, hkFund, listed } = fixture;
      await expect(confirm(fixture, await dealFor(fixture, listed, { buyer: hkFund.address })))
        .to.be.revertedWithCustomError(trades, "TradeLedgerCrossBorderMismatch").withArgs(false, true);
      await expect(confirm(fixture, await dealFor(fixture, listed, { crossBorder: true })))
        .to.be.revertedWithCustomError(trades, "TradeLedgerCrossBorderMismatch").withArgs(true, false);
      await expect(confirm(fixture, await dealFor(fixture, listed, { buyer: hkFund.address, crossBorder: true })))
        .to.be.revertedWithCustomError(trades, "TradeLedgerCrossBorderNotAssessed").withArgs(listed.productId);
      const expiresAt = (await now()) + 1000n;
      await assessments.connect(institute).record({ productId: listed.productId, kind: AssessmentKind.CrossBorderSecurity, passed: true, expiresAt, reportHash: hashOf("cb") });
      await expect(confirm(fixture, await dealFor(fixture, listed, { buyer: hkFund.address, crossBorder: true, nonce: 2n }))).to.emit(trades, "TradeConfirmed");
      await time.increaseTo(expiresAt);
      await expect(confirm(fixture, await dealFor(fixture, listed, { buyer: hkFund.address, crossBorder: true, nonce: 3n })))
        .to.be.revertedWithCustomError(trades, "TradeLedgerCrossBorderNotAssessed").withArgs(listed.productId);
    });

    it("rejects a licence that ends in the past, after the listing's duration or after the seller's right", async () => {
      const fixture = await marketFixture();
      const { trades, certificates, listed } = fixture;
      const at = await now();
      const sellerExpiry = (await certificates.certificate(listed.holdingId)).expiresAt;
      const past = at - 1n;
      await expect(confirm(fixture, await dealFor(fixture, listed, { licenceExpiresAt: past })))
        .to.be.revertedWithCustomError(trades, "TradeLedgerInvalidLicenceExpiry");
      const beyondListing = at + 3n * YEAR;
      await expect(confirm(fixture, await dealFor(fixture, listed, { licenceExpiresAt: beyondListing })))
        .to.be.revertedWithCustomError(trades, "TradeLedgerInvalidLicenceExpiry");
      await fixture.listings.connect(fixture.provider).delist(listed.productId);
      await fixture.listings.connect(fixture.registrar).list(listed.productId, RightCategory.ProcessingUse, 10n * YEAR, [jurisdiction("CN")]);
      await expect(confirm(fixture, await dealFor(fixture, listed, { licenceExpiresAt: sellerExpiry + 1n })))
        .to.be.revertedWithCustomError(trades, "TradeLedgerInvalidLicenceExpiry").withArgs(sellerExpiry + 1n, sellerExpiry);
    });

    it("rejects malformed prices, self-dealing and expired deals", async () => {
      const fixture = await marketFixture();
      const { trades, provider, listed } = fixture;
      for (const overrides of [
        { priceAmount: 0n },
        { currency: ethers.hexlify(ethers.toUtf8Bytes("cny")) },
        { priceCommitment: hashOf("c") },
        { priceAmount: 0n, currency: "0x000000", priceCommitment: hashOf("c"), nonce: 1n, termsHash: hashOf("t") },
      ]) {
        const deal = await dealFor(fixture, listed, overrides);
        if (deal.priceCommitment !== ethers.ZeroHash && deal.priceAmount === 0n) continue;
        await expect(confirm(fixture, deal)).to.be.revertedWithCustomError(trades, "TradeLedgerInvalidPrice");
      }
      await expect(confirm(fixture, await dealFor(fixture, listed, { buyer: provider.address })))
        .to.be.revertedWithCustomError(trades, "TradeLedgerSelfDeal").withArgs(provider.address);
      const deal = await dealFor(fixture, listed, { deadline: (await now()) + 5n });
      const sellerSignature = await signDeal(provider, trades, deal);
      const buyerSignature = await signDeal(fixture.buyer, trades, deal);
      await time.increaseTo(deal.deadline + 1n);
      await expect(trades.connect(fixture.registrar).confirm(deal, sellerSignature, buyerSignature))
        .to.be.revertedWithCustomError(trades, "TradeLedgerExpiredDeal").withArgs(deal.deadline);
    });
  });

  describe("confirm: signatures", () => {
    async function signed() {
      const fixture = await marketFixture();
      const deal = await dealFor(fixture, fixture.listed);
      return { ...fixture, deal, sellerSignature: await signDeal(fixture.provider, fixture.trades, deal), buyerSignature: await signDeal(fixture.buyer, fixture.trades, deal) };
    }

    it("rejects a signature by the wrong key", async () => {
      const { trades, registrar, provider, otherProvider, deal, buyerSignature } = await signed();
      const forged = await signDeal(otherProvider, trades, deal);
      await expect(trades.connect(registrar).confirm(deal, forged, buyerSignature))
        .to.be.revertedWithCustomError(trades, "TradeLedgerInvalidSignature").withArgs(provider.address, otherProvider.address);
    });

    it("rejects a signature made for another chain id or another contract", async () => {
      const fixture = await signed();
      const { trades, registrar, buyer, deal, sellerSignature } = fixture;
      for (const overrides of [{ chainId: 1n }, { verifyingContract: await fixture.products.getAddress() }]) {
        const foreign = await signDeal(buyer, trades, deal, overrides);
        await expect(trades.connect(registrar).confirm(deal, sellerSignature, foreign))
          .to.be.revertedWithCustomError(trades, "TradeLedgerInvalidSignature");
      }
    });

    it("rejects the malleable high-s form of a valid signature", async () => {
      const { trades, registrar, buyer, deal, sellerSignature, buyerSignature } = await signed();
      const parsed = ethers.Signature.from(buyerSignature);
      const twin = ethers.concat([parsed.r, ethers.toBeHex(SECP256K1_N - BigInt(parsed.s), 32), parsed.v === 27 ? "0x1c" : "0x1b"]);
      await expect(trades.connect(registrar).confirm(deal, sellerSignature, twin))
        .to.be.revertedWithCustomError(trades, "TradeLedgerInvalidSignature").withArgs(buyer.address, ethers.ZeroAddress);
      await expect(trades.connect(registrar).confirm(deal, sellerSignature, buyerSignature)).to.emit(trades, "TradeConfirmed");
    });

    it("rejects a replayed deal and a used or voided nonce", async () => {
      const fixture = await signed();
      const { trades, registrar, provider, buyer, stranger, deal, sellerSignature, buyerSignature, listed } = fixture;
      await trades.connect(registrar).confirm(deal, sellerSignature, buyerSignature);
      await expect(trades.connect(registrar).confirm(deal, sellerSignature, buyerSignature))
        .to.be.revertedWithCustomError(trades, "TradeLedgerStaleNonce").withArgs(provider.address, buyer.address, deal.nonce, deal.nonce + 1n);
      const next = await dealFor(fixture, listed, { nonce: 2n });
      await expect(trades.connect(stranger).voidDeal(next)).to.be.revertedWithCustomError(trades, "TradeLedgerNotDealParty").withArgs(stranger.address);
      await expect(trades.connect(buyer).voidDeal(next))
        .to.emit(trades, "DealVoided").withArgs(await trades.dealDigest(next), provider.address, buyer.address, 2n, buyer.address);
      await expect(confirm(fixture, next))
        .to.be.revertedWithCustomError(trades, "TradeLedgerStaleNonce").withArgs(provider.address, buyer.address, 2n, 3n);
      await expect(trades.connect(provider).voidDeal(next))
        .to.be.revertedWithCustomError(trades, "TradeLedgerStaleNonce").withArgs(provider.address, buyer.address, 2n, 3n);
    });
  });

  describe("the licence a trade grants", () => {
    async function completedFixture() {
      const fixture = await deliveredFixture();
      await fixture.trades.connect(fixture.buyer).confirmReceipt(fixture.tradeId);
      return { ...fixture, licenceId: (await fixture.trades.trade(fixture.tradeId)).buyerCertificateId };
    }

    it("names its trade, whose deal digest and delivery hash are its scope and evidence", async () => {
      const { trades, certificates, deal, tradeId, licenceId } = await loadFixture(completedFixture);
      const digest = await trades.dealDigest(deal);
      const licence = await certificates.certificate(licenceId);
      expect(licence.tradeId).to.equal(tradeId);
      expect(await trades.licenceTerms(tradeId)).to.deep.equal([digest, hashOf("delivered file")]);
      expect([licence.scopeHash, licence.evidenceHash]).to.deep.equal([digest, hashOf("delivered file")]);
      // The metadata reads the same hashes back through the ledger.
      const json = Buffer.from((await certificates.tokenURI(licenceId)).split(",")[1], "base64").toString();
      expect(json).to.contain(digest.slice(2)).and.to.contain(hashOf("delivered file").slice(2));
    });

    it("emits the scope and evidence when minted, as any certificate does", async () => {
      const { trades, certificates, buyer, deal, tradeId, listed } = await loadFixture(deliveredFixture);
      await expect(trades.connect(buyer).confirmReceipt(tradeId))
        .to.emit(certificates, "CertificateIssued")
        .withArgs(2n, listed.productId, buyer.address, RightCategory.ProcessingUse, listed.holdingId, await trades.getAddress(),
          deal.licenceExpiresAt, await trades.dealDigest(deal), hashOf("delivered file"));
    });

    it("keeps its scope when the Registrar reissues it; the successor stores its hashes itself", async () => {
      const { trades, certificates, registrar, participants, stranger, deal, licenceId } = await loadFixture(completedFixture);
      await participants.connect(registrar).accredit(stranger.address, Kind.Buyer, 0, jurisdiction("CN"), hashOf("heir"), (await now()) + YEAR);
      await certificates.connect(registrar).reissue(licenceId, stranger.address, hashOf("merger deed"));
      const successor = await certificates.certificate(await certificates.certificateCount());
      expect(successor.predecessorId).to.equal(licenceId);
      expect(successor.tradeId).to.equal(0n);
      expect(successor.scopeHash).to.equal(await trades.dealDigest(deal));
      expect(successor.evidenceHash).to.equal(hashOf("merger deed"));
    });

    it("is minted by licenseForTrade for MARKET_ROLE only, and license stays the Registrar's", async () => {
      const { certificates, participants, admin, registrar, stranger, buyer, listed } = await loadFixture(marketFixture);
      const expiresAt = (await now()) + YEAR;
      const forTrade = (caller: typeof registrar, tradeId: bigint) => certificates
        .connect(caller)
        .licenseForTrade(listed.holdingId, buyer.address, RightCategory.ProcessingUse, expiresAt, tradeId, hashOf("d"), hashOf("e"));
      await expect(forTrade(registrar, 1n))
        .to.be.revertedWithCustomError(certificates, "AccessControlUnauthorizedAccount").withArgs(registrar.address, MARKET_ROLE_ID);
      await participants.connect(admin).grantRole(MARKET_ROLE_ID, stranger.address);
      await expect(certificates.connect(stranger).license(listed.holdingId, buyer.address, RightCategory.ProcessingUse, expiresAt, hashOf("d"), hashOf("e")))
        .to.be.revertedWithCustomError(certificates, "AccessControlUnauthorizedAccount").withArgs(stranger.address, REGISTRAR_ROLE);
      for (const tradeId of [0n, 2n ** 40n]) {
        await expect(forTrade(stranger, tradeId)).to.be.revertedWithCustomError(certificates, "RightsCertificateInvalidTrade").withArgs(tradeId);
      }
      // A licence for a trade is granted out of a reservation taken at confirmation.
      await expect(forTrade(stranger, 2n ** 40n - 1n))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateNotReserved").withArgs(listed.holdingId);
      await expect(certificates.connect(registrar).reserveForTrade(listed.holdingId))
        .to.be.revertedWithCustomError(certificates, "AccessControlUnauthorizedAccount").withArgs(registrar.address, MARKET_ROLE_ID);
      await certificates.connect(stranger).reserveForTrade(listed.holdingId);
      expect((await certificates.certificate(listed.holdingId)).openTrades).to.equal(1n);
      await expect(forTrade(stranger, 2n ** 40n - 1n)).to.emit(certificates, "CertificateIssued");
      expect((await certificates.certificate(listed.holdingId)).openTrades).to.equal(0n);
      // An account that is no ledger cannot answer for the hashes: they read as zero, the rest stays readable.
      const minted = await certificates.certificate(await certificates.certificateCount());
      expect(minted.tradeId).to.equal(2n ** 40n - 1n);
      expect([minted.scopeHash, minted.evidenceHash]).to.deep.equal([ethers.ZeroHash, ethers.ZeroHash]);
      expect(minted.holder).to.equal(buyer.address);
    });
  });

  describe("delivery, receipt, disputes, cancellation, payment", () => {
    it("lets only the seller deliver, once, with a hash", async () => {
      const { trades, buyer, provider, tradeId } = await confirmedFixture();
      await expect(trades.connect(buyer).deliver(tradeId, hashOf("f"))).to.be.revertedWithCustomError(trades, "TradeLedgerNotParty").withArgs(tradeId, buyer.address);
      await expect(trades.connect(provider).deliver(tradeId, ethers.ZeroHash)).to.be.revertedWithCustomError(trades, "TradeLedgerMissingHash");
      await trades.connect(provider).deliver(tradeId, hashOf("f"));
      await expect(trades.connect(provider).deliver(tradeId, hashOf("f")))
        .to.be.revertedWithCustomError(trades, "TradeLedgerInvalidStatus").withArgs(tradeId, TradeStatus.Delivered);
      await expect(trades.connect(provider).deliver(9n, hashOf("f"))).to.be.revertedWithCustomError(trades, "TradeLedgerUnknownTrade").withArgs(9n);
    });

    it("refuses receipt before delivery and by anyone but the buyer", async () => {
      const fixture = await confirmedFixture();
      const { trades, buyer, provider, tradeId } = fixture;
      await expect(trades.connect(buyer).confirmReceipt(tradeId))
        .to.be.revertedWithCustomError(trades, "TradeLedgerInvalidStatus").withArgs(tradeId, TradeStatus.Confirmed);
      await trades.connect(provider).deliver(tradeId, hashOf("f"));
      await expect(trades.connect(provider).confirmReceipt(tradeId)).to.be.revertedWithCustomError(trades, "TradeLedgerNotParty").withArgs(tradeId, provider.address);
    });

    it("annuls a disputed trade when the Arbiter upholds the dispute: no right is granted", async () => {
      const { trades, certificates, buyer, arbiter, tradeId } = await deliveredFixture();
      await expect(trades.connect(buyer).dispute(tradeId, hashOf("file corrupt")))
        .to.emit(trades, "TradeStatusChanged").withArgs(tradeId, TradeStatus.Delivered, TradeStatus.Disputed, buyer.address, hashOf("file corrupt"));
      await expect(trades.connect(buyer).confirmReceipt(tradeId))
        .to.be.revertedWithCustomError(trades, "TradeLedgerInvalidStatus").withArgs(tradeId, TradeStatus.Disputed);
      await expect(trades.connect(arbiter).resolveDispute(tradeId, true, hashOf("upheld")))
        .to.emit(trades, "TradeStatusChanged").withArgs(tradeId, TradeStatus.Disputed, TradeStatus.Annulled, arbiter.address, hashOf("upheld"));
      expect(await certificates.certificateCount()).to.equal(1n);
      expect((await trades.trade(tradeId)).statusBeforeDispute).to.equal(TradeStatus.Delivered);
    });

    it("completes a disputed trade when the Arbiter rejects the dispute, even before delivery", async () => {
      const { trades, certificates, provider, arbiter, buyer, tradeId } = await confirmedFixture();
      await trades.connect(provider).dispute(tradeId, hashOf("unpaid"));
      await expect(trades.connect(arbiter).resolveDispute(tradeId, false, hashOf("paid")))
        .to.emit(trades, "TradeCompleted").withArgs(tradeId, 2n, arbiter.address, hashOf("paid"));
      const granted = await certificates.certificate(2n);
      expect(granted.holder).to.equal(buyer.address);
      expect(granted.evidenceHash).to.equal(granted.scopeHash);
    });

    it("rejects disputes by outsiders, without a reason, after completion, and resolutions by non-Arbiters", async () => {
      const { trades, buyer, stranger, registrar, tradeId } = await deliveredFixture();
      await expect(trades.connect(stranger).dispute(tradeId, hashOf("x"))).to.be.revertedWithCustomError(trades, "TradeLedgerNotParty").withArgs(tradeId, stranger.address);
      await expect(trades.connect(buyer).dispute(tradeId, ethers.ZeroHash)).to.be.revertedWithCustomError(trades, "TradeLedgerMissingHash");
      await expect(trades.connect(registrar).resolveDispute(tradeId, true, hashOf("x")))
        .to.be.revertedWithCustomError(trades, "AccessControlUnauthorizedAccount").withArgs(registrar.address, ARBITER_ROLE);
      await trades.connect(buyer).confirmReceipt(tradeId);
      await expect(trades.connect(buyer).dispute(tradeId, hashOf("late")))
        .to.be.revertedWithCustomError(trades, "TradeLedgerInvalidStatus").withArgs(tradeId, TradeStatus.Completed);
    });

    it("refuses to resolve a trade that is not disputed", async () => {
      const { trades, arbiter, tradeId } = await confirmedFixture();
      await expect(trades.connect(arbiter).resolveDispute(tradeId, true, hashOf("x")))
        .to.be.revertedWithCustomError(trades, "TradeLedgerInvalidStatus").withArgs(tradeId, TradeStatus.Confirmed);
    });

    it("cancels before delivery once both parties ask", async () => {
      const { trades, buyer, provider, stranger, tradeId } = await confirmedFixture();
      await expect(trades.connect(stranger).cancel(tradeId)).to.be.revertedWithCustomError(trades, "TradeLedgerNotParty").withArgs(tradeId, stranger.address);
      await expect(trades.connect(provider).cancel(tradeId)).to.emit(trades, "TradeCancellationRequested").withArgs(tradeId, provider.address, false)
        .and.to.not.emit(trades, "TradeStatusChanged");
      expect((await trades.trade(tradeId)).sellerCancelled).to.equal(true);
      await expect(trades.connect(buyer).cancel(tradeId))
        .to.emit(trades, "TradeCancellationRequested").withArgs(tradeId, buyer.address, true)
        .and.to.emit(trades, "TradeStatusChanged").withArgs(tradeId, TradeStatus.Confirmed, TradeStatus.Cancelled, buyer.address, ethers.ZeroHash);
    });

    it("refuses cancellation after delivery", async () => {
      const { trades, buyer, tradeId } = await deliveredFixture();
      await expect(trades.connect(buyer).cancel(tradeId)).to.be.revertedWithCustomError(trades, "TradeLedgerInvalidStatus").withArgs(tradeId, TradeStatus.Delivered);
    });

    it("attaches a payment reference from a party or the Registrar", async () => {
      const { trades, buyer, registrar, stranger, tradeId } = await confirmedFixture();
      await expect(trades.connect(buyer).attachPaymentReference(tradeId, hashOf("bank ref")))
        .to.emit(trades, "TradePaymentReferenceAttached").withArgs(tradeId, buyer.address, hashOf("bank ref"));
      await trades.connect(registrar).attachPaymentReference(tradeId, hashOf("bank ref 2"));
      expect((await trades.trade(tradeId)).paymentReference).to.equal(hashOf("bank ref 2"));
      await expect(trades.connect(stranger).attachPaymentReference(tradeId, hashOf("x"))).to.be.revertedWithCustomError(trades, "TradeLedgerNotParty").withArgs(tradeId, stranger.address);
      await expect(trades.connect(buyer).attachPaymentReference(tradeId, ethers.ZeroHash)).to.be.revertedWithCustomError(trades, "TradeLedgerMissingHash");
    });
  });

  describe("the rules added with ordered nonces and reservations", () => {
    it("refuses a seller no longer an active Provider at confirmation", async () => {
      const fixture = await marketFixture();
      const { trades, participants, registrar, provider, listed } = fixture;
      await participants.connect(registrar).suspend(provider.address, hashOf("x"));
      await expect(confirm(fixture, await dealFor(fixture, listed)))
        .to.be.revertedWithCustomError(trades, "TradeLedgerSellerNotAccredited").withArgs(provider.address);
    });

    it("refuses receipt while the seller is suspended, and completes it once reinstated", async () => {
      const { trades, participants, registrar, provider, buyer, tradeId } = await deliveredFixture();
      await participants.connect(registrar).suspend(provider.address, hashOf("x"));
      await expect(trades.connect(buyer).confirmReceipt(tradeId))
        .to.be.revertedWithCustomError(trades, "TradeLedgerSellerNotAccredited").withArgs(provider.address);
      expect((await trades.trade(tradeId)).status).to.equal(TradeStatus.Delivered);
      await participants.connect(registrar).reinstate(provider.address, hashOf("x"));
      await expect(trades.connect(buyer).confirmReceipt(tradeId)).to.emit(trades, "TradeCompleted");
    });

    it("refuses to complete a trade by rejecting a dispute while the seller is suspended", async () => {
      const { trades, participants, registrar, arbiter, provider, buyer, tradeId } = await deliveredFixture();
      await trades.connect(buyer).dispute(tradeId, hashOf("late"));
      await participants.connect(registrar).suspend(provider.address, hashOf("x"));
      await expect(trades.connect(arbiter).resolveDispute(tradeId, false, hashOf("rejected")))
        .to.be.revertedWithCustomError(trades, "TradeLedgerSellerNotAccredited").withArgs(provider.address);
      expect((await trades.trade(tradeId)).status).to.equal(TradeStatus.Disputed);
      // Upholding it grants nothing, so a suspended seller does not stop it.
      await expect(trades.connect(arbiter).resolveDispute(tradeId, true, hashOf("upheld")))
        .to.emit(trades, "TradeStatusChanged").withArgs(tradeId, TradeStatus.Disputed, TradeStatus.Annulled, arbiter.address, hashOf("upheld"));
    });

    it("refuses a product whose policy lapsed, naming the missing kinds", async () => {
      const fixture = await marketFixture();
      const { trades, assessments, lawFirm, listed } = fixture;
      await assessments.connect(lawFirm).revoke(1n, hashOf("withdrawn"));
      await expect(confirm(fixture, await dealFor(fixture, listed)))
        .to.be.revertedWithCustomError(trades, "TradeLedgerPolicyNotMet").withArgs(listed.productId, kindBit(AssessmentKind.LegalCompliance));
      await time.increase(YEAR);
      await expect(confirm(fixture, await dealFor(fixture, listed)))
        .to.be.revertedWithCustomError(trades, "TradeLedgerPolicyNotMet")
        .withArgs(listed.productId, kindBit(AssessmentKind.LegalCompliance) | kindBit(AssessmentKind.Quality));
    });

    it("refuses an older deal of the same parties and product once a newer one is confirmed", async () => {
      const fixture = await marketFixture();
      const { trades, provider, buyer, otherProvider, listed } = fixture;
      const older = await dealFor(fixture, listed, { nonce: 1n, priceAmount: 500n });
      const olderSignatures = [await signDeal(provider, trades, older), await signDeal(buyer, trades, older)] as const;
      await confirm(fixture, await dealFor(fixture, listed, { nonce: 5n }));
      expect(await trades.dealNonce(provider.address, buyer.address, listed.productId)).to.equal(6n);
      await expect(trades.connect(fixture.registrar).confirm(older, ...olderSignatures))
        .to.be.revertedWithCustomError(trades, "TradeLedgerStaleNonce").withArgs(provider.address, buyer.address, 1n, 6n);
      // Another pair's nonces are untouched.
      expect(await trades.dealNonce(provider.address, otherProvider.address, listed.productId)).to.equal(0n);
      await expect(confirm(fixture, await dealFor(fixture, listed, { nonce: 1n, buyer: otherProvider.address }))).to.emit(trades, "TradeConfirmed");
    });

    it("kills every outstanding deal below a party's raised nonce floor", async () => {
      const fixture = await marketFixture();
      const { trades, participants, provider, buyer, otherProvider, listed } = fixture;
      const outstanding = await dealFor(fixture, listed, { nonce: 3n });
      const withOther = await dealFor(fixture, listed, { nonce: 3n, buyer: otherProvider.address });
      await expect(participants.connect(buyer).raiseNonceFloor(10n)).to.emit(participants, "NonceFloorRaised").withArgs(buyer.address, 0n, 10n);
      expect((await participants.participant(buyer.address)).nonceFloor).to.equal(10n);
      expect(await trades.dealNonce(provider.address, buyer.address, listed.productId)).to.equal(10n);
      await expect(confirm(fixture, outstanding))
        .to.be.revertedWithCustomError(trades, "TradeLedgerStaleNonce").withArgs(provider.address, buyer.address, 3n, 10n);
      await expect(participants.connect(buyer).raiseNonceFloor(10n))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidNonceFloor").withArgs(buyer.address, 10n, 10n);
      const tooFar = 10n + 2n ** 32n;
      await expect(participants.connect(buyer).raiseNonceFloor(tooFar))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidNonceFloor").withArgs(buyer.address, 10n, tooFar);
      // The seller's floor kills its deals with every buyer.
      await participants.connect(provider).raiseNonceFloor(4n);
      await expect(confirm(fixture, withOther))
        .to.be.revertedWithCustomError(trades, "TradeLedgerStaleNonce").withArgs(provider.address, otherProvider.address, 3n, 4n);
      await expect(confirm(fixture, await dealFor(fixture, listed, { nonce: 10n }))).to.emit(trades, "TradeConfirmed");
    });

    it("lets a stranger's voidDeal naming itself as buyer kill only its own deals", async () => {
      const fixture = await marketFixture();
      const { trades, provider, buyer, auditor, listed } = fixture;
      const deal = await dealFor(fixture, listed);
      const forged = { ...deal, buyer: auditor.address };
      await expect(trades.connect(auditor).voidDeal(forged))
        .to.emit(trades, "DealVoided").withArgs(await trades.dealDigest(forged), provider.address, auditor.address, deal.nonce, auditor.address);
      expect(await trades.dealNonce(provider.address, buyer.address, listed.productId)).to.equal(0n);
      await expect(trades.connect(auditor).voidDeal(deal)).to.be.revertedWithCustomError(trades, "TradeLedgerNotDealParty").withArgs(auditor.address);
      await expect(confirm(fixture, deal)).to.emit(trades, "TradeConfirmed");
    });

    it("lets the buyer receive although the seller pledged its right after confirmation", async () => {
      const fixture = await confirmedFixture();
      const { trades, certificates, provider, buyer, financier, listed, tradeId } = fixture;
      await certificates.connect(provider).pledge(listed.holdingId, financier.address, hashOf("loan"));
      await expect(confirm(fixture, await dealFor(fixture, listed, { nonce: 2n })))
        .to.be.revertedWithCustomError(trades, "TradeLedgerRightPledged").withArgs(listed.holdingId, financier.address);
      await trades.connect(provider).deliver(tradeId, hashOf("delivered file"));
      await expect(trades.connect(buyer).confirmReceipt(tradeId)).to.emit(trades, "TradeCompleted").withArgs(tradeId, 2n, buyer.address, ethers.ZeroHash);
      expect(await certificates.validity(2n)).to.equal(Validity.Valid);
    });

    it("keeps the seller from surrendering its right while a trade is open", async () => {
      const { trades, certificates, provider, buyer, listed, tradeId } = await confirmedFixture();
      expect((await certificates.certificate(listed.holdingId)).openTrades).to.equal(1n);
      await expect(certificates.connect(provider).surrender(listed.holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateReserved").withArgs(listed.holdingId, 1n);
      await trades.connect(provider).cancel(tradeId);
      await expect(certificates.connect(provider).surrender(listed.holdingId))
        .to.be.revertedWithCustomError(certificates, "RightsCertificateReserved").withArgs(listed.holdingId, 1n);
      await trades.connect(buyer).cancel(tradeId);
      expect((await certificates.certificate(listed.holdingId)).openTrades).to.equal(0n);
      await expect(certificates.connect(provider).surrender(listed.holdingId)).to.emit(certificates, "CertificateStatusChanged");
    });

    it("accepts a deal signed by an ERC-1271 contract wallet, and refuses one its owner did not sign", async () => {
      const fixture = await marketFixture();
      const { trades, participants, registrar, provider, buyer, otherProvider, listed } = fixture;
      const wallet = await ethers.deployContract("TestERC1271Wallet", [buyer.address]);
      const walletAddress = await wallet.getAddress();
      await participants.connect(registrar).accredit(walletAddress, Kind.Buyer, 0, jurisdiction("CN"), hashOf("wallet dossier"), (await now()) + YEAR);
      const deal = await dealFor(fixture, listed, { buyer: walletAddress });
      const sellerSignature = await signDeal(provider, trades, deal);
      await expect(trades.connect(registrar).confirm(deal, sellerSignature, await signDeal(otherProvider, trades, deal)))
        .to.be.revertedWithCustomError(trades, "TradeLedgerInvalidSignature").withArgs(walletAddress, otherProvider.address);
      await expect(trades.connect(registrar).confirm(deal, sellerSignature, await signDeal(buyer, trades, deal)))
        .to.emit(trades, "TradeConfirmed").withArgs(1n, listed.productId, walletAddress, await trades.dealDigest(deal), Object.values(deal));
      expect((await trades.trade(1n)).buyer).to.equal(walletAddress);
    });
  });

  describe("a derived product's lineage at confirmation and listing", () => {
    /** A listed product derived from `source`, under the provider's holding on it. */
    async function derivedFixture() {
      const fixture = await loadFixture(registryFixture);
      const source = await registerProduct(fixture, { contentHash: hashOf("source data") });
      const sourceHolding = await issueHolding(fixture, source);
      const derived = await listedProduct(fixture, { contentHash: hashOf("derived data"), sources: [source], sourceCertificates: [sourceHolding] });
      return { ...fixture, source, sourceHolding, derived };
    }

    it("confirms a trade while every direct source's edge certificate stands, and brokenEdge reads all zero", async () => {
      const fixture = await loadFixture(derivedFixture);
      const edge = await fixture.products.brokenEdge(fixture.derived.productId);
      expect([edge.source, edge.certificateId, edge.validity]).to.deep.equal([0n, 0n, BigInt(Validity.Valid)]);
      await expect(confirm(fixture, await dealFor(fixture, fixture.derived))).to.emit(fixture.trades, "TradeConfirmed");
    });

    it("refuses a trade once the source's edge certificate is revoked, naming the edge", async () => {
      const fixture = await loadFixture(derivedFixture);
      const { trades, products, certificates, registrar, source, sourceHolding, derived } = fixture;
      await certificates.connect(registrar).revoke(sourceHolding, hashOf("holding withdrawn"));
      const edge = await products.brokenEdge(derived.productId);
      expect([edge.source, edge.certificateId, edge.validity]).to.deep.equal([source, sourceHolding, BigInt(Validity.Revoked)]);
      // The product stays Listed: the refusal comes from the lineage, not the status.
      expect((await products.product(derived.productId)).status).to.equal(ProductStatus.Listed);
      await expect(confirm(fixture, await dealFor(fixture, derived)))
        .to.be.revertedWithCustomError(trades, "TradeLedgerLineageBroken").withArgs(derived.productId, source, sourceHolding, Validity.Revoked);
    });

    it("refuses a trade once the source product is revoked: its certificates read ProductRevoked", async () => {
      const fixture = await loadFixture(derivedFixture);
      const { trades, products, certificates, registrar, source, sourceHolding, derived } = fixture;
      await products.connect(registrar).revoke(source, hashOf("source withdrawn"));
      expect(await certificates.validity(sourceHolding)).to.equal(Validity.ProductRevoked);
      await expect(confirm(fixture, await dealFor(fixture, derived)))
        .to.be.revertedWithCustomError(trades, "TradeLedgerLineageBroken").withArgs(derived.productId, source, sourceHolding, Validity.ProductRevoked);
    });

    it("refuses to list again a product whose lineage broke, and reinstates it only to Delisted", async () => {
      const fixture = await loadFixture(derivedFixture);
      const { products, listings, certificates, registrar, source, sourceHolding, derived } = fixture;
      await certificates.connect(registrar).suspend(sourceHolding, hashOf("under review"));
      await products.connect(registrar).suspend(derived.productId, hashOf("review"));
      await expect(products.connect(registrar).reinstate(derived.productId, hashOf("reviewed")))
        .to.emit(products, "ProductStatusChanged").withArgs(derived.productId, ProductStatus.Suspended, ProductStatus.Delisted, hashOf("reviewed"));
      await expect(listings.connect(registrar).relist(derived.productId))
        .to.be.revertedWithCustomError(products, "DataProductLineageBroken").withArgs(derived.productId, source, sourceHolding, Validity.Suspended);
      await certificates.connect(registrar).reinstate(sourceHolding, hashOf("cleared"));
      await expect(listings.connect(registrar).relist(derived.productId))
        .to.emit(products, "ProductStatusChanged").withArgs(derived.productId, ProductStatus.Delisted, ProductStatus.Listed, ethers.ZeroHash);
    });
  });
});
