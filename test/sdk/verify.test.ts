import { expect } from "chai";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { failedLineageChecks, verifyProduct } from "../../src/sdk/verify";
import type { Check, VerificationReport } from "../../src/sdk/verify";
import {
  RightCategory, Validity, YEAR, assessBase, hashOf, issueHolding, licenseFrom, listedProduct, newId, now, registerProduct,
} from "../fixtures";
import type { RegistryFixture } from "../fixtures";
import { clientFixture } from "./client";

const CLAIM = hashOf("ownership claim");
const REASON = hashOf("reason");
/** CertificateValidity.ProductRevoked (contracts/types/DataRightsTypes.sol). */
const PRODUCT_REVOKED = 8n;

/**
 * A listed product of `provider` (holding certificate, a ProcessingUse licence sold to `buyer`)
 * and a product of `otherProvider` derived from it under a ProcessingUse licence, certified and
 * held, both clean.
 */
async function verifyFixture() {
  const { fixture, client } = await clientFixture();
  const source = await listedProduct(fixture);
  const buyerLicenceId = await licenseFrom(fixture, source.holdingId, fixture.buyer);
  const edgeLicenceId = await licenseFrom(fixture, source.holdingId, fixture.otherProvider);
  const derivedId = await registerProduct(fixture, { sources: [source.productId], sourceCertificates: [edgeLicenceId] }, fixture.otherProvider);
  await assessBase(fixture, derivedId);
  await fixture.products.connect(fixture.registrar).certify(derivedId);
  const derivedHoldingId = await issueHolding(fixture, derivedId, fixture.otherProvider);
  return { fixture, client, source, buyerLicenceId, edgeLicenceId, derivedId, derivedHoldingId };
}

const failures = (report: VerificationReport): string[] => report.checks.filter((check) => !check.passed).map((check) => check.id);
const checkOf = (report: VerificationReport, id: string): Check => {
  const found = report.checks.find((check) => check.id === id);
  expect(found, `check ${id} in ${report.checks.map((check) => check.id).join(", ")}`).to.not.equal(undefined);
  return found!;
};
const names = (fixture: RegistryFixture) => (address: string): string =>
  ({ [fixture.financier.address]: "Rural Bank", [fixture.auditor.address]: "the auditor" })[address] ?? address;

