import { connect } from "node:net";
import type { Socket } from "node:net";
import { expect } from "chai";
import Fastify from "fastify";
import type { FastifyInstance } from "fastify";
import { serializerCompiler, validatorCompiler } from "fastify-type-provider-zod";
import type { ZodTypeProvider } from "fastify-type-provider-zod";
import { activityId, comparePositions, positionOf } from "../../src/api/activity";
import type { Activity, ActivityHub, ActivitySubscriber } from "../../src/api/activity";
import { activityRoutes } from "../../src/api/routes/activity";
import type { ActivityRoutesOptions } from "../../src/api/routes/activity";
import { connectSse } from "./sse";
import type { SseClient } from "./sse";

/** The block hash the fake chain gives block `n`. */
const hashOf = (block: number): string => `0x${block.toString(16).padStart(8, "0")}${"ab".repeat(28)}`;

/**
 * An activity hub over a made-up feed of `count` activities, one per block (blocks 1..count),
 * for GET /events' limits without a chain.
 */
function fakeHub(count: number) {
  const activities: Activity[] = Array.from({ length: count }, (_, index) => {
    const block = index + 1;
    return {
      id: activityId(block, 0, hashOf(block)), kind: "participant", event: "ParticipantApplied", blockNumber: block, logIndex: 0,
      transactionHash: `0x${"00".repeat(32)}`, at: new Date(block * 1000).toISOString(), productId: null, tradeId: null, certificateId: null,
      account: null, status: "Pending", summary: `activity ${block}`,
    };
  });
  const subscribers = new Set<ActivitySubscriber>();
  const hub: ActivityHub = {
    generation: 1,
    checkpoint: count,
    recent: () => activities.slice(-50),
    position: () => (activities.length ? positionOf(activities[activities.length - 1]) : undefined),
    subscribe(subscriber) {
      subscribers.add(subscriber);
      return () => {
        subscribers.delete(subscriber);
      };
    },
    subscribers: () => subscribers.size,
    since: async (after, limit) => activities.filter((item) => comparePositions(positionOf(item), after) > 0).slice(0, limit),
    read: async ({ toBlock, limit }) => activities.filter((item) => toBlock === undefined || item.blockNumber <= toBlock).reverse().slice(0, limit),
    blockHash: async (number) => (number >= 1 && number <= count ? hashOf(number) : null),
    poll: async () => undefined,
    freshGeneration: async () => 1,
    start: async () => undefined,
    stop: async () => undefined,
  };
  return { hub, activities, subscribers };
}

async function serve(hub: ActivityHub, options: Omit<ActivityRoutesOptions, "hub"> = {}): Promise<{ app: FastifyInstance; url: string }> {
  const app = Fastify().withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  await app.register(activityRoutes, { ...options, hub });
  const url = await app.listen({ host: "127.0.0.1", port: 0 });
  return { app, url };
}

