import { sql } from "kysely";
import type { Kysely, SelectQueryBuilder } from "kysely";
import { z } from "zod";
import type { MirrorSchema } from "../../mirror/schema";
import { certificateStandings } from "../../mirror/validity";
import type { ValidityName } from "../../sdk/names";
import { VALIDITIES } from "../../sdk/names";
import { productBody } from "../schemas";

/**
 * What the catalogue's cards need beyond a product: its reference price and its certificates
 * (with their validity), and the price filters. Used by `GET /products`.
 */

const decimal = z.string().regex(/^\d{1,38}(\.\d{1,18})?$/, "must be a non-negative decimal number such as 3500000 or 12.5");

export const catalogueFilters = {
  minPrice: decimal.optional().describe("only products whose reference price amount (minor units) is at least this"),
  maxPrice: decimal.optional().describe("only products whose reference price amount (minor units) is at most this"),
  currency: z.string().regex(/^[A-Z]{3}$/, "must be an ISO 4217 code such as CNY").optional().describe("only products priced in this currency"),
};

export type CatalogueFilters = { minPrice?: string; maxPrice?: string; currency?: string };

export const referencePriceBody = z.object({
  method: z.string(),
  amount: z.string().nullable().describe("minor units, as a decimal string; null when Negotiable"),
  currency: z.string().nullable(),
}).meta({ id: "ReferencePrice" });

export const cardCertificateBody = z.object({
  id: z.number(), category: z.string(), validity: z.enum(VALIDITIES), holder: z.string(),
}).meta({ id: "CardCertificate" });

export const catalogueItemBody = productBody.extend({
  referencePrice: referencePriceBody.nullable().describe("the listing's confirmed reference price; null when never listed or never priced"),
  certificates: z.array(cardCertificateBody).describe("the product's certificates with their validity at the mirror's indexed block, by id"),
}).meta({ id: "CatalogueItem" });

/** `select` (of products) narrowed by the price filters. */
export function filterByPrice<O>(select: SelectQueryBuilder<MirrorSchema, "products", O>, filters: CatalogueFilters): SelectQueryBuilder<MirrorSchema, "products", O> {
  if (filters.minPrice === undefined && filters.maxPrice === undefined && filters.currency === undefined) return select;
  return select.where(({ exists, selectFrom }) => {
    let listing = selectFrom("listings").select(sql<number>`1`.as("one")).whereRef("listings.product_id", "=", "products.id");
    if (filters.minPrice !== undefined) listing = listing.where(sql<boolean>`listings.price_amount >= ${filters.minPrice}::numeric`);
    if (filters.maxPrice !== undefined) listing = listing.where(sql<boolean>`listings.price_amount <= ${filters.maxPrice}::numeric`);
    if (filters.currency !== undefined) listing = listing.where("listings.price_currency", "=", filters.currency);
    return exists(listing);
  });
}

export interface CardExtras {
  referencePrice: { method: string; amount: string | null; currency: string | null } | null;
  certificates: { id: number; category: string; validity: ValidityName; holder: string }[];
}

/** Each product's reference price and certificates, in two statements. */
export async function readCardExtras(db: Kysely<MirrorSchema>, productIds: readonly number[], checksum: (address: string) => string): Promise<Map<number, CardExtras>> {
  const extras = new Map<number, CardExtras>(productIds.map((id) => [id, { referencePrice: null, certificates: [] }]));
  if (productIds.length === 0) return extras;
  const ids = [...productIds];
  const [listings, certificates] = await Promise.all([
    db.selectFrom("listings").select(["product_id", "price_method", "price_amount", "price_currency"]).where("product_id", "in", ids).where("price_method", "is not", null).execute(),
    db.selectFrom("certificates")
      .innerJoin(certificateStandings(db.selectFrom("certificates").select("id").where("product_id", "in", ids)).as("v"), "v.id", "certificates.id")
      .select(["certificates.id", "certificates.product_id", "certificates.category", "certificates.holder", "v.validity"])
      .orderBy("certificates.id").execute(),
  ]);
  for (const row of listings) extras.get(row.product_id)!.referencePrice = { method: row.price_method!, amount: row.price_amount, currency: row.price_currency };
  for (const row of certificates) {
    extras.get(row.product_id)!.certificates.push({ id: row.id, category: row.category, validity: row.validity, holder: checksum(row.holder) });
  }
  return extras;
}
