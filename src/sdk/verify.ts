import { ZeroAddress, sha256 } from "ethers";
import type { Provider } from "ethers";
import { IObjectionBook__factory } from "../../typechain-types";
import type { IObjectionBook } from "../../typechain-types";
import type { ProductStructOutput } from "../../typechain-types/contracts/DataProductRegistry";
import type { CertificateStructOutput } from "../../typechain-types/contracts/RightsCertificate";
import type { DatarightsContracts } from "./client";
import { httpCaller, namedReader, providerCaller, stringResult, uintArray, uintCall, wordUint } from "./batch";
import type { RpcCounter } from "./chain";
import { sha256File } from "./hash";
import {
  ASSESSMENT_KINDS as KIND, CERTIFICATE_STATUSES as CERTIFICATE_STATUS, PARTICIPANT_STATUSES as PARTICIPANT_STATUS, PRODUCT_STATUSES as PRODUCT_STATUS, RIGHT_CATEGORIES as RIGHT,
  TRADE_STATUSES as TRADE_STATUS, VALIDITIES as VALIDITY, enumName, isoDate as calendarDate,
} from "./names";

/**
 * Provenance verification, as DOMAIN.md defines it, read from the chain itself. Reads are
 * issued a level of the lineage at a time with Promise.all, which the provider sends as
 * JSON-RPC batches: a lineage of N products costs a few HTTP round trips per level, not per field.
 */

const BUYER = 2n;
/** CertificateStatus.Superseded: a transferred or changed certificate, stood in for by its successor. */
const SUPERSEDED = 4n;
/**
 * Validities that are faults of a right (not history): superseded, surrendered and naturally
 * expired certificates are not listed. ProductRevoked is a Revoked right: its product was revoked.
 */
const FAULTY_VALIDITIES: ReadonlySet<string> = new Set(["Suspended", "Revoked", "AncestorInvalid", "ProductRevoked"]);

/** What `tradableRight` answers about a chain's first encumbrance (0 and the zero address when none). */
interface Tradable {
  encumberedId: bigint;
  pledgee: string;
}

/** The fields of a certificate the walks over its ancestors read. */
type ChainLink = Pick<CertificateStructOutput, "status" | "successorId" | "parentId" | "expiresAt" | "openObjections" | "pledgee">;

