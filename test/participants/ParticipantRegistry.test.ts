import { expect } from "chai";
import { ethers } from "hardhat";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import { PANIC_CODES } from "@nomicfoundation/hardhat-chai-matchers/panic";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import type { ContractTransactionResponse } from "ethers";
import {
  registryFixture, hashOf, jurisdiction, now, kindBit, YEAR, REGISTRAR_ROLE, ARBITER_ROLE, ADMIN_ROLE, Kind,
  ParticipantStatus, AssessmentKind,
} from "../fixtures";
import type { RegistryFixture } from "../fixtures";
import type { ParticipantRegistry } from "../../typechain-types";

const TRANSACTION_ALLOWED_SELECTOR = "0x936421d5";
const DOSSIER = hashOf("dossier");
const NEW_DOSSIER = hashOf("renewed dossier");
const REASON = hashOf("reason");
const ZERO = ethers.ZeroHash;
const HK = jurisdiction("HK");
const CN = jurisdiction("CN");
/** Every assessment kind, one bit each. */
const ALL_ASSESSMENT_KINDS = (1 << 7) - 1;
const LAW_FIRM_KINDS = kindBit(AssessmentKind.LegalCompliance) | kindBit(AssessmentKind.PersonalInfoProtection);

/** 4-byte ERC-165 id of an interface given the signatures of the functions it declares itself. */
function interfaceIdOf(signatures: string[]): string {
  const id = signatures.reduce((acc, signature) => acc ^ BigInt(ethers.id(signature).slice(0, 10)), 0n);
  return ethers.toBeHex(id, 4);
}

/** Functions `IParticipantRegistry` declares itself (its ERC-165 id excludes the inherited ones). */
const PARTICIPANT_REGISTRY_FUNCTIONS = [
  "applyForAccreditation(uint8,uint16,bytes2,bytes32)",
  "accredit(address,uint8,uint16,bytes2,bytes32,uint40)",
  "suspend(address,bytes32)",
  "reinstate(address,bytes32)",
  "revoke(address,bytes32)",
  "participant(address)",
  "isAccredited(address,uint8)",
  "accreditation(address)",
  "raiseNonceFloor(uint64)",
  "isAccreditedAssessor(address,uint8)",
  "isStaff(address)",
  "exchangeCode()",
  "participantCount()",
  "participantAt(uint256)",
  "transactionAllowed(address,address,uint256,uint256,uint256,bytes)",
  "epoch()",
  "predecessor()",
  "successor()",
  "setSuccessor(address)",
  "replaceAccount(address,address,uint256,bytes)",
  "proposeAccountReplacement(address,address,bytes32)",
  "completeAccountReplacement(address)",
  "cancelAccountReplacement(address)",
  "pendingAccountReplacement(address)",
  "replacementDigest(address,address,uint256)",
  "currentAccount(address)",
];
const ACCESS_CONTROL_FUNCTIONS = [
  "hasRole(bytes32,address)",
  "getRoleAdmin(bytes32)",
  "grantRole(bytes32,address)",
  "revokeRole(bytes32,address)",
  "renounceRole(bytes32,address)",
];
const ACCESS_CONTROL_ENUMERABLE_FUNCTIONS = ["getRoleMember(bytes32,uint256)", "getRoleMemberCount(bytes32)"];
const ERC165_FUNCTIONS = ["supportsInterface(bytes4)"];

// ---------------------------------------------------------------------------------------------
// Fixtures
// ---------------------------------------------------------------------------------------------

/** The registry fixture plus `applicant` (an unknown account) that applied as a Buyer from HK. */
interface ApplicantFixture extends RegistryFixture {
  applicant: HardhatEthersSigner;
}

async function applicantFixture(): Promise<ApplicantFixture> {
  const fixture = await loadFixture(registryFixture);
  await fixture.participants.connect(fixture.stranger).applyForAccreditation(Kind.Buyer, 0, HK, DOSSIER);
  return { ...fixture, applicant: fixture.stranger };
}

/** The registry fixture with the buyer suspended. */
async function suspendedFixture(): Promise<RegistryFixture> {
  const fixture = await loadFixture(registryFixture);
  await fixture.participants.connect(fixture.registrar).suspend(fixture.buyer.address, REASON);
  return fixture;
}

/** The registry fixture with the buyer revoked. */
async function revokedFixture(): Promise<RegistryFixture> {
  const fixture = await loadFixture(registryFixture);
  await fixture.participants.connect(fixture.registrar).revoke(fixture.buyer.address, REASON);
  return fixture;
}

// ---------------------------------------------------------------------------------------------
// Shared behaviour
// ---------------------------------------------------------------------------------------------

/** A Registrar-only action of the participant registry, run as `caller`. */
interface RegistrarAction {
  name: string;
  /** The event the action emits when the caller is a Registrar. */
  emits: "ParticipantAccredited" | "ParticipantStatusChanged";
  call: (participants: ParticipantRegistry, caller: HardhatEthersSigner, fixture: RegistryFixture) => Promise<ContractTransactionResponse>;
}

/**
 * Every Registrar-only function rejects every account without the Registrar role (the Admin,
 * the Arbiter, an accredited participant, an unknown account) with AccessControl's own error.
 */
function shouldRejectNonRegistrar(actions: RegistrarAction[]): void {
  const callers: { label: string; pick: (fixture: RegistryFixture) => HardhatEthersSigner }[] = [
    { label: "the Admin", pick: (fixture) => fixture.admin },
    { label: "the Arbiter", pick: (fixture) => fixture.arbiter },
    { label: "an accredited participant", pick: (fixture) => fixture.provider },
    { label: "an unknown account", pick: (fixture) => fixture.stranger },
  ];
  for (const action of actions) {
    describe(`${action.name} (Registrar only)`, () => {
      for (const { label, pick } of callers) {
        it(`reverts when called by ${label}`, async () => {
          const fixture = await loadFixture(registryFixture);
          const caller = pick(fixture);
          await expect(action.call(fixture.participants, caller, fixture))
            .to.be.revertedWithCustomError(fixture.participants, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, REGISTRAR_ROLE);
        });
      }

      it("is accepted from an account granted the Registrar role later", async () => {
        const fixture = await loadFixture(registryFixture);
        await fixture.participants.connect(fixture.admin).grantRole(REGISTRAR_ROLE, fixture.stranger.address);
        await expect(action.call(fixture.participants, fixture.stranger, fixture))
          .to.emit(fixture.participants, action.emits);
      });
    });
  }
}

