import { AbiCoder, Interface } from "ethers";
import type { EventFragment, ParamType, Result } from "ethers";
import { EMITTERS, EMITTER_NAMES } from "./events";
import type { DecodedEvent, EmitterName } from "./events";

/**
 * Decodes logs straight from the node's hex. For every event of every contract a layout is
 * computed once: which topic or data word holds each argument and how to read it. Events whose
 * data is all static (nearly all of them, the 16-word Deal included) are read by slicing
 * words; the two with dynamic data (ProductRegistered, ListingTermsSet) go through ethers'
 * AbiCoder. ethers' Interface.parseLog gives the same values (a test checks it on every event
 * the stories emit) but builds several objects per argument, which the backfill cannot afford.
 */

type Reader = (hex: string, word: number) => unknown;

interface StaticLayout {
  words: number;
  read: Reader;
}

const ZERO_WORD = "0".repeat(64);

function wordAt(hex: string, word: number): string {
  return hex.slice(2 + word * 64, 66 + word * 64);
}

/** How to read `param` from consecutive 32-byte words; undefined for dynamic types. */
function staticLayout(param: ParamType): StaticLayout | undefined {
  const type = param.type;
  if (param.baseType === "tuple") {
    const components = param.components!.map((component) => ({ name: component.name, layout: staticLayout(component) }));
    if (components.some((component) => component.layout === undefined)) return undefined;
    const offsets: number[] = [];
    let words = 0;
    for (const component of components) {
      offsets.push(words);
      words += component.layout!.words;
    }
    return {
      words,
      read: (hex, word) => {
        const value: Record<string, unknown> = {};
        components.forEach((component, index) => {
          value[component.name] = component.layout!.read(hex, word + offsets[index]);
        });
        return value;
      },
    };
  }
  if (param.baseType === "array") {
    if (param.arrayLength === null || param.arrayLength < 0) return undefined;
    const child = staticLayout(param.arrayChildren!);
    if (!child) return undefined;
    const length = param.arrayLength;
    return { words: length * child.words, read: (hex, word) => Array.from({ length }, (_, index) => child.read(hex, word + index * child.words)) };
  }
  if (type === "address") return { words: 1, read: (hex, word) => `0x${wordAt(hex, word).slice(24)}` };
  if (type === "bool") return { words: 1, read: (hex, word) => wordAt(hex, word) !== ZERO_WORD };
  const unsigned = /^uint(\d+)$/.exec(type);
  if (unsigned) return { words: 1, read: (hex, word) => BigInt(`0x${wordAt(hex, word)}`) };
  const signed = /^int(\d+)$/.exec(type);
  if (signed) {
    const bits = Number(signed[1]);
    return { words: 1, read: (hex, word) => BigInt.asIntN(bits, BigInt(`0x${wordAt(hex, word)}`)) };
  }
  const fixedBytes = /^bytes(\d+)$/.exec(type);
  if (fixedBytes) {
    const length = Number(fixedBytes[1]) * 2;
    return { words: 1, read: (hex, word) => `0x${wordAt(hex, word).slice(0, length)}` };
  }
  return undefined;
}

/** An ethers Result as the plain value the bindings declare: structs as objects, addresses lower case. */
function plainValue(value: unknown, param: ParamType): unknown {
  if (param.baseType === "tuple") {
    const result = value as Result;
    const plain: Record<string, unknown> = {};
    param.components!.forEach((component, index) => {
      plain[component.name] = plainValue(result[index], component);
    });
    return plain;
  }
  if (param.baseType === "array") return Array.from(value as Result, (item) => plainValue(item, param.arrayChildren!));
  if (param.type === "address") return (value as string).toLowerCase();
  return value;
}

interface EventLayout {
  contract: EmitterName;
  name: string;
  decode(topics: readonly string[], data: string): Record<string, unknown>;
}

function eventLayout(contract: EmitterName, fragment: EventFragment): EventLayout {
  const indexed: { name: string; topic: number; read: Reader | undefined }[] = [];
  const dataParams = fragment.inputs.filter((input) => !input.indexed);
  fragment.inputs.forEach((input) => {
    if (input.indexed) {
      // Dynamic indexed values are only their hash in the topic; none of ours is, but stay correct.
      indexed.push({ name: input.name, topic: indexed.length + 1, read: staticLayout(input)?.read });
    }
  });
  const layouts = dataParams.map(staticLayout);
  const allStatic = layouts.every((layout) => layout !== undefined);
  const offsets: number[] = [];
  let words = 0;
  for (const layout of layouts) {
    offsets.push(words);
    words += layout?.words ?? 1;
  }
  const coder = AbiCoder.defaultAbiCoder();
  return {
    contract,
    name: fragment.name,
    decode(topics, data) {
      const args: Record<string, unknown> = {};
      for (const { name, topic, read } of indexed) args[name] = read ? read(topics[topic], 0) : topics[topic];
      if (allStatic) {
        if (data.length < 2 + words * 64) throw new Error(`${contract}.${fragment.name}: the log's data is ${(data.length - 2) / 2} bytes, ${words * 32} expected`);
        dataParams.forEach((param, index) => {
          args[param.name] = layouts[index]!.read(data, offsets[index]);
        });
      } else {
        const values = coder.decode(dataParams, data);
        dataParams.forEach((param, index) => {
          args[param.name] = plainValue(values[index], param);
        });
      }
      return args;
    },
  };
}

/** A log of a known contract address whose first topic is none of that contract's events. */
export class UnknownEventError extends Error {
  override readonly name = "UnknownEventError";
}

export interface EventDecoder {
  /** The deployment's addresses (lower case) the decoder knows, with their contract names. */
  readonly addresses: ReadonlyMap<string, EmitterName>;
  decode(address: string, topics: readonly string[], data: string): DecodedEvent;
}

/** A decoder for the contracts at `addresses` (contract name → address). */
export function createEventDecoder(addresses: Record<EmitterName, string>): EventDecoder {
  const byAddress = new Map<string, Map<string, EventLayout>>();
  const names = new Map<string, EmitterName>();
  for (const contract of EMITTER_NAMES) {
    const layouts = new Map<string, EventLayout>();
    new Interface(EMITTERS[contract]).forEachEvent((fragment) => layouts.set(fragment.topicHash, eventLayout(contract, fragment)));
    const address = addresses[contract].toLowerCase();
    byAddress.set(address, layouts);
    names.set(address, contract);
  }
  return {
    addresses: names,
    decode(address, topics, data) {
      const layouts = byAddress.get(address);
      if (!layouts) throw new UnknownEventError(`a log of ${address}, which is not a contract of the deployment`);
      const layout = topics.length > 0 ? layouts.get(topics[0]) : undefined;
      if (!layout) throw new UnknownEventError(`a log of ${names.get(address)} (${address}) with unknown topic ${topics[0] ?? "(none)"}`);
      return { contract: layout.contract, name: layout.name, args: layout.decode(topics, data) } as DecodedEvent;
    },
  };
}
