import fastifySwagger from "@fastify/swagger";
import { getAddress } from "ethers";
import Fastify from "fastify";
import type { FastifyError, FastifyInstance } from "fastify";
import {
  hasZodFastifySchemaValidationErrors, jsonSchemaTransform, jsonSchemaTransformObject, serializerCompiler, validatorCompiler,
} from "fastify-type-provider-zod";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { sql } from "kysely";
import { isConnectionError } from "../mirror/database";
import { matchingDocuments, presentDocument, readDocuments, registerDocumentRoutes } from "./documents";
import type { MirrorDatabase } from "../mirror/database";
import type { RowOf } from "../mirror/schema";
import { certificateStandings, readLineages } from "../mirror/validity";
import type { CertificateStanding, LineageStanding } from "../mirror/validity";
import { createActivityHub } from "./activity";
import type { ActivityHub } from "./activity";
import type { AlertOptions } from "./alerts";
import { registerResponseCache } from "./cache";
import type { ResponseCache } from "./cache";
import { activityRoutes } from "./routes/activity";
import type { ActivityRoutesOptions } from "./routes/activity";
import { catalogueFilters, catalogueItemBody, filterByPrice, readCardExtras } from "./routes/catalogue";
import { controlRoutes } from "./routes/control";
import { verifyRoutes } from "./routes/verify";
import { auditRoutes } from "./routes/audit";
import type { MirrorAuditor } from "./routes/audit";
import type { ProductVerifier } from "./routes/verify";
import { webRoutes } from "./routes/web";
import {
  addressParams, assessmentBody, assessmentQuery, certificateBody, certificateDetailBody, certificateQuery, errorBody, healthBody,
  idParams, logCursorText, pageOf, participantBody, participantDetailBody, participantQuery, priceQuery, pricePointBody,
  productDetailBody, productQuery, tradeBody, tradeDetailBody, tradeQuery,
} from "./schemas";

/**
 * The exchange portal's read-only HTTP JSON API over the mirror. Every list is in a total order
 * (by id, by address, or a history by block and log index) and paginated by a cursor naming the
 * page's last item, so that no page skips or repeats an item (two logs of one block included);
 * unknown ids answer 404, bad parameters 400, both with one message naming the problem;
 * /openapi.json documents it all. A certificate's validity and a product's lineage standing are
 * computed at the mirror's indexed block (src/mirror/validity.ts).
 */

export interface ApiOptions {
  database: MirrorDatabase;
  /** The chain's head, for /health; a failing call reports the chain unreachable. */
  chainHead?: () => Promise<number>;
  /** Lag, in blocks, up to which /health says "ok" (default 5). */
  healthyLag?: number;
  /** fastify's request log (off by default). */
  logger?: boolean;
  /** Runs the auditor's checks against the chain (`verifyProduct`); /products/:id/verify and /prov answer 503 without it. */
  verify?: ProductVerifier;
  /** Audits the mirror against the chain (`auditMirror`); GET /audit answers 503 without it. */
  audit?: MirrorAuditor;
  /** How often the one activity poller reads the mirror's checkpoint (ms; 200). */
  pollIntervalMs?: number;
  /** Comment lines on idle event streams (ms; 15,000). */
  heartbeatMs?: number;
  /** Alert thresholds (dispute age, expiry warning). */
  alerts?: AlertOptions;
  /** The answers cache (on by default): false turns it off (benches compare). */
  cache?: boolean;
  /** The built web app's folder (default dist/web); false serves none. */
  webRoot?: string | false;
  /** Limits of GET /events: open streams, unsent bytes per stream, replay on resume, and the listener's reorganisation window. */
  events?: Omit<ActivityRoutesOptions, "hub">;
  /** The exchange's documents folder, served by hash at /documents/:hash (404 for every hash without it). */
  documents?: string;
}

/** Routes that read only the mirror: their answers are cached per checkpoint (src/api/cache.ts). */
export const CACHED_ROUTES: ReadonlySet<string> = new Set([
  "/products", "/products/:id", "/products/:id/prices", "/certificates", "/certificates/:id", "/assessments", "/trades", "/trades/:id",
  "/participants", "/participants/:address", "/activity", "/alerts", "/stats", "/governance",
]);

declare module "fastify" {
  interface FastifyInstance {
    /** The one activity poller of this API (src/api/activity.ts). */
    activityHub: ActivityHub;
    /** The answers cache, when on. */
    responseCache: ResponseCache | undefined;
  }
}

