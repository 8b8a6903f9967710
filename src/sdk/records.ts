import { ZeroAddress, ZeroHash } from "ethers";
import type { AssessmentStructOutput } from "../../typechain-types/contracts/AssessmentRegistry";
import type { ProductStructOutput } from "../../typechain-types/contracts/DataProductRegistry";
import type { ObjectionStructOutput } from "../../typechain-types/contracts/interfaces/IObjectionBook";
import type { ListingStructOutput, ReferencePriceStructOutput } from "../../typechain-types/contracts/ListingBook";
import type { ParticipantStructOutput } from "../../typechain-types/contracts/ParticipantRegistry";
import type { CertificateStructOutput } from "../../typechain-types/contracts/RightsCertificate";
import type { DealStructOutput, TradeStructOutput } from "../../typechain-types/contracts/TradeLedger";
import {
  ASSESSMENT_KINDS, CERTIFICATE_STATUSES, OBJECTION_STATUSES, CLASSIFICATIONS, PARTICIPANT_KIND_NAMES, PARTICIPANT_STATUSES, PRICING_METHODS,
  PRODUCT_STATUSES, PRODUCT_TYPES, RIGHT_CATEGORIES, SOURCE_CATEGORIES, TRADE_STATUSES, VALIDITIES, codeText,
} from "./names";
import type {
  AssessmentKindName, ClassificationName, PricingMethodName, ProductTypeName, RightCategoryName, SourceCategoryName, ValidityName,
} from "./names";

/**
 * The chain's records as the SDK hands them out: decoded by field name, enum values as their
 * names (`status: "Listed"`), ids, amounts and times as bigint (times in Unix seconds),
 * jurisdiction and currency codes as text (`"CN"`, `"CNY"`). A reference that is unset on
 * chain (id 0, the zero address, the zero hash, time 0) is `null`, so "none" is never mistaken
 * for an id. The decoders take TypeChain's struct outputs; the read actions use them, and so
 * do `verify` and `audit-mirror`.
 */

export type ParticipantStatusName = (typeof PARTICIPANT_STATUSES)[number];
export type ParticipantKindName = (typeof PARTICIPANT_KIND_NAMES)[number];
export type ProductStatusName = (typeof PRODUCT_STATUSES)[number];
export type CertificateStatusName = (typeof CERTIFICATE_STATUSES)[number];
export type TradeStatusName = (typeof TRADE_STATUSES)[number];

export type ObjectionStatusName = (typeof OBJECTION_STATUSES)[number];

/** The two contracts that keep an objection book: objections against products, and against certificates. */
export type ObjectionBookName = "products" | "certificates";

/**
 * The name of enum value `value` in `names`. An unknown value means the SDK's names and the
 * contracts disagree: that is a build error, not something to print as a number.
 * @example decodeEnum(PRODUCT_STATUSES, 3n, "product status") // "Listed"
 */
export function decodeEnum<const Names extends readonly string[]>(names: Names, value: bigint | number, enumLabel: string): Names[number] {
  const name = names[Number(value)];
  if (name === undefined) throw new Error(`unknown ${enumLabel} ${value}: the SDK's enum names do not match the contracts`);
  return name;
}

/** The names whose bit (`1 << index`) is set in `mask`: participant kinds, assessment kinds. */
function flagNames<const Names extends readonly string[]>(names: Names, mask: bigint): Names[number][] {
  return names.filter((_, index) => (mask & (1n << BigInt(index))) !== 0n);
}

const idOrNull = (id: bigint): bigint | null => (id === 0n ? null : id);
const addressOrNull = (address: string): string | null => (address === ZeroAddress ? null : address);
const hashOrNull = (hash: string): string | null => (hash === ZeroHash ? null : hash);
const timeOrNull = (time: bigint): bigint | null => (time === 0n ? null : time);

