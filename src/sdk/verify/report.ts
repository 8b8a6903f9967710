import type { ValidityName } from "../names";
import { isoDate as calendarDate } from "../names";
import type { ProductStatusName } from "../records";

/** What `verifyProduct` reports: every check with its verdict, and the facts it read. */

export interface Check {
  /** Stable id of the check, e.g. "assessment.Quality", "trade.3.buyer". */
  id: string;
  passed: boolean;
  detail: string;
}

export interface LineageProduct {
  productId: bigint;
  registrationNumber: string;
  provider: string;
  status: ProductStatusName;
  contentHash: string;
  registeredAt: bigint;
  /** Open objections against the product: non-zero means frozen. */
  openObjections: bigint;
  sources: { productId: bigint; certificateId: bigint }[];
  depth: number;
}

export interface CertificateFacts {
  certificateId: bigint;
  holder: string;
  category: string;
  validity: ValidityName;
  /** 0 for an initial registration. */
  parentId: bigint;
  issuer: string;
  issuedAt: bigint;
  expiresAt: bigint;
  /** 0 when no trade granted it. */
  tradeId: bigint;
  /** Open objections against the certificate: non-zero means frozen. */
  openObjections: bigint;
  /** The financier holding it as a pledge; the zero address when unpledged. */
  pledgee: string;
}

export interface AssessmentFacts {
  assessmentId: bigint;
  kind: string;
  assessor: string;
  passed: boolean;
  revoked: boolean;
  issuedAt: bigint;
  expiresAt: bigint;
  reportHash: string;
}

export interface TradeFacts {
  tradeId: bigint;
  seller: string;
  buyer: string;
  status: string;
  sellerCertificateId: bigint;
  /** 0 before the trade completed. */
  buyerCertificateId: bigint;
  dealDigest: string;
  /** The zero hash before delivery. */
  deliveryHash: string;
  crossBorder: boolean;
}

export interface VerificationReport {
  productId: bigint;
  registrationNumber: string;
  chainId: bigint;
  blockNumber: number;
  checkedAt: bigint;
  passed: boolean;
  checks: Check[];
  lineage: LineageProduct[];
  certificates: CertificateFacts[];
  assessments: AssessmentFacts[];
  trades: TradeFacts[];
}

/**
 * Validities that are faults of a right (not history): superseded, surrendered and naturally
 * expired certificates are not listed. ProductRevoked is a Revoked right: its product was revoked.
 */
export const FAULTY_VALIDITIES: ReadonlySet<ValidityName> = new Set<ValidityName>(["Suspended", "Revoked", "AncestorInvalid", "ProductRevoked"]);

/** A product status that disowns the product: its lineage and its own checks fail on it. */
export function isWithdrawn(status: ProductStatusName): boolean {
  return status === "Revoked" || status === "Suspended";
}

/** A date for a detail line; "never" for the contracts' no-expiry value (2^40 - 1). */
export function isoDate(timestamp: bigint): string {
  return timestamp >= 2n ** 40n - 1n ? "never" : calendarDate(timestamp);
}
