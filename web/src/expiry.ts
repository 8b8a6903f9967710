/**
 * Expiry as the contracts and the API's alerts judge it (no DOM, no Preact: the tests import it
 * under Node): a time is expired when it is at or before the chain's now, and expiring when it
 * is at or before now + 30 days, in whole seconds, as GET /alerts warns.
 */

/** The warning window of GET /alerts (seconds; 30 days). */
export const EXPIRY_WARNING_SECONDS = 30 * 86_400;

export type Expiry =
  /** The chain's time could not be read: not judged by this computer's clock. */
  | { state: "unknown" }
  | { state: "expired" }
  /** Within the warning window: `days` whole days left (0: less than one). */
  | { state: "expiring"; days: number }
  | { state: "valid" };

/** The expiry of `expiresAt` (ISO 8601) at the chain's `now` (ms; null when unknown). */
export function expiryOf(expiresAt: string, now: number | null, warningSeconds = EXPIRY_WARNING_SECONDS): Expiry {
  if (now === null || !Number.isFinite(now)) return { state: "unknown" };
  const expires = Math.floor(Date.parse(expiresAt) / 1000);
  const at = Math.floor(now / 1000);
  if (expires <= at) return { state: "expired" };
  if (expires <= at + warningSeconds) return { state: "expiring", days: Math.floor((expires - at) / 86_400) };
  return { state: "valid" };
}

/** "less than a day", "1 day", "12 days". */
export function daysText(days: number): string {
  return days === 0 ? "less than a day" : days === 1 ? "1 day" : `${days} days`;
}
