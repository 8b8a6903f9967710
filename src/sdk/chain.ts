import { FetchRequest, JsonRpcProvider, Network, Wallet } from "ethers";
import type { Provider, TransactionLike, TransactionRequest } from "ethers";
import type { ChainConfig, KeySource } from "./config";
import { readKeystore } from "./config";

/** Counts what a provider sends, for the auditor's bench: HTTP requests and JSON-RPC calls. */
export interface RpcCounter {
  httpRequests: number;
  calls: number;
}

/** How often a waiting transaction looks for its receipt: QBFT seals a block every second or two. */
const POLLING_INTERVAL_MS = 200;

/** Asks the node for its chain id once, with a timeout, so an unreachable RPC fails in one line. */
export async function fetchChainId(rpcUrl: string, timeoutMs = 5_000): Promise<bigint> {
  const request = new FetchRequest(rpcUrl);
  request.timeout = timeoutMs;
  request.body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] });
  request.setHeader("content-type", "application/json");
  let body: { result?: string; error?: { message?: string } };
  try {
    const response = await request.send();
    if (!response.ok()) throw new Error(`HTTP ${response.statusCode}`);
    body = response.bodyJson as typeof body;
  } catch (error) {
    const reason = (error as { shortMessage?: string; message?: string }).shortMessage ?? (error as Error).message;
    throw new Error(`cannot reach the RPC at ${rpcUrl}: ${reason.split("\n")[0]}`);
  }
  if (typeof body.result !== "string") throw new Error(`the RPC at ${rpcUrl} did not answer eth_chainId: ${body.error?.message ?? "no result"}`);
  return BigInt(body.result);
}

/**
 * A provider bound to the chain the operator expects. `expected` comes from CHAIN_ID or the
 * deployment file; a node on another chain is refused before anything is read or sent.
 */
export async function connectProvider(
  rpcUrl: string,
  expected: { chainId?: bigint; source?: string } = {},
  counter?: RpcCounter,
): Promise<{ provider: JsonRpcProvider; chainId: bigint }> {
  const chainId = await fetchChainId(rpcUrl);
  if (expected.chainId !== undefined && expected.chainId !== chainId) {
    throw new Error(`chain id mismatch: the RPC at ${rpcUrl} is chain ${chainId}, ${expected.source ?? "the configuration"} says ${expected.chainId}`);
  }
  const request = new FetchRequest(rpcUrl);
  if (counter) {
    request.preflightFunc = async (outgoing) => {
      counter.httpRequests += 1;
      const body = JSON.parse(Buffer.from(outgoing.body ?? new Uint8Array()).toString("utf8")) as unknown;
      counter.calls += Array.isArray(body) ? body.length : 1;
      return outgoing;
    };
  }
  // A static network: ethers would otherwise poll eth_chainId before every call. No request
  // cache: a cached pending nonce would make back-to-back transactions collide.
  const provider = new JsonRpcProvider(request, Network.from(chainId), {
    staticNetwork: true, batchMaxCount: 500, cacheTimeout: -1, pollingInterval: POLLING_INTERVAL_MS,
  });
  return { provider, chainId };
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
      throw new Error(message.startsWith("keystore not found") ? message : `cannot decrypt the keystore ${key.path}: ${message.split("\n")[0]}`);
    }
  }
  if (gasPrice === undefined || provider === null) return new Wallet(privateKey, provider);
  return new FixedGasPriceWallet(privateKey, provider, gasPrice);
}

export type { ChainConfig };