/** An accreditation as the participant registry keeps it, and its standing at the block it was read at. */
export interface ParticipantRecord {
  account: string;
  /** The stored status: `"None"` for an account that never applied. */
  status: ParticipantStatusName;
  /**
   * What the status means at the block read: the stored status, except that an Active participant
   * whose accreditation has expired is `"Lapsed"` (it may no longer act, though nothing was stored).
   */
  standing: ParticipantStatusName | "Lapsed";
  /** Active with an expired accreditation: say "lapsed", never "Active … until <past date>". */
  lapsed: boolean;
  kinds: ParticipantKindName[];
  /** For an assessor, the kinds it is accredited for. */
  assessmentKinds: AssessmentKindName[];
  /** ISO 3166-1 alpha-2, e.g. "CN"; empty for an account that never applied. */
  jurisdiction: string;
  /** Null for an account that never applied. */
  accreditedUntil: bigint | null;
  updatedAt: bigint | null;
  nonceFloor: bigint;
  dossierHash: string | null;
}

/**
 * Whether an accreditation is Active but past its expiry at `time` (an Active record without one has none to stand on).
 * @example isLapsed("Active", 1_700_000_000n, 1_800_000_000n) // true: say "lapsed", not "Active until 2023-11-14"
 */
export function isLapsed(status: ParticipantStatusName, accreditedUntil: bigint | null, time: bigint): boolean {
  return status === "Active" && (accreditedUntil ?? 0n) <= time;
}

/** `account`'s record, its standing judged at `time` (the read block's timestamp). */
export function decodeParticipant(account: string, raw: ParticipantStructOutput, time: bigint): ParticipantRecord {
  const status = decodeEnum(PARTICIPANT_STATUSES, raw.status, "participant status");
  const accreditedUntil = timeOrNull(raw.accreditedUntil);
  const lapsed = isLapsed(status, accreditedUntil, time);
  return {
    account, status, standing: lapsed ? "Lapsed" : status, lapsed,
    kinds: flagNames(PARTICIPANT_KIND_NAMES, raw.kinds), assessmentKinds: flagNames(ASSESSMENT_KINDS, raw.assessmentKinds),
    jurisdiction: codeText(raw.jurisdiction), accreditedUntil, updatedAt: timeOrNull(raw.updatedAt), nonceFloor: raw.nonceFloor,
    dossierHash: hashOrNull(raw.dossierHash),
  };
}

/** A data product as the product registry keeps it. */
export interface ProductRecord {
  productId: bigint;
  provider: string;
  productType: ProductTypeName;
  sourceCategory: SourceCategoryName;
  classification: ClassificationName;
  status: ProductStatusName;
  /** The status a suspension will restore; `"None"` when not suspended. */
  statusBeforeSuspension: ProductStatusName;
  containsPersonalInfo: boolean;
  /** Objections lodged and not resolved: non-zero means frozen. */
  openObjections: bigint;
  /** The provider's jurisdiction at registration. */
  jurisdiction: string;
  sourceCount: bigint;
  registeredAt: bigint;
  previousVersion: bigint | null;
  supersededBy: bigint | null;
  contentHash: string;
  originDeclarationHash: string;
  /** Hash of the product's description document; null when none was registered. */
  descriptionHash: string | null;
  metadataURI: string;
}

export function decodeProduct(productId: bigint, raw: ProductStructOutput): ProductRecord {
  return {
    productId, provider: raw.provider,
    productType: decodeEnum(PRODUCT_TYPES, raw.productType, "product type"),
    sourceCategory: decodeEnum(SOURCE_CATEGORIES, raw.sourceCategory, "source category"),
    classification: decodeEnum(CLASSIFICATIONS, raw.classification, "classification"),
    status: decodeEnum(PRODUCT_STATUSES, raw.status, "product status"),
    statusBeforeSuspension: decodeEnum(PRODUCT_STATUSES, raw.statusBeforeSuspension, "product status"),
    containsPersonalInfo: raw.containsPersonalInfo, openObjections: raw.openObjections, jurisdiction: codeText(raw.jurisdiction),
    sourceCount: raw.sourceCount, registeredAt: raw.registeredAt, previousVersion: idOrNull(raw.previousVersion),
    supersededBy: idOrNull(raw.supersededBy), contentHash: raw.contentHash, originDeclarationHash: raw.originDeclarationHash,
    descriptionHash: raw.descriptionHash === ZeroHash ? null : raw.descriptionHash, metadataURI: raw.metadataURI,
  };
}

