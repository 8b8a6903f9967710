import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { certifyProduct, getProduct, listProducts, registerProduct, reinstateProduct, revokeProduct, suspendProduct } from "../../sdk/actions";
import type { DatarightsClient } from "../../sdk/client";
import { mkdirSync } from "node:fs";
import { dirname } from "node:path";
import { prepareRegistration, productManifestJsonSchema } from "../../sdk/manifest";
import type { PreparedRegistration } from "../../sdk/manifest";
import { documentsDirectory, localDocumentTarget, resolveProductDocument, storeProductDocument, writeProductDocument } from "../../sdk/product-document";
import type { ProductDocumentResolution } from "../../sdk/product-document";
import { isoDate } from "../../sdk/names";
import type { ProductTypeName } from "../../sdk/names";
import type { ProductRecord, ProductStatusName } from "../../sdk/records";
import { action, emit, wrote } from "../context";
import type { NoOptions, Outcome } from "../context";
import { requireProduct } from "./lookups";

interface RegisterOptions {
  manifest: string;
  file?: string;
  documents?: string;
}

/**
 * Stores the description document in the documents folder, and under the metadata URI when that
 * is a file: URI or a local path; says where it went and what the provider must still publish.
 */
function storeDocument(prepared: PreparedRegistration, folder: string): { stored: { path: string; copy: string | null } | null; lines: string[] } {
  const { document, descriptionHash } = prepared;
  if (!document || !descriptionHash) {
    return { stored: null, lines: ["no description document (give summary, description, useCases, sample, deliveryModality and biddingModality, or document, to register one)"] };
  }
  let path: string;
  try {
    path = storeProductDocument(folder, document).path;
  } catch (error) {
    throw new Error(`cannot write the product document to ${folder}: ${oneLine(error)}`);
  }
  const lines = [`description document ${descriptionHash} stored at ${path}`];
  const uri = prepared.manifest.metadataURI;
  const target = localDocumentTarget(uri);
  if (target) {
    try {
      mkdirSync(dirname(target), { recursive: true });
      writeProductDocument(target, document);
    } catch (error) {
      throw new Error(`cannot write the product document to ${target}: ${oneLine(error)}`);
    }
    lines.push(`  also written to ${target} (the metadata URI)`);
  } else if (uri !== "") {
    lines.push(`  publish that file at ${uri}: the metadata URI is where others read the document`);
  }
  return { stored: { path, copy: target }, lines };
}

function oneLine(error: unknown): string {
  const record = error as NodeJS.ErrnoException;
  return (record.code ? `${record.code}` : record.message ?? String(error)).split("\n")[0];
}

async function registered(client: DatarightsClient, options: RegisterOptions, previousVersion?: bigint): Promise<Outcome> {
  const prepared = await prepareRegistration(options.manifest, options.file);
  if (previousVersion !== undefined) await requireProduct(client, previousVersion);
  // Stored before the transaction: the listener may look for it as soon as the block is mined.
  const { stored, lines } = storeDocument(prepared, documentsDirectory(process.env, client.deployment.network, options.documents));
  const result = await registerProduct(client, { ...prepared.parameters, previousVersion });
  const { registrationNumber } = await getProduct(client, { productId: result.productId });
  const outcome = wrote(result, {
    productId: result.productId, registrationNumber, contentHash: prepared.contentHash, descriptionHash: prepared.descriptionHash,
    documentPath: stored?.path ?? null, documentCopy: stored?.copy ?? null,
  }, `${registrationNumber} registered as product ${result.productId}`);
  return { ...outcome, lines: [...outcome.lines, `content hash ${prepared.contentHash} (${prepared.contentSource})`, ...lines] };
}

/** `product register`: a new product. */
export const register = action(true, async (client, _command, options: RegisterOptions) => registered(client, options));

/** `product version`: a new version of `previous`. */
export const version = action(true, async (client, _command, previous: bigint, options: RegisterOptions) => registered(client, options, previous));

export const certify = action(true, async (client, _command, productId: bigint, _options: NoOptions) => {
  await requireProduct(client, productId);
  return wrote(await certifyProduct(client, { productId }), { productId }, `product ${productId} certified`);
});

const STANDING = { suspend: suspendProduct, reinstate: reinstateProduct, revoke: revokeProduct };

export const standing = (act: keyof typeof STANDING) => action(true, async (client, _command, productId: bigint, options: { reason: string }) => {
  await requireProduct(client, productId);
  return wrote(await STANDING[act](client, { productId, reasonHash: options.reason }), { productId }, `product ${productId}: ${act} done`);
});

const summary = (product: ProductRecord & { registrationNumber: string }): string =>
  `${product.registrationNumber} (product ${product.productId})  ${product.status}  ${product.productType}, ${product.sourceCategory} source, ${product.classification}`;

/** The product's description as `show` prints it: the document's name once verified, or why not. */
async function describe(product: ProductRecord, documents: string): Promise<{ line: string; document: ProductDocumentResolution | null }> {
  if (!product.descriptionHash) return { line: "no description registered", document: null };
  const found = await resolveProductDocument({ hash: product.descriptionHash, documents, metadataURI: product.metadataURI, localMetadata: true });
  const line = found.status === "verified"
    ? `"${found.document.name}": ${found.document.summary}  (description ${product.descriptionHash}, verified)`
    : `description ${product.descriptionHash}: ${found.status}: ${found.problem}`;
  return { line, document: found };
}

export const show = action(false, async (client, _command, productId: bigint, options: { documents?: string }) => {
  await requireProduct(client, productId);
  const product = await getProduct(client, { productId });
  const description = await describe(product, documentsDirectory(process.env, client.deployment.network, options.documents));
  return {
    data: { ...product, document: description.document },
    lines: [
      summary(product),
      description.line,
      `provider ${product.provider}  registered ${isoDate(product.registeredAt)}  content ${product.contentHash}`,
      ...product.sources.map((source) => `  derived from product ${source.productId} under certificate ${source.certificateId}`),
      ...product.objections.map((objection) => `  frozen by objection ${objection.objectionId}, lodged ${isoDate(objection.lodgedAt)}`),
    ],
  };
});

export const list = action(false, async (client, _command, options: { provider?: string; status?: ProductStatusName; type?: ProductTypeName }) => {
  const products = await listProducts(client, { provider: options.provider, status: options.status, productType: options.type });
  return {
    data: { products },
    lines: products.length ? products.map((product) => `${summary(product)}  provider ${product.provider}`) : ["no products match"],
  };
});

export async function manifestSchema(_options: NoOptions, command: CommandUnknownOpts): Promise<void> {
  const schema = productManifestJsonSchema() as Record<string, unknown>;
  emit(command, { data: schema, lines: [JSON.stringify(schema, null, 2)] });
}
