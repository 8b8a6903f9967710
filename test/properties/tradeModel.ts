import {
  ARBITER_ROLE, AssessmentKind, Kind, ParticipantStatus, ProductStatus, REGISTRAR_ROLE, RightCategory, TradeStatus, Validity,
} from "../fixtures";
import { RegistryModel, ZERO_HASH } from "./model";

/**
 * A plain TypeScript model of the trade ledger, on top of the registry model of ./model.ts
 * (participants, products, certificates, findings), written from docs/domain.md ("The objects": trade, and
 * "The checks": confirming a trade) and the NatSpec of ITradeLedger. `at` is always the
 * timestamp of the block the act is mined in.
 *
 * The confirmation checks return every rejection that applies, not only the first: the
 * property accepts any of them, so the test does not depend on the order the contract makes
 * its checks in, only on whether it accepts the deal and on the error being a right one.
 */

/** The contract that raises a rejection, by the fixture's property name. */
export type ContractName = "trades" | "certificates" | "products" | "listings" | "participants" | "assessments";

/** A custom error the model predicts: raised by `contract`, named `error`, with `args`. */
export interface Rejection {
  contract: ContractName;
  error: string;
  args: (bigint | number | string | boolean)[];
}

/** The most a party may raise its nonce floor by at once. */
export const MAX_FLOOR_RAISE = 2n ** 32n - 1n;

const reject = (contract: ContractName, error: string, ...args: Rejection["args"]): Rejection => ({ contract, error, args });

/** A listing's trade terms; jurisdictions as bytes2 hex ("0x434e" for CN). */
export interface ListingTerms {
  rightOffered: number;
  licenceDuration: bigint;
  permittedJurisdictions: string[];
}

/** What of a signed deal the checks look at. */
export interface DealTerms {
  productId: bigint;
  contentHash: string;
  seller: string;
  buyer: string;
  sellerCertificateId: bigint;
  rightGranted: number;
  licenceExpiresAt: bigint;
  crossBorder: boolean;
  nonce: bigint;
  deadline: bigint;
}

export interface TradeState {
  productId: bigint;
  seller: string;
  buyer: string;
  sellerCertificateId: bigint;
  rightGranted: number;
  status: number;
  statusBeforeDispute: number;
  crossBorder: boolean;
  sellerCancelled: boolean;
  buyerCancelled: boolean;
  licenceExpiresAt: bigint;
  /** 0 until the trade completes. */
  buyerCertificateId: bigint;
  /** EIP-712 digest of the deal: the scope hash of the buyer's certificate. */
  dealDigest: string;
  deliveryHash: string;
}

export type ParticipantAct = "suspend" | "reinstate";

export class TradeModel extends RegistryModel {
  readonly arbiter: string;
  /** Jurisdiction (bytes2 hex) of each participant. */
  readonly jurisdictions = new Map<string, string>();
  /** Jurisdiction of each product: its provider's when it was registered. */
  readonly productJurisdictions = new Map<bigint, string>();
  readonly contentHashes = new Map<bigint, string>();
  /** Listing terms, kept while a product is delisted; absent if never listed. */
  readonly listings = new Map<bigint, ListingTerms>();
  /** Trades by id - 1. */
  readonly trades: TradeState[] = [];
  /** Per `${seller}:${buyer}:${productId}`: the least nonce a deal between them may still carry. */
  private readonly pairNonces = new Map<string, bigint>();
  /** Per party: every deal it signed with a lower nonce is dead. */
  readonly nonceFloors = new Map<string, bigint>();

  constructor(now: bigint, registrar: string, arbiter: string) {
    super(now, registrar);
    this.arbiter = arbiter;
  }

  // ----- deals -----------------------------------------------------------------------------

  /** The least nonce a deal of `seller` and `buyer` on `productId` may carry: past every deal of
   * theirs on it already confirmed or voided, and at least each party's floor. */
  dealNonce(seller: string, buyer: string, productId: bigint): bigint {
    const candidates = [
      this.pairNonces.get(`${seller}:${buyer}:${productId}`) ?? 0n, this.nonceFloors.get(seller) ?? 0n, this.nonceFloors.get(buyer) ?? 0n,
    ];
    return candidates.reduce((a, b) => (a > b ? a : b));
  }

  /** Confirming or voiding a deal kills it and every older deal of the same parties on the same product. */
  useDealNonce(seller: string, buyer: string, productId: bigint, nonce: bigint): void {
    this.pairNonces.set(`${seller}:${buyer}:${productId}`, nonce + 1n);
  }