class NotFound extends Error {}

const iso = (seconds: number): string => new Date(seconds * 1000).toISOString();
const isoOrNull = (seconds: number | null): string | null => (seconds === null ? null : iso(seconds));
const checksum = (account: string): string => getAddress(account);
const checksumOrNull = (account: string | null): string | null => (account === null ? null : getAddress(account));
const lower = (account: string): string => account.toLowerCase();

function presentProduct(row: RowOf<"products">, lineage: LineageStanding, documents: Map<string, RowOf<"product_documents">>) {
  return {
    id: row.id,
    provider: checksum(row.provider),
    type: row.product_type,
    sourceCategory: row.source_category,
    classification: row.classification,
    status: row.status,
    containsPersonalInfo: row.contains_personal_info,
    frozen: row.open_objections > 0,
    jurisdiction: row.jurisdiction,
    registeredAt: iso(row.registered_at),
    previousVersion: row.previous_version,
    supersededBy: row.superseded_by,
    contentHash: row.content_hash,
    originDeclarationHash: row.origin_declaration_hash,
    metadataURI: row.metadata_uri,
    descriptionHash: row.description_hash,
    document: presentDocument(row.description_hash, row.description_hash === null ? undefined : documents.get(row.description_hash)),
    sourceCount: row.source_count,
    registeredBlock: row.registered_block,
    registeredTransaction: row.registered_tx,
    lineage,
  };
}

type StandingColumns = Omit<CertificateStanding, "id">;

function presentCertificate(row: RowOf<"certificates"> & StandingColumns) {
  return {
    id: row.id,
    productId: row.product_id,
    holder: checksum(row.holder),
    category: row.category,
    status: row.status,
    issuedAt: iso(row.issued_at),
    expiresAt: iso(row.expires_at),
    parentId: row.parent_id,
    predecessorId: row.predecessor_id,
    successorId: row.successor_id,
    issuer: checksum(row.issuer),
    pledgee: checksumOrNull(row.pledgee),
    frozen: row.open_objections > 0,
    validity: row.validity,
    invalidAncestorId: row.invalid_ancestor_id,
    blocked: row.blocked,
    scopeHash: row.scope_hash,
    evidenceHash: row.evidence_hash,
    tradeId: row.trade_id,
    issuedBlock: row.issued_block,
    issuedTransaction: row.issued_tx,
  };
}

function presentAssessment(row: RowOf<"assessments">) {
  return {
    id: row.id,
    productId: row.product_id,
    assessor: checksum(row.assessor),
    kind: row.kind,
    passed: row.passed,
    revoked: row.revoked,
    issuedAt: iso(row.issued_at),
    expiresAt: iso(row.expires_at),
    previousId: row.previous_id,
    reportHash: row.report_hash,
  };
}

function presentTrade(row: RowOf<"trades">) {
  return {
    id: row.id,
    productId: row.product_id,
    contentHash: row.content_hash,
    seller: checksum(row.seller),
    buyer: checksum(row.buyer),
    broker: checksumOrNull(row.broker),
    sellerCertificateId: row.seller_certificate_id,
    buyerCertificateId: row.buyer_certificate_id,
    rightGranted: row.right_granted,
    status: row.status,
    crossBorder: row.cross_border,
    price: row.price_amount === null ? null : { amount: row.price_amount, currency: row.price_currency ?? "" },
    priceCommitment: row.price_commitment,
    termsHash: row.terms_hash,
    purposeHash: row.purpose_hash,
    licenceExpiresAt: iso(row.licence_expires_at),
    dealDigest: row.deal_digest,
    deliveryHash: row.delivery_hash,
    paymentReference: row.payment_reference,
    confirmedAt: iso(row.confirmed_at),
    deliveredAt: isoOrNull(row.delivered_at),
    completedAt: isoOrNull(row.completed_at),
    confirmedBlock: row.confirmed_block,
    confirmedTransaction: row.confirmed_tx,
  };
}

function presentParticipant(row: RowOf<"participants">, staffRoles: string[]) {
  return {
    account: checksum(row.account),
    status: row.status,
    kinds: row.kinds,
    assessmentKinds: row.assessment_kinds,
    jurisdiction: row.jurisdiction,
    dossierHash: row.dossier_hash,
    accreditedUntil: isoOrNull(row.accredited_until),
    updatedAt: iso(row.updated_at),
    staffRoles,
  };
}