/** A certificate of a chain that is frozen by objections or pledged. */
interface Encumbrance {
  certificateId: bigint;
  openObjections: bigint;
  pledgee: string;
}

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
  /** Open objections against the product: non-zero means frozen. */
  openObjections: bigint;
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
  /** Only the lineage checks (the report's certificates, assessments and trades are then empty). */
  lineageOnly?: boolean;
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

  // Lineage, breadth first, one batched round per level. Struct fields are read by name (their
  // positions computed from the ABI), so a reordered struct cannot shift what a check reads.
  const raw = reader.rpcUrl ? httpCaller(reader.rpcUrl, blockTag, reader.counter) : providerCaller(provider, blockTag);
  const productsAddress = await products.getAddress();
  const productInterface = products.interface;
  const productReads = ["product", "sourcesOf", "sourceCertificatesOf", "registrationNumber"] as const;
  const productSelectors = productReads.map((read) => productInterface.getFunction(read).selector);
  const readProduct = namedReader<ProductStructOutput>(productInterface.getFunction("product"));
  const productFields = ["provider", "status", "contentHash", "registeredAt", "openObjections"] as const;
  const lineage: LineageProduct[] = [];
  const seen = new Set<bigint>([productId]);
  let level: bigint[] = [productId];
  for (let depth = 0; level.length > 0; depth += 1) {
    const results = await raw(level.flatMap((id) => productSelectors.map((selector) => ({ to: productsAddress, data: uintCall(selector, id) }))));
    const next: bigint[] = [];
    level.forEach((id, index) => {
      const [recordData, sourcesData, sourceCertificatesData, registrationNumberData] = results.slice(index * 4, index * 4 + 4);
      const record = readProduct(recordData, productFields);
      const sourceIds = uintArray(sourcesData);
      const certificateIds = uintArray(sourceCertificatesData);
      lineage.push({
        productId: id, registrationNumber: stringResult(registrationNumberData),
        provider: record.provider, status: PRODUCT_STATUS[Number(record.status)], contentHash: record.contentHash,
        registeredAt: record.registeredAt, openObjections: record.openObjections, depth,
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

  // Certificate records, each read once at the pinned block, and the walks over their ancestors.
  const certificateRecords = new Map<bigint, Promise<ChainLink>>();
  const certificateAt = (id: bigint): Promise<ChainLink> => {
    let record = certificateRecords.get(id);
    if (!record) {
      record = certificates.certificate(id, at);
      certificateRecords.set(id, record);
    }
    return record;
  };
  /** The whole record, which the walks then read from too. */
  const fullCertificate = (id: bigint): Promise<CertificateStructOutput> => {
    const record = certificates.certificate(id, at);
    if (!certificateRecords.has(id)) certificateRecords.set(id, record);
    return record;
  };
  /** The live certificate standing for `id`, as the contract's `_standIn`: itself, or its latest successor. */
  const standIn = async (id: bigint): Promise<bigint> => {
    const visited = new Set<bigint>();
    for (let record = await certificateAt(id); record.status === SUPERSEDED && record.successorId !== 0n && !visited.has(id); record = await certificateAt(id)) {
      visited.add(id);
      id = record.successorId;
    }
    return id;
  };
  /** Why an AncestorInvalid certificate is: the first ancestor (stand-ins followed) not Active or expired, as `_validity` walks. */
  const invalidAncestor = async (record: ChainLink): Promise<string> => {
    const visited = new Set<bigint>();
    for (let parentId = record.parentId; parentId !== 0n && !visited.has(parentId);) {
      visited.add(parentId);
      const ancestorId = await standIn(parentId);
      const ancestor = await certificateAt(ancestorId);
      const label = ancestorId === parentId ? `ancestor ${ancestorId}` : `ancestor ${ancestorId} (successor of ${parentId})`;
      const status = enumName(CERTIFICATE_STATUS, ancestor.status);
      if (status !== "Active") return `${label} is ${status}`;
      if (ancestor.expiresAt <= now) return `${label} expired on ${isoDate(ancestor.expiresAt)}`;
      parentId = ancestor.parentId;
    }
    return "no invalid ancestor found at this block";
  };
  const describeValidity = async (record: ChainLink, validityName: string): Promise<string> =>
    validityName === "AncestorInvalid" ? `AncestorInvalid: ${await invalidAncestor(record)}` : validityName;
  /**
   * Every certificate of the chain (itself, then its ancestors, stand-ins followed) that is frozen
   * or pledged. `tradableRight` answers the first such certificate, as a trade's confirmation sees
   * it; the walk asks again above it, so an encumbrance further up is reported too.
   */
  const encumbrancesOf = async (first: Tradable): Promise<Encumbrance[]> => {
    const found: Encumbrance[] = [];
    const visited = new Set<bigint>();
    for (let next: Tradable | undefined = first; next && next.encumberedId !== 0n && !visited.has(next.encumberedId);) {
      const id = next.encumberedId;
      visited.add(id);
      const record = await certificateAt(id);
      found.push({ certificateId: id, openObjections: record.openObjections, pledgee: record.pledgee });
      next = record.parentId === 0n ? undefined : await certificates.tradableRight(await standIn(record.parentId), at);
    }
    return found;
  };
  const objectionBooks = {
    products: IObjectionBook__factory.connect(productsAddress, provider),
    certificates: IObjectionBook__factory.connect(await certificates.getAddress(), provider),
  };
  /** "frozen by 2 open objections (#3 by X, #5 by Y)": the count from the chain, the ids from the book's events. */
  const describeFreeze = async (book: IObjectionBook, targetId: bigint, count: bigint): Promise<string> => {
    const [lodged, resolved] = await Promise.all([
      book.queryFilter(book.filters.ObjectionLodged(undefined, targetId), reader.certificatesFromBlock, blockTag),
      book.queryFilter(book.filters.ObjectionResolved(undefined, targetId), reader.certificatesFromBlock, blockTag),
    ]);
    const closed = new Set(resolved.map((log) => log.args.objectionId));
    const open = lodged.filter((log) => !closed.has(log.args.objectionId)).map((log) => `#${log.args.objectionId} by ${name(log.args.claimant)}`);
    return `frozen by ${count} open objection${count === 1n ? "" : "s"}${open.length ? ` (${open.join(", ")})` : ""}`;
  };

  /** The lineage checks: every edge, at every depth, and every frozen ancestor product. */
  const checkLineage = async () => {
    // Lineage edges: the derivation rule, and whether each source right still stands.
    const edges = lineage.flatMap((node) => node.sources.map((source) => ({ node, source })));
    const certificatesAddress = await certificates.getAddress();
    const certificateInterface = certificates.interface;
    const edgeReads = ["certificate", "validity", "tradableRight"] as const;
    const edgeSelectors = edgeReads.map((read) => certificateInterface.getFunction(read).selector);
    const readCertificate = namedReader<CertificateStructOutput>(certificateInterface.getFunction("certificate"));
    const readTradable = namedReader<Tradable>(certificateInterface.getFunction("tradableRight"));
    const edgeResults = await raw(edges.flatMap(({ source }) =>
      edgeSelectors.map((selector) => ({ to: certificatesAddress, data: uintCall(selector, source.certificateId) }))));
    const edgeCertificates = edges.map(({ source }, index) => {
      const [recordData, validityData, tradableData] = edgeResults.slice(index * 3, index * 3 + 3);
      const record = readCertificate(recordData, [
        "productId", "category", "status", "issuedAt", "expiresAt", "parentId", "successorId", "holder", "pledgee", "openObjections",
      ]);
      if (!certificateRecords.has(source.certificateId)) certificateRecords.set(source.certificateId, Promise.resolve(record));
      return {
        record, validityName: enumName(VALIDITY, wordUint(validityData, 0)), tradable: readTradable(tradableData, ["encumberedId", "pledgee"]),
      };
    });
    for (const [index, { node, source }] of edges.entries()) {
      const { record, validityName } = edgeCertificates[index];
      const sourceNode = byId.get(source.productId)!;
      const category = RIGHT[Number(record.category)];
      const problems: string[] = [];
      if (record.productId !== source.productId) problems.push(`certificate ${source.certificateId} is of product ${record.productId}`);
      if (category === "ProductOperation") problems.push(`certificate ${source.certificateId} is ${category}, which allows no derivation`);
      if (record.holder.toLowerCase() !== node.provider.toLowerCase()) problems.push(`certificate ${source.certificateId} is held by ${name(record.holder)}, not the provider`);
      if (record.issuedAt > node.registeredAt) problems.push(`certificate ${source.certificateId} was issued after the registration`);
      if (FAULTY_VALIDITIES.has(validityName)) problems.push(`certificate ${source.certificateId} is now ${await describeValidity(record, validityName)}`);
      if (sourceNode.status === "Revoked" || sourceNode.status === "Suspended") problems.push(`source ${sourceNode.registrationNumber} is ${sourceNode.status}`);
      check(
        `lineage.${node.productId}<-${source.productId}`,
        problems.length === 0,
        problems.length === 0
          ? `${node.registrationNumber} derives from ${sourceNode.registrationNumber} under ${category} certificate ${source.certificateId} (${validityName})`
          : `${node.registrationNumber} from ${sourceNode.registrationNumber}: ${problems.join("; ")}`,
      );
    }
    // Ancestor products frozen by an objection: the ownership of what this product was derived
    // from is contested. Reported only when frozen (the edge checks above cover the rest).
    for (const node of lineage) {
      if (node.depth === 0 || node.openObjections === 0n) continue;
      check(
        `lineage.${node.productId}.objections`,
        false,
        `ancestor ${node.registrationNumber} is ${await describeFreeze(objectionBooks.products, node.productId, node.openObjections)}`,
      );
    }
    return { edges, edgeCertificates };
  };
  if (options.lineageOnly) {
    await checkLineage();
    return {
      productId, registrationNumber: root.registrationNumber, chainId: reader.chainId, blockNumber: blockTag, checkedAt: now,
      passed: checks.every((item) => item.passed), checks, lineage, certificates: [], assessments: [], trades: [],
    };
  }

  // Registration and provider.
  const [providerRecord, certificateLogs, requiredMask, tradeIds] = await Promise.all([
    participants.participant(root.provider, at),
    certificates.queryFilter(certificates.filters.CertificateIssued(undefined, productId), reader.certificatesFromBlock, blockTag),
    assessments.requiredKinds(productId, at),
    allTradesOfProduct(contracts, productId, reader.certificatesFromBlock, blockTag),
  ]);
  check("product.status", root.status !== "Revoked" && root.status !== "Suspended", `${root.registrationNumber} is ${root.status}`);
  // An open objection (异议) freezes the product: no licence, listing or trade until the Registrar resolves it.
  check(
    "product.objections",
    root.openObjections === 0n,
    root.openObjections === 0n
      ? `${root.registrationNumber} has no open objection`
      : `${root.registrationNumber} is ${await describeFreeze(objectionBooks.products, productId, root.openObjections)}`,
  );
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

  const { edges, edgeCertificates } = await checkLineage();

  // The product's certificates and their parents.
  const certificateIds = certificateLogs.map((log) => log.args.tokenId);
  const certificateFacts = await Promise.all(certificateIds.map((id) =>
    Promise.all([fullCertificate(id), certificates.validity(id, at), certificates.tradableRight(id, at)])));
  const certificatesOut: CertificateFacts[] = certificateFacts.map(([record, validity], index) => ({
    certificateId: certificateIds[index], holder: record.holder, category: RIGHT[Number(record.category)], validity: enumName(VALIDITY, validity),
    parentId: record.parentId, issuer: record.issuer, issuedAt: record.issuedAt, expiresAt: record.expiresAt, tradeId: record.tradeId,
    openObjections: record.openObjections, pledgee: record.pledgee,
  }));
  for (const [index, facts] of certificatesOut.entries()) {
    // Superseded, surrendered and naturally expired certificates are history, not faults.
    const faulty = FAULTY_VALIDITIES.has(facts.validity);
    check(
      `certificate.${facts.certificateId}`,
      !faulty,
      `${facts.category} certificate ${facts.certificateId} of ${name(facts.holder)}${facts.parentId ? ` (parent ${facts.parentId})` : ""} is ${await describeValidity(certificateFacts[index][0], facts.validity)}`,
    );
  }
  const isProviderRight = (facts: CertificateFacts) =>
    facts.validity === "Valid" && facts.category !== "ProcessingUse" && facts.holder.toLowerCase() === root.provider.toLowerCase();
  const providerRight = certificatesOut.some(isProviderRight);
  check("product.right", providerRight, providerRight ? "the provider holds a valid ResourceHolding or ProductOperation certificate" : "the provider holds no valid ResourceHolding or ProductOperation certificate");

  // Freezes and pledges of every certificate: the product's, and those its lineage edges stand on.
  const encumbered = new Map<bigint, Encumbrance[]>();
  const tradables = [
    ...certificateFacts.map(([, , tradable], index) => ({ certificateId: certificateIds[index], tradable })),
    ...edges.map(({ source }, index) => ({ certificateId: source.certificateId, tradable: edgeCertificates[index].tradable })),
  ];
  await Promise.all(tradables.map(async ({ certificateId, tradable }) => {
    if (encumbered.has(certificateId)) return;
    encumbered.set(certificateId, []);
    encumbered.set(certificateId, await encumbrancesOf(tradable));
  }));
  // A Listed product claims that it can be sold: a trade's confirmation needs a seller's right
  // that is neither frozen nor pledged, on itself or an ancestor (TradeLedgerRightPledged).
  const sellableRight = certificatesOut.some((facts) => isProviderRight(facts) && encumbered.get(facts.certificateId)!.length === 0);
  const pledgeBlocksListing = root.status === "Listed" && !sellableRight;
  const productCertificates = new Set(certificateIds);
  for (const [certificateId, found] of encumbered) {
    const whose = (entry: Encumbrance) => (entry.certificateId === certificateId ? `certificate ${certificateId}` : `its ancestor ${entry.certificateId}`);
    const freezes = found.filter((entry) => entry.openObjections !== 0n);
    const pledges = found.filter((entry) => entry.pledgee !== ZeroAddress);
    if (freezes.length > 0) {
      // Frozen: an objection to the right is open, so the record is not settled. A fault.
      const details = await Promise.all(freezes.map(async (entry) =>
        `${whose(entry)} is ${await describeFreeze(objectionBooks.certificates, entry.certificateId, entry.openObjections)}`));
      check(`certificate.${certificateId}.objections`, false, details.join("; "));
    }
    if (pledges.length > 0) {
      // Pledged: financing against a data asset (the Shenzhen bank credit line) is lawful and
      // says nothing against where the product came from, so the check passes and its detail
      // names the financier: an auditor (and a second lender) must see it. It fails only when
      // the pledge defeats what the product claims: a Listed product whose provider holds no
      // right to sell it from that is free of pledges and freezes, so no trade can be confirmed.
      const facts = certificatesOut.find((entry) => entry.certificateId === certificateId);
      const blocks = pledgeBlocksListing && productCertificates.has(certificateId) && facts !== undefined && isProviderRight(facts);
      const pledged = pledges.map((entry) => `${whose(entry)} is pledged to ${name(entry.pledgee)}`).join("; ");
      check(
        `certificate.${certificateId}.pledge`,
        !blocks,
        blocks
          ? `${pledged}: ${root.registrationNumber} is Listed but the provider holds no unpledged right to sell it from, so no trade can be confirmed`
          : `${pledged}: it cannot be surrendered or reissued until released`,
      );
    }
  }

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
    fullCertificate(record.buyerCertificateId), certificates.validity(record.buyerCertificateId, at),
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
      const validityName = enumName(VALIDITY, validity);
      const derived = record.parentId === facts.sellerCertificateId && record.holder === facts.buyer && record.tradeId === facts.tradeId;
      const sound = derived && !FAULTY_VALIDITIES.has(validityName);
      check(
        `trade.${facts.tradeId}.licence`,
        sound,
        derived
          ? `trade ${facts.tradeId} licence ${facts.buyerCertificateId} derives from certificate ${facts.sellerCertificateId} and is ${await describeValidity(record, validityName)}`
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
  const report = await verifyProduct(reader, productId, { lineageOnly: true });
  return report.checks.filter((item) => !item.passed);
}
