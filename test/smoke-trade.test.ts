import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { registryFixture, listedProduct, dealFor, signDeal, hashOf } from "./fixtures";
describe("trade smoke", () => {
  it("runs a trade", async () => {
    const f = await loadFixture(registryFixture);
    const listed = await listedProduct(f);
    // warm: a first trade
    for (const nonce of [1n, 2n]) {
      const deal = await dealFor(f, listed, { nonce });
      const s = await signDeal(f.provider, f.trades, deal);
      const b = await signDeal(f.buyer, f.trades, deal);
      const c = await (await f.trades.connect(f.registrar).confirm(deal, s, b)).wait();
      const id = await f.trades.tradeCount();
      const d = await (await f.trades.connect(f.provider).deliver(id, hashOf("delivery"))).wait();
      const r = await (await f.trades.connect(f.buyer).confirmReceipt(id)).wait();
      console.log(c!.gasUsed, d!.gasUsed, r!.gasUsed, c!.gasUsed + d!.gasUsed + r!.gasUsed);
      const t = await f.trades.trade(id);
      expect(t.status).to.equal(3n);
      expect(await f.certificates.ownerOf(t.buyerCertificateId)).to.equal(f.buyer.address);
    }
    console.log(await f.trades.tradesOfProduct(listed.productId, 0, 10), await f.trades.tradesOfParty(f.buyer.address, 0, 1));
  });
});
