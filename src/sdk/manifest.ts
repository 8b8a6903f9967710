import { existsSync, readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";
import { id, isHexString } from "ethers";
import { z } from "zod";
import type { ProductRegistrationParameters } from "./actions/write/registerProduct";
import { sha256File, sha256Json } from "./hash";
import { CLASSIFICATIONS, PRODUCT_TYPES, SOURCE_CATEGORIES } from "./names";

/**
 * A product manifest: what a provider registers. `data` (or the CLI's --file) is the product's
 * file, whose streamed SHA-256 becomes the on-chain content hash; without one, the hash of the
 * manifest's canonical JSON is used. `README.md` documents each field.
 */
export const productManifestSchema = z.strictObject({
  name: z.string().min(1).max(200),
  description: z.string().max(4000).optional(),
  productType: z.enum(PRODUCT_TYPES),
  sourceCategory: z.enum(SOURCE_CATEGORIES),
  classification: z.enum(CLASSIFICATIONS).default("General"),
  containsPersonalInfo: z.boolean().default(false),
  metadataURI: z.string().max(2000).default(""),
  /** The provider's origin declaration: a 32-byte hash, or its text (hashed with keccak256). */
  originDeclaration: z.string().min(1),
  /** Products this one derives from, each with the certificate that allows the derivation. */
  sources: z.array(z.strictObject({ product: z.number().int().positive(), certificate: z.number().int().positive() })).default([]),
  /** The data file, relative to the manifest. */
  data: z.string().min(1).optional(),
});
export type ProductManifest = z.infer<typeof productManifestSchema>;

/** The manifest's JSON Schema, for providers' tooling (`datarights product manifest-schema`). */
export function productManifestJsonSchema(): unknown {
  return z.toJSONSchema(productManifestSchema, { io: "input" });
}

export interface PreparedRegistration {
  manifest: ProductManifest;
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
  const origin = manifest.originDeclaration;
  return {
    manifest,
    contentHash,
    contentSource: file ?? `${manifestPath} (canonical JSON)`,
    parameters: {
      contentHash,
      originDeclarationHash: isHexString(origin, 32) ? origin : id(origin),
      productType: manifest.productType,
      sourceCategory: manifest.sourceCategory,
      classification: manifest.classification,
      containsPersonalInfo: manifest.containsPersonalInfo,
      metadataURI: manifest.metadataURI,
      sources: manifest.sources.map((source) => ({ productId: BigInt(source.product), certificateId: BigInt(source.certificate) })),
    },
  };
}
