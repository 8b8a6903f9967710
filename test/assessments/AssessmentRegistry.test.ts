import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse, TypedDataDomain } from "ethers";
import {
  registryFixture, registerProduct, assessBase, hashOf, jurisdiction, now, kindBit, YEAR, ADMIN_ROLE, REGISTRAR_ROLE,
  Kind, AssessmentKind, RequirementScope, SourceCategory, Classification, ProductType, ProductStatus, RightCategory,
} from "../fixtures";
import type { RegistryFixture } from "../fixtures";
import type { AssessmentRegistry } from "../../typechain-types";

// ---------------------------------------------------------------------------------------------
// Constants
// ---------------------------------------------------------------------------------------------

/** The base policy's findings, as a `missingKinds` bit set: LegalCompliance and Quality. */
const BASE_KINDS = kindBit(AssessmentKind.LegalCompliance) | kindBit(AssessmentKind.Quality);
const DOMAIN_NAME = "datarights AssessmentRegistry";
const DOMAIN_VERSION = "1";
const ASSESSMENT_TYPE =
  "Assessment(address assessor,uint64 productId,uint8 kind,bool passed,uint40 expiresAt,bytes32 reportHash," +
  "uint256 nonce,uint256 deadline)";
const ASSESSMENT_TYPES = {
  Assessment: [
    { name: "assessor", type: "address" },
    { name: "productId", type: "uint64" },
    { name: "kind", type: "uint8" },
    { name: "passed", type: "bool" },
    { name: "expiresAt", type: "uint40" },
    { name: "reportHash", type: "bytes32" },
    { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};
/** Order of the secp256k1 group: s and n - s are both valid, only the low one is accepted. */
const SECP256K1_N = 0xfffffffffffffffffffffffffffffffebaaedce6af48a03bbfd25e8cd0364141n;
const REPORT = hashOf("report");
const REASON = hashOf("reason");
const ZERO = ethers.ZeroHash;
const ALL_KINDS = (1 << 7) - 1;

const bits = (...kinds: number[]): number => kinds.reduce((mask, kind) => mask | kindBit(kind), 0);
const BASE = bits(AssessmentKind.LegalCompliance, AssessmentKind.Quality);
const PIP = bits(AssessmentKind.PersonalInfoProtection);
const SR = bits(AssessmentKind.SecurityRisk);

// ---------------------------------------------------------------------------------------------
// Signing helpers
// ---------------------------------------------------------------------------------------------

interface Finding {
  productId: bigint;
  kind: number;
  passed: boolean;
  expiresAt: bigint;
  reportHash: string;
}

interface SignOptions {
  /** The assessor named in the signed struct; the signer's own address by default. */
  assessor?: string;
  nonce?: bigint;
  deadline?: bigint;
  domain?: Partial<TypedDataDomain>;
}

interface SignedFinding {
  assessor: string;
  nonce: bigint;
  deadline: bigint;
  signature: string;
}

async function domainOf(assessments: AssessmentRegistry): Promise<TypedDataDomain> {
  return {
    name: DOMAIN_NAME,
    version: DOMAIN_VERSION,
    chainId: (await ethers.provider.getNetwork()).chainId,
    verifyingContract: await assessments.getAddress(),
  };
}

/** Signs `finding` as `signer` over the EIP-712 `Assessment` struct, by default for the registry's own domain. */
async function signFinding(
  assessments: AssessmentRegistry,
  signer: HardhatEthersSigner,
  finding: Finding,
  options: SignOptions = {},
): Promise<SignedFinding> {
  const assessor = options.assessor ?? signer.address;
  const nonce = options.nonce ?? (await assessments.nonces(assessor));
  const deadline = options.deadline ?? (await now()) + 3600n;
  const domain = { ...(await domainOf(assessments)), ...options.domain };
  const signature = await signer.signTypedData(domain, ASSESSMENT_TYPES, { assessor, ...finding, nonce, deadline });
  return { assessor, nonce, deadline, signature };
}

/** The address the registry recovers from `signed.signature` over `finding` in its own domain. */
async function recoveredSigner(assessments: AssessmentRegistry, finding: Finding, signed: SignedFinding): Promise<string> {
  const digest = ethers.TypedDataEncoder.hash(await domainOf(assessments), ASSESSMENT_TYPES, {
    assessor: signed.assessor, ...finding, nonce: signed.nonce, deadline: signed.deadline,
  });
  return ethers.recoverAddress(digest, signed.signature);
}

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/** The registry fixture plus a General Enterprise dataset registered by the provider. */
interface ProductFixture extends RegistryFixture {
  productId: bigint;
}

async function productFixture(): Promise<ProductFixture> {
  const fixture = await loadFixture(registryFixture);
  return { ...fixture, productId: await registerProduct(fixture) };
}

/** Plus a consultancy accredited both as Provider and as Quality assessor, with a product of its own. */
interface ConsultancyFixture extends ProductFixture {
  consultancy: HardhatEthersSigner;
  ownProductId: bigint;
}

async function consultancyFixture(): Promise<ConsultancyFixture> {
  const fixture = await loadFixture(productFixture);
  const consultancy = (await ethers.getSigners())[11];
  await fixture.participants.connect(fixture.registrar).accredit(
    consultancy.address, Kind.Provider | Kind.Assessor, bits(AssessmentKind.Quality), jurisdiction("CN"),
    hashOf("consultancy dossier"), (await now()) + 10n * YEAR,
  );
  const ownProductId = await registerProduct(fixture, { contentHash: hashOf("own content") }, consultancy);
  return { ...fixture, consultancy, ownProductId };
}

/** Plus passing LegalCompliance (id 1, law firm) and Quality (id 2, institute) findings on the product. */
interface AssessedFixture extends ProductFixture {
  expiresAt: bigint;
}

async function assessedFixture(): Promise<AssessedFixture> {
  const fixture = await loadFixture(productFixture);
  await assessBase(fixture, fixture.productId);
  return { ...fixture, expiresAt: (await fixture.assessments.assessment(1n)).expiresAt };
}

/** A finding on `productId` of `kind`, passed, expiring in a year. */
async function findingOf(productId: bigint, kind: number, overrides: Partial<Finding> = {}): Promise<Finding> {
  return { productId, kind, passed: true, expiresAt: (await now()) + YEAR, reportHash: REPORT, ...overrides };
}

// ---------------------------------------------------------------------------------------------
// Entry paths
// ---------------------------------------------------------------------------------------------

/** The two ways a finding reaches the registry: the assessor's own transaction, or its signature submitted by anyone. */
interface EntryPath {
  name: string;
  record: (fixture: RegistryFixture, assessor: HardhatEthersSigner, finding: Finding) => Promise<ContractTransactionResponse>;
  preview: (fixture: RegistryFixture, assessor: HardhatEthersSigner, finding: Finding) => Promise<bigint>;
}

const entryPaths: EntryPath[] = [
  {
    name: "record (the assessor's own transaction)",
    record: (fixture, assessor, finding) => fixture.assessments.connect(assessor).record(finding),
    preview: (fixture, assessor, finding) => fixture.assessments.connect(assessor).record.staticCall(finding),
  },
  {
    name: "recordBySig (the assessor's signature, submitted by an unaccredited account)",
    record: async (fixture, assessor, finding) => {
      const signed = await signFinding(fixture.assessments, assessor, finding);
      return fixture.assessments
        .connect(fixture.stranger)
        .recordBySig(assessor.address, finding, signed.nonce, signed.deadline, signed.signature);
    },
    preview: async (fixture, assessor, finding) => {
      const signed = await signFinding(fixture.assessments, assessor, finding);
      return fixture.assessments
        .connect(fixture.stranger)
        .recordBySig.staticCall(assessor.address, finding, signed.nonce, signed.deadline, signed.signature);
    },
  },
];

// ---------------------------------------------------------------------------------------------
// Suite
// ---------------------------------------------------------------------------------------------

describe("AssessmentRegistry", () => {
  for (const path of entryPaths) {
    describe(path.name, () => {
      it("emits AssessmentRecorded with the assessor, the finding and no previous finding", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, lawFirm, productId } = fixture;
        const finding = await findingOf(productId, AssessmentKind.LegalCompliance);
        await expect(path.record(fixture, lawFirm, finding))
          .to.emit(assessments, "AssessmentRecorded")
          .withArgs(1n, productId, lawFirm.address, AssessmentKind.LegalCompliance, true, finding.expiresAt, REPORT, 0n);
      });

      it("returns the new assessment's id", async () => {
        const fixture = await loadFixture(assessedFixture);
        const finding = await findingOf(fixture.productId, AssessmentKind.LegalCompliance);
        expect(await path.preview(fixture, fixture.lawFirm, finding)).to.equal(3n);
      });

      it("stores every field of the finding, readable through assessment()", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, institute, productId } = fixture;
        const finding = await findingOf(productId, AssessmentKind.Quality, { reportHash: hashOf("quality report") });
        await path.record(fixture, institute, finding);
        const stored = await assessments.assessment(1n);
        expect(stored.assessor).to.equal(institute.address);
        expect(stored.productId).to.equal(productId);
        expect(stored.kind).to.equal(AssessmentKind.Quality);
        expect(stored.passed).to.equal(true);
        expect(stored.revoked).to.equal(false);
        expect(stored.issuedAt).to.equal(await now());
        expect(stored.expiresAt).to.equal(finding.expiresAt);
        expect(stored.previousId).to.equal(0n);
        expect(stored.reportHash).to.equal(hashOf("quality report"));
      });

      it("makes the finding the latest of its product and kind, and counts it", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, lawFirm, productId } = fixture;
        expect(await assessments.latestAssessment(productId, AssessmentKind.LegalCompliance)).to.equal(0n);
        expect(await assessments.assessmentCount()).to.equal(0n);
        await path.record(fixture, lawFirm, await findingOf(productId, AssessmentKind.LegalCompliance));
        expect(await assessments.latestAssessment(productId, AssessmentKind.LegalCompliance)).to.equal(1n);
        expect(await assessments.assessmentCount()).to.equal(1n);
      });

      it("chains a later finding of the same product and kind to the earlier one", async () => {
        const fixture = await loadFixture(assessedFixture);
        const { assessments, lawFirm, productId } = fixture;
        const finding = await findingOf(productId, AssessmentKind.LegalCompliance, { passed: false, reportHash: hashOf("second opinion") });
        await expect(path.record(fixture, lawFirm, finding))
          .to.emit(assessments, "AssessmentRecorded")
          .withArgs(3n, productId, lawFirm.address, AssessmentKind.LegalCompliance, false, finding.expiresAt, hashOf("second opinion"), 1n);
        expect((await assessments.assessment(3n)).previousId).to.equal(1n);
        expect(await assessments.latestAssessment(productId, AssessmentKind.LegalCompliance)).to.equal(3n);
        expect(await assessments.latestAssessment(productId, AssessmentKind.Quality)).to.equal(2n);
        expect(await assessments.assessmentCount()).to.equal(3n);
      });

      it("does not chain a finding to findings of another kind or another product", async () => {
        const fixture = await loadFixture(assessedFixture);
        const { assessments, lawFirm, productId } = fixture;
        const otherProductId = await registerProduct(fixture, { contentHash: hashOf("other content") });
        const finding = await findingOf(otherProductId, AssessmentKind.LegalCompliance);
        await expect(path.record(fixture, lawFirm, finding))
          .to.emit(assessments, "AssessmentRecorded")
          .withArgs(3n, otherProductId, lawFirm.address, AssessmentKind.LegalCompliance, true, finding.expiresAt, REPORT, 0n);
        const pip = await findingOf(productId, AssessmentKind.PersonalInfoProtection);
        await expect(path.record(fixture, lawFirm, pip))
          .to.emit(assessments, "AssessmentRecorded")
          .withArgs(4n, productId, lawFirm.address, AssessmentKind.PersonalInfoProtection, true, pip.expiresAt, REPORT, 0n);
      });

      it("records a failed finding", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, institute, productId } = fixture;
        const finding = await findingOf(productId, AssessmentKind.SecurityRisk, { passed: false });
        await expect(path.record(fixture, institute, finding))
          .to.emit(assessments, "AssessmentRecorded")
          .withArgs(1n, productId, institute.address, AssessmentKind.SecurityRisk, false, finding.expiresAt, REPORT, 0n);
        expect((await assessments.assessment(1n)).passed).to.equal(false);
      });

      it("accepts an expiry one second after the block", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, lawFirm, productId } = fixture;
        const at = (await now()) + 100n;
        const finding = await findingOf(productId, AssessmentKind.LegalCompliance, { expiresAt: at + 1n });
        await time.setNextBlockTimestamp(at);
        await expect(path.record(fixture, lawFirm, finding)).to.emit(assessments, "AssessmentRecorded")
          .withArgs(1n, productId, lawFirm.address, AssessmentKind.LegalCompliance, true, at + 1n, REPORT, 0n);
        expect((await assessments.assessment(1n)).issuedAt).to.equal(at);
      });

      it("reverts when the assessor is not accredited for the kind", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, lawFirm, productId } = fixture;
        await expect(path.record(fixture, lawFirm, await findingOf(productId, AssessmentKind.Quality)))
          .to.be.revertedWithCustomError(assessments, "AssessmentAssessorNotAccredited")
          .withArgs(lawFirm.address, AssessmentKind.Quality);
      });

      it("reverts when no assessor is accredited for the kind at all", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, institute, productId } = fixture;
        await expect(path.record(fixture, institute, await findingOf(productId, AssessmentKind.AssetValuation)))
          .to.be.revertedWithCustomError(assessments, "AssessmentAssessorNotAccredited")
          .withArgs(institute.address, AssessmentKind.AssetValuation);
      });

      it("reverts when the signer is an accredited participant but not an assessor", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, buyer, productId } = fixture;
        await expect(path.record(fixture, buyer, await findingOf(productId, AssessmentKind.Quality)))
          .to.be.revertedWithCustomError(assessments, "AssessmentAssessorNotAccredited")
          .withArgs(buyer.address, AssessmentKind.Quality);
      });

      it("reverts when the assessor is unknown", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, stranger, productId } = fixture;
        await expect(path.record(fixture, stranger, await findingOf(productId, AssessmentKind.Quality)))
          .to.be.revertedWithCustomError(assessments, "AssessmentAssessorNotAccredited")
          .withArgs(stranger.address, AssessmentKind.Quality);
      });

      it("reverts when the assessor is suspended", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, participants, registrar, lawFirm, productId } = fixture;
        await participants.connect(registrar).suspend(lawFirm.address, REASON);
        await expect(path.record(fixture, lawFirm, await findingOf(productId, AssessmentKind.LegalCompliance)))
          .to.be.revertedWithCustomError(assessments, "AssessmentAssessorNotAccredited")
          .withArgs(lawFirm.address, AssessmentKind.LegalCompliance);
      });

      it("reverts when the assessor's accreditation has lapsed", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, participants, lawFirm, productId } = fixture;
        await time.increaseTo((await participants.participant(lawFirm.address)).accreditedUntil);
        await expect(path.record(fixture, lawFirm, await findingOf(productId, AssessmentKind.LegalCompliance)))
          .to.be.revertedWithCustomError(assessments, "AssessmentAssessorNotAccredited")
          .withArgs(lawFirm.address, AssessmentKind.LegalCompliance);
      });

      it("reverts when the assessor's accreditation is revoked", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, participants, registrar, lawFirm, productId } = fixture;
        await participants.connect(registrar).revoke(lawFirm.address, REASON);
        await expect(path.record(fixture, lawFirm, await findingOf(productId, AssessmentKind.LegalCompliance)))
          .to.be.revertedWithCustomError(assessments, "AssessmentAssessorNotAccredited")
          .withArgs(lawFirm.address, AssessmentKind.LegalCompliance);
      });

      it("reverts when the assessor provides the product (conflict of interest)", async () => {
        const fixture = await loadFixture(consultancyFixture);
        const { assessments, consultancy, ownProductId } = fixture;
        await expect(path.record(fixture, consultancy, await findingOf(ownProductId, AssessmentKind.Quality)))
          .to.be.revertedWithCustomError(assessments, "AssessmentConflictOfInterest")
          .withArgs(consultancy.address, ownProductId);
      });

      it("accepts a provider-assessor's finding on another provider's product", async () => {
        const fixture = await loadFixture(consultancyFixture);
        const { assessments, consultancy, productId } = fixture;
        const finding = await findingOf(productId, AssessmentKind.Quality);
        await expect(path.record(fixture, consultancy, finding))
          .to.emit(assessments, "AssessmentRecorded")
          .withArgs(1n, productId, consultancy.address, AssessmentKind.Quality, true, finding.expiresAt, REPORT, 0n);
      });

      for (const unknownId of [0n, 42n]) {
        it(`reverts when the product is unknown (id ${unknownId})`, async () => {
          const fixture = await loadFixture(productFixture);
          const { assessments, lawFirm } = fixture;
          await expect(path.record(fixture, lawFirm, await findingOf(unknownId, AssessmentKind.LegalCompliance)))
            .to.be.revertedWithCustomError(assessments, "AssessmentProductUnavailable").withArgs(unknownId);
        });
      }

      it("reverts when the product is revoked", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, products, registrar, lawFirm, productId } = fixture;
        await products.connect(registrar).revoke(productId, REASON);
        await expect(path.record(fixture, lawFirm, await findingOf(productId, AssessmentKind.LegalCompliance)))
          .to.be.revertedWithCustomError(assessments, "AssessmentProductUnavailable").withArgs(productId);
      });

      it("reverts when the expiry equals the block time", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, lawFirm, productId } = fixture;
        const at = (await now()) + 100n;
        const finding = await findingOf(productId, AssessmentKind.LegalCompliance, { expiresAt: at });
        await time.setNextBlockTimestamp(at);
        await expect(path.record(fixture, lawFirm, finding))
          .to.be.revertedWithCustomError(assessments, "AssessmentInvalidExpiry").withArgs(at);
      });

      it("reverts when the expiry is in the past", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, lawFirm, productId } = fixture;
        const past = (await now()) - 3600n;
        await expect(path.record(fixture, lawFirm, await findingOf(productId, AssessmentKind.LegalCompliance, { expiresAt: past })))
          .to.be.revertedWithCustomError(assessments, "AssessmentInvalidExpiry").withArgs(past);
      });

      it("reverts when the report hash is zero", async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, lawFirm, productId } = fixture;
        await expect(path.record(fixture, lawFirm, await findingOf(productId, AssessmentKind.LegalCompliance, { reportHash: ZERO })))
          .to.be.revertedWithCustomError(assessments, "AssessmentMissingReport").withArgs();
      });
    });
  }

  describe("recordBySig", () => {
    it("records the finding under the signing assessor, not the submitter", async () => {
      const { assessments, institute, buyer, productId } = await loadFixture(productFixture);
      const finding = await findingOf(productId, AssessmentKind.Quality);
      const signed = await signFinding(assessments, institute, finding);
      await expect(assessments.connect(buyer).recordBySig(institute.address, finding, signed.nonce, signed.deadline, signed.signature))
        .to.emit(assessments, "AssessmentRecorded")
        .withArgs(1n, productId, institute.address, AssessmentKind.Quality, true, finding.expiresAt, REPORT, 0n);
      expect((await assessments.assessment(1n)).assessor).to.equal(institute.address);
    });

    it("consumes the assessor's nonce, and only the assessor's", async () => {
      const { assessments, institute, lawFirm, stranger, productId } = await loadFixture(productFixture);
      expect(await assessments.nonces(institute.address)).to.equal(0n);
      for (const expected of [1n, 2n]) {
        const finding = await findingOf(productId, AssessmentKind.Quality, { reportHash: hashOf(`report ${expected}`) });
        const signed = await signFinding(assessments, institute, finding);
        expect(signed.nonce).to.equal(expected - 1n);
        await assessments.connect(stranger).recordBySig(institute.address, finding, signed.nonce, signed.deadline, signed.signature);
        expect(await assessments.nonces(institute.address)).to.equal(expected);
      }
      expect(await assessments.nonces(lawFirm.address)).to.equal(0n);
      expect(await assessments.nonces(stranger.address)).to.equal(0n);
    });

    it("does not consume a nonce for a direct record", async () => {
      const { assessments, institute, productId } = await loadFixture(productFixture);
      await assessments.connect(institute).record(await findingOf(productId, AssessmentKind.Quality));
      expect(await assessments.nonces(institute.address)).to.equal(0n);
    });

    it("accepts a signature in the block at its deadline", async () => {
      const { assessments, institute, stranger, productId } = await loadFixture(productFixture);
      const finding = await findingOf(productId, AssessmentKind.Quality);
      const deadline = (await now()) + 100n;
      const signed = await signFinding(assessments, institute, finding, { deadline });
      await time.setNextBlockTimestamp(deadline);
      await expect(assessments.connect(stranger).recordBySig(institute.address, finding, signed.nonce, deadline, signed.signature))
        .to.emit(assessments, "AssessmentRecorded");
    });

    it("reverts once the deadline has passed", async () => {
      const { assessments, institute, stranger, productId } = await loadFixture(productFixture);
      const finding = await findingOf(productId, AssessmentKind.Quality);
      const deadline = (await now()) + 100n;
      const signed = await signFinding(assessments, institute, finding, { deadline });
      await time.setNextBlockTimestamp(deadline + 1n);
      await expect(assessments.connect(stranger).recordBySig(institute.address, finding, signed.nonce, deadline, signed.signature))
        .to.be.revertedWithCustomError(assessments, "AssessmentExpiredSignature").withArgs(deadline);
    });

    it("reverts when another key signed for the assessor, naming the key it recovered", async () => {
      const { assessments, institute, lawFirm, stranger, productId } = await loadFixture(productFixture);
      const finding = await findingOf(productId, AssessmentKind.Quality);
      const signed = await signFinding(assessments, lawFirm, finding, { assessor: institute.address });
      await expect(assessments.connect(stranger).recordBySig(institute.address, finding, signed.nonce, signed.deadline, signed.signature))
        .to.be.revertedWithCustomError(assessments, "AssessmentInvalidSigner").withArgs(lawFirm.address, institute.address);
    });

    it("reverts when the assessor's own signature is presented for another assessor", async () => {
      const { assessments, institute, lawFirm, stranger, productId } = await loadFixture(productFixture);
      const finding = await findingOf(productId, AssessmentKind.Quality);
      const signed = await signFinding(assessments, institute, finding);
      const claimed = { ...signed, assessor: lawFirm.address };
      await expect(assessments.connect(stranger).recordBySig(lawFirm.address, finding, signed.nonce, signed.deadline, signed.signature))
        .to.be.revertedWithCustomError(assessments, "AssessmentInvalidSigner")
        .withArgs(await recoveredSigner(assessments, finding, claimed), lawFirm.address);
    });

    for (const [label, alter] of [
      ["passed", (finding: Finding): Finding => ({ ...finding, passed: false })],
      ["expiry", (finding: Finding): Finding => ({ ...finding, expiresAt: finding.expiresAt + YEAR })],
      ["report hash", (finding: Finding): Finding => ({ ...finding, reportHash: hashOf("forged report") })],
      ["kind", (finding: Finding): Finding => ({ ...finding, kind: AssessmentKind.SecurityRisk })],
    ] as const) {
      it(`reverts when the finding's ${label} was altered after signing`, async () => {
        const { assessments, institute, stranger, productId } = await loadFixture(productFixture);
        const finding = await findingOf(productId, AssessmentKind.Quality);
        const signed = await signFinding(assessments, institute, finding);
        const altered = alter(finding);
        const recovered = await recoveredSigner(assessments, altered, signed);
        expect(recovered).to.not.equal(institute.address);
        await expect(assessments.connect(stranger).recordBySig(institute.address, altered, signed.nonce, signed.deadline, signed.signature))
          .to.be.revertedWithCustomError(assessments, "AssessmentInvalidSigner").withArgs(recovered, institute.address);
      });
    }

    it("reverts when the deadline was altered after signing", async () => {
      const { assessments, institute, stranger, productId } = await loadFixture(productFixture);
      const finding = await findingOf(productId, AssessmentKind.Quality);
      const signed = await signFinding(assessments, institute, finding);
      const extended = { ...signed, deadline: signed.deadline + 3600n };
      await expect(assessments.connect(stranger).recordBySig(institute.address, finding, signed.nonce, extended.deadline, signed.signature))
        .to.be.revertedWithCustomError(assessments, "AssessmentInvalidSigner")
        .withArgs(await recoveredSigner(assessments, finding, extended), institute.address);
    });

    it("reverts when the same signature is replayed", async () => {
      const { assessments, institute, stranger, productId } = await loadFixture(productFixture);
      const finding = await findingOf(productId, AssessmentKind.Quality);
      const signed = await signFinding(assessments, institute, finding);
      await assessments.connect(stranger).recordBySig(institute.address, finding, signed.nonce, signed.deadline, signed.signature);
      await expect(assessments.connect(stranger).recordBySig(institute.address, finding, signed.nonce, signed.deadline, signed.signature))
        .to.be.revertedWithCustomError(assessments, "InvalidAccountNonce").withArgs(institute.address, 1n);
      expect(await assessments.assessmentCount()).to.equal(1n);
    });

    it("reverts when a fresh signature reuses a consumed nonce", async () => {
      const { assessments, institute, stranger, productId } = await loadFixture(productFixture);
      const first = await findingOf(productId, AssessmentKind.Quality);
      const signed = await signFinding(assessments, institute, first);
      await assessments.connect(stranger).recordBySig(institute.address, first, signed.nonce, signed.deadline, signed.signature);
      const second = await findingOf(productId, AssessmentKind.Quality, { passed: false });
      const reused = await signFinding(assessments, institute, second, { nonce: 0n });
      await expect(assessments.connect(stranger).recordBySig(institute.address, second, 0n, reused.deadline, reused.signature))
        .to.be.revertedWithCustomError(assessments, "InvalidAccountNonce").withArgs(institute.address, 1n);
    });

    it("reverts when the nonce is ahead of the assessor's next nonce", async () => {
      const { assessments, institute, stranger, productId } = await loadFixture(productFixture);
      const finding = await findingOf(productId, AssessmentKind.Quality);
      const signed = await signFinding(assessments, institute, finding, { nonce: 5n });
      await expect(assessments.connect(stranger).recordBySig(institute.address, finding, 5n, signed.deadline, signed.signature))
        .to.be.revertedWithCustomError(assessments, "InvalidAccountNonce").withArgs(institute.address, 0n);
    });

    const foreignDomains: [string, (fixture: RegistryFixture) => Promise<Partial<TypedDataDomain>>][] = [
      ["another chain id", async () => ({ chainId: 1n })],
      ["another verifying contract", async (fixture) => ({ verifyingContract: await fixture.products.getAddress() })],
      ["another domain name", async () => ({ name: "datarights TradeLedger" })],
      ["another domain version", async () => ({ version: "2" })],
    ];
    for (const [label, domainOverride] of foreignDomains) {
      it(`reverts when the signature was made for ${label}`, async () => {
        const fixture = await loadFixture(productFixture);
        const { assessments, institute, stranger, productId } = fixture;
        const finding = await findingOf(productId, AssessmentKind.Quality);
        const signed = await signFinding(assessments, institute, finding, { domain: await domainOverride(fixture) });
        const recovered = await recoveredSigner(assessments, finding, signed);
        expect(recovered).to.not.equal(institute.address);
        await expect(assessments.connect(stranger).recordBySig(institute.address, finding, signed.nonce, signed.deadline, signed.signature))
          .to.be.revertedWithCustomError(assessments, "AssessmentInvalidSigner").withArgs(recovered, institute.address);
      });
    }

    it("reverts on the malleable high-s twin of a valid signature, and accepts the original", async () => {
      const { assessments, institute, stranger, productId } = await loadFixture(productFixture);
      const finding = await findingOf(productId, AssessmentKind.Quality);
      const signed = await signFinding(assessments, institute, finding);
      const { r, s, v } = ethers.Signature.from(signed.signature);
      const highS = ethers.toBeHex(SECP256K1_N - BigInt(s), 32);
      const twin = ethers.concat([r, highS, v === 27 ? "0x1c" : "0x1b"]);
      // The twin is a valid signature of the same digest by the same key: the ecrecover precompile accepts it...
      const digest = ethers.TypedDataEncoder.hash(await domainOf(assessments), ASSESSMENT_TYPES, {
        assessor: institute.address, ...finding, nonce: signed.nonce, deadline: signed.deadline,
      });
      const ecrecover = await ethers.provider.call({
        to: ethers.toBeHex(1, 20),
        data: ethers.AbiCoder.defaultAbiCoder().encode(["bytes32", "uint8", "bytes32", "bytes32"], [digest, v === 27 ? 28 : 27, r, highS]),
      });
      expect(ethers.getAddress(ethers.dataSlice(ecrecover, 12))).to.equal(institute.address);
      // ...but OpenZeppelin's ECDSA refuses it.
      await expect(assessments.connect(stranger).recordBySig(institute.address, finding, signed.nonce, signed.deadline, twin))
        .to.be.revertedWithCustomError(assessments, "AssessmentInvalidSigner").withArgs(ethers.ZeroAddress, institute.address);
      await expect(assessments.connect(stranger).recordBySig(institute.address, finding, signed.nonce, signed.deadline, signed.signature))
        .to.emit(assessments, "AssessmentRecorded");
    });

    it("accepts a finding signed for an ERC-1271 contract-wallet assessor by its owner, and refuses another key", async () => {
      const { assessments, participants, registrar, institute, lawFirm, stranger, productId } = await loadFixture(productFixture);
      const wallet = await ethers.deployContract("TestERC1271Wallet", [institute.address]);
      const walletAddress = await wallet.getAddress();
      await participants.connect(registrar).accredit(
        walletAddress, Kind.Assessor, kindBit(AssessmentKind.Quality), jurisdiction("CN"), hashOf("wallet dossier"), (await now()) + YEAR,
      );
      const finding = await findingOf(productId, AssessmentKind.Quality);
      const forged = await signFinding(assessments, lawFirm, finding, { assessor: walletAddress });
      await expect(assessments.connect(stranger).recordBySig(walletAddress, finding, forged.nonce, forged.deadline, forged.signature))
        .to.be.revertedWithCustomError(assessments, "AssessmentInvalidSigner").withArgs(lawFirm.address, walletAddress);
      const signed = await signFinding(assessments, institute, finding, { assessor: walletAddress });
      await expect(assessments.connect(stranger).recordBySig(walletAddress, finding, signed.nonce, signed.deadline, signed.signature))
        .to.emit(assessments, "AssessmentRecorded");
      const id = await assessments.assessmentCount();
      expect((await assessments.assessment(id)).assessor).to.equal(walletAddress);
      expect(await assessments.nonces(walletAddress)).to.equal(signed.nonce + 1n);
    });

    it("reverts on a 64-byte compact (EIP-2098) signature", async () => {
      const { assessments, institute, stranger, productId } = await loadFixture(productFixture);
      const finding = await findingOf(productId, AssessmentKind.Quality);
      const signed = await signFinding(assessments, institute, finding);
      const compact = ethers.Signature.from(signed.signature).compactSerialized;
      await expect(assessments.connect(stranger).recordBySig(institute.address, finding, signed.nonce, signed.deadline, compact))
        .to.be.revertedWithCustomError(assessments, "AssessmentInvalidSigner").withArgs(ethers.ZeroAddress, institute.address);
    });

    it("reverts on a signature that recovers no address", async () => {
      const { assessments, institute, stranger, productId } = await loadFixture(productFixture);
      const finding = await findingOf(productId, AssessmentKind.Quality);
      const signed = await signFinding(assessments, institute, finding);
      const { r, s } = ethers.Signature.from(signed.signature);
      const invalidV = ethers.concat([r, s, "0x1d"]);
      await expect(assessments.connect(stranger).recordBySig(institute.address, finding, signed.nonce, signed.deadline, invalidV))
        .to.be.revertedWithCustomError(assessments, "AssessmentInvalidSigner").withArgs(ethers.ZeroAddress, institute.address);
    });

    it("exposes the EIP-712 type hash and domain it verifies against", async () => {
      const { assessments } = await loadFixture(registryFixture);
      expect(await assessments.ASSESSMENT_TYPEHASH()).to.equal(ethers.id(ASSESSMENT_TYPE));
      expect(ethers.TypedDataEncoder.from(ASSESSMENT_TYPES).encodeType("Assessment")).to.equal(ASSESSMENT_TYPE);
      const domain = await assessments.eip712Domain();
      expect(domain.fields).to.equal("0x0f");
      expect(domain.name).to.equal(DOMAIN_NAME);
      expect(domain.version).to.equal(DOMAIN_VERSION);
      expect(domain.chainId).to.equal((await ethers.provider.getNetwork()).chainId);
      expect(domain.verifyingContract).to.equal(await assessments.getAddress());
      expect(domain.salt).to.equal(ZERO);
      expect(domain.extensions).to.deep.equal([]);
    });
  });

  describe("revoke", () => {
    it("lets the assessor revoke its finding", async () => {
      const { assessments, lawFirm, productId } = await loadFixture(assessedFixture);
      await expect(assessments.connect(lawFirm).revoke(1n, hashOf("error in opinion")))
        .to.emit(assessments, "AssessmentRevoked").withArgs(1n, productId, lawFirm.address, hashOf("error in opinion"));
      const stored = await assessments.assessment(1n);
      expect(stored.revoked).to.equal(true);
      expect(stored.passed).to.equal(true);
      expect(stored.assessor).to.equal(lawFirm.address);
      expect(stored.reportHash).to.equal(hashOf("legal report"));
      expect(await assessments.latestAssessment(productId, AssessmentKind.LegalCompliance)).to.equal(1n);
      expect(await assessments.isKindSatisfied(productId, AssessmentKind.LegalCompliance)).to.equal(false);
    });

    it("lets the Registrar revoke any finding", async () => {
      const { assessments, registrar, productId } = await loadFixture(assessedFixture);
      await expect(assessments.connect(registrar).revoke(2n, hashOf("assessor struck off")))
        .to.emit(assessments, "AssessmentRevoked").withArgs(2n, productId, registrar.address, hashOf("assessor struck off"));
      expect((await assessments.assessment(2n)).revoked).to.equal(true);
    });

    it("lets an account granted the Registrar role on the participant registry revoke", async () => {
      const { assessments, participants, admin, stranger, productId } = await loadFixture(assessedFixture);
      await participants.connect(admin).grantRole(REGISTRAR_ROLE, stranger.address);
      await expect(assessments.connect(stranger).revoke(1n, REASON))
        .to.emit(assessments, "AssessmentRevoked").withArgs(1n, productId, stranger.address, REASON);
    });

    it("lets the signing assessor revoke a finding recorded by signature, and not its submitter", async () => {
      const { assessments, institute, stranger, productId } = await loadFixture(productFixture);
      const finding = await findingOf(productId, AssessmentKind.Quality);
      const signed = await signFinding(assessments, institute, finding);
      await assessments.connect(stranger).recordBySig(institute.address, finding, signed.nonce, signed.deadline, signed.signature);
      await expect(assessments.connect(stranger).revoke(1n, REASON))
        .to.be.revertedWithCustomError(assessments, "AssessmentUnauthorizedRevoker").withArgs(1n, stranger.address);
      await expect(assessments.connect(institute).revoke(1n, REASON))
        .to.emit(assessments, "AssessmentRevoked").withArgs(1n, productId, institute.address, REASON);
    });

    for (const [label, pick] of [
      ["another assessor", (fixture: RegistryFixture) => fixture.institute],
      ["the product's provider", (fixture: RegistryFixture) => fixture.provider],
      ["the Admin", (fixture: RegistryFixture) => fixture.admin],
      ["the Arbiter", (fixture: RegistryFixture) => fixture.arbiter],
      ["an unknown account", (fixture: RegistryFixture) => fixture.stranger],
    ] as const) {
      it(`reverts when ${label} revokes`, async () => {
        const fixture = await loadFixture(assessedFixture);
        const caller = pick(fixture);
        await expect(fixture.assessments.connect(caller).revoke(1n, REASON))
          .to.be.revertedWithCustomError(fixture.assessments, "AssessmentUnauthorizedRevoker").withArgs(1n, caller.address);
        expect((await fixture.assessments.assessment(1n)).revoked).to.equal(false);
      });
    }

    for (const unknownId of [0n, 3n]) {
      it(`reverts when the assessment is unknown (id ${unknownId})`, async () => {
        const { assessments, registrar } = await loadFixture(assessedFixture);
        await expect(assessments.connect(registrar).revoke(unknownId, REASON))
          .to.be.revertedWithCustomError(assessments, "AssessmentUnknown").withArgs(unknownId);
      });
    }

    it("reverts when the assessment is already revoked", async () => {
      const { assessments, lawFirm, registrar } = await loadFixture(assessedFixture);
      await assessments.connect(lawFirm).revoke(1n, REASON);
      await expect(assessments.connect(lawFirm).revoke(1n, REASON))
        .to.be.revertedWithCustomError(assessments, "AssessmentAlreadyRevoked").withArgs(1n);
      await expect(assessments.connect(registrar).revoke(1n, REASON))
        .to.be.revertedWithCustomError(assessments, "AssessmentAlreadyRevoked").withArgs(1n);
    });
  });

  describe("assessment", () => {
    for (const unknownId of [0n, 3n]) {
      it(`reverts when the assessment is unknown (id ${unknownId})`, async () => {
        const { assessments } = await loadFixture(assessedFixture);
        await expect(assessments.assessment(unknownId))
          .to.be.revertedWithCustomError(assessments, "AssessmentUnknown").withArgs(unknownId);
      });
    }

    it("keeps each assessor's findings apart when several assessors record", async () => {
      const { assessments, lawFirm, institute, productId } = await loadFixture(assessedFixture);
      await assessments.connect(lawFirm).record(await findingOf(productId, AssessmentKind.PersonalInfoProtection));
      expect((await assessments.assessment(1n)).assessor).to.equal(lawFirm.address);
      expect((await assessments.assessment(2n)).assessor).to.equal(institute.address);
      expect((await assessments.assessment(3n)).assessor).to.equal(lawFirm.address);
    });
  });

  describe("requirement (docs/domain.md defaults)", () => {
    const defaults: [string, number, number, number][] = [
      ["every product", RequirementScope.Base, 0, BASE],
      ["products without personal information", RequirementScope.PersonalInformation, 0, 0],
      ["products with personal information", RequirementScope.PersonalInformation, 1, PIP],
      ["Public-source products", RequirementScope.SourceCategory, SourceCategory.Public, 0],
      ["Enterprise-source products", RequirementScope.SourceCategory, SourceCategory.Enterprise, 0],
      ["Personal-source products", RequirementScope.SourceCategory, SourceCategory.Personal, PIP],
      ["General products", RequirementScope.Classification, Classification.General, 0],
      ["Important products", RequirementScope.Classification, Classification.Important, SR],
      ["Core products", RequirementScope.Classification, Classification.Core, 0],
      ...Object.entries(ProductType).map(
        ([name, value]): [string, number, number, number] => [`${name} products`, RequirementScope.ProductType, value, 0],
      ),
    ];
    for (const [label, scope, value, mask] of defaults) {
      it(`requires 0x${mask.toString(16).padStart(2, "0")} of ${label}`, async () => {
        const { assessments } = await loadFixture(registryFixture);
        expect(await assessments.requirement(scope, value)).to.equal(mask);
      });
    }

    it("emitted AssessmentRequirementSet for each default at deployment", async () => {
      const { assessments } = await loadFixture(registryFixture);
      const events = await assessments.queryFilter(assessments.filters.AssessmentRequirementSet(), 0);
      expect(events.map((event) => [Number(event.args.scope), Number(event.args.value), Number(event.args.kindsMask)])).to.deep.equal([
        [RequirementScope.Base, 0, BASE],
        [RequirementScope.PersonalInformation, 1, PIP],
        [RequirementScope.SourceCategory, SourceCategory.Personal, PIP],
        [RequirementScope.Classification, Classification.Important, SR],
      ]);
    });
  });

  describe("setRequirement", () => {
    it("lets the Admin set the kinds required of a product type", async () => {
      const { assessments, admin } = await loadFixture(registryFixture);
      const mask = bits(AssessmentKind.AssetValuation);
      await expect(assessments.connect(admin).setRequirement(RequirementScope.ProductType, ProductType.Model, mask))
        .to.emit(assessments, "AssessmentRequirementSet").withArgs(RequirementScope.ProductType, ProductType.Model, mask);
      expect(await assessments.requirement(RequirementScope.ProductType, ProductType.Model)).to.equal(mask);
      expect(await assessments.requirement(RequirementScope.ProductType, ProductType.Dataset)).to.equal(0);
    });

    it("lets the Admin replace a default requirement", async () => {
      const { assessments, admin } = await loadFixture(registryFixture);
      const mask = BASE | bits(AssessmentKind.PriceEvaluation);
      await expect(assessments.connect(admin).setRequirement(RequirementScope.Base, 0, mask))
        .to.emit(assessments, "AssessmentRequirementSet").withArgs(RequirementScope.Base, 0, mask);
      expect(await assessments.requirement(RequirementScope.Base, 0)).to.equal(mask);
    });

    it("lets the Admin clear a default requirement", async () => {
      const { assessments, admin } = await loadFixture(registryFixture);
      await expect(assessments.connect(admin).setRequirement(RequirementScope.Classification, Classification.Important, 0))
        .to.emit(assessments, "AssessmentRequirementSet").withArgs(RequirementScope.Classification, Classification.Important, 0);
      expect(await assessments.requirement(RequirementScope.Classification, Classification.Important)).to.equal(0);
    });

    for (const [label, scope, value] of [
      ["PersonalInformation", RequirementScope.PersonalInformation, 1],
      ["SourceCategory", RequirementScope.SourceCategory, SourceCategory.Personal],
      ["Classification", RequirementScope.Classification, Classification.Core],
      ["ProductType", RequirementScope.ProductType, ProductType.Index],
    ] as const) {
      it(`accepts the highest value of ${label} and every defined kind`, async () => {
        const { assessments, admin } = await loadFixture(registryFixture);
        await expect(assessments.connect(admin).setRequirement(scope, value, ALL_KINDS))
          .to.emit(assessments, "AssessmentRequirementSet").withArgs(scope, value, ALL_KINDS);
        expect(await assessments.requirement(scope, value)).to.equal(ALL_KINDS);
      });
    }

    for (const [label, pick] of [
      ["the Registrar", (fixture: RegistryFixture) => fixture.registrar],
      ["the Arbiter", (fixture: RegistryFixture) => fixture.arbiter],
      ["an assessor", (fixture: RegistryFixture) => fixture.lawFirm],
      ["an unknown account", (fixture: RegistryFixture) => fixture.stranger],
    ] as const) {
      it(`reverts when called by ${label}`, async () => {
        const fixture = await loadFixture(registryFixture);
        const caller = pick(fixture);
        await expect(fixture.assessments.connect(caller).setRequirement(RequirementScope.Base, 0, 0))
          .to.be.revertedWithCustomError(fixture.assessments, "AccessControlUnauthorizedAccount")
          .withArgs(caller.address, ADMIN_ROLE);
        expect(await fixture.assessments.requirement(RequirementScope.Base, 0)).to.equal(BASE);
      });
    }

    for (const [label, scope, value] of [
      ["Base with a value other than 0", RequirementScope.Base, 1],
      ["PersonalInformation with a value above 1", RequirementScope.PersonalInformation, 2],
      ["SourceCategory with a value past Personal", RequirementScope.SourceCategory, 3],
      ["Classification with a value past Core", RequirementScope.Classification, 3],
      ["ProductType with a value past Index", RequirementScope.ProductType, 6],
      ["ProductType with value 255", RequirementScope.ProductType, 255],
    ] as const) {
      it(`reverts for ${label}`, async () => {
        const { assessments, admin } = await loadFixture(registryFixture);
        const mask = bits(AssessmentKind.Quality);
        await expect(assessments.connect(admin).setRequirement(scope, value, mask))
          .to.be.revertedWithCustomError(assessments, "AssessmentInvalidRequirement").withArgs(scope, value, mask);
      });
    }

    for (const undefinedBit of [7, 15]) {
      it(`reverts when the kinds mask sets the undefined bit ${undefinedBit}`, async () => {
        const { assessments, admin } = await loadFixture(registryFixture);
        const mask = BASE | (1 << undefinedBit);
        await expect(assessments.connect(admin).setRequirement(RequirementScope.Base, 0, mask))
          .to.be.revertedWithCustomError(assessments, "AssessmentInvalidRequirement").withArgs(RequirementScope.Base, 0, mask);
      });
    }
  });

  describe("requiredKinds", () => {
    const cases: [string, Parameters<typeof registerProduct>[1], number][] = [
      ["a plain General Enterprise dataset needs LegalCompliance and Quality", {}, BASE],
      ["a Public-source product needs the base kinds only", { sourceCategory: SourceCategory.Public }, BASE],
      ["a product flagged as containing personal information adds PersonalInfoProtection", { containsPersonalInfo: true }, BASE | PIP],
      ["a Personal-source product adds PersonalInfoProtection", { sourceCategory: SourceCategory.Personal }, BASE | PIP],
      [
        "a Personal-source product flagged as personal information adds PersonalInfoProtection once",
        { sourceCategory: SourceCategory.Personal, containsPersonalInfo: true },
        BASE | PIP,
      ],
      ["an Important product adds SecurityRisk", { classification: Classification.Important }, BASE | SR],
      [
        "an Important Personal-source product adds both",
        { classification: Classification.Important, sourceCategory: SourceCategory.Personal },
        BASE | PIP | SR,
      ],
      ["a Core product needs the base kinds by default", { classification: Classification.Core }, BASE],
    ];
    for (const [label, options, expected] of cases) {
      it(label, async () => {
        const fixture = await loadFixture(registryFixture);
        const productId = await registerProduct(fixture, options);
        expect(await fixture.assessments.requiredKinds(productId)).to.equal(expected);
      });
    }

    it("applies a ProductType requirement once the Admin sets it, to products already registered", async () => {
      const fixture = await loadFixture(registryFixture);
      const { assessments, admin } = fixture;
      const model = await registerProduct(fixture, { productType: ProductType.Model });
      const dataset = await registerProduct(fixture, { productType: ProductType.Dataset });
      expect(await assessments.requiredKinds(model)).to.equal(BASE);
      await assessments.connect(admin).setRequirement(RequirementScope.ProductType, ProductType.Model, bits(AssessmentKind.AssetValuation));
      expect(await assessments.requiredKinds(model)).to.equal(BASE | bits(AssessmentKind.AssetValuation));
      expect(await assessments.requiredKinds(dataset)).to.equal(BASE);
    });

    it("drops a kind the Admin clears", async () => {
      const fixture = await loadFixture(registryFixture);
      const productId = await registerProduct(fixture, { classification: Classification.Important });
      await fixture.assessments.connect(fixture.admin).setRequirement(RequirementScope.Classification, Classification.Important, 0);
      expect(await fixture.assessments.requiredKinds(productId)).to.equal(BASE);
    });

    it("reverts for an unknown product", async () => {
      const { assessments, products } = await loadFixture(registryFixture);
      await expect(assessments.requiredKinds(7n)).to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(7n);
    });
  });

  describe("isKindSatisfied and meetsPolicy", () => {
    it("are satisfied when every required kind's latest finding passed", async () => {
      const { assessments, productId } = await loadFixture(assessedFixture);
      expect(await assessments.isKindSatisfied(productId, AssessmentKind.LegalCompliance)).to.equal(true);
      expect(await assessments.isKindSatisfied(productId, AssessmentKind.Quality)).to.equal(true);
      expect(await assessments.meetsPolicy(productId)).to.equal(true);
    });

    it("are satisfied by findings recorded by signature", async () => {
      const { assessments, lawFirm, institute, stranger, productId } = await loadFixture(productFixture);
      for (const [assessor, kind] of [[lawFirm, AssessmentKind.LegalCompliance], [institute, AssessmentKind.Quality]] as const) {
        const finding = await findingOf(productId, kind);
        const signed = await signFinding(assessments, assessor, finding);
        await assessments.connect(stranger).recordBySig(assessor.address, finding, signed.nonce, signed.deadline, signed.signature);
      }
      expect(await assessments.meetsPolicy(productId)).to.equal(true);
    });

    it("are unsatisfied when no finding was recorded", async () => {
      const { assessments, productId } = await loadFixture(productFixture);
      expect(await assessments.isKindSatisfied(productId, AssessmentKind.LegalCompliance)).to.equal(false);
      expect(await assessments.meetsPolicy(productId)).to.equal(false);
    });

    it("is unmet while one required kind is still missing", async () => {
      const { assessments, lawFirm, productId } = await loadFixture(productFixture);
      await assessments.connect(lawFirm).record(await findingOf(productId, AssessmentKind.LegalCompliance));
      expect(await assessments.isKindSatisfied(productId, AssessmentKind.LegalCompliance)).to.equal(true);
      expect(await assessments.meetsPolicy(productId)).to.equal(false);
    });

    it("are unsatisfied when the only finding failed", async () => {
      const { assessments, lawFirm, institute, productId } = await loadFixture(productFixture);
      await assessments.connect(lawFirm).record(await findingOf(productId, AssessmentKind.LegalCompliance));
      await assessments.connect(institute).record(await findingOf(productId, AssessmentKind.Quality, { passed: false }));
      expect(await assessments.isKindSatisfied(productId, AssessmentKind.Quality)).to.equal(false);
      expect(await assessments.meetsPolicy(productId)).to.equal(false);
    });

    it("are satisfied again when a passing finding supersedes a failed one", async () => {
      const { assessments, lawFirm, institute, productId } = await loadFixture(productFixture);
      await assessments.connect(lawFirm).record(await findingOf(productId, AssessmentKind.LegalCompliance));
      await assessments.connect(institute).record(await findingOf(productId, AssessmentKind.Quality, { passed: false }));
      await assessments.connect(institute).record(await findingOf(productId, AssessmentKind.Quality, { reportHash: hashOf("re-test") }));
      expect(await assessments.isKindSatisfied(productId, AssessmentKind.Quality)).to.equal(true);
      expect(await assessments.meetsPolicy(productId)).to.equal(true);
    });

    it("ignores failed findings of kinds the product does not need", async () => {
      const { assessments, institute, productId } = await loadFixture(assessedFixture);
      await assessments.connect(institute).record(await findingOf(productId, AssessmentKind.PriceEvaluation, { passed: false }));
      expect(await assessments.isKindSatisfied(productId, AssessmentKind.PriceEvaluation)).to.equal(false);
      expect(await assessments.meetsPolicy(productId)).to.equal(true);
    });

    it("is met for a product that needs no kind at all", async () => {
      const fixture = await loadFixture(productFixture);
      await fixture.assessments.connect(fixture.admin).setRequirement(RequirementScope.Base, 0, 0);
      expect(await fixture.assessments.requiredKinds(fixture.productId)).to.equal(0);
      expect(await fixture.assessments.meetsPolicy(fixture.productId)).to.equal(true);
    });

    it("is unmet for a Personal-source product until PersonalInfoProtection passes", async () => {
      const fixture = await loadFixture(registryFixture);
      const { assessments, lawFirm } = fixture;
      const productId = await registerProduct(fixture, { sourceCategory: SourceCategory.Personal });
      await assessBase(fixture, productId);
      expect(await assessments.meetsPolicy(productId)).to.equal(false);
      await assessments.connect(lawFirm).record(await findingOf(productId, AssessmentKind.PersonalInfoProtection));
      expect(await assessments.meetsPolicy(productId)).to.equal(true);
    });

    it("is unmet for an Important product until SecurityRisk passes", async () => {
      const fixture = await loadFixture(registryFixture);
      const { assessments, institute } = fixture;
      const productId = await registerProduct(fixture, { classification: Classification.Important });
      await assessBase(fixture, productId);
      expect(await assessments.meetsPolicy(productId)).to.equal(false);
      await assessments.connect(institute).record(await findingOf(productId, AssessmentKind.SecurityRisk));
      expect(await assessments.meetsPolicy(productId)).to.equal(true);
    });

    it("is unmet for a product of a type the Admin made require AssetValuation, with no assessor for it", async () => {
      const fixture = await loadFixture(registryFixture);
      const productId = await registerProduct(fixture, { productType: ProductType.Model });
      await assessBase(fixture, productId);
      expect(await fixture.assessments.meetsPolicy(productId)).to.equal(true);
      await fixture.assessments.connect(fixture.admin)
        .setRequirement(RequirementScope.ProductType, ProductType.Model, bits(AssessmentKind.AssetValuation));
      expect(await fixture.assessments.meetsPolicy(productId)).to.equal(false);
    });

    /** Ways a passed LegalCompliance finding (id 1, by the law firm) stops counting. */
    const lapses: [string, (fixture: AssessedFixture) => Promise<unknown>][] = [
      [
        "a later failed finding supersedes it",
        async ({ assessments, lawFirm, productId }) =>
          assessments.connect(lawFirm).record(await findingOf(productId, AssessmentKind.LegalCompliance, { passed: false })),
      ],
      ["it is revoked", ({ assessments, lawFirm }) => assessments.connect(lawFirm).revoke(1n, REASON)],
      [
        "a later passed finding superseding it is revoked (no fall-back to the earlier one)",
        async ({ assessments, lawFirm, productId }) => {
          await assessments.connect(lawFirm).record(await findingOf(productId, AssessmentKind.LegalCompliance));
          return assessments.connect(lawFirm).revoke(3n, REASON);
        },
      ],
      ["it expires", ({ expiresAt }) => time.increaseTo(expiresAt)],
      [
        "its assessor is later suspended",
        ({ participants, registrar, lawFirm }) => participants.connect(registrar).suspend(lawFirm.address, REASON),
      ],
      [
        "its assessor is later revoked",
        ({ participants, registrar, lawFirm }) => participants.connect(registrar).revoke(lawFirm.address, REASON),
      ],
      [
        "its assessor's accreditation lapses",
        async ({ participants, lawFirm }) => time.increaseTo((await participants.participant(lawFirm.address)).accreditedUntil),
      ],
      [
        "its assessor is re-accredited without that kind",
        async ({ participants, registrar, lawFirm }) =>
          participants.connect(registrar).accredit(
            lawFirm.address, Kind.Assessor, PIP, jurisdiction("CN"), hashOf("narrowed dossier"), (await now()) + 10n * YEAR,
          ),
      ],
    ];
    for (const [label, lapse] of lapses) {
      it(`are unsatisfied once ${label}`, async () => {
        const fixture = await loadFixture(assessedFixture);
        const { assessments, productId } = fixture;
        await lapse(fixture);
        expect(await assessments.isKindSatisfied(productId, AssessmentKind.LegalCompliance)).to.equal(false);
        expect(await assessments.meetsPolicy(productId)).to.equal(false);
      });
    }

    it("are satisfied until the second before the finding expires", async () => {
      const { assessments, expiresAt, productId } = await loadFixture(assessedFixture);
      await time.increaseTo(expiresAt - 10n);
      expect(await assessments.meetsPolicy(productId)).to.equal(true);
    });

    it("are satisfied again once a suspended assessor is reinstated", async () => {
      const { assessments, participants, registrar, lawFirm, productId } = await loadFixture(assessedFixture);
      await participants.connect(registrar).suspend(lawFirm.address, REASON);
      await participants.connect(registrar).reinstate(lawFirm.address, REASON);
      expect(await assessments.isKindSatisfied(productId, AssessmentKind.LegalCompliance)).to.equal(true);
      expect(await assessments.meetsPolicy(productId)).to.equal(true);
    });

    it("isKindSatisfied is false, without reverting, for an unknown product", async () => {
      const { assessments } = await loadFixture(assessedFixture);
      expect(await assessments.isKindSatisfied(99n, AssessmentKind.LegalCompliance)).to.equal(false);
    });

    it("meetsPolicy reverts for an unknown product", async () => {
      const { assessments, products } = await loadFixture(assessedFixture);
      await expect(assessments.meetsPolicy(99n)).to.be.revertedWithCustomError(products, "DataProductUnknown").withArgs(99n);
    });
  });

  describe("certification by the product registry", () => {
    it("refuses to certify a product whose required findings are missing", async () => {
      const { products, assessments, registrar, lawFirm, productId } = await loadFixture(productFixture);
      await assessments.connect(lawFirm).record(await findingOf(productId, AssessmentKind.LegalCompliance));
      await expect(products.connect(registrar).certify(productId))
        .to.be.revertedWithCustomError(products, "DataProductPolicyNotMet").withArgs(productId, kindBit(AssessmentKind.Quality));
      expect((await products.product(productId)).status).to.equal(ProductStatus.Registered);
    });

    it("certifies a product once the policy is met", async () => {
      const { products, registrar, productId } = await loadFixture(assessedFixture);
      expect(await products.isCertified(productId)).to.equal(false);
      await expect(products.connect(registrar).certify(productId))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Registered, ProductStatus.Certified, ZERO);
      expect(await products.isCertified(productId)).to.equal(true);
    });

    it("refuses to certify a Personal-source product on the base findings alone, and certifies it after a signed PersonalInfoProtection finding", async () => {
      const fixture = await loadFixture(registryFixture);
      const { products, assessments, registrar, lawFirm, stranger } = fixture;
      const productId = await registerProduct(fixture, { sourceCategory: SourceCategory.Personal });
      await assessBase(fixture, productId);
      await expect(products.connect(registrar).certify(productId))
        .to.be.revertedWithCustomError(products, "DataProductPolicyNotMet").withArgs(productId, kindBit(AssessmentKind.PersonalInfoProtection));
      const finding = await findingOf(productId, AssessmentKind.PersonalInfoProtection);
      const signed = await signFinding(assessments, lawFirm, finding);
      await assessments.connect(stranger).recordBySig(lawFirm.address, finding, signed.nonce, signed.deadline, signed.signature);
      await expect(products.connect(registrar).certify(productId))
        .to.emit(products, "ProductStatusChanged").withArgs(productId, ProductStatus.Registered, ProductStatus.Certified, ZERO);
    });

    it("stops reporting a certified product as certified once a required finding is revoked", async () => {
      const { products, assessments, registrar, lawFirm, productId } = await loadFixture(assessedFixture);
      await products.connect(registrar).certify(productId);
      await assessments.connect(lawFirm).revoke(1n, REASON);
      expect((await products.product(productId)).status).to.equal(ProductStatus.Certified);
      expect(await products.isCertified(productId)).to.equal(false);
    });

    it("stops reporting a certified product as certified once a required finding expires, and refuses to list it", async () => {
      const { products, listings, registrar, expiresAt, productId } = await loadFixture(assessedFixture);
      await products.connect(registrar).certify(productId);
      await time.increaseTo(expiresAt);
      expect(await products.isCertified(productId)).to.equal(false);
      await expect(listings.connect(registrar).list(productId, RightCategory.ProcessingUse, YEAR, [jurisdiction("CN")]))
        .to.be.revertedWithCustomError(products, "DataProductPolicyNotMet").withArgs(productId, BASE_KINDS);
    });
  });
});
