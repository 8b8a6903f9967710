import { RpcAnswerError, RpcUnavailableError, createTransport } from "../sdk/transport";
import type { JsonRpcErrorObject, JsonRpcOutcome, SendOptions } from "../sdk/transport";

/**
 * JSON-RPC for the allowlist sync, on the SDK's transport. ethers' provider is not used for
 * Besu's PERM methods because it hides the node's error object behind its own error codes; here
 * the caller gets Besu's code and message as sent, and a transport failure as one short reason
 * ("cannot connect (ECONNREFUSED)", "no answer within 10000 ms", "HTTP 403 Forbidden").
 */

export type { JsonRpcErrorObject, JsonRpcOutcome };

/** No JSON-RPC answer came back: connection refused, timeout, or an HTTP error without a JSON-RPC body. */
export class JsonRpcTransportError extends Error {
  override readonly name = "JsonRpcTransportError";

  constructor(
    message: string,
    /** HTTP status when the node answered with one, undefined when it never answered. */
    readonly status: number | undefined,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

export interface JsonRpcCallerOptions {
  /** Per request. */
  timeoutMs: number;
  /** Retries of a transport failure (the transport's default when undefined); writes are retried only when unsent. */
  retries?: number;
}

/** Sends one call and returns the node's answer, result or error object; throws JsonRpcTransportError when there is none. */
export type JsonRpcCaller = (method: string, params: readonly unknown[], options?: SendOptions) => Promise<JsonRpcOutcome>;

/** A caller for the node at `url`, its connections kept alive between calls. */
export function createJsonRpcCaller(url: string, options: JsonRpcCallerOptions): JsonRpcCaller {
  const transport = createTransport(url, { timeoutMs: options.timeoutMs, retries: options.retries });
  return async (method, params, sendOptions) => {
    try {
      return await transport.send<unknown>(method, params, sendOptions);
    } catch (error) {
      throw transportFailure(error) ?? error;
    }
  };
}

/**
 * The transport's failure (an RpcUnavailableError or RpcAnswerError) as a JsonRpcTransportError
 * with a short reason, the HTTP status kept for the caller's hints (401, 403); undefined for
 * anything else.
 */
export function transportFailure(error: unknown): JsonRpcTransportError | undefined {
  if (error instanceof RpcUnavailableError) {
    const { code, status } = error.details;
    const reason = status !== undefined || code === "ETIMEDOUT" ? error.reason : `cannot connect (${code ?? error.reason})`;
    return new JsonRpcTransportError(reason, status, { cause: error });
  }
  if (error instanceof RpcAnswerError) {
    const ok = error.status >= 200 && error.status < 300;
    const reason = ok ? "the answer is not a JSON-RPC 2.0 response to the request" : `HTTP ${error.status}${error.statusText ? ` ${error.statusText}` : ""}`;
    return new JsonRpcTransportError(reason, error.status, { cause: error });
  }
  return undefined;
}
