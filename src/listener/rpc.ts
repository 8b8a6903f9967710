import http from "node:http";
import https from "node:https";
import { LogSet, MalformedAnswerError, TruncatedAnswerError, scanLogsAnswer } from "./logs";

/**
 * A lean JSON-RPC client for the listener's hot path: raw `fetch`, plain parsed JSON, no
 * provider objects. Errors are split the way the listener acts on them: the node is away
 * (retry with backoff), the node refused a log range (shrink it), or the request is wrong
 * (stop and say so).
 */

export interface RpcRequest {
  method: string;
  params: readonly unknown[];
}

/** The node did not answer (connection refused, reset, timeout, HTTP 5xx or 429): retry later. */
export class RpcUnavailableError extends Error {
  override readonly name: string = "RpcUnavailableError";
}

/** The node answered with a JSON-RPC error. */
export class RpcError extends Error {
  override readonly name: string = "RpcError";
  constructor(
    message: string,
    readonly method: string,
    readonly code: number | undefined,
  ) {
    super(message);
  }
}

/** The node refused an eth_getLogs range (too many blocks or results): ask for a smaller one. */
export class RpcRangeError extends RpcError {
  override readonly name = "RpcRangeError";
}

const RANGE_REFUSAL = /range|too (many|large|big)|more than|exceed|limit|response size|result size/i;

/** The filter of an eth_getLogs call over a block range. */
export interface LogFilter {
  fromBlock: string;
  toBlock: string;
  address: readonly string[];
}

interface RpcResponse<Result> {
  id?: number;
  result?: Result;
  error?: { code?: number; message?: string };
}

export interface RpcClient {
  readonly url: string;
  call<Result>(method: string, params?: readonly unknown[]): Promise<Result>;
  /** Several calls in one JSON-RPC batch (one HTTP request); results in order. */
  batch<Result>(requests: readonly RpcRequest[]): Promise<Result[]>;
  /** eth_getLogs, its answer scanned from the bytes into a LogSet (no JSON objects). */
  getLogs(filter: LogFilter): Promise<LogSet>;
}

export interface RpcClientOptions {
  /** Per-request timeout (default 30 s: a large eth_getLogs answer takes a while). */
  timeoutMs?: number;
  /** Largest number of calls sent in one HTTP request. */
  maxBatch?: number;
}

