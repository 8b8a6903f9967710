import { JsonRpcError, RpcAnswerError, RpcUnavailableError, createTransport } from "../sdk/transport";
import type { JsonRpcErrorObject, JsonRpcTransport, RawAnswer } from "../sdk/transport";
import { LogSet, MalformedAnswerError, TruncatedAnswerError, scanLogsAnswer } from "./logs";

/**
 * The listener's JSON-RPC client, on the SDK's transport (keep-alive HTTP, timeouts, retries of
 * transport failures): plain parsed JSON, no provider objects, and eth_getLogs answers scanned
 * from the bytes. Errors are split the way the listener acts on them: the node is away (retry
 * with backoff), the node refused a log range (shrink it), or the request is wrong (stop and say so).
 */

export interface RpcRequest {
  method: string;
  params: readonly unknown[];
}

/** The node did not answer (connection refused, reset, timeout, HTTP 5xx or 429): retry later. The transport's own class. */
export { RpcUnavailableError };

/** The node answered with a JSON-RPC error, or with something that is not a JSON-RPC answer. */
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

export interface RpcClient {
  readonly url: string;
  call<Result>(method: string, params?: readonly unknown[]): Promise<Result>;
  /** Several calls in JSON-RPC batches of at most `maxBatch` (one HTTP request each); results in order. */
  batch<Result>(requests: readonly RpcRequest[]): Promise<Result[]>;
  /** eth_getLogs, its answer scanned from the bytes into a LogSet (no JSON objects). */
  getLogs(filter: LogFilter): Promise<LogSet>;
}

export interface RpcClientOptions {
  /** Per-request timeout (default 30 s: a large eth_getLogs answer takes a while). */
  timeoutMs?: number;
  /** Largest number of calls sent in one HTTP request. */
  maxBatch?: number;
  /**
   * Quick retries of a transport failure before the listener hears of it (default 1: enough for a
   * keep-alive connection the node closed); the listener's own backoff handles longer outages.
   */
  retries?: number;
}

export function createRpcClient(url: string, options: RpcClientOptions = {}): RpcClient {
  let transport: JsonRpcTransport;
  try {
    transport = createTransport(url, { timeoutMs: options.timeoutMs ?? 30_000, maxBatch: options.maxBatch ?? 100, retries: options.retries ?? 1 });
  } catch (error) {
    throw new RpcError((error as Error).message, "connect", undefined);
  }

  /** The node's error object for `method`, as the listener acts on it. */
  function refused(method: string, error: JsonRpcErrorObject): RpcError {
    const ErrorType = method === "eth_getLogs" && (error.code === -32005 || RANGE_REFUSAL.test(error.message)) ? RpcRangeError : RpcError;
    return new ErrorType(`${method} failed at ${url}: ${error.message}`, method, error.code);
  }

  /** A transport error as the listener's: unavailability passes as is. */
  function judged(error: unknown): unknown {
    if (error instanceof JsonRpcError) return refused(error.label, error.error);
    if (error instanceof RpcAnswerError) {
      if (error.status === 413) return new RpcRangeError(`the node at ${url} refused ${error.label}: HTTP 413`, error.label, undefined);
      return new RpcError(error.message, error.label, undefined);
    }
    return error;
  }

  return {
    url,
    async getLogs(filter: LogFilter): Promise<LogSet> {
      const label = "eth_getLogs";
      let answer: RawAnswer;
      try {
        answer = await transport.sendRaw(label, [filter]);
      } catch (error) {
        throw judged(error);
      }
      const ok = answer.status >= 200 && answer.status < 300;
      if (answer.status === 413) throw new RpcRangeError(`the node at ${url} refused ${label}: HTTP 413`, label, undefined);
      let scanned;
      try {
        scanned = scanLogsAnswer(answer.body);
      } catch (error) {
        if (error instanceof MalformedAnswerError || error instanceof TruncatedAnswerError) {
          throw new RpcError(`the node at ${url} answered ${label} ${ok ? "with a malformed log" : `with HTTP ${answer.status}`}: ${error.message}`, label, undefined);
        }
        throw error;
      }
      if ("logs" in scanned) return scanned.logs;
      // An error, or an answer that is not a list of logs: judged as any other call's.
      const outcome = transport.outcomeOf(scanned.answer, answer.id);
      if (!outcome) throw new RpcError(`the node at ${url} answered ${label} with ${ok ? "something that is not a JSON-RPC answer" : `HTTP ${answer.status}`}`, label, undefined);
      if (!outcome.ok) throw refused(label, outcome.error);
      throw new RpcError(`the node at ${url} answered ${label} with ${JSON.stringify(outcome.result)?.slice(0, 100)}, not a list of logs`, label, undefined);
    },
    async call<Result>(method: string, params: readonly unknown[] = []): Promise<Result> {
      let outcome;
      try {
        outcome = await transport.send<Result>(method, params);
      } catch (error) {
        throw judged(error);
      }
      if (!outcome.ok) throw refused(method, outcome.error);
      return outcome.result;
    },
    async batch<Result>(requests: readonly RpcRequest[]): Promise<Result[]> {
      let outcomes;
      try {
        outcomes = await transport.batch<Result>(requests);
      } catch (error) {
        throw judged(error);
      }
      return outcomes.map((outcome, index) => {
        if (!outcome.ok) throw refused(requests[index].method, outcome.error);
        return outcome.result;
      });
    },
  };
}
