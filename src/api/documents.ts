import type { FastifyInstance } from "fastify";
import type { Kysely } from "kysely";
import type { MirrorSchema, RowOf } from "../mirror/schema";
import { canonicalJson } from "../sdk/hash";
import { productDocumentSchema, resolveProductDocument } from "../sdk/product-document";
import { documentParams, errorBody } from "./schemas";
import type { productDocumentBody } from "./schemas";
import type { z } from "zod";

/**
 * Product description documents in the API: what the listener resolved (product_documents),
 * shown with a product only when verified, and the documents folder's stored bytes by hash.
 */

type DocumentRow = RowOf<"product_documents">;

/** The mirrored documents of `hashes`, by hash. */
export async function readDocuments(db: Kysely<MirrorSchema>, hashes: readonly (string | null)[]): Promise<Map<string, DocumentRow>> {
  const wanted = [...new Set(hashes.filter((hash): hash is string => hash !== null))];
  if (wanted.length === 0) return new Map();
  const rows = await db.selectFrom("product_documents").selectAll().where("hash", "in", wanted).execute();
  return new Map(rows.map((row) => [row.hash, row]));
}

/**
 * A product's `document` field: null without a description hash; `pending` until the listener
 * has resolved it; the content only when verified (a document that does not match is never
 * shown as the product's).
 */
export function presentDocument(hash: string | null, row: DocumentRow | undefined): z.infer<typeof productDocumentBody> | null {
  if (hash === null) return null;
  if (!row) return { status: "pending", problem: "not resolved by the listener yet" };
  if (row.status === "verified") {
    const parsed = productDocumentSchema.safeParse(row.body);
    if (!parsed.success) return { status: "mismatch", problem: "the mirrored body is not a product document" };
    const { type: _type, ...content } = parsed.data;
    return { status: "verified", problem: null, ...content };
  }
  return { status: row.status === "mismatch" ? "mismatch" : "unavailable", problem: row.problem };
}

/** `q` as an ILIKE pattern matching it anywhere, its own % _ and \ taken literally. */
export function containsPattern(q: string): string {
  return `%${q.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
}

/** The hashes of verified documents whose name or summary contains `q`, case-insensitively. */
export function matchingDocuments(db: Kysely<MirrorSchema>, q: string) {
  const pattern = containsPattern(q);
  return db.selectFrom("product_documents").select("hash").where("status", "=", "verified")
    .where((where) => where.or([where("name", "ilike", pattern), where("summary", "ilike", pattern)]));
}

/** GET /documents/:hash: the stored bytes of the documents folder, only when they hash to their name. */
export function registerDocumentRoutes(app: FastifyInstance, documents: string | undefined): void {
  app.get("/documents/:hash", {
    schema: {
      summary: "A product description document as the exchange stores it (its canonical JSON), by its hash",
      params: documentParams,
      response: { 400: errorBody, 404: errorBody },
    },
  }, async (request, reply) => {
    const { hash } = request.params as z.infer<typeof documentParams>;
    const lower = hash.toLowerCase();
    const missing = () => reply.code(404).send({ statusCode: 404, error: "Not Found", message: `no document ${lower} is stored` });
    if (!documents) return missing();
    // Read as the listener reads it (a regular file, size-capped, re-hashed), and served as the
    // canonical JSON the hash is of: never other bytes that merely parse to the same hash.
    const found = await resolveProductDocument({ hash: lower, documents });
    if (found.status === "unavailable") return missing();
    if (found.status === "mismatch") {
      return reply.code(404).send({ statusCode: 404, error: "Not Found", message: `the stored copy of ${lower} does not match its hash: not served` });
    }
    return reply.type("application/json; charset=utf-8").header("cache-control", "public, max-age=31536000, immutable").send(canonicalJson(found.document));
  });
}
