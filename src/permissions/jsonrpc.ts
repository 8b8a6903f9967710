/**
 * The smallest JSON-RPC 2.0 over HTTP that the allowlist sync needs: one request, one answer, a
 * timeout. ethers' provider is not used for Besu's PERM methods because it hides the node's error
 * object behind its own error codes; here the caller gets Besu's code and message as sent.
 */

/** A JSON-RPC 2.0 error object, as the node sent it. */
export interface JsonRpcErrorObject {
  code: number;
  message: string;
  data?: unknown;
}

/** The node answered: either a result or an error object. */
export type JsonRpcOutcome = { ok: true; result: unknown } | { ok: false; error: JsonRpcErrorObject };

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

export interface PostJsonRpcOptions {
  timeoutMs: number;
  /** Replaceable for tests; the global fetch of Node 20 by default. */
  fetch?: typeof fetch;
}

let nextRequestId = 1;

/** Sends one JSON-RPC request and returns the node's answer; throws JsonRpcTransportError when there is none. */
export async function postJsonRpc(
  url: string,
  method: string,
  params: readonly unknown[],
  options: PostJsonRpcOptions,
): Promise<JsonRpcOutcome> {
  const id = nextRequestId++;
  let status: number;
  let statusText: string;
  let text: string;
  try {
    const response = await (options.fetch ?? fetch)(url, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ jsonrpc: "2.0", id, method, params }),
      signal: AbortSignal.timeout(options.timeoutMs),
    });
    status = response.status;
    statusText = response.statusText;
    text = await response.text();
  } catch (error) {
    throw new JsonRpcTransportError(describeFetchFailure(error, options.timeoutMs), undefined, { cause: error });
  }

  // Besu answers some errors (invalid params, unknown method) with an HTTP 4xx status and a
  // JSON-RPC body: the body, when there is one, says more than the status.
  const outcome = parseResponse(text, id);
  if (outcome !== undefined) return outcome;
  if (status < 200 || status > 299) {
    throw new JsonRpcTransportError(`HTTP ${status}${statusText ? ` ${statusText}` : ""}`, status);
  }
  throw new JsonRpcTransportError("the answer is not a JSON-RPC 2.0 response to the request", status);
}

function parseResponse(text: string, id: number): JsonRpcOutcome | undefined {
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isRecord(body) || body.jsonrpc !== "2.0" || body.id !== id) return undefined;
  if ("error" in body) {
    const error = body.error;
    if (!isRecord(error) || typeof error.code !== "number" || typeof error.message !== "string") return undefined;
    return { ok: false, error: { code: error.code, message: error.message, data: error.data } };
  }
  return "result" in body ? { ok: true, result: body.result } : undefined;
}

function describeFetchFailure(error: unknown, timeoutMs: number): string {
  if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
    return `no answer within ${timeoutMs} ms`;
  }
  // Node's fetch reports "fetch failed" and puts the socket error (ECONNREFUSED...) in `cause`.
  const cause = error instanceof Error ? error.cause : undefined;
  if (isRecord(cause) && typeof cause.code === "string") return `cannot connect (${cause.code})`;
  return `cannot connect (${error instanceof Error ? error.message : String(error)})`;
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}
