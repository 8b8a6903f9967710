import type { ServerResponse } from "node:http";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ACTIVITY_KINDS, ID_HASH_DIGITS, activityFrame, comparePositions, positionOf } from "../activity";
import type { Activity, ActivityHub, LogPosition } from "../activity";
import { activityCursor, errorBody } from "../schemas";

/** The activity feed: `GET /events` (server-sent events, pushed by the hub's one poller) and `GET /activity` (the same items as JSON pages). */

const time = z.string().describe("ISO 8601 time (UTC)");

export const activityBody = z.object({
  id: z.string().describe("<block>:<logIndex>:<hash>: the event's position and the first 8 hex digits of its block's hash; the SSE id"),
  kind: z.enum(ACTIVITY_KINDS),
  event: z.string().describe("the contract event, e.g. ProductRegistered, TradeConfirmed"),
  blockNumber: z.number(),
  logIndex: z.number(),
  transactionHash: z.string(),
  at: time.describe("the block's time"),
  productId: z.number().nullable(),
  tradeId: z.number().nullable(),
  certificateId: z.number().nullable(),
  account: z.string().nullable().describe("the participant the act is by or about"),
  status: z.string().nullable().describe("the status the act leads to, when it changes one"),
  summary: z.string().describe("one English line"),
}).meta({ id: "Activity" });

const activityQuery = z.strictObject({
  limit: z.coerce.number().int("must be a whole number").min(1).max(100).default(20).describe("page size, 1-100"),
  before: activityCursor.optional().describe("nextCursor of the previous page: an activity's id, <block>:<logIndex>:<hash>"),
});

const eventsHeaders = z.object({
  "last-event-id": activityCursor.optional().describe("the id of the last event received: the stream resumes after it"),
});

export interface ActivityRoutesOptions {
  hub: ActivityHub;
  /** Open event streams at most (1,000): a stream asked for beyond them is answered 503. */
  maxStreams?: number;
  /** Bytes a stream may hold unsent (1 MiB): a client that reads slower is disconnected. */
  maxBufferedBytes?: number;
  /** Activities a resuming stream replays at most (500). */
  resumeLimit?: number;
  /** The deepest reorganisation the mirror's listener follows (blocks; 64, its REORG_WINDOW). */
  reorgWindow?: number;
}

/** The `event: reorg` frame: activities of blocks from `fromBlock` on are void. */
const reorgFrame = (fromBlock: number): string => `event: reorg\ndata: ${JSON.stringify({ fromBlock })}\n\n`;

