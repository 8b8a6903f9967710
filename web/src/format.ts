import type { Label } from "./labels";

/** An amount in minor units (a decimal string) as major units with its currency, e.g. "CNY 35,000.00". */
export function formatMoney(amount: string | null | undefined, currency: string | null | undefined): string {
  if (amount === null || amount === undefined) return "—";
  const minor = BigInt(amount);
  const major = minor / 100n;
  const cents = (minor % 100n).toString().padStart(2, "0");
  return `${currency ?? ""} ${major.toLocaleString("en-US")}.${cents}`.trim();
}

/** Major units typed in a form, as minor units for the API (two decimals). */
export function toMinorUnits(major: string): string | undefined {
  const text = major.trim();
  if (!/^\d+(\.\d{1,2})?$/.test(text)) return undefined;
  const [whole, fraction = ""] = text.split(".");
  return (BigInt(whole) * 100n + BigInt(fraction.padEnd(2, "0"))).toString();
}

export function formatDate(iso: string | null | undefined): string {
  return iso ? iso.slice(0, 10) : "—";
}

export function formatTime(iso: string | null | undefined): string {
  return iso ? iso.replace("T", " ").slice(0, 19) : "—";
}

export function shortAddress(address: string): string {
  return `${address.slice(0, 6)}…${address.slice(-4)}`;
}

export function bilingual(label: Label): string {
  return label.zh ? `${label.zh} ${label.en}` : label.en;
}
