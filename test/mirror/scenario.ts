import { Wallet, ethers } from "ethers";
import { anvilAccount } from "../../src/devchain/anvil";
import {
  accredit, amendCertificate, applyForAccreditation, attachPaymentReference, cancelTrade, confirmDeal, confirmPrice, confirmReceipt,
  deliverTrade, disputeTrade, draftDeal, grantRole, listProduct, lodgeObjection, pledgeCertificate, proposePrice, raiseNonceFloor,
  registerProduct, reinstateCertificate, reinstateParticipant, reinstateProduct, releasePledge, renewCertificate, resolveDispute, resolveObjection,
  revokeAssessment, revokeParticipant, revokeRole, setNegotiable, setRequirement, signDeal, suspendCertificate, suspendParticipant,
  suspendProduct, transferCertificate, voidDeal, pauseRecords, unpauseRecords, beginAdminTransfer, cancelAdminTransfer,
  proposeAccountReplacement, cancelAccountReplacement, signAccountReplacement, replaceAccount,
} from "../../src/sdk/actions";
import { MIGRATED_CONTRACTS } from "../../src/sdk/deployment";
import type { DealValues } from "../../src/sdk/eip712";
import type { StoryContext } from "../../src/stories";
import type { TestChain } from "./chain";

/**
 * The acts the six stories leave out, so that, with the stories, every event of every contract
 * is emitted at least once: an application and the whole participant lifecycle, a role revoked,
 * a finding revoked, a policy change, objections dismissed and upheld, renewal, pledge and
 * release, transfer and change of a certificate, a Negotiable price and a pending proposal,
 * disputes upheld and rejected, a cancellation, a payment reference, a voided deal, a
 * confidential price, a suspension and a new version.
 */

/**
 * The new version's metadata URI: text COPY and PostgreSQL must take as it is (tab, newline,
 * backslash, quotes, non-ASCII) and a NUL, which PostgreSQL text cannot hold.
 */
export const HOSTILE_METADATA_URI = "ipfs://scenario-v2?note=tab\there\nnext line \\N back\\slash \"quoted\" {braces} nul\u0000 ünïcødé ✓";

/** Events the contracts declare (OpenZeppelin's interfaces) but can never emit. */
export const NEVER_EMITTED: Record<string, string> = {
  "RightsCertificate.Approval": "approve() always reverts: certificates are soulbound",
  "RightsCertificate.ApprovalForAll": "setApprovalForAll() always reverts",
  "RightsCertificate.Unlocked": "certificates are locked for ever (ERC-5192)",
  "AssessmentRegistry.EIP712DomainChanged": "the EIP-712 domain is immutable",
  "TradeLedger.EIP712DomainChanged": "the EIP-712 domain is immutable",
  "ParticipantRegistry.RoleAdminChanged": "no role's admin is ever changed (_setRoleAdmin is never called)",
  ...Object.fromEntries(MIGRATED_CONTRACTS.map((contract) => [
    `${contract}.RecordImported`, "only a successor deployment imports records: test/mirror/epochs.test.ts mirrors two epochs",
  ])),
  // Naming a successor seals the deployment, and the suites sharing this chain act on it after the
  // scenario: the move (story 7) is mirrored by test/mirror/epochs.test.ts instead.
  "ParticipantRegistry.SuccessorSet": "naming a successor seals the deployment: test/mirror/epochs.test.ts mirrors the move",
  "ParticipantRegistry.Sealed": "the registry is sealed by naming its successor (SuccessorSet), not by seal()",
  ...Object.fromEntries(MIGRATED_CONTRACTS.filter((contract) => contract !== "ParticipantRegistry").flatMap((contract) => [
    [`${contract}.Sealed`, "only a succeeded deployment is sealed: test/mirror/epochs.test.ts mirrors the move"],
    [`${contract}.CarriedCountsSettled`, "only a successor's first import settles: test/mirror/epochs.test.ts mirrors the move"],
  ])),
};

