import { createServer } from "node:http";
import type { IncomingMessage, ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { expect } from "chai";
import { isError } from "ethers";
import { connectProvider } from "../../src/sdk/chain";
import { JsonRpcError, RpcAnswerError, RpcUnavailableError, createTransport } from "../../src/sdk/transport";
import type { RpcCounter } from "../../src/sdk/transport";

/** One JSON-RPC call as the double received it. */
interface Call {
  jsonrpc?: unknown;
  id?: unknown;
  method?: unknown;
  params?: unknown;
}

/** What the double does with one HTTP request: answer it (the default JSON-RPC node), or misbehave. */
type Handler = (body: Call | Call[], request: IncomingMessage, response: ServerResponse, post: number) => void;

interface Double {
  url: string;
  /** The parsed body of every POST received, in order. */
  posts: (Call | Call[])[];
  handle: Handler;
  close(): Promise<void>;
}

/** A node's answer to one call: `echo` returns its params, `fail` a JSON-RPC error with data. */
function answer(call: Call): object {
  if (call.method === "fail") return { jsonrpc: "2.0", id: call.id, error: { code: 3, message: "execution reverted", data: "0x12345678" } };
  return { jsonrpc: "2.0", id: call.id, result: { method: call.method, params: call.params } };
}

function reply(response: ServerResponse, status: number, body: unknown): void {
  response.writeHead(status, { "content-type": "application/json" });
  response.end(typeof body === "string" ? body : JSON.stringify(body));
}

/** Answers a batch with its answers in reverse order, as a node may: only ids tie them to the calls. */
const node: Handler = (body, _request, response) => reply(response, 200, Array.isArray(body) ? body.map(answer).reverse() : answer(body));

/** A JSON-RPC node on 127.0.0.1 whose behaviour each test sets with `handle`. */
async function startDouble(): Promise<Double> {
  const double: Double = { url: "", posts: [], handle: node, close: async () => undefined };
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      const body = JSON.parse(Buffer.concat(chunks).toString("utf8")) as Call | Call[];
      double.posts.push(body);
      double.handle(body, request, response, double.posts.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  double.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  double.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return double;
}

/** The error `promise` rejects with; fails the test if it resolves. */
async function rejection(promise: Promise<unknown>): Promise<Error> {
  return promise.then(
    () => expect.fail("expected a rejection"),
    (reason: unknown) => {
      expect(reason).to.be.instanceOf(Error);
      return reason as Error;
    },
  );
}

const calls = (count: number) => Array.from({ length: count }, (_, index) => ({ method: `m${index}`, params: [index] }));

describe("the JSON-RPC transport (src/sdk/transport)", function () {
  let double: Double;
  beforeEach(async () => {
    double = await startDouble();
  });
  afterEach(async () => double.close());

  describe("batching", function () {
    it("sends several calls in one POST with distinct ids and returns their results in call order, whatever the answer's order", async () => {
      const transport = createTransport(double.url);
      const outcomes = await transport.batch(calls(3));
      expect(outcomes).to.deep.equal([0, 1, 2].map((index) => ({ ok: true, result: { method: `m${index}`, params: [index] } })));
      expect(double.posts).to.have.length(1);
      const sent = double.posts[0] as Call[];
      expect(sent.map((call) => call.method)).to.deep.equal(["m0", "m1", "m2"]);
      expect(new Set(sent.map((call) => call.id)).size).to.equal(3);
      expect(sent.every((call) => call.jsonrpc === "2.0")).to.equal(true);
      transport.close();
    });

    it("cuts a batch into chunks of maxBatch, a lone call sent as a plain request, and keeps the order across chunks", async () => {
      const transport = createTransport(double.url, { maxBatch: 2 });
      const outcomes = await transport.batch<{ method: string }>(calls(5));
      expect(outcomes.map((outcome) => outcome.ok && outcome.result.method)).to.deep.equal(["m0", "m1", "m2", "m3", "m4"]);
      const shapes = double.posts.map((body) => (Array.isArray(body) ? body.map((call) => call.method) : body.method));
      expect(shapes).to.have.deep.members([["m0", "m1"], ["m2", "m3"], "m4"]);
      transport.close();
    });

    it("keeps each call's JSON-RPC error in its place, code, message and data as the node sent them", async () => {
      const transport = createTransport(double.url);
      const outcomes = await transport.batch([{ method: "echo" }, { method: "fail" }, { method: "echo" }]);
      expect(outcomes.map((outcome) => outcome.ok)).to.deep.equal([true, false, true]);
      expect(outcomes[1]).to.deep.equal({ ok: false, error: { code: 3, message: "execution reverted", data: "0x12345678" } });
      transport.close();
    });

    it("refuses an answer that leaves a call of the batch unanswered", async () => {
      double.handle = (body, _request, response) => reply(response, 200, (body as Call[]).slice(1).map(answer));
      const error = await rejection(createTransport(double.url).batch(calls(3)));
      expect(error).to.be.instanceOf(RpcAnswerError);
      expect(error.message).to.equal(`the node at ${double.url} answered a batch of 3 m0 with no answer to call 0 (m0)`);
    });

    it("reports a node that refuses the whole batch with one error object as that JSON-RPC error", async () => {
      double.handle = (_body, _request, response) =>
        reply(response, 200, { jsonrpc: "2.0", id: null, error: { code: -32005, message: "Number of requests exceeds max batch size" } });
      const error = await rejection(createTransport(double.url).batch(calls(2)));
      expect(error).to.be.instanceOf(JsonRpcError);
      expect((error as JsonRpcError).code).to.equal(-32005);
      expect(double.posts).to.have.length(1);
    });
  });

  describe("retries", function () {
    it("retries an HTTP 503 and answers once the node does", async () => {
      double.handle = (body, request, response, post) => (post <= 2 ? reply(response, 503, "busy") : node(body, request, response, post));
      const transport = createTransport(double.url, { retries: 2, retryDelayMs: 1 });
      expect(await transport.request("echo", [7])).to.deep.equal({ method: "echo", params: [7] });
      expect(double.posts).to.have.length(3);
      transport.close();
    });

    it("retries a connection the node resets, and answers once it does not", async () => {
      double.handle = (body, request, response, post) => (post === 1 ? request.socket.destroy() : node(body, request, response, post));
      const transport = createTransport(double.url, { retries: 1, retryDelayMs: 1 });
      expect(await transport.request("echo")).to.deep.equal({ method: "echo", params: [] });
      expect(double.posts).to.have.length(2);
      transport.close();
    });

    it("gives up after the configured retries with a one-line RpcUnavailableError naming the URL and the status", async () => {
      double.handle = (_body, _request, response) => reply(response, 429, "slow down");
      const error = await rejection(createTransport(double.url, { retries: 3, retryDelayMs: 1 }).request("eth_blockNumber"));
      expect(error).to.be.instanceOf(RpcUnavailableError);
      expect(error.message).to.equal(`the node at ${double.url} answered eth_blockNumber with HTTP 429 Too Many Requests (4 attempts)`);
      expect((error as RpcUnavailableError).details).to.include({ status: 429, attempts: 4 });
      expect(double.posts).to.have.length(4);
    });

    it("never retries a JSON-RPC error answer: request throws it with code, message and data as sent", async () => {
      const transport = createTransport(double.url, { retries: 3, retryDelayMs: 1 });
      const error = await rejection(transport.request("fail"));
      expect(error).to.be.instanceOf(JsonRpcError);
      const { code, data, message } = error as JsonRpcError;
      expect({ code, data, message }).to.deep.equal({ code: 3, data: "0x12345678", message: `fail failed at ${double.url}: execution reverted` });
      expect((error as JsonRpcError).error).to.deep.equal({ code: 3, message: "execution reverted", data: "0x12345678" });
      expect(double.posts).to.have.length(1);
      transport.close();
    });

    it("never retries an HTTP 4xx that carries no JSON-RPC answer", async () => {
      double.handle = (_body, _request, response) => reply(response, 404, "<html>not here</html>");
      const error = await rejection(createTransport(double.url, { retries: 3, retryDelayMs: 1 }).request("eth_chainId"));
      expect(error).to.be.instanceOf(RpcAnswerError);
      expect(error.message).to.equal(`the node at ${double.url} answered eth_chainId with HTTP 404 Not Found`);
      expect(double.posts).to.have.length(1);
    });

    it("does not send a write again after a failure the node may have processed it through", async () => {
      double.handle = (_body, _request, response) => reply(response, 503, "busy");
      const transport = createTransport(double.url, { retries: 3, retryDelayMs: 1 });
      const error = await rejection(transport.request("eth_sendRawTransaction", ["0x00"], { idempotent: false }));
      expect(error).to.be.instanceOf(RpcUnavailableError);
      expect(double.posts).to.have.length(1);
      transport.close();
    });

    it("retries a refused connection, even for a write, and says which URL refused it", async () => {
      const url = double.url;
      await double.close();
      const counter: RpcCounter = { httpRequests: 0, calls: 0 };
      const error = await rejection(createTransport(url, { retries: 2, retryDelayMs: 1, counter }).request("perm_add", [], { idempotent: false }));
      expect(error).to.be.instanceOf(RpcUnavailableError);
      const { port } = new URL(url);
      expect(error.message).to.equal(`the node at ${url} did not answer perm_add: connect ECONNREFUSED 127.0.0.1:${port} (3 attempts)`);
      expect((error as RpcUnavailableError).details).to.include({ code: "ECONNREFUSED", unsent: true, attempts: 3 });
      expect(counter).to.deep.equal({ httpRequests: 3, calls: 3 });
    });
  });

  describe("timeouts", function () {
    it("gives up on a node that does not answer in time, in one line naming the URL", async () => {
      double.handle = () => undefined;
      const error = await rejection(createTransport(double.url, { timeoutMs: 50, retries: 0 }).request("eth_getLogs", [{}]));
      expect(error).to.be.instanceOf(RpcUnavailableError);
      expect(error.message).to.equal(`the node at ${double.url} did not answer eth_getLogs: no answer within 50 ms`);
      expect(error.message).to.not.include("\n");
      expect((error as RpcUnavailableError).details.code).to.equal("ETIMEDOUT");
    });

    it("takes a call's own timeout over the transport's, and retries a timeout", async () => {
      double.handle = (body, request, response, post) => (post === 1 ? undefined : node(body, request, response, post));
      const transport = createTransport(double.url, { timeoutMs: 60_000, retries: 1, retryDelayMs: 1 });
      expect(await transport.request("echo", [], { timeoutMs: 50 })).to.deep.equal({ method: "echo", params: [] });
      expect(double.posts).to.have.length(2);
      transport.close();
    });
  });

  describe("counting and raw answers", function () {
    it("counts every HTTP request, retries included, and the calls each carried", async () => {
      let failed = false;
      double.handle = (body, request, response, post) => {
        if (!failed && Array.isArray(body)) {
          failed = true;
          return reply(response, 502, "bad gateway");
        }
        node(body, request, response, post);
      };
      const counter: RpcCounter = { httpRequests: 0, calls: 0 };
      const transport = createTransport(double.url, { maxBatch: 2, maxConcurrentChunks: 1, retryDelayMs: 1, counter });
      await transport.batch(calls(5));
      await transport.request("echo");
      // Chunks of 2, 2 and 1 (the first sent twice), then one call.
      expect(counter).to.deep.equal({ httpRequests: 5, calls: 8 });
      expect(double.posts).to.have.length(5);
      transport.close();
    });

    it("hands back a call's answer as the node's bytes, with the id it was sent with", async () => {
      const text = '{"jsonrpc":"2.0","id":1,"result":[ "kept as sent" ]}';
      double.handle = (_body, _request, response) => reply(response, 200, text);
      const transport = createTransport(double.url);
      const raw = await transport.sendRaw("eth_getLogs", [{ fromBlock: "0x0" }]);
      expect(raw.body.toString("utf8")).to.equal(text);
      expect(raw.status).to.equal(200);
      expect((double.posts[0] as Call).id).to.equal(raw.id);
      expect(transport.outcomeOf(JSON.parse(text), raw.id)).to.deep.equal({ ok: true, result: ["kept as sent"] });
      expect(transport.outcomeOf(JSON.parse(text), raw.id + 1)).to.equal(undefined);
      transport.close();
    });
  });

  describe("the SDK's ethers provider on the transport (connectProvider)", function () {
    beforeEach(() => {
      double.handle = (body, request, response, post) => {
        const one = (call: Call): object => {
          if (call.method === "eth_chainId") return { jsonrpc: "2.0", id: call.id, result: "0x7a69" };
          if (call.method === "eth_blockNumber") return { jsonrpc: "2.0", id: call.id, result: "0x2a" };
          return answer(call.method === "eth_call" ? { ...call, method: "fail" } : call);
        };
        void request;
        void post;
        reply(response, 200, Array.isArray(body) ? body.map(one).reverse() : one(body));
      };
    });

    it("answers through the transport, batching ethers' calls and counting them", async () => {
      const counter: RpcCounter = { httpRequests: 0, calls: 0 };
      const { provider, chainId } = await connectProvider(double.url, { chainId: 31337n }, counter);
      expect(chainId).to.equal(31337n);
      const numbers = await Promise.all([provider.getBlockNumber(), provider.getBlockNumber(), provider.send("eth_blockNumber", [])]);
      expect(numbers).to.deep.equal([42, 42, "0x2a"]);
      // The chain id request, then one batch of three calls.
      expect(counter).to.deep.equal({ httpRequests: 2, calls: 4 });
      expect(Array.isArray(double.posts[1]) && double.posts[1].length).to.equal(3);
      provider.destroy();
    });

    it("hands the node's revert data to ethers, which reports it as a call exception", async () => {
      const { provider } = await connectProvider(double.url);
      const error = await rejection(provider.call({ to: "0x00000000000000000000000000000000000000aa", data: "0x" }));
      expect(isError(error, "CALL_EXCEPTION"), String(error)).to.equal(true);
      expect((error as Error & { data?: string }).data).to.equal("0x12345678");
      provider.destroy();
    });

    it("refuses a node on another chain than expected, and one that cannot be reached, in one line", async () => {
      expect((await rejection(connectProvider(double.url, { chainId: 1n, source: "CHAIN_ID" }))).message).to.equal(
        `chain id mismatch: the RPC at ${double.url} is chain 31337, CHAIN_ID says 1`,
      );
      const url = double.url;
      await double.close();
      const { port } = new URL(url);
      expect((await rejection(connectProvider(url, {}, undefined, { retryDelayMs: 1 }))).message).to.equal(
        `cannot reach the RPC at ${url}: connect ECONNREFUSED 127.0.0.1:${port}`,
      );
    });
  });
});
