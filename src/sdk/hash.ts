import { createHash } from "node:crypto";
import { createReadStream } from "node:fs";
import { stat } from "node:fs/promises";

/**
 * SHA-256 of a file, streamed in chunks: a 5 GB file hashes in constant memory.
 * Returns the 0x-prefixed 32-byte digest, the form of every on-chain content hash.
 */
export async function sha256File(path: string, onProgress?: (bytesRead: number, totalBytes: number) => void): Promise<string> {
  let info;
  try {
    info = await stat(path);
  } catch {
    throw new Error(`cannot read ${path}: no such file`);
  }
  if (!info.isFile()) throw new Error(`cannot hash ${path}: not a regular file`);
  const hash = createHash("sha256");
  let bytesRead = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 })) {
    hash.update(chunk as Buffer);
    bytesRead += (chunk as Buffer).length;
    onProgress?.(bytesRead, info.size);
  }
  return `0x${hash.digest("hex")}`;
}

/**
 * Canonical JSON (RFC 8785 style for the values a manifest holds: keys sorted, no whitespace),
 * so the same manifest always hashes the same whatever the key order of the file.
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === "boolean" || typeof value === "string") return JSON.stringify(value);
  if (typeof value === "number") {
    if (!Number.isFinite(value)) throw new Error("canonical JSON cannot hold a non-finite number");
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(",")}]`;
  if (typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, item]) => item !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([key, item]) => `${JSON.stringify(key)}:${canonicalJson(item)}`).join(",")}}`;
  }
  throw new Error(`canonical JSON cannot hold a ${typeof value}`);
}

/** SHA-256 of a JSON value's canonical form. */
export function sha256Json(value: unknown): string {
  return `0x${createHash("sha256").update(canonicalJson(value)).digest("hex")}`;
}
