/**
 * Names of the enums of contracts/types/DataRightsTypes.sol, in declaration order, so the stories
 * can say `"ProcessingUse"` where the chain says `1`, and print the chain's numbers back as names.
 */

export const PARTICIPANT_STATUSES = ["None", "Pending", "Active", "Suspended", "Revoked"] as const;
export const RIGHT_CATEGORIES = ["ResourceHolding", "ProcessingUse", "ProductOperation"] as const;
export const SOURCE_CATEGORIES = ["Public", "Enterprise", "Personal"] as const;
export const CLASSIFICATIONS = ["General", "Important", "Core"] as const;
export const PRODUCT_TYPES = ["Dataset", "Api", "Report", "Model", "Service", "Index"] as const;
export const PRODUCT_STATUSES = ["None", "Registered", "Certified", "Listed", "Delisted", "Suspended", "Revoked"] as const;
export const VALIDITIES = [
  "Valid", "Nonexistent", "Suspended", "Revoked", "Surrendered", "Superseded", "Expired", "AncestorInvalid", "ProductRevoked",
] as const;
export const ASSESSMENT_KINDS = [
  "LegalCompliance", "SecurityRisk", "Quality", "AssetValuation", "PersonalInfoProtection", "CrossBorderSecurity",
  "PriceEvaluation",
] as const;
export const PRICING_METHODS = ["Negotiable", "Cost", "Income", "Market"] as const;
export const TRADE_STATUSES = ["None", "Confirmed", "Delivered", "Completed", "Disputed", "Annulled", "Cancelled"] as const;

export type RightCategoryName = (typeof RIGHT_CATEGORIES)[number];
export type SourceCategoryName = (typeof SOURCE_CATEGORIES)[number];
export type ClassificationName = (typeof CLASSIFICATIONS)[number];
export type ProductTypeName = (typeof PRODUCT_TYPES)[number];
export type AssessmentKindName = (typeof ASSESSMENT_KINDS)[number];
export type PricingMethodName = (typeof PRICING_METHODS)[number];
export type ValidityName = (typeof VALIDITIES)[number];

/** Participant kind flags of contracts/libraries/ParticipantKinds.sol. */
export const PARTICIPANT_KINDS = { provider: 1, buyer: 2, assessor: 4, broker: 8, financier: 16, auditor: 32 } as const;

/** The enum value of `name` in `names`, as the contracts take it. */
export function enumValue<Name extends string>(names: readonly Name[], name: Name): number {
  return names.indexOf(name);
}

/** The name of the enum value `value`, or `unknown(value)` for a value the off-chain side does not know. */
export function enumName(names: readonly string[], value: bigint | number): string {
  return names[Number(value)] ?? `unknown(${value})`;
}

/** Bit set of `1 << AssessmentKind`, as the assessment registry and participant registry store it. */
export function assessmentKindsMask(kinds: readonly AssessmentKindName[]): number {
  return kinds.reduce((mask, kind) => mask | (1 << enumValue(ASSESSMENT_KINDS, kind)), 0);
}

/** The kinds named by the bit set `mask`. */
export function assessmentKindsOf(mask: bigint): AssessmentKindName[] {
  return ASSESSMENT_KINDS.filter((_, index) => (mask & (1n << BigInt(index))) !== 0n);
}

/** A Unix time as an ISO date, e.g. 2026-03-01. */
export function isoDate(timestamp: bigint): string {
  return new Date(Number(timestamp) * 1000).toISOString().slice(0, 10);
}

/** An amount in minor units (fen for CNY) as `CNY 120,000.00`. */
export function formatMoney(amount: bigint, currency: string): string {
  const major = (amount / 100n).toLocaleString("en-US");
  return `${currency} ${major}.${(amount % 100n).toString().padStart(2, "0")}`;
}

export const CERTIFICATE_STATUSES = ["Active", "Suspended", "Revoked", "Surrendered", "Superseded"] as const;
export const REQUIREMENT_SCOPES = ["Base", "PersonalInformation", "SourceCategory", "Classification", "ProductType"] as const;
/** Names of the participant kind flags, bit by bit (PARTICIPANT_KINDS holds the flags by name). */
export const PARTICIPANT_KIND_NAMES = ["Provider", "Buyer", "Assessor", "Broker", "Financier", "Auditor"] as const;
/** Short codes of the right categories, as registration numbers print them. */
export const RIGHT_ALIASES = { RH: "ResourceHolding", PU: "ProcessingUse", PO: "ProductOperation" };

/** Bit set of `1 << index` for enum indexes. */
export function kindsMask(kinds: readonly number[]): number {
  return kinds.reduce((mask, kind) => mask | (1 << kind), 0);
}

/** The names in `names` whose bit is set in `mask`. */
export function maskNames(names: readonly string[], mask: bigint | number): string[] {
  // Masks of a few bits: plain number arithmetic (the listener decodes one per accreditation).
  const small = typeof mask === "number" ? mask : mask >= 0n && mask <= 0x7fffffffn ? Number(mask) : undefined;
  if (small !== undefined && names.length <= 31) return names.filter((_, index) => (small & (1 << index)) !== 0);
  return names.filter((_, index) => (BigInt(mask) & (1n << BigInt(index))) !== 0n);
}

/** bytes2 / bytes3 codes ("0x434e") back to text ("CN"). */
export function codeText(hex: string): string {
  return Buffer.from(hex.slice(2), "hex").toString("utf8").replace(/\0+$/, "");
}
