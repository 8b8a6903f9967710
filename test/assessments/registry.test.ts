import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  registryFixture, registerProduct, hashOf, now, kindBit, jurisdiction, YEAR, ADMIN_ROLE, Kind, AssessmentKind,
  RequirementScope, SourceCategory, Classification, ProductType,
} from "../fixtures";
import type { RegistryFixture } from "../fixtures";

interface Finding {
  productId: bigint;
  kind: number;
  passed: boolean;
  expiresAt: bigint;
  reportHash: string;
}

const ASSESSMENT_TYPES = {
  Assessment: [
    { name: "assessor", type: "address" }, { name: "productId", type: "uint64" }, { name: "kind", type: "uint8" },
    { name: "passed", type: "bool" }, { name: "expiresAt", type: "uint40" }, { name: "reportHash", type: "bytes32" },
    { name: "nonce", type: "uint256" }, { name: "deadline", type: "uint256" },
  ],
};
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;

async function signFinding(
  fixture: RegistryFixture,
  assessor: HardhatEthersSigner,
  finding: Finding,
  options: { nonce?: bigint; deadline?: bigint; chainId?: bigint; verifyingContract?: string } = {},
) {
  const nonce = options.nonce ?? (await fixture.assessments.nonces(assessor.address));
  const deadline = options.deadline ?? (await now()) + 3600n;
  const signature = await assessor.signTypedData(
    {
      name: "datarights AssessmentRegistry",
      version: "1",
      chainId: options.chainId ?? (await ethers.provider.getNetwork()).chainId,
      verifyingContract: options.verifyingContract ?? (await fixture.assessments.getAddress()),
    },
    ASSESSMENT_TYPES,
    { assessor: assessor.address, ...finding, nonce, deadline },
  );
  return { nonce, deadline, signature };
}

/** The two entry paths every finding can take: the assessor's own transaction, or its signature submitted by the registrar. */
const entryPaths = [
  {
    name: "recorded directly",
    record: (fixture: RegistryFixture, assessor: HardhatEthersSigner, finding: Finding) =>
      fixture.assessments.connect(assessor).record(finding),
  },
  {
    name: "recorded by signature",
    record: async (fixture: RegistryFixture, assessor: HardhatEthersSigner, finding: Finding) => {
      const { nonce, deadline, signature } = await signFinding(fixture, assessor, finding);
      return fixture.assessments.connect(fixture.registrar).recordBySig(assessor.address, finding, nonce, deadline, signature);
    },
  },
];

async function productFixture() {
  const fixture = await loadFixture(registryFixture);
  const productId = await registerProduct(fixture);
  return { ...fixture, productId };
}

