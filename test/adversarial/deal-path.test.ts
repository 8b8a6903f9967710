/**
 * Issue 12, part 3: abuses of the public deal path, each refused with its exact custom error
 * (decoded from the revert data with the compiled ABIs). Every refusal has a control: the same
 * act succeeds once the abuse is taken away, so the refusal is about the abuse.
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  registryFixture, listedProduct, dealFor, signDeal, licenseFrom, hashOf, now, jurisdiction, Kind, YEAR, RightCategory,
  TradeStatus,
} from "../fixtures";
import type { DealValues, ListedProduct, RegistryFixture } from "../fixtures";
import { SOULBOUND_ABI, expectCustomError, malleate } from "./helpers";

interface Market extends RegistryFixture {
  listed: ListedProduct;
}

async function marketFixture(): Promise<Market> {
  const fixture = await registryFixture();
  const listed = await listedProduct(fixture);
  return { ...fixture, listed };
}

async function signatures(fixture: RegistryFixture, deal: DealValues) {
  const seller = await ethers.getSigner(deal.seller);
  const buyer = await ethers.getSigner(deal.buyer);
  return { seller: await signDeal(seller, fixture.trades, deal), buyer: await signDeal(buyer, fixture.trades, deal) };
}

function confirmAs(fixture: RegistryFixture, deal: DealValues, sellerSignature: string, buyerSignature: string) {
  return fixture.trades.connect(fixture.registrar).confirm(deal, sellerSignature, buyerSignature);
}

async function confirmSigned(fixture: RegistryFixture, deal: DealValues) {
  const signed = await signatures(fixture, deal);
  return confirmAs(fixture, deal, signed.seller, signed.buyer);
}

/** `deal` would confirm now (eth_call by the Registrar). */
async function wouldConfirm(fixture: RegistryFixture, deal: DealValues, sellerSignature?: string, buyerSignature?: string) {
  const signed = await signatures(fixture, deal);
  await fixture.trades
    .connect(fixture.registrar)
    .confirm.staticCall(deal, sellerSignature ?? signed.seller, buyerSignature ?? signed.buyer);
}

const ownerOf = async (fixture: RegistryFixture, tokenId: bigint) =>
  new ethers.Contract(await fixture.certificates.getAddress(), SOULBOUND_ABI, ethers.provider).ownerOf(tokenId);

async function accreditAgain(fixture: RegistryFixture, who: HardhatEthersSigner, kinds: number, until: bigint) {
  await fixture.participants
    .connect(fixture.registrar)
    .accredit(who.address, kinds, 0, jurisdiction("CN"), hashOf(`dossier:${who.address}`), until);
}

