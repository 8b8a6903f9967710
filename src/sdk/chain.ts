import { JsonRpcProvider, Network, Wallet } from "ethers";
import type { JsonRpcError as EthersJsonRpcError, JsonRpcPayload, JsonRpcResult, Provider, TransactionLike, TransactionRequest } from "ethers";
import type { ChainConfig, KeySource } from "./config";
import { readKeystore } from "./config";
import { JsonRpcError, RpcAnswerError, RpcUnavailableError, createTransport } from "./transport";
import type { JsonRpcTransport, RpcCounter, TransportOptions } from "./transport";

export type { RpcCounter };

/** How often a waiting transaction looks for its receipt: QBFT seals a block every second or two. */
const POLLING_INTERVAL_MS = 200;
/** Calls ethers gathers into one JSON-RPC batch, and so into one HTTP request. */
const BATCH_MAX_COUNT = 500;
/** Methods that change the chain: retried only when the node certainly did not receive them. */
const WRITES = new Set(["eth_sendRawTransaction", "eth_sendTransaction"]);

/**
 * An ethers provider whose requests go through the project's JSON-RPC transport (retries,
 * timeouts, counting), by the extension point ethers documents for subclasses: `_send`. The
 * node's JSON-RPC errors are handed back to ethers as error objects, so ethers still decodes
 * reverts; a node that does not answer rejects with the transport's RpcUnavailableError.
 */
export class TransportProvider extends JsonRpcProvider {
  constructor(
    readonly transport: JsonRpcTransport,
    network: Network,
  ) {
    // A static network: ethers would otherwise poll eth_chainId before every call. No request
    // cache: a cached pending nonce would make back-to-back transactions collide.
    super(transport.url, network, {
      staticNetwork: true, batchMaxCount: BATCH_MAX_COUNT, cacheTimeout: -1, pollingInterval: POLLING_INTERVAL_MS,
    });
  }

  // JsonRpcProvider narrows _send's result to JsonRpcResult[], but the abstract JsonRpcApiProvider
  // declares (and ethers' own implementation returns) results and error objects alike.
  override async _send(payload: JsonRpcPayload | JsonRpcPayload[]): Promise<JsonRpcResult[]> {
    const payloads = Array.isArray(payload) ? payload : [payload];
    const idempotent = !payloads.some((request) => WRITES.has(request.method));
    const outcomes = await this.transport.batch(payloads, { idempotent });
    const answers = outcomes.map((outcome, index): JsonRpcResult | EthersJsonRpcError =>
      outcome.ok ? { id: payloads[index].id, result: outcome.result } : { id: payloads[index].id, error: outcome.error });
    return answers as JsonRpcResult[];
  }

  override destroy(): void {
    super.destroy();
    this.transport.close();
  }
}

/**
 * Asks the node for its chain id once, with a timeout, so an unreachable RPC fails in one line:
 * "cannot reach the RPC at <url>: <why>".
 */
export async function fetchChainId(rpcUrl: string, timeoutMs = 5_000, transport?: JsonRpcTransport): Promise<bigint> {
  const node = transport ?? createTransport(rpcUrl, { timeoutMs });
  let result: unknown;
  try {
    result = await node.request<unknown>("eth_chainId", [], { timeoutMs });
  } catch (error) {
    if (error instanceof RpcUnavailableError) throw new Error(`cannot reach the RPC at ${rpcUrl}: ${error.reason}`, { cause: error });
    if (error instanceof JsonRpcError) throw new Error(`the RPC at ${rpcUrl} did not answer eth_chainId: ${error.error.message.split("\n")[0]}`, { cause: error });
    if (error instanceof RpcAnswerError) throw new Error(error.message, { cause: error });
    throw error;
  } finally {
    if (!transport) node.close();
  }
  if (typeof result !== "string" || !/^0x[0-9a-fA-F]+$/.test(result)) {
    throw new Error(`the RPC at ${rpcUrl} did not answer eth_chainId: ${JSON.stringify(result) ?? "no result"}`);
  }
  return BigInt(result);
}

/**
 * A provider bound to the chain the operator expects. `expected` comes from CHAIN_ID or the
 * deployment file; a node on another chain is refused before anything is read or sent.
 * `counter` counts the provider's traffic, the chain id request included (the benches);
 * `options` tune its transport (the default: 60 s per request, two retries of transport
 * failures; the chain id is asked within `options.timeoutMs` or 5 s).
 */
export async function connectProvider(
  rpcUrl: string,
  expected: { chainId?: bigint; source?: string } = {},
  counter?: RpcCounter,
  options: Omit<TransportOptions, "counter" | "maxBatch"> = {},
): Promise<{ provider: TransportProvider; chainId: bigint }> {
  const transport = createTransport(rpcUrl, { timeoutMs: 60_000, ...options, counter, maxBatch: BATCH_MAX_COUNT });
  let chainId: bigint;
  try {
    chainId = await fetchChainId(rpcUrl, options.timeoutMs ?? 5_000, transport);
  } catch (error) {
    transport.close();
    throw error;
  }
  if (expected.chainId !== undefined && expected.chainId !== chainId) {
    transport.close();
    throw new Error(`chain id mismatch: the RPC at ${rpcUrl} is chain ${chainId}, ${expected.source ?? "the configuration"} says ${expected.chainId}`);
  }
  return { provider: new TransportProvider(transport, Network.from(chainId)), chainId };
}

/** A wallet that sends legacy transactions at a fixed gas price: 0 on gas-free consortium chains. */
export class FixedGasPriceWallet extends Wallet {
  constructor(privateKey: string, provider: Provider, readonly fixedGasPrice: bigint) {
    super(privateKey, provider);
  }

  override async populateTransaction(transaction: TransactionRequest): Promise<TransactionLike<string>> {
    return super.populateTransaction({ ...transaction, type: 0, gasPrice: this.fixedGasPrice, maxFeePerGas: null, maxPriorityFeePerGas: null });
  }
}

/** The operator's signing wallet, from a raw key or an encrypted JSON keystore. */
export async function loadWallet(key: KeySource | undefined, provider: Provider | null, gasPrice?: bigint): Promise<Wallet> {
  if (!key) throw new Error("no signing key: set PRIVATE_KEY, or KEYSTORE_PATH and KEYSTORE_PASSWORD");
  let privateKey: string;
  if (key.kind === "privateKey") {
    privateKey = key.privateKey;
  } else {
    try {
      privateKey = (await Wallet.fromEncryptedJson(readKeystore(key.path), key.password)).privateKey;
    } catch (error) {
      const message = (error as Error).message;
      // ethers' shortMessage ("incorrect password") without its argument dump and version.
      const reason = (error as { shortMessage?: string }).shortMessage ?? message.split("\n")[0];
      throw new Error(message.startsWith("keystore not found") ? message : `cannot decrypt the keystore ${key.path}: ${reason}`, { cause: error });
    }
  }
  if (gasPrice === undefined || provider === null) return new Wallet(privateKey, provider);
  return new FixedGasPriceWallet(privateKey, provider, gasPrice);
}

export type { ChainConfig };
