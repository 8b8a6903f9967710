import { expect } from "chai";
import { artifacts, ethers } from "hardhat";
import { FunctionFragment } from "ethers";
import { loadFixture, time } from "@nomicfoundation/hardhat-network-helpers";
import {
  registryFixture, hashOf, jurisdiction, now, kindBit, YEAR, REGISTRAR_ROLE, ARBITER_ROLE, ADMIN_ROLE, Kind,
  ParticipantStatus, AssessmentKind,
} from "../fixtures";

const TRANSACTION_ALLOWED_SELECTOR = "0x936421d5";

describe("ParticipantRegistry", () => {
  describe("constructor", () => {
    it("rejects a zero admin and exchange codes that are not 2-8 upper-case letters", async () => {
      const factory = await ethers.getContractFactory("ParticipantRegistry");
      const [admin] = await ethers.getSigners();
      await expect(factory.deploy(ethers.ZeroAddress, "SZDE")).to.be.revertedWithCustomError(factory, "ParticipantRegistryZeroAccount");
      for (const code of ["S", "SZDEXCHGE", "szde", "SZ-E", ""]) {
        await expect(factory.deploy(admin.address, code))
          .to.be.revertedWithCustomError(factory, "ParticipantRegistryInvalidExchangeCode").withArgs(code);
      }
      const registry = await factory.deploy(admin.address, "GZ");
      expect(await registry.exchangeCode()).to.equal("GZ");
      expect(await registry.hasRole(ADMIN_ROLE, admin.address)).to.equal(true);
    });
  });

  describe("applyForAccreditation", () => {
    it("records a Pending applicant, who may re-apply while pending", async () => {
      const { participants, stranger } = await loadFixture(registryFixture);
      await expect(participants.connect(stranger).applyForAccreditation(Kind.Buyer, 0, jurisdiction("HK"), hashOf("dossier")))
        .to.emit(participants, "ParticipantApplied").withArgs(stranger.address, Kind.Buyer, 0, jurisdiction("HK"), hashOf("dossier"))
        .and.to.emit(participants, "ParticipantStatusChanged").withArgs(stranger.address, ParticipantStatus.None, ParticipantStatus.Pending, ethers.ZeroHash);
      const count = await participants.participantCount();
      await expect(participants.connect(stranger).applyForAccreditation(Kind.Buyer | Kind.Provider, 0, jurisdiction("HK"), hashOf("dossier 2")))
        .to.emit(participants, "ParticipantApplied")
        .and.to.not.emit(participants, "ParticipantStatusChanged");
      expect(await participants.participantCount()).to.equal(count);
      const record = await participants.participant(stranger.address);
      expect(record.status).to.equal(ParticipantStatus.Pending);
      expect(record.kinds).to.equal(Kind.Buyer | Kind.Provider);
      expect(await participants.isAccredited(stranger.address, 0)).to.equal(false);
    });

    it("rejects invalid profiles", async () => {
      const { participants, stranger } = await loadFixture(registryFixture);
      const apply = (kinds: number, assessmentKinds: number, code = "CN", dossier = hashOf("d")) =>
        participants.connect(stranger).applyForAccreditation(kinds, assessmentKinds, jurisdiction(code), dossier);
      await expect(apply(0, 0)).to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidKinds").withArgs(0);
      await expect(apply(64, 0)).to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidKinds").withArgs(64);
      await expect(apply(Kind.Buyer, 1)).to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidAssessmentKinds").withArgs(1);
      await expect(apply(Kind.Assessor, 0)).to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidAssessmentKinds").withArgs(0);
      await expect(apply(Kind.Assessor, 1 << 7)).to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidAssessmentKinds").withArgs(128);
      await expect(apply(Kind.Buyer, 0, "cn")).to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidJurisdiction").withArgs(jurisdiction("cn"));
      await expect(apply(Kind.Buyer, 0, "C1")).to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidJurisdiction").withArgs(jurisdiction("C1"));
      await expect(apply(Kind.Buyer, 0, "CN", ethers.ZeroHash)).to.be.revertedWithCustomError(participants, "ParticipantRegistryMissingDossier");
    });

    it("rejects an application from an accredited, suspended or revoked participant", async () => {
      const { participants, registrar, buyer } = await loadFixture(registryFixture);
      const apply = () => participants.connect(buyer).applyForAccreditation(Kind.Buyer, 0, jurisdiction("CN"), hashOf("d"));
      await expect(apply()).to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus").withArgs(buyer.address, ParticipantStatus.Active);
      await participants.connect(registrar).suspend(buyer.address, hashOf("x"));
      await expect(apply()).to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus").withArgs(buyer.address, ParticipantStatus.Suspended);
      await participants.connect(registrar).revoke(buyer.address, hashOf("x"));
      await expect(apply()).to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus").withArgs(buyer.address, ParticipantStatus.Revoked);
    });
  });

  describe("accredit", () => {
    it("accredits a pending applicant and a new account", async () => {
      const { participants, registrar, stranger } = await loadFixture(registryFixture);
      await participants.connect(stranger).applyForAccreditation(Kind.Buyer, 0, jurisdiction("HK"), hashOf("d"));
      const until = (await now()) + YEAR;
      await expect(participants.connect(registrar).accredit(stranger.address, Kind.Buyer, 0, jurisdiction("HK"), hashOf("d"), until))
        .to.emit(participants, "ParticipantAccredited").withArgs(stranger.address, Kind.Buyer, 0, jurisdiction("HK"), hashOf("d"), until)
        .and.to.emit(participants, "ParticipantStatusChanged").withArgs(stranger.address, ParticipantStatus.Pending, ParticipantStatus.Active, ethers.ZeroHash);
      expect(await participants.isAccredited(stranger.address, Kind.Buyer)).to.equal(true);
      expect(await participants.isAccredited(stranger.address, Kind.Buyer | Kind.Provider)).to.equal(false);
      const fresh = ethers.Wallet.createRandom().address;
      const before = await participants.participantCount();
      await expect(participants.connect(registrar).accredit(fresh, Kind.Provider, 0, jurisdiction("CN"), hashOf("d"), until))
        .to.emit(participants, "ParticipantStatusChanged").withArgs(fresh, ParticipantStatus.None, ParticipantStatus.Active, ethers.ZeroHash);
      expect(await participants.participantCount()).to.equal(before + 1n);
      expect(await participants.participantAt(before)).to.equal(fresh);
    });

    it("re-accredits an active participant without a status change", async () => {
      const { participants, registrar, buyer } = await loadFixture(registryFixture);
      const until = (await now()) + 20n * YEAR;
      await expect(participants.connect(registrar).accredit(buyer.address, Kind.Buyer, 0, jurisdiction("SG"), hashOf("renewed"), until))
        .to.emit(participants, "ParticipantAccredited")
        .and.to.not.emit(participants, "ParticipantStatusChanged");
      expect((await participants.participant(buyer.address)).jurisdiction).to.equal(jurisdiction("SG"));
      expect((await participants.participant(buyer.address)).accreditedUntil).to.equal(until);
    });

    it("rejects a suspended or revoked account, a zero account, a past expiry, an invalid profile and a non-Registrar", async () => {
      const { participants, registrar, buyer, provider, stranger } = await loadFixture(registryFixture);
      const until = (await now()) + YEAR;
      const accredit = (account: string, kinds: number = Kind.Buyer, expiry = until) =>
        participants.connect(registrar).accredit(account, kinds, 0, jurisdiction("CN"), hashOf("d"), expiry);
      await participants.connect(registrar).suspend(buyer.address, hashOf("x"));
      await expect(accredit(buyer.address)).to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus").withArgs(buyer.address, ParticipantStatus.Suspended);
      await participants.connect(registrar).revoke(provider.address, hashOf("x"));
      await expect(accredit(provider.address)).to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus").withArgs(provider.address, ParticipantStatus.Revoked);
      await expect(accredit(ethers.ZeroAddress)).to.be.revertedWithCustomError(participants, "ParticipantRegistryZeroAccount");
      const past = (await now()) - 1n;
      await expect(accredit(stranger.address, Kind.Buyer, past)).to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidExpiry").withArgs(past);
      await expect(accredit(stranger.address, 0)).to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidKinds").withArgs(0);
      await expect(participants.connect(stranger).accredit(stranger.address, Kind.Buyer, 0, jurisdiction("CN"), hashOf("d"), until))
        .to.be.revertedWithCustomError(participants, "AccessControlUnauthorizedAccount").withArgs(stranger.address, REGISTRAR_ROLE);
    });
  });

  describe("suspend, reinstate, revoke", () => {
    it("moves through the lifecycle with reasons, and rejects the wrong starting status", async () => {
      const { participants, registrar, buyer, stranger } = await loadFixture(registryFixture);
      await expect(participants.connect(registrar).suspend(buyer.address, hashOf("late filing")))
        .to.emit(participants, "ParticipantStatusChanged").withArgs(buyer.address, ParticipantStatus.Active, ParticipantStatus.Suspended, hashOf("late filing"));
      expect(await participants.isAccredited(buyer.address, 0)).to.equal(false);
      await expect(participants.connect(registrar).suspend(buyer.address, hashOf("x")))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus").withArgs(buyer.address, ParticipantStatus.Suspended);
      await expect(participants.connect(registrar).reinstate(buyer.address, hashOf("filed")))
        .to.emit(participants, "ParticipantStatusChanged").withArgs(buyer.address, ParticipantStatus.Suspended, ParticipantStatus.Active, hashOf("filed"));
      await expect(participants.connect(registrar).reinstate(buyer.address, hashOf("x")))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus").withArgs(buyer.address, ParticipantStatus.Active);
      await expect(participants.connect(registrar).revoke(buyer.address, hashOf("fraud")))
        .to.emit(participants, "ParticipantStatusChanged").withArgs(buyer.address, ParticipantStatus.Active, ParticipantStatus.Revoked, hashOf("fraud"));
      await expect(participants.connect(registrar).revoke(buyer.address, hashOf("x")))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus").withArgs(buyer.address, ParticipantStatus.Revoked);
      await expect(participants.connect(registrar).revoke(stranger.address, hashOf("x")))
        .to.be.revertedWithCustomError(participants, "ParticipantRegistryInvalidStatus").withArgs(stranger.address, ParticipantStatus.None);
    });

    it("is Registrar-only", async () => {
      const { participants, buyer, provider } = await loadFixture(registryFixture);
      for (const action of [
        () => participants.connect(buyer).suspend(provider.address, hashOf("x")),
        () => participants.connect(buyer).reinstate(provider.address, hashOf("x")),
        () => participants.connect(buyer).revoke(provider.address, hashOf("x")),
      ]) {
        await expect(action()).to.be.revertedWithCustomError(participants, "AccessControlUnauthorizedAccount").withArgs(buyer.address, REGISTRAR_ROLE);
      }
    });
  });

  describe("accreditation queries", () => {
    it("lapses at the accreditation expiry", async () => {
      const { participants, buyer } = await loadFixture(registryFixture);
      expect(await participants.isAccredited(buyer.address, Kind.Buyer)).to.equal(true);
      await time.increaseTo((await participants.participant(buyer.address)).accreditedUntil);
      expect(await participants.isAccredited(buyer.address, Kind.Buyer)).to.equal(false);
    });

    it("answers per assessment kind for assessors", async () => {
      const { participants, lawFirm, institute, buyer } = await loadFixture(registryFixture);
      expect(await participants.isAccreditedAssessor(lawFirm.address, AssessmentKind.LegalCompliance)).to.equal(true);
      expect(await participants.isAccreditedAssessor(lawFirm.address, AssessmentKind.Quality)).to.equal(false);
      expect(await participants.isAccreditedAssessor(institute.address, AssessmentKind.Quality)).to.equal(true);
      expect(await participants.isAccreditedAssessor(buyer.address, AssessmentKind.Quality)).to.equal(false);
      expect((await participants.participant(lawFirm.address)).assessmentKinds).to.equal(
        kindBit(AssessmentKind.LegalCompliance) | kindBit(AssessmentKind.PersonalInfoProtection),
      );
    });

    it("knows the exchange staff", async () => {
      const { participants, admin, registrar, arbiter, buyer } = await loadFixture(registryFixture);
      for (const staff of [admin, registrar, arbiter]) expect(await participants.isStaff(staff.address)).to.equal(true);
      expect(await participants.isStaff(buyer.address)).to.equal(false);
      expect(await participants.hasRole(ARBITER_ROLE, arbiter.address)).to.equal(true);
      expect(await participants.getRoleMemberCount(REGISTRAR_ROLE)).to.equal(1n);
    });
  });

  describe("transactionAllowed (EEA permissioning)", () => {
    it("has the EEA selector 0x936421d5", async () => {
      const { participants } = await loadFixture(registryFixture);
      expect(participants.interface.getFunction("transactionAllowed").selector).to.equal(TRANSACTION_ALLOWED_SELECTOR);
    });

    it("allows active participants and staff, and nobody else", async () => {
      const { participants, registrar, admin, arbiter, buyer, provider, stranger, auditor } = await loadFixture(registryFixture);
      const allowed = (sender: string) =>
        participants.transactionAllowed(sender, ethers.ZeroAddress, 0n, 0n, 21_000n, "0x");
      for (const account of [admin, registrar, arbiter, buyer, provider]) expect(await allowed(account.address)).to.equal(true);
      expect(await allowed(stranger.address)).to.equal(false);
      await participants.connect(stranger).applyForAccreditation(Kind.Buyer, 0, jurisdiction("CN"), hashOf("d"));
      expect(await allowed(stranger.address)).to.equal(false);
      await participants.connect(registrar).suspend(buyer.address, hashOf("x"));
      expect(await allowed(buyer.address)).to.equal(false);
      await participants.connect(registrar).revoke(provider.address, hashOf("x"));
      expect(await allowed(provider.address)).to.equal(false);
      await time.increaseTo((await participants.participant(auditor.address)).accreditedUntil);
      expect(await allowed(auditor.address)).to.equal(false);
    });
  });

  describe("roles", () => {
    it("lets only the Admin grant roles", async () => {
      const { participants, admin, registrar, stranger } = await loadFixture(registryFixture);
      await expect(participants.connect(registrar).grantRole(REGISTRAR_ROLE, stranger.address))
        .to.be.revertedWithCustomError(participants, "AccessControlUnauthorizedAccount").withArgs(registrar.address, ADMIN_ROLE);
      await expect(participants.connect(admin).grantRole(REGISTRAR_ROLE, stranger.address))
        .to.emit(participants, "RoleGranted").withArgs(REGISTRAR_ROLE, stranger.address, admin.address);
      expect(await participants.REGISTRAR_ROLE()).to.equal(REGISTRAR_ROLE);
      expect(await participants.ARBITER_ROLE()).to.equal(ARBITER_ROLE);
    });

    it("supports the registry, AccessControl and ERC-165 interfaces", async () => {
      const { participants } = await loadFixture(registryFixture);
      const accessControl = "0x7965db0b";
      expect(await participants.supportsInterface(accessControl)).to.equal(true);
      expect(await participants.supportsInterface("0x01ffc9a7")).to.equal(true);
      expect(await participants.supportsInterface("0xffffffff")).to.equal(false);
      // type(IParticipantRegistry).interfaceId: XOR of the selectors it declares itself.
      const own = (await artifacts.readArtifact("IParticipantRegistry")).abi;
      const inherited = new Set(
        (await artifacts.readArtifact("IAccessControlEnumerable")).abi.map((item: { name?: string }) => item.name),
      );
      const selectors = new ethers.Interface(own).fragments
        .filter((fragment): fragment is FunctionFragment => fragment instanceof FunctionFragment && !inherited.has(fragment.name))
        .map((fragment) => BigInt(fragment.selector));
      const interfaceId = `0x${selectors.reduce((acc, selector) => acc ^ selector, 0n).toString(16).padStart(8, "0")}`;
      expect(await participants.supportsInterface(interfaceId)).to.equal(true);
    });
  });
});
