import { decodeProduct } from "../records";
import { resolveProductDocument } from "../product-document";
import type { VerifyContext } from "./context";
import type { Check, LineageProduct } from "./report";

/** Where the document group looks for a product's description document. */
export interface DocumentSources {
  /** The exchange's documents folder, read first; the product's metadata URI after it. */
  documents?: string;
  /** Time limit of an http(s) read of the metadata URI. */
  documentTimeoutMs?: number;
  /** Whether a metadata URI naming a local file may be read: only on the verifier's own machine, never by a server (default false). */
  localMetadata?: boolean;
}

/**
 * The document group: the product's description document, resolved as the listener resolves it
 * (the documents folder, else the metadata URI), must hash to the descriptionHash registered on
 * chain at the pinned block. A document that differs fails, and so does one that cannot be read:
 * the auditor cannot confirm what the chain commits to. A product registered without a
 * description (a zero hash) passes: the description is optional, and nothing contradicts the chain.
 */
export async function checkDocument(context: VerifyContext, product: LineageProduct, sources: DocumentSources): Promise<Check[]> {
  const { client, blockNumber } = context;
  const record = decodeProduct(product.productId, await context.read(client.contracts.products.product(product.productId, { blockTag: blockNumber })));
  if (record.descriptionHash === null) {
    return [{ id: "document", passed: true, detail: `${product.registrationNumber} has no description registered` }];
  }
  const found = await resolveProductDocument({
    hash: record.descriptionHash, documents: sources.documents, metadataURI: record.metadataURI, timeoutMs: sources.documentTimeoutMs, localMetadata: sources.localMetadata,
  });
  if (found.status === "verified") {
    return [{ id: "document", passed: true, detail: `"${found.document.name}" (${found.source}) matches the description hash ${record.descriptionHash}` }];
  }
  const detail = found.status === "mismatch"
    ? `the description document does not match: ${found.problem}`
    : `the description document ${record.descriptionHash} cannot be read: ${found.problem}`;
  return [{ id: "document", passed: false, detail }];
}
