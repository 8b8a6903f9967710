import { randomBytes } from "node:crypto";
import { constants, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { open } from "node:fs/promises";
import { isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { z } from "zod";
import { canonicalJson, sha256Json } from "./hash";

/**
 * A product's public description (the paper's "basic overview, description of the use cases, and
 * modalities for bidding"): a JSON document whose SHA-256 over its canonical JSON is registered
 * on-chain with the product as its `descriptionHash`. The document itself lives off-chain,
 * content-addressed: the exchange keeps `<documents>/<0xhash>.json`, the provider may publish it
 * under the product's metadata URI, and whoever reads it re-hashes it before trusting it.
 */

// No trimming or defaults: the document hashes exactly as written.
const text = (max: number) => z.string().max(max).regex(/\S/, "must not be blank");

const sampleField = z.strictObject({
  name: text(200),
  type: text(100),
  description: z.string().max(1000).optional(),
});

export const productDocumentSchema = z.strictObject({
  type: z.literal("datarights.product-document"),
  name: text(200),
  summary: text(500),
  description: text(8000),
  useCases: z.array(text(500)).min(1).max(50),
  /** Sample fields (name, type, description), or a JSON Schema of a record. */
  sample: z.union([
    z.strictObject({ fields: z.array(sampleField).min(1).max(500) }),
    z.strictObject({ schema: z.record(z.string(), z.unknown()) }),
  ]),
  /** How buyers receive the data, e.g. "API, per call" or "monthly CSV over SFTP". */
  deliveryModality: text(500),
  /** How the price is agreed, e.g. "reference price, Cost method" or "negotiable". */
  biddingModality: text(500),
});
export type ProductDocument = z.infer<typeof productDocumentSchema>;

/** The `type` every product document carries. */
export const PRODUCT_DOCUMENT_TYPE = "datarights.product-document";

/** Largest document a resolver reads (1 MiB): a description, not a data set. */
export const MAX_PRODUCT_DOCUMENT_BYTES = 1 << 20;

const HASH = /^0x[0-9a-f]{64}$/;

/** The parent of each network's documents folder when neither an option nor DOCUMENTS_DIR names one. */
export const DEFAULT_DOCUMENTS_DIR = join(".data", "documents");

/**
 * The documents folder of `network`: `option` (a command's --documents), else the environment's
 * DOCUMENTS_DIR, else `.data/documents/<network>` (as the mirror's is `.data/mirror/<network>`:
 * `npm start`'s stories keep theirs in `.data/documents/localhost`, where the CLI then finds
 * them); as an absolute path.
 *
 * @example
 * documentsDirectory(process.env, "localhost"); // "/srv/exchange/.data/documents/localhost"
 */
export function documentsDirectory(environment: NodeJS.ProcessEnv, network: string, option?: string): string {
  return resolve(option ?? (environment.DOCUMENTS_DIR || join(DEFAULT_DOCUMENTS_DIR, network)));
}

/** `value` validated as a product document; one line naming the first problem otherwise. */
export function parseProductDocument(value: unknown, what = "product document"): ProductDocument {
  const parsed = productDocumentSchema.safeParse(value);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${what} is invalid: ${issue.path.join(".") || "(root)"}: ${issue.message}`);
  }
  return parsed.data;
}

/**
 * The document's hash: SHA-256 of its canonical JSON (keys sorted, no whitespace), the value
 * registered on-chain as the product's `descriptionHash`.
 *
 * @example
 * const descriptionHash = productDocumentHash(document); // "0x…"
 */
export function productDocumentHash(document: ProductDocument): string {
  return sha256Json(document);
}

function checkedHash(hash: string): string {
  const lower = hash.toLowerCase();
  if (!HASH.test(lower)) throw new Error(`invalid document hash "${hash}": expected 0x and 64 hex digits`);
  return lower;
}

/**
 * Where the documents folder `directory` keeps the document of `hash`: `<directory>/<0xhash>.json`.
 *
 * @example
 * productDocumentPath(".data/documents", descriptionHash); // ".data/documents/0x….json"
 */
export function productDocumentPath(directory: string, hash: string): string {
  return join(directory, `${checkedHash(hash)}.json`);
}

/**
 * Writes `bytes` to `file` atomically: a temporary file in the same folder, renamed over it, so a
 * reader sees the old file or the whole new one, never half of it.
 */
function writeAtomically(file: string, bytes: string): void {
  const temporary = `${file}.${process.pid}-${randomBytes(4).toString("hex")}.tmp`;
  try {
    writeFileSync(temporary, bytes);
    renameSync(temporary, file);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/**
 * Stores `document` in the documents folder `directory` (created when missing) under its hash,
 * as its canonical JSON: the file's own SHA-256 is the hash. Written atomically.
 *
 * @example
 * const { hash, path } = storeProductDocument(".data/documents", document);
 */
export function storeProductDocument(directory: string, document: ProductDocument): { hash: string; path: string } {
  const valid = parseProductDocument(document);
  const hash = productDocumentHash(valid);
  mkdirSync(directory, { recursive: true });
  const path = productDocumentPath(directory, hash);
  writeAtomically(path, canonicalJson(valid));
  return { hash, path };
}

/** A metadata URI the document can be written to: a `file:` URI or a local path; null for anything else. */
export function localDocumentTarget(metadataURI: string): string | null {
  if (metadataURI === "") return null;
  if (/^file:/i.test(metadataURI)) return fileURLToPath(metadataURI);
  if (/^[a-z][a-z0-9+.-]*:/i.test(metadataURI)) return null;
  return isAbsolute(metadataURI) ? metadataURI : resolve(metadataURI);
}

/**
 * Writes `document` (canonical JSON, atomically) to `file`, e.g. the local path a provider gave
 * as the product's metadata URI.
 *
 * @example
 * writeProductDocument(localDocumentTarget("file:///srv/docs/meter.json")!, document);
 */
export function writeProductDocument(file: string, document: ProductDocument): void {
  writeAtomically(file, canonicalJson(parseProductDocument(document)));
}

/** Reads and validates a product document file; one line naming the problem otherwise. */
export function readProductDocumentFile(file: string): ProductDocument {
  let json: unknown;
  try {
    json = JSON.parse(readFileSync(file, "utf8"));
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === "ENOENT") throw new Error(`product document not found: ${file}`);
    throw new Error(`product document ${file} is not valid JSON: ${(error as Error).message.split("\n")[0]}`);
  }
  return parseProductDocument(json, `product document ${file}`);
}

/** What a resolver found for a description hash. `source` is where the bytes came from (null when nothing was read). */
export type ProductDocumentResolution =
  | { status: "verified"; document: ProductDocument; source: string }
  | { status: "mismatch"; problem: string; source: string }
  | { status: "unavailable"; problem: string; source: string | null };

export interface ResolveProductDocumentParameters {
  /** The registered description hash. */
  hash: string;
  /** The exchange's documents folder, read first. */
  documents?: string;
  /** The product's metadata URI, read when the folder has no copy: http(s), or (with `localMetadata`) `file:` or a local path. */
  metadataURI?: string;
  /**
   * Whether a metadata URI naming a local file may be read (default false). The URI is whatever
   * a provider put on the chain: a server (the listener, the API's Verify) must never read its
   * own files for it; a person verifying on their own machine (`datarights verify`) may.
   */
  localMetadata?: boolean;
  /** Time limit of an http(s) read (5 s). */
  timeoutMs?: number;
  /** Aborts an http(s) read in flight (e.g. a listener stopping). */
  signal?: AbortSignal;
}

/**
 * What a set of bytes says about the hash they were read for. `source` names where they came
 * from in the answer's words (never a server's path); `remote` bytes that are no JSON at all (an
 * error page, a truncated body) say nothing about the document, so they leave it unavailable,
 * to be tried again, where a copy the exchange holds is judged as it stands.
 */
function judge(bytes: Buffer, hash: string, source: string, remote: boolean): ProductDocumentResolution {
  const unreadable = (problem: string): ProductDocumentResolution =>
    (remote ? { status: "unavailable", problem, source: null } : { status: "mismatch", problem, source });
  if (bytes.length > MAX_PRODUCT_DOCUMENT_BYTES) return unreadable(`${source} is larger than ${MAX_PRODUCT_DOCUMENT_BYTES} bytes, so it is no product document`);
  let json: unknown;
  try {
    json = JSON.parse(bytes.toString("utf8"));
  } catch {
    return unreadable(`${source} is not JSON, so it cannot be the document of ${hash}`);
  }
  let actual: string;
  try {
    actual = sha256Json(json);
  } catch (error) {
    return unreadable(`${source} cannot be hashed: ${(error as Error).message}`);
  }
  if (actual !== hash) return { status: "mismatch", problem: `${source} hashes to ${actual}, not the registered ${hash}`, source };
  const parsed = productDocumentSchema.safeParse(json);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return { status: "mismatch", problem: `${source} matches the hash but is no product document: ${issue.path.join(".") || "(root)"}: ${issue.message}`, source };
  }
  return { status: "verified", document: parsed.data, source };
}

/**
 * At most one byte more than a document may have, of a regular file (not a device, a FIFO or a
 * folder, which could never end or fill the memory); null when there is no such file.
 */
async function readLocal(file: string): Promise<Buffer | null> {
  let handle;
  try {
    handle = await open(file, constants.O_RDONLY | constants.O_NONBLOCK);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === "ENOENT" || (error as NodeJS.ErrnoException).code === "ENOTDIR") return null;
    throw error;
  }
  try {
    if (!(await handle.stat()).isFile()) throw new Error("not a regular file");
    const buffer = Buffer.alloc(MAX_PRODUCT_DOCUMENT_BYTES + 1);
    let length = 0;
    while (length < buffer.length) {
      const { bytesRead } = await handle.read(buffer, length, buffer.length - length, length);
      if (bytesRead === 0) break;
      length += bytesRead;
    }
    return buffer.subarray(0, length);
  } finally {
    await handle.close();
  }
}

/** The body of `url`, refused past the size cap whether or not the server announces a length. */
async function readHttp(url: string, timeoutMs: number, signal?: AbortSignal): Promise<Buffer> {
  const timeout = AbortSignal.timeout(timeoutMs);
  const response = await fetch(url, { signal: signal ? AbortSignal.any([timeout, signal]) : timeout, redirect: "follow" });
  if (!response.ok) throw new Error(`HTTP ${response.status}`);
  const length = Number(response.headers.get("content-length") ?? 0);
  if (length > MAX_PRODUCT_DOCUMENT_BYTES) {
    await response.body?.cancel();
    throw new Error(`${length} bytes, more than ${MAX_PRODUCT_DOCUMENT_BYTES}`);
  }
  const chunks: Uint8Array[] = [];
  let total = 0;
  if (response.body) {
    const reader = response.body.getReader();
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.length;
      if (total > MAX_PRODUCT_DOCUMENT_BYTES) {
        await reader.cancel();
        throw new Error(`more than ${MAX_PRODUCT_DOCUMENT_BYTES} bytes`);
      }
      chunks.push(value);
    }
  }
  return Buffer.concat(chunks);
}

function oneLine(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } }).cause;
  const base = error instanceof Error ? (error.name === "TimeoutError" ? "timed out" : error.message) : String(error);
  const detail = cause && typeof cause.code === "string" ? ` (${cause.code})` : "";
  return `${base}${detail}`.split("\n")[0];
}

/** Why a local file could not be read, without the server's own words for it (a path, an errno). */
function localProblem(error: unknown): string {
  return (error as Error).message === "not a regular file" ? "is not a regular file" : "cannot be read";
}

/**
 * Reads the document registered under `hash`: from the documents folder, else from the product's
 * metadata URI, and re-hashes whatever it read. A copy in the folder is the answer, whether it
 * matches or not: the exchange's own copy being altered is what must be flagged. Problems name the
 * exchange's copy by its file name only, so an answer published by the API reveals no server path.
 *
 * @example
 * const found = await resolveProductDocument({ hash: product.descriptionHash, documents: ".data/documents/localhost", metadataURI: product.metadataURI });
 * if (found.status === "verified") console.log(found.document.name);
 */
export async function resolveProductDocument(parameters: ResolveProductDocumentParameters): Promise<ProductDocumentResolution> {
  const hash = checkedHash(parameters.hash);
  const problems: string[] = [];
  if (parameters.documents) {
    const file = productDocumentPath(parameters.documents, hash);
    const copy = `the exchange's copy ${hash}.json`;
    try {
      const bytes = await readLocal(file);
      if (bytes) return judge(bytes, hash, copy, false);
      problems.push(`the documents folder has no ${hash}.json`);
    } catch (error) {
      problems.push(`${copy} ${localProblem(error)}`);
    }
  }
  const uri = parameters.metadataURI ?? "";
  if (uri === "") {
    problems.push("the product has no metadata URI");
  } else if (/^https?:\/\//i.test(uri)) {
    try {
      return judge(await readHttp(uri, parameters.timeoutMs ?? 5_000, parameters.signal), hash, uri, true);
    } catch (error) {
      return { status: "unavailable", problem: [...problems, `${uri}: ${oneLine(error)}`].join("; "), source: null };
    }
  } else {
    let file: string | null;
    try {
      file = localDocumentTarget(uri);
    } catch (error) {
      // A file: URI that names no local file (another host, a bad escape).
      return { status: "unavailable", problem: [...problems, `${uri}: ${oneLine(error)}`].join("; "), source: null };
    }
    if (file === null) {
      problems.push(`the metadata URI ${uri} is neither http(s), file: nor a local path`);
    } else if (!parameters.localMetadata) {
      problems.push(`the metadata URI ${uri} names a local file, which only a verifier on its own machine reads`);
    } else {
      try {
        const bytes = await readLocal(file);
        if (bytes) return judge(bytes, hash, file, false);
        problems.push(`${file} does not exist`);
      } catch (error) {
        problems.push(`${file} ${localProblem(error)}`);
      }
    }
  }
  return { status: "unavailable", problem: problems.join("; "), source: null };
}
