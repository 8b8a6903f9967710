import { expect } from "chai";
import fc from "fast-check";
import { ethers } from "hardhat";
import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import {
  registryFixture, registerProduct, hashOf, now, YEAR, RightCategory, ProductStatus, AssessmentKind,
} from "../fixtures";

/**
 * Focused properties over short random sequences: the freeze of an objection and the soulbound
 * lock, each hammered with the few acts that could break it. The broad model-based history test
 * is registry.properties.test.ts.
 */

const RUNS = Number(process.env.PROPERTY_RUNS ?? 30);

async function setup() {
  const fixture = await loadFixture(registryFixture);
  const productIds = [await registerProduct(fixture)];
  await fixture.certificates
    .connect(fixture.registrar)
    .issue(fixture.provider.address, productIds[0], RightCategory.ResourceHolding, (await now()) + 4n * YEAR, hashOf("scope"), hashOf("evidence"));
  return { fixture, productIds };
}

async function outcome(promise: Promise<unknown>): Promise<boolean> {
  try {
    await promise;
    return true;
  } catch (error) {
    const message = error instanceof Error ? error.message : String(error);
    if (!message.includes("reverted")) throw error;
    return false;
  }
}

describe("focused properties (fast-check)", function () {
  this.timeout(600_000);

  it("never certifies or licenses anything while an objection against it is open", async () => {
    type FreezeAction = "objectProduct" | "dismissProduct" | "objectCertificate" | "dismissCertificate" | "certify" | "license";
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.constantFrom<FreezeAction>("objectProduct", "dismissProduct", "objectCertificate", "dismissCertificate", "certify", "license"), { minLength: 4, maxLength: 14 }),
        async (actions) => {
          const { fixture, productIds } = await setup();
          const { products, certificates, assessments, registrar, auditor } = fixture;
          const productId = productIds[0];
          const expiresAt = (await now()) + YEAR;
          await assessments.connect(fixture.lawFirm).record({ productId, kind: AssessmentKind.LegalCompliance, passed: true, expiresAt, reportHash: hashOf("l") });
          await assessments.connect(fixture.institute).record({ productId, kind: AssessmentKind.Quality, passed: true, expiresAt, reportHash: hashOf("q") });
          const open = { product: [] as bigint[], certificate: [] as bigint[] };
          for (const action of actions) {
            const productFrozen = open.product.length > 0;
            const certificateFrozen = open.certificate.length > 0;
            switch (action) {
              case "objectProduct":
                await products.connect(auditor).lodgeObjection(productId, hashOf("claim"));
                open.product.push(await products.objectionCount());
                break;
              case "objectCertificate":
                await certificates.connect(auditor).lodgeObjection(1n, hashOf("claim"));
                open.certificate.push(await certificates.objectionCount());
                break;
              case "dismissProduct":
                if (productFrozen) await products.connect(registrar).resolveObjection(open.product.pop()!, false, hashOf("no"));
                break;
              case "dismissCertificate":
                if (certificateFrozen) await certificates.connect(registrar).resolveObjection(open.certificate.pop()!, false, hashOf("no"));
                break;
              case "certify": {
                const registered = (await products.product(productId)).status === BigInt(ProductStatus.Registered);
                const ok = await outcome(products.connect(registrar).certify(productId));
                expect(ok, "certify while frozen or after certification").to.equal(registered && !productFrozen);
                break;
              }
              case "license": {
                const ok = await outcome(certificates.connect(registrar).license(1n, fixture.buyer.address, RightCategory.ProcessingUse, expiresAt, hashOf("s"), hashOf("e")));
                expect(ok, "licence out of a frozen certificate or product").to.equal(!productFrozen && !certificateFrozen);
                break;
              }
            }
          }
        },
      ),
      { numRuns: RUNS },
    );
  });

  it("never lets any certificate leave its holder, whatever the caller tries", async () => {
    await fc.assert(
      fc.asyncProperty(fc.nat(2), fc.nat(10), fc.constantFrom("transferFrom", "safeTransferFrom", "approve"), async (callerIndex, targetIndex, method) => {
        const { fixture } = await setup();
        const signers = [fixture.provider, fixture.registrar, fixture.admin];
        const caller = signers[callerIndex];
        const target = (await ethers.getSigners())[targetIndex].address;
        const attempt = method === "approve"
          ? fixture.certificates.connect(caller).approve(target, 1n)
          : method === "transferFrom"
            ? fixture.certificates.connect(caller).transferFrom(fixture.provider.address, target, 1n)
            : fixture.certificates.connect(caller)["safeTransferFrom(address,address,uint256)"](fixture.provider.address, target, 1n);
        await expect(attempt).to.be.revertedWithCustomError(fixture.certificates, "RightsCertificateLocked").withArgs(1n);
        expect(await fixture.certificates.ownerOf(1n)).to.equal(fixture.provider.address);
      }),
      { numRuns: Math.min(RUNS, 15) },
    );
  });
});
