import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import type { AuditReport } from "../../listener/audit";
import { errorBody } from "../schemas";

/**
 * GET /audit: `datarights audit-mirror` inside the running process (`listen --serve`, `serve`),
 * against its own database and the chain, so a running mirror can be audited without stopping
 * it (the embedded database admits one process). One audit at a time: it reads every entity
 * from the chain; a second request while one runs is refused with 409.
 */

/** Audits the mirror against the chain; `sample` audits at most that many of each kind. */
export type MirrorAuditor = (options: { sample?: number }) => Promise<AuditReport>;

export interface AuditRoutesOptions {
  audit?: MirrorAuditor;
}

const entities = z.object({
  participant: z.number(), product: z.number(), certificate: z.number(), assessment: z.number(), listing: z.number(), trade: z.number(),
  timelockOperation: z.number().optional().describe("when the deployment has a timelock"),
});

export const auditBody = z.object({
  block: z.number().describe("the mirror's checkpoint when the audit began: both sides were read at this block"),
  clean: z.boolean().describe("true when the mirror equals the chain"),
  checked: entities.describe("entities compared field by field, per kind"),
  divergences: z.array(z.object({ entity: z.string(), id: z.string(), field: z.string(), mirror: z.string(), chain: z.string() })),
}).meta({ id: "Audit" });

export const auditRoutes: FastifyPluginAsyncZod<AuditRoutesOptions> = async (app, options) => {
  let running: { since: Date } | undefined;
  app.get("/audit", {
    schema: {
      summary: "Audits the mirror against the chain (one audit at a time)",
      description:
        "Runs the audit of `datarights audit-mirror` (src/listener/audit.ts) in this process: every participant, product, certificate, assessment, " +
        "listing and trade (or `sample` of each, at random) compared with the chain at the mirror's checkpoint. The listener of this process " +
        "writes nothing while the mirror is read. 409 while another audit runs; 503 without a chain.",
      querystring: z.object({ sample: z.coerce.number().int("must be a whole number").min(1).max(1_000_000).optional().describe("audit at most this many of each kind") }),
      response: { 200: auditBody, 400: errorBody, 409: errorBody, 502: errorBody, 503: errorBody },
    },
  }, async (request, reply) => {
    if (!options.audit) {
      return reply.code(503).send({ statusCode: 503, error: "Service Unavailable", message: "the audit needs the chain: this API was started without a node (RPC_URL) and a deployment" });
    }
    if (running) {
      return reply.code(409).send({ statusCode: 409, error: "Conflict", message: `an audit is already running (since ${running.since.toISOString()}): ask again when it has answered` });
    }
    running = { since: new Date() };
    try {
      const report = await options.audit({ sample: request.query.sample });
      return { block: report.block, clean: report.divergences.length === 0, checked: report.checked, divergences: report.divergences };
    } catch (error) {
      return reply.code(502).send({ statusCode: 502, error: "Bad Gateway", message: `the audit failed: ${(error as Error).message.split("\n")[0]}` });
    } finally {
      running = undefined;
    }
  });
};
