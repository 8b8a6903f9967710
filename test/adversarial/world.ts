/**
 * A market with something of everything, so an outsider has real ids to aim at, and the
 * unaccredited accounts an outsider can be. Built through test/fixtures.ts (which deploys
 * through deploy/).
 */
import { ethers } from "hardhat";
import { mine, time } from "@nomicfoundation/hardhat-network-helpers";
import type { HardhatEthersSigner } from "@nomicfoundation/hardhat-ethers/signers";
import {
  registryFixture, registerProduct, assessBase, listedProduct, dealFor, signDeal, licenseFrom, hashOf, now, jurisdiction,
  YEAR, AssessmentKind, ParticipantStatus, RightCategory, TradeStatus, ProductStatus, CertificateStatus,
} from "../fixtures";
import type { DealValues, RegistryFixture } from "../fixtures";

/** Every participant kind, and every assessment kind: the widest profile an account can have. */
export const ALL_KINDS = 63;
export const ALL_ASSESSMENT_KINDS = 0x7f;

export interface Attacker {
  label: string;
  signer: HardhatEthersSigner;
}

export interface World extends RegistryFixture {
  /** Accounts with no accreditation in force. */
  attackers: Attacker[];
  applicant: HardhatEthersSigner;
  suspendedParticipant: HardhatEthersSigner;
  ids: {
    /** Listed product of `provider`, with `holding` its ResourceHolding certificate (1). */
    listedProduct: bigint;
    holding: bigint;
    /** Listed, then delisted by its provider. */
    delistedProduct: bigint;
    /** Registered and assessed, not certified. */
    assessedProduct: bigint;
    /** Registered, objection 1 of the product registry open against it, then suspended. */
    suspendedProduct: bigint;
    /** ProcessingUse licence of `holding` held by `buyer`: no trade, pledge or objection. */
    buyerLicence: bigint;
    /** ProcessingUse licence of `holding` held by `otherProvider`, pledged to `financier`. */
    pledgedLicence: bigint;
    /** ProcessingUse licence of `holding` held by `auditor`, suspended by the Registrar. */
    suspendedLicence: bigint;
    /** Licence held by `institute`, target of objection 1 of the certificate registry. */
    objectedLicence: bigint;
    /** Trades of `listedProduct`, provider to buyer: 1 Confirmed, 2 Delivered, 3 Disputed. */
    confirmedTrade: bigint;
    deliveredTrade: bigint;
    disputedTrade: bigint;
  };
  /** A deal of provider and buyer, signed by both, not confirmed: the next one of the pair. */
  freshDeal: DealValues;
  freshSellerSignature: string;
  freshBuyerSignature: string;
}

export async function confirmDeal(fixture: RegistryFixture, deal: DealValues) {
  const seller = await ethers.getSigner(deal.seller);
  const buyer = await ethers.getSigner(deal.buyer);
  return fixture.trades
    .connect(fixture.registrar)
    .confirm(deal, await signDeal(seller, fixture.trades, deal), await signDeal(buyer, fixture.trades, deal));
}