describe("AssessmentRegistry", () => {
  for (const path of entryPaths) {
    describe(`a finding ${path.name}`, () => {
      it("is recorded with every field and chained to the previous finding of its kind", async () => {
        const fixture = await productFixture();
        const { assessments, lawFirm, productId } = fixture;
        const expiresAt = (await now()) + YEAR;
        const finding = { productId, kind: AssessmentKind.LegalCompliance, passed: true, expiresAt, reportHash: hashOf("opinion 1") };
        await expect(path.record(fixture, lawFirm, finding))
          .to.emit(assessments, "AssessmentRecorded")
          .withArgs(1n, productId, lawFirm.address, AssessmentKind.LegalCompliance, true, expiresAt, hashOf("opinion 1"), 0n);
        await expect(path.record(fixture, lawFirm, { ...finding, passed: false, reportHash: hashOf("opinion 2") }))
          .to.emit(assessments, "AssessmentRecorded")
          .withArgs(2n, productId, lawFirm.address, AssessmentKind.LegalCompliance, false, expiresAt, hashOf("opinion 2"), 1n);
        const stored = await assessments.assessment(2n);
        expect(stored.assessor).to.equal(lawFirm.address);
        expect(stored.productId).to.equal(productId);
        expect(stored.kind).to.equal(AssessmentKind.LegalCompliance);
        expect(stored.passed).to.equal(false);
        expect(stored.revoked).to.equal(false);
        expect(stored.issuedAt).to.equal(BigInt(await time.latest()));
        expect(stored.expiresAt).to.equal(expiresAt);
        expect(stored.previousId).to.equal(1n);
        expect(stored.reportHash).to.equal(hashOf("opinion 2"));
        expect(await assessments.latestAssessment(productId, AssessmentKind.LegalCompliance)).to.equal(2n);
        expect(await assessments.assessmentCount()).to.equal(2n);
      });

      it("is rejected from an assessor not accredited for the kind, suspended or lapsed", async () => {
        const fixture = await productFixture();
        const { assessments, participants, registrar, lawFirm, buyer, productId } = fixture;
        const finding = { productId, kind: AssessmentKind.Quality, passed: true, expiresAt: (await now()) + YEAR, reportHash: hashOf("r") };
        await expect(path.record(fixture, lawFirm, finding))
          .to.be.revertedWithCustomError(assessments, "AssessmentAssessorNotAccredited").withArgs(lawFirm.address, AssessmentKind.Quality);
        await expect(path.record(fixture, buyer, finding))
          .to.be.revertedWithCustomError(assessments, "AssessmentAssessorNotAccredited").withArgs(buyer.address, AssessmentKind.Quality);
        const legal = { ...finding, kind: AssessmentKind.LegalCompliance };
        await participants.connect(registrar).suspend(lawFirm.address, hashOf("x"));
        await expect(path.record(fixture, lawFirm, legal))
          .to.be.revertedWithCustomError(assessments, "AssessmentAssessorNotAccredited").withArgs(lawFirm.address, AssessmentKind.LegalCompliance);
        await participants.connect(registrar).reinstate(lawFirm.address, hashOf("x"));
        await time.increaseTo((await participants.participant(lawFirm.address)).accreditedUntil);
        await expect(path.record(fixture, lawFirm, { ...legal, expiresAt: (await now()) + YEAR }))
          .to.be.revertedWithCustomError(assessments, "AssessmentAssessorNotAccredited").withArgs(lawFirm.address, AssessmentKind.LegalCompliance);
      });

      it("is rejected from an assessor who provides the product", async () => {
        const fixture = await loadFixture(registryFixture);
        const { assessments, participants, registrar, stranger } = fixture;
        await participants.connect(registrar).accredit(
          stranger.address, Kind.Provider | Kind.Assessor, kindBit(AssessmentKind.Quality), jurisdiction("CN"), hashOf("d"), (await now()) + YEAR,
        );
        const productId = await registerProduct(fixture, {}, stranger);
        await expect(path.record(fixture, stranger, { productId, kind: AssessmentKind.Quality, passed: true, expiresAt: (await now()) + YEAR, reportHash: hashOf("r") }))
          .to.be.revertedWithCustomError(assessments, "AssessmentConflictOfInterest").withArgs(stranger.address, productId);
      });

      it("is rejected for an unknown or revoked product, a past expiry or a missing report", async () => {
        const fixture = await productFixture();
        const { assessments, products, registrar, lawFirm, productId } = fixture;
        const finding = { productId, kind: AssessmentKind.LegalCompliance, passed: true, expiresAt: (await now()) + YEAR, reportHash: hashOf("r") };
        await expect(path.record(fixture, lawFirm, { ...finding, productId: 42n }))
          .to.be.revertedWithCustomError(assessments, "AssessmentProductUnavailable").withArgs(42n);
        const past = (await now()) - 10n;
        await expect(path.record(fixture, lawFirm, { ...finding, expiresAt: past }))
          .to.be.revertedWithCustomError(assessments, "AssessmentInvalidExpiry").withArgs(past);
        await expect(path.record(fixture, lawFirm, { ...finding, reportHash: ethers.ZeroHash }))
          .to.be.revertedWithCustomError(assessments, "AssessmentMissingReport");
        await products.connect(registrar).revoke(productId, hashOf("x"));
        await expect(path.record(fixture, lawFirm, finding))
          .to.be.revertedWithCustomError(assessments, "AssessmentProductUnavailable").withArgs(productId);
      });
    });
  }

  describe("recordBySig", () => {
    async function signedFixture() {
      const fixture = await productFixture();
      const finding = {
        productId: fixture.productId, kind: AssessmentKind.Quality, passed: true, expiresAt: (await now()) + YEAR, reportHash: hashOf("q"),
      };
      return { ...fixture, finding };
    }

    it("accepts a submission by anyone and consumes the assessor's nonce", async () => {
      const fixture = await signedFixture();
      const { assessments, institute, stranger, finding } = fixture;
      const { nonce, deadline, signature } = await signFinding(fixture, institute, finding);
      await expect(assessments.connect(stranger).recordBySig(institute.address, finding, nonce, deadline, signature))
        .to.emit(assessments, "AssessmentRecorded");
      expect(await assessments.nonces(institute.address)).to.equal(nonce + 1n);
    });

    it("rejects a replay of the same signature", async () => {
      const fixture = await signedFixture();
      const { assessments, institute, finding } = fixture;
      const { nonce, deadline, signature } = await signFinding(fixture, institute, finding);
      await assessments.recordBySig(institute.address, finding, nonce, deadline, signature);
      await expect(assessments.recordBySig(institute.address, finding, nonce, deadline, signature))
        .to.be.revertedWithCustomError(assessments, "InvalidAccountNonce").withArgs(institute.address, nonce + 1n);
    });

    it("rejects a signature past its deadline", async () => {
      const fixture = await signedFixture();
      const { assessments, institute, finding } = fixture;
      const deadline = (await now()) + 10n;
      const signed = await signFinding(fixture, institute, finding, { deadline });
      await time.increaseTo(deadline + 1n);
      await expect(assessments.recordBySig(institute.address, finding, signed.nonce, deadline, signed.signature))
        .to.be.revertedWithCustomError(assessments, "AssessmentExpiredSignature").withArgs(deadline);
    });

    it("rejects a signature by another key, for another chain or another contract, or over other content", async () => {
      const fixture = await signedFixture();
      const { assessments, institute, lawFirm, finding } = fixture;
      const recovered = async (signature: string, nonce: bigint, deadline: bigint, content = finding) => {
        const digest = ethers.TypedDataEncoder.hash(
          { name: "datarights AssessmentRegistry", version: "1", chainId: (await ethers.provider.getNetwork()).chainId, verifyingContract: await assessments.getAddress() },
          ASSESSMENT_TYPES,
          { assessor: institute.address, ...content, nonce, deadline },
        );
        return ethers.recoverAddress(digest, signature);
      };
      const byOther = await signFinding(fixture, lawFirm, finding, { nonce: 0n });
      const foreignChain = await signFinding(fixture, institute, finding, { chainId: 1n });
      const foreignContract = await signFinding(fixture, institute, finding, { verifyingContract: await fixture.products.getAddress() });
      for (const signed of [byOther, foreignChain, foreignContract]) {
        await expect(assessments.recordBySig(institute.address, finding, signed.nonce, signed.deadline, signed.signature))
          .to.be.revertedWithCustomError(assessments, "AssessmentInvalidSigner")
          .withArgs(await recovered(signed.signature, signed.nonce, signed.deadline), institute.address);
      }
      const genuine = await signFinding(fixture, institute, finding);
      const altered = { ...finding, passed: false };
      await expect(assessments.recordBySig(institute.address, altered, genuine.nonce, genuine.deadline, genuine.signature))
        .to.be.revertedWithCustomError(assessments, "AssessmentInvalidSigner")
        .withArgs(await recovered(genuine.signature, genuine.nonce, genuine.deadline, altered), institute.address);
    });

    it("rejects the malleable high-s twin of a valid signature", async () => {
      const fixture = await signedFixture();
      const { assessments, institute, finding } = fixture;
      const { nonce, deadline, signature } = await signFinding(fixture, institute, finding);
      const parsed = ethers.Signature.from(signature);
      const highS = SECP256K1_N - BigInt(parsed.s);
      const twin = ethers.concat([parsed.r, ethers.toBeHex(highS, 32), parsed.v === 27 ? "0x1c" : "0x1b"]);
      await expect(assessments.recordBySig(institute.address, finding, nonce, deadline, twin))
        .to.be.revertedWithCustomError(assessments, "ECDSAInvalidSignatureS").withArgs(ethers.toBeHex(highS, 32));
      await expect(assessments.recordBySig(institute.address, finding, nonce, deadline, "0x1234"))
        .to.be.revertedWithCustomError(assessments, "ECDSAInvalidSignatureLength").withArgs(2n);
      await assessments.recordBySig(institute.address, finding, nonce, deadline, signature);
    });

    it("exposes the type hash it verifies against", async () => {
      const { assessments } = await loadFixture(registryFixture);
      expect(await assessments.ASSESSMENT_TYPEHASH()).to.equal(
        ethers.id("Assessment(address assessor,uint64 productId,uint8 kind,bool passed,uint40 expiresAt,bytes32 reportHash,uint256 nonce,uint256 deadline)"),
      );
    });
  });

  describe("revoke", () => {
    async function recordedFixture() {
      const fixture = await productFixture();
      await fixture.assessments.connect(fixture.lawFirm).record({
        productId: fixture.productId, kind: AssessmentKind.LegalCompliance, passed: true, expiresAt: (await now()) + YEAR, reportHash: hashOf("r"),
      });
      return fixture;
    }

    it("lets the assessor revoke its finding", async () => {
      const { assessments, lawFirm, productId } = await recordedFixture();
      await expect(assessments.connect(lawFirm).revoke(1n, hashOf("error in report")))
        .to.emit(assessments, "AssessmentRevoked").withArgs(1n, productId, lawFirm.address, hashOf("error in report"));
      expect((await assessments.assessment(1n)).revoked).to.equal(true);
      expect(await assessments.isKindSatisfied(productId, AssessmentKind.LegalCompliance)).to.equal(false);
    });

    it("lets the Registrar revoke any finding", async () => {
      const { assessments, registrar, productId } = await recordedFixture();
      await expect(assessments.connect(registrar).revoke(1n, hashOf("assessor struck off")))
        .to.emit(assessments, "AssessmentRevoked").withArgs(1n, productId, registrar.address, hashOf("assessor struck off"));
    });

    it("rejects others, unknown ids and a second revocation", async () => {
      const { assessments, lawFirm, institute } = await recordedFixture();
      await expect(assessments.connect(institute).revoke(1n, hashOf("x")))
        .to.be.revertedWithCustomError(assessments, "AssessmentUnauthorizedRevoker").withArgs(1n, institute.address);
      await expect(assessments.connect(lawFirm).revoke(2n, hashOf("x"))).to.be.revertedWithCustomError(assessments, "AssessmentUnknown").withArgs(2n);
      await expect(assessments.assessment(0n)).to.be.revertedWithCustomError(assessments, "AssessmentUnknown").withArgs(0n);
      await assessments.connect(lawFirm).revoke(1n, hashOf("x"));
      await expect(assessments.connect(lawFirm).revoke(1n, hashOf("x"))).to.be.revertedWithCustomError(assessments, "AssessmentAlreadyRevoked").withArgs(1n);
    });
  });

  describe("policy", () => {
    const bits = (...kinds: number[]) => kinds.reduce((mask, kind) => mask | kindBit(kind), 0);

    it("defaults to DOMAIN.md's requirements", async () => {
      const { assessments } = await loadFixture(registryFixture);
      expect(await assessments.requirement(RequirementScope.Base, 0)).to.equal(bits(AssessmentKind.LegalCompliance, AssessmentKind.Quality));
      expect(await assessments.requirement(RequirementScope.PersonalInformation, 1)).to.equal(bits(AssessmentKind.PersonalInfoProtection));
      expect(await assessments.requirement(RequirementScope.PersonalInformation, 0)).to.equal(0);
      expect(await assessments.requirement(RequirementScope.SourceCategory, SourceCategory.Personal)).to.equal(bits(AssessmentKind.PersonalInfoProtection));
      expect(await assessments.requirement(RequirementScope.Classification, Classification.Important)).to.equal(bits(AssessmentKind.SecurityRisk));
    });

    it("derives each product's required kinds from its attributes", async () => {
      const fixture = await loadFixture(registryFixture);
      const { assessments, admin } = fixture;
      const base = bits(AssessmentKind.LegalCompliance, AssessmentKind.Quality);
      const plain = await registerProduct(fixture);
      const personalInfo = await registerProduct(fixture, { containsPersonalInfo: true });
      const personalSource = await registerProduct(fixture, { sourceCategory: SourceCategory.Personal });
      const important = await registerProduct(fixture, { classification: Classification.Important });
      const model = await registerProduct(fixture, { productType: ProductType.Model });
      expect(await assessments.requiredKinds(plain)).to.equal(base);
      expect(await assessments.requiredKinds(personalInfo)).to.equal(base | bits(AssessmentKind.PersonalInfoProtection));
      expect(await assessments.requiredKinds(personalSource)).to.equal(base | bits(AssessmentKind.PersonalInfoProtection));
      expect(await assessments.requiredKinds(important)).to.equal(base | bits(AssessmentKind.SecurityRisk));
      await expect(assessments.connect(admin).setRequirement(RequirementScope.ProductType, ProductType.Model, bits(AssessmentKind.AssetValuation)))
        .to.emit(assessments, "AssessmentRequirementSet").withArgs(RequirementScope.ProductType, ProductType.Model, bits(AssessmentKind.AssetValuation));
      expect(await assessments.requiredKinds(model)).to.equal(base | bits(AssessmentKind.AssetValuation));
    });

    it("lets only the Admin set requirements, and only valid ones", async () => {
      const { assessments, admin, registrar } = await loadFixture(registryFixture);
      await expect(assessments.connect(registrar).setRequirement(RequirementScope.Base, 0, 1))
        .to.be.revertedWithCustomError(assessments, "AccessControlUnauthorizedAccount").withArgs(registrar.address, ADMIN_ROLE);
      const invalid: [number, number, number][] = [
        [RequirementScope.Base, 1, 1],
        [RequirementScope.PersonalInformation, 2, 1],
        [RequirementScope.SourceCategory, 3, 1],
        [RequirementScope.Classification, 3, 1],
        [RequirementScope.ProductType, 6, 1],
        [RequirementScope.Base, 0, 1 << 7],
      ];
      for (const [scope, value, mask] of invalid) {
        await expect(assessments.connect(admin).setRequirement(scope, value, mask))
          .to.be.revertedWithCustomError(assessments, "AssessmentInvalidRequirement").withArgs(scope, value, mask);
      }
    });

    it("is met only while every required kind's latest finding passed, unexpired, unrevoked, by an accredited assessor", async () => {
      const fixture = await productFixture();
      const { assessments, participants, registrar, lawFirm, institute, productId } = fixture;
      const expiresAt = (await now()) + YEAR;
      const legal = { productId, kind: AssessmentKind.LegalCompliance, passed: true, expiresAt, reportHash: hashOf("legal") };
      const quality = { productId, kind: AssessmentKind.Quality, passed: true, expiresAt, reportHash: hashOf("quality") };
      expect(await assessments.meetsPolicy(productId)).to.equal(false);
      await assessments.connect(lawFirm).record(legal);
      expect(await assessments.meetsPolicy(productId)).to.equal(false);
      await assessments.connect(institute).record({ ...quality, passed: false });
      expect(await assessments.isKindSatisfied(productId, AssessmentKind.Quality)).to.equal(false);
      expect(await assessments.meetsPolicy(productId)).to.equal(false);
      await assessments.connect(institute).record(quality);
      expect(await assessments.meetsPolicy(productId)).to.equal(true);
      await assessments.connect(institute).record({ ...quality, passed: false, reportHash: hashOf("re-test failed") });
      expect(await assessments.meetsPolicy(productId)).to.equal(false);
      await assessments.connect(institute).record(quality);
      expect(await assessments.meetsPolicy(productId)).to.equal(true);
      await participants.connect(registrar).suspend(lawFirm.address, hashOf("x"));
      expect(await assessments.meetsPolicy(productId)).to.equal(false);
      await participants.connect(registrar).reinstate(lawFirm.address, hashOf("x"));
      expect(await assessments.meetsPolicy(productId)).to.equal(true);
      await time.increaseTo(expiresAt);
      expect(await assessments.meetsPolicy(productId)).to.equal(false);
    });

    it("reverts requiredKinds and meetsPolicy for an unknown product", async () => {
      const fixture = await loadFixture(registryFixture);
      await expect(fixture.assessments.meetsPolicy(5n)).to.be.revertedWithCustomError(fixture.products, "DataProductUnknown").withArgs(5n);
    });
  });
});
