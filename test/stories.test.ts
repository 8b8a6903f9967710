import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { runStories } from "../src/stories";
import { deployDatarights, ProductStatus, Validity } from "./fixtures";

describe("npm start stories", () => {
  async function storiesFixture() {
    const contracts = await deployDatarights();
    const lines: string[] = [];
    const network = await ethers.provider.getNetwork();
    const context = await runStories({
      contracts,
      signers: await ethers.getSigners(),
      chainId: network.chainId,
      latestTimestamp: async () => BigInt(await time.latest()),
      log: { heading: (text) => lines.push(`# ${text}`), step: (text) => lines.push(`- ${text}`), detail: (text) => lines.push(text) },
    });
    return { contracts, lines, context };
  }

  it("story 1 ends with the product certified and the provider's two rights valid", async () => {
    const { contracts, context } = await loadFixture(storiesFixture);
    const productId = 1n;
    expect(await contracts.products.productCount()).to.equal(2n);
    expect((await contracts.products.product(1n)).status).to.equal(ProductStatus.Listed);
    expect(await contracts.products.isCertified(productId)).to.equal(true);
    // Two provider rights, two licences from trades, Weiyan Tech's holding.
    expect(await contracts.certificates.certificateCount()).to.equal(5n);
    for (const tokenId of [1n, 2n]) {
      expect(await contracts.certificates.ownerOf(tokenId)).to.equal(context.cast.shenzhenPower.address);
      expect(await contracts.certificates.validity(tokenId)).to.equal(Validity.Valid);
    }
  });

  it("story 1 trades two licences derived from the provider's holding, and a pledge", async () => {
    const { contracts, context } = await loadFixture(storiesFixture);
    expect(await contracts.trades.tradeCount()).to.equal(2n);
    const buyers = [context.cast.bankOfShenzhen.address, context.cast.districtBureau.address];
    for (const tradeId of [1n, 2n]) {
      const trade = await contracts.trades.trade(tradeId);
      expect(trade.status).to.equal(3n);
      expect(trade.buyer).to.equal(buyers[Number(tradeId) - 1]);
      const licence = await contracts.certificates.certificate(trade.buyerCertificateId);
      expect(licence.parentId).to.equal(1n);
      expect(await contracts.certificates.validity(trade.buyerCertificateId)).to.equal(Validity.Valid);
    }
    expect((await contracts.listings.listing(1n)).price.amount).to.equal(12_000_000n);
    expect((await contracts.certificates.certificate(5n)).pledgee).to.equal(context.cast.creditBank.address);
  });

  it("narrates every step with registration numbers", async () => {
    const { lines } = await loadFixture(storiesFixture);
    expect(lines).to.include("# Story 1 — Shenzhen Power Supply's electricity-usage credit product");
    expect(lines.some((line) => line.includes("SZDE-DP-00000001 is now Certified"))).to.equal(true);
    expect(lines.some((line) => line.startsWith("trade 1: Bank of Shenzhen holds SZDE-PU-00000003"))).to.equal(true);
    expect(lines.some((line) => line.startsWith("SZDE-RH-00000001 ResourceHolding"))).to.equal(true);
    expect(lines.some((line) => line.startsWith("SZDE-PO-00000002 ProductOperation"))).to.equal(true);
  });

  it("refuses to run with fewer accounts than the cast", async () => {
    const contracts = await deployDatarights();
    const [only] = await ethers.getSigners();
    const failure = await runStories({
      contracts, signers: [only], chainId: 31337n, latestTimestamp: async () => BigInt(await time.latest()),
    }).then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(failure).to.be.instanceOf(Error);
    expect((failure as Error).message).to.equal("the stories need 9 accounts, the network offers 1");
  });
});
