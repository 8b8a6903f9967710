import http from "node:http";
import https from "node:https";

/**
 * The one JSON-RPC 2.0 client over HTTP(S) that all off-chain code uses: the SDK's ethers
 * provider (chain.ts), the verifier's raw eth_call batches (batch.ts), the listener and the Besu
 * permissions sync. One place decides what is retried, how long a request may take, how calls
 * are batched and counted, and how failures are told apart:
 * - RpcUnavailableError: the node did not answer (connection refused or reset, timeout, HTTP 5xx
 *   or 429). Retried here with backoff; a caller that still gets it may retry later.
 * - JsonRpcError: the node answered with a JSON-RPC error object (a revert, an unknown method, a
 *   refused range), kept as sent. Never retried: the same request gets the same answer.
 * - RpcAnswerError: the node answered, but not with a JSON-RPC answer to the request (HTTP 4xx
 *   without one, not JSON, a batch left unanswered). Never retried: a configuration is wrong.
 * Every message is one line naming the URL. node:http with a keep-alive agent, not fetch: undici
 * costs several times the CPU for the same bytes (every chunk of a large eth_getLogs answer goes
 * through web streams), and the listener reads answers as bytes.
 */

/** Counts what a transport sends, for the benches: HTTP requests (retries included) and JSON-RPC calls in them. */
export interface RpcCounter {
  httpRequests: number;
  calls: number;
}

/** One JSON-RPC call: positional (or, rarely, named) params. */
export interface JsonRpcRequest {
  method: string;
  params?: readonly unknown[] | Readonly<Record<string, unknown>>;
}

/** A JSON-RPC 2.0 error object, as the node sent it. */
export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/**
 * The node's answer to one call: its result, or its error object. `Result` is what the caller
 * expects the node to return; it is not checked.
 */
export type JsonRpcOutcome<Result = unknown> = { ok: true; result: Result } | { ok: false; error: JsonRpcErrorObject };

export interface TransportOptions {
  /** Per HTTP request, the whole answer included (default 30 s: a large eth_getLogs answer takes a while). */
  timeoutMs?: number;
  /** Retries of a request that met a transport failure (default 2; 0 never retries). */
  retries?: number;
  /** First backoff; doubled at each retry, up to `maxRetryDelayMs` (defaults 100 ms and 2 s). */
  retryDelayMs?: number;
  maxRetryDelayMs?: number;
  /** Most calls sent in one HTTP request; larger batches are cut in chunks (default 100). */
  maxBatch?: number;
  /** Most chunks of one batch in flight at once (default 8). */
  maxConcurrentChunks?: number;
  /** Counts every HTTP request sent and the calls in it. */
  counter?: RpcCounter;
}

export interface SendOptions {
  /**
   * False for calls that change state (eth_sendRawTransaction, Besu's PERM add and remove): they
   * are retried only when the node certainly did not process them (connection refused, HTTP 429),
   * since a timed-out write may have been applied. Default true.
   */
  idempotent?: boolean;
  /** This call's timeout, instead of the transport's (a quick probe on a slow-read transport). */
  timeoutMs?: number;
}

/** An HTTP answer to one call, unparsed: for readers that scan the bytes themselves (the listener's eth_getLogs). */
export interface RawAnswer {
  /** The id the call was sent with. */
  id: number;
  status: number;
  statusText: string;
  body: Buffer;
}

