import { z } from "zod";
import {
  ASSESSMENT_KINDS, CERTIFICATE_STATUSES, CLASSIFICATIONS, PARTICIPANT_KIND_NAMES, PARTICIPANT_STATUSES, PRODUCT_STATUSES,
  PRODUCT_TYPES, RIGHT_CATEGORIES, SOURCE_CATEGORIES, TRADE_STATUSES, VALIDITIES,
} from "../sdk/names";

/**
 * The API's parameters and answers, as zod schemas: fastify validates requests with them
 * (a bad parameter is a 400 naming it), serialises answers through them, and @fastify/swagger
 * turns them into /openapi.json.
 */

const withoutNone = <T extends string>(names: readonly T[]) => names.filter((name) => name !== "None") as [T, ...T[]];

export const address = z.string().regex(/^0x[0-9a-fA-F]{40}$/, "must be a 0x-prefixed 20-byte hex address");
const hash = z.string().describe("0x-prefixed 32-byte hex");
const time = z.string().describe("ISO 8601 time (UTC)");
const amount = z.string().describe("amount in the currency's minor units, as a decimal string");
const id = z.coerce.number().int("must be a whole number").positive("must be a positive id").max(Number.MAX_SAFE_INTEGER);

export const idParams = z.object({ id });
export const addressParams = z.object({ address });

const limit = z.coerce.number().int("must be a whole number").min(1).max(100).default(20).describe("page size, 1-100");
const page = {
  limit,
  cursor: id.optional().describe("nextCursor of the previous page"),
};

/** A position in a history: block number and log index, each log's own (a block may hold several). */
export const logCursor = z.string()
  .regex(/^\d{1,15}:\d{1,9}$/, "must be <block>:<logIndex>, as nextCursor gives it")
  .transform((text) => {
    const [block, logIndex] = text.split(":").map(Number);
    return { block, logIndex };
  });
/**
 * An activity's id, as GET /events sends it and GET /activity's nextCursor gives it:
 * `<block>:<logIndex>:<hash>`, the hash the first 8 hex digits of the block's. A bare
 * `<block>:<logIndex>` is taken too (no block check then).
 */
export const activityCursor = z.string()
  .regex(/^\d{1,15}:\d{1,9}(:[0-9a-fA-F]{8})?$/, "must be <block>:<logIndex>:<block hash prefix>, an activity's id")
  .transform((text) => {
    const [block, logIndex, hash] = text.split(":");
    return { block: Number(block), logIndex: Number(logIndex), hash: hash?.toLowerCase() };
  });
/** A history's nextCursor, as it is sent. */
export const logCursorText = z.string().describe("<block>:<logIndex> of the page's last item");
const validity = z.enum(VALIDITIES).describe("RightsCertificate.validity at the mirror's indexed block");

export const productQuery = z.strictObject({
  ...page,
  q: z.string().min(1).max(200).optional().describe("only products whose verified description's name or summary contains this, case-insensitively"),
  provider: address.optional(),
  status: z.enum(withoutNone(PRODUCT_STATUSES)).optional(),
  type: z.enum(PRODUCT_TYPES).optional(),
  sourceCategory: z.enum(SOURCE_CATEGORIES).optional(),
  classification: z.enum(CLASSIFICATIONS).optional(),
});
export const certificateQuery = z.strictObject({
  ...page,
  holder: address.optional(),
  product: id.optional(),
  category: z.enum(RIGHT_CATEGORIES).optional(),
  status: z.enum(CERTIFICATE_STATUSES).optional().describe("stored status"),
  validity: validity.exclude(["Nonexistent"]).optional(),
});
export const tradeQuery = z.strictObject({
  ...page,
  product: id.optional(),
  party: address.optional().describe("seller or buyer"),
  status: z.enum(withoutNone(TRADE_STATUSES)).optional(),
});
export const participantQuery = z.strictObject({
  limit: page.limit,
  cursor: address.optional().describe("nextCursor of the previous page"),
  kind: z.enum(PARTICIPANT_KIND_NAMES).optional(),
  status: z.enum(withoutNone(PARTICIPANT_STATUSES)).optional(),
  jurisdiction: z.string().regex(/^[A-Z]{2}$/, "must be an ISO 3166-1 alpha-2 code such as CN").optional(),
});
export const assessmentQuery = z.strictObject({
  ...page,
  product: id.optional(),
  assessor: address.optional(),
  kind: z.enum(ASSESSMENT_KINDS).optional(),
});
export const priceQuery = z.strictObject({
  limit,
  cursor: logCursor.optional().describe("nextCursor of the previous page: <block>:<logIndex>"),
});