  checkRaiseNonceFloor(party: string, floor: bigint): Rejection[] {
    const current = this.nonceFloors.get(party) ?? 0n;
    return floor <= current || floor - current > MAX_FLOOR_RAISE
      ? [reject("participants", "ParticipantRegistryInvalidNonceFloor", party, current, floor)] : [];
  }

  /** An active, unexpired Provider: only such a participant may sell, at confirmation and at completion. */
  private sellerNotAccredited(seller: string, at: bigint): Rejection[] {
    return this.isAccredited(seller, Kind.Provider, at) ? [] : [reject("trades", "TradeLedgerSellerNotAccredited", seller)];
  }

  isCrossBorder(buyer: string, productId: bigint): boolean {
    return this.jurisdictionOf(buyer) !== (this.productJurisdictions.get(productId) ?? "0x0000");
  }

  jurisdictionOf(account: string): string {
    return this.jurisdictions.get(account) ?? "0x0000";
  }

  /** The latest licence expiry a deal confirmed at `at` may carry: the listing's duration and the seller's right. */
  licenceLimit(productId: bigint, sellerCertificateId: bigint, at: bigint): bigint {
    const duration = this.listings.get(productId)?.licenceDuration ?? 0n;
    const sellerExpiry = this.certificates.get(sellerCertificateId)?.expiresAt ?? 0n;
    return at + duration < sellerExpiry ? at + duration : sellerExpiry;
  }

  /** Every check of `confirm` the deal fails (docs/domain.md, "The checks": confirming a trade). */
  checkConfirm(deal: DealTerms, caller: string, at: bigint): Rejection[] {
    const found: Rejection[] = [];
    if (caller !== this.registrar) found.push(reject("trades", "AccessControlUnauthorizedAccount", caller, REGISTRAR_ROLE));
    if (at > deal.deadline) found.push(reject("trades", "TradeLedgerExpiredDeal", deal.deadline));
    if (deal.seller === deal.buyer) found.push(reject("trades", "TradeLedgerSelfDeal", deal.seller));
    const leastNonce = this.dealNonce(deal.seller, deal.buyer, deal.productId);
    if (deal.nonce < leastNonce) found.push(reject("trades", "TradeLedgerStaleNonce", deal.seller, deal.buyer, deal.nonce, leastNonce));
    found.push(...this.sellerNotAccredited(deal.seller, at));

    const product = this.products.get(deal.productId);
    const status = product?.status ?? ProductStatus.None;
    if (status !== ProductStatus.Listed) found.push(reject("trades", "TradeLedgerProductNotListed", deal.productId, status));
    if (product !== undefined && product.openObjections > 0) found.push(reject("trades", "TradeLedgerProductFrozen", deal.productId));
    if ((this.contentHashes.get(deal.productId) ?? ZERO_HASH) !== deal.contentHash) {
      found.push(reject("trades", "TradeLedgerContentMismatch", deal.productId, deal.contentHash));
    }
    // The product must still be what was certified: its policy met, its lineage standing.
    if (product !== undefined) {
      const missing = this.missingKinds(deal.productId, at);
      if (missing !== 0) found.push(reject("trades", "TradeLedgerPolicyNotMet", deal.productId, missing));
      const broken = this.brokenEdge(deal.productId, at);
      if (broken) found.push(reject("trades", "TradeLedgerLineageBroken", deal.productId, broken.source, broken.certificateId, broken.validity));
    }

    const right = this.certificates.get(deal.sellerCertificateId);
    const holdsLicensableRight = right !== undefined && right.holder === deal.seller && right.productId === deal.productId
      && right.category !== RightCategory.ProcessingUse && this.validity(deal.sellerCertificateId, at) === Validity.Valid;
    if (!holdsLicensableRight) found.push(reject("trades", "TradeLedgerMissingRight", deal.productId, deal.seller, deal.sellerCertificateId));
    // Not frozen, nor pledged away, itself or anywhere up its chain.
    const encumbered = this.chainEncumbrance(deal.sellerCertificateId);
    if (encumbered?.error === "RightsCertificateFrozen") found.push(reject("trades", "TradeLedgerRightFrozen", ...encumbered.args));
    if (encumbered?.error === "RightsCertificatePledged") found.push(reject("trades", "TradeLedgerRightPledged", ...encumbered.args));

    if (!this.isAccredited(deal.buyer, Kind.Buyer, at)) found.push(reject("trades", "TradeLedgerBuyerNotAccredited", deal.buyer));

    const listing = this.listings.get(deal.productId);
    if (listing === undefined) {
      found.push(reject("listings", "ListingBookNotListed", deal.productId));
      return found;
    }
    const sellerCategory = right?.category ?? RightCategory.ResourceHolding;
    if (deal.rightGranted !== listing.rightOffered
      || (sellerCategory === RightCategory.ProductOperation && listing.rightOffered !== RightCategory.ProcessingUse)) {
      found.push(reject("trades", "TradeLedgerRightNotOffered", deal.rightGranted, listing.rightOffered));
    }
    const buyerJurisdiction = this.jurisdictionOf(deal.buyer);
    if (!listing.permittedJurisdictions.includes(buyerJurisdiction)) {
      found.push(reject("trades", "TradeLedgerJurisdictionNotPermitted", deal.buyer, buyerJurisdiction));
    }
    const crossBorder = this.isCrossBorder(deal.buyer, deal.productId);
    if (deal.crossBorder !== crossBorder) found.push(reject("trades", "TradeLedgerCrossBorderMismatch", deal.crossBorder, crossBorder));
    if (crossBorder && !this.isKindSatisfied(deal.productId, AssessmentKind.CrossBorderSecurity, at)) {
      found.push(reject("trades", "TradeLedgerCrossBorderNotAssessed", deal.productId));
    }
    const limit = this.licenceLimit(deal.productId, deal.sellerCertificateId, at);
    if (deal.licenceExpiresAt <= at || deal.licenceExpiresAt > limit) {
      found.push(reject("trades", "TradeLedgerInvalidLicenceExpiry", deal.licenceExpiresAt, limit));
    }
    return found;
  }

