import type { DatarightsClient } from "../client";
import { checkAssessments } from "./assessments";
import { certificateFacts, checkCertificates, readProductCertificates } from "./certificates";
import { checkContent } from "./content";
import { createVerifyContext } from "./context";
import { checkDocument } from "./document";
import type { DocumentSources } from "./document";
import type { VerifyContext } from "./context";
import { checkEncumbrances } from "./encumbrances";
import { checkEpochs } from "./epochs";
import { checkLineage, readLineage } from "./lineage";
import { checkRegistration } from "./registration";
import { checkTrades } from "./trades";
import type { Check, LineageProduct, VerificationReport } from "./report";

export type { AssessmentFacts, CertificateFacts, Check, LineageProduct, TradeFacts, VerificationReport } from "./report";

/**
 * Provenance verification, as docs/domain.md defines it, read from the chain itself and pinned to
 * one block, across every epoch of the exchange (./epochs checks the links between them). Each group of checks is a function of its own (./registration, ./lineage,
 * ./certificates, ./encumbrances, ./assessments, ./trades, ./content, ./document), reading typed records
 * through the SDK's read actions; the lineage, which can be thousands of products, is read in
 * raw JSON-RPC batches a level at a time.
 */

export interface VerifyOptions extends DocumentSources {
  /** A local file whose SHA-256 must equal the product's content hash or one of its delivery hashes. */
  file?: string;
  /** The same check for content already in memory. */
  content?: Uint8Array;
  /** Names accounts in the details (addresses when omitted). */
  nameOf?: (address: string) => string;
  /** Only the lineage checks (the report's certificates, assessments and trades are then empty). */
  lineageOnly?: boolean;
}

export class UnknownProductError extends Error {}

/**
 * Verifies a product's provenance: its registration and provider, its lineage (every edge, at
 * every depth), its certificates and their freezes and pledges, its required assessments, its
 * trades, and optionally a local file. `passed` is false when any check fails.
 * @example
 * const report = await verifyProduct(client, 7n, { file: "frames.zip" });
 * for (const check of report.checks) console.log(check.passed ? "PASS" : "FAIL", check.id, check.detail);
 */
export async function verifyProduct(client: DatarightsClient, productId: bigint, options: VerifyOptions = {}): Promise<VerificationReport> {
  const head = await client.provider.getBlock("latest");
  if (!head) throw new Error("the node returned no latest block");
  const context = createVerifyContext(client, { blockNumber: head.number, now: BigInt(head.timestamp), nameOf: options.nameOf });
  // A count read to refuse an unknown id in plain words; it names no new id.
  if (productId < 1n || productId > (await context.read(client.contracts.products.productCount({ blockTag: head.number })))) {
    throw new UnknownProductError(`unknown product ${productId}`);
  }
  const lineage = await readLineage(context, productId);
  const findings = options.lineageOnly
    ? { checks: (await checkLineage(context, lineage)).checks, certificates: [], assessments: [], trades: [] }
    : await checkAll(context, lineage, options);
  return {
    productId, registrationNumber: lineage[0].registrationNumber, chainId: client.chainId, blockNumber: context.blockNumber,
    checkedAt: context.now, passed: findings.checks.every((item) => item.passed), checks: findings.checks, lineage,
    certificates: findings.certificates, assessments: findings.assessments, trades: findings.trades,
  };
}

/** Every group: its reads started together, its checks reported in a fixed order. */
async function checkAll(
  context: VerifyContext, lineage: readonly LineageProduct[], options: VerifyOptions,
): Promise<Pick<VerificationReport, "checks" | "certificates" | "assessments" | "trades">> {
  const [product] = lineage;
  const [epochs, registration, lineageChecks, certificates, assessments, trades, document] = await Promise.all([
    checkEpochs(context),
    checkRegistration(context, product),
    checkLineage(context, lineage),
    readProductCertificates(context, product.productId),
    checkAssessments(context, product.productId),
    checkTrades(context, product.productId),
    checkDocument(context, product, options),
  ]);
  const checks = [
    ...epochs,
    ...registration,
    ...document,
    ...lineageChecks.checks,
    ...(await checkCertificates(context, product, certificates)),
    ...(await checkEncumbrances(context, product, certificates, lineageChecks.edges)),
    ...assessments.checks,
    ...trades.checks,
    ...(await checkContent(product, trades.trades, options)),
  ];
  return { checks, certificates: certificates.map(certificateFacts), assessments: assessments.assessments, trades: trades.trades };
}

/**
 * The lineage checks of `verifyProduct` (every edge, at every depth, pinned to the latest block)
 * that fail now: what the contract cannot walk in bounded gas and a trade's confirmation must
 * still refuse.
 * @example const failed = await failedLineageChecks(client, 7n); if (failed.length) throw ...
 */
export async function failedLineageChecks(client: DatarightsClient, productId: bigint): Promise<Check[]> {
  const report = await verifyProduct(client, productId, { lineageOnly: true });
  return report.checks.filter((item) => !item.passed);
}
