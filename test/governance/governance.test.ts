import { expect } from "chai";
import hre, { ethers } from "hardhat";
import { time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import { deployClientInProcess } from "../../deploy/hardhat";
import { deployDatarights } from "../../deploy/deployer";
import type { DatarightsClient } from "../../src/sdk/client";
import { refusal } from "../fixtures";
import { ROLES } from "../../src/sdk/roles";
import { getCertificate, getGovernance, getParticipant, getProduct } from "../../src/sdk/actions/read";
import {
  acceptAdminTransfer, accredit, beginAdminTransfer, cancelAdminTransfer, certifyProduct, completeAccountReplacement, confirmDeal, confirmReceipt,
  deliverTrade, draftDeal, grantRole, issueCertificate, listProduct, lodgeObjection, pauseRecords, proposeAccountReplacement, recordAssessment,
  registerProduct, replaceAccount, requirementKey, setSuccessor, signAccountReplacement, signDeal, transferCertificate, unpauseRecords,
  cancelAccountReplacement, delistProduct, revokeAssessment, surrenderCertificate,
} from "../../src/sdk/actions/write";
import { verifyProduct } from "../../src/sdk/verify";

const DAY = 86_400n;
const YEAR = 365n * DAY;
const hash = (text: string): string => ethers.id(text);
const latest = async (): Promise<bigint> => BigInt(await time.latest());


const PRODUCT = {
  contentHash: hash("meter readings"), originDeclarationHash: hash("origin"), productType: "Dataset" as const,
  sourceCategory: "Enterprise" as const, classification: "General" as const, containsPersonalInfo: false, metadataURI: "ipfs://meter",
};

/** A deployment with its staff and cast, one product certified, its holding issued and listed. */
async function exchange(parameters: Parameters<typeof deployClientInProcess>[1] = "SZDE") {
  const admin = await deployClientInProcess(hre, parameters);
  const signers = await ethers.getSigners();
  const [, registrarSigner, providerSigner, buyerSigner, lawFirmSigner, instituteSigner, pauserSigner, regulatorSigner, strangerSigner] = signers;
  const as = (signer: HardhatEthersSigner): DatarightsClient => admin.withAccount(signer);
  const [registrar, provider, buyer, lawFirm, institute, pauser, regulator, stranger] = [
    registrarSigner, providerSigner, buyerSigner, lawFirmSigner, instituteSigner, pauserSigner, regulatorSigner, strangerSigner,
  ].map(as);
  await grantRole(admin, { role: "registrar", account: registrarSigner.address });
  const until = (await latest()) + 3n * YEAR;
  const profile = { jurisdiction: "CN", dossierHash: hash("dossier"), accreditedUntil: until };
  await accredit(registrar, { account: providerSigner.address, kinds: ["Provider"], ...profile });
  await accredit(registrar, { account: buyerSigner.address, kinds: ["Buyer"], ...profile });
  await accredit(registrar, { account: lawFirmSigner.address, kinds: [], assessmentKinds: ["LegalCompliance"], ...profile });
  await accredit(registrar, { account: instituteSigner.address, kinds: [], assessmentKinds: ["Quality"], ...profile });
  const { productId } = await registerProduct(provider, PRODUCT);
  const expiresAt = (await latest()) + YEAR;
  await recordAssessment(lawFirm, { productId, kind: "LegalCompliance", passed: true, expiresAt, reportHash: hash("legal") });
  await recordAssessment(institute, { productId, kind: "Quality", passed: true, expiresAt, reportHash: hash("quality") });
  await certifyProduct(registrar, { productId });
  const { certificateId: holdingId } = await issueCertificate(registrar, {
    holder: providerSigner.address, productId, category: "ResourceHolding", expiresAt: (await latest()) + 5n * YEAR,
    scopeHash: hash("scope"), evidenceHash: hash("evidence"),
  });
  await listProduct(registrar, { productId, rightOffered: "ProcessingUse", licenceDuration: YEAR, jurisdictions: ["CN"] });
  const trade = async (terms: string) => {
    const { deal } = await draftDeal(registrar, {
      productId, buyer: buyerSigner.address, sellerCertificateId: holdingId, price: { amount: 1_000n, currency: "CNY" },
      termsHash: hash(terms), purposeHash: hash("purpose"),
    });
    return confirmDeal(registrar, {
      deal, sellerSignature: (await signDeal(provider, { deal })).signature, buyerSignature: (await signDeal(buyer, { deal })).signature,
    });
  };
  return {
    admin, registrar, provider, buyer, pauser, regulator, stranger, lawFirm, productId, holdingId, trade, as, signers,
    addresses: {
      admin: signers[0].address, pauser: pauserSigner.address, regulator: regulatorSigner.address, stranger: strangerSigner.address,
      provider: providerSigner.address, buyer: buyerSigner.address, lawFirm: lawFirmSigner.address,
    },
  };
}

describe("governance", () => {
  describe("the Admin role", () => {
    it("is handed over in two steps, after the delay, with the handover visible before it takes effect", async () => {
      const world = await exchange({ adminDelaySeconds: 2 * 86_400 });
      const successor = world.stranger;
      expect(await getGovernance(world.admin)).to.deep.include({ admin: world.addresses.admin, adminDelay: 2n * DAY, pendingAdmin: null });

      const { effectiveAt } = await beginAdminTransfer(world.admin, { newAdmin: world.addresses.stranger });
      expect(effectiveAt).to.equal((await latest()) + 2n * DAY);
      expect((await getGovernance(world.admin)).pendingAdmin).to.deep.equal({ account: world.addresses.stranger, effectiveAt });
      // Before the delay, the pending Admin cannot accept; nobody else ever can.
      expect((await refusal(acceptAdminTransfer(successor))).errorName).to.equal("AccessControlEnforcedDefaultAdminDelay");
      expect((await refusal(acceptAdminTransfer(world.registrar))).errorName).to.equal("AccessControlInvalidDefaultAdmin");
      expect((await getGovernance(world.admin)).admin).to.equal(world.addresses.admin);

      await time.increaseTo(effectiveAt + 1n);
      await acceptAdminTransfer(successor);
      const governance = await getGovernance(world.admin);
      expect(governance).to.deep.include({ admin: world.addresses.stranger, pendingAdmin: null });
      expect(await world.admin.contracts.participants.hasRole(ROLES.admin, world.addresses.admin)).to.equal(false);
      expect((await refusal(grantRole(world.admin, { role: "pauser", account: world.addresses.pauser }))).errorName).to.equal("AccessControlUnauthorizedAccount");
      await grantRole(successor, { role: "pauser", account: world.addresses.pauser });
      expect(await world.admin.contracts.participants.hasRole(ROLES.pauser, world.addresses.pauser)).to.equal(true);
    });

    it("can be cancelled while pending, and is never granted in one step", async () => {
      const world = await exchange();
      await beginAdminTransfer(world.admin, { newAdmin: world.addresses.stranger });
      await cancelAdminTransfer(world.admin);
      expect((await getGovernance(world.admin)).pendingAdmin).to.equal(null);
      await time.increase(3n * DAY);
      expect((await refusal(acceptAdminTransfer(world.stranger))).errorName).to.equal("AccessControlInvalidDefaultAdmin");
      expect((await refusal(grantRole(world.admin, { role: "admin", account: world.addresses.stranger }))).errorName).to.equal("AccessControlEnforcedDefaultAdminRules");
    });
  });

  it("a policy change under the timelock waits out its delay, scheduled in public before it takes effect", async () => {
    const world = await exchange({ adminDelaySeconds: 86_400 });
    const [deployer] = await ethers.getSigners();
    const timelock = await ethers.deployContract("ExchangeTimelock", [DAY, [deployer.address], [ethers.ZeroAddress]]);
    const timelockAddress = await timelock.getAddress();
    const { participants, assessments } = world.admin.contracts;
    const salt = ethers.ZeroHash;
    const schedule = async (target: string, data: string) => {
      await (await timelock.schedule(target, 0, data, ethers.ZeroHash, salt, DAY)).wait();
      return timelock.hashOperation(target, 0, data, ethers.ZeroHash, salt);
    };
    const execute = (target: string, data: string) => timelock.execute(target, 0, data, ethers.ZeroHash, salt);

    // The Admin role moves to the timelock: begun by the Admin, accepted by the timelock itself.
    const { effectiveAt } = await beginAdminTransfer(world.admin, { newAdmin: timelockAddress });
    const accept = participants.interface.encodeFunctionData("acceptDefaultAdminTransfer");
    await schedule(await participants.getAddress(), accept);
    await time.increaseTo(effectiveAt + DAY);
    await (await execute(await participants.getAddress(), accept)).wait();
    expect((await getGovernance(world.admin)).admin).to.equal(timelockAddress);

    // A policy change: LegalCompliance and Quality and PriceEvaluation required of every product.
    const { scope, value } = requirementKey({ scope: "Base" });
    const before = await assessments.requirement(scope, value);
    const change = assessments.interface.encodeFunctionData("setRequirement", [scope, value, 0b111]);
    const assessmentsAddress = await assessments.getAddress();
    const id = await schedule(assessmentsAddress, change);
    // Visible on-chain before it takes effect, and not in force.
    expect(await timelock.isOperationPending(id)).to.equal(true);
    const [scheduled] = await timelock.queryFilter(timelock.filters.CallScheduled(id));
    expect(scheduled.args.data).to.equal(change);
    expect(await assessments.requirement(scope, value)).to.equal(before);
    await expect(execute(assessmentsAddress, change)).to.be.revertedWithCustomError(timelock, "TimelockUnexpectedOperationState");
    // The old Admin can no longer change the policy directly.
    await expect(assessments.setRequirement(scope, value, 0b111)).to.be.revertedWithCustomError(participants, "AccessControlUnauthorizedAccount");

    await time.increase(DAY);
    await (await execute(assessmentsAddress, change)).wait();
    expect(await assessments.requirement(scope, value)).to.equal(0b111n);
    expect(await timelock.isOperationDone(id)).to.equal(true);
  });

  it("the emergency pause stops new registrations, issues and trades, never reads, verification or confirmed trades", async () => {
    const world = await exchange();
    const { tradeId } = await world.trade("before the pause");
    expect((await refusal(pauseRecords(world.pauser))).errorName).to.equal("AccessControlUnauthorizedAccount");
    await grantRole(world.admin, { role: "pauser", account: world.addresses.pauser });
    const { transactions } = await pauseRecords(world.pauser);
    expect(transactions).to.have.length(3);
    expect((await getGovernance(world.admin)).paused).to.deep.equal({ products: true, certificates: true, trades: true });
    // Paused again: nothing to send.
    expect((await pauseRecords(world.pauser)).transactions).to.have.length(0);

    expect((await refusal(registerProduct(world.provider, { ...PRODUCT, contentHash: hash("other") }))).errorName).to.equal("EnforcedPause");
    expect((await refusal(issueCertificate(world.registrar, {
      holder: world.addresses.provider, productId: world.productId, category: "ProductOperation", expiresAt: (await latest()) + YEAR,
      scopeHash: hash("scope 2"), evidenceHash: hash("evidence 2"),
    }))).errorName).to.equal("EnforcedPause");
    expect((await refusal(world.trade("during the pause"))).errorName).to.equal("EnforcedPause");
    expect((await refusal(transferCertificate(world.registrar, { certificateId: world.holdingId, newHolder: world.addresses.buyer, evidenceHash: hash("t") })))
      .errorName).to.equal("EnforcedPause");

    // A trade confirmed before the pause still completes: its licence is minted.
    await deliverTrade(world.provider, { tradeId, deliveryHash: hash("delivery") });
    const { licenceId } = await confirmReceipt(world.buyer, { tradeId });
    expect((await getCertificate(world.admin, { certificateId: licenceId })).validity).to.equal("Valid");
    // Reads and verification go on.
    expect((await getProduct(world.admin, { productId: world.productId })).status).to.equal("Listed");
    expect((await verifyProduct(world.admin, world.productId)).passed).to.equal(true);

    // Resuming is governance's decision: a Pauser's key cannot undo the pause.
    expect((await refusal(unpauseRecords(world.pauser))).errorName).to.equal("AccessControlUnauthorizedAccount");
    await unpauseRecords(world.admin);
    expect((await getGovernance(world.admin)).paused).to.deep.equal({ products: false, certificates: false, trades: false });
    await registerProduct(world.provider, { ...PRODUCT, contentHash: hash("other") });
    await world.trade("after the pause");
  });

  it("the regulator lodges objections without an accreditation; a stranger cannot", async () => {
    const world = await exchange();
    expect((await refusal(lodgeObjection(world.regulator, { target: "product", targetId: world.productId, claimHash: hash("claim") }))).errorName)
      .to.equal("ObjectionClaimantNotAccredited");
    await grantRole(world.admin, { role: "regulator", account: world.addresses.regulator });
    const { objectionId } = await lodgeObjection(world.regulator, { target: "product", targetId: world.productId, claimHash: hash("claim") });
    expect(objectionId).to.equal(1n);
    expect((await refusal(lodgeObjection(world.stranger, { target: "product", targetId: world.productId, claimHash: hash("claim 2") }))).errorName)
      .to.equal("ObjectionClaimantNotAccredited");
  });

  describe("epochs", () => {
    it("link two deployments of one exchange both ways, the successor named once by governance", async () => {
      // Registration numbers across a migration: test/governance/migration.test.ts.
      const first = await exchange();
      const firstRegistry = await first.admin.contracts.participants.getAddress();
      const { deployment } = await deployDatarights({
        signer: first.signers[0], network: "epoch-2", predecessor: first.admin.deployment, artifactsDir: hre.config.paths.artifacts,
      });
      const second = first.admin.forDeployment(deployment);
      const secondRegistry = deployment.contracts.ParticipantRegistry.address;
      expect((await getGovernance(first.admin)).epoch).to.equal(1);
      expect(await getGovernance(second)).to.deep.include({ epoch: 2, predecessor: firstRegistry, successor: null });

      // Governance names the successor, once, and only one that names it as predecessor.
      const third = await exchange();
      expect((await refusal(setSuccessor(first.admin, { registry: await third.admin.contracts.participants.getAddress() }))).errorName)
        .to.equal("ParticipantRegistryInvalidSuccessor");
      expect((await refusal(setSuccessor(first.registrar, { registry: secondRegistry }))).errorName).to.equal("AccessControlUnauthorizedAccount");
      await setSuccessor(first.admin, { registry: secondRegistry });
      expect((await getGovernance(first.admin)).successor).to.equal(secondRegistry);
      expect((await refusal(setSuccessor(first.admin, { registry: secondRegistry }))).errorName).to.equal("ParticipantRegistrySuccessorAlreadySet");
    });

    it("refuse a predecessor of another exchange", async () => {
      const first = await exchange();
      const [admin] = await ethers.getSigners();
      const factory = await ethers.getContractFactory("ParticipantRegistry");
      const predecessor = await first.admin.contracts.participants.getAddress();
      await expect(factory.deploy(admin.address, "BJDE", 0, predecessor))
        .to.be.revertedWithCustomError(factory, "ParticipantRegistryInvalidPredecessor").withArgs(predecessor);
    });
  });

  describe("key rotation", () => {
    it("moves a participant to a new account with its old key's consent; its open trades and certificates follow it", async () => {
      const world = await exchange();
      const { participants } = world.admin.contracts;
      const newKey = ethers.Wallet.createRandom().connect(ethers.provider);
      await (await world.signers[0].sendTransaction({ to: newKey.address, value: ethers.parseEther("1") })).wait();
      const newProvider = world.as(newKey as unknown as HardhatEthersSigner);
      const { tradeId } = await world.trade("open across the rotation");

      // Consent signed by anyone but the old key is refused.
      const deadline = (await latest()) + DAY;
      const forged = await signAccountReplacement(world.stranger, { newAccount: newKey.address, deadline });
      expect((await refusal(replaceAccount(world.registrar, { account: world.addresses.provider, newAccount: newKey.address, ...forged }))).errorName)
        .to.equal("ParticipantRegistryInvalidReplacementSignature");
      // A consent past its deadline is refused too.
      const stale = await signAccountReplacement(world.provider, { newAccount: newKey.address, deadline: (await latest()) - 1n });
      expect((await refusal(replaceAccount(world.registrar, { account: world.addresses.provider, newAccount: newKey.address, ...stale }))).errorName)
        .to.equal("ParticipantRegistryInvalidReplacementSignature");
      const consent = await signAccountReplacement(world.provider, { newAccount: newKey.address, deadline });
      expect((await refusal(replaceAccount(world.stranger, { account: world.addresses.provider, newAccount: newKey.address, ...consent }))).errorName)
        .to.equal("AccessControlUnauthorizedAccount");
      await replaceAccount(world.registrar, { account: world.addresses.provider, newAccount: newKey.address, ...consent });

      expect((await getParticipant(world.admin, { account: world.addresses.provider })).status).to.equal("Revoked");
      expect(await getParticipant(world.admin, { account: newKey.address })).to.deep.include({ status: "Active", kinds: ["Provider"] });
      expect(await participants.currentAccount(world.addresses.provider)).to.equal(newKey.address);
      // Once only: the old account is Revoked, and the new one is no longer fresh.
      const again = await signAccountReplacement(world.provider, { newAccount: world.addresses.stranger, deadline });
      expect((await refusal(replaceAccount(world.registrar, { account: world.addresses.provider, newAccount: world.addresses.stranger, ...again }))).errorName)
        .to.equal("ParticipantRegistryInvalidStatus");

      // The replaced key can no longer give the participant's rights or products away.
      expect((await refusal(surrenderCertificate(world.provider, { certificateId: world.holdingId }))).errorName).to.equal("RightsCertificateHolderNotAccredited");
      expect((await refusal(delistProduct(world.provider, { productId: world.productId }))).errorName).to.equal("AccessControlUnauthorizedAccount");
      // The open trade follows the seller: its new account delivers, the buyer receives.
      await deliverTrade(newProvider, { tradeId, deliveryHash: hash("delivery") });
      const { licenceId } = await confirmReceipt(world.buyer, { tradeId });
      // The right is reissued to the new account, linked to the old certificate, now Superseded; the licence stays valid.
      const { certificateId: movedId } = await transferCertificate(world.registrar, { certificateId: world.holdingId, newHolder: newKey.address, evidenceHash: hash("rotation") });
      const [old, moved, licence] = await Promise.all([
        getCertificate(world.admin, { certificateId: world.holdingId }), getCertificate(world.admin, { certificateId: movedId }),
        getCertificate(world.admin, { certificateId: licenceId }),
      ]);
      expect(old).to.deep.include({ status: "Superseded", validity: "Superseded" });
      expect(moved).to.deep.include({ holder: newKey.address, validity: "Valid", predecessorId: world.holdingId });
      expect(licence.validity).to.equal("Valid");
      // The new key trades on.
      const { deal } = await draftDeal(world.registrar, {
        productId: world.productId, buyer: world.addresses.buyer, sellerCertificateId: movedId, price: { amount: 1_000n, currency: "CNY" },
        termsHash: hash("after the rotation"), purposeHash: hash("purpose"),
      });
      await confirmDeal(world.registrar, {
        deal, sellerSignature: (await signDeal(newProvider, { deal })).signature, buyerSignature: (await signDeal(world.buyer, { deal })).signature,
      });
    });

    it("replaces a lost key only after the governance delay, citing the dossier evidence, visible until then", async () => {
      const world = await exchange({ adminDelaySeconds: 86_400 });
      // The participant itself can stop a replacement it did not ask for; a stranger cannot.
      await proposeAccountReplacement(world.registrar, { account: world.addresses.buyer, newAccount: world.addresses.stranger, evidenceHash: hash("forged loss") });
      expect((await refusal(cancelAccountReplacement(world.stranger, { account: world.addresses.buyer }))).errorName).to.equal("AccessControlUnauthorizedAccount");
      await cancelAccountReplacement(world.buyer, { account: world.addresses.buyer });
      expect((await world.admin.contracts.participants.pendingAccountReplacement(world.addresses.buyer)).newAccount).to.equal(ethers.ZeroAddress);
      const { participants } = world.admin.contracts;
      const newKey = ethers.Wallet.createRandom().connect(ethers.provider);
      await (await world.signers[0].sendTransaction({ to: newKey.address, value: ethers.parseEther("1") })).wait();
      const newBuyer = world.as(newKey as unknown as HardhatEthersSigner);
      const { tradeId } = await world.trade("the buyer's open trade");
      await deliverTrade(world.provider, { tradeId, deliveryHash: hash("delivery") });

      const { effectiveAt } = await proposeAccountReplacement(world.registrar, { account: world.addresses.buyer, newAccount: newKey.address, evidenceHash: hash("notarised loss") });
      expect(effectiveAt).to.equal((await latest()) + DAY);
      const pending = await participants.pendingAccountReplacement(world.addresses.buyer);
      expect([pending.newAccount, pending.effectiveAt, pending.evidenceHash]).to.deep.equal([newKey.address, effectiveAt, hash("notarised loss")]);
      expect((await refusal(completeAccountReplacement(world.registrar, { account: world.addresses.buyer }))).errorName).to.equal("ParticipantRegistryReplacementNotDue");
      expect((await getParticipant(world.admin, { account: world.addresses.buyer })).status).to.equal("Active");

      await time.increaseTo(effectiveAt);
      await completeAccountReplacement(world.registrar, { account: world.addresses.buyer });
      expect((await getParticipant(world.admin, { account: world.addresses.buyer })).status).to.equal("Revoked");
      // The buyer's open trade follows it: the new account confirms receipt and holds the licence.
      const { licenceId } = await confirmReceipt(newBuyer, { tradeId });
      expect((await getCertificate(world.admin, { certificateId: licenceId })).holder).to.equal(newKey.address);
      expect((await refusal(completeAccountReplacement(world.registrar, { account: world.addresses.buyer }))).errorName).to.equal("ParticipantRegistryNoPendingReplacement");
    });
  });
  it("an assessor's key rotation keeps its findings in force; the replaced key can no longer revoke them", async () => {
    const world = await exchange();
    const { assessments } = world.admin.contracts;
    const newKey = ethers.Wallet.createRandom().connect(ethers.provider);
    await (await world.signers[0].sendTransaction({ to: newKey.address, value: ethers.parseEther("1") })).wait();
    const deadline = (await latest()) + DAY;
    const consent = await signAccountReplacement(world.lawFirm, { newAccount: newKey.address, deadline });
    await replaceAccount(world.registrar, { account: world.addresses.lawFirm, newAccount: newKey.address, ...consent });
    // The product still meets its policy, and trades on.
    expect(await assessments.missingKinds(world.productId)).to.equal(0n);
    await world.trade("after the assessor's rotation");
    // The old key cannot revoke the firm's finding; the new one can.
    expect((await refusal(revokeAssessment(world.lawFirm, { assessmentId: 1n, reasonHash: hash("withdrawn") }))).errorName).to.equal("AssessmentUnauthorizedRevoker");
    await revokeAssessment(world.as(newKey as unknown as HardhatEthersSigner), { assessmentId: 1n, reasonHash: hash("withdrawn") });
    expect(await assessments.missingKinds(world.productId)).to.not.equal(0n);
  });
});
