import { existsSync, readFileSync, writeFileSync, renameSync } from "node:fs";
import { getAddress, verifyTypedData } from "ethers";
import type { Signer } from "ethers";
import { z } from "zod";
import { ASSESSMENT_TYPES, DEAL_TYPES, assessmentDomain, tradeDomain } from "./eip712";
import type { DealValues } from "./eip712";
import { signatureError } from "./errors";
import { ASSESSMENT_KINDS, RIGHT_CATEGORIES } from "./names";

/**
 * Signed documents that travel between parties off-chain: a deal the seller and the buyer both
 * sign for the Registrar to submit, and an assessor's finding anyone may submit. Numbers are
 * decimal strings so the files survive any JSON tool.
 */
const uint = z.string().regex(/^\d+$/, "a decimal integer");
const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "an address");
const bytes32 = z.string().regex(/^0x[0-9a-fA-F]{64}$/, "a 32-byte hex");
const signature = z.string().regex(/^0x[0-9a-fA-F]{130}$/, "a 65-byte signature");

const dealSchema = z.strictObject({
  productId: uint, contentHash: bytes32, seller: address, buyer: address, broker: address, sellerCertificateId: uint,
  rightGranted: z.number().int().min(0).max(RIGHT_CATEGORIES.length - 1), priceAmount: uint, currency: z.string().regex(/^0x[0-9a-fA-F]{6}$/, "bytes3 hex"),
  priceCommitment: bytes32, termsHash: bytes32, purposeHash: bytes32, licenceExpiresAt: uint, crossBorder: z.boolean(),
  nonce: uint, deadline: uint,
});
export const dealDocumentSchema = z.strictObject({
  type: z.literal("datarights.deal"),
  chainId: uint,
  ledger: address,
  deal: dealSchema,
  signatures: z.strictObject({ seller: signature.optional(), buyer: signature.optional() }),
});
export type DealDocument = z.infer<typeof dealDocumentSchema>;
export type DealFields = z.infer<typeof dealSchema>;

export const findingDocumentSchema = z.strictObject({
  type: z.literal("datarights.assessment"),
  chainId: uint,
  registry: address,
  assessor: address,
  finding: z.strictObject({ productId: uint, kind: z.number().int().min(0).max(ASSESSMENT_KINDS.length - 1), passed: z.boolean(), expiresAt: uint, reportHash: bytes32 }),
  nonce: uint,
  deadline: uint,
  signature,
});
export type FindingDocument = z.infer<typeof findingDocumentSchema>;

export function readDocument<T>(file: string, schema: z.ZodType<T>, what: string): T {
  if (!existsSync(file)) throw new Error(`${what} not found: ${file}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    throw new Error(`${what} ${file} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${what} ${file} is invalid: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

export function writeDocument(file: string, document: unknown): void {
  const temporary = `${file}.tmp-${process.pid}`;
  writeFileSync(temporary, `${JSON.stringify(document, null, 2)}\n`);
  renameSync(temporary, file);
}

/** The deal as the contract and EIP-712 take it. */
export function dealValues(deal: DealFields): DealValues {
  return {
    productId: BigInt(deal.productId), contentHash: deal.contentHash, seller: getAddress(deal.seller), buyer: getAddress(deal.buyer),
    broker: getAddress(deal.broker), sellerCertificateId: BigInt(deal.sellerCertificateId), rightGranted: deal.rightGranted,
    priceAmount: BigInt(deal.priceAmount), currency: deal.currency, priceCommitment: deal.priceCommitment, termsHash: deal.termsHash,
    purposeHash: deal.purposeHash, licenceExpiresAt: BigInt(deal.licenceExpiresAt), crossBorder: deal.crossBorder,
    nonce: BigInt(deal.nonce), deadline: BigInt(deal.deadline),
  };
}

/** A drafted deal (`draftDeal`) as the document its parties sign, for the ledger `ledger` on `chainId`. */
export function dealDocument(chainId: bigint, ledger: string, deal: DealValues): DealDocument {
  const { productId, sellerCertificateId, priceAmount, licenceExpiresAt, nonce, deadline, ...rest } = deal;
  const fields: DealFields = {
    ...rest, productId: productId.toString(), sellerCertificateId: sellerCertificateId.toString(), priceAmount: priceAmount.toString(),
    licenceExpiresAt: licenceExpiresAt.toString(), nonce: nonce.toString(), deadline: deadline.toString(),
  };
  return { type: "datarights.deal", chainId: chainId.toString(), ledger, deal: fields, signatures: {} };
}

/** Checks a deal's signatures locally: the signer of each must be its party. */
export function dealSigners(document: DealDocument): { seller?: string; buyer?: string } {
  const domain = tradeDomain(BigInt(document.chainId), document.ledger);
  const values = dealValues(document.deal);
  const recover = (role: "seller" | "buyer") => {
    const signature = document.signatures[role];
    if (!signature) return undefined;
    try {
      return verifyTypedData(domain, DEAL_TYPES, values, signature);
    } catch (error) {
      // ethers' "non-canonical s; use ._s (argument=…)" becomes a sentence naming the party.
      throw signatureError(error, `the ${role}'s signature`);
    }
  };
  return { seller: recover("seller"), buyer: recover("buyer") };
}

export async function signFinding(
  signer: Signer,
  chainId: bigint,
  registry: string,
  finding: FindingDocument["finding"],
  nonce: bigint,
  deadline: bigint,
): Promise<FindingDocument> {
  const assessor = getAddress(await signer.getAddress());
  const signature = await signer.signTypedData(assessmentDomain(chainId, registry), ASSESSMENT_TYPES, {
    assessor, productId: BigInt(finding.productId), kind: finding.kind, passed: finding.passed, expiresAt: BigInt(finding.expiresAt),
    reportHash: finding.reportHash, nonce, deadline,
  });
  return { type: "datarights.assessment", chainId: chainId.toString(), registry, assessor, finding, nonce: nonce.toString(), deadline: deadline.toString(), signature };
}