export const errorBody = z.object({ statusCode: z.number(), error: z.string(), message: z.string() }).meta({ id: "Error" });

export const participantBody = z.object({
  account: z.string(),
  status: z.string(),
  kinds: z.array(z.string()),
  assessmentKinds: z.array(z.string()),
  jurisdiction: z.string(),
  dossierHash: hash,
  accreditedUntil: time.nullable(),
  updatedAt: time,
  staffRoles: z.array(z.string()),
}).meta({ id: "Participant" });

export const participantHistoryBody = z.object({
  event: z.string(),
  previousStatus: z.string().nullable(),
  status: z.string().nullable(),
  kinds: z.array(z.string()),
  accreditedUntil: time.nullable(),
  reasonHash: hash.nullable(),
  at: time,
  blockNumber: z.number(),
  transactionHash: hash,
});

export const brokenEdgeBody = z.object({
  productId: z.number().describe("the product registered from the source"),
  sourceId: z.number(),
  certificateId: z.number().describe("the provider's certificate on the source the product was registered under"),
  validity: validity.describe("that certificate's validity: not Valid"),
}).meta({ id: "BrokenEdge" });

export const lineageStandingBody = z.object({
  intact: z.boolean().describe("every certificate its lineage was registered under is valid, recursively"),
  brokenEdge: brokenEdgeBody.optional().describe("when not intact: the first broken edge, breadth first from the product"),
}).meta({ id: "LineageStanding" });

export const documentParams = z.object({
  hash: z.string().regex(/^0x[0-9a-fA-F]{64}$/, "must be 0x and 64 hex digits").describe("the document's hash: a product's descriptionHash"),
});

const sampleBody = z.union([
  z.object({ fields: z.array(z.object({ name: z.string(), type: z.string(), description: z.string().optional() })) }),
  z.object({ schema: z.record(z.string(), z.unknown()) }),
]);

export const productDocumentBody = z.object({
  status: z.enum(["verified", "mismatch", "unavailable", "pending"])
    .describe("verified: the document hashes to descriptionHash; mismatch: what was found does not; unavailable: not found yet (retried); pending: not looked for yet"),
  problem: z.string().nullable().describe("why it is not verified; null when verified"),
  name: z.string().optional(),
  summary: z.string().optional(),
  description: z.string().optional(),
  useCases: z.array(z.string()).optional(),
  sample: sampleBody.optional(),
  deliveryModality: z.string().optional(),
  biddingModality: z.string().optional(),
}).meta({ id: "ProductDocument", description: "the product's description document: its content only when verified" });

export const productBody = z.object({
  id: z.number(),
  provider: z.string(),
  type: z.string(),
  sourceCategory: z.string(),
  classification: z.string(),
  status: z.string(),
  containsPersonalInfo: z.boolean(),
  frozen: z.boolean().describe("an objection is open against it"),
  jurisdiction: z.string(),
  registeredAt: time,
  previousVersion: z.number().nullable(),
  supersededBy: z.number().nullable(),
  contentHash: hash,
  originDeclarationHash: hash,
  metadataURI: z.string(),
  descriptionHash: hash.nullable().describe("hash of the product's description document; null when none was registered"),
  document: productDocumentBody.nullable(),
  sourceCount: z.number(),
  registeredBlock: z.number(),
  registeredTransaction: hash,
  lineage: lineageStandingBody,
}).meta({ id: "Product" });

export const listingBody = z.object({
  rightOffered: z.string(),
  licenceDurationSeconds: z.number(),
  permittedJurisdictions: z.array(z.string()),
  termsSetAt: time,
  referencePrice: z.object({ method: z.string(), amount: amount.nullable(), currency: z.string().nullable(), proposedBy: z.string(), setAt: time }).nullable(),
  proposedPrice: z.object({ method: z.string(), amount: amount, currency: z.string(), proposedBy: z.string(), proposedAt: time }).nullable(),
}).meta({ id: "Listing" });

export const certificateBody = z.object({
  id: z.number(),
  productId: z.number(),
  holder: z.string(),
  category: z.string(),
  status: z.string(),
  issuedAt: time,
  expiresAt: time,
  parentId: z.number().nullable(),
  predecessorId: z.number().nullable(),
  successorId: z.number().nullable(),
  issuer: z.string(),
  pledgee: z.string().nullable(),
  frozen: z.boolean().describe("an objection is open against it"),
  validity,
  invalidAncestorId: z.number().nullable().describe("when validity is AncestorInvalid: the ancestor (as it stands, after transfers and changes) that is not valid"),
  blocked: z.boolean().describe(
    "cannot be licensed, pledged, renewed, reissued or traded even if Valid: its product is Suspended or frozen, or it or an ancestor is frozen or pledged",
  ),
  scopeHash: hash,
  evidenceHash: hash,
  tradeId: z.number().nullable(),
  issuedBlock: z.number(),
  issuedTransaction: hash,
}).meta({ id: "Certificate" });