  /** Records a confirmed deal; returns the trade id. */
  applyConfirm(deal: DealTerms, dealDigest: string): bigint {
    this.useDealNonce(deal.seller, deal.buyer, deal.productId, deal.nonce);
    // The licence is reserved out of the seller's right until the trade closes.
    this.reserve(deal.sellerCertificateId, +1);
    this.trades.push({
      productId: deal.productId, seller: deal.seller, buyer: deal.buyer, sellerCertificateId: deal.sellerCertificateId,
      rightGranted: deal.rightGranted, status: TradeStatus.Confirmed, statusBeforeDispute: TradeStatus.None,
      crossBorder: deal.crossBorder, sellerCancelled: false, buyerCancelled: false, licenceExpiresAt: deal.licenceExpiresAt,
      buyerCertificateId: 0n, dealDigest, deliveryHash: ZERO_HASH,
    });
    return BigInt(this.trades.length);
  }

  private reserve(certificateId: bigint, by: number): void {
    const certificate = this.certificates.get(certificateId)!;
    certificate.openTrades = (certificate.openTrades ?? 0) + by;
  }

  // ----- a trade's life --------------------------------------------------------------------

  trade(tradeId: bigint): TradeState | undefined {
    return tradeId === 0n ? undefined : this.trades[Number(tradeId) - 1];
  }

  private unknownTrade(tradeId: bigint): Rejection[] | undefined {
    return this.trade(tradeId) === undefined ? [reject("trades", "TradeLedgerUnknownTrade", tradeId)] : undefined;
  }

  private invalidStatus(tradeId: bigint, allowed: number[]): Rejection[] {
    const { status } = this.trade(tradeId)!;
    return allowed.includes(status) ? [] : [reject("trades", "TradeLedgerInvalidStatus", tradeId, status)];
  }

  private notParty(tradeId: bigint, caller: string, parties: string[]): Rejection[] {
    return parties.includes(caller) ? [] : [reject("trades", "TradeLedgerNotParty", tradeId, caller)];
  }

  /** Completing grants the buyer a licence out of the seller's right: the seller must still be an
   * accredited Provider, then the certificate registry's checks, where a pledge taken since
   * confirmation does not count (the licence was reserved then) but a freeze does. */
  private checkGrant(tradeId: bigint, at: bigint): Rejection[] {
    const trade = this.trade(tradeId)!;
    const seller = this.sellerNotAccredited(trade.seller, at);
    if (seller.length > 0) return seller;
    const refused = this.checkLicense(trade.sellerCertificateId, trade.buyer, trade.rightGranted, trade.licenceExpiresAt, at, true);
    return refused === undefined ? [] : [refused];
  }

  checkDeliver(tradeId: bigint, caller: string): Rejection[] {
    const unknown = this.unknownTrade(tradeId);
    if (unknown) return unknown;
    const trade = this.trade(tradeId)!;
    return [...this.notParty(tradeId, caller, [trade.seller]), ...this.invalidStatus(tradeId, [TradeStatus.Confirmed])];
  }

  applyDeliver(tradeId: bigint, deliveryHash: string): void {
    const trade = this.trade(tradeId)!;
    trade.status = TradeStatus.Delivered;
    trade.deliveryHash = deliveryHash;
  }

