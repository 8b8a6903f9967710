import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { registryFixture, registerProduct, issueHolding, licenseFrom, hashOf, NO_EXPIRY, RightCategory } from "../fixtures";
import type { CertificateRenderer } from "../../typechain-types";

interface CertificateDocument {
  name: string;
  description: string;
  tokenId: string;
  registrationNumber: string;
  category: string;
  product: { id: string; registrationNumber: string };
  holder: string;
  issuer: string;
  pledgee: string | null;
  issuedAt: number;
  issuedOn: string;
  expiresAt: number | null;
  expiresOn: string | null;
  status: string;
  validity: string;
  openObjections: number;
  parent: { id: string; registrationNumber: string } | null;
  predecessor: string | null;
  successor: string | null;
  scopeHash: string;
  evidenceHash: string;
  attributes: { trait_type: string; value: string | number }[];
}

function decode(uri: string): CertificateDocument {
  const prefix = "data:application/json;base64,";
  expect(uri.startsWith(prefix)).to.equal(true);
  return JSON.parse(Buffer.from(uri.slice(prefix.length), "base64").toString("utf8")) as CertificateDocument;
}

const isoDay = (timestamp: bigint | number): string => new Date(Number(timestamp) * 1000).toISOString().slice(0, 10);

describe("RightsCertificate tokenURI", () => {
  async function documentedFixture() {
    const fixture = await loadFixture(registryFixture);
    const productId = await registerProduct(fixture);
    const holdingId = await issueHolding(fixture, productId);
    const licenceId = await licenseFrom(fixture, holdingId, fixture.buyer);
    return { ...fixture, productId, holdingId, licenceId };
  }

  it("describes an initial certificate fully, on-chain", async () => {
    const { certificates, provider, registrar, holdingId } = await documentedFixture();
    const stored = await certificates.certificate(holdingId);
    const document = decode(await certificates.tokenURI(holdingId));
    expect(document.name).to.equal("SZDE-RH-00000001");
    expect(document.registrationNumber).to.equal("SZDE-RH-00000001");
    expect(document.tokenId).to.equal("1");
    expect(document.category).to.equal("ResourceHolding");
    expect(document.description).to.contain("ResourceHolding right to data product SZDE-DP-00000001");
    expect(document.product).to.deep.equal({ id: "1", registrationNumber: "SZDE-DP-00000001" });
    expect(document.holder).to.equal(provider.address);
    expect(document.issuer).to.equal(registrar.address);
    expect(document.pledgee).to.equal(null);
    expect(document.issuedAt).to.equal(Number(stored.issuedAt));
    expect(document.issuedOn).to.equal(isoDay(stored.issuedAt));
    expect(document.expiresAt).to.equal(Number(stored.expiresAt));
    expect(document.expiresOn).to.equal(isoDay(stored.expiresAt));
    expect(document.status).to.equal("Active");
    expect(document.validity).to.equal("Valid");
    expect(document.openObjections).to.equal(0);
    expect(document.parent).to.equal(null);
    expect(document.predecessor).to.equal(null);
    expect(document.successor).to.equal(null);
    expect(document.scopeHash).to.equal(hashOf("scope"));
    expect(document.evidenceHash).to.equal(hashOf("evidence"));
    expect(document.attributes).to.deep.include({ trait_type: "Derived", value: "No" });
    expect(document.attributes).to.deep.include({ trait_type: "Pledged", value: "No" });
  });

  it("shows the parent, a pledge, objections, validity and successor as they change", async () => {
    const { certificates, registrar, financier, buyer, auditor, holdingId, licenceId, otherProvider } = await documentedFixture();
    let document = decode(await certificates.tokenURI(licenceId));
    expect(document.category).to.equal("ProcessingUse");
    expect(document.parent).to.deep.equal({ id: holdingId.toString(), registrationNumber: "SZDE-RH-00000001" });
    expect(document.attributes).to.deep.include({ trait_type: "Derived", value: "Yes" });

    await certificates.connect(buyer).pledge(licenceId, financier.address, hashOf("loan"));
    await certificates.connect(auditor).lodgeObjection(licenceId, hashOf("claim"));
    await certificates.connect(registrar).suspend(holdingId, hashOf("audit"));
    document = decode(await certificates.tokenURI(licenceId));
    expect(document.pledgee).to.equal(financier.address);
    expect(document.attributes).to.deep.include({ trait_type: "Pledged", value: "Yes" });
    expect(document.openObjections).to.equal(1);
    expect(document.validity).to.equal("AncestorInvalid");
    expect(decode(await certificates.tokenURI(holdingId)).status).to.equal("Suspended");

    await certificates.connect(registrar).reinstate(holdingId, hashOf("ok"));
    await certificates.connect(registrar).reissue(holdingId, otherProvider.address, hashOf("deed"));
    const old = decode(await certificates.tokenURI(holdingId));
    expect(old.status).to.equal("Superseded");
    expect(old.successor).to.equal("3");
    expect(decode(await certificates.tokenURI(3n)).predecessor).to.equal(holdingId.toString());
    await certificates.connect(registrar).revoke(3n, hashOf("x"));
    expect(decode(await certificates.tokenURI(3n)).status).to.equal("Revoked");
  });

  it("shows no expiry for a perpetual right, a surrendered status and the ProductOperation category", async () => {
    const fixture = await loadFixture(registryFixture);
    const productId = await registerProduct(fixture);
    await fixture.certificates
      .connect(fixture.registrar)
      .issue(fixture.provider.address, productId, RightCategory.ProductOperation, NO_EXPIRY, hashOf("s"), hashOf("e"));
    await fixture.certificates.connect(fixture.provider).surrender(1n);
    const document = decode(await fixture.certificates.tokenURI(1n));
    expect(document.category).to.equal("ProductOperation");
    expect(document.expiresAt).to.equal(null);
    expect(document.expiresOn).to.equal(null);
    expect(document.status).to.equal("Surrendered");
    expect(document.validity).to.equal("Surrendered");
  });

  it("reports Expired validity once the right lapses", async () => {
    const { certificates, holdingId } = await documentedFixture();
    const expiresAt = (await certificates.certificate(holdingId)).expiresAt;
    await ethers.provider.send("evm_setNextBlockTimestamp", [Number(expiresAt)]);
    await ethers.provider.send("evm_mine", []);
    expect(decode(await certificates.tokenURI(holdingId)).validity).to.equal("Expired");
  });

  describe("isoDate", () => {
    it("formats UTC calendar dates, leap days and centuries included", async () => {
      const renderer = (await ethers.deployContract("CertificateRenderer")) as unknown as CertificateRenderer;
      const cases: [number, string][] = [
        [0, "1970-01-01"],
        [951_782_400, "2000-02-29"],
        [1_709_164_800, "2024-02-29"],
        [1_709_251_199, "2024-02-29"],
        [1_709_251_200, "2024-03-01"],
        [4_107_542_400, "2100-03-01"],
        [4_102_444_799, "2099-12-31"],
        [253_402_300_799, "9999-12-31"],
      ];
      for (const [timestamp, expected] of cases) {
        expect(await renderer.isoDate(timestamp)).to.equal(expected);
        expect(isoDay(timestamp)).to.equal(expected);
      }
    });
  });
});
