import { sql } from "kysely";
import type { Kysely } from "kysely";
import type { MirrorSchema } from "../mirror/schema";
import type { Stats } from "./shapes";
import { CHECKPOINT_TIME, certificateStandings } from "../mirror/validity";
import { PRODUCT_STATUSES, TRADE_STATUSES } from "../sdk/names";
import type { ValidityName } from "../sdk/names";

/** The control room's counters, daily volume and price index, at the mirror's checkpoint. */

export const PRICE_INDEX_DEFINITION =
  "priceIndex is a chained Jevons index of listed products' reference prices (ReferencePriceChanged), base 100: for each UTC day on which a " +
  "reference price changed, the day's link is the geometric mean of price(today) / price(previous index day) over the products priced in the " +
  "same currency at the end of both days (1 when there are none), and the index is the previous index times the link, starting at 100 on the " +
  "first day any product has a priced (not Negotiable) reference price. A new listing, a Negotiable price or a change of currency enters or " +
  "leaves the basket without moving the index.";

export const DAILY_VOLUME_DEFINITION =
  "dailyVolume sums the prices of the trades confirmed each UTC day (by confirmation time), per currency, leaving out annulled and cancelled " +
  "trades and those whose price is confidential (only its commitment is on chain).";

export type { Stats } from "./shapes";

const withoutNone = (names: readonly string[]) => names.filter((name) => name !== "None");

export async function readStats(db: Kysely<MirrorSchema>): Promise<Stats> {
  const [time, products, certificates, trades, volume, prices] = await Promise.all([
    sql<{ t: number }>`select ${CHECKPOINT_TIME} as t`.execute(db),
    db.selectFrom("products").select(["status", sql<number>`count(*)::int8`.as("count")]).groupBy("status").execute(),
    sql<{ category: string; validity: ValidityName; count: number }>`
      select c.category, v.validity, count(*)::int8 as count
      from certificates c join ${certificateStandings(db.selectFrom("certificates").select("id"))} v on v.id = c.id
      group by c.category, v.validity order by c.category, v.validity`.execute(db),
    db.selectFrom("trades").select(["status", sql<number>`count(*)::int8`.as("count")]).groupBy("status").execute(),
    sql<{ day: string; currency: string; amount: string; trades: number }>`
      select to_char(to_timestamp(t.confirmed_at) at time zone 'UTC', 'YYYY-MM-DD') as day, t.price_currency as currency,
        sum(t.price_amount)::text as amount, count(*)::int8 as trades
      from trades t
      where t.price_amount is not null and t.status not in ('Annulled', 'Cancelled')
      group by 1, 2 order by 1, 2`.execute(db),
    db.selectFrom("price_history").select(["product_id", "method", "amount", "currency", "at"]).where("event", "=", "Changed")
      .orderBy("block_number").orderBy("log_index").execute(),
  ]);
  const count = (names: readonly string[], rows: { status: string; count: number }[]) => {
    const counts: Record<string, number> = Object.fromEntries(withoutNone(names).map((name) => [name, 0]));
    for (const row of rows) counts[row.status] = Number(row.count);
    return counts;
  };
  return {
    at: new Date(time.rows[0].t * 1000).toISOString(),
    products: count(PRODUCT_STATUSES, products),
    certificates: certificates.rows.map((row) => ({ ...row, count: Number(row.count) })),
    trades: count(TRADE_STATUSES, trades),
    dailyVolume: volume.rows.map((row) => ({ ...row, trades: Number(row.trades) })),
    priceIndex: priceIndex(prices),
  };
}

interface PriceChange {
  product_id: number;
  method: string;
  amount: string | null;
  currency: string | null;
  at: number;
}

/** The chained index of PRICE_INDEX_DEFINITION, one point per day a reference price changed (`changes` in chain order). */
export function priceIndex(changes: readonly PriceChange[]): { day: string; index: number }[] {
  type Price = { amount: number; currency: string };
  const current = new Map<number, Price>();
  let basket = new Map<number, Price>();
  const points: { day: string; index: number }[] = [];
  let index: number | undefined;
  const close = (day: string) => {
    if (index === undefined) {
      if (current.size === 0) return;
      index = 100;
    } else {
      let logSum = 0;
      let n = 0;
      for (const [product, price] of current) {
        const before = basket.get(product);
        if (!before || before.currency !== price.currency || before.amount <= 0 || price.amount <= 0) continue;
        logSum += Math.log(price.amount / before.amount);
        n += 1;
      }
      if (n > 0) index *= Math.exp(logSum / n);
    }
    points.push({ day, index: Math.round(index * 100) / 100 });
    basket = new Map(current);
  };
  let day: string | undefined;
  for (const change of changes) {
    const changeDay = new Date(change.at * 1000).toISOString().slice(0, 10);
    if (day !== undefined && changeDay !== day) close(day);
    day = changeDay;
    if (change.method === "Negotiable" || change.amount === null || change.currency === null) current.delete(change.product_id);
    else current.set(change.product_id, { amount: Number(change.amount), currency: change.currency });
  }
  if (day !== undefined) close(day);
  return points;
}
