import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/**
 * The API's answers cache: an answer of a route that reads only the mirror is kept under its URL
 * with the checkpoint generation it was computed at (the activity hub's: it changes with every
 * new checkpoint block or hash, a reorganisation included), and served again while the
 * generation is unchanged. Any new block makes every older answer a miss.
 *
 * Correctness first: a request is answered from the cache only at the generation of a
 * checkpoint read that began after the request arrived (`freshGeneration`), so once the mirror
 * has committed a block, no request made afterwards gets an answer from before it. That read is
 * one small query shared by every request that arrives while the previous one is in flight: a
 * hit costs no query of its own, a burst of 32 costs one. An answer is stored only if the
 * generation did not change while it was computed; one that read a block the hub had not yet
 * seen is labelled with the older generation, and so dropped at the next read, never served late.
 */

export interface ResponseCacheOptions {
  /** The current checkpoint generation, as last read; 0 means unknown (nothing is cached). */
  generation: () => number;
  /** The generation read after the request arrived (shared by concurrent requests). */
  freshGeneration: () => Promise<number>;
  /** Routes (as declared, e.g. "/products/:id") whose answers depend only on the mirror. */
  routes: ReadonlySet<string>;
  /** Most answers kept (least recently used dropped first; 2,000). */
  maxEntries?: number;
  /** Largest answer kept, in bytes (1 MiB). */
  maxBytes?: number;
}

interface Entry {
  generation: number;
  payload: string;
  contentType: string;
}

export interface ResponseCache {
  readonly size: number;
  hits: number;
  misses: number;
  clear(): void;
}

declare module "fastify" {
  interface FastifyRequest {
    /** The generation a cacheable request started at (undefined: not cacheable). */
    cacheGeneration?: number;
  }
}

/** Adds the cache's hooks to `app` (before its routes are declared). */
export function registerResponseCache(app: FastifyInstance, options: ResponseCacheOptions): ResponseCache {
  const entries = new Map<string, Entry>();
  const maxEntries = options.maxEntries ?? 2_000;
  const maxBytes = options.maxBytes ?? 1 << 20;
  const cache: ResponseCache = {
    get size() {
      return entries.size;
    },
    hits: 0,
    misses: 0,
    clear: () => entries.clear(),
  };

  const cacheable = (request: FastifyRequest): boolean => request.method === "GET" && options.routes.has(request.routeOptions.url ?? "");

  app.addHook("onRequest", async (request: FastifyRequest, reply: FastifyReply) => {
    if (!cacheable(request)) return;
    let generation: number;
    try {
      generation = await options.freshGeneration();
    } catch {
      // The checkpoint could not be read: answer from the database (which says what is wrong).
      return;
    }
    if (generation === 0) return;
    const entry = entries.get(request.url);
    if (entry && entry.generation === generation) {
      cache.hits += 1;
      // Most recently used last.
      entries.delete(request.url);
      entries.set(request.url, entry);
      return reply.code(200).header("content-type", entry.contentType).header("x-cache", "hit").send(entry.payload);
    }
    if (entry) entries.delete(request.url);
    cache.misses += 1;
    request.cacheGeneration = generation;
  });

  app.addHook("onSend", async (request: FastifyRequest, reply: FastifyReply, payload: unknown) => {
    const generation = request.cacheGeneration;
    if (generation === undefined || reply.statusCode !== 200 || typeof payload !== "string" || payload.length > maxBytes) return payload;
    if (generation !== options.generation()) return payload;
    entries.set(request.url, { generation, payload, contentType: String(reply.getHeader("content-type") ?? "application/json; charset=utf-8") });
    while (entries.size > maxEntries) entries.delete(entries.keys().next().value as string);
    reply.header("x-cache", "miss");
    return payload;
  });

  return cache;
}
