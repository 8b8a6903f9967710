import { ENUM_MEMBERS, PARTICIPANT_KIND_FLAGS, ParticipantKind } from "./generated/enums";

/**
 * Names of the enums of contracts/types/DataRightsTypes.sol, in declaration order, so the stories
 * can say `"ProcessingUse"` where the chain says `1`, and print the chain's numbers back as names.
 * The lists come from ./generated/enums.ts, which the compiler's AST generates: none is typed here.
 */

export const PARTICIPANT_STATUSES = ENUM_MEMBERS.ParticipantStatus;
export const RIGHT_CATEGORIES = ENUM_MEMBERS.RightCategory;
export const SOURCE_CATEGORIES = ENUM_MEMBERS.SourceCategory;
export const CLASSIFICATIONS = ENUM_MEMBERS.Classification;
export const PRODUCT_TYPES = ENUM_MEMBERS.ProductType;
export const PRODUCT_STATUSES = ENUM_MEMBERS.ProductStatus;
export const VALIDITIES = ENUM_MEMBERS.CertificateValidity;
export const ASSESSMENT_KINDS = ENUM_MEMBERS.AssessmentKind;
export const PRICING_METHODS = ENUM_MEMBERS.PricingMethod;
export const TRADE_STATUSES = ENUM_MEMBERS.TradeStatus;
export const CERTIFICATE_STATUSES = ENUM_MEMBERS.CertificateStatus;
export const REQUIREMENT_SCOPES = ENUM_MEMBERS.RequirementScope;
export const OBJECTION_STATUSES = ENUM_MEMBERS.ObjectionStatus;

export type RightCategoryName = (typeof RIGHT_CATEGORIES)[number];
export type SourceCategoryName = (typeof SOURCE_CATEGORIES)[number];
export type ClassificationName = (typeof CLASSIFICATIONS)[number];
export type ProductTypeName = (typeof PRODUCT_TYPES)[number];
export type AssessmentKindName = (typeof ASSESSMENT_KINDS)[number];
export type PricingMethodName = (typeof PRICING_METHODS)[number];
export type ValidityName = (typeof VALIDITIES)[number];

/** Participant kind flags of contracts/libraries/ParticipantKinds.sol, by lower-case name (`provider: 1`). */
export const PARTICIPANT_KINDS = Object.fromEntries(
  Object.entries(ParticipantKind).map(([name, flag]) => [name.toLowerCase(), flag]),
) as { readonly [Name in keyof typeof ParticipantKind as Lowercase<Name>]: (typeof ParticipantKind)[Name] };

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

/** Names of the participant kind flags, bit by bit (PARTICIPANT_KINDS holds the flags by name). */
export const PARTICIPANT_KIND_NAMES = PARTICIPANT_KIND_FLAGS;
/**
 * Short codes of the right categories, as registration numbers print them (RegistrationNumbers.sol:
 * the capitals of the name, "RH" for ResourceHolding).
 */
export const RIGHT_ALIASES: Readonly<Record<string, RightCategoryName>> = Object.fromEntries(
  RIGHT_CATEGORIES.map((name) => [name.replace(/[^A-Z]/g, ""), name]),
);

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
