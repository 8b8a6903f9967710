import { sha256 } from "ethers";
import type { Provider } from "ethers";
import type { DatarightsContracts } from "./client";
import { httpCaller, providerCaller, stringResult, uintArray, uintCall, wordAddress, wordBytes32, wordUint } from "./batch";
import type { RpcCounter } from "./chain";
import { sha256File } from "./hash";
import {
  ASSESSMENT_KINDS as KIND, PARTICIPANT_STATUSES as PARTICIPANT_STATUS, PRODUCT_STATUSES as PRODUCT_STATUS, RIGHT_CATEGORIES as RIGHT,
  TRADE_STATUSES as TRADE_STATUS, VALIDITIES as VALIDITY, isoDate as calendarDate,
} from "./names";

/**
 * Provenance verification, as DOMAIN.md defines it, read from the chain itself. Reads are
 * issued a level of the lineage at a time with Promise.all, which the provider sends as
 * JSON-RPC batches: a lineage of N products costs a few HTTP round trips per level, not per field.
 */

const BUYER = 2n;

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
  status: string;
  contentHash: string;
  registeredAt: bigint;
  sources: { productId: bigint; certificateId: bigint }[];
  depth: number;
}

export interface CertificateFacts {
  certificateId: bigint;
  holder: string;
  category: string;
  validity: string;
  parentId: bigint;
  issuer: string;
  issuedAt: bigint;
  expiresAt: bigint;
  tradeId: bigint;
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
  buyerCertificateId: bigint;
  dealDigest: string;
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

export interface VerifyOptions {
  /** A local file whose SHA-256 must equal the product's content hash or one of its delivery hashes. */
  file?: string;
  /** The same check for content already in memory. */
  content?: Uint8Array;
  /** Names accounts in the details (addresses when omitted). */
  nameOf?: (address: string) => string;
}

/** Where the verifier reads: the bindings, their provider, and the block the certificate contract was deployed in. */
export interface ChainReader {
  contracts: DatarightsContracts;
  provider: Provider;
  certificatesFromBlock: number;
  chainId: bigint;
  /** The node's HTTP endpoint: the lineage is then read in raw JSON-RPC batches (see batch.ts). */
  rpcUrl?: string;
  /** Counts the raw batches' traffic (the provider counts its own). */
  counter?: RpcCounter;
}

export class UnknownProductError extends Error {}

export async function verifyProduct(reader: ChainReader, productId: bigint, options: VerifyOptions = {}): Promise<VerificationReport> {
  const { contracts, provider } = reader;
  const { products, certificates, assessments, participants, trades } = contracts;
  const name = options.nameOf ?? ((address: string) => address);
  // Every read is pinned to one block, so the report is a consistent snapshot.
  const head = await provider.getBlock("latest");
  if (!head) throw new Error("the node returned no latest block");
  const blockTag = head.number;
  const now = BigInt(head.timestamp);
  const at = { blockTag };
  if (productId < 1n || productId > (await products.productCount(at))) throw new UnknownProductError(`unknown product ${productId}`);
  const checks: Check[] = [];
  const check = (id: string, passed: boolean, detail: string) => checks.push({ id, passed, detail });

  // Lineage, breadth first, one batched round per level.
  const raw = reader.rpcUrl ? httpCaller(reader.rpcUrl, blockTag, reader.counter) : providerCaller(provider, blockTag);
  const productsAddress = await products.getAddress();
  const select = (name: "product" | "sourcesOf" | "sourceCertificatesOf" | "registrationNumber") => products.interface.getFunction(name)!.selector;
  const productSelectors = [select("product"), select("sourcesOf"), select("sourceCertificatesOf"), select("registrationNumber")];
  const lineage: LineageProduct[] = [];
  const seen = new Set<bigint>([productId]);
  let level: bigint[] = [productId];
  for (let depth = 0; level.length > 0; depth += 1) {
    const results = await raw(level.flatMap((id) => productSelectors.map((selector) => ({ to: productsAddress, data: uintCall(selector, id) }))));
    const next: bigint[] = [];
    level.forEach((id, index) => {
      const [record, sources, sourceCertificates, registrationNumber] = results.slice(index * 4, index * 4 + 4);
      // Product is returned behind one offset word: field i sits at word 1 + i (see DataRightsTypes.sol).
      const sourceIds = uintArray(sources);
      const certificateIds = uintArray(sourceCertificates);
      lineage.push({
        productId: id, registrationNumber: stringResult(registrationNumber), provider: wordAddress(record, 1),
        status: PRODUCT_STATUS[Number(wordUint(record, 5))], contentHash: wordBytes32(record, 14), registeredAt: wordUint(record, 11), depth,
        sources: sourceIds.map((source, position) => ({ productId: source, certificateId: certificateIds[position] })),
      });
      for (const source of sourceIds) {
        if (!seen.has(source)) {
          seen.add(source);
          next.push(source);
        }
      }
    });
    level = next;
  }
  const byId = new Map(lineage.map((node) => [node.productId, node]));
  const root = byId.get(productId)!;

  // Registration and provider.
  const [providerRecord, certificateLogs, requiredMask, tradeIds] = await Promise.all([
    participants.participant(root.provider, at),
    certificates.queryFilter(certificates.filters.CertificateIssued(undefined, productId), reader.certificatesFromBlock, blockTag),
    assessments.requiredKinds(productId, at),
    allTradesOfProduct(contracts, productId, reader.certificatesFromBlock, blockTag),
  ]);
  check("product.status", root.status !== "Revoked" && root.status !== "Suspended", `${root.registrationNumber} is ${root.status}`);
  const certified = await products.isCertified(productId, at);
  const claimsCertification = root.status === "Certified" || root.status === "Listed";
  check(
    "product.certification",
    !claimsCertification || certified,
    claimsCertification
      ? certified ? `${root.registrationNumber} is ${root.status} and meets its assessment policy` : `${root.registrationNumber} is ${root.status} but no longer meets its assessment policy`
      : `${root.registrationNumber} claims no certification`,
  );
  check(
    "product.provider",
    providerRecord.status === 2n && providerRecord.accreditedUntil > now,
    `provider ${name(root.provider)} is ${PARTICIPANT_STATUS[Number(providerRecord.status)]}, accredited until ${isoDate(providerRecord.accreditedUntil)}`,
  );

  // Lineage edges: the derivation rule, and whether each source right still stands.
  const edges = lineage.flatMap((node) => node.sources.map((source) => ({ node, source })));
  const certificatesAddress = await certificates.getAddress();
  const certificateSelector = certificates.interface.getFunction("certificate")!.selector;
  const validitySelector = certificates.interface.getFunction("validity")!.selector;
  const edgeResults = await raw(edges.flatMap(({ source }) => [
    { to: certificatesAddress, data: uintCall(certificateSelector, source.certificateId) },
    { to: certificatesAddress, data: uintCall(validitySelector, source.certificateId) },
  ]));
  // Certificate is a static struct: field i at word i (productId 0, category 1, issuedAt 3, holder 8).
  const edgeCertificates = edges.map((_, index) => {
    const record = edgeResults[index * 2];
    return [
      { productId: wordUint(record, 0), category: wordUint(record, 1), issuedAt: wordUint(record, 3), holder: wordAddress(record, 8) },
      wordUint(edgeResults[index * 2 + 1], 0),
    ] as const;
  });
  edges.forEach(({ node, source }, index) => {
    const [record, validity] = edgeCertificates[index];
    const sourceNode = byId.get(source.productId)!;
    const category = RIGHT[Number(record.category)];
    const problems: string[] = [];
    if (record.productId !== source.productId) problems.push(`certificate ${source.certificateId} is of product ${record.productId}`);
    if (category === "ProductOperation") problems.push(`certificate ${source.certificateId} is ${category}, which allows no derivation`);
    if (record.holder.toLowerCase() !== node.provider.toLowerCase()) problems.push(`certificate ${source.certificateId} is held by ${name(record.holder)}, not the provider`);
    if (record.issuedAt > node.registeredAt) problems.push(`certificate ${source.certificateId} was issued after the registration`);
    const validityName = VALIDITY[Number(validity)];
    if (validityName === "Revoked" || validityName === "AncestorInvalid") problems.push(`certificate ${source.certificateId} is now ${validityName}`);
    if (sourceNode.status === "Revoked") problems.push(`source ${sourceNode.registrationNumber} is Revoked`);
    check(
      `lineage.${node.productId}<-${source.productId}`,
      problems.length === 0,
      problems.length === 0
        ? `${node.registrationNumber} derives from ${sourceNode.registrationNumber} under ${category} certificate ${source.certificateId} (${validityName})`
        : `${node.registrationNumber} from ${sourceNode.registrationNumber}: ${problems.join("; ")}`,
    );
  });

  // The product's certificates and their parents.
  const certificateIds = certificateLogs.map((log) => log.args.tokenId);
  const certificateFacts = await Promise.all(certificateIds.map((id) => Promise.all([certificates.certificate(id, at), certificates.validity(id, at)])));
  const certificatesOut: CertificateFacts[] = certificateFacts.map(([record, validity], index) => ({
    certificateId: certificateIds[index], holder: record.holder, category: RIGHT[Number(record.category)], validity: VALIDITY[Number(validity)],
    parentId: record.parentId, issuer: record.issuer, issuedAt: record.issuedAt, expiresAt: record.expiresAt, tradeId: record.tradeId,
  }));
  for (const facts of certificatesOut) {
    // Superseded, surrendered and naturally expired certificates are history, not faults.
    const faulty = facts.validity === "Revoked" || facts.validity === "Suspended" || facts.validity === "AncestorInvalid";
    check(
      `certificate.${facts.certificateId}`,
      !faulty,
      `${facts.category} certificate ${facts.certificateId} of ${name(facts.holder)}${facts.parentId ? ` (parent ${facts.parentId})` : ""} is ${facts.validity}`,
    );
  }
  const providerRight = certificatesOut.some((facts) =>
    facts.validity === "Valid" && facts.category !== "ProcessingUse" && facts.holder.toLowerCase() === root.provider.toLowerCase());
  check("product.right", providerRight, providerRight ? "the provider holds a valid ResourceHolding or ProductOperation certificate" : "the provider holds no valid ResourceHolding or ProductOperation certificate");

  // Required assessments: passed, unexpired, unrevoked, by an assessor accredited for the kind.
  const requiredKinds = KIND.map((_, kind) => kind).filter((kind) => (requiredMask & (1n << BigInt(kind))) !== 0n);
  const latestIds = await Promise.all(requiredKinds.map((kind) => assessments.latestAssessment(productId, kind, at)));
  const assessmentRecords = await Promise.all(latestIds.map((id) => (id === 0n ? undefined : assessments.assessment(id, at))));
  const assessorAccredited = await Promise.all(assessmentRecords.map((record, index) =>
    record ? participants.isAccreditedAssessor(record.assessor, requiredKinds[index], at) : false));
  const assessmentsOut: AssessmentFacts[] = [];
  requiredKinds.forEach((kind, index) => {
    const record = assessmentRecords[index];
    const kindName = KIND[kind];
    if (!record) {
      check(`assessment.${kindName}`, false, `no ${kindName} assessment recorded`);
      return;
    }
    assessmentsOut.push({
      assessmentId: latestIds[index], kind: kindName, assessor: record.assessor, passed: record.passed, revoked: record.revoked,
      issuedAt: record.issuedAt, expiresAt: record.expiresAt, reportHash: record.reportHash,
    });
    const problems: string[] = [];
    if (!record.passed) problems.push("failed");
    if (record.revoked) problems.push("revoked");
    if (record.expiresAt <= now) problems.push(`expired on ${isoDate(record.expiresAt)}`);
    if (!assessorAccredited[index]) problems.push(`assessor ${name(record.assessor)} is not accredited for ${kindName}`);
    check(
      `assessment.${kindName}`,
      problems.length === 0,
      `${kindName} assessment ${latestIds[index]} by ${name(record.assessor)}: ${problems.length ? problems.join(", ") : `passed, valid until ${isoDate(record.expiresAt)}`}`,
    );
  });

  // Trades: each buyer's qualification and derived certificate.
  const tradeRecords = await Promise.all(tradeIds.map((id) => trades.trade(id, at)));
  const buyers = [...new Set(tradeRecords.map((record) => record.buyer))];
  const buyerRecords = new Map(
    (await Promise.all(buyers.map((buyer) => participants.participant(buyer, at)))).map((record, index) => [buyers[index], record]),
  );
  const completed = tradeRecords.map((record, index) => ({ record, tradeId: tradeIds[index] })).filter(({ record }) => record.status === 3n);
  const licenceFacts = await Promise.all(completed.map(({ record }) => Promise.all([
    certificates.certificate(record.buyerCertificateId, at), certificates.validity(record.buyerCertificateId, at),
  ])));
  const licenceOf = new Map(completed.map(({ tradeId }, index) => [tradeId, licenceFacts[index]]));
  const tradesOut: TradeFacts[] = tradeRecords.map((record, index) => ({
    tradeId: tradeIds[index], seller: record.seller, buyer: record.buyer, status: TRADE_STATUS[Number(record.status)],
    sellerCertificateId: record.sellerCertificateId, buyerCertificateId: record.buyerCertificateId, dealDigest: record.dealDigest,
    deliveryHash: record.deliveryHash, crossBorder: record.crossBorder,
  }));
  for (const facts of tradesOut) {
    const buyer = buyerRecords.get(facts.buyer)!;
    const qualified = buyer.status === 2n && buyer.accreditedUntil > now && (buyer.kinds & BUYER) !== 0n;
    check(
      `trade.${facts.tradeId}.buyer`,
      qualified,
      `trade ${facts.tradeId} buyer ${name(facts.buyer)} is ${PARTICIPANT_STATUS[Number(buyer.status)]}${buyer.accreditedUntil <= now ? `, accreditation lapsed on ${isoDate(buyer.accreditedUntil)}` : ""}`,
    );
    const licence = licenceOf.get(facts.tradeId);
    if (licence) {
      const [record, validity] = licence;
      const validityName = VALIDITY[Number(validity)];
      const derived = record.parentId === facts.sellerCertificateId && record.holder === facts.buyer && record.tradeId === facts.tradeId;
      const sound = derived && validityName !== "Revoked" && validityName !== "Suspended" && validityName !== "AncestorInvalid";
      check(
        `trade.${facts.tradeId}.licence`,
        sound,
        derived
          ? `trade ${facts.tradeId} licence ${facts.buyerCertificateId} derives from certificate ${facts.sellerCertificateId} and is ${validityName}`
          : `trade ${facts.tradeId} licence ${facts.buyerCertificateId} does not derive from the seller's certificate ${facts.sellerCertificateId}`,
      );
    }
  }

  if (options.file !== undefined || options.content !== undefined) {
    const label = options.file ?? `${options.content!.length} bytes`;
    const fileHash = options.file !== undefined ? await sha256File(options.file) : sha256(options.content!);
    const matches = fileHash === root.contentHash.toLowerCase()
      ? "the registered content hash"
      : tradesOut.find((trade) => trade.deliveryHash.toLowerCase() === fileHash)
        ? `the delivery hash of trade ${tradesOut.find((trade) => trade.deliveryHash.toLowerCase() === fileHash)!.tradeId}`
        : undefined;
    check("file", matches !== undefined, matches ? `${label} (${fileHash}) matches ${matches}` : `${label} (${fileHash}) matches neither the content hash ${root.contentHash} nor any delivery hash: tampered or wrong file`);
  }

  return {
    productId, registrationNumber: root.registrationNumber, chainId: reader.chainId, blockNumber: blockTag, checkedAt: now,
    passed: checks.every((item) => item.passed), checks, lineage, certificates: certificatesOut, assessments: assessmentsOut, trades: tradesOut,
  };
}

/** The product's trades, oldest first: the ledger keeps no index of them, its TradeConfirmed events (product indexed) are the index. */
async function allTradesOfProduct(contracts: DatarightsContracts, productId: bigint, fromBlock: number, blockTag: number): Promise<bigint[]> {
  const logs = await contracts.trades.queryFilter(contracts.trades.filters.TradeConfirmed(undefined, productId), fromBlock, blockTag);
  return logs.map((log) => log.args.tradeId);
}

function isoDate(timestamp: bigint): string {
  return timestamp >= 2n ** 40n - 1n ? "never" : calendarDate(timestamp);
}

/**
 * The lineage checks of `verifyProduct` (every edge, at every depth, pinned to the latest block)
 * that fail now: what the contract cannot walk in bounded gas and a trade's confirmation must
 * still refuse.
 * @example const failed = await failedLineageChecks(reader, 7n); if (failed.length) throw ...
 */
export async function failedLineageChecks(reader: ChainReader, productId: bigint): Promise<Check[]> {
  const report = await verifyProduct(reader, productId);
  return report.checks.filter((item) => item.id.startsWith("lineage.") && !item.passed);
}
