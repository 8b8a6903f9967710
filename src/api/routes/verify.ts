import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { toProvJson } from "../../sdk/prov";
import { UnknownProductError } from "../../sdk/verify";
import type { VerificationReport } from "../../sdk/verify";
import { errorBody, idParams } from "../schemas";

/**
 * The auditor's checks, run on the server against the chain itself (the code of `datarights
 * verify`), and the product's provenance as W3C PROV-JSON. The API is given the verifier; without
 * one (no chain configured) both answer 503.
 */

export type ProductVerifier = (productId: bigint) => Promise<VerificationReport>;

export const verificationBody = z.object({
  productId: z.number(),
  registrationNumber: z.string(),
  blockNumber: z.number().describe("the chain block the checks were pinned to"),
  passed: z.boolean(),
  checks: z.array(z.object({ id: z.string(), passed: z.boolean(), detail: z.string() })),
}).meta({ id: "Verification" });

export interface VerifyRoutesOptions {
  verify?: ProductVerifier;
}

class HttpError extends Error {
  constructor(readonly statusCode: number, message: string) {
    super(message);
  }
}

export const verifyRoutes: FastifyPluginAsyncZod<VerifyRoutesOptions> = async (app, options) => {
  const run = async (productId: number): Promise<VerificationReport> => {
    if (!options.verify) throw new HttpError(503, "verification needs the chain: this API was started without a node (RPC_URL) and a deployment");
    try {
      return await options.verify(BigInt(productId));
    } catch (error) {
      if (error instanceof UnknownProductError) throw new HttpError(404, `product ${productId} is not on the chain`);
      throw new HttpError(502, `verifying product ${productId} against the chain failed: ${(error as Error).message.split("\n")[0]}`);
    }
  };
  const NAMES: Record<number, string> = { 404: "Not Found", 502: "Bad Gateway", 503: "Service Unavailable" };
  const failure = (error: unknown) => {
    if (!(error instanceof HttpError)) throw error;
    return { statusCode: error.statusCode as 404 | 502 | 503, body: { statusCode: error.statusCode, error: NAMES[error.statusCode] ?? "Error", message: error.message } };
  };

  app.get("/products/:id/verify", {
    schema: {
      summary: "The auditor's checks of a product, run against the chain",
      description: "Runs verifyProduct (src/sdk/verify, the code of `datarights verify`) at the chain's latest block: registration, lineage, certificates, assessments, trades.",
      params: idParams,
      response: { 200: verificationBody, 400: errorBody, 404: errorBody, 502: errorBody, 503: errorBody },
    },
  }, async (request, reply) => {
    try {
      const report = await run(request.params.id);
      return {
        productId: Number(report.productId), registrationNumber: report.registrationNumber, blockNumber: report.blockNumber, passed: report.passed,
        checks: report.checks.map(({ id, passed, detail }) => ({ id, passed, detail })),
      };
    } catch (error) {
      const { statusCode, body } = failure(error);
      return reply.code(statusCode).send(body);
    }
  });

  app.get("/products/:id/prov", {
    schema: {
      summary: "A product's provenance as W3C PROV-JSON (a download)",
      description: "The PROV-JSON `datarights verify --prov` writes, read from the chain: products, certificates and assessments as entities; registrations, assessments and trades as activities.",
      params: idParams,
      response: { 200: z.record(z.string(), z.unknown()).describe("PROV-JSON"), 400: errorBody, 404: errorBody, 502: errorBody, 503: errorBody },
    },
  }, async (request, reply) => {
    try {
      const report = await run(request.params.id);
      const document = JSON.parse(JSON.stringify(toProvJson(report), (_key, value: unknown) => (typeof value === "bigint" ? value.toString() : value))) as Record<string, unknown>;
      return reply.header("content-disposition", `attachment; filename="product-${request.params.id}.prov.json"`).send(document);
    } catch (error) {
      const { statusCode, body } = failure(error);
      return reply.code(statusCode).send(body);
    }
  });
};