export const assessmentBody = z.object({
  id: z.number(),
  productId: z.number(),
  assessor: z.string(),
  kind: z.string(),
  passed: z.boolean(),
  revoked: z.boolean(),
  issuedAt: time,
  expiresAt: time,
  previousId: z.number().nullable(),
  reportHash: hash,
}).meta({ id: "Assessment" });

export const tradeBody = z.object({
  id: z.number(),
  productId: z.number(),
  contentHash: hash,
  seller: z.string(),
  buyer: z.string(),
  broker: z.string().nullable(),
  sellerCertificateId: z.number(),
  buyerCertificateId: z.number().nullable(),
  rightGranted: z.string(),
  status: z.string(),
  crossBorder: z.boolean(),
  price: z.object({ amount, currency: z.string() }).nullable().describe("null when the parties keep it confidential"),
  priceCommitment: hash.nullable(),
  termsHash: hash,
  purposeHash: hash,
  licenceExpiresAt: time,
  dealDigest: hash,
  deliveryHash: hash.nullable(),
  paymentReference: hash.nullable(),
  confirmedAt: time,
  deliveredAt: time.nullable(),
  completedAt: time.nullable(),
  confirmedBlock: z.number(),
  confirmedTransaction: hash,
}).meta({ id: "Trade" });

export const tradeEventBody = z.object({
  event: z.string(),
  previousStatus: z.string().nullable(),
  status: z.string().nullable(),
  actor: z.string().nullable(),
  hash: hash.nullable(),
  certificateId: z.number().nullable(),
  at: time,
  blockNumber: z.number(),
  transactionHash: hash,
});

export const pricePointBody = z.object({
  event: z.enum(["Proposed", "Changed"]).describe("Proposed: awaiting the provider; Changed: the reference price buyers see"),
  method: z.string(),
  amount: amount.nullable(),
  currency: z.string().nullable(),
  proposedBy: z.string(),
  at: time,
  blockNumber: z.number(),
  transactionHash: hash,
}).meta({ id: "PricePoint" });

export const lineageBody = lineageStandingBody.extend({
  nodes: z.array(z.object({ id: z.number(), provider: z.string(), type: z.string(), sourceCategory: z.string(), status: z.string(), depth: z.number() })),
  edges: z.array(z.object({
    product: z.number(), source: z.number(), sourceCertificateId: z.number(),
    sourceCertificateValidity: validity.describe("validity of the certificate the edge was registered under; Nonexistent when the mirror lacks it"),
  })).describe("breadth first from the product, each product's sources in the order it registered them"),
}).meta({ id: "Lineage" });

export const productDetailBody = productBody.extend({
  listing: listingBody.nullable(),
  sources: z.array(z.object({ productId: z.number(), certificateId: z.number() })),
  derivedProducts: z.array(z.number()),
  lineage: lineageBody,
  assessments: z.array(assessmentBody),
  certificates: z.array(certificateBody),
  statusHistory: z.array(z.object({ previousStatus: z.string(), status: z.string(), reasonHash: hash.nullable(), at: time, blockNumber: z.number() })),
}).meta({ id: "ProductDetail" });

export const certificateDetailBody = certificateBody.extend({
  history: z.array(z.object({ event: z.string(), status: z.string().nullable(), counterpart: z.string().nullable(), at: time, blockNumber: z.number() })),
}).meta({ id: "CertificateDetail" });

export const tradeDetailBody = tradeBody.extend({ events: z.array(tradeEventBody) }).meta({ id: "TradeDetail" });

export const participantDetailBody = participantBody.extend({ history: z.array(participantHistoryBody) }).meta({ id: "ParticipantDetail" });

export const healthBody = z.object({
  status: z.enum(["ok", "behind", "chain-unreachable", "not-started"]),
  chainId: z.number().nullable(),
  chainHead: z.number().nullable(),
  indexedBlock: z.number().nullable(),
  lag: z.number().nullable().describe("blocks between the chain head and the mirror"),
  mirrorUpdatedAt: z.string().nullable(),
}).meta({ id: "Health" });

export function pageOf<T extends z.ZodType>(item: T, cursor: z.ZodType = z.number()) {
  return z.object({ items: z.array(item), nextCursor: cursor.nullable().describe("pass as cursor for the next page; null on the last") });
}
