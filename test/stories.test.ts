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
    const productId = await contracts.products.productCount();
    expect(productId).to.equal(1n);
    expect((await contracts.products.product(productId)).status).to.equal(ProductStatus.Certified);
    expect(await contracts.products.isCertified(productId)).to.equal(true);
    expect(await contracts.certificates.certificateCount()).to.equal(2n);
    for (const tokenId of [1n, 2n]) {
      expect(await contracts.certificates.ownerOf(tokenId)).to.equal(context.cast.shenzhenPower.address);
      expect(await contracts.certificates.validity(tokenId)).to.equal(Validity.Valid);
    }
  });

  it("narrates every step with registration numbers", async () => {
    const { lines } = await loadFixture(storiesFixture);
    expect(lines).to.include("# Story 1 — Shenzhen Power Supply's electricity-usage credit product");
    expect(lines.some((line) => line.includes("SZDE-DP-00000001 is now Certified"))).to.equal(true);
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
    expect((failure as Error).message).to.equal("the stories need 5 accounts, the network offers 1");
  });
});