// ---------------------------------------------------------------------------------------------
// Suite
// ---------------------------------------------------------------------------------------------

describe("ParticipantRegistry", () => {
  describe("constructor", () => {
    it("grants the Admin role to the admin and stores the exchange code", async () => {
      const [admin] = await ethers.getSigners();
      const registry = await ethers.deployContract("ParticipantRegistry", [admin.address, "GZDE", 0, ethers.ZeroAddress]);
      await expect(registry.deploymentTransaction())
        .to.emit(registry, "RoleGranted").withArgs(ADMIN_ROLE, admin.address, admin.address);
      expect(await registry.hasRole(ADMIN_ROLE, admin.address)).to.equal(true);
      expect(await registry.getRoleMemberCount(ADMIN_ROLE)).to.equal(1n);
      expect(await registry.getRoleMemberCount(REGISTRAR_ROLE)).to.equal(0n);
      expect(await registry.exchangeCode()).to.equal("GZDE");
      expect(await registry.participantCount()).to.equal(0n);
    });

    it("accepts codes of 2 and of 8 upper-case letters", async () => {
      const [admin] = await ethers.getSigners();
      for (const code of ["AZ", "ABCDEFGZ"]) {
        const registry = await ethers.deployContract("ParticipantRegistry", [admin.address, code, 0, ethers.ZeroAddress]);
        expect(await registry.exchangeCode()).to.equal(code);
      }
    });

    it("reverts when the admin is the zero address", async () => {
      const factory = await ethers.getContractFactory("ParticipantRegistry");
      await expect(factory.deploy(ethers.ZeroAddress, "SZDE", 0, ethers.ZeroAddress))
        .to.be.revertedWithCustomError(factory, "AccessControlInvalidDefaultAdmin").withArgs(ethers.ZeroAddress);
    });

    for (const [label, code] of [
      ["empty", ""],
      ["one letter long", "S"],
      ["nine letters long", "SZDEXCHGE"],
      ["lower-case", "szde"],
      ["mixed-case", "SzDE"],
      ["a digit", "SZ1E"],
      ["punctuation", "SZ-E"],
      ["the character just below 'A'", "SZ@E"],
      ["the character just above 'Z'", "SZ[E"],
    ] as const) {
      it(`reverts when the exchange code is ${label} ("${code}")`, async () => {
        const [admin] = await ethers.getSigners();
        const factory = await ethers.getContractFactory("ParticipantRegistry");
        await expect(factory.deploy(admin.address, code, 0, ethers.ZeroAddress))
          .to.be.revertedWithCustomError(factory, "ParticipantRegistryInvalidExchangeCode").withArgs(code);
      });
    }
  });

  describe("exchangeCode", () => {
    it("returns the code the deployment was given", async () => {
      const { participants } = await loadFixture(registryFixture);
      expect(await participants.exchangeCode()).to.equal("SZDE");
    });
  });

  describe("applyForAccreditation", () => {
    it("records a new applicant as Pending", async () => {
      const { participants, stranger } = await loadFixture(registryFixture);
      await expect(participants.connect(stranger).applyForAccreditation(Kind.Buyer, 0, HK, DOSSIER))
        .to.emit(participants, "ParticipantApplied").withArgs(stranger.address, Kind.Buyer, 0, HK, DOSSIER)
        .and.to.emit(participants, "ParticipantStatusChanged")
        .withArgs(stranger.address, ParticipantStatus.None, ParticipantStatus.Pending, ZERO);
      const record = await participants.participant(stranger.address);
      expect(record.status).to.equal(ParticipantStatus.Pending);
      expect(record.kinds).to.equal(Kind.Buyer);
      expect(record.assessmentKinds).to.equal(0);
      expect(record.jurisdiction).to.equal(HK);
      expect(record.accreditedUntil).to.equal(0n);
      expect(record.updatedAt).to.equal(await now());
      expect(record.dossierHash).to.equal(DOSSIER);
    });

    it("appends a new applicant to the participant list", async () => {
      const { participants, stranger } = await loadFixture(registryFixture);
      const before = await participants.participantCount();
      await participants.connect(stranger).applyForAccreditation(Kind.Buyer, 0, HK, DOSSIER);
      expect(await participants.participantCount()).to.equal(before + 1n);
      expect(await participants.participantAt(before)).to.equal(stranger.address);
    });

    it("records an assessor's application with the assessment kinds applied for", async () => {
      const { participants, stranger } = await loadFixture(registryFixture);
      const kinds = kindBit(AssessmentKind.AssetValuation) | kindBit(AssessmentKind.PriceEvaluation);
      await expect(participants.connect(stranger).applyForAccreditation(Kind.Assessor, kinds, CN, DOSSIER))
        .to.emit(participants, "ParticipantApplied").withArgs(stranger.address, Kind.Assessor, kinds, CN, DOSSIER);
      expect((await participants.participant(stranger.address)).assessmentKinds).to.equal(kinds);
    });

    it("accepts every participant kind and every assessment kind at once", async () => {
      const { participants, stranger } = await loadFixture(registryFixture);
      const everyKind = Kind.Provider | Kind.Buyer | Kind.Assessor | Kind.Broker | Kind.Financier | Kind.Auditor;
      await expect(participants.connect(stranger).applyForAccreditation(everyKind, ALL_ASSESSMENT_KINDS, CN, DOSSIER))
        .to.emit(participants, "ParticipantApplied").withArgs(stranger.address, everyKind, ALL_ASSESSMENT_KINDS, CN, DOSSIER);
    });

    it("replaces a pending application's profile without a status change or a new list entry", async () => {
      const { participants, applicant } = await loadFixture(applicantFixture);
      const before = await participants.participantCount();
      await expect(participants.connect(applicant).applyForAccreditation(Kind.Buyer | Kind.Broker, 0, CN, NEW_DOSSIER))
        .to.emit(participants, "ParticipantApplied").withArgs(applicant.address, Kind.Buyer | Kind.Broker, 0, CN, NEW_DOSSIER)
        .and.to.not.emit(participants, "ParticipantStatusChanged");
      expect(await participants.participantCount()).to.equal(before);
      const record = await participants.participant(applicant.address);
      expect(record.status).to.equal(ParticipantStatus.Pending);
      expect(record.kinds).to.equal(Kind.Buyer | Kind.Broker);
      expect(record.jurisdiction).to.equal(CN);
      expect(record.dossierHash).to.equal(NEW_DOSSIER);
    });

    it("does not make the applicant accredited", async () => {
      const { participants, applicant } = await loadFixture(applicantFixture);
      expect(await participants.isAccredited(applicant.address, 0)).to.equal(false);
      expect(await participants.isAccredited(applicant.address, Kind.Buyer)).to.equal(false);
    });

    for (const kinds of [0, 64, 128, 255]) {
      it(`reverts when the kinds are ${kinds === 0 ? "empty" : `0x${kinds.toString(16)} (outside 0x3f)`}`, async () => {
        const { participants, stranger } = await loadFixture(registryFixture);
        await expect(participants.connect(stranger).applyForAccreditation(kinds, 0, CN, DOSSIER))
          .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidKinds").withArgs(kinds);
      });
    }

    it("reverts when a non-assessor names assessment kinds", async () => {
      const { participants, stranger } = await loadFixture(registryFixture);
      const kinds = kindBit(AssessmentKind.Quality);
      await expect(participants.connect(stranger).applyForAccreditation(Kind.Buyer, kinds, CN, DOSSIER))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidAssessmentKinds").withArgs(kinds);
    });

    it("reverts when an assessor names no assessment kind", async () => {
      const { participants, stranger } = await loadFixture(registryFixture);
      await expect(participants.connect(stranger).applyForAccreditation(Kind.Assessor, 0, CN, DOSSIER))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidAssessmentKinds").withArgs(0);
    });

    for (const undefinedBit of [7, 15]) {
      it(`reverts when an assessor names the undefined assessment kind bit ${undefinedBit}`, async () => {
        const { participants, stranger } = await loadFixture(registryFixture);
        const kinds = kindBit(AssessmentKind.Quality) | (1 << undefinedBit);
        await expect(participants.connect(stranger).applyForAccreditation(Kind.Assessor, kinds, CN, DOSSIER))
          .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidAssessmentKinds").withArgs(kinds);
      });
    }

    for (const [label, code] of [
      ["lower-case", "cn"],
      ["lower-case in its second letter", "Cn"],
      ["a digit first", "1N"],
      ["a digit second", "C1"],
      ["the character just below 'A'", "@N"],
      ["the character just above 'Z'", "C["],
      ["zero bytes", "\0\0"],
    ] as const) {
      it(`reverts when the jurisdiction is ${label}`, async () => {
        const { participants, stranger } = await loadFixture(registryFixture);
        await expect(participants.connect(stranger).applyForAccreditation(Kind.Buyer, 0, jurisdiction(code), DOSSIER))
          .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidJurisdiction").withArgs(jurisdiction(code));
      });
    }

    it("reverts when the dossier hash is zero", async () => {
      const { participants, stranger } = await loadFixture(registryFixture);
      await expect(participants.connect(stranger).applyForAccreditation(Kind.Buyer, 0, CN, ZERO))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryMissingDossier").withArgs();
    });

    it("reverts when the applicant is already Active", async () => {
      const { participants, buyer } = await loadFixture(registryFixture);
      await expect(participants.connect(buyer).applyForAccreditation(Kind.Buyer, 0, CN, DOSSIER))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus")
        .withArgs(buyer.address, ParticipantStatus.Active);
    });

    it("reverts when the applicant is Suspended", async () => {
      const { participants, buyer } = await loadFixture(suspendedFixture);
      await expect(participants.connect(buyer).applyForAccreditation(Kind.Buyer, 0, CN, DOSSIER))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus")
        .withArgs(buyer.address, ParticipantStatus.Suspended);
    });

    it("reverts when the applicant is Revoked", async () => {
      const { participants, buyer } = await loadFixture(revokedFixture);
      await expect(participants.connect(buyer).applyForAccreditation(Kind.Buyer, 0, CN, DOSSIER))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus")
        .withArgs(buyer.address, ParticipantStatus.Revoked);
    });
  });

  describe("accredit", () => {
    it("accredits an unknown account directly, from None to Active", async () => {
      const { participants, registrar, stranger } = await loadFixture(registryFixture);
      const until = (await now()) + YEAR;
      await expect(participants.connect(registrar).accredit(stranger.address, Kind.Provider, 0, CN, DOSSIER, until))
        .to.emit(participants, "ParticipantAccredited").withArgs(stranger.address, Kind.Provider, 0, CN, DOSSIER, until)
        .and.to.emit(participants, "ParticipantStatusChanged")
        .withArgs(stranger.address, ParticipantStatus.None, ParticipantStatus.Active, ZERO);
      const record = await participants.participant(stranger.address);
      expect(record.status).to.equal(ParticipantStatus.Active);
      expect(record.kinds).to.equal(Kind.Provider);
      expect(record.assessmentKinds).to.equal(0);
      expect(record.jurisdiction).to.equal(CN);
      expect(record.accreditedUntil).to.equal(until);
      expect(record.updatedAt).to.equal(await now());
      expect(record.dossierHash).to.equal(DOSSIER);
      expect(await participants.isAccredited(stranger.address, Kind.Provider)).to.equal(true);
    });

    it("appends a directly accredited account to the participant list", async () => {
      const { participants, registrar, stranger } = await loadFixture(registryFixture);
      const before = await participants.participantCount();
      await participants.connect(registrar).accredit(stranger.address, Kind.Provider, 0, CN, DOSSIER, (await now()) + YEAR);
      expect(await participants.participantCount()).to.equal(before + 1n);
      expect(await participants.participantAt(before)).to.equal(stranger.address);
    });

    it("approves a pending application, from Pending to Active, with the Registrar's profile", async () => {
      const { participants, registrar, applicant } = await loadFixture(applicantFixture);
      const before = await participants.participantCount();
      const until = (await now()) + YEAR;
      await expect(participants.connect(registrar).accredit(applicant.address, Kind.Buyer | Kind.Broker, 0, HK, NEW_DOSSIER, until))
        .to.emit(participants, "ParticipantAccredited")
        .withArgs(applicant.address, Kind.Buyer | Kind.Broker, 0, HK, NEW_DOSSIER, until)
        .and.to.emit(participants, "ParticipantStatusChanged")
        .withArgs(applicant.address, ParticipantStatus.Pending, ParticipantStatus.Active, ZERO);
      expect(await participants.participantCount()).to.equal(before);
      const record = await participants.participant(applicant.address);
      expect(record.status).to.equal(ParticipantStatus.Active);
      expect(record.kinds).to.equal(Kind.Buyer | Kind.Broker);
      expect(record.dossierHash).to.equal(NEW_DOSSIER);
      expect(await participants.isAccredited(applicant.address, Kind.Buyer | Kind.Broker)).to.equal(true);
    });

    it("re-accredits an Active participant with a new profile and no status change", async () => {
      const { participants, registrar, lawFirm } = await loadFixture(registryFixture);
      const before = await participants.participantCount();
      const until = (await now()) + 20n * YEAR;
      const kinds = kindBit(AssessmentKind.LegalCompliance);
      await expect(participants.connect(registrar).accredit(lawFirm.address, Kind.Assessor | Kind.Broker, kinds, HK, NEW_DOSSIER, until))
        .to.emit(participants, "ParticipantAccredited")
        .withArgs(lawFirm.address, Kind.Assessor | Kind.Broker, kinds, HK, NEW_DOSSIER, until)
        .and.to.not.emit(participants, "ParticipantStatusChanged");
      expect(await participants.participantCount()).to.equal(before);
      const record = await participants.participant(lawFirm.address);
      expect(record.status).to.equal(ParticipantStatus.Active);
      expect(record.kinds).to.equal(Kind.Assessor | Kind.Broker);
      expect(record.assessmentKinds).to.equal(kinds);
      expect(record.jurisdiction).to.equal(HK);
      expect(record.accreditedUntil).to.equal(until);
      expect(await participants.isAccreditedAssessor(lawFirm.address, AssessmentKind.PersonalInfoProtection)).to.equal(false);
    });

    it("renews a lapsed accreditation", async () => {
      const { participants, registrar, buyer } = await loadFixture(registryFixture);
      await time.increaseTo((await participants.participant(buyer.address)).accreditedUntil);
      expect(await participants.isAccredited(buyer.address, Kind.Buyer)).to.equal(false);
      const until = (await now()) + YEAR;
      await expect(participants.connect(registrar).accredit(buyer.address, Kind.Buyer, 0, CN, NEW_DOSSIER, until))
        .to.emit(participants, "ParticipantAccredited").withArgs(buyer.address, Kind.Buyer, 0, CN, NEW_DOSSIER, until)
        .and.to.not.emit(participants, "ParticipantStatusChanged");
      expect(await participants.isAccredited(buyer.address, Kind.Buyer)).to.equal(true);
    });

    it("accepts an expiry one second after the block", async () => {
      const { participants, registrar, stranger } = await loadFixture(registryFixture);
      const at = (await now()) + 100n;
      await time.setNextBlockTimestamp(at);
      await expect(participants.connect(registrar).accredit(stranger.address, Kind.Buyer, 0, CN, DOSSIER, at + 1n))
        .to.emit(participants, "ParticipantAccredited").withArgs(stranger.address, Kind.Buyer, 0, CN, DOSSIER, at + 1n);
    });

    it("reverts when the expiry equals the block time", async () => {
      const { participants, registrar, stranger } = await loadFixture(registryFixture);
      const at = (await now()) + 100n;
      await time.setNextBlockTimestamp(at);
      await expect(participants.connect(registrar).accredit(stranger.address, Kind.Buyer, 0, CN, DOSSIER, at))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidExpiry").withArgs(at);
    });

    it("reverts when the expiry is in the past", async () => {
      const { participants, registrar, stranger } = await loadFixture(registryFixture);
      const past = (await now()) - 3600n;
      await expect(participants.connect(registrar).accredit(stranger.address, Kind.Buyer, 0, CN, DOSSIER, past))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidExpiry").withArgs(past);
    });

    it("reverts when the account is the zero address", async () => {
      const { participants, registrar } = await loadFixture(registryFixture);
      await expect(participants.connect(registrar).accredit(ethers.ZeroAddress, Kind.Buyer, 0, CN, DOSSIER, (await now()) + YEAR))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryZeroAccount").withArgs();
    });

    it("reverts when the participant is Suspended (reinstate first)", async () => {
      const { participants, registrar, buyer } = await loadFixture(suspendedFixture);
      await expect(participants.connect(registrar).accredit(buyer.address, Kind.Buyer, 0, CN, DOSSIER, (await now()) + YEAR))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus")
        .withArgs(buyer.address, ParticipantStatus.Suspended);
    });

    it("reverts when the participant is Revoked", async () => {
      const { participants, registrar, buyer } = await loadFixture(revokedFixture);
      await expect(participants.connect(registrar).accredit(buyer.address, Kind.Buyer, 0, CN, DOSSIER, (await now()) + YEAR))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus")
        .withArgs(buyer.address, ParticipantStatus.Revoked);
    });

    it("reverts when the kinds are invalid", async () => {
      const { participants, registrar, stranger } = await loadFixture(registryFixture);
      await expect(participants.connect(registrar).accredit(stranger.address, 64, 0, CN, DOSSIER, (await now()) + YEAR))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidKinds").withArgs(64);
    });

    it("reverts when an assessor is given no assessment kind", async () => {
      const { participants, registrar, stranger } = await loadFixture(registryFixture);
      await expect(participants.connect(registrar).accredit(stranger.address, Kind.Assessor, 0, CN, DOSSIER, (await now()) + YEAR))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidAssessmentKinds").withArgs(0);
    });

    it("reverts when a non-assessor is given assessment kinds", async () => {
      const { participants, registrar, stranger } = await loadFixture(registryFixture);
      const kinds = kindBit(AssessmentKind.SecurityRisk);
      await expect(participants.connect(registrar).accredit(stranger.address, Kind.Provider, kinds, CN, DOSSIER, (await now()) + YEAR))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidAssessmentKinds").withArgs(kinds);
    });

    it("reverts when the jurisdiction is invalid", async () => {
      const { participants, registrar, stranger } = await loadFixture(registryFixture);
      await expect(participants.connect(registrar).accredit(stranger.address, Kind.Buyer, 0, jurisdiction("hk"), DOSSIER, (await now()) + YEAR))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidJurisdiction").withArgs(jurisdiction("hk"));
    });

    it("reverts when the dossier hash is zero", async () => {
      const { participants, registrar, stranger } = await loadFixture(registryFixture);
      await expect(participants.connect(registrar).accredit(stranger.address, Kind.Buyer, 0, CN, ZERO, (await now()) + YEAR))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryMissingDossier").withArgs();
    });
  });

  describe("suspend", () => {
    it("suspends an Active participant with the reason", async () => {
      const { participants, registrar, buyer } = await loadFixture(registryFixture);
      await expect(participants.connect(registrar).suspend(buyer.address, REASON))
        .to.emit(participants, "ParticipantStatusChanged")
        .withArgs(buyer.address, ParticipantStatus.Active, ParticipantStatus.Suspended, REASON);
      const record = await participants.participant(buyer.address);
      expect(record.status).to.equal(ParticipantStatus.Suspended);
      expect(record.updatedAt).to.equal(await now());
      expect(record.kinds).to.equal(Kind.Buyer);
      expect(await participants.isAccredited(buyer.address, 0)).to.equal(false);
    });

    for (const [label, status] of [
      ["unknown", ParticipantStatus.None],
      ["Pending", ParticipantStatus.Pending],
      ["already Suspended", ParticipantStatus.Suspended],
      ["Revoked", ParticipantStatus.Revoked],
    ] as const) {
      it(`reverts when the account is ${label}`, async () => {
        const fixture = await loadFixture(status === ParticipantStatus.Pending ? applicantFixture : registryFixture);
        const { participants, registrar } = fixture;
        const account = await accountWithStatus(fixture, status);
        await expect(participants.connect(registrar).suspend(account, REASON))
          .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus").withArgs(account, status);
      });
    }
  });

  describe("reinstate", () => {
    it("reinstates a Suspended participant with the reason", async () => {
      const { participants, registrar, buyer } = await loadFixture(suspendedFixture);
      await expect(participants.connect(registrar).reinstate(buyer.address, hashOf("cleared")))
        .to.emit(participants, "ParticipantStatusChanged")
        .withArgs(buyer.address, ParticipantStatus.Suspended, ParticipantStatus.Active, hashOf("cleared"));
      expect((await participants.participant(buyer.address)).status).to.equal(ParticipantStatus.Active);
      expect(await participants.isAccredited(buyer.address, Kind.Buyer)).to.equal(true);
    });

    it("keeps the original expiry: a suspension does not extend the accreditation", async () => {
      const { participants, registrar, buyer } = await loadFixture(suspendedFixture);
      const until = (await participants.participant(buyer.address)).accreditedUntil;
      await time.increaseTo(until);
      await participants.connect(registrar).reinstate(buyer.address, REASON);
      expect((await participants.participant(buyer.address)).accreditedUntil).to.equal(until);
      expect(await participants.isAccredited(buyer.address, Kind.Buyer)).to.equal(false);
    });

    for (const [label, status] of [
      ["unknown", ParticipantStatus.None],
      ["Pending", ParticipantStatus.Pending],
      ["Active", ParticipantStatus.Active],
      ["Revoked", ParticipantStatus.Revoked],
    ] as const) {
      it(`reverts when the account is ${label}`, async () => {
        const fixture = await loadFixture(status === ParticipantStatus.Pending ? applicantFixture : registryFixture);
        const { participants, registrar } = fixture;
        const account = await accountWithStatus(fixture, status);
        await expect(participants.connect(registrar).reinstate(account, REASON))
          .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus").withArgs(account, status);
      });
    }
  });

  describe("revoke", () => {
    it("revokes an Active participant with the reason", async () => {
      const { participants, registrar, buyer } = await loadFixture(registryFixture);
      await expect(participants.connect(registrar).revoke(buyer.address, hashOf("fraud")))
        .to.emit(participants, "ParticipantStatusChanged")
        .withArgs(buyer.address, ParticipantStatus.Active, ParticipantStatus.Revoked, hashOf("fraud"));
      expect((await participants.participant(buyer.address)).status).to.equal(ParticipantStatus.Revoked);
      expect(await participants.isAccredited(buyer.address, 0)).to.equal(false);
    });

    it("revokes a Suspended participant", async () => {
      const { participants, registrar, buyer } = await loadFixture(suspendedFixture);
      await expect(participants.connect(registrar).revoke(buyer.address, REASON))
        .to.emit(participants, "ParticipantStatusChanged")
        .withArgs(buyer.address, ParticipantStatus.Suspended, ParticipantStatus.Revoked, REASON);
      expect((await participants.participant(buyer.address)).status).to.equal(ParticipantStatus.Revoked);
    });

    it("refuses a Pending application by revoking it", async () => {
      const { participants, registrar, applicant } = await loadFixture(applicantFixture);
      await expect(participants.connect(registrar).revoke(applicant.address, hashOf("refused")))
        .to.emit(participants, "ParticipantStatusChanged")
        .withArgs(applicant.address, ParticipantStatus.Pending, ParticipantStatus.Revoked, hashOf("refused"));
      await expect(participants.connect(applicant).applyForAccreditation(Kind.Buyer, 0, HK, DOSSIER))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus")
        .withArgs(applicant.address, ParticipantStatus.Revoked);
    });

    it("keeps a revoked account in the participant list", async () => {
      const { participants, buyer } = await loadFixture(revokedFixture);
      const accounts = await Promise.all(
        Array.from({ length: Number(await participants.participantCount()) }, (_, i) => participants.participantAt(i)),
      );
      expect(accounts).to.include(buyer.address);
    });

    it("reverts when the account is unknown", async () => {
      const { participants, registrar, stranger } = await loadFixture(registryFixture);
      await expect(participants.connect(registrar).revoke(stranger.address, REASON))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus")
        .withArgs(stranger.address, ParticipantStatus.None);
    });

    it("reverts when the account is already Revoked", async () => {
      const { participants, registrar, buyer } = await loadFixture(revokedFixture);
      await expect(participants.connect(registrar).revoke(buyer.address, REASON))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus")
        .withArgs(buyer.address, ParticipantStatus.Revoked);
    });
  });

  shouldRejectNonRegistrar([
    {
      name: "accredit",
      emits: "ParticipantAccredited",
      call: async (participants, caller, fixture) =>
        participants.connect(caller).accredit(fixture.auditor.address, Kind.Auditor, 0, CN, NEW_DOSSIER, (await now()) + 30n * YEAR),
    },
    { name: "suspend", emits: "ParticipantStatusChanged", call: (participants, caller, fixture) => participants.connect(caller).suspend(fixture.buyer.address, REASON) },
    {
      name: "reinstate",
      emits: "ParticipantStatusChanged",
      call: async (participants, caller, fixture) => {
        // Put the buyer in the one state reinstate accepts, so only the caller's role decides.
        await participants.connect(fixture.registrar).suspend(fixture.buyer.address, REASON);
        return participants.connect(caller).reinstate(fixture.buyer.address, REASON);
      },
    },
    { name: "revoke", emits: "ParticipantStatusChanged", call: (participants, caller, fixture) => participants.connect(caller).revoke(fixture.buyer.address, REASON) },
  ]);

  describe("isAccredited", () => {
    it("is true for an active participant asked about kinds it holds", async () => {
      const { participants, provider } = await loadFixture(registryFixture);
      expect(await participants.isAccredited(provider.address, Kind.Provider)).to.equal(true);
      expect(await participants.isAccredited(provider.address, Kind.Buyer)).to.equal(true);
      expect(await participants.isAccredited(provider.address, Kind.Provider | Kind.Buyer)).to.equal(true);
    });

    it("is true for any active participant asked about no kind (0)", async () => {
      const { participants, auditor } = await loadFixture(registryFixture);
      expect(await participants.isAccredited(auditor.address, 0)).to.equal(true);
    });

    it("is false when one of the kinds asked about is not held", async () => {
      const { participants, buyer } = await loadFixture(registryFixture);
      expect(await participants.isAccredited(buyer.address, Kind.Provider)).to.equal(false);
      expect(await participants.isAccredited(buyer.address, Kind.Buyer | Kind.Provider)).to.equal(false);
    });

    it("is false for an unknown account", async () => {
      const { participants, stranger } = await loadFixture(registryFixture);
      expect(await participants.isAccredited(stranger.address, 0)).to.equal(false);
    });

    it("is false once the accreditation expires", async () => {
      const { participants, buyer } = await loadFixture(registryFixture);
      const until = (await participants.participant(buyer.address)).accreditedUntil;
      await time.increaseTo(until - 10n);
      expect(await participants.isAccredited(buyer.address, Kind.Buyer)).to.equal(true);
      await time.increase(10n);
      expect(await participants.isAccredited(buyer.address, Kind.Buyer)).to.equal(false);
      expect((await participants.participant(buyer.address)).status).to.equal(ParticipantStatus.Active);
    });

    it("is false while suspended", async () => {
      const { participants, buyer } = await loadFixture(suspendedFixture);
      expect(await participants.isAccredited(buyer.address, Kind.Buyer)).to.equal(false);
    });

    it("is false once revoked", async () => {
      const { participants, buyer } = await loadFixture(revokedFixture);
      expect(await participants.isAccredited(buyer.address, Kind.Buyer)).to.equal(false);
    });
  });

  describe("isAccreditedAssessor", () => {
    it("is true for each kind the assessor is accredited for", async () => {
      const { participants, lawFirm, institute } = await loadFixture(registryFixture);
      expect(await participants.isAccreditedAssessor(lawFirm.address, AssessmentKind.LegalCompliance)).to.equal(true);
      expect(await participants.isAccreditedAssessor(lawFirm.address, AssessmentKind.PersonalInfoProtection)).to.equal(true);
      for (const kind of [AssessmentKind.Quality, AssessmentKind.SecurityRisk, AssessmentKind.CrossBorderSecurity, AssessmentKind.PriceEvaluation]) {
        expect(await participants.isAccreditedAssessor(institute.address, kind)).to.equal(true);
      }
      expect((await participants.participant(lawFirm.address)).assessmentKinds).to.equal(LAW_FIRM_KINDS);
    });

    it("is false for a kind the assessor is not accredited for", async () => {
      const { participants, lawFirm, institute } = await loadFixture(registryFixture);
      expect(await participants.isAccreditedAssessor(lawFirm.address, AssessmentKind.Quality)).to.equal(false);
      expect(await participants.isAccreditedAssessor(institute.address, AssessmentKind.AssetValuation)).to.equal(false);
    });

    it("is false for a participant that is not an assessor", async () => {
      const { participants, provider } = await loadFixture(registryFixture);
      expect(await participants.isAccreditedAssessor(provider.address, AssessmentKind.LegalCompliance)).to.equal(false);
    });

    it("is false for a suspended assessor", async () => {
      const { participants, registrar, lawFirm } = await loadFixture(registryFixture);
      await participants.connect(registrar).suspend(lawFirm.address, REASON);
      expect(await participants.isAccreditedAssessor(lawFirm.address, AssessmentKind.LegalCompliance)).to.equal(false);
    });

    it("is false once the assessor's accreditation expires", async () => {
      const { participants, lawFirm } = await loadFixture(registryFixture);
      await time.increaseTo((await participants.participant(lawFirm.address)).accreditedUntil);
      expect(await participants.isAccreditedAssessor(lawFirm.address, AssessmentKind.LegalCompliance)).to.equal(false);
    });

    it("is false for an assessor still pending", async () => {
      const { participants, stranger } = await loadFixture(registryFixture);
      await participants.connect(stranger).applyForAccreditation(Kind.Assessor, kindBit(AssessmentKind.Quality), CN, DOSSIER);
      expect(await participants.isAccreditedAssessor(stranger.address, AssessmentKind.Quality)).to.equal(false);
    });
  });

  describe("isStaff", () => {
    it("is true for the Admin, the Registrar and the Arbiter", async () => {
      const { participants, admin, registrar, arbiter } = await loadFixture(registryFixture);
      for (const staff of [admin, registrar, arbiter]) expect(await participants.isStaff(staff.address)).to.equal(true);
    });

    it("is false for participants and unknown accounts", async () => {
      const { participants, provider, lawFirm, auditor, stranger } = await loadFixture(registryFixture);
      for (const account of [provider, lawFirm, auditor, stranger]) {
        expect(await participants.isStaff(account.address)).to.equal(false);
      }
    });

    it("follows role grants and revocations", async () => {
      const { participants, admin, registrar, stranger } = await loadFixture(registryFixture);
      await participants.connect(admin).grantRole(ARBITER_ROLE, stranger.address);
      expect(await participants.isStaff(stranger.address)).to.equal(true);
      await participants.connect(admin).revokeRole(REGISTRAR_ROLE, registrar.address);
      expect(await participants.isStaff(registrar.address)).to.equal(false);
    });
  });

  describe("participantCount and participantAt", () => {
    it("list every account in registration order", async () => {
      const { participants, provider, otherProvider, buyer, lawFirm, institute, financier, auditor } =
        await loadFixture(registryFixture);
      const expected = [provider, otherProvider, buyer, lawFirm, institute, financier, auditor].map((s) => s.address);
      expect(await participants.participantCount()).to.equal(BigInt(expected.length));
      for (const [index, account] of expected.entries()) {
        expect(await participants.participantAt(index)).to.equal(account);
      }
    });

    it("do not count a re-accreditation twice", async () => {
      const { participants, registrar, buyer } = await loadFixture(registryFixture);
      const before = await participants.participantCount();
      await participants.connect(registrar).accredit(buyer.address, Kind.Buyer, 0, CN, NEW_DOSSIER, (await now()) + YEAR);
      expect(await participants.participantCount()).to.equal(before);
    });

    it("panic on an index past the end", async () => {
      const { participants } = await loadFixture(registryFixture);
      const count = await participants.participantCount();
      await expect(participants.participantAt(count)).to.be.revertedWithPanic(PANIC_CODES.ARRAY_ACCESS_OUT_OF_BOUNDS);
    });
  });

  describe("transactionAllowed (EEA account permissioning)", () => {
    const allowed = (participants: ParticipantRegistry, sender: string) =>
      participants.transactionAllowed(sender, ethers.ZeroAddress, 0n, 0n, 21_000n, "0x");

    it("has the EEA selector 0x936421d5", async () => {
      const { participants } = await loadFixture(registryFixture);
      expect(participants.interface.getFunction("transactionAllowed").selector === TRANSACTION_ALLOWED_SELECTOR).to.equal(true);
    });

    it("allows every active participant", async () => {
      const { participants, provider, otherProvider, buyer, lawFirm, institute, financier, auditor } =
        await loadFixture(registryFixture);
      for (const account of [provider, otherProvider, buyer, lawFirm, institute, financier, auditor]) {
        expect(await allowed(participants, account.address)).to.equal(true);
      }
    });

    it("allows the Admin, the Registrar and the Arbiter, who are not participants", async () => {
      const { participants, admin, registrar, arbiter } = await loadFixture(registryFixture);
      for (const staff of [admin, registrar, arbiter]) {
        expect((await participants.participant(staff.address)).status).to.equal(ParticipantStatus.None);
        expect(await allowed(participants, staff.address)).to.equal(true);
      }
    });

    it("does not restrict target, value, gas or payload", async () => {
      const { participants, buyer, products } = await loadFixture(registryFixture);
      expect(
        await participants.transactionAllowed(buyer.address, await products.getAddress(), 10n ** 18n, 1n, 30_000_000n, "0xdeadbeef"),
      ).to.equal(true);
    });

    it("refuses an unknown account", async () => {
      const { participants, stranger } = await loadFixture(registryFixture);
      expect(await allowed(participants, stranger.address)).to.equal(false);
    });

    it("refuses a pending applicant", async () => {
      const { participants, applicant } = await loadFixture(applicantFixture);
      expect(await allowed(participants, applicant.address)).to.equal(false);
    });

    it("refuses a suspended participant, and allows it again once reinstated", async () => {
      const { participants, registrar, buyer } = await loadFixture(suspendedFixture);
      expect(await allowed(participants, buyer.address)).to.equal(false);
      await participants.connect(registrar).reinstate(buyer.address, REASON);
      expect(await allowed(participants, buyer.address)).to.equal(true);
    });

    it("refuses a revoked participant", async () => {
      const { participants, buyer } = await loadFixture(revokedFixture);
      expect(await allowed(participants, buyer.address)).to.equal(false);
    });

    it("refuses a participant whose accreditation lapsed", async () => {
      const { participants, auditor } = await loadFixture(registryFixture);
      await time.increaseTo((await participants.participant(auditor.address)).accreditedUntil);
      expect(await allowed(participants, auditor.address)).to.equal(false);
    });

    it("refuses a former Registrar once the role is revoked", async () => {
      const { participants, admin, registrar } = await loadFixture(registryFixture);
      await participants.connect(admin).revokeRole(REGISTRAR_ROLE, registrar.address);
      expect(await allowed(participants, registrar.address)).to.equal(false);
    });
  });

  describe("accreditation", () => {
    it("returns status, kinds, jurisdiction and expiry in one read", async () => {
      const { participants, buyer } = await loadFixture(registryFixture);
      const record = await participants.participant(buyer.address);
      const hot = await participants.accreditation(buyer.address);
      expect(hot.status).to.equal(record.status);
      expect(hot.kinds).to.equal(record.kinds);
      expect(hot.jurisdiction).to.equal(record.jurisdiction);
      expect(hot.accreditedUntil).to.equal(record.accreditedUntil);
      expect(hot.nonceFloor).to.equal(record.nonceFloor);
    });
  });

  describe("raiseNonceFloor", () => {
    it("raises the caller's own floor, emits it, and shows it in the record and the accreditation", async () => {
      const { participants, buyer, provider } = await loadFixture(registryFixture);
      await expect(participants.connect(buyer).raiseNonceFloor(7n)).to.emit(participants, "NonceFloorRaised").withArgs(buyer.address, 0n, 7n);
      expect((await participants.participant(buyer.address)).nonceFloor).to.equal(7n);
      expect((await participants.accreditation(buyer.address)).nonceFloor).to.equal(7n);
      expect((await participants.participant(provider.address)).nonceFloor).to.equal(0n);
    });

    it("refuses a floor that does not rise, or rises by more than MAX_FLOOR_RAISE", async () => {
      const { participants, buyer } = await loadFixture(registryFixture);
      await participants.connect(buyer).raiseNonceFloor(7n);
      await expect(participants.connect(buyer).raiseNonceFloor(7n))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidNonceFloor").withArgs(buyer.address, 7n, 7n);
      const limit = await participants.MAX_FLOOR_RAISE();
      await expect(participants.connect(buyer).raiseNonceFloor(7n + limit + 1n))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidNonceFloor").withArgs(buyer.address, 7n, 7n + limit + 1n);
      await expect(participants.connect(buyer).raiseNonceFloor(7n + limit)).to.emit(participants, "NonceFloorRaised");
    });

    it("refuses an account that never applied", async () => {
      const { participants, stranger } = await loadFixture(registryFixture);
      await expect(participants.connect(stranger).raiseNonceFloor(1n))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus").withArgs(stranger.address, 0n);
    });
  });

  describe("supportsInterface", () => {
    it("supports IParticipantRegistry", async () => {
      const { participants } = await loadFixture(registryFixture);
      expect(await participants.supportsInterface(interfaceIdOf(PARTICIPANT_REGISTRY_FUNCTIONS))).to.equal(true);
    });

    it("supports IAccessControl and IAccessControlEnumerable", async () => {
      const { participants } = await loadFixture(registryFixture);
      expect(interfaceIdOf(ACCESS_CONTROL_FUNCTIONS)).to.equal("0x7965db0b");
      expect(await participants.supportsInterface(interfaceIdOf(ACCESS_CONTROL_FUNCTIONS))).to.equal(true);
      expect(await participants.supportsInterface(interfaceIdOf(ACCESS_CONTROL_ENUMERABLE_FUNCTIONS))).to.equal(true);
    });

    it("supports ERC-165", async () => {
      const { participants } = await loadFixture(registryFixture);
      expect(interfaceIdOf(ERC165_FUNCTIONS)).to.equal("0x01ffc9a7");
      expect(await participants.supportsInterface(interfaceIdOf(ERC165_FUNCTIONS))).to.equal(true);
    });

    it("does not support 0xffffffff or an unrelated interface", async () => {
      const { participants } = await loadFixture(registryFixture);
      expect(await participants.supportsInterface("0xffffffff")).to.equal(false);
      expect(await participants.supportsInterface(interfaceIdOf(["transferFrom(address,address,uint256)"]))).to.equal(false);
    });
  });

  describe("roles", () => {
    it("exposes the role identifiers", async () => {
      const { participants } = await loadFixture(registryFixture);
      expect(await participants.REGISTRAR_ROLE()).to.equal(REGISTRAR_ROLE);
      expect(await participants.ARBITER_ROLE()).to.equal(ARBITER_ROLE);
      expect(await participants.DEFAULT_ADMIN_ROLE()).to.equal(ADMIN_ROLE);
    });

    it("makes the Admin the admin of every staff role", async () => {
      const { participants } = await loadFixture(registryFixture);
      for (const role of [ADMIN_ROLE, REGISTRAR_ROLE, ARBITER_ROLE]) {
        expect(await participants.getRoleAdmin(role)).to.equal(ADMIN_ROLE);
      }
    });

    it("lets the Admin grant the Registrar role", async () => {
      const { participants, admin, stranger } = await loadFixture(registryFixture);
      await expect(participants.connect(admin).grantRole(REGISTRAR_ROLE, stranger.address))
        .to.emit(participants, "RoleGranted").withArgs(REGISTRAR_ROLE, stranger.address, admin.address);
      expect(await participants.hasRole(REGISTRAR_ROLE, stranger.address)).to.equal(true);
      expect(await participants.getRoleMemberCount(REGISTRAR_ROLE)).to.equal(2n);
    });

    it("lets the Admin grant the Arbiter role", async () => {
      const { participants, admin, stranger } = await loadFixture(registryFixture);
      await expect(participants.connect(admin).grantRole(ARBITER_ROLE, stranger.address))
        .to.emit(participants, "RoleGranted").withArgs(ARBITER_ROLE, stranger.address, admin.address);
      expect(await participants.getRoleMember(ARBITER_ROLE, 1)).to.equal(stranger.address);
    });

    it("lets the Admin revoke the Registrar role, after which the account is refused", async () => {
      const { participants, admin, registrar, buyer } = await loadFixture(registryFixture);
      await expect(participants.connect(admin).revokeRole(REGISTRAR_ROLE, registrar.address))
        .to.emit(participants, "RoleRevoked").withArgs(REGISTRAR_ROLE, registrar.address, admin.address);
      await expect(participants.connect(registrar).suspend(buyer.address, REASON))
        .to.be.revertedWithCustomError(participants, "AccessControlUnauthorizedAccount")
        .withArgs(registrar.address, REGISTRAR_ROLE);
    });

    it("refuses every grant of the Admin role, the Admin's own included: it is handed over in two steps", async () => {
      const { participants, admin, registrar, stranger } = await loadFixture(registryFixture);
      for (const caller of [admin, registrar, stranger]) {
        await expect(participants.connect(caller).grantRole(ADMIN_ROLE, stranger.address))
          .to.be.revertedWithCustomError(participants, "AccessControlEnforcedDefaultAdminRules");
      }
      expect(await participants.hasRole(ADMIN_ROLE, stranger.address)).to.equal(false);
    });

    for (const [label, role] of [["Registrar", REGISTRAR_ROLE], ["Arbiter", ARBITER_ROLE]] as const) {
      it(`reverts when anyone but the Admin grants the ${label} role`, async () => {
        const { participants, registrar, arbiter, provider, stranger } = await loadFixture(registryFixture);
        for (const caller of [registrar, arbiter, provider, stranger]) {
          await expect(participants.connect(caller).grantRole(role, stranger.address))
            .to.be.revertedWithCustomError(participants, "AccessControlUnauthorizedAccount")
            .withArgs(caller.address, ADMIN_ROLE);
        }
        expect(await participants.hasRole(role, stranger.address)).to.equal(false);
      });
    }

    it("reverts when anyone but the Admin revokes a role", async () => {
      const { participants, registrar, arbiter } = await loadFixture(registryFixture);
      await expect(participants.connect(registrar).revokeRole(ARBITER_ROLE, arbiter.address))
        .to.be.revertedWithCustomError(participants, "AccessControlUnauthorizedAccount")
        .withArgs(registrar.address, ADMIN_ROLE);
      expect(await participants.hasRole(ARBITER_ROLE, arbiter.address)).to.equal(true);
    });
  });
});

/** An account of `fixture` whose participant status is `status` (suspending or revoking the buyer as needed). */
async function accountWithStatus(fixture: RegistryFixture, status: number): Promise<string> {
  const { participants, registrar, buyer, stranger } = fixture;
  switch (status) {
    case ParticipantStatus.None:
      return ethers.Wallet.createRandom().address;
    case ParticipantStatus.Pending:
      expect((await participants.participant(stranger.address)).status).to.equal(ParticipantStatus.Pending);
      return stranger.address;
    case ParticipantStatus.Suspended:
      await participants.connect(registrar).suspend(buyer.address, REASON);
      return buyer.address;
    case ParticipantStatus.Revoked:
      await participants.connect(registrar).revoke(buyer.address, REASON);
      return buyer.address;
    default:
      return buyer.address;
  }
}