describe("verifyProduct: objections, freezes and pledges", () => {
  it("passes every check of a clean product and of the product derived from it", async () => {
    const { client, source, derivedId } = await loadFixture(verifyFixture);
    const report = await verifyProduct(client, source.productId);
    expect(failures(report)).to.deep.equal([]);
    expect(report.passed).to.equal(true);
    expect(checkOf(report, "product.objections").detail).to.equal("SZDE-E1-DP-00000001 has no open objection");
    expect(report.checks.filter((check) => /\.(objections|pledge)$/.test(check.id)).map((check) => check.id)).to.deep.equal(["product.objections"]);
    const derived = await verifyProduct(client, derivedId);
    expect(failures(derived)).to.deep.equal([]);
    expect(derived.lineage.map((node) => node.openObjections)).to.deep.equal([0n, 0n]);
  });

  it("fails a frozen product, naming the open objection, and passes again once it is dismissed", async () => {
    const { fixture, client, source } = await loadFixture(verifyFixture);
    await fixture.products.connect(fixture.auditor).lodgeObjection(source.productId, CLAIM);
    const report = await verifyProduct(client, source.productId, { nameOf: names(fixture) });
    expect(report.passed).to.equal(false);
    expect(failures(report)).to.deep.equal(["product.objections"]);
    expect(checkOf(report, "product.objections").detail).to.equal("SZDE-E1-DP-00000001 is frozen by 1 open objection (#1 by the auditor)");

    await fixture.products.connect(fixture.otherProvider).lodgeObjection(source.productId, hashOf("second claim"));
    await fixture.products.connect(fixture.registrar).resolveObjection(1n, false, hashOf("dismissed"));
    const second = await verifyProduct(client, source.productId, { nameOf: names(fixture) });
    expect(checkOf(second, "product.objections").detail).to.equal(
      `SZDE-E1-DP-00000001 is frozen by 1 open objection (#2 by ${fixture.otherProvider.address})`,
    );
    await fixture.products.connect(fixture.registrar).resolveObjection(2n, false, hashOf("dismissed"));
    expect((await verifyProduct(client, source.productId)).passed).to.equal(true);
  });

  it("fails a product whose lineage ancestor is frozen, as a lineage check trade confirmation also refuses on", async () => {
    const { fixture, client, source, derivedId } = await loadFixture(verifyFixture);
    await fixture.products.connect(fixture.auditor).lodgeObjection(source.productId, CLAIM);
    const report = await verifyProduct(client, derivedId, { nameOf: names(fixture) });
    const id = `lineage.${source.productId}.objections`;
    expect(failures(report)).to.deep.equal([id]);
    expect(checkOf(report, id).detail).to.equal("ancestor SZDE-E1-DP-00000001 is frozen by 1 open objection (#1 by the auditor)");
    expect((await failedLineageChecks(client, derivedId)).map((check) => check.id)).to.deep.equal([id]);
  });

  it("fails a suspended source on its lineage edge", async () => {
    const { fixture, client, source, derivedId } = await loadFixture(verifyFixture);
    await fixture.products.connect(fixture.registrar).suspend(source.productId, REASON);
    const report = await verifyProduct(client, derivedId);
    expect(failures(report)).to.deep.equal([`lineage.${derivedId}<-${source.productId}`]);
    expect(checkOf(report, `lineage.${derivedId}<-${source.productId}`).detail).to.contain("source SZDE-E1-DP-00000001 is Suspended");
  });

  it("reports a pledged certificate as a passing check naming the financier", async () => {
    const { fixture, client, derivedId, derivedHoldingId } = await loadFixture(verifyFixture);
    await fixture.certificates.connect(fixture.otherProvider).pledge(derivedHoldingId, fixture.financier.address, hashOf("credit line"));
    const report = await verifyProduct(client, derivedId, { nameOf: names(fixture) });
    expect(report.passed).to.equal(true);
    const pledge = checkOf(report, `certificate.${derivedHoldingId}.pledge`);
    expect(pledge.passed).to.equal(true);
    expect(pledge.detail).to.equal(`certificate ${derivedHoldingId} is pledged to Rural Bank: it cannot be surrendered or reissued until released`);
    expect(report.certificates.find((facts) => facts.certificateId === derivedHoldingId)?.pledgee).to.equal(fixture.financier.address);
  });

  it("fails the pledge of a listed product's only sellable right, and reports it on the licences derived from it", async () => {
    const { fixture, client, source, buyerLicenceId, edgeLicenceId, derivedId } = await loadFixture(verifyFixture);
    await fixture.certificates.connect(fixture.provider).pledge(source.holdingId, fixture.financier.address, hashOf("credit line"));
    const report = await verifyProduct(client, source.productId, { nameOf: names(fixture) });
    expect(failures(report)).to.deep.equal([`certificate.${source.holdingId}.pledge`]);
    expect(checkOf(report, `certificate.${source.holdingId}.pledge`).detail).to.equal(
      `certificate ${source.holdingId} is pledged to Rural Bank: SZDE-E1-DP-00000001 is Listed but the provider holds no unpledged right to sell it from, so no trade can be confirmed`,
    );
    const licence = checkOf(report, `certificate.${buyerLicenceId}.pledge`);
    expect(licence.passed).to.equal(true);
    expect(licence.detail).to.contain(`its ancestor ${source.holdingId} is pledged to Rural Bank`);
    // The derived product stands on a licence whose parent is pledged: reported, not a fault.
    const derived = await verifyProduct(client, derivedId, { nameOf: names(fixture) });
    expect(derived.passed).to.equal(true);
    expect(checkOf(derived, `certificate.${edgeLicenceId}.pledge`).detail).to.contain(`its ancestor ${source.holdingId} is pledged to Rural Bank`);
    // A second, unpledged right to sell from: the listing can trade again.
    await fixture.certificates.connect(fixture.registrar).issue(
      fixture.provider.address, source.productId, RightCategory.ProductOperation, (await now()) + YEAR,
      hashOf("scope"), hashOf("evidence"),
    );
    const relieved = await verifyProduct(client, source.productId);
    expect(relieved.passed).to.equal(true);
    expect(checkOf(relieved, `certificate.${source.holdingId}.pledge`).passed).to.equal(true);
  });

  it("fails a frozen certificate and the certificates derived from it, naming the objection", async () => {
    const { fixture, client, source, buyerLicenceId, edgeLicenceId, derivedId } = await loadFixture(verifyFixture);
    await fixture.certificates.connect(fixture.auditor).lodgeObjection(source.holdingId, CLAIM);
    const report = await verifyProduct(client, source.productId, { nameOf: names(fixture) });
    expect(failures(report)).to.include.members([`certificate.${source.holdingId}.objections`, `certificate.${buyerLicenceId}.objections`]);
    expect(checkOf(report, `certificate.${source.holdingId}.objections`).detail).to.equal(
      `certificate ${source.holdingId} is frozen by 1 open objection (#1 by the auditor)`,
    );
    expect(checkOf(report, `certificate.${buyerLicenceId}.objections`).detail).to.equal(
      `its ancestor ${source.holdingId} is frozen by 1 open objection (#1 by the auditor)`,
    );
    const derived = await verifyProduct(client, derivedId, { nameOf: names(fixture) });
    expect(failures(derived)).to.deep.equal([`certificate.${edgeLicenceId}.objections`]);
  });

  it("names the invalid ancestor of an AncestorInvalid licence, past a valid parent and through a stand-in", async () => {
    const { fixture, client, source } = await loadFixture(verifyFixture);
    const operationId = await licenseFrom(fixture, source.holdingId, fixture.otherProvider, RightCategory.ProductOperation, (await now()) + 2n * YEAR);
    const grandchildId = await licenseFrom(fixture, operationId, fixture.buyer, RightCategory.ProcessingUse);
    // Change (变更) the holding: its successor stands in for it as the licences' ancestor.
    const successorId = await newId(
      fixture.certificates.connect(fixture.registrar).amend(source.holdingId, hashOf("new scope"), hashOf("new evidence")),
      fixture.certificates, "CertificateReplaced", "successorId",
    );
    await fixture.certificates.connect(fixture.registrar).revoke(successorId, REASON);
    expect(await fixture.certificates.validity(grandchildId)).to.equal(Validity.AncestorInvalid);
    const report = await verifyProduct(client, source.productId);
    const grandchild = checkOf(report, `certificate.${grandchildId}`);
    expect(grandchild.passed).to.equal(false);
    expect(grandchild.detail).to.match(
      new RegExp(`is AncestorInvalid: ancestor ${successorId} \\(successor of ${source.holdingId}\\) is Revoked$`),
    );
    expect(checkOf(report, `certificate.${successorId}`).detail).to.match(/ is Revoked$/);
  });

  it("names a plainly revoked parent", async () => {
    const { fixture, client, source, buyerLicenceId, edgeLicenceId, derivedId } = await loadFixture(verifyFixture);
    await fixture.certificates.connect(fixture.registrar).revoke(source.holdingId, REASON);
    const report = await verifyProduct(client, source.productId);
    expect(checkOf(report, `certificate.${buyerLicenceId}`).detail).to.match(new RegExp(`is AncestorInvalid: ancestor ${source.holdingId} is Revoked$`));
    const derived = await verifyProduct(client, derivedId);
    expect(checkOf(derived, `lineage.${derivedId}<-${source.productId}`).detail).to.contain(
      `certificate ${edgeLicenceId} is now AncestorInvalid: ancestor ${source.holdingId} is Revoked`,
    );
  });

  it("fails the certificates of a revoked product as ProductRevoked, and the edges derived from it", async () => {
    const { fixture, client, source, buyerLicenceId, edgeLicenceId, derivedId } = await loadFixture(verifyFixture);
    await fixture.products.connect(fixture.registrar).revoke(source.productId, REASON);
    expect(await fixture.certificates.validity(source.holdingId)).to.equal(PRODUCT_REVOKED);
    const report = await verifyProduct(client, source.productId);
    expect(failures(report)).to.include.members([
      "product.status", `certificate.${source.holdingId}`, `certificate.${buyerLicenceId}`, `certificate.${edgeLicenceId}`, "product.right",
    ]);
    expect(checkOf(report, `certificate.${source.holdingId}`).detail).to.match(/ is ProductRevoked$/);
    expect(report.certificates.find((facts) => facts.certificateId === source.holdingId)?.validity).to.equal("ProductRevoked");
    const derived = await verifyProduct(client, derivedId);
    const edge = checkOf(derived, `lineage.${derivedId}<-${source.productId}`);
    expect(edge.passed).to.equal(false);
    expect(edge.detail).to.contain(`certificate ${edgeLicenceId} is now ProductRevoked`);
    expect(edge.detail).to.contain("source SZDE-E1-DP-00000001 is Revoked");
  });
});
