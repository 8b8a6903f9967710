import { InvalidArgumentError } from "commander";
import { getAddress, id, isAddress, isHexString, toUtf8Bytes, hexlify } from "ethers";

/** Bad input: one line naming the problem, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** An address, checksummed; a malformed one is refused with its text. */
export function parseAddress(value: string): string {
  if (!isAddress(value)) throw new InvalidArgumentError(`"${value}" is not an address (0x followed by 40 hex digits)`);
  return getAddress(value);
}

/** A positive integer id (product, certificate, trade, assessment). */
export function parseId(value: string): bigint {
  if (!/^[1-9]\d{0,18}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not an id (a positive whole number)`);
  return BigInt(value);
}

export function parseAmount(value: string): bigint {
  if (!/^\d{1,38}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not an amount in minor units (a whole number)`);
  return BigInt(value);
}

/** A 32-byte hash given as 0x + 64 hex digits, or any other text, which is hashed (keccak256). */
export function parseHashOrText(value: string): string {
  if (isHexString(value, 32)) return value.toLowerCase();
  if (value.startsWith("0x") && isHexString(value)) throw new InvalidArgumentError(`"${value}" is hex but not 32 bytes`);
  if (value.length === 0) throw new InvalidArgumentError("an empty text cannot stand for a hash");
  return id(value);
}

export function parseHash(value: string): string {
  if (!isHexString(value, 32)) throw new InvalidArgumentError(`"${value}" is not a 32-byte hash (0x followed by 64 hex digits)`);
  return value.toLowerCase();
}

/** A two-letter jurisdiction code, as the contracts store it (bytes2). */
export function parseJurisdiction(value: string): string {
  if (!/^[A-Z]{2}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a jurisdiction (two upper-case letters, e.g. CN, HK)`);
  return hexlify(toUtf8Bytes(value));
}

export function parseJurisdictions(value: string): string[] {
  return value.split(",").map((code) => parseJurisdiction(code.trim()));
}

export function parseCurrency(value: string): string {
  if (!/^[A-Z]{3}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not an ISO 4217 currency code (three upper-case letters)`);
  return hexlify(toUtf8Bytes(value));
}

/**
 * A moment: an ISO date ("2027-06-30", "2027-06-30T12:00:00Z"), unix seconds, or a span from
 * now ("90d", "2y", "12h"). Returned as unix seconds; relative spans need `now`.
 */
export function parseMoment(value: string, now: bigint): bigint {
  const span = /^(\d+)([hdy])$/.exec(value);
  if (span) {
    const unit = { h: 3600n, d: 86_400n, y: 365n * 86_400n }[span[2] as "h" | "d" | "y"];
    return now + BigInt(span[1]) * unit;
  }
  if (/^\d{9,12}$/.test(value)) return BigInt(value);
  if (value === "never") return 2n ** 40n - 1n;
  const time = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(time)) return BigInt(Math.floor(time / 1000));
  throw new UsageError(`"${value}" is not a time: use a date (2027-06-30), unix seconds, a span (90d, 2y, 12h) or "never"`);
}

/** A span of time ("365d", "2y", "3600" seconds) in seconds. */
export function parseDuration(value: string): bigint {
  const span = /^(\d+)([hdy]?)$/.exec(value);
  if (!span) throw new InvalidArgumentError(`"${value}" is not a duration (e.g. 365d, 2y, 12h or seconds)`);
  const unit = { "": 1n, h: 3600n, d: 86_400n, y: 365n * 86_400n }[span[2] as "" | "h" | "d" | "y"];
  return BigInt(span[1]) * unit;
}

/** One name of an enum, case-insensitive, or its short code; returns its index. */
export function enumParser(label: string, names: readonly string[], aliases: Record<string, string> = {}) {
  return (value: string): number => {
    const wanted = (aliases[value.toUpperCase()] ?? value).toLowerCase();
    const index = names.findIndex((name) => name.toLowerCase() === wanted);
    if (index < 0) throw new InvalidArgumentError(`"${value}" is not a ${label}: one of ${names.join(", ")}`);
    return index;
  };
}

export function listParser<T>(parse: (value: string) => T) {
  return (value: string): T[] => value.split(",").filter((item) => item.trim() !== "").map((item) => parse(item.trim()));
}
