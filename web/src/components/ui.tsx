import type { ComponentChildren } from "preact";
import type { Loaded } from "../hooks";
import type { Label } from "../labels";
import { href } from "../router";
import { shortAddress } from "../format";
import { daysText, expiryOf } from "../expiry";

/** A label in both languages: the Chinese term, marked as such for screen readers, then the English. */
export function Bi({ label }: { label: Label }) {
  if (!label.zh) return <>{label.en}</>;
  return (
    <>
      <span lang="zh-CN">{label.zh}</span> {label.en}
    </>
  );
}

export type Tone = "good" | "warn" | "bad" | "neutral" | "info";

export function Badge({ tone = "neutral", children, title }: { tone?: Tone; children: ComponentChildren; title?: string }) {
  return (
    <span class={`badge badge-${tone}`} title={title}>
      {children}
    </span>
  );
}

/**
 * Whether `expiresAt` has passed or comes within 30 days, at the chain's `now` (useChainNow):
 * the rules of the contracts and GET /alerts. Nothing while the chain's time is read, and
 * "expiry unknown" when it cannot be.
 */
export function ExpiryBadge({ expiresAt, now, expired = "Expired" }: { expiresAt: string; now: number | "unknown" | null; expired?: string }) {
  if (now === null) return null;
  const expiry = expiryOf(expiresAt, now === "unknown" ? null : now);
  switch (expiry.state) {
    case "unknown":
      return <span class="muted" data-expiry="unknown">(expiry unknown: the chain's time could not be read)</span>;
    case "expired":
      return <span data-expiry="expired"><Badge tone="bad">{expired}</Badge></span>;
    case "expiring":
      return <span data-expiry="expiring"><Badge tone="warn">Expires in {daysText(expiry.days)}</Badge></span>;
    case "valid":
      return null;
  }
}

export function statusTone(status: string): Tone {
  if (status === "Listed" || status === "Valid" || status === "Active" || status === "Completed") return "good";
  if (status === "Certified" || status === "Registered" || status === "Confirmed" || status === "Delivered" || status === "Pending") return "info";
  if (status === "Delisted" || status === "Expired" || status === "Superseded" || status === "Disputed") return "warn";
  return "bad";
}

export function Account({ address }: { address: string }) {
  return (
    <a href={href.participant(address)} class="mono" title={address}>
      {shortAddress(address)}
    </a>
  );
}

/** The loading and error states of a fetch; `children` renders the data. */
export function Async<T>({ loaded, children, what }: { loaded: Loaded<T>; children: (data: T) => ComponentChildren; what: string }) {
  if (loaded.state === "loading") return <p class="muted" role="status">Loading {what}…</p>;
  if (loaded.state === "error") return <p class="error" role="alert">Could not load {what}: {loaded.message}</p>;
  return <>{children(loaded.data)}</>;
}

export function Empty({ children }: { children: ComponentChildren }) {
  return <p class="muted">{children}</p>;
}