/** A lineage edge: a product the product was derived from, and the provider's right on it that authorised the derivation. */
export interface ProductSource {
  productId: bigint;
  certificateId: bigint;
}

/** The registry's `sourcesOf` and `sourceCertificatesOf`, paired index by index. */
export function decodeSources(sources: readonly bigint[], sourceCertificates: readonly bigint[]): ProductSource[] {
  if (sources.length !== sourceCertificates.length) {
    throw new Error(`the registry returned ${sources.length} sources and ${sourceCertificates.length} source certificates`);
  }
  return sources.map((productId, index) => ({ productId, certificateId: sourceCertificates[index] }));
}

/** A rights certificate as the certificate registry keeps it. */
export interface CertificateRecord {
  certificateId: bigint;
  productId: bigint;
  category: RightCategoryName;
  /** The stored status; expiry and ancestors are `validity`'s to judge. */
  status: CertificateStatusName;
  issuedAt: bigint;
  expiresAt: bigint;
  /** The certificate it was licensed out of; null for an initial registration. */
  parentId: bigint | null;
  /** The certificate it replaced by transfer or change. */
  predecessorId: bigint | null;
  /** The certificate that replaced it (it is then Superseded). */
  successorId: bigint | null;
  holder: string;
  issuer: string;
  /** The financier holding it as a pledge; null when unpledged. */
  pledgee: string | null;
  openObjections: bigint;
  scopeHash: string;
  evidenceHash: string;
  /** The trade that granted this licence. */
  tradeId: bigint | null;
  /** Confirmed trades sold from it and not yet closed. */
  openTrades: bigint;
}

/**
 * Every field of the certificate struct, by name: all one-word values, so the lineage's batched
 * reads (batch.ts `namedReader`) can decode a whole record without ethers' generic decoder.
 */
export const CERTIFICATE_FIELDS = [
  "productId", "category", "status", "issuedAt", "expiresAt", "parentId", "predecessorId", "successorId", "holder", "issuer", "pledgee",
  "openObjections", "scopeHash", "evidenceHash", "tradeId", "openTrades",
] as const satisfies readonly (keyof CertificateStructOutput & string)[];

/** The certificate struct's named fields: TypeChain's output, or `namedReader`'s of CERTIFICATE_FIELDS. */
export type CertificateFields = Pick<CertificateStructOutput, (typeof CERTIFICATE_FIELDS)[number]>;

export function decodeCertificate(certificateId: bigint, raw: CertificateFields): CertificateRecord {
  return {
    certificateId, productId: raw.productId, category: decodeEnum(RIGHT_CATEGORIES, raw.category, "right category"),
    status: decodeEnum(CERTIFICATE_STATUSES, raw.status, "certificate status"), issuedAt: raw.issuedAt, expiresAt: raw.expiresAt,
    parentId: idOrNull(raw.parentId), predecessorId: idOrNull(raw.predecessorId), successorId: idOrNull(raw.successorId),
    holder: raw.holder, issuer: raw.issuer, pledgee: addressOrNull(raw.pledgee), openObjections: raw.openObjections,
    scopeHash: raw.scopeHash, evidenceHash: raw.evidenceHash, tradeId: idOrNull(raw.tradeId), openTrades: raw.openTrades,
  };
}

export function decodeValidity(value: bigint): ValidityName {
  return decodeEnum(VALIDITIES, value, "certificate validity");
}

/**
 * What blocks selling from a certificate (`tradableRight`): the first certificate of its chain
 * (itself, then each ancestor's stand-in) frozen or pledged, and that certificate's pledgee.
 */
