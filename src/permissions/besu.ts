import { getAddress } from "ethers";
import { JsonRpcTransportError, createJsonRpcCaller } from "./jsonrpc";
import type { JsonRpcErrorObject } from "./jsonrpc";

/** The PERM methods of Besu's local account permissioning that the sync uses. */
export type PermMethod = "perm_getAccountsAllowlist" | "perm_addAccountsToAllowlist" | "perm_removeAccountsFromAllowlist";

/** What Besu documents as the result of a successful add or remove. */
export type PermSuccess = "Success";

/** One Besu node's account allowlist, through its JSON-RPC PERM API. */
export interface BesuPermissionsClient {
  /** The node's JSON-RPC endpoint, for messages. */
  readonly url: string;
  /** `perm_getAccountsAllowlist`, params `[]`: the accounts as the node stores them (Besu lower-cases them). */
  getAccountsAllowlist(): Promise<string[]>;
  /** `perm_addAccountsToAllowlist`, params `[[...addresses]]`. Besu refuses an empty list and accounts already listed. */
  addAccountsToAllowlist(accounts: readonly string[]): Promise<PermSuccess>;
  /** `perm_removeAccountsFromAllowlist`, params `[[...addresses]]`. Besu refuses an empty list and absent accounts. */
  removeAccountsFromAllowlist(accounts: readonly string[]): Promise<PermSuccess>;
}

export interface BesuPermissionsClientOptions {
  /** Per request; default 10 s. */
  timeoutMs?: number;
  /**
   * Quick retries of a transport failure (default 2). The add and remove are retried only when
   * the node certainly did not get them: a timed-out change may have been applied.
   */
  retries?: number;
}

/**
 * A PERM call that failed, with a one-line message naming the method and the node and, for the
 * errors Besu documents, what to do about it. `retryable` tells a follower whether trying again
 * later can succeed (the node was down, the allowlist changed under us) or whether the node's
 * configuration must change first.
 */
export class BesuPermissionsError extends Error {
  override readonly name = "BesuPermissionsError";

  constructor(
    readonly method: PermMethod,
    readonly nodeUrl: string,
    /** The JSON-RPC error code, or undefined when the node gave no JSON-RPC answer. */
    readonly code: number | undefined,
    readonly retryable: boolean,
    message: string,
    options?: ErrorOptions,
  ) {
    super(message, options);
  }
}

/**
 * Besu's error messages for these methods (RpcErrorType in hyperledger/besu), what each means for
 * the operator, and whether a later retry can succeed.
 */
const KNOWN_ERRORS: readonly { message: string; hint: string; retryable: boolean }[] = [
  {
    message: "Account allowlist has not been enabled",
    hint: "start the node with permissions-accounts-config-file-enabled=true",
    retryable: false,
  },
  {
    message: "Node/Account allowlist has not been enabled",
    hint: "start the node with permissions-accounts-config-file-enabled=true",
    retryable: false,
  },
  {
    message: "Cannot add an existing account to allowlist",
    hint: "the node's allowlist changed since it was read; sync again",
    retryable: true,
  },
  {
    message: "Cannot remove an absent account from allowlist",
    hint: "the node's allowlist changed since it was read; sync again",
    retryable: true,
  },
  { message: "Request contains an empty list of accounts", hint: "send at least one account", retryable: false },
  { message: "Request contains an invalid account", hint: "accounts must be 0x-prefixed 20-byte hex", retryable: false },
  { message: "Request contains duplicate accounts", hint: "send each account once", retryable: false },
  {
    message: "Unable to persist changes to allowlist configuration file",
    hint: "let the Besu process write its permissions-accounts-config-file",
    retryable: false,
  },
  {
    message: "Unauthorized",
    hint: "the node requires JSON-RPC authentication (rpc-http-authentication-enabled), which this client does not send",
    retryable: false,
  },
  {
    message: "The permissioning allowlist configuration file is out of sync",
    hint: "the file was edited by hand: call perm_reloadPermissionsFromFile or restart the node",
    retryable: false,
  },
];

/** Standard JSON-RPC codes Besu uses when a method is not served. */
const METHOD_NOT_FOUND = -32601;
const METHOD_NOT_ENABLED = -32604;
/** Malformed request or params: retrying the same request cannot help. */
const INVALID_REQUEST = -32600;
const INVALID_PARAMS = -32602;

