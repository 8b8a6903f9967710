import { namedReader, stringResult, uintArray, uintCall, wordUint } from "../batch";
import { PRODUCT_STATUSES } from "../names";
import { CERTIFICATE_FIELDS, decodeCertificate, decodeEncumbrance, decodeEnum, decodeSources, decodeValidity } from "../records";
import type { CertificateFields, CertificateRecord, RightEncumbrance } from "../records";
import type { ValidityName } from "../names";
import type { ProductStructOutput } from "../../../typechain-types/contracts/DataProductRegistry";
import type { VerifyContext } from "./context";
import { FAULTY_VALIDITIES, isWithdrawn } from "./report";
import type { Check, LineageProduct } from "./report";

/**
 * The lineage group: the product's sources, recursively, with the derivation rule checked at
 * every edge (the provider held, when it registered, a ProcessingUse or ResourceHolding right on
 * the source that still stands), and every ancestor frozen by an objection. The contract checks
 * only the direct edges (bounded gas): the rest is the auditor's, and trade confirmation's.
 *
 * A thousand-product lineage is thousands of reads: they go out a level at a time as raw batches
 * (batch.ts), each record's fields read by name from the ABI, so a reordered struct cannot shift
 * what a check reads.
 */

/** A lineage edge with the provider's certificate on the source, as it stands at the pinned block. */
export interface LineageEdge {
  node: LineageProduct;
  source: { productId: bigint; certificateId: bigint };
  certificate: CertificateRecord;
  validity: ValidityName;
  /** What blocks selling from that certificate (the encumbrance group reports it). */
  encumbrance: RightEncumbrance;
}

const PRODUCT_FIELDS = ["provider", "status", "contentHash", "registeredAt", "openObjections"] as const;

/** The product and its ancestors, breadth first, each once however many paths lead to it. */
export async function readLineage(context: VerifyContext, productId: bigint): Promise<LineageProduct[]> {
  const { products } = context.client.contracts;
  const address = context.client.address("products");
  const reads = ["product", "sourcesOf", "sourceCertificatesOf", "registrationNumber"] as const;
  const selectors = reads.map((read) => products.interface.getFunction(read).selector);
  const readProduct = namedReader<ProductStructOutput>(products.interface.getFunction("product"));
  const lineage: LineageProduct[] = [];
  const seen = new Set<bigint>([productId]);
  let level: bigint[] = [productId];
  for (let depth = 0; level.length > 0; depth += 1) {
    const results = await context.raw(level.flatMap((id) => selectors.map((selector) => ({ to: address, data: uintCall(selector, id) }))));
    const next: bigint[] = [];
    level.forEach((id, index) => {
      const [recordData, sourcesData, sourceCertificatesData, registrationNumberData] = results.slice(index * reads.length, (index + 1) * reads.length);
      const record = readProduct(recordData, PRODUCT_FIELDS);
      const sources = decodeSources(uintArray(sourcesData), uintArray(sourceCertificatesData));
      lineage.push({
        productId: id, registrationNumber: stringResult(registrationNumberData), provider: record.provider,
        status: decodeEnum(PRODUCT_STATUSES, record.status, "product status"), contentHash: record.contentHash, registeredAt: record.registeredAt,
        openObjections: record.openObjections, depth, sources,
      });
      for (const source of sources) {
        if (!seen.has(source.productId)) {
          seen.add(source.productId);
          next.push(source.productId);
        }
      }
    });
    level = next;
  }
  return lineage;
}

/** Every edge's certificate, its validity and its encumbrance, in raw batches; the records are remembered for the walks. */
async function readEdges(context: VerifyContext, lineage: readonly LineageProduct[]): Promise<LineageEdge[]> {
  const { certificates } = context.client.contracts;
  const address = context.client.address("certificates");
  const edges = lineage.flatMap((node) => node.sources.map((source) => ({ node, source })));
  const reads = ["certificate", "validity", "tradableRight"] as const;
  const selectors = reads.map((read) => certificates.interface.getFunction(read).selector);
  const readCertificate = namedReader<CertificateFields>(certificates.interface.getFunction("certificate"));
  const readTradable = namedReader<{ encumberedId: bigint; pledgee: string }>(certificates.interface.getFunction("tradableRight"));
  const results = await context.raw(edges.flatMap(({ source }) =>
    selectors.map((selector) => ({ to: address, data: uintCall(selector, source.certificateId) }))));
  return edges.map(({ node, source }, index) => {
    const [recordData, validityData, tradableData] = results.slice(index * reads.length, (index + 1) * reads.length);
    const certificate = decodeCertificate(source.certificateId, readCertificate(recordData, CERTIFICATE_FIELDS));
    context.remember(certificate);
    return {
      node, source, certificate,
      // `validity` returns one enum: its only word.
      validity: decodeValidity(wordUint(validityData, 0)),
      encumbrance: decodeEncumbrance(readTradable(tradableData, ["encumberedId", "pledgee"])),
    };
  });
}

/** The derivation rule at one edge, and whether the right it stood on still stands. */
async function checkEdge(context: VerifyContext, edge: LineageEdge, byId: ReadonlyMap<bigint, LineageProduct>): Promise<Check> {
  const { node, source, certificate, validity } = edge;
  const sourceNode = byId.get(source.productId)!;
  const id = source.certificateId;
  const problems: string[] = [];
  if (certificate.productId !== source.productId) problems.push(`certificate ${id} is of product ${certificate.productId}`);
  if (certificate.category === "ProductOperation") problems.push(`certificate ${id} is ${certificate.category}, which allows no derivation`);
  if (certificate.holder.toLowerCase() !== node.provider.toLowerCase()) problems.push(`certificate ${id} is held by ${context.name(certificate.holder)}, not the provider`);
  if (certificate.issuedAt > node.registeredAt) problems.push(`certificate ${id} was issued after the registration`);
  if (FAULTY_VALIDITIES.has(validity)) problems.push(`certificate ${id} is now ${await context.describeValidity(certificate, validity)}`);
  if (isWithdrawn(sourceNode.status)) problems.push(`source ${sourceNode.registrationNumber} is ${sourceNode.status}`);
  return {
    id: `lineage.${node.productId}<-${source.productId}`,
    passed: problems.length === 0,
    detail: problems.length === 0
      ? `${node.registrationNumber} derives from ${sourceNode.registrationNumber} under ${certificate.category} certificate ${id} (${validity})`
      : `${node.registrationNumber} from ${sourceNode.registrationNumber}: ${problems.join("; ")}`,
  };
}

/**
 * The lineage checks: every edge, at every depth, then every frozen ancestor (its ownership is
 * contested: reported only when frozen, as the edges cover the rest). Returns the edges too, for
 * the encumbrance group.
 */
export async function checkLineage(context: VerifyContext, lineage: readonly LineageProduct[]): Promise<{ checks: Check[]; edges: LineageEdge[] }> {
  const byId = new Map(lineage.map((node) => [node.productId, node]));
  const edges = await readEdges(context, lineage);
  const checks: Check[] = [];
  for (const edge of edges) checks.push(await checkEdge(context, edge, byId));
  for (const node of lineage) {
    if (node.depth === 0 || node.openObjections === 0n) continue;
    checks.push({
      id: `lineage.${node.productId}.objections`,
      passed: false,
      detail: `ancestor ${node.registrationNumber} is ${await context.describeFreeze("products", node.productId, node.openObjections)}`,
    });
  }
  return { checks, edges };
}