export interface ScenarioOutcome {
  applicant: string;
  /** The buyer of the scenario's trades, lower case. */
  buyer: string;
  productId: bigint;
  newVersionId: bigint;
  holdingId: bigint;
  disputedTradeId: bigint;
  cancelledTradeId: bigint;
  rejectedDisputeTradeId: bigint;
  confidentialTradeId: bigint;
  voidedDigest: string;
}

export async function runRemainingActs(chain: TestChain, context: StoryContext): Promise<ScenarioOutcome> {
  const { cast } = context;
  const provider = chain.signers[0].provider!;
  // Accounts beyond the cast: anvil runs 30, the stories use 24.
  const applicant = new Wallet(anvilAccount(26).privateKey, provider);
  const buyer = new Wallet(anvilAccount(27).privateKey, provider);
  const financier = new Wallet(anvilAccount(28).privateKey, provider);
  const arbiter = new Wallet(anvilAccount(29).privateKey, provider);
  // Every act goes through the SDK's actions, each from a client of its sender; ids come back from the actions.
  const admin = chain.client;
  const registrar = context.as(cast.registrar);
  const asApplicant = context.as(applicant);
  const asBuyer = context.as(buyer);
  const asArbiter = context.as(arbiter);
  const reason = (text: string) => ethers.id(text);

  // Staff: an Arbiter granted; a role granted and revoked again.
  await grantRole(admin, { role: "arbiter", account: arbiter.address });
  await grantRole(admin, { role: "arbiter", account: cast.auditor.address });
  await revokeRole(admin, { role: "arbiter", account: cast.auditor.address });
  // Policy: Model products also need an asset valuation.
  await setRequirement(admin, { target: { scope: "ProductType", value: "Model" }, kinds: ["AssetValuation"] });

  // A participant's whole lifecycle: applies, is accredited, suspended, reinstated.
  await applyForAccreditation(asApplicant, { kinds: ["Provider", "Buyer"], jurisdiction: "CN", dossierHash: reason("dossier of the applicant") });
  await accredit(registrar, {
    account: applicant.address, kinds: ["Provider", "Buyer"], jurisdiction: "CN", dossierHash: reason("dossier, reviewed"),
    accreditedUntil: (await context.now()) + 3n * context.YEAR,
  });
  await suspendParticipant(registrar, { account: applicant.address, reasonHash: reason("dossier under review") });
  await reinstateParticipant(registrar, { account: applicant.address, reasonHash: reason("review closed") });
  await context.accredit(buyer, { buyer: true });
  await context.accredit(financier, { financier: true });
  // A participant revoked for good.
  const revoked = new Wallet(anvilAccount(25).privateKey, provider);
  await context.accredit(revoked, { buyer: true });
  await revokeParticipant(registrar, { account: revoked.address, reasonHash: reason("licence withdrawn") });

  // A product: assessed (one finding revoked and recorded again), certified, a right issued.
  const { productId } = await context.registerProduct(applicant, {
    content: ethers.toUtf8Bytes("scenario dataset v1"), originDeclaration: "collected by the applicant", productType: "Dataset",
    sourceCategory: "Enterprise", metadataURI: "ipfs://scenario-v1",
  });
  const firstFinding = await context.recordFinding(productId, { assessor: cast.lawFirm, kind: "LegalCompliance", report: "opinion S-1" });
  await revokeAssessment(context.as(cast.lawFirm), { assessmentId: firstFinding, reasonHash: reason("superseded by a corrected opinion") });
  await context.certifyWithFindings(productId, [
    { assessor: cast.lawFirm, kind: "LegalCompliance", report: "opinion S-1, corrected" },
    { assessor: cast.standardsInstitute, kind: "Quality", report: "quality S-1", signed: true },
  ]);
  const holdingId = await context.issueRight(applicant, productId, "ResourceHolding", { scope: "all lawful uses", evidence: "registration S-1" });
  const operationId = await context.issueRight(applicant, productId, "ProductOperation", { scope: "resale", evidence: "registration S-1 PO" });

  // Objections: one against the product dismissed, one against a certificate upheld (it is revoked).
  const auditor = context.as(cast.auditor);
  const productObjection = await lodgeObjection(auditor, { target: "product", targetId: productId, claimHash: reason("ownership claim") });
  await resolveObjection(registrar, { target: "product", objectionId: productObjection.objectionId, upheld: false, resolutionHash: reason("claim unfounded") });
  const certificateObjection = await lodgeObjection(auditor, { target: "certificate", targetId: operationId, claimHash: reason("operation right disputed") });
  await resolveObjection(registrar, { target: "certificate", objectionId: certificateObjection.objectionId, upheld: true, resolutionHash: reason("claim upheld") });

  // Certificate acts: renewal, pledge and release, a licence changed (amend) and transferred (reissue).
  await renewCertificate(registrar, { certificateId: holdingId, expiresAt: (await context.now()) + 6n * context.YEAR });
  await pledgeCertificate(asApplicant, { certificateId: holdingId, financier: financier.address, agreementHash: reason("loan agreement S-1") });
  await releasePledge(context.as(financier), { certificateId: holdingId });
  const licenceId = await context.licenseRight(holdingId, buyer, "ProcessingUse", { scope: "analytics", evidence: "licence S-1" });
  const { certificateId: amendedId } = await amendCertificate(registrar, {
    certificateId: licenceId, scopeHash: reason("analytics and reporting"), evidenceHash: reason("licence S-1, amended"),
  });
  const { certificateId: transferredId } = await transferCertificate(registrar, {
    certificateId: amendedId, newHolder: cast.bankOfShenzhen.address, evidenceHash: reason("licence S-1 transferred"),
  });
  await suspendCertificate(registrar, { certificateId: transferredId, reasonHash: reason("payment overdue") });
  await reinstateCertificate(registrar, { certificateId: transferredId, reasonHash: reason("paid") });

  // Listing: Negotiable, then a proposal left pending, then confirmed, then Negotiable again.
  await listProduct(registrar, { productId, rightOffered: "ProcessingUse", licenceDuration: 2n * context.YEAR, jurisdictions: ["CN", "HK"] });
  await setNegotiable(asApplicant, { productId });
  await proposePrice(registrar, { productId, amount: 1_250_000n, currency: "CNY", method: "Market" });
  await confirmPrice(asApplicant, { productId });
  await proposePrice(context.as(cast.guizhouAppraiser), { productId, amount: 990_000n, currency: "CNY", method: "Income" });
  await setNegotiable(asApplicant, { productId });

  /** A deal of the applicant's holding to the buyer, drafted by the SDK with the nonce given, and both signatures. */
  const deal = async (nonce: bigint, confidential = false): Promise<{ deal: DealValues; sellerSignature: string; buyerSignature: string }> => {
    const at = await context.now();
    const price = { amount: 800_000n, currency: "CNY" };
    const { deal: values } = await draftDeal(registrar, {
      productId, buyer: buyer.address, sellerCertificateId: holdingId,
      ...(confidential ? { confidentialPrice: { amount: 777_000n, currency: "CNY", salt: ethers.id("salt") } } : { price }),
      termsHash: ethers.id(`terms ${nonce}`), purposeHash: ethers.id("risk models"), licenceExpiresAt: at + context.YEAR, nonce, deadline: at + 3600n,
    });
    return {
      deal: values,
      sellerSignature: (await signDeal(asApplicant, { deal: values })).signature,
      buyerSignature: (await signDeal(asBuyer, { deal: values })).signature,
    };
  };
  const confirm = async (nonce: bigint, confidential = false): Promise<bigint> => (await confirmDeal(registrar, await deal(nonce, confidential))).tradeId;
  const delivered = ethers.sha256(ethers.toUtf8Bytes("scenario dataset v1"));

  // A dispute upheld: the trade is annulled, no right granted.
  const disputedTradeId = await confirm(101n);
  await disputeTrade(asBuyer, { tradeId: disputedTradeId, reasonHash: reason("data not as described") });
  await resolveDispute(asArbiter, { tradeId: disputedTradeId, upheld: true, resolutionHash: reason("upheld") });
  // Both parties cancel before delivery.
  const cancelledTradeId = await confirm(102n);
  await cancelTrade(asBuyer, { tradeId: cancelledTradeId });
  await cancelTrade(asApplicant, { tradeId: cancelledTradeId });
  // Paid, delivered, disputed by the seller, the dispute rejected: completed by the Arbiter.
  const rejectedDisputeTradeId = await confirm(103n);
  await attachPaymentReference(asBuyer, { tradeId: rejectedDisputeTradeId, paymentReference: reason("bank transfer 2026-0042") });
  await deliverTrade(asApplicant, { tradeId: rejectedDisputeTradeId, deliveryHash: delivered });
  await disputeTrade(asApplicant, { tradeId: rejectedDisputeTradeId, reasonHash: reason("receipt not confirmed") });
  await resolveDispute(asArbiter, { tradeId: rejectedDisputeTradeId, upheld: false, resolutionHash: reason("delivery proven") });
  // A confidential price, completed by receipt.
  const confidentialTradeId = await confirm(104n, true);
  await deliverTrade(asApplicant, { tradeId: confidentialTradeId, deliveryHash: delivered });
  await confirmReceipt(asBuyer, { tradeId: confidentialTradeId });
  // A signed deal voided by its seller before confirmation.
  const voided = await deal(105n);
  await voidDeal(asApplicant, { deal: voided.deal });
  const voidedDigest = await chain.contracts.trades.dealDigest(voided.deal);
  // The buyer cancels everything it signed below nonce 200, at once.
  await raiseNonceFloor(asBuyer, { floor: 200n });

  // The product suspended and reinstated, then superseded by a new version (it is delisted).
  await suspendProduct(registrar, { productId, reasonHash: reason("security review") });
  await reinstateProduct(registrar, { productId, reasonHash: reason("review passed") });
  const { productId: newVersionId } = await registerProduct(asApplicant, {
    previousVersion: productId, contentHash: ethers.sha256(ethers.toUtf8Bytes("scenario dataset v2")),
    originDeclarationHash: ethers.id("collected by the applicant"), productType: "Dataset", sourceCategory: "Enterprise", classification: "General",
    containsPersonalInfo: false, metadataURI: HOSTILE_METADATA_URI,
  });

  // Governance: the emergency pause set and lifted, a handover of the Admin role and a change of its
  // delay begun and cancelled, and a key rotation proposed and cancelled, then done with the old
  // key's consent.
  await grantRole(admin, { role: "pauser", account: chain.signers[0].address });
  await pauseRecords(admin);
  await unpauseRecords(admin);
  await beginAdminTransfer(admin, { newAdmin: arbiter.address });
  await cancelAdminTransfer(admin);
  await (await chain.contracts.participants.changeDefaultAdminDelay(3n * 86_400n)).wait();
  await (await chain.contracts.participants.rollbackDefaultAdminDelay()).wait();
  const rotated = Wallet.createRandom();
  const rotatedTo = Wallet.createRandom();
  await accredit(registrar, { account: rotated.address, kinds: ["Buyer"], jurisdiction: "CN", dossierHash: ethers.id("rotated"),
    accreditedUntil: BigInt((await provider.getBlock("latest"))!.timestamp) + 365n * 86_400n });
  await proposeAccountReplacement(registrar, { account: rotated.address, newAccount: Wallet.createRandom().address, evidenceHash: ethers.id("claimed loss") });
  await cancelAccountReplacement(registrar, { account: rotated.address });
  const deadline = BigInt((await provider.getBlock("latest"))!.timestamp) + 3_600n;
  const consent = await signAccountReplacement(admin.withAccount(rotated.connect(provider)), { newAccount: rotatedTo.address, deadline });
  await replaceAccount(registrar, { account: rotated.address, newAccount: rotatedTo.address, ...consent });

  return {
    applicant: applicant.address.toLowerCase(), buyer: buyer.address.toLowerCase(), productId, newVersionId, holdingId, disputedTradeId, cancelledTradeId,
    rejectedDisputeTradeId, confidentialTradeId, voidedDigest,
  };
}
