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

  async function post<Body>(body: string, label: string): Promise<Body> {
    let response: Response;
    try {
      response = await fetch(url, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body,
        signal: AbortSignal.timeout(timeoutMs),
      });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const reason = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new RpcUnavailableError(`the node at ${url} did not answer ${label}: ${reason}`);
    }
    if (response.status >= 500 || response.status === 429) {
      await response.body?.cancel().catch(() => undefined);
      throw new RpcUnavailableError(`the node at ${url} answered ${label} with HTTP ${response.status}`);
    }
    if (response.status === 413) throw new RpcRangeError(`the node at ${url} refused ${label}: HTTP 413`, label, undefined);
    let parsed: Body;
    try {
      parsed = (await response.json()) as Body;
    } catch (error) {
      // A connection cut in the middle of the body is the node going away, not a bad answer.
      if (response.ok) throw new RpcUnavailableError(`the node at ${url} broke off its answer to ${label}: ${(error as Error).message}`);
      throw new RpcError(`the node at ${url} answered ${label} with HTTP ${response.status}`, label, undefined);
    }
    return parsed;
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