export interface RightEncumbrance {
  /** Null when the chain is clear. */
  encumberedId: bigint | null;
  /** Null when that certificate is only frozen. */
  pledgee: string | null;
}

export function decodeEncumbrance(raw: { encumberedId: bigint; pledgee: string }): RightEncumbrance {
  return { encumberedId: idOrNull(raw.encumberedId), pledgee: addressOrNull(raw.pledgee) };
}

/** An assessor's finding on a product. */
export interface AssessmentRecord {
  assessmentId: bigint;
  assessor: string;
  productId: bigint;
  kind: AssessmentKindName;
  passed: boolean;
  revoked: boolean;
  issuedAt: bigint;
  expiresAt: bigint;
  /** The finding of the same product and kind it superseded. */
  previousId: bigint | null;
  reportHash: string;
}

export function decodeAssessment(assessmentId: bigint, raw: AssessmentStructOutput): AssessmentRecord {
  return {
    assessmentId, assessor: raw.assessor, productId: raw.productId, kind: decodeEnum(ASSESSMENT_KINDS, raw.kind, "assessment kind"),
    passed: raw.passed, revoked: raw.revoked, issuedAt: raw.issuedAt, expiresAt: raw.expiresAt, previousId: idOrNull(raw.previousId),
    reportHash: raw.reportHash,
  };
}

/** A reference price: `Negotiable` carries no amount and no currency. */
export interface ReferencePrice {
  method: PricingMethodName;
  /** Minor units (fen for CNY); null when Negotiable. */
  amount: bigint | null;
  /** ISO 4217, e.g. "CNY"; null when Negotiable. */
  currency: string | null;
  setAt: bigint;
  /** The Registrar or PriceEvaluation assessor who proposed it (the provider, for Negotiable). */
  proposedBy: string;
}

/** A price slot of a listing; null when it was never set (`setAt` zero). */
export function decodeReferencePrice(raw: ReferencePriceStructOutput): ReferencePrice | null {
  if (raw.setAt === 0n) return null;
  return decodePrice(raw.method, raw.amount, raw.currency, raw.setAt, raw.proposedBy);
}

function decodePrice(methodValue: bigint, amount: bigint, currency: string, setAt: bigint, proposedBy: string): ReferencePrice {
  const method = decodeEnum(PRICING_METHODS, methodValue, "pricing method");
  const negotiable = method === "Negotiable";
  return { method, amount: negotiable ? null : amount, currency: negotiable ? null : codeText(currency), setAt, proposedBy };
}

/** A product's listing terms and reference price. */
export interface ListingRecord {
  productId: bigint;
  rightOffered: RightCategoryName;
  /** The longest licence a trade may grant, in seconds. */
  licenceDuration: bigint;
  listedAt: bigint;
  /** ISO 3166-1 alpha-2 codes of the jurisdictions buyers may be in. */
  permittedJurisdictions: string[];
  /** The reference price buyers see; null while none was confirmed. */
  price: ReferencePrice | null;
  /** A proposal awaiting the provider's confirmation; null when none. */
  proposedPrice: ReferencePrice | null;
}

export function decodeListing(productId: bigint, raw: ListingStructOutput): ListingRecord {
  return {
    productId, rightOffered: decodeEnum(RIGHT_CATEGORIES, raw.rightOffered, "right category"), licenceDuration: raw.licenceDuration,
    listedAt: raw.listedAt, permittedJurisdictions: raw.permittedJurisdictions.map(codeText), price: decodeReferencePrice(raw.price),
    proposedPrice: decodeReferencePrice(raw.proposedPrice),
  };
}

/** Where a record came from in the chain's history: the log's block, position and transaction. */
export interface LogPosition {
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
}

/** One entry of a product's price history (the raw material of a price index). */
export interface PriceChange extends LogPosition {
  productId: bigint;
  /** `Proposed`: awaiting the provider; `Changed`: the reference price buyers see from then on. */
  event: "Proposed" | "Changed";
  price: ReferencePrice;
  /** The block's time. */
  timestamp: bigint;
}