function presentListing(row: RowOf<"listings">) {
  return {
    rightOffered: row.right_offered,
    licenceDurationSeconds: row.licence_duration,
    permittedJurisdictions: row.permitted_jurisdictions,
    termsSetAt: iso(row.terms_set_at),
    referencePrice: row.price_method === null
      ? null
      : { method: row.price_method, amount: row.price_amount, currency: row.price_currency, proposedBy: checksum(row.price_proposed_by!), setAt: iso(row.price_set_at!) },
    proposedPrice: row.proposed_method === null
      ? null
      : { method: row.proposed_method, amount: row.proposed_amount!, currency: row.proposed_currency!, proposedBy: checksum(row.proposed_by!), proposedAt: iso(row.proposed_at!) },
  };
}

/** Items of a page (`rows` holds one more when a next page exists) and the cursor of the next one: the last item's position. */
function paged<Row, Item, Cursor extends number | string>(rows: Row[], limit: number, cursorOf: (row: Row) => Cursor, present: (row: Row) => Item) {
  const items = rows.slice(0, limit);
  return { items: items.map(present), nextCursor: rows.length > limit ? cursorOf(items[items.length - 1]) : null };
}

export async function buildApi(options: ApiOptions): Promise<FastifyInstance> {
  const { db } = options.database;
  const healthyLag = options.healthyLag ?? 5;
  const app = Fastify({ logger: options.logger ?? false }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (hasZodFastifySchemaValidationErrors(error)) {
      const issue = error.validation[0];
      const path = issue.instancePath.replace(/^\//, "").replace(/\//g, ".");
      const where = `${error.validationContext ?? "request"}${path ? `.${path}` : ""}`;
      return reply.code(400).send({ statusCode: 400, error: "Bad Request", message: `${where}: ${issue.message}` });
    }
    if (error instanceof NotFound) return reply.code(404).send({ statusCode: 404, error: "Not Found", message: error.message });
    if (isConnectionError(error)) {
      return reply.code(503).send({ statusCode: 503, error: "Service Unavailable", message: `the mirror's database is unavailable: ${error.message.split("\n")[0]}` });
    }
    if (error.statusCode !== undefined && error.statusCode < 500) {
      return reply.code(error.statusCode).send({ statusCode: error.statusCode, error: error.name, message: error.message });
    }
    request.log.error(error);
    return reply.code(500).send({ statusCode: 500, error: "Internal Server Error", message: error.message.split("\n")[0] });
  });
  app.setNotFoundHandler((request, reply) => reply.code(404).send({ statusCode: 404, error: "Not Found", message: `no route ${request.method} ${request.url.split("?")[0]}: see /openapi.json` }));

  await app.register(fastifySwagger, {
    openapi: {
      info: {
        title: "datarights mirror API",
        description: "Read-only view of the exchange's on-chain registry and trade ledger, as mirrored by the datarights listener.",
        version: "1.0.0",
      },
    },
    transform: jsonSchemaTransform,
    transformObject: jsonSchemaTransformObject,
  });

  const errors = { 400: errorBody, 404: errorBody, 503: errorBody };

  // One poller per API process: the event streams and the answers cache both follow it.
  const hub = createActivityHub({ database: options.database, pollIntervalMs: options.pollIntervalMs, heartbeatMs: options.heartbeatMs });
  await hub.start();
  app.addHook("onClose", () => hub.stop());
  app.decorate("activityHub", hub);
  app.decorate("responseCache", options.cache === false ? undefined : registerResponseCache(app, { generation: () => hub.generation, freshGeneration: () => hub.freshGeneration(), routes: CACHED_ROUTES }));

  app.get("/openapi.json", { schema: { hide: true } }, async () => app.swagger());
  registerDocumentRoutes(app, options.documents);

  app.get("/health", { schema: { summary: "Chain head, indexed block and lag", response: { 200: healthBody, 503: healthBody } } }, async (_request, reply) => {
    const state = await db.selectFrom("mirror_state").selectAll().where("id", "=", 1).executeTakeFirst();
    let chainHead: number | null = null;
    if (options.chainHead) chainHead = await options.chainHead().catch(() => null);
    const indexedBlock = state ? state.checkpoint_block : null;
    const lag = chainHead !== null && indexedBlock !== null ? Math.max(0, chainHead - indexedBlock) : null;
    const status = !state ? "not-started" : options.chainHead && chainHead === null ? "chain-unreachable" : lag !== null && lag > healthyLag ? "behind" : "ok";
    return reply.code(status === "ok" || status === "behind" ? 200 : 503).send({
      status, chainId: state?.chain_id ?? null, chainHead, indexedBlock, lag, mirrorUpdatedAt: state ? state.updated_at.toISOString() : null,
    });
  });

  app.get("/products", { schema: { summary: "Data products, newest first", querystring: productQuery.extend(catalogueFilters), response: { 200: pageOf(catalogueItemBody), ...errors } } }, async (request) => {
    const query = request.query;
    let select = filterByPrice(db.selectFrom("products").selectAll().orderBy("id", "desc").limit(query.limit + 1), query);
    if (query.cursor !== undefined) select = select.where("id", "<", query.cursor);
    if (query.provider) select = select.where("provider", "=", lower(query.provider));
    if (query.status) select = select.where("status", "=", query.status);
    if (query.type) select = select.where("product_type", "=", query.type);
    if (query.sourceCategory) select = select.where("source_category", "=", query.sourceCategory);
    if (query.classification) select = select.where("classification", "=", query.classification);
    if (query.q) select = select.where("description_hash", "in", matchingDocuments(db, query.q));
    const rows = await select.execute();
    const ids = rows.slice(0, query.limit).map((row) => row.id);
    const [lineages, extras, documents] = await Promise.all([
      readLineages(db, ids), readCardExtras(db, ids, checksum), readDocuments(db, rows.slice(0, query.limit).map((row) => row.description_hash)),
    ]);
    return paged(rows, query.limit, (row) => row.id, (row) => ({ ...presentProduct(row, lineages.get(row.id)!.standing, documents), ...extras.get(row.id)! }));
  });

  /** The certificates `seed` selects (a query of their ids), with their standing, newest first. */
  const certificatesWithStanding = (seed: Parameters<typeof certificateStandings>[0]) => db.selectFrom("certificates")
    .innerJoin(certificateStandings(seed).as("v"), "v.id", "certificates.id")
    .selectAll("certificates")
    .select(["v.validity", "v.invalid_ancestor_id", "v.blocked"]);

  app.get("/products/:id", { schema: { summary: "A product with its listing, lineage graph, assessments and certificates", params: idParams, response: { 200: productDetailBody, ...errors } } }, async (request) => {
    const productId = request.params.id;
    const product = await db.selectFrom("products").selectAll().where("id", "=", productId).executeTakeFirst();
    if (!product) throw new NotFound(`product ${productId} is not in the mirror`);
    const [listing, sources, derived, lineages, assessments, certificates, statusHistory, documents] = await Promise.all([
      db.selectFrom("listings").selectAll().where("product_id", "=", productId).executeTakeFirst(),
      db.selectFrom("product_sources").selectAll().where("product_id", "=", productId).orderBy("position").execute(),
      db.selectFrom("product_sources").select("product_id").where("source_id", "=", productId).orderBy("product_id").execute(),
      readLineages(db, [productId]),
      db.selectFrom("assessments").selectAll().where("product_id", "=", productId).orderBy("id").execute(),
      certificatesWithStanding(db.selectFrom("certificates").select("id").where("product_id", "=", productId)).orderBy("certificates.id").execute(),
      db.selectFrom("product_status_history").selectAll().where("product_id", "=", productId).orderBy("block_number").orderBy("log_index").execute(),
      readDocuments(db, [product.description_hash]),
    ]);
    const lineage = lineages.get(productId)!;
    const nodes = await db.selectFrom("products").selectAll().where("id", "in", [...lineage.depths.keys()]).orderBy("id").execute();
    return {
      ...presentProduct(product, lineage.standing, documents),
      listing: listing ? presentListing(listing) : null,
      sources: sources.map((source) => ({ productId: source.source_id, certificateId: source.source_certificate_id })),
      derivedProducts: derived.map((row) => row.product_id),
      lineage: {
        ...lineage.standing,
        nodes: nodes.map((node) => ({ id: node.id, provider: checksum(node.provider), type: node.product_type, sourceCategory: node.source_category, status: node.status, depth: lineage.depths.get(node.id)! })),
        edges: lineage.edges.map((edge) => ({
          product: edge.product_id, source: edge.source_id, sourceCertificateId: edge.source_certificate_id, sourceCertificateValidity: edge.validity ?? "Nonexistent",
        })),
      },
      assessments: assessments.map(presentAssessment),
      certificates: certificates.map(presentCertificate),
      statusHistory: statusHistory.map((row) => ({ previousStatus: row.previous_status, status: row.status, reasonHash: row.reason_hash, at: iso(row.at), blockNumber: row.block_number })),
    };
  });

  app.get("/products/:id/prices", { schema: { summary: "A product's reference price history, newest first", params: idParams, querystring: priceQuery, response: { 200: pageOf(pricePointBody, logCursorText), ...errors } } }, async (request) => {
    const productId = request.params.id;
    if (!(await db.selectFrom("products").select("id").where("id", "=", productId).executeTakeFirst())) throw new NotFound(`product ${productId} is not in the mirror`);
    // (block, log index) is the log's own position: a total order, so a block holding several changes cannot be split across pages with a loss or a repeat.
    const cursor = request.query.cursor;
    let select = db.selectFrom("price_history").selectAll().where("product_id", "=", productId).orderBy("block_number", "desc").orderBy("log_index", "desc").limit(request.query.limit + 1);
    if (cursor !== undefined) select = select.where((where) => where(where.refTuple("block_number", "log_index"), "<", where.tuple(cursor.block, cursor.logIndex)));
    const rows = await select.execute();
    return paged(rows, request.query.limit, (row) => `${row.block_number}:${row.log_index}`, (row) => ({
      event: row.event as "Proposed" | "Changed", method: row.method, amount: row.amount, currency: row.currency, proposedBy: checksum(row.proposed_by),
      at: iso(row.at), blockNumber: row.block_number, transactionHash: row.transaction_hash,
    }));
  });

  app.get("/certificates", { schema: { summary: "Rights certificates by holder or product, newest first", querystring: certificateQuery, response: { 200: pageOf(certificateBody), ...errors } } }, async (request) => {
    const query = request.query;
    let candidates = db.selectFrom("certificates").select("id");
    if (query.cursor !== undefined) candidates = candidates.where("id", "<", query.cursor);
    if (query.holder) candidates = candidates.where("holder", "=", lower(query.holder));
    if (query.product !== undefined) candidates = candidates.where("product_id", "=", query.product);
    if (query.category) candidates = candidates.where("category", "=", query.category);
    if (query.status) candidates = candidates.where("status", "=", query.status);
    // Validity is computed, not stored: filtering by it judges every candidate; without it, only the page's.
    let select = certificatesWithStanding(query.validity ? candidates : candidates.orderBy("id", "desc").limit(query.limit + 1))
      .orderBy("certificates.id", "desc").limit(query.limit + 1);
    if (query.validity) select = select.where("v.validity", "=", query.validity);
    return paged(await select.execute(), query.limit, (row) => row.id, presentCertificate);
  });

  app.get("/certificates/:id", { schema: { summary: "A certificate with its history", params: idParams, response: { 200: certificateDetailBody, ...errors } } }, async (request) => {
    const certificate = await certificatesWithStanding(db.selectFrom("certificates").select("id").where("id", "=", request.params.id)).executeTakeFirst();
    if (!certificate) throw new NotFound(`certificate ${request.params.id} is not in the mirror`);
    const history = await db.selectFrom("certificate_history").selectAll().where("certificate_id", "=", certificate.id).orderBy("block_number").orderBy("log_index").execute();
    return {
      ...presentCertificate(certificate),
      history: history.map((row) => ({ event: row.event, status: row.status, counterpart: row.counterpart, at: iso(row.at), blockNumber: row.block_number })),
    };
  });

  app.get("/assessments", { schema: { summary: "Assessments by product, assessor or kind, newest first", querystring: assessmentQuery, response: { 200: pageOf(assessmentBody), ...errors } } }, async (request) => {
    const query = request.query;
    let select = db.selectFrom("assessments").selectAll().orderBy("id", "desc").limit(query.limit + 1);
    if (query.cursor !== undefined) select = select.where("id", "<", query.cursor);
    if (query.product !== undefined) select = select.where("product_id", "=", query.product);
    if (query.assessor) select = select.where("assessor", "=", lower(query.assessor));
    if (query.kind) select = select.where("kind", "=", query.kind);
    return paged(await select.execute(), query.limit, (row) => row.id, presentAssessment);
  });

  app.get("/trades", { schema: { summary: "Trades by product or party, newest first", querystring: tradeQuery, response: { 200: pageOf(tradeBody), ...errors } } }, async (request) => {
    const query = request.query;
    let select = db.selectFrom("trades").selectAll().orderBy("id", "desc").limit(query.limit + 1);
    if (query.cursor !== undefined) select = select.where("id", "<", query.cursor);
    if (query.product !== undefined) select = select.where("product_id", "=", query.product);
    if (query.party) {
      const party = lower(query.party);
      select = select.where((where) => where.or([where("seller", "=", party), where("buyer", "=", party)]));
    }
    if (query.status) select = select.where("status", "=", query.status);
    return paged(await select.execute(), query.limit, (row) => row.id, presentTrade);
  });

  app.get("/trades/:id", { schema: { summary: "A trade with its state changes", params: idParams, response: { 200: tradeDetailBody, ...errors } } }, async (request) => {
    const trade = await db.selectFrom("trades").selectAll().where("id", "=", request.params.id).executeTakeFirst();
    if (!trade) throw new NotFound(`trade ${request.params.id} is not in the mirror`);
    const events = await db.selectFrom("trade_events").selectAll().where("trade_id", "=", trade.id).orderBy("block_number").orderBy("log_index").execute();
    return {
      ...presentTrade(trade),
      events: events.map((row) => ({
        event: row.event, previousStatus: row.previous_status, status: row.status, actor: checksumOrNull(row.actor), hash: row.hash,
        certificateId: row.certificate_id, at: iso(row.at), blockNumber: row.block_number, transactionHash: row.transaction_hash,
      })),
    };
  });

  const rolesOf = async (accounts: string[]) => {
    if (accounts.length === 0) return new Map<string, string[]>();
    const rows = await db.selectFrom("staff_roles").select(["account", "role_name"]).where("active", "=", true).where("account", "in", accounts).orderBy("role_name").execute();
    const roles = new Map<string, string[]>();
    for (const row of rows) roles.set(row.account, [...(roles.get(row.account) ?? []), row.role_name]);
    return roles;
  };

  app.get("/participants", { schema: { summary: "Accredited participants, by address", querystring: participantQuery, response: { 200: pageOf(participantBody, participantBody.shape.account), ...errors } } }, async (request) => {
    const query = request.query;
    let select = db.selectFrom("participants").selectAll().orderBy("account").limit(query.limit + 1);
    if (query.cursor) select = select.where("account", ">", lower(query.cursor));
    if (query.kind) select = select.where(sql<boolean>`${query.kind} = any(kinds)`);
    if (query.status) select = select.where("status", "=", query.status);
    if (query.jurisdiction) select = select.where("jurisdiction", "=", query.jurisdiction);
    const rows = await select.execute();
    const roles = await rolesOf(rows.map((row) => row.account));
    return paged(rows, query.limit, (row) => checksum(row.account), (row) => presentParticipant(row, roles.get(row.account) ?? []));
  });

  app.get("/participants/:address", { schema: { summary: "A participant with its accreditation history", params: addressParams, response: { 200: participantDetailBody, ...errors } } }, async (request) => {
    const account = lower(request.params.address);
    const row = await db.selectFrom("participants").selectAll().where("account", "=", account).executeTakeFirst();
    if (!row) throw new NotFound(`participant ${request.params.address} is not in the mirror`);
    const [roles, history] = await Promise.all([
      rolesOf([account]),
      db.selectFrom("participant_history").selectAll().where("account", "=", account).orderBy("block_number").orderBy("log_index").execute(),
    ]);
    return {
      ...presentParticipant(row, roles.get(account) ?? []),
      history: history.map((entry) => ({
        event: entry.event, previousStatus: entry.previous_status, status: entry.status, kinds: entry.kinds, accreditedUntil: isoOrNull(entry.accredited_until),
        reasonHash: entry.reason_hash, at: iso(entry.at), blockNumber: entry.block_number, transactionHash: entry.transaction_hash,
      })),
    };
  });

  await app.register(activityRoutes, { ...options.events, hub });
  await app.register(controlRoutes, { database: options.database, ...options.alerts });
  await app.register(verifyRoutes, { verify: options.verify });
  await app.register(auditRoutes, { audit: options.audit });
  if (options.webRoot !== false) await app.register(webRoutes, { root: options.webRoot });

  await app.ready();
  return app;
}

export interface RunningApi {
  url: string;
  close(): Promise<void>;
}

/** Serves the API on `host:port` (loopback by default). */
export async function startApi(options: ApiOptions & { host?: string; port?: number }): Promise<RunningApi> {
  const app = await buildApi(options);
  const host = options.host ?? "127.0.0.1";
  await app.listen({ host, port: options.port ?? 3000 });
  const address = app.server.address();
  const port = typeof address === "object" && address ? address.port : options.port;
  return { url: `http://${host}:${port}`, close: () => app.close() };
}