/** A JSON-RPC endpoint. */
export interface JsonRpcTransport {
  readonly url: string;
  /** One call; its result. Throws JsonRpcError when the node answers with an error. */
  request<Result>(method: string, params?: JsonRpcRequest["params"], options?: SendOptions): Promise<Result>;
  /** One call; its result or the node's error object, which is returned, not thrown. */
  send<Result>(method: string, params?: JsonRpcRequest["params"], options?: SendOptions): Promise<JsonRpcOutcome<Result>>;
  /**
   * Several calls in JSON-RPC batches of at most `maxBatch` (one HTTP request each); their
   * outcomes in the order of `requests`, matched by id. A single call is sent as a plain request.
   */
  batch<Result>(requests: readonly JsonRpcRequest[], options?: SendOptions): Promise<JsonRpcOutcome<Result>[]>;
  /** One call, its answer as bytes; transport failures and HTTP 5xx and 429 are handled (and retried) as for any call. */
  sendRaw(method: string, params?: JsonRpcRequest["params"], options?: SendOptions): Promise<RawAnswer>;
  /**
   * The outcome a parsed answer to call `id` gives, or undefined when it is not a JSON-RPC
   * response to it: lets a byte-level reader judge the answers it does not scan itself.
   */
  outcomeOf(answer: unknown, id: number): JsonRpcOutcome | undefined;
  /** Closes the idle keep-alive connections. */
  close(): void;
}