export function createRpcClient(url: string, options: RpcClientOptions = {}): RpcClient {
  const timeoutMs = options.timeoutMs ?? 30_000;
  const maxBatch = options.maxBatch ?? 100;
  let nextId = 1;

  const transport = createTransport(url, timeoutMs);

  /** Sends `body`; the answer's status checked. */
  async function send(body: string, label: string): Promise<HttpAnswer> {
    const answer = await transport(body, label);
    if (answer.status >= 500 || answer.status === 429) throw new RpcUnavailableError(`the node at ${url} answered ${label} with HTTP ${answer.status}`);
    if (answer.status === 413) throw new RpcRangeError(`the node at ${url} refused ${label}: HTTP 413`, label, undefined);
    return answer;
  }

  async function post<Body>(body: string, label: string): Promise<Body> {
    const answer = await send(body, label);
    try {
      return JSON.parse(answer.body.toString("utf8")) as Body;
    } catch {
      throw new RpcError(`the node at ${url} answered ${label} with ${answer.ok ? "something that is not JSON" : `HTTP ${answer.status}`}`, label, undefined);
    }
  }

  function check<Result>(method: string, answer: RpcResponse<Result> | undefined): Result {
    if (!answer) throw new RpcError(`the node at ${url} left ${method} unanswered`, method, undefined);
    if (answer.error) {
      const message = answer.error.message ?? "unknown error";
      const ErrorType = method === "eth_getLogs" && (answer.error.code === -32005 || RANGE_REFUSAL.test(message)) ? RpcRangeError : RpcError;
      throw new ErrorType(`${method} failed at ${url}: ${message}`, method, answer.error.code);
    }
    return answer.result as Result;
  }

  return {
    url,
    async getLogs(filter: LogFilter): Promise<LogSet> {
      const id = nextId++;
      const label = "eth_getLogs";
      const answer = await send(JSON.stringify({ jsonrpc: "2.0", id, method: label, params: [filter] }), label);
      let scanned;
      try {
        scanned = scanLogsAnswer(answer.body);
      } catch (error) {
        if (error instanceof MalformedAnswerError || error instanceof TruncatedAnswerError) {
          throw new RpcError(`the node at ${url} answered ${label} ${answer.ok ? "with a malformed log" : `with HTTP ${answer.status}`}: ${error.message}`, label, undefined);
        }
        throw error;
      }
      if ("logs" in scanned) return scanned.logs;
      // An error, or an answer that is not a list of logs: judged as any other call's.
      const result = check<unknown>(label, scanned.answer as RpcResponse<unknown>);
      throw new RpcError(`the node at ${url} answered ${label} with ${JSON.stringify(result)?.slice(0, 100)}, not a list of logs`, label, undefined);
    },
    async call<Result>(method: string, params: readonly unknown[] = []): Promise<Result> {
      const id = nextId++;
      const answer = await post<RpcResponse<Result>>(JSON.stringify({ jsonrpc: "2.0", id, method, params }), method);
      return check(method, answer);
    },
    async batch<Result>(requests: readonly RpcRequest[]): Promise<Result[]> {
      const results: Result[] = [];
      for (let start = 0; start < requests.length; start += maxBatch) {
        const chunk = requests.slice(start, start + maxBatch);
        const firstId = nextId;
        nextId += chunk.length;
        const body = JSON.stringify(chunk.map((request, index) => ({ jsonrpc: "2.0", id: firstId + index, method: request.method, params: request.params })));
        const answers = await post<RpcResponse<Result>[] | RpcResponse<Result>>(body, `a batch of ${chunk.length} ${chunk[0].method}`);
        if (!Array.isArray(answers)) {
          // A node without batch support answers the batch with one error object.
          check(chunk[0].method, answers);
          throw new RpcError(`the node at ${url} does not answer JSON-RPC batches`, chunk[0].method, undefined);
        }
        const byId = new Map(answers.map((answer) => [answer.id, answer]));
        chunk.forEach((request, index) => results.push(check(request.method, byId.get(firstId + index))));
      }
      return results;
    },
  };
}

interface HttpAnswer {
  status: number;
  ok: boolean;
  body: Buffer;
}

/**
 * JSON-RPC over node:http(s) with a keep-alive agent. fetch (undici) costs several times the CPU
 * for the same bytes: every chunk of a large eth_getLogs answer goes through web streams.
 */
function createTransport(url: string, timeoutMs: number): (body: string, label: string) => Promise<HttpAnswer> {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new RpcError(`invalid node URL "${url}"`, "connect", undefined);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new RpcError(`the node URL ${url} is not http(s)`, "connect", undefined);
  const secure = target.protocol === "https:";
  const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const headers: Record<string, string> = { "content-type": "application/json" };
  if (target.username) headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString("base64")}`;
  const request = secure ? https.request : http.request;
  const options = {
    host: target.hostname.replace(/^\[|\]$/g, ""), port: target.port || (secure ? 443 : 80), path: `${target.pathname}${target.search}`, method: "POST", agent,
  };

  return (body, label) =>
    new Promise<HttpAnswer>((resolve, reject) => {
      let answered = false;
      const fail = (error: Error) => {
        const reason = (error as { code?: string }).code ?? error.message;
        reject(new RpcUnavailableError(answered ? `the node at ${url} broke off its answer to ${label}: ${reason}` : `the node at ${url} did not answer ${label}: ${reason}`));
      };
      const outgoing = request({ ...options, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (incoming) => {
        answered = true;
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => {
          if (!incoming.complete) return fail(new Error("the connection closed early"));
          const status = incoming.statusCode ?? 0;
          resolve({ status, ok: status >= 200 && status < 300, body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks) });
        });
        incoming.on("aborted", () => fail(new Error("the connection closed early")));
        incoming.on("error", fail);
      });
      outgoing.setTimeout(timeoutMs, () => outgoing.destroy(Object.assign(new Error(`no answer within ${timeoutMs} ms`), { code: "ETIMEDOUT" })));
      outgoing.on("error", fail);
      outgoing.end(body);
    });
}