async function until(test: () => boolean | Promise<boolean>, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await test())) {
    if (Date.now() > deadline) throw new Error(`${what}: not within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe("GET /events' limits (a made-up feed)", function () {
  this.timeout(60_000);
  let app: FastifyInstance | undefined;
  const clients: SseClient[] = [];
  afterEach(async () => {
    for (const client of clients.splice(0)) client.close();
    await app?.close();
    app = undefined;
  });

  it("answers 503 beyond the open streams' cap, and takes a stream again once one closes", async () => {
    const { hub, subscribers } = fakeHub(10);
    let url: string;
    ({ app, url } = await serve(hub, { maxStreams: 2 }));
    for (let index = 0; index < 2; index++) {
      const client = await connectSse(`${url}/events`);
      clients.push(client);
      expect(client.status).to.equal(200);
    }
    const refused = await fetch(`${url}/events`);
    expect(refused.status).to.equal(503);
    expect(((await refused.json()) as { message: string }).message).to.equal("too many open event streams (2): try again later");
    expect(subscribers.size).to.equal(2);

    clients.shift()!.close();
    await until(() => subscribers.size === 1, "the closed stream let go");
    const again = await connectSse(`${url}/events`);
    clients.push(again);
    expect(again.status).to.equal(200);
  });

  it("replays at most the last 500 activities after an old Last-Event-ID, after a gap notice", async () => {
    const { hub, activities } = fakeHub(1_200);
    let url: string;
    ({ app, url } = await serve(hub));
    const old = activities[9];
    const resumed = await connectSse(`${url}/events`, { "last-event-id": old.id });
    clients.push(resumed);
    await resumed.waitFor(() => resumed.events.length >= 501, "the gap and the replay");
    const [gap, ...replayed] = resumed.events;
    expect(gap.event).to.equal("gap");
    expect(JSON.parse(gap.data)).to.deep.equal({ after: old.id, resumesAt: activities[700].id });
    expect(replayed.map((event) => event.id)).to.deep.equal(activities.slice(700).map((item) => item.id));

    // Exactly 500 behind: every one of them, no gap.
    const near = await connectSse(`${url}/events`, { "last-event-id": activities[699].id });
    clients.push(near);
    await near.waitFor(() => near.events.length >= 500, "the replay");
    expect(near.events.map((event) => event.event)).to.not.include("gap");
    expect(near.events.map((event) => event.id)).to.deep.equal(activities.slice(700).map((item) => item.id));
  });

  it("sends a reorg before replaying when the Last-Event-ID's block hash is not the mirror's", async () => {
    const { hub, activities } = fakeHub(300);
    let url: string;
    ({ app, url } = await serve(hub, { reorgWindow: 10 }));
    const stale = `250:0:${"deadbeef"}`;
    const resumed = await connectSse(`${url}/events`, { "last-event-id": stale });
    clients.push(resumed);
    await resumed.waitFor(() => resumed.events.length >= 1 + 300 - 239, "the reorg and the replay");
    expect(resumed.events[0]).to.deep.include({ event: "reorg" });
    expect(JSON.parse(resumed.events[0].data)).to.deep.equal({ fromBlock: 240 });
    expect(resumed.events.slice(1).map((event) => event.id)).to.deep.equal(activities.slice(239).map((item) => item.id));

    // A block the mirror lacks is a discarded branch's too; the right hash resumes plainly.
    const beyond = await connectSse(`${url}/events`, { "last-event-id": `305:0:${"deadbeef"}` });
    clients.push(beyond);
    const reorg = await beyond.waitFor((event) => event.event === "reorg", "the reorg");
    expect(JSON.parse(reorg.data)).to.deep.equal({ fromBlock: 295 });
    const kept = await connectSse(`${url}/events`, { "last-event-id": activities[295].id });
    clients.push(kept);
    await kept.waitFor(() => kept.events.length >= 4, "the replay");
    expect(kept.events.map((event) => event.id)).to.deep.equal(activities.slice(296).map((item) => item.id));
  });

  it("disconnects a client that stops reading once its unsent bytes pass the bound", async () => {
    const { hub, subscribers } = fakeHub(10);
    let url: string;
    ({ app, url } = await serve(hub, { maxBufferedBytes: 65_536 }));
    const { port } = new URL(url);
    const socket: Socket = connect(Number(port), "127.0.0.1");
    socket.pause();
    socket.write("GET /events HTTP/1.1\r\nHost: localhost\r\nAccept: text/event-stream\r\n\r\n");
    try {
      await until(() => subscribers.size === 1, "the stalled client's stream");
      const frame = `: ${"x".repeat(262_144)}\n\n`;
      // 64 MiB in all, far more than the sockets' buffers hold.
      for (let round = 0; round < 256 && subscribers.size > 0; round++) {
        for (const subscriber of [...subscribers]) subscriber.heartbeat(frame);
        await new Promise((resolve) => setImmediate(resolve));
      }
      await until(() => subscribers.size === 0, "the stalled stream ended");
    } finally {
      socket.destroy();
    }
  });
});
