/**
 * Issue 12, part 2: certificates are soulbound, seen through the standard ERC-721 / ERC-5192 /
 * ERC-165 ABIs only (hand-written fragments, not the project's bindings).
 */
import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { Contract } from "ethers";
import { hashOf } from "../fixtures";
import { ERC165_ABI, ERC5192_ABI, ERC721_ABI, ERC721_METADATA_ABI, SOULBOUND_ABI, interfaceIdOf, reverted } from "./helpers";
import { worldFixture } from "./world";

const ERC721_ID = "0x80ac58cd";
const ERC721_METADATA_ID = "0x5b5e139f";
const ERC5192_ID = "0xb45a3c0e";
const ERC165_ID = "0x01ffc9a7";

async function soulboundFixture() {
  const world = await loadFixture(worldFixture);
  // A licence granted through a trade: trade 2 was delivered, the buyer confirms receipt.
  await world.trades.connect(world.buyer).confirmReceipt(world.ids.deliveredTrade);
  const tradedLicence = (await world.trades.trade(world.ids.deliveredTrade)).buyerCertificateId;
  const token = new ethers.Contract(await world.certificates.getAddress(), SOULBOUND_ABI, ethers.provider);
  return { world, token, tradedLicence };
}

/** Every way ERC-721 offers to move or approve `tokenId`, attempted by `holder`. */
async function attempts(token: Contract, holder: HardhatEthersSigner, to: string, tokenId: bigint) {
  const asHolder = token.connect(holder) as Contract;
  return {
    transferFrom: () => asHolder.getFunction("transferFrom")(holder.address, to, tokenId),
    "safeTransferFrom(address,address,uint256)": () =>
      asHolder.getFunction("safeTransferFrom(address,address,uint256)")(holder.address, to, tokenId),
    "safeTransferFrom(address,address,uint256,bytes)": () =>
      asHolder.getFunction("safeTransferFrom(address,address,uint256,bytes)")(holder.address, to, tokenId, "0x1234"),
    approve: () => asHolder.getFunction("approve")(to, tokenId),
    setApprovalForAll: () => asHolder.getFunction("setApprovalForAll")(to, true),
  };
}

describe("adversarial: certificates are soulbound (standard ABIs only)", () => {
  it("the hand-written ABIs hash to the standard interface ids", () => {
    expect(interfaceIdOf(ERC721_ABI)).to.equal(ERC721_ID);
    expect(interfaceIdOf(ERC721_METADATA_ABI)).to.equal(ERC721_METADATA_ID);
    expect(interfaceIdOf(ERC5192_ABI)).to.equal(ERC5192_ID);
    expect(interfaceIdOf(ERC165_ABI)).to.equal(ERC165_ID);
  });

  it("supportsInterface: ERC-721, ERC-721 Metadata, ERC-5192 and ERC-165, never 0xffffffff", async () => {
    const { token } = await soulboundFixture();
    for (const id of [ERC721_ID, ERC721_METADATA_ID, ERC5192_ID, ERC165_ID]) {
      expect(await token.supportsInterface(id), id).to.equal(true);
    }
    expect(await token.supportsInterface("0xffffffff")).to.equal(false);
    // Not something it is not: ERC-721 Enumerable, ERC-2981 royalties.
    expect(await token.supportsInterface("0x780e9d63")).to.equal(false);
    expect(await token.supportsInterface("0x2a55205a")).to.equal(false);
  });

  for (const which of ["issued holding", "traded licence", "Registrar-granted licence"] as const) {
    it(`a ${which}: every transfer and approval by its holder reverts, and nothing moves`, async () => {
      const { world, token, tradedLicence } = await soulboundFixture();
      const [tokenId, holder] =
        which === "issued holding" ? [world.ids.holding, world.provider]
          : which === "traded licence" ? [tradedLicence, world.buyer]
            : [world.ids.buyerLicence, world.buyer];
      expect(await token.ownerOf(tokenId)).to.equal(holder.address);
      const balance = await token.balanceOf(holder.address);
      const recipients = [world.otherProvider.address, world.stranger.address, holder.address];
      for (const to of recipients) {
        for (const [name, attempt] of Object.entries(await attempts(token, holder, to, tokenId))) {
          await reverted(attempt(), `${which} ${tokenId}: ${name} to ${to}`);
        }
      }
      expect(await token.ownerOf(tokenId)).to.equal(holder.address);
      expect(await token.balanceOf(holder.address)).to.equal(balance);
      expect(await token.getApproved(tokenId)).to.equal(ethers.ZeroAddress);
      for (const to of recipients) expect(await token.isApprovedForAll(holder.address, to)).to.equal(false);
      expect(await token.locked(tokenId)).to.equal(true);
    });
  }

  it("staff cannot move a certificate through ERC-721 either", async () => {
    const { world, token } = await soulboundFixture();
    for (const staff of [world.admin, world.registrar, world.arbiter]) {
      const asStaff = token.connect(staff) as Contract;
      await reverted(
        asStaff.getFunction("transferFrom")(world.provider.address, staff.address, world.ids.holding),
        `${staff.address} transferFrom`,
      );
    }
    expect(await token.ownerOf(world.ids.holding)).to.equal(world.provider.address);
  });

  it("locked() is true for every certificate, reverts for one that does not exist, and Locked is emitted at issue", async () => {
    const { world, token } = await soulboundFixture();
    const count = await world.certificates.certificateCount();
    expect(count).to.be.greaterThan(5n);
    for (let id = 1n; id <= count; id++) expect(await token.locked(id), `certificate ${id}`).to.equal(true);
    await reverted(token.locked(count + 1n), "locked(nonexistent)");
    await reverted(token.ownerOf(count + 1n), "ownerOf(nonexistent)");

    const receipt = await (
      await world.certificates
        .connect(world.registrar)
        .license(world.ids.holding, world.auditor.address, 1, (await world.certificates.certificate(world.ids.holding)).expiresAt - 1n, hashOf("s"), hashOf("e"))
    ).wait();
    const minted = count + 1n;
    const logs = (receipt?.logs ?? []).map((log) => token.interface.parseLog(log)).filter((log) => log !== null);
    expect(logs.map((log) => log.name)).to.include.members(["Transfer", "Locked"]);
    expect(logs.find((log) => log.name === "Locked")?.args[0]).to.equal(minted);
    expect(logs.some((log) => log.name === "Unlocked")).to.equal(false);
    expect(await token.locked(minted)).to.equal(true);
    // tokenURI answers without an off-chain server: an on-chain data URI.
    expect(await token.tokenURI(minted)).to.match(/^data:application\/json/);
  });
});