describe("adversarial: the deal path", () => {
  describe("voiding and replaying deals", () => {
    it("a stranger naming itself as buyer in a copy of a real deal voids nothing of the real pair", async () => {
      const fixture = await loadFixture(marketFixture);
      const { trades, stranger, provider, buyer, listed } = fixture;
      const deal = await dealFor(fixture, listed);
      const signed = await signatures(fixture, deal);
      const nonceBefore = await trades.dealNonce(provider.address, buyer.address, listed.productId);
      // The real deal itself is not the stranger's to void.
      await expectCustomError(trades.connect(stranger).voidDeal(deal), "TradeLedgerNotDealParty", [stranger.address]);
      // Copies naming itself as buyer (and as seller), at the real nonce and far above it: accepted, and void only its own pairs.
      for (const nonce of [deal.nonce, deal.nonce + 1000n]) {
        await trades.connect(stranger).voidDeal({ ...deal, buyer: stranger.address, nonce });
        await trades.connect(stranger).voidDeal({ ...deal, seller: stranger.address, nonce });
      }
      expect(await trades.dealNonce(stranger.address, buyer.address, listed.productId)).to.equal(deal.nonce + 1001n);
      expect(await trades.dealNonce(provider.address, buyer.address, listed.productId)).to.equal(nonceBefore);
      await expect(confirmAs(fixture, deal, signed.seller, signed.buyer)).to.emit(trades, "TradeConfirmed");
      expect((await trades.trade(1n)).status).to.equal(TradeStatus.Confirmed);
    });

    it("a party voiding its own deal does kill it (the stranger's no-op above is not a dead voidDeal)", async () => {
      const fixture = await loadFixture(marketFixture);
      const { trades, buyer, provider, listed } = fixture;
      const deal = await dealFor(fixture, listed);
      const signed = await signatures(fixture, deal);
      await trades.connect(buyer).voidDeal(deal);
      await expectCustomError(confirmAs(fixture, deal, signed.seller, signed.buyer), "TradeLedgerStaleNonce", [
        provider.address, buyer.address, deal.nonce, deal.nonce + 1n,
      ]);
    });

    it("replaying a confirmed deal with the same signatures is refused (TradeLedgerStaleNonce)", async () => {
      const fixture = await loadFixture(marketFixture);
      const { provider, buyer, listed } = fixture;
      const deal = await dealFor(fixture, listed);
      const signed = await signatures(fixture, deal);
      await confirmAs(fixture, deal, signed.seller, signed.buyer);
      await expectCustomError(confirmAs(fixture, deal, signed.seller, signed.buyer), "TradeLedgerStaleNonce", [
        provider.address, buyer.address, deal.nonce, deal.nonce + 1n,
      ]);
      expect(await fixture.trades.tradeCount()).to.equal(1n);
    });

    it("the double booking: a deal that failed on a lapsed buyer cannot come back after a newer deal was confirmed", async () => {
      const fixture = await loadFixture(marketFixture);
      const { trades, provider, buyer, listed } = fixture;
      // The buyer's accreditation runs out in a few seconds (a block first: the restored
      // snapshot's clock lags the next block's by the wall time since).
      await mine();
      await accreditAgain(fixture, buyer, Kind.Buyer, (await now()) + 5n);
      const older = await dealFor(fixture, listed, { nonce: 1n });
      const olderSigned = await signatures(fixture, older);
      await time.increase(10);
      await expectCustomError(confirmAs(fixture, older, olderSigned.seller, olderSigned.buyer), "TradeLedgerBuyerNotAccredited", [
        buyer.address,
      ]);
      // Re-accredited: the older deal is live again (control) ...
      await accreditAgain(fixture, buyer, Kind.Buyer, (await now()) + 5n * YEAR);
      await wouldConfirm(fixture, older, olderSigned.seller, olderSigned.buyer);
      // ... until the parties sign and confirm a newer one.
      const newer = await dealFor(fixture, listed, { nonce: 2n, termsHash: hashOf("renegotiated terms") });
      await confirmSigned(fixture, newer);
      await expectCustomError(confirmAs(fixture, older, olderSigned.seller, olderSigned.buyer), "TradeLedgerStaleNonce", [
        provider.address, buyer.address, 1n, 3n,
      ]);
      expect(await trades.tradeCount()).to.equal(1n);
    });
  });

  describe("signatures", () => {
    it("a deal signed for another chain id is refused (TradeLedgerInvalidSignature)", async () => {
      const fixture = await loadFixture(marketFixture);
      const { trades, provider, buyer, listed } = fixture;
      const deal = await dealFor(fixture, listed);
      const { chainId } = await ethers.provider.getNetwork();
      const foreignSeller = await signDeal(provider, trades, deal, { chainId: chainId + 1n });
      const foreignBuyer = await signDeal(buyer, trades, deal, { chainId: chainId + 1n });
      const signed = await signatures(fixture, deal);
      const error = await expectCustomError(confirmAs(fixture, deal, foreignSeller, signed.buyer), "TradeLedgerInvalidSignature");
      expect(error.args[0]).to.equal(provider.address);
      expect(error.args[1]).to.not.equal(provider.address);
      const buyerError = await expectCustomError(confirmAs(fixture, deal, signed.seller, foreignBuyer), "TradeLedgerInvalidSignature");
      expect(buyerError.args[0]).to.equal(buyer.address);
      await wouldConfirm(fixture, deal, signed.seller, signed.buyer);
    });

    it("a deal signed for another contract address is refused (TradeLedgerInvalidSignature)", async () => {
      const fixture = await loadFixture(marketFixture);
      const { trades, provider, buyer, listed } = fixture;
      const deal = await dealFor(fixture, listed);
      // Another ledger of the same exchange, or any other contract: here the listing book's address.
      const elsewhere = await fixture.listings.getAddress();
      const otherSeller = await signDeal(provider, trades, deal, { verifyingContract: elsewhere });
      const otherBuyer = await signDeal(buyer, trades, deal, { verifyingContract: elsewhere });
      const error = await expectCustomError(confirmAs(fixture, deal, otherSeller, otherBuyer), "TradeLedgerInvalidSignature");
      expect(error.args[0]).to.equal(provider.address);
      expect(error.args[1]).to.not.equal(provider.address);
      await wouldConfirm(fixture, deal);
    });

    it("a high-s malleated signature of the seller or the buyer is refused", async () => {
      const fixture = await loadFixture(marketFixture);
      const { provider, buyer, listed } = fixture;
      const deal = await dealFor(fixture, listed);
      const signed = await signatures(fixture, deal);
      // The malleated form is the same signature in its other, high-s, encoding: only the low-s rule refuses it.
      const halfN = 0x7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a0n;
      for (const original of [signed.seller, signed.buyer]) {
        expect(BigInt(ethers.dataSlice(original, 32, 64))).to.be.at.most(halfN);
        expect(BigInt(ethers.dataSlice(malleate(original), 32, 64))).to.be.greaterThan(halfN);
      }
      await expectCustomError(confirmAs(fixture, deal, malleate(signed.seller), signed.buyer), "TradeLedgerInvalidSignature", [
        provider.address, ethers.ZeroAddress,
      ]);
      await expectCustomError(confirmAs(fixture, deal, signed.seller, malleate(signed.buyer)), "TradeLedgerInvalidSignature", [
        buyer.address, ethers.ZeroAddress,
      ]);
      await wouldConfirm(fixture, deal, signed.seller, signed.buyer);
    });
  });

  describe("accreditation of the parties", () => {
    it("an unaccredited account cannot be a buyer, even with both signatures (TradeLedgerBuyerNotAccredited)", async () => {
      const fixture = await loadFixture(marketFixture);
      const { stranger, participants, listed } = fixture;
      const deal = await dealFor(fixture, listed, { buyer: stranger.address });
      await expectCustomError(confirmSigned(fixture, deal), "TradeLedgerBuyerNotAccredited", [stranger.address]);
      // A pending applicant is no better.
      await participants.connect(stranger).applyForAccreditation(Kind.Buyer, 0, jurisdiction("CN"), hashOf("applying"));
      await expectCustomError(confirmSigned(fixture, deal), "TradeLedgerBuyerNotAccredited", [stranger.address]);
      // Control: accredited as a Buyer, the same deal confirms.
      await accreditAgain(fixture, stranger, Kind.Buyer, (await now()) + YEAR);
      await expect(confirmSigned(fixture, deal)).to.emit(fixture.trades, "TradeConfirmed");
    });

    it("an accredited account without the Buyer kind cannot be a buyer", async () => {
      const fixture = await loadFixture(marketFixture);
      const deal = await dealFor(fixture, fixture.listed, { buyer: fixture.financier.address });
      await expectCustomError(confirmSigned(fixture, deal), "TradeLedgerBuyerNotAccredited", [fixture.financier.address]);
    });

    it("a suspended seller cannot sell (TradeLedgerSellerNotAccredited)", async () => {
      const fixture = await loadFixture(marketFixture);
      const { participants, registrar, provider, listed } = fixture;
      const deal = await dealFor(fixture, listed);
      await participants.connect(registrar).suspend(provider.address, hashOf("suspended"));
      await expectCustomError(confirmSigned(fixture, deal), "TradeLedgerSellerNotAccredited", [provider.address]);
      await participants.connect(registrar).reinstate(provider.address, hashOf("reinstated"));
      await expect(confirmSigned(fixture, deal)).to.emit(fixture.trades, "TradeConfirmed");
    });

    it("a seller suspended after delivery cannot complete by the buyer's receipt", async () => {
      const fixture = await loadFixture(marketFixture);
      const { trades, participants, registrar, provider, buyer, listed } = fixture;
      await confirmSigned(fixture, await dealFor(fixture, listed));
      await trades.connect(provider).deliver(1n, hashOf("file"));
      await participants.connect(registrar).suspend(provider.address, hashOf("suspended"));
      await expectCustomError(trades.connect(buyer).confirmReceipt(1n), "TradeLedgerSellerNotAccredited", [provider.address]);
      expect((await trades.trade(1n)).status).to.equal(TradeStatus.Delivered);
      await participants.connect(registrar).reinstate(provider.address, hashOf("reinstated"));
      await trades.connect(buyer).confirmReceipt(1n);
      expect((await trades.trade(1n)).status).to.equal(TradeStatus.Completed);
    });

    it("a seller suspended during a dispute cannot complete through the dispute's rejection", async () => {
      const fixture = await loadFixture(marketFixture);
      const { trades, participants, registrar, arbiter, provider, buyer, listed } = fixture;
      await confirmSigned(fixture, await dealFor(fixture, listed));
      await trades.connect(buyer).dispute(1n, hashOf("late"));
      await participants.connect(registrar).suspend(provider.address, hashOf("suspended"));
      await expectCustomError(trades.connect(arbiter).resolveDispute(1n, false, hashOf("rejected")), "TradeLedgerSellerNotAccredited", [
        provider.address,
      ]);
      expect((await trades.trade(1n)).status).to.equal(TradeStatus.Disputed);
      await participants.connect(registrar).reinstate(provider.address, hashOf("reinstated"));
      await trades.connect(arbiter).resolveDispute(1n, false, hashOf("rejected"));
      expect((await trades.trade(1n)).status).to.equal(TradeStatus.Completed);
    });
  });

  describe("the seller's right while a trade is open", () => {
    it("pledging the seller's right after confirmation does not block the buyer's receipt", async () => {
      const fixture = await loadFixture(marketFixture);
      const { trades, certificates, provider, buyer, financier, listed } = fixture;
      await confirmSigned(fixture, await dealFor(fixture, listed));
      await certificates.connect(provider).pledge(listed.holdingId, financier.address, hashOf("loan"));
      expect((await certificates.certificate(listed.holdingId)).pledgee).to.equal(financier.address);
      await trades.connect(provider).deliver(1n, hashOf("file"));
      await trades.connect(buyer).confirmReceipt(1n);
      const licence = (await trades.trade(1n)).buyerCertificateId;
      expect(licence).to.not.equal(0n);
      expect(await ownerOf(fixture, licence)).to.equal(buyer.address);
      expect((await certificates.certificate(licence)).parentId).to.equal(listed.holdingId);
      // But a new deal from the pledged right is refused.
      await expectCustomError(confirmSigned(fixture, await dealFor(fixture, listed, { nonce: 2n })), "TradeLedgerRightPledged", [
        listed.holdingId, financier.address,
      ]);
    });

    it("surrendering the seller's right is refused while a trade is open (RightsCertificateReserved)", async () => {
      const fixture = await loadFixture(marketFixture);
      const { trades, certificates, provider, buyer, listed } = fixture;
      await confirmSigned(fixture, await dealFor(fixture, listed));
      await expectCustomError(certificates.connect(provider).surrender(listed.holdingId), "RightsCertificateReserved", [
        listed.holdingId, 1n,
      ]);
      await trades.connect(provider).deliver(1n, hashOf("file"));
      await expectCustomError(certificates.connect(provider).surrender(listed.holdingId), "RightsCertificateReserved", [
        listed.holdingId, 1n,
      ]);
      // Control: once the trade completed, the holder may surrender.
      await trades.connect(buyer).confirmReceipt(1n);
      await certificates.connect(provider).surrender(listed.holdingId);
    });
  });

  describe("encumbered ancestors", () => {
    /** Certificate 1 (provider's holding) -> ProductOperation licence of otherProvider (a reseller). */
    async function resellerFixture() {
      const fixture = await marketFixture();
      const operation = await licenseFrom(fixture, fixture.listed.holdingId, fixture.otherProvider, RightCategory.ProductOperation);
      return { ...fixture, operation };
    }

    async function freeze(fixture: RegistryFixture, tokenId: bigint) {
      await fixture.certificates.connect(fixture.auditor).lodgeObjection(tokenId, hashOf("claim"));
    }
    async function pledge(fixture: RegistryFixture, tokenId: bigint) {
      await fixture.certificates.connect(fixture.provider).pledge(tokenId, fixture.financier.address, hashOf("loan"));
    }

    const licenceOfChild = async (fixture: Awaited<ReturnType<typeof resellerFixture>>) =>
      fixture.certificates
        .connect(fixture.registrar)
        .license(fixture.operation, fixture.buyer.address, RightCategory.ProcessingUse, (await now()) + YEAR / 2n, hashOf("s"), hashOf("e"));

    it("a licence of a child of a frozen certificate is refused (RightsCertificateFrozen)", async () => {
      const fixture = await loadFixture(resellerFixture);
      await (await licenceOfChild(fixture)).wait(); // control, before the freeze
      await freeze(fixture, fixture.listed.holdingId);
      await expectCustomError(licenceOfChild(fixture), "RightsCertificateFrozen", [fixture.listed.holdingId]);
    });

    it("a licence of a child of a pledged certificate is refused (RightsCertificatePledged)", async () => {
      const fixture = await loadFixture(resellerFixture);
      await (await licenceOfChild(fixture)).wait();
      await pledge(fixture, fixture.listed.holdingId);
      await expectCustomError(licenceOfChild(fixture), "RightsCertificatePledged", [
        fixture.listed.holdingId, fixture.financier.address,
      ]);
    });

    const resale = async (fixture: Awaited<ReturnType<typeof resellerFixture>>) =>
      dealFor(fixture, fixture.listed, {
      seller: fixture.otherProvider.address, sellerCertificateId: fixture.operation, licenceExpiresAt: (await now()) + YEAR / 2n,
    });

    it("a trade sold from a certificate whose ancestor is frozen is refused (TradeLedgerRightFrozen)", async () => {
      const fixture = await loadFixture(resellerFixture);
      const deal = await resale(fixture);
      await wouldConfirm(fixture, deal);
      await freeze(fixture, fixture.listed.holdingId);
      await expectCustomError(confirmSigned(fixture, deal), "TradeLedgerRightFrozen", [fixture.listed.holdingId]);
    });

    it("a trade sold from a certificate whose ancestor is pledged is refused (TradeLedgerRightPledged)", async () => {
      const fixture = await loadFixture(resellerFixture);
      const deal = await resale(fixture);
      await wouldConfirm(fixture, deal);
      await pledge(fixture, fixture.listed.holdingId);
      await expectCustomError(confirmSigned(fixture, deal), "TradeLedgerRightPledged", [
        fixture.listed.holdingId, fixture.financier.address,
      ]);
    });
  });
});
