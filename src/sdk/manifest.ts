import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { id, isHexString } from "ethers";
import { z } from "zod";
import type { ProductRegistrationParameters } from "./actions/write/registerProduct";
import { sha256File, sha256Json } from "./hash";
import { CLASSIFICATIONS, PRODUCT_TYPES, SOURCE_CATEGORIES } from "./names";
import { PRODUCT_DOCUMENT_TYPE, parseProductDocument, productDocumentHash, productDocumentSchema, readProductDocumentFile } from "./product-document";
import type { ProductDocument } from "./product-document";

/**
 * A product manifest: what a provider registers. `data` (or the CLI's --file) is the product's
 * file, whose streamed SHA-256 becomes the on-chain content hash; without one, the hash of the
 * manifest's canonical JSON is used. The product's public description document (see
 * ./product-document.ts) is made of the manifest's `name`, `description`, `summary`, `useCases`,
 * `sample`, `deliveryModality` and `biddingModality`, or read from the file `document` names;
 * its hash is registered as the product's `descriptionHash`. `docs/tutorial.md` documents each field.
 */
const documentShape = productDocumentSchema.shape;
export const productManifestSchema = z.strictObject({
  /** The product's name; required unless `document` names a document file. */
  name: documentShape.name.optional(),
  description: documentShape.description.optional(),
  summary: documentShape.summary.optional(),
  useCases: documentShape.useCases.optional(),
  sample: documentShape.sample.optional(),
  deliveryModality: documentShape.deliveryModality.optional(),
  biddingModality: documentShape.biddingModality.optional(),
  /** A product document file (relative to the manifest), in place of the fields above. */
  document: z.string().min(1).optional(),
  productType: z.enum(PRODUCT_TYPES),
  sourceCategory: z.enum(SOURCE_CATEGORIES),
  classification: z.enum(CLASSIFICATIONS).default("General"),
  containsPersonalInfo: z.boolean().default(false),
  /** Where the description document is published: a file: URI or local path (written there), or an http(s) URL. */
  metadataURI: z.string().max(2000).default(""),
  /** The provider's origin declaration: a 32-byte hash, or its text (hashed with keccak256). */
  originDeclaration: z.string().min(1),
  /** Products this one derives from, each with the certificate that allows the derivation. */
  sources: z.array(z.strictObject({ product: z.number().int().positive(), certificate: z.number().int().positive() })).default([]),
  /** The data file, relative to the manifest. */
  data: z.string().min(1).optional(),
}).superRefine((manifest, context) => {
  if (manifest.document === undefined && manifest.name === undefined) {
    context.addIssue({ code: "custom", path: ["name"], message: "the product's name is required (or a document file)" });
  }
});
export type ProductManifest = z.infer<typeof productManifestSchema>;

/** The manifest's JSON Schema, for providers' tooling (`datarights product manifest-schema`). */
export function productManifestJsonSchema(): unknown {
  return z.toJSONSchema(productManifestSchema, { io: "input" });
}

/** The manifest's fields that make the description document (`type` aside). */
export const DOCUMENT_FIELDS = ["name", "description", "summary", "useCases", "sample", "deliveryModality", "biddingModality"] as const;

/**
 * The description document a manifest gives, validated: read from its `document` file, or made
 * of its fields; null when it gives only a name (and description), so none is registered.
 * Throws one line naming the first problem.
 */
export function manifestDocument(manifest: ProductManifest, manifestPath: string): ProductDocument | null {
  if (manifest.document !== undefined) {
    const inline = DOCUMENT_FIELDS.find((field) => manifest[field] !== undefined);
    if (inline) throw new Error(`manifest ${manifestPath}: give the document's fields or a document file, not both (${inline})`);
    return readProductDocumentFile(resolve(dirname(manifestPath), manifest.document));
  }
  if (!DOCUMENT_FIELDS.slice(2).some((field) => manifest[field] !== undefined)) return null;
  const fields = Object.fromEntries(DOCUMENT_FIELDS.map((field) => [field, manifest[field]]));
  return parseProductDocument({ type: PRODUCT_DOCUMENT_TYPE, ...fields }, `manifest ${manifestPath}`);
}

export interface PreparedRegistration {
  manifest: ProductManifest;
  /** The description document to store and register; null when the manifest gives none. */
  document: ProductDocument | null;
  /** Its hash, registered as `parameters.descriptionHash`; null with no document. */
  descriptionHash: string | null;
  contentHash: string;
  contentSource: string;
  /** What `registerProduct` takes (add `previousVersion` for a new version). */
  parameters: ProductRegistrationParameters;
}

/** Reads, validates and hashes a manifest; one line naming the first problem when it is invalid. */
export async function prepareRegistration(manifestPath: string, dataFile?: string): Promise<PreparedRegistration> {
  if (!existsSync(manifestPath)) throw new Error(`manifest not found: ${manifestPath}`);
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(manifestPath, "utf8"));
  } catch (error) {
    throw new Error(`manifest ${manifestPath} is not valid JSON: ${(error as Error).message}`);
  }
  const parsed = productManifestSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`manifest ${manifestPath} is invalid: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  const manifest = parsed.data;
  const file = dataFile ?? (manifest.data ? resolve(dirname(manifestPath), manifest.data) : undefined);
  const contentHash = file ? await sha256File(file) : sha256Json(manifest);
  const document = manifestDocument(manifest, manifestPath);
  const descriptionHash = document ? productDocumentHash(document) : null;
  const origin = manifest.originDeclaration;
  return {
    manifest,
    document,
    descriptionHash,
    contentHash,
    contentSource: file ?? `${manifestPath} (canonical JSON)`,
    parameters: {
      contentHash,
      originDeclarationHash: isHexString(origin, 32) ? origin : id(origin),
      ...(descriptionHash ? { descriptionHash } : {}),
      productType: manifest.productType,
      sourceCategory: manifest.sourceCategory,
      classification: manifest.classification,
      containsPersonalInfo: manifest.containsPersonalInfo,
      metadataURI: manifest.metadataURI,
      sources: manifest.sources.map((source) => ({ productId: BigInt(source.product), certificateId: BigInt(source.certificate) })),
    },
  };
}