export async function worldFixture(): Promise<World> {
  const fixture = await registryFixture();
  const signers = await ethers.getSigners();
  // Accounts 0-10 are the fixture's; the others are ours.
  const [applicant, suspendedParticipant, revokedParticipant, lapsedParticipant] = signers.slice(11, 15);
  const { participants, registrar } = fixture;
  const until = (await now()) + 10n * YEAR;
  const accreditAll = (who: HardhatEthersSigner, accreditedUntil: bigint) =>
    participants
      .connect(registrar)
      .accredit(who.address, ALL_KINDS, ALL_ASSESSMENT_KINDS, jurisdiction("CN"), hashOf(`dossier:${who.address}`), accreditedUntil);

  // A lapsed participant: every kind, Active, but its accreditation ran out (a few blocks from now).
  // A block first: a restored snapshot's clock lags the next block's by the wall time since.
  await mine();
  await accreditAll(lapsedParticipant, (await now()) + 3n);
  await participants.connect(applicant).applyForAccreditation(ALL_KINDS, ALL_ASSESSMENT_KINDS, jurisdiction("CN"), hashOf("applicant dossier"));
  await accreditAll(suspendedParticipant, until);
  await participants.connect(registrar).suspend(suspendedParticipant.address, hashOf("suspended"));
  await accreditAll(revokedParticipant, until);
  await participants.connect(registrar).revoke(revokedParticipant.address, hashOf("revoked"));

  // Product 1, listed, with certificate 1; assessments 1 and 2.
  const listed = await listedProduct(fixture);
  // Trades 1-3 of product 1, nonces 1-3.
  for (const nonce of [1n, 2n, 3n]) await confirmDeal(fixture, await dealFor(fixture, listed, { nonce }));
  await fixture.trades.connect(fixture.provider).deliver(2n, hashOf("delivered 2"));
  await fixture.trades.connect(fixture.provider).deliver(3n, hashOf("delivered 3"));
  await fixture.trades.connect(fixture.buyer).dispute(3n, hashOf("not as described"));
  // A price proposed by the pricing agency, for the provider to confirm.
  await fixture.listings.connect(fixture.institute).proposePrice(listed.productId, 1_000n, ethers.hexlify(ethers.toUtf8Bytes("CNY")), 1);

  // Licences of certificate 1.
  const buyerLicence = await licenseFrom(fixture, listed.holdingId, fixture.buyer);
  const pledgedLicence = await licenseFrom(fixture, listed.holdingId, fixture.otherProvider);
  await fixture.certificates.connect(fixture.otherProvider).pledge(pledgedLicence, fixture.financier.address, hashOf("loan"));
  const suspendedLicence = await licenseFrom(fixture, listed.holdingId, fixture.auditor);
  await fixture.certificates.connect(registrar).suspend(suspendedLicence, hashOf("suspended licence"));
  const objectedLicence = await licenseFrom(fixture, listed.holdingId, fixture.institute);
  await fixture.certificates.connect(fixture.auditor).lodgeObjection(objectedLicence, hashOf("certificate claim"));

  // Product 2: listed, then delisted by its provider.
  const delisted = await listedProduct(fixture, { contentHash: hashOf("content 2") });
  await fixture.products.connect(fixture.provider).delist(delisted.productId);
  // Product 3: assessed, not certified.
  const assessedProduct = await registerProduct(fixture, { contentHash: hashOf("content 3") });
  await assessBase(fixture, assessedProduct);
  // Product 4: objection 1 open against it, then suspended.
  const suspendedProduct = await registerProduct(fixture, { contentHash: hashOf("content 4") });
  await fixture.products.connect(fixture.auditor).lodgeObjection(suspendedProduct, hashOf("product claim"));
  await fixture.products.connect(registrar).suspend(suspendedProduct, hashOf("suspended product"));

  const freshDeal = await dealFor(fixture, listed, { nonce: 4n });
  const freshSellerSignature = await signDeal(fixture.provider, fixture.trades, freshDeal);
  const freshBuyerSignature = await signDeal(fixture.buyer, fixture.trades, freshDeal);

  // Make sure the lapsed accreditation has lapsed.
  await time.increase(5);

  const ids = {
    listedProduct: listed.productId,
    holding: listed.holdingId,
    delistedProduct: delisted.productId,
    assessedProduct,
    suspendedProduct,
    buyerLicence,
    pledgedLicence,
    suspendedLicence,
    objectedLicence,
    confirmedTrade: 1n,
    deliveredTrade: 2n,
    disputedTrade: 3n,
  };
  await checkWorld(fixture, ids, [applicant, suspendedParticipant, revokedParticipant, lapsedParticipant]);
  return {
    ...fixture,
    attackers: [
      { label: "stranger (never applied)", signer: fixture.stranger },
      { label: "pending applicant", signer: applicant },
      { label: "suspended participant", signer: suspendedParticipant },
      { label: "revoked participant", signer: revokedParticipant },
      { label: "lapsed participant", signer: lapsedParticipant },
    ],
    applicant,
    suspendedParticipant,
    ids,
    freshDeal,
    freshSellerSignature,
    freshBuyerSignature,
  };
}

/** The world is what the suite assumes, or every test of it would prove nothing. */
async function checkWorld(fixture: RegistryFixture, ids: World["ids"], accounts: HardhatEthersSigner[]): Promise<void> {
  const fail = (what: string) => {
    throw new Error(`adversarial world fixture: ${what}`);
  };
  const [applicant, suspended, revoked, lapsed] = accounts;
  const { participants, products, certificates, trades } = fixture;
  if ((await participants.participant(applicant.address)).status !== BigInt(ParticipantStatus.Pending)) fail("applicant not Pending");
  if ((await participants.participant(suspended.address)).status !== BigInt(ParticipantStatus.Suspended)) fail("not Suspended");
  if ((await participants.participant(revoked.address)).status !== BigInt(ParticipantStatus.Revoked)) fail("not Revoked");
  if ((await participants.participant(lapsed.address)).status !== BigInt(ParticipantStatus.Active)) fail("lapsed not Active");
  for (const account of [fixture.stranger, ...accounts]) {
    if (await participants.isAccredited(account.address, 0)) fail(`${account.address} is accredited`);
  }
  if ((await products.product(ids.listedProduct)).status !== BigInt(ProductStatus.Listed)) fail("product 1 not Listed");
  if ((await products.product(ids.delistedProduct)).status !== BigInt(ProductStatus.Delisted)) fail("product 2 not Delisted");
  if ((await products.product(ids.assessedProduct)).status !== BigInt(ProductStatus.Registered)) fail("product 3");
  if ((await products.product(ids.suspendedProduct)).status !== BigInt(ProductStatus.Suspended)) fail("product 4");
  if (ids.holding !== 1n) fail("the holding is not certificate 1");
  if ((await certificates.certificate(ids.suspendedLicence)).status !== BigInt(CertificateStatus.Suspended)) fail("licence");
  if ((await trades.trade(1n)).status !== BigInt(TradeStatus.Confirmed)) fail("trade 1");
  if ((await trades.trade(2n)).status !== BigInt(TradeStatus.Delivered)) fail("trade 2");
  if ((await trades.trade(3n)).status !== BigInt(TradeStatus.Disputed)) fail("trade 3");
  if ((await fixture.assessments.assessment(1n)).kind !== BigInt(AssessmentKind.LegalCompliance)) fail("assessment 1");
  if (RightCategory.ProcessingUse !== 1) fail("category numbering");
}
