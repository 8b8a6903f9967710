import type { ServerResponse } from "node:http";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ACTIVITY_KINDS, activityFrame, comparePositions, positionOf } from "../activity";
import type { Activity, ActivityHub, LogPosition } from "../activity";
import { errorBody, logCursor, logCursorText } from "../schemas";

/** The activity feed: `GET /events` (server-sent events, pushed by the hub's one poller) and `GET /activity` (the same items as JSON pages). */

const time = z.string().describe("ISO 8601 time (UTC)");

export const activityBody = z.object({
  id: z.string().describe("<block>:<logIndex>: the event's position, and the SSE id"),
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
  before: logCursor.optional().describe("nextCursor of the previous page: <block>:<logIndex>"),
});

const eventsHeaders = z.object({
  "last-event-id": logCursor.optional().describe("the id of the last event received: the stream resumes after it"),
});

export interface ActivityRoutesOptions {
  hub: ActivityHub;
}

/** How many stored activities one read of a resuming stream takes. */
const RESUME_CHUNK = 500;

export const activityRoutes: FastifyPluginAsyncZod<ActivityRoutesOptions> = async (app, { hub }) => {
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
        "A text/event-stream of `event: activity` messages (`id: <block>:<logIndex>`, `data:` an Activity as JSON), in chain order: on connect the last 50 " +
        "activities (oldest first), or every activity after the Last-Event-ID header, then each new one as soon as the mirror's checkpoint moves past its block. " +
        "A reorganisation of the chain sends `event: reorg` with `data: {\"fromBlock\": n}`: activities of blocks from n on are void (their replacements follow). " +
        "Comment lines every 15 s keep the stream open.",
      headers: eventsHeaders,
      response: { 400: errorBody },
    },
  }, async (request, reply) => {
    const resumeAfter = request.headers["last-event-id"] as LogPosition | undefined;
    reply.hijack();
    const stream = reply.raw;
    stream.writeHead(200, {
      "content-type": "text/event-stream; charset=utf-8", "cache-control": "no-cache, no-transform", connection: "keep-alive", "x-accel-buffering": "no",
    });
    stream.write("retry: 2000\n\n");
    streams.add(stream);
    let last: LogPosition | undefined = resumeAfter;
    const write = (frame: string) => {
      if (!stream.destroyed && !stream.writableEnded) stream.write(frame);
    };
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
        for (;;) {
          const chunk = await hub.since(last!, RESUME_CHUNK);
          for (const activity of chunk) deliver(activity, activityFrame(activity));
          if (chunk.length < RESUME_CHUNK) break;
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
      response: { 200: z.object({ items: z.array(activityBody), nextCursor: logCursorText.nullable() }), 400: errorBody },
    },
  }, async (request) => {
    const { limit, before } = request.query;
    if (hub.checkpoint < 0) return { items: [], nextCursor: null };
    const rows = await hub.read({ before, toBlock: hub.checkpoint, limit: limit + 1 });
    const items = rows.slice(0, limit);
    return { items, nextCursor: rows.length > limit ? items[items.length - 1].id : null };
  });
};
