import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { expect } from "chai";
import { registryFixture, registerProduct, assessBase, issueHolding, licenseFrom, hashOf, now, YEAR, RightCategory } from "./fixtures";
describe("smoke", () => {
  it("works", async () => {
    const f = await loadFixture(registryFixture);
    const id = await registerProduct(f);
    const exp = (await now()) + YEAR;
    let tx = await f.assessments.connect(f.lawFirm).record({productId: id, kind: 0, passed: true, expiresAt: exp, reportHash: hashOf("r")});
    console.log("assess", (await tx.wait())!.gasUsed);
    tx = await f.assessments.connect(f.institute).record({productId: id, kind: 2, passed: true, expiresAt: exp, reportHash: hashOf("r")});
    console.log("assess2", (await tx.wait())!.gasUsed);
    await f.products.connect(f.registrar).certify(id);
    tx = await f.certificates.connect(f.registrar).issue(f.provider.address, id, 0, exp, hashOf("s"), hashOf("e"));
    console.log("issue", (await tx.wait())!.gasUsed);
    tx = await f.certificates.connect(f.registrar).issue(f.otherProvider.address, id, 2, exp, hashOf("s"), hashOf("e"));
    console.log("issue2", (await tx.wait())!.gasUsed);
    tx = await f.certificates.connect(f.registrar).license(1, f.buyer.address, 1, exp, hashOf("s"), hashOf("e"));
    console.log("license", (await tx.wait())!.gasUsed);
    console.log(await f.certificates.tokenURI(3));
    console.log(await f.certificates.validity(3));
  });
});