export const activityRoutes: FastifyPluginAsyncZod<ActivityRoutesOptions> = async (app, options) => {
  const { hub } = options;
  const maxStreams = options.maxStreams ?? 1_000;
  const maxBufferedBytes = options.maxBufferedBytes ?? 1_048_576;
  const resumeLimit = options.resumeLimit ?? 500;
  const reorgWindow = options.reorgWindow ?? 64;
  const streams = new Set<ServerResponse>();
  // Open streams would keep the server from closing.
  app.addHook("preClose", async () => {
    for (const stream of streams) stream.end();
    streams.clear();
  });

  app.get("/events", {
    schema: {
      summary: "The activity feed as server-sent events",
      description:
        "A text/event-stream of `event: activity` messages (`id:` the activity's id, `<block>:<logIndex>:<hash>` with the first 8 hex digits of its block's hash; " +
        "`data:` an Activity as JSON), in chain order: on connect the last 50 activities (oldest first), or the activities after the Last-Event-ID header, " +
        "then each new one as soon as the mirror's checkpoint moves past its block. " +
        "A reorganisation of the chain sends `event: reorg` with `data: {\"fromBlock\": n}`: activities of blocks from n on are void (their replacements follow, with new ids). " +
        `A Last-Event-ID whose block is no longer the mirror's (a branch reorganised away) is answered with \`event: reorg\` first, n reaching back by the listener's reorganisation window (${reorgWindow} blocks), then the activities from n on. ` +
        `At most the last ${resumeLimit} activities are replayed: when more followed the Last-Event-ID, \`event: gap\` with \`data: {"after": <that id>, "resumesAt": <the first replayed id>}\` comes first ` +
        "(what lay between is not sent: read it from GET /activity). " +
        `At most ${maxStreams} streams are open at once (beyond them: 503), and a client that lets more than ${maxBufferedBytes} bytes wait unread is disconnected. ` +
        "Comment lines every 15 s keep the stream open.",
      headers: eventsHeaders,
      response: { 400: errorBody, 503: errorBody },
    },
  }, async (request, reply) => {
    if (streams.size >= maxStreams) {
      return reply.code(503).header("retry-after", "10")
        .send({ statusCode: 503, error: "Service Unavailable", message: `too many open event streams (${maxStreams}): try again later` });
    }
    const resumeAfter = request.headers["last-event-id"] as (LogPosition & { hash?: string }) | undefined;
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no",
    });
    streams.add(stream);
    let last: LogPosition | undefined = resumeAfter && { block: resumeAfter.block, logIndex: resumeAfter.logIndex };
    const write = (frame: string) => {
      if (stream.destroyed || stream.writableEnded) return;
      // A stalled client must not make this process hold its stream without bound.
      if (!stream.write(frame) && stream.writableLength > maxBufferedBytes) {
        request.log.warn(`an event stream's client left ${stream.writableLength} bytes unread: disconnected`);
        stream.destroy();
      }
    };
    write("retry: 2000\n\n");
    const deliver = (activity: Activity, frame: string) => {
      const position = positionOf(activity);
      if (last && comparePositions(position, last) <= 0) return;
      last = position;
      write(frame);
    };
    const rewound = (fromBlock: number, frame: string) => {
      if (last && last.block >= fromBlock) last = { block: fromBlock - 1, logIndex: Number.MAX_SAFE_INTEGER };
      write(frame);
    };
    // What arrives while the backlog is read waits behind it.
    let queued: (() => void)[] | undefined = [];
    const unsubscribe = hub.subscribe({
      activity: (activity, frame) => (queued ? queued.push(() => deliver(activity, frame)) : deliver(activity, frame)),
      reorg: (fromBlock, frame) => (queued ? queued.push(() => rewound(fromBlock, frame)) : rewound(fromBlock, frame)),
      heartbeat: (frame) => write(frame),
    });
    const close = () => {
      unsubscribe();
      streams.delete(stream);
    };
    request.raw.once("close", close);
    stream.once("close", close);
    try {
      if (resumeAfter) {
        // An id of a block the mirror no longer holds (or holds with another hash) came from a
        // branch reorganised away: the client's activities from the fork on are void. The fork
        // is within the listener's window below that block.
        if (resumeAfter.hash !== undefined) {
          const hash = await hub.blockHash(resumeAfter.block);
          if (hash === null || hash.slice(2, 2 + ID_HASH_DIGITS).toLowerCase() !== resumeAfter.hash) {
            const fromBlock = Math.max(0, resumeAfter.block - reorgWindow);
            last = { block: fromBlock - 1, logIndex: Number.MAX_SAFE_INTEGER };
            write(reorgFrame(fromBlock));
          }
        }
        const after = last!;
        const chunk = await hub.since(after, resumeLimit + 1);
        if (chunk.length <= resumeLimit) {
          for (const activity of chunk) deliver(activity, activityFrame(activity));
        } else {
          // Too far behind: the newest `resumeLimit` activities, after a notice of the gap.
          const newest = (await hub.read({ toBlock: hub.checkpoint, limit: resumeLimit })).reverse();
          if (newest.length > 0) {
            write(`event: gap\ndata: ${JSON.stringify({ after: request.raw.headers["last-event-id"], resumesAt: newest[0].id })}\n\n`);
            last = { block: newest[0].blockNumber, logIndex: newest[0].logIndex - 1 };
          }
          for (const activity of newest) deliver(activity, activityFrame(activity));
        }
      } else {
        for (const activity of hub.recent()) deliver(activity, activityFrame(activity));
      }
    } catch (error) {
      write(`event: error\ndata: ${JSON.stringify({ message: `reading the activity feed failed: ${(error as Error).message.split("\n")[0]}` })}\n\n`);
      stream.end();
      return;
    }
    for (const run of queued) run();
    queued = undefined;
  });

  app.get("/activity", {
    schema: {
      summary: "The activity feed, newest first",
      description: "The items GET /events streams, as pages: up to the mirror's checkpoint as the API last read it.",
      querystring: activityQuery,
      response: { 200: z.object({ items: z.array(activityBody), nextCursor: z.string().nullable().describe("the page's last item's id, for `before`") }), 400: errorBody },
    },
  }, async (request) => {
    const { limit, before: cursor } = request.query;
    const before = cursor && { block: cursor.block, logIndex: cursor.logIndex };
    if (hub.checkpoint < 0) return { items: [], nextCursor: null };
    const rows = await hub.read({ before, toBlock: hub.checkpoint, limit: limit + 1 });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  });
};