/** A `PriceProposed` or `ReferencePriceChanged` log's fields as a price set at `timestamp`. */
export function decodePriceLog(
  args: { amount: bigint; currency: string; method: bigint; proposedBy: string },
  timestamp: bigint,
): ReferencePrice {
  return decodePrice(args.method, args.amount, args.currency, timestamp, args.proposedBy);
}

/** An objection (异议) against a product or a certificate. */
export interface ObjectionRecord {
  /** Which contract's book it is in: its target is a product, or a certificate. */
  book: ObjectionBookName;
  objectionId: bigint;
  targetId: bigint;
  claimant: string;
  status: ObjectionStatusName;
  lodgedAt: bigint;
  resolvedAt: bigint | null;
  claimHash: string;
  resolutionHash: string | null;
}

export function decodeObjection(book: ObjectionBookName, objectionId: bigint, raw: ObjectionStructOutput): ObjectionRecord {
  return {
    book, objectionId, targetId: raw.targetId, claimant: raw.claimant, status: decodeEnum(OBJECTION_STATUSES, raw.status, "objection status"),
    lodgedAt: raw.lodgedAt, resolvedAt: timeOrNull(raw.resolvedAt), claimHash: raw.claimHash, resolutionHash: hashOrNull(raw.resolutionHash),
  };
}

/** A trade as the ledger keeps it. */
export interface TradeRecord {
  tradeId: bigint;
  productId: bigint;
  seller: string;
  buyer: string;
  rightGranted: RightCategoryName;
  status: TradeStatusName;
  /** The status a dispute interrupted; `"None"` when never disputed. */
  statusBeforeDispute: TradeStatusName;
  crossBorder: boolean;
  sellerCancelled: boolean;
  buyerCancelled: boolean;
  licenceExpiresAt: bigint;
  sellerCertificateId: bigint;
  /** The licence minted to the buyer on completion; null before. */
  buyerCertificateId: bigint | null;
  /** The EIP-712 digest of the signed deal. */
  dealDigest: string;
  deliveryHash: string | null;
  paymentReference: string | null;
}

export function decodeTrade(tradeId: bigint, raw: TradeStructOutput): TradeRecord {
  return {
    tradeId, productId: raw.productId, seller: raw.seller, buyer: raw.buyer,
    rightGranted: decodeEnum(RIGHT_CATEGORIES, raw.rightGranted, "right category"),
    status: decodeEnum(TRADE_STATUSES, raw.status, "trade status"),
    statusBeforeDispute: decodeEnum(TRADE_STATUSES, raw.statusBeforeDispute, "trade status"),
    crossBorder: raw.crossBorder, sellerCancelled: raw.sellerCancelled, buyerCancelled: raw.buyerCancelled,
    licenceExpiresAt: raw.licenceExpiresAt, sellerCertificateId: raw.sellerCertificateId, buyerCertificateId: idOrNull(raw.buyerCertificateId),
    dealDigest: raw.dealDigest, deliveryHash: hashOrNull(raw.deliveryHash), paymentReference: hashOrNull(raw.paymentReference),
  };
}

/** What the signed deal says beyond the stored trade, from its TradeConfirmed log. */
export interface DealTerms {
  /** The product's content hash the parties traded at. */
  contentHash: string;
  broker: string | null;
  /** The public price; null when the parties keep it confidential (`priceCommitment` then). */
  price: { amount: bigint; currency: string } | null;
  priceCommitment: string | null;
  termsHash: string;
  purposeHash: string;
  nonce: bigint;
}

export function decodeDealTerms(deal: DealStructOutput): DealTerms {
  const priceCommitment = hashOrNull(deal.priceCommitment);
  return {
    contentHash: deal.contentHash, broker: addressOrNull(deal.broker),
    price: priceCommitment === null ? { amount: deal.priceAmount, currency: codeText(deal.currency) } : null,
    priceCommitment, termsHash: deal.termsHash, purposeHash: deal.purposeHash, nonce: deal.nonce,
  };
}
