import { AbiCoder, Wallet, ZeroAddress, ZeroHash, ethers } from "ethers";
import type { ContractTransactionResponse } from "ethers";
import { anvilAccount } from "../../src/devchain/anvil";
import { DEAL_TYPES, tradeDomain } from "../../src/sdk/eip712";
import type { DealValues } from "../../src/sdk/eip712";
import { ROLES } from "../../src/sdk/roles";
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

/** Events the contracts declare (OpenZeppelin's interfaces) but can never emit. */
/**
 * The new version's metadata URI: text COPY and PostgreSQL must take as it is (tab, newline,
 * backslash, quotes, non-ASCII) and a NUL, which PostgreSQL text cannot hold.
 */
export const HOSTILE_METADATA_URI = "ipfs://scenario-v2?note=tab\there\nnext line \\N back\\slash \"quoted\" {braces} nul\u0000 ünïcødé ✓";

export const NEVER_EMITTED: Record<string, string> = {
  "RightsCertificate.Approval": "approve() always reverts: certificates are soulbound",
  "RightsCertificate.ApprovalForAll": "setApprovalForAll() always reverts",
  "RightsCertificate.Unlocked": "certificates are locked for ever (ERC-5192)",
  "AssessmentRegistry.EIP712DomainChanged": "the EIP-712 domain is immutable",
  "TradeLedger.EIP712DomainChanged": "the EIP-712 domain is immutable",
  "ParticipantRegistry.RoleAdminChanged": "no role's admin is ever changed (_setRoleAdmin is never called)",
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

async function sent(transaction: Promise<ContractTransactionResponse>): Promise<void> {
  await (await transaction).wait();
}

export async function runRemainingActs(chain: TestChain, context: StoryContext): Promise<ScenarioOutcome> {
  const { contracts } = chain;
  const { cast } = context;
  const provider = chain.signers[0].provider!;
  // Accounts beyond the cast: anvil runs 30, the stories use 24.
  const applicant = new Wallet(anvilAccount(26).privateKey, provider);
  const buyer = new Wallet(anvilAccount(27).privateKey, provider);
  const financier = new Wallet(anvilAccount(28).privateKey, provider);
  const arbiter = new Wallet(anvilAccount(29).privateKey, provider);
  const registrar = cast.registrar;
  const { participants, products, certificates, assessments, listings, trades } = contracts;

  // Staff: an Arbiter granted; a role granted and revoked again.
  await sent(participants.connect(cast.admin).grantRole(ROLES.arbiter, arbiter.address));
  await sent(participants.connect(cast.admin).grantRole(ROLES.arbiter, cast.auditor.address));
  await sent(participants.connect(cast.admin).revokeRole(ROLES.arbiter, cast.auditor.address));
  // Policy: Model products also need an asset valuation.
  await sent(assessments.connect(cast.admin).setRequirement(4, 3, 1 << 3));

  // A participant's whole lifecycle: applies, is accredited, suspended, reinstated.
  await sent(participants.connect(applicant).applyForAccreditation(1 | 2, 0, context.code("CN"), ethers.id("dossier of the applicant")));
  await sent(participants.connect(registrar).accredit(applicant.address, 1 | 2, 0, context.code("CN"), ethers.id("dossier, reviewed"), (await context.now()) + 3n * context.YEAR));
  await sent(participants.connect(registrar).suspend(applicant.address, ethers.id("dossier under review")));
  await sent(participants.connect(registrar).reinstate(applicant.address, ethers.id("review closed")));
  await context.accredit(buyer, { buyer: true });
  await context.accredit(financier, { financier: true });
  // A participant revoked for good.
  const revoked = new Wallet(anvilAccount(25).privateKey, provider);
  await context.accredit(revoked, { buyer: true });
  await sent(participants.connect(registrar).revoke(revoked.address, ethers.id("licence withdrawn")));

  // A product: assessed (one finding revoked and recorded again), certified, a right issued.
  const { productId } = await context.registerProduct(applicant, {
    content: ethers.toUtf8Bytes("scenario dataset v1"), originDeclaration: "collected by the applicant", productType: "Dataset",
    sourceCategory: "Enterprise", metadataURI: "ipfs://scenario-v1",
  });
  const firstFinding = await context.recordFinding(productId, { assessor: cast.lawFirm, kind: "LegalCompliance", report: "opinion S-1" });
  await sent(assessments.connect(cast.lawFirm).revoke(firstFinding, ethers.id("superseded by a corrected opinion")));
  await context.certifyWithFindings(productId, [
    { assessor: cast.lawFirm, kind: "LegalCompliance", report: "opinion S-1, corrected" },
    { assessor: cast.standardsInstitute, kind: "Quality", report: "quality S-1", signed: true },
  ]);
  const holdingId = await context.issueRight(applicant, productId, "ResourceHolding", { scope: "all lawful uses", evidence: "registration S-1" });
  const operationId = await context.issueRight(applicant, productId, "ProductOperation", { scope: "resale", evidence: "registration S-1 PO" });

  // Objections: one against the product dismissed, one against a certificate upheld (it is revoked).
  await sent(products.connect(cast.auditor).lodgeObjection(productId, ethers.id("ownership claim")));
  await sent(products.connect(registrar).resolveObjection(await products.objectionCount(), false, ethers.id("claim unfounded")));
  await sent(certificates.connect(cast.auditor).lodgeObjection(operationId, ethers.id("operation right disputed")));
  await sent(certificates.connect(registrar).resolveObjection(await certificates.objectionCount(), true, ethers.id("claim upheld")));

  // Certificate acts: renewal, pledge and release, a licence changed (amend) and transferred (reissue).
  await sent(certificates.connect(registrar).renew(holdingId, (await context.now()) + 6n * context.YEAR));
  await sent(certificates.connect(applicant).pledge(holdingId, financier.address, ethers.id("loan agreement S-1")));
  await sent(certificates.connect(financier).release(holdingId));
  const licenceId = await context.licenseRight(holdingId, buyer, "ProcessingUse", { scope: "analytics", evidence: "licence S-1" });
  await sent(certificates.connect(registrar).amend(licenceId, ethers.id("analytics and reporting"), ethers.id("licence S-1, amended")));
  const amendedId = await certificates.certificateCount();
  await sent(certificates.connect(registrar).reissue(amendedId, cast.bankOfShenzhen.address, ethers.id("licence S-1 transferred")));
  await sent(certificates.connect(registrar).suspend(amendedId + 1n, ethers.id("payment overdue")));
  await sent(certificates.connect(registrar).reinstate(amendedId + 1n, ethers.id("paid")));

  // Listing: Negotiable, then a proposal left pending, then confirmed, then Negotiable again.
  await sent(listings.connect(registrar).list(productId, 1, 2n * context.YEAR, [context.code("CN"), context.code("HK")]));
  await sent(listings.connect(applicant).setNegotiable(productId));
  await sent(listings.connect(registrar).proposePrice(productId, 1_250_000n, context.code("CNY"), 3));
  await sent(listings.connect(applicant).confirmPrice(productId));
  await sent(listings.connect(cast.guizhouAppraiser).proposePrice(productId, 990_000n, context.code("CNY"), 2));
  await sent(listings.connect(applicant).setNegotiable(productId));

  const deal = async (nonce: bigint, confidential = false): Promise<{ values: DealValues; seller: string; buyer: string }> => {
    const product = await products.product(productId);
    const at = await context.now();
    const values: DealValues = {
      productId, contentHash: product.contentHash, seller: applicant.address, buyer: buyer.address, broker: ZeroAddress,
      sellerCertificateId: holdingId, rightGranted: 1, priceAmount: confidential ? 0n : 800_000n,
      currency: confidential ? "0x000000" : context.code("CNY"),
      priceCommitment: confidential
        ? ethers.keccak256(AbiCoder.defaultAbiCoder().encode(["uint128", "bytes3", "bytes32"], [777_000n, context.code("CNY"), ethers.id("salt")]))
        : ZeroHash,
      termsHash: ethers.id(`terms ${nonce}`), purposeHash: ethers.id("risk models"), licenceExpiresAt: at + context.YEAR,
      crossBorder: false, nonce, deadline: at + 3600n,
    };
    const domain = tradeDomain(chain.chainId, await trades.getAddress());
    return {
      values,
      seller: await applicant.signTypedData(domain, DEAL_TYPES, values),
      buyer: await buyer.signTypedData(domain, DEAL_TYPES, values),
    };
  };
  const confirm = async (nonce: bigint, confidential = false): Promise<bigint> => {
    const signed = await deal(nonce, confidential);
    await sent(trades.connect(registrar).confirm(signed.values, signed.seller, signed.buyer));
    return trades.tradeCount();
  };

  // A dispute upheld: the trade is annulled, no right granted.
  const disputedTradeId = await confirm(101n);
  await sent(trades.connect(buyer).dispute(disputedTradeId, ethers.id("data not as described")));
  await sent(trades.connect(arbiter).resolveDispute(disputedTradeId, true, ethers.id("upheld")));
  // Both parties cancel before delivery.
  const cancelledTradeId = await confirm(102n);
  await sent(trades.connect(buyer).cancel(cancelledTradeId));
  await sent(trades.connect(applicant).cancel(cancelledTradeId));
  // Paid, delivered, disputed by the seller, the dispute rejected: completed by the Arbiter.
  const rejectedDisputeTradeId = await confirm(103n);
  await sent(trades.connect(buyer).attachPaymentReference(rejectedDisputeTradeId, ethers.id("bank transfer 2026-0042")));
  await sent(trades.connect(applicant).deliver(rejectedDisputeTradeId, ethers.sha256(ethers.toUtf8Bytes("scenario dataset v1"))));
  await sent(trades.connect(applicant).dispute(rejectedDisputeTradeId, ethers.id("receipt not confirmed")));
  await sent(trades.connect(arbiter).resolveDispute(rejectedDisputeTradeId, false, ethers.id("delivery proven")));
  // A confidential price, completed by receipt.
  const confidentialTradeId = await confirm(104n, true);
  await sent(trades.connect(applicant).deliver(confidentialTradeId, ethers.sha256(ethers.toUtf8Bytes("scenario dataset v1"))));
  await sent(trades.connect(buyer).confirmReceipt(confidentialTradeId));
  // A signed deal voided by its seller before confirmation.
  const voided = await deal(105n);
  await sent(trades.connect(applicant).voidDeal(voided.values));
  const voidedDigest = await trades.dealDigest(voided.values);
  // The buyer cancels everything it signed below nonce 200, at once.
  await sent(participants.connect(buyer).raiseNonceFloor(200n));

  // The product suspended and reinstated, then superseded by a new version (it is delisted).
  await sent(products.connect(registrar).suspend(productId, ethers.id("security review")));
  await sent(products.connect(registrar).reinstate(productId, ethers.id("review passed")));
  await sent(products.connect(applicant).registerVersion(productId, {
    contentHash: ethers.sha256(ethers.toUtf8Bytes("scenario dataset v2")), originDeclarationHash: ethers.id("collected by the applicant"),
    productType: 0, sourceCategory: 1, classification: 0, containsPersonalInfo: false, // Text COPY and PostgreSQL must take as it is: tab, newline, backslash, quotes, NUL, non-ASCII.
    metadataURI: "ipfs://scenario-v2?note=tab\there\nnext line \\N back\\slash \"quoted\" {braces} nul\u0000 ünïcødé ✓",
    sources: [], sourceCertificates: [],
  }));
  const newVersionId = await products.productCount();

  return {
    applicant: applicant.address.toLowerCase(), buyer: buyer.address.toLowerCase(), productId, newVersionId, holdingId, disputedTradeId, cancelledTradeId,
    rejectedDisputeTradeId, confidentialTradeId, voidedDigest,
  };
}