  checkReceipt(tradeId: bigint, caller: string, at: bigint): Rejection[] {
    const unknown = this.unknownTrade(tradeId);
    if (unknown) return unknown;
    const trade = this.trade(tradeId)!;
    const refused = [...this.notParty(tradeId, caller, [trade.buyer]), ...this.invalidStatus(tradeId, [TradeStatus.Delivered])];
    return refused.length > 0 ? refused : this.checkGrant(tradeId, at);
  }

  /** Completes a trade: mints the buyer's certificate out of the seller's; returns its id. */
  applyComplete(tradeId: bigint): bigint {
    const trade = this.trade(tradeId)!;
    const certificateId = this.mint({
      holder: trade.buyer, productId: trade.productId, category: trade.rightGranted, parentId: trade.sellerCertificateId,
      predecessorId: 0n, expiresAt: trade.licenceExpiresAt, scopeHash: trade.dealDigest,
      evidenceHash: trade.deliveryHash === ZERO_HASH ? trade.dealDigest : trade.deliveryHash,
    });
    trade.buyerCertificateId = certificateId;
    trade.status = TradeStatus.Completed;
    this.reserve(trade.sellerCertificateId, -1);
    return certificateId;
  }

  checkDispute(tradeId: bigint, caller: string): Rejection[] {
    const unknown = this.unknownTrade(tradeId);
    if (unknown) return unknown;
    const trade = this.trade(tradeId)!;
    return [
      ...this.notParty(tradeId, caller, [trade.seller, trade.buyer]),
      ...this.invalidStatus(tradeId, [TradeStatus.Confirmed, TradeStatus.Delivered]),
    ];
  }

  applyDispute(tradeId: bigint): void {
    const trade = this.trade(tradeId)!;
    trade.statusBeforeDispute = trade.status;
    trade.status = TradeStatus.Disputed;
  }

  /** Upheld annuls the trade; rejected completes it, so the grant's checks apply. */
  checkResolveDispute(tradeId: bigint, caller: string, upheld: boolean, at: bigint): Rejection[] {
    const unauthorized = caller === this.arbiter ? [] : [reject("trades", "AccessControlUnauthorizedAccount", caller, ARBITER_ROLE)];
    const unknown = this.unknownTrade(tradeId);
    if (unknown) return [...unauthorized, ...unknown];
    const refused = [...unauthorized, ...this.invalidStatus(tradeId, [TradeStatus.Disputed])];
    return refused.length > 0 || upheld ? refused : this.checkGrant(tradeId, at);
  }

  applyUphold(tradeId: bigint): void {
    this.trade(tradeId)!.status = TradeStatus.Annulled;
    this.reserve(this.trade(tradeId)!.sellerCertificateId, -1);
  }

  checkCancel(tradeId: bigint, caller: string): Rejection[] {
    const unknown = this.unknownTrade(tradeId);
    if (unknown) return unknown;
    const trade = this.trade(tradeId)!;
    return [...this.notParty(tradeId, caller, [trade.seller, trade.buyer]), ...this.invalidStatus(tradeId, [TradeStatus.Confirmed])];
  }

  /** Returns whether the trade is now cancelled (both parties asked). */
  applyCancel(tradeId: bigint, caller: string): boolean {
    const trade = this.trade(tradeId)!;
    if (caller === trade.buyer) trade.buyerCancelled = true;
    else trade.sellerCancelled = true;
    if (trade.buyerCancelled && trade.sellerCancelled) {
      trade.status = TradeStatus.Cancelled;
      this.reserve(trade.sellerCertificateId, -1);
    }
    return trade.status === TradeStatus.Cancelled;
  }

  // ----- participants ----------------------------------------------------------------------

  checkParticipantAct(account: string, act: ParticipantAct): Rejection[] {
    const status = this.participants.get(account)?.status ?? ParticipantStatus.None;
    const expected = act === "suspend" ? ParticipantStatus.Active : ParticipantStatus.Suspended;
    return status === expected ? [] : [reject("participants", "ParticipantRegistryInvalidStatus", account, status)];
  }

  applyParticipantAct(account: string, act: ParticipantAct): void {
    this.participants.get(account)!.status = act === "suspend" ? ParticipantStatus.Suspended : ParticipantStatus.Active;
  }

  /** Accrediting again, on the same profile: refused while suspended or revoked. */
  checkReaccredit(account: string): Rejection[] {
    const status = this.participants.get(account)?.status ?? ParticipantStatus.None;
    return status === ParticipantStatus.Suspended || status === ParticipantStatus.Revoked
      ? [reject("participants", "ParticipantRegistryInvalidStatus", account, status)]
      : [];
  }

  applyReaccredit(account: string, accreditedUntil: bigint): void {
    const participant = this.participants.get(account)!;
    participant.status = ParticipantStatus.Active;
    participant.accreditedUntil = accreditedUntil;
  }
}