/** Base of the transport's errors: which node, and what was asked of it. */
export class RpcTransportError extends Error {
  override readonly name: string = "RpcTransportError";
  constructor(
    message: string,
    readonly url: string,
    /** The method, or "a batch of N method". */
    readonly label: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/** The node did not answer (connection refused, reset, timeout, HTTP 5xx or 429): retry later. */
export class RpcUnavailableError extends RpcTransportError {
  override readonly name: string = "RpcUnavailableError";
  constructor(
    message: string,
    url: string,
    label: string,
    /** Why, without the URL: "connect ECONNREFUSED 127.0.0.1:8545", "no answer within 5000 ms", "HTTP 503 Service Unavailable". */
    readonly reason: string,
    readonly details: {
      /** The socket's error code (ECONNREFUSED, ECONNRESET…), ETIMEDOUT for the transport's own timeout. */
      code?: string;
      /** HTTP status, when the node answered with 5xx or 429. */
      status?: number;
      /** True when the node certainly did not process the request: the connection was refused, or HTTP 429. */
      unsent: boolean;
      /** How long the node asked to wait (Retry-After), in ms. */
      retryAfterMs?: number;
      /** HTTP requests made, retries included. */
      attempts: number;
    },
    options?: ErrorOptions,
  ) {
    super(message, url, label, options);
  }
}

/** The node answered with a JSON-RPC error object, kept as sent. */
export class JsonRpcError extends RpcTransportError {
  override readonly name: string = "JsonRpcError";
  readonly code: number;
  readonly data: unknown;
  constructor(
    url: string,
    label: string,
    /** The error object as the node sent it. */
    readonly error: JsonRpcErrorObject,
  ) {
    super(`${label} failed at ${url}: ${oneLine(error.message)}`, url, label);
    this.code = error.code;
    this.data = error.data;
  }
}

/** The node answered, but not with a JSON-RPC answer to the request (HTTP 4xx without one, not JSON, calls unanswered). */
export class RpcAnswerError extends RpcTransportError {
  override readonly name: string = "RpcAnswerError";
  constructor(
    message: string,
    url: string,
    label: string,
    /** The HTTP status of the answer. */
    readonly status: number,
    readonly statusText: string,
  ) {
    super(message, url, label);
  }
}

/** Socket errors that mean the request never reached the node, so even a write may be sent again. */
const UNSENT_CODES = new Set(["ECONNREFUSED", "ENOTFOUND", "EAI_AGAIN", "EHOSTUNREACH", "ENETUNREACH"]);

const DEFAULTS = {
  timeoutMs: 30_000, retries: 2, retryDelayMs: 100, maxRetryDelayMs: 2_000, maxBatch: 100, maxConcurrentChunks: 8,
} as const;

/**
 * A transport to the node at `url` (http or https; credentials in the URL are sent as Basic
 * authentication). Throws at once on a URL it cannot use.
 *
 * @example
 * const node = createTransport("http://127.0.0.1:8545", { retries: 3 });
 * const head = await node.request<string>("eth_blockNumber");
 * const [a, b] = await node.batch([{ method: "eth_chainId" }, { method: "eth_gasPrice" }]);
 */
export function createTransport(url: string, options: TransportOptions = {}): JsonRpcTransport {
  const settings = { ...DEFAULTS, ...definedOnly(options) };
  if (!(settings.maxBatch >= 1) || !(settings.maxConcurrentChunks >= 1) || !(settings.retries >= 0) || !(settings.timeoutMs > 0)) {
    throw new RangeError(`invalid transport options for ${url}: ${JSON.stringify(definedOnly(options))}`);
  }
  const exchange = createExchange(url);
  const { counter } = options;
  let nextId = 1;

  /** POSTs `body` (holding `calls` calls), retrying transport failures; HTTP 5xx and 429 count as failures. */
  async function post(body: string, label: string, calls: number, options: SendOptions): Promise<Omit<RawAnswer, "id">> {
    const idempotent = options.idempotent ?? true;
    const timeoutMs = options.timeoutMs ?? settings.timeoutMs;
    for (let attempt = 1; ; attempt++) {
      if (counter) {
        counter.httpRequests += 1;
        counter.calls += calls;
      }
      let failure: Failure;
      try {
        const answer = await exchange(body, timeoutMs);
        if (answer.status < 500 && answer.status !== 429) return { status: answer.status, statusText: answer.statusText, body: answer.body };
        const reason = `HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ""}`;
        failure = { reason, status: answer.status, unsent: answer.status === 429, retryAfterMs: answer.retryAfterMs, answered: true };
      } catch (error) {
        if (!isFailure(error)) throw error;
        failure = error;
      }
      const retry = attempt <= settings.retries && (idempotent || failure.unsent);
      if (!retry) throw unavailable(failure, label, attempt);
      const backoff = Math.min(settings.maxRetryDelayMs, settings.retryDelayMs * 2 ** (attempt - 1));
      await sleep(Math.min(settings.maxRetryDelayMs, Math.max(backoff, failure.retryAfterMs ?? 0)));
    }
  }

  function unavailable(failure: Failure, label: string, attempts: number): RpcUnavailableError {
    const what = failure.status !== undefined ? `answered ${label} with ${failure.reason}`
      : failure.answered ? `broke off its answer to ${label}: ${failure.reason}`
      : `did not answer ${label}: ${failure.reason}`;
    const tries = attempts > 1 ? ` (${attempts} attempts)` : "";
    return new RpcUnavailableError(`the node at ${url} ${what}${tries}`, url, label, failure.reason, {
      code: failure.code, status: failure.status, unsent: failure.unsent, retryAfterMs: failure.retryAfterMs, attempts,
    }, { cause: failure.cause });
  }

  function parse(answer: Omit<RawAnswer, "id">, label: string): unknown {
    try {
      return JSON.parse(answer.body.toString("utf8"));
    } catch {
      throw notJsonRpc(answer, label);
    }
  }

  function notJsonRpc(answer: Omit<RawAnswer, "id">, label: string, what = "something that is not a JSON-RPC answer"): RpcAnswerError {
    const ok = answer.status >= 200 && answer.status < 300;
    const shown = ok ? what : `HTTP ${answer.status}${answer.statusText ? ` ${answer.statusText}` : ""}`;
    return new RpcAnswerError(`the node at ${url} answered ${label} with ${shown}`, url, label, answer.status, answer.statusText);
  }

  function outcomeOf(answer: unknown, id: number | null): JsonRpcOutcome | undefined {
    if (!isRecord(answer)) return undefined;
    if ("error" in answer && answer.error !== undefined && answer.error !== null) {
      // A node that cannot read the request (parse error, invalid request) answers with id null.
      if (answer.id !== id && answer.id !== null) return undefined;
      const error = answer.error;
      if (!isRecord(error) || typeof error.code !== "number" || typeof error.message !== "string") return undefined;
      return { ok: false, error: error as unknown as JsonRpcErrorObject };
    }
    if (answer.id !== id || !("result" in answer)) return undefined;
    return { ok: true, result: answer.result };
  }

  async function sendOne<Result>(request: JsonRpcRequest, options: SendOptions): Promise<JsonRpcOutcome<Result>> {
    const id = nextId++;
    const answer = await post(body(request, id), request.method, 1, options);
    // Besu answers some errors (invalid params, unknown method) with HTTP 4xx and a JSON-RPC
    // body: the body, when there is one, is the answer; the status only when there is none.
    const outcome = outcomeOf(parse(answer, request.method), id);
    if (!outcome) throw notJsonRpc(answer, request.method);
    return outcome as JsonRpcOutcome<Result>;
  }

  async function sendChunk<Result>(chunk: readonly JsonRpcRequest[], options: SendOptions): Promise<JsonRpcOutcome<Result>[]> {
    if (chunk.length === 1) return [await sendOne<Result>(chunk[0], options)];
    const firstId = nextId;
    nextId += chunk.length;
    const label = `a batch of ${chunk.length} ${chunk[0].method}`;
    const payload = JSON.stringify(chunk.map((request, index) => message(request, firstId + index)));
    const answer = await post(payload, label, chunk.length, options);
    const parsed = parse(answer, label);
    if (!Array.isArray(parsed)) {
      // A node that refuses the batch as a whole (too large, batches not served) answers one error.
      const refusal = outcomeOf(parsed, null);
      if (refusal && !refusal.ok) throw new JsonRpcError(url, label, refusal.error);
      throw notJsonRpc(answer, label, "something that is not a JSON-RPC batch answer");
    }
    const byId = new Map<unknown, unknown>();
    for (const item of parsed) if (isRecord(item)) byId.set(item.id, item);
    return chunk.map((request, index) => {
      const outcome = outcomeOf(byId.get(firstId + index), firstId + index);
      if (!outcome) throw notJsonRpc(answer, label, `no answer to call ${index} (${request.method})`);
      return outcome as JsonRpcOutcome<Result>;
    });
  }

  return {
    url,
    outcomeOf: (answer, id) => outcomeOf(answer, id),
    async request<Result>(method: string, params?: JsonRpcRequest["params"], options: SendOptions = {}): Promise<Result> {
      const outcome = await sendOne<Result>({ method, params }, options);
      if (!outcome.ok) throw new JsonRpcError(url, method, outcome.error);
      return outcome.result;
    },
    send: <Result>(method: string, params?: JsonRpcRequest["params"], options: SendOptions = {}) => sendOne<Result>({ method, params }, options),
    async batch<Result>(requests: readonly JsonRpcRequest[], options: SendOptions = {}): Promise<JsonRpcOutcome<Result>[]> {
      const chunks: JsonRpcRequest[][] = [];
      for (let start = 0; start < requests.length; start += settings.maxBatch) chunks.push(requests.slice(start, start + settings.maxBatch));
      const answers = new Array<JsonRpcOutcome<Result>[]>(chunks.length);
      let next = 0;
      const worker = async (): Promise<void> => {
        while (next < chunks.length) {
          const index = next++;
          answers[index] = await sendChunk<Result>(chunks[index], options);
        }
      };
      await Promise.all(Array.from({ length: Math.min(settings.maxConcurrentChunks, chunks.length) }, worker));
      return answers.flat();
    },
    async sendRaw(method: string, params?: JsonRpcRequest["params"], options: SendOptions = {}): Promise<RawAnswer> {
      const id = nextId++;
      return { id, ...(await post(body({ method, params }, id), method, 1, options)) };
    },
    close: () => exchange.close(),
  };
}

function message(request: JsonRpcRequest, id: number): object {
  return { jsonrpc: "2.0", id, method: request.method, params: request.params ?? [] };
}

function body(request: JsonRpcRequest, id: number): string {
  return JSON.stringify(message(request, id));
}

/** Why an HTTP exchange failed, before it is told to the caller. */
interface Failure {
  reason: string;
  code?: string;
  status?: number;
  unsent: boolean;
  /** Whether an answer had begun to arrive. */
  answered: boolean;
  retryAfterMs?: number;
  cause?: unknown;
}

const FAILURE = Symbol("failure");

function isFailure(value: unknown): value is Failure {
  return isRecord(value) && value[FAILURE] === true;
}

type Exchange = ((body: string, timeoutMs: number) => Promise<Omit<RawAnswer, "id"> & { retryAfterMs?: number }>) & { close(): void };

/** One POST per call of the result, no retries: answers with the status and the body's bytes, or rejects with a Failure. */
function createExchange(url: string): Exchange {
  let target: URL;
  try {
    target = new URL(url);
  } catch {
    throw new TypeError(`invalid JSON-RPC URL "${url}"`);
  }
  if (target.protocol !== "http:" && target.protocol !== "https:") throw new TypeError(`the JSON-RPC URL ${url} is not http(s)`);
  const secure = target.protocol === "https:";
  const agent = secure ? new https.Agent({ keepAlive: true }) : new http.Agent({ keepAlive: true });
  const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
  if (target.username) headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(target.username)}:${decodeURIComponent(target.password)}`).toString("base64")}`;
  const request = secure ? https.request : http.request;
  const options = {
    host: target.hostname.replace(/^\[|\]$/g, ""), port: target.port || (secure ? 443 : 80), path: `${target.pathname}${target.search}`, method: "POST", agent,
  };

  const exchange = (body: string, timeoutMs: number) =>
    new Promise<Omit<RawAnswer, "id"> & { retryAfterMs?: number }>((resolve, reject) => {
      const controller = new AbortController();
      let answered = false;
      let settled = false;
      const timer = setTimeout(() => controller.abort(), timeoutMs);
      const fail = (error: Error) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const timedOut = controller.signal.aborted;
        const code = timedOut ? "ETIMEDOUT" : (error as { code?: unknown }).code;
        const failure: Failure & { [FAILURE]: true } = {
          [FAILURE]: true,
          // Node's message names the address ("connect ECONNREFUSED 127.0.0.1:8545"); an AggregateError (every address of a name refused) has none.
          reason: timedOut ? `no answer within ${timeoutMs} ms` : error.message || (typeof code === "string" ? code : "the connection failed"),
          code: typeof code === "string" ? code : undefined,
          unsent: !answered && typeof code === "string" && UNSENT_CODES.has(code),
          answered,
          cause: error,
        };
        reject(failure);
      };
      const outgoing = request({ ...options, signal: controller.signal, headers: { ...headers, "content-length": Buffer.byteLength(body) } }, (incoming) => {
        answered = true;
        const chunks: Buffer[] = [];
        incoming.on("data", (chunk: Buffer) => chunks.push(chunk));
        incoming.on("end", () => {
          if (!incoming.complete) return fail(new Error("the connection closed early"));
          if (settled) return;
          settled = true;
          clearTimeout(timer);
          const status = incoming.statusCode ?? 0;
          const retryAfter = Number(incoming.headers["retry-after"]);
          resolve({
            status, statusText: incoming.statusMessage ?? "", body: chunks.length === 1 ? chunks[0] : Buffer.concat(chunks),
            retryAfterMs: Number.isFinite(retryAfter) && retryAfter >= 0 ? retryAfter * 1000 : undefined,
          });
        });
        incoming.on("aborted", () => fail(new Error("the connection closed early")));
        incoming.on("error", fail);
      });
      outgoing.on("error", fail);
      outgoing.end(body);
    });
  return Object.assign(exchange, { close: () => agent.destroy() });
}

function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}

function isRecord(value: unknown): value is Record<PropertyKey, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function definedOnly<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}
