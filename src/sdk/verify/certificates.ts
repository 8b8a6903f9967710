import { ZeroAddress } from "ethers";
import { listCertificates } from "../actions/read/listCertificates";
import type { ValidityName } from "../names";
import type { CertificateRecord, RightEncumbrance } from "../records";
import type { VerifyContext } from "./context";
import { FAULTY_VALIDITIES } from "./report";
import type { CertificateFacts, Check, LineageProduct } from "./report";

/** A certificate issued on the product, as it stands at the pinned block. */
export interface ProductCertificate {
  record: CertificateRecord;
  validity: ValidityName;
  /** What blocks selling from it (the encumbrance group reports it). */
  encumbrance: RightEncumbrance;
}

/** Every certificate ever issued on the product (its CertificateIssued logs), with validity and encumbrance. */
export async function readProductCertificates(context: VerifyContext, productId: bigint): Promise<ProductCertificate[]> {
  const issued = await listCertificates(context.client, { productId, blockNumber: context.blockNumber });
  return Promise.all(issued.map(async ({ registrationNumber: _number, validity, ...record }) => {
    context.remember(record);
    return { record, validity, encumbrance: await context.encumbrance(record.certificateId) };
  }));
}

/** A right the provider can sell the product from: its own valid ResourceHolding or ProductOperation certificate. */
export function isProviderRight(product: LineageProduct, certificate: ProductCertificate): boolean {
  const { record, validity } = certificate;
  return validity === "Valid" && record.category !== "ProcessingUse" && record.holder.toLowerCase() === product.provider.toLowerCase();
}

/**
 * The certificates group: every certificate of the product and its parents — a fault when it
 * is suspended, revoked, or stands on an invalid ancestor or a revoked product (superseded,
 * surrendered and naturally expired certificates are history, not faults) — and whether the
 * provider still holds a right to the product.
 */
export async function checkCertificates(context: VerifyContext, product: LineageProduct, certificates: readonly ProductCertificate[]): Promise<Check[]> {
  const checks: Check[] = [];
  for (const { record, validity } of certificates) {
    checks.push({
      id: `certificate.${record.certificateId}`,
      passed: !FAULTY_VALIDITIES.has(validity),
      detail: `${record.category} certificate ${record.certificateId} of ${context.name(record.holder)}${record.parentId !== null ? ` (parent ${record.parentId})` : ""} is ${await context.describeValidity(record, validity)}`,
    });
  }
  const providerRight = certificates.some((certificate) => isProviderRight(product, certificate));
  checks.push({
    id: "product.right",
    passed: providerRight,
    detail: providerRight
      ? "the provider holds a valid ResourceHolding or ProductOperation certificate"
      : "the provider holds no valid ResourceHolding or ProductOperation certificate",
  });
  return checks;
}

/** The report's facts of a certificate (0 and the zero address for "none", as the report has always said). */
export function certificateFacts({ record, validity }: ProductCertificate): CertificateFacts {
  return {
    certificateId: record.certificateId, holder: record.holder, category: record.category, validity, parentId: record.parentId ?? 0n,
    issuer: record.issuer, issuedAt: record.issuedAt, expiresAt: record.expiresAt, tradeId: record.tradeId ?? 0n,
    openObjections: record.openObjections, pledgee: record.pledgee ?? ZeroAddress,
  };
}