const DEFAULT_TIMEOUT_MS = 10_000;

/**
 * A client for one Besu node's PERM methods.
 *
 * @example
 * const besu = createBesuPermissionsClient("http://127.0.0.1:8545");
 * await besu.addAccountsToAllowlist(["0x060eC2adC2EA4eBe058D5ed7b8daa8c80e81d5Ac"]); // "Success"
 */
export function createBesuPermissionsClient(
  url: string,
  options: BesuPermissionsClientOptions = {},
): BesuPermissionsClient {
  const send = createJsonRpcCaller(url, { timeoutMs: options.timeoutMs ?? DEFAULT_TIMEOUT_MS, retries: options.retries });

  async function call(method: PermMethod, params: readonly unknown[]): Promise<unknown> {
    let outcome;
    try {
      outcome = await send(method, params, { idempotent: method === "perm_getAccountsAllowlist" });
    } catch (error) {
      if (!(error instanceof JsonRpcTransportError)) throw error;
      throw transportError(method, url, error);
    }
    if (!outcome.ok) throw rpcError(method, url, outcome.error);
    return outcome.result;
  }

  async function change(method: PermMethod, accounts: readonly string[]): Promise<PermSuccess> {
    // Lower case on the wire: it is how Besu stores and returns accounts, and how its docs send them.
    const result = await call(method, [accounts.map((account) => getAddress(account).toLowerCase())]);
    if (result !== "Success") throw unexpectedResult(method, url, result);
    return result;
  }

  return {
    url,
    async getAccountsAllowlist() {
      const result = await call("perm_getAccountsAllowlist", []);
      if (!Array.isArray(result) || !result.every(isAddressString)) {
        throw unexpectedResult("perm_getAccountsAllowlist", url, result);
      }
      return result;
    },
    addAccountsToAllowlist: (accounts) => change("perm_addAccountsToAllowlist", accounts),
    removeAccountsFromAllowlist: (accounts) => change("perm_removeAccountsFromAllowlist", accounts),
  };
}

function rpcError(method: PermMethod, url: string, error: JsonRpcErrorObject): BesuPermissionsError {
  const text = oneLine(error.message);
  const known = KNOWN_ERRORS.find((entry) => text.toLowerCase().startsWith(entry.message.toLowerCase()));
  const notServed = error.code === METHOD_NOT_FOUND || error.code === METHOD_NOT_ENABLED;
  const hint = known?.hint ?? (notServed ? "add PERM to the node's rpc-http-api" : undefined);
  const malformed = error.code === INVALID_REQUEST || error.code === INVALID_PARAMS;
  return new BesuPermissionsError(
    method,
    url,
    error.code,
    known?.retryable ?? !(notServed || malformed),
    `${method} failed on ${url}: Besu error ${error.code} "${text}"${hint ? `; ${hint}` : ""}`,
  );
}

function transportError(method: PermMethod, url: string, error: JsonRpcTransportError): BesuPermissionsError {
  // 403 is Besu's answer to a Host header outside host-allowlist, 401 to a request without the
  // credentials the node requires: both need the configuration changed, not a retry.
  const hint =
    error.status === 403 ? "add this host to the node's host-allowlist"
    : error.status === 401 ? "the node requires JSON-RPC authentication, which this client does not send"
    : undefined;
  return new BesuPermissionsError(
    method,
    url,
    undefined,
    hint === undefined,
    `${method} failed on ${url}: ${error.message}${hint ? `; ${hint}` : ""}`,
    { cause: error },
  );
}

function unexpectedResult(method: PermMethod, url: string, result: unknown): BesuPermissionsError {
  const shown = JSON.stringify(result) ?? String(result);
  return new BesuPermissionsError(
    method,
    url,
    undefined,
    false,
    `${method} failed on ${url}: unexpected result ${shown.length > 80 ? `${shown.slice(0, 80)}...` : shown}`,
  );
}

function isAddressString(value: unknown): value is string {
  return typeof value === "string" && /^0x[0-9a-fA-F]{40}$/.test(value);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, " ").trim();
}
