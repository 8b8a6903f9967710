import type { FastifyInstance, FastifyReply, FastifyRequest } from "fastify";

/**
 * The API's response cache: an answer of a route that reads only the mirror is kept under its
 * URL together with the checkpoint generation it was computed at (the activity hub's, which the
 * hub's one poller keeps in memory), and served again while the generation is unchanged. A hit
 * does no database I/O; any new block (or a reorganisation) changes the generation, and every
 * answer computed before it is dropped on its next lookup.
 *
 * An answer is stored only when the generation did not change while it was computed. The
 * database may move ahead of the poller between two polls, so an answer can reflect a block the
 * hub has not seen yet; it is then dropped at the next poll, as the hub's generation moves on.
 * So no answer is served past the poll that sees its checkpoint superseded (≤ one poll interval,
 * 200 ms by default, after the mirror committed the block).
 */

export interface ResponseCacheOptions {
  /** The current checkpoint generation; 0 means unknown (nothing is cached). */
  generation: () => number;
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
    const generation = options.generation();
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
