import { getAddress, toBeHex, toUtf8String } from "ethers";
import type { FunctionFragment, ParamType, Provider } from "ethers";
import { decodeError } from "./errors";
import { createTransport } from "./transport";
import type { JsonRpcTransport, RpcCounter } from "./transport";

/**
 * Lean batched reads for the auditor's hot path. A thousand-product lineage is thousands of
 * eth_calls; anvil answers 500 of them in ~70 ms, but ethers' per-call objects and its generic
 * ABI decoder take ~0.5 ms each. Here calls are sent as raw JSON-RPC batches and the few words
 * a check needs are read straight out of the returned hex.
 */

export interface RawCall {
  to: string;
  data: string;
}

/** Runs eth_calls at one block and returns their raw results, in order. */
export type RawCaller = (calls: readonly RawCall[]) => Promise<string[]>;

/**
 * Sends the calls as JSON-RPC batches of `chunkSize` through a transport made for the URL, or
 * through the transport given (which keeps its own batch size and counter). A node that does not answer rejects with the transport's RpcUnavailableError; a call
 * the node refuses (a revert) with the decoded contract error.
 */
export function httpCaller(rpc: string | JsonRpcTransport, blockTag: number, counter?: RpcCounter, chunkSize = 1000): RawCaller {
  const transport = typeof rpc === "string" ? createTransport(rpc, { maxBatch: chunkSize, counter }) : rpc;
  const tag = toBeHex(blockTag);
  return async (calls) => {
    const outcomes = await transport.batch<string>(calls.map((call) => ({ method: "eth_call", params: [call, tag] })));
    return outcomes.map((outcome) => {
      if (!outcome.ok) throw decodeError({ data: outcome.error.data, message: outcome.error.message }, "read");
      return outcome.result;
    });
  };
}

/** The same over any ethers provider (Hardhat's in-process one), one call at a time. */
export function providerCaller(provider: Provider, blockTag: number): RawCaller {
  return async (calls) => {
    try {
      return await Promise.all(calls.map((call) => provider.call({ ...call, blockTag })));
    } catch (error) {
      throw decodeError(error, "read");
    }
  };
}

/** Calldata of a function taking one uint (ids). */
export function uintCall(selector: string, value: bigint): string {
  return selector + value.toString(16).padStart(64, "0");
}

function wordHex(data: string, index: number): string {
  return data.slice(2 + index * 64, 66 + index * 64);
}

export function wordUint(data: string, index: number): bigint {
  return BigInt(`0x${wordHex(data, index)}`);
}

export function wordAddress(data: string, index: number): string {
  return getAddress(`0x${wordHex(data, index).slice(24)}`);
}

export function wordBytes32(data: string, index: number): string {
  return `0x${wordHex(data, index)}`;
}

/** A returned dynamic uint array (the only return value). */
export function uintArray(data: string): bigint[] {
  const start = Number(wordUint(data, 0)) / 32;
  const length = Number(wordUint(data, start));
  return Array.from({ length }, (_, index) => wordUint(data, start + 1 + index));
}

/** A returned string (the only return value). */
export function stringResult(data: string): string {
  const start = Number(wordUint(data, 0)) / 32;
  const length = Number(wordUint(data, start));
  return toUtf8String(`0x${data.slice(2 + (start + 1) * 64, 2 + (start + 1) * 64 + length * 2)}`);
}

/** Words a value of `param` takes in the head of its enclosing tuple. */
function headWords(param: ParamType): number {
  if (isDynamic(param)) return 1;
  if (param.isTuple()) return param.components.reduce((sum, component) => sum + headWords(component), 0);
  if (param.isArray()) return param.arrayLength * headWords(param.arrayChildren);
  return 1;
}

function isDynamic(param: ParamType): boolean {
  if (param.baseType === "string" || param.baseType === "bytes") return true;
  if (param.isArray()) return param.arrayLength === -1 || isDynamic(param.arrayChildren);
  if (param.isTuple()) return param.components.some(isDynamic);
  return false;
}

/**
 * Reads fields by name out of a function's raw result, without ethers' generic decoder (a
 * thousand-product lineage would spend most of its time there): the fields' positions are
 * computed from the ABI, by name, so a reordered struct is still read right. The result is
 * either the one struct the function returns, or its named outputs. Fields read must be
 * one-word values (uint, enum, bool, address, bytesN); T is the TypeChain type that names them.
 * @example const readProduct = namedReader<ProductStructOutput>(products.interface.getFunction("product"));
 *          readProduct(data, ["provider", "status"]) // { provider: "0x…", status: 3n }
 */
export function namedReader<T extends object>(fragment: FunctionFragment): <K extends keyof T & string>(data: string, names: readonly K[]) => Pick<T, K> {
  const single = fragment.outputs.length === 1 && fragment.outputs[0].isTuple();
  const components = single ? fragment.outputs[0].components ?? [] : fragment.outputs;
  const dynamic = single && isDynamic(fragment.outputs[0]);
  const positions = new Map<string, { word: number; param: ParamType }>();
  let word = 0;
  for (const param of components) {
    positions.set(param.name, { word, param });
    word += headWords(param);
  }
  return <K extends keyof T & string>(data: string, names: readonly K[]): Pick<T, K> => {
    const base = dynamic ? Number(wordUint(data, 0)) / 32 : 0;
    const out: Record<string, unknown> = {};
    for (const name of names) {
      const position = positions.get(name);
      if (!position) throw new Error(`${fragment.name} returns no field ${name}`);
      const { param } = position;
      const index = base + position.word;
      if (param.baseType === "address") out[name] = wordAddress(data, index);
      else if (param.baseType === "bool") out[name] = wordUint(data, index) !== 0n;
      else if (/^u?int\d*$/.test(param.baseType)) {
        const value = wordUint(data, index);
        // intN arrive sign-extended to 256 bits.
        out[name] = param.baseType.startsWith("int") && value >= 1n << 255n ? value - (1n << 256n) : value;
      } else if (/^bytes\d+$/.test(param.baseType)) out[name] = `0x${wordHex(data, index).slice(0, Number(param.baseType.slice(5)) * 2)}`;
      else throw new Error(`${fragment.name}.${name} is a ${param.type}: not a one-word value`);
    }
    return out as Pick<T, K>;
  };
}
