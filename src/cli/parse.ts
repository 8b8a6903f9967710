import { InvalidArgumentError } from "@commander-js/extra-typings";
import type * as Ethers from "ethers";

/**
 * Parsers of command-line values. This module is loaded to print `--help`, so it must stay
 * light: ethers is required only by the parsers that need keccak-256, and only when they run.
 */

/** Bad input: one line naming the problem, exit code 2. */
export class UsageError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "UsageError";
  }
}

/** ethers, required on first use (a synchronous parser cannot await an import). */
function ethers(): typeof Ethers {
  return require("ethers") as typeof Ethers;
}

const HASH = /^0x[0-9a-fA-F]{64}$/;

/** An address, checksummed; a malformed one is refused with its text. */
export function parseAddress(value: string): string {
  const { getAddress, isAddress } = ethers();
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
  if (HASH.test(value)) return value.toLowerCase();
  if (/^0x[0-9a-fA-F]*$/.test(value)) throw new InvalidArgumentError(`"${value}" is hex but not 32 bytes`);
  if (value.length === 0) throw new InvalidArgumentError("an empty text cannot stand for a hash");
  return ethers().id(value);
}

export function parseHash(value: string): string {
  if (!HASH.test(value)) throw new InvalidArgumentError(`"${value}" is not a 32-byte hash (0x followed by 64 hex digits)`);
  return value.toLowerCase();
}

/** ASCII letters as the contracts' bytesN codes: "CN" is 0x434e. */
function codeHex(value: string): string {
  return `0x${Buffer.from(value, "ascii").toString("hex")}`;
}

/** A two-letter jurisdiction code, as the contracts store it (bytes2). */
export function parseJurisdiction(value: string): string {
  if (!/^[A-Z]{2}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a jurisdiction (two upper-case letters, e.g. CN, HK)`);
  return codeHex(value);
}

/** A two-letter jurisdiction code kept as text ("CN"), as the SDK's actions take it. */
export function parseJurisdictionCode(value: string): string {
  parseJurisdiction(value);
  return value;
}

export function parseJurisdictions(value: string): string[] {
  return value.split(",").map((code) => parseJurisdiction(code.trim()));
}

/** A three-letter currency code, as text ("CNY"): the SDK's actions take it so. */
export function parseCurrency(value: string): string {
  if (!/^[A-Z]{3}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not an ISO 4217 currency code (three upper-case letters)`);
  return value;
}

const HOUR = 3600n;
const DAY = 24n * HOUR;
const YEAR = 365n * DAY;
/** In a duration, which has no start date, a month is a twelfth of the 365-day year (30.4 days), so 12m is 1y. */
const MONTH = YEAR / 12n;

/** `months` calendar months after `seconds`, on the same day of the month or the month's last day (Jan 31 + 1m = Feb 28). */
function addMonths(seconds: bigint, months: number, text: string): bigint {
  const start = new Date(Number(seconds) * 1000);
  const target = new Date(start);
  target.setUTCDate(1);
  target.setUTCMonth(start.getUTCMonth() + months);
  const lastDay = new Date(Date.UTC(target.getUTCFullYear(), target.getUTCMonth() + 1, 0)).getUTCDate();
  target.setUTCDate(Math.min(start.getUTCDate(), lastDay));
  if (Number.isNaN(target.getTime())) throw new UsageError(`"${text}" is too far in the future`);
  return BigInt(Math.floor(target.getTime() / 1000));
}

/**
 * A moment: an ISO date ("2027-06-30", "2027-06-30T12:00:00Z"), unix seconds, or a span from
 * now: hours, days, calendar months or 365-day years ("12h", "90d", "6m", "2y"). Returned as
 * unix seconds; relative spans need `now`. `m` is months (users write "6m" for half a year),
 * never minutes: no command needs minutes.
 */
export function parseMoment(value: string, now: bigint): bigint {
  const span = /^(\d+)([hdmy])$/.exec(value);
  if (span) {
    if (span[2] === "m") return addMonths(now, Number(span[1]), value);
    const unit = { h: HOUR, d: DAY, y: YEAR }[span[2] as "h" | "d" | "y"];
    return now + BigInt(span[1]) * unit;
  }
  if (/^\d{9,12}$/.test(value)) return BigInt(value);
  if (value === "never") return 2n ** 40n - 1n;
  const time = Date.parse(value);
  if (/^\d{4}-\d{2}-\d{2}/.test(value) && !Number.isNaN(time)) return BigInt(Math.floor(time / 1000));
  throw new UsageError(`"${value}" is not a time: use a date (2027-06-30), unix seconds, a span (12h, 90d, 6m, 2y) or "never"`);
}

/** A span of time ("365d", "6m", "2y", "3600" seconds) in seconds; a month is a twelfth of a year. */
export function parseDuration(value: string): bigint {
  const span = /^(\d+)([hdmy]?)$/.exec(value);
  if (!span) throw new InvalidArgumentError(`"${value}" is not a duration (e.g. 12h, 365d, 6m, 2y or seconds)`);
  const unit = { "": 1n, h: HOUR, d: DAY, m: MONTH, y: YEAR }[span[2] as "" | "h" | "d" | "m" | "y"];
  return BigInt(span[1]) * unit;
}

/** One name of an enum, case-insensitive, or its short code; returns its index. */
export function enumParser(label: string, names: readonly string[], aliases: Record<string, string> = {}) {
  return (value: string): number => {
    const wanted = (aliases[value.toUpperCase()] ?? value).toLowerCase();
    const index = names.findIndex((name) => name.toLowerCase() === wanted);
    if (index < 0) throw new InvalidArgumentError(`"${value}" is not ${/^[aeiou]/i.test(label) ? "an" : "a"} ${label}: one of ${names.join(", ")}`);
    return index;
  };
}

/** As enumParser, but the name itself ("ProcessingUse" for "pu"), as the SDK's actions take it. */
export function nameParser<const Name extends string>(label: string, names: readonly Name[], aliases: Record<string, string> = {}) {
  const index = enumParser(label, names, aliases);
  return (value: string): Name => names[index(value)];
}

/** yes or no (also true/false), for flags that must be said either way. */
export function parseYesNo(value: string): boolean {
  const answer = { yes: true, true: true, no: false, false: false }[value.toLowerCase()];
  if (answer === undefined) throw new InvalidArgumentError(`"${value}" is not yes or no`);
  return answer;
}

export function listParser<T>(parse: (value: string) => T) {
  return (value: string): T[] => value.split(",").filter((item) => item.trim() !== "").map((item) => parse(item.trim()));
}

/** A count (0 up to 999,999,999). */
export function parseCount(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return Number(value);
}

export function parsePort(value: string): number {
  const port = parseCount(value);
  if (port > 65_535) throw new InvalidArgumentError(`"${value}" is not a port number`);
  return port;
}

/** An http(s) URL, e.g. a running API's (`http://127.0.0.1:3000`); without a trailing slash. */
export function parseHttpUrl(value: string): string {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw new InvalidArgumentError(`"${value}" is not a URL (e.g. http://127.0.0.1:3000)`);
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") throw new InvalidArgumentError(`"${value}" is not an http(s) URL`);
  return url.toString().replace(/\/+$/, "");
}

/** A whole number above zero (a number of blocks). */
export function parsePositiveCount(value: string): number {
  if (!/^\d{1,9}$/.test(value) || Number(value) === 0) throw new InvalidArgumentError(`"${value}" is not a positive whole number`);
  return Number(value);
}
