import { Interface } from "ethers";
import type { EventFragment, ParamType } from "ethers";
import { EMITTERS, EMITTER_NAMES } from "./events";
import type { DecodedEvent, EmitterName } from "./events";

/**
 * Decodes logs straight from the node's hex. For every event of every contract a layout is
 * computed once: which topic or data word holds each argument and how to read it, heads and
 * tails included (strings, arrays and structs holding them, as ProductRegistered and
 * ListingTermsSet carry). ethers' Interface.parseLog gives the same values (a test checks it on
 * every log the stories emit) but builds several objects per argument and checks each value,
 * which took most of the backfill's time.
 */

/**
 * How to read one ABI value from the hex. A static value is read at its head word; a dynamic one
 * (string, bytes, T[], a tuple holding one) at the word its head's offset points to.
 */
interface Layout {
  dynamic: boolean;
  /** Head words of a static value (1 for a dynamic one: its offset). */
  words: number;
  read(hex: string, at: number): unknown;
}

const ZERO_WORD = "0".repeat(64);

function wordAt(hex: string, word: number): string {
  return hex.slice(2 + word * 64, 66 + word * 64);
}

function wordNumber(hex: string, word: number): number {
  return Number.parseInt(wordAt(hex, word), 16);
}

/** Values encoded one after another from word `base` (a tuple, the event's data, an array's elements). */
function readSequence(hex: string, base: number, layouts: readonly Layout[]): unknown[] {
  let head = base;
  return layouts.map((layout) => {
    if (!layout.dynamic) {
      const value = layout.read(hex, head);
      head += layout.words;
      return value;
    }
    const value = layout.read(hex, base + wordNumber(hex, head) / 32);
    head += 1;
    return value;
  });
}

const dynamicLayout = (read: Layout["read"]): Layout => ({ dynamic: true, words: 1, read });
const staticLayout = (words: number, read: Layout["read"]): Layout => ({ dynamic: false, words, read });

function bytesAt(hex: string, at: number): string {
  const length = wordNumber(hex, at);
  const start = 2 + (at + 1) * 64;
  return hex.slice(start, start + length * 2);
}

function layoutOf(param: ParamType): Layout {
  const type = param.type;
  if (param.baseType === "tuple") {
    const names = param.components!.map((component) => component.name);
    const components = param.components!.map(layoutOf);
    const read = (hex: string, at: number) => {
      const values = readSequence(hex, at, components);
      return Object.fromEntries(names.map((name, index) => [name, values[index]]));
    };
    if (components.some((component) => component.dynamic)) return dynamicLayout(read);
    return staticLayout(components.reduce((words, component) => words + component.words, 0), read);
  }
  if (param.baseType === "array") {
    const child = layoutOf(param.arrayChildren!);
    if (param.arrayLength === null || param.arrayLength < 0) {
      return dynamicLayout((hex, at) => readSequence(hex, at + 1, Array.from({ length: wordNumber(hex, at) }, () => child)));
    }
    const children = Array.from({ length: param.arrayLength }, () => child);
    const read = (hex: string, at: number) => readSequence(hex, at, children);
    return child.dynamic ? dynamicLayout(read) : staticLayout(param.arrayLength * child.words, read);
  }
  if (type === "string") return dynamicLayout((hex, at) => Buffer.from(bytesAt(hex, at), "hex").toString("utf8"));
  if (type === "bytes") return dynamicLayout((hex, at) => `0x${bytesAt(hex, at)}`);
  if (type === "address") return staticLayout(1, (hex, word) => `0x${wordAt(hex, word).slice(24)}`);
  if (type === "bool") return staticLayout(1, (hex, word) => wordAt(hex, word) !== ZERO_WORD);
  if (/^uint\d+$/.test(type)) return staticLayout(1, (hex, word) => BigInt(`0x${wordAt(hex, word)}`));
  const signed = /^int(\d+)$/.exec(type);
  if (signed) {
    const bits = Number(signed[1]);
    return staticLayout(1, (hex, word) => BigInt.asIntN(bits, BigInt(`0x${wordAt(hex, word)}`)));
  }
  const fixedBytes = /^bytes(\d+)$/.exec(type);
  if (fixedBytes) {
    const length = Number(fixedBytes[1]) * 2;
    return staticLayout(1, (hex, word) => `0x${wordAt(hex, word).slice(0, length)}`);
  }
  throw new Error(`no decoder for ABI type ${type}`);
}

interface EventLayout {
  contract: EmitterName;
  name: string;
  decode(topics: readonly string[], data: string): Record<string, unknown>;
}

function eventLayout(contract: EmitterName, fragment: EventFragment): EventLayout {
  const indexed: { name: string; topic: number; layout: Layout }[] = [];
  fragment.inputs.forEach((input) => {
    if (input.indexed) indexed.push({ name: input.name, topic: indexed.length + 1, layout: layoutOf(input) });
  });
  const dataParams = fragment.inputs.filter((input) => !input.indexed);
  const layouts = dataParams.map(layoutOf);
  const headWords = layouts.reduce((words, layout) => words + layout.words, 0);
  return {
    contract,
    name: fragment.name,
    decode(topics, data) {
      if (data.length < 2 + headWords * 64) throw new Error(`${contract}.${fragment.name}: the log's data is ${(data.length - 2) / 2} bytes, at least ${headWords * 32} expected`);
      const args: Record<string, unknown> = {};
      // A dynamic indexed value is only its hash in the topic; none of ours is, but stay correct.
      for (const { name, topic, layout } of indexed) args[name] = layout.dynamic ? topics[topic] : layout.read(topics[topic], 0);
      const values = readSequence(data, 0, layouts);
      dataParams.forEach((param, index) => {
        args[param.name] = values[index];
      });
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
