import { createServer } from "node:http";
import type { AddressInfo } from "node:net";

/**
 * A stand-in for a Besu node's PERM API on 127.0.0.1 (Besu itself cannot run on the development
 * machines). It checks every request against the shapes Besu documents and answers as Besu's
 * AccountLocalConfigPermissioningController does, over an in-memory allowlist:
 * - jsonrpc "2.0", a number or string id, one of the three account methods, else -32600/-32601;
 * - params exactly [] for perm_getAccountsAllowlist, exactly [[0x + 40 hex, ...]] for add and
 *   remove, else -32602;
 * - add/remove of an empty list, duplicates, accounts already present (add) or absent (remove)
 *   fail with Besu's -32000 messages; success answers "Success".
 * Accounts are stored as sent at seeding and lower-cased when added, as Besu does; they are
 * compared case-insensitively.
 */
export interface MockBesu {
  url: string;
  /** Every request received, valid or not, in order. */
  calls: RecordedCall[];
  /** The current allowlist, as stored. */
  allowlist(): string[];
  /**
   * Makes every following well-formed request (or only those of `method`) fail with this
   * JSON-RPC error; undefined stops.
   */
  failWith(error: { code: number; message: string } | undefined, method?: string): void;
  close(): Promise<void>;
}

export interface RecordedCall {
  method: unknown;
  params: unknown;
  /** The error the mock answered with, if any. */
  error?: { code: number; message: string };
}

const PERM_METHODS = ["perm_getAccountsAllowlist", "perm_addAccountsToAllowlist", "perm_removeAccountsFromAllowlist"];
const ADDRESS = /^0x[0-9a-fA-F]{40}$/;

export async function startMockBesu(initialAllowlist: readonly string[] = []): Promise<MockBesu> {
  let stored = [...initialAllowlist];
  let forcedError: { code: number; message: string; method?: string } | undefined;
  const forced = (method: string) => (forcedError && (forcedError.method ?? method) === method ? forcedError : undefined);
  const calls: RecordedCall[] = [];

  function answer(body: unknown): { id: unknown; result?: unknown; error?: { code: number; message: string } } {
    if (typeof body !== "object" || body === null || Array.isArray(body)) {
      return { id: null, error: { code: -32600, message: "Invalid Request" } };
    }
    const request = body as Record<string, unknown>;
    const call: RecordedCall = { method: request.method, params: request.params };
    calls.push(call);
    const fail = (code: number, message: string) => {
      call.error = { code, message };
      return { id: request.id ?? null, error: call.error };
    };
    const validId = typeof request.id === "number" || typeof request.id === "string";
    if (request.jsonrpc !== "2.0" || !validId) return fail(-32600, "Invalid Request");
    if (typeof request.method !== "string" || !PERM_METHODS.includes(request.method)) {
      return fail(-32601, "Method not found");
    }
    const params = request.params;
    if (request.method === "perm_getAccountsAllowlist") {
      if (!Array.isArray(params) || params.length !== 0) return fail(-32602, "Invalid params");
      const error = forced(request.method);
      if (error) return fail(error.code, error.message);
      return { id: request.id, result: [...stored] };
    }
    if (!Array.isArray(params) || params.length !== 1 || !Array.isArray(params[0])) {
      return fail(-32602, "Invalid params");
    }
    const accounts: unknown[] = params[0];
    if (!accounts.every((account) => typeof account === "string" && ADDRESS.test(account))) {
      return fail(-32602, "Invalid params");
    }
    const error = forced(request.method);
    if (error) return fail(error.code, error.message);
    const keys = (accounts as string[]).map((account) => account.toLowerCase());
    const present = new Set(stored.map((account) => account.toLowerCase()));
    if (keys.length === 0) return fail(-32000, "Request contains an empty list of accounts");
    if (new Set(keys).size !== keys.length) return fail(-32000, "Request contains duplicate accounts");
    if (request.method === "perm_addAccountsToAllowlist") {
      if (keys.some((key) => present.has(key))) return fail(-32000, "Cannot add an existing account to allowlist");
      stored = [...stored, ...keys];
    } else {
      if (!keys.every((key) => present.has(key))) return fail(-32000, "Cannot remove an absent account from allowlist");
      stored = stored.filter((account) => !keys.includes(account.toLowerCase()));
    }
    return { id: request.id, result: "Success" };
  }

  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", () => {
      let reply;
      try {
        reply = answer(request.method === "POST" ? JSON.parse(Buffer.concat(chunks).toString("utf8")) : undefined);
      } catch {
        reply = { id: null, error: { code: -32700, message: "Parse error" } };
      }
      response.writeHead(200, { "content-type": "application/json" });
      response.end(JSON.stringify({ jsonrpc: "2.0", ...reply }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    url: `http://127.0.0.1:${port}`,
    calls,
    allowlist: () => [...stored],
    failWith: (error, method) => {
      forcedError = error && { ...error, method };
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}

/** The add and remove calls received, as [method, accounts] pairs: what the sync changed. */
export function changeCalls(mock: MockBesu): [string, string[]][] {
  return mock.calls
    .filter((call) => call.method !== "perm_getAccountsAllowlist")
    .map((call) => [String(call.method), (call.params as string[][])[0]]);
}
