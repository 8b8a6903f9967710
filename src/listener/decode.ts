import { Interface } from "ethers";
import type { EventFragment, ParamType } from "ethers";
import { EMITTER_NAMES, TIMELOCK_EMITTER, sourceAbi } from "./events";
import type { DecodedEvent, EmitterName, SourceName } from "./events";
import { LogSet, bytesEqual, encodeLogs, hexOf } from "./logs";

/**
 * Decodes logs straight from their bytes (`LogSet`). For every event of every contract a layout
 * is computed once: which topic or data word holds each argument and how to read it, heads and
 * tails included (strings, arrays and structs holding them, as ProductRegistered and
 * ListingTermsSet carry). ethers' Interface.parseLog gives the same values (a test checks it on
 * every log the stories emit) but builds several objects per argument and checks each value,
 * which took most of the backfill's time.
 */

/**
 * How to read one ABI value. A static value is read at its head; a dynamic one (string, bytes,
 * T[], a tuple holding one) where its head's offset points. Positions are byte offsets into the
 * buffer; `end` bounds the value's encoding, so a bad offset or length is refused, not read past.
 */
interface Layout {
  dynamic: boolean;
  /** Head words of a static value (1 for a dynamic one: its offset). */
  words: number;
  read(bytes: Buffer, at: number, end: number): unknown;
}

class AbiDecodingError extends Error {
  override readonly name = "AbiDecodingError";
}

function check(at: number, size: number, end: number): void {
  if (at + size > end) throw new AbiDecodingError(`the value at byte ${at} runs past the log's data`);
}

/** A word that must fit 32 bits (offsets, lengths). */
function smallWord(bytes: Buffer, at: number, end: number): number {
  check(at, 32, end);
  for (let index = at; index < at + 28; index++) if (bytes[index] !== 0) throw new AbiDecodingError(`an offset or length at byte ${at} is out of range`);
  return bytes.readUInt32BE(at + 28);
}

function uintWord(bytes: Buffer, at: number): bigint {
  // Most values (ids, times, enums) fit six bytes: read those as a number.
  for (let index = at; index < at + 26; index++) if (bytes[index] !== 0) return BigInt(`0x${bytes.toString("hex", at, at + 32)}`);
  return BigInt(bytes.readUIntBE(at + 26, 6));
}

/**
 * Refuses a word whose bytes before `from` are not all zero: a uintN, address or bool word with
 * high bits set, which no contract emits and Solidity's own decoder refuses (ethers masks a uintN
 * and reads any non-zero bool as true: a different value, or a guess).
 */
function zeroesBefore(bytes: Buffer, at: number, from: number, what: string): void {
  for (let index = at; index < at + from; index++) if (bytes[index] !== 0) throw new AbiDecodingError(`the ${what} at byte ${at} has high bits set`);
}

/** A strict UTF-8 decoder: an ABI string that is not UTF-8 is refused (as ethers' toUtf8String does), and a BOM is kept. */
const UTF8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

/** Values encoded one after another from `base` (a tuple, the event's data, an array's elements). */
function readSequence(bytes: Buffer, base: number, end: number, layouts: readonly Layout[]): unknown[] {
  let head = base;
  const values = new Array<unknown>(layouts.length);
  for (let index = 0; index < layouts.length; index++) {
    const layout = layouts[index];
    if (!layout.dynamic) {
      check(head, layout.words * 32, end);
      values[index] = layout.read(bytes, head, end);
      head += layout.words * 32;
    } else {
      values[index] = layout.read(bytes, base + smallWord(bytes, head, end), end);
      head += 32;
    }
  }
  return values;
}

const dynamicLayout = (read: Layout["read"]): Layout => ({ dynamic: true, words: 1, read });
const staticLayout = (words: number, read: Layout["read"]): Layout => ({ dynamic: false, words, read });

/** The bytes of a `bytes` or `string` value: a length word, then the bytes. */
function bytesBounds(bytes: Buffer, at: number, end: number): [number, number] {
  const length = smallWord(bytes, at, end);
  check(at + 32, length, end);
  return [at + 32, at + 32 + length];
}

function layoutOf(param: ParamType): Layout {
  const type = param.type;
  if (param.baseType === "tuple") {
    const names = param.components!.map((component) => component.name);
    const components = param.components!.map(layoutOf);
    const read = (bytes: Buffer, at: number, end: number) => {
      const values = readSequence(bytes, at, end, components);
      const result: Record<string, unknown> = {};
      for (let index = 0; index < names.length; index++) result[names[index]] = values[index];
      return result;
    };
    if (components.some((component) => component.dynamic)) return dynamicLayout(read);
    return staticLayout(components.reduce((words, component) => words + component.words, 0), read);
  }
  if (param.baseType === "array") {
    const child = layoutOf(param.arrayChildren!);
    if (param.arrayLength === null || param.arrayLength < 0) {
      return dynamicLayout((bytes, at, end) => {
        const count = smallWord(bytes, at, end);
        // Every element takes at least a head word: a count the data cannot hold is refused before anything is allocated.
        if (count * child.words * 32 > end - at - 32) throw new AbiDecodingError(`an array at byte ${at} of ${count} elements runs past the log's data`);
        return readSequence(bytes, at + 32, end, new Array<Layout>(count).fill(child));
      });
    }
    const children = new Array<Layout>(param.arrayLength).fill(child);
    const read = (bytes: Buffer, at: number, end: number) => readSequence(bytes, at, end, children);
    return child.dynamic ? dynamicLayout(read) : staticLayout(param.arrayLength * child.words, read);
  }
  if (type === "string") {
    return dynamicLayout((bytes, at, end) => {
      const [start, stop] = bytesBounds(bytes, at, end);
      try {
        return UTF8.decode(bytes.subarray(start, stop));
      } catch {
        throw new AbiDecodingError(`the string at byte ${at} is not UTF-8`);
      }
    });
  }
  if (type === "bytes") return dynamicLayout((bytes, at, end) => hexOf(bytes, ...bytesBounds(bytes, at, end)));
  if (type === "address") {
    return staticLayout(1, (bytes, at) => {
      zeroesBefore(bytes, at, 12, "address");
      return hexOf(bytes, at + 12, at + 32);
    });
  }
  if (type === "bool") {
    return staticLayout(1, (bytes, at) => {
      zeroesBefore(bytes, at, 31, "bool");
      if (bytes[at + 31] > 1) throw new AbiDecodingError(`the bool at byte ${at} is neither 0 nor 1`);
      return bytes[at + 31] === 1;
    });
  }
  const unsigned = /^uint(\d+)$/.exec(type);
  if (unsigned) {
    const highBytes = 32 - Number(unsigned[1]) / 8;
    return staticLayout(1, (bytes, at) => {
      zeroesBefore(bytes, at, highBytes, type);
      return uintWord(bytes, at);
    });
  }
  const signed = /^int(\d+)$/.exec(type);
  if (signed) {
    const bits = Number(signed[1]);
    return staticLayout(1, (bytes, at) => {
      const word = BigInt(`0x${bytes.toString("hex", at, at + 32)}`);
      const value = BigInt.asIntN(bits, word);
      // The word must be the value sign-extended to 256 bits.
      if (BigInt.asUintN(256, value) !== word) throw new AbiDecodingError(`the ${type} at byte ${at} is not sign-extended`);
      return value;
    });
  }
  const fixedBytes = /^bytes(\d+)$/.exec(type);
  if (fixedBytes) {
    const length = Number(fixedBytes[1]);
    return staticLayout(1, (bytes, at) => {
      for (let index = at + length; index < at + 32; index++) if (bytes[index] !== 0) throw new AbiDecodingError(`the ${type} at byte ${at} has non-zero padding`);
      return hexOf(bytes, at, at + length);
    });
  }
  throw new Error(`no decoder for ABI type ${type}`);
}

interface EventLayout {
  contract: SourceName;
  name: string;
  topic: Buffer;
  decode(logs: LogSet, index: number): Record<string, unknown>;
}

function eventLayout(contract: SourceName, fragment: EventFragment): EventLayout {
  const indexed: { name: string; topic: number; layout: Layout }[] = [];
  fragment.inputs.forEach((input) => {
    if (input.indexed) indexed.push({ name: input.name, topic: indexed.length + 1, layout: layoutOf(input) });
  });
  const dataNames = fragment.inputs.filter((input) => !input.indexed).map((input) => input.name);
  const layouts = fragment.inputs.filter((input) => !input.indexed).map(layoutOf);
  const headBytes = layouts.reduce((words, layout) => words + layout.words, 0) * 32;
  const label = `${contract}.${fragment.name}`;
  return {
    contract,
    name: fragment.name,
    topic: Buffer.from(fragment.topicHash.slice(2), "hex"),
    decode(logs, index) {
      const bytes = logs.bytes;
      if (logs.topicCount[index] !== indexed.length + 1) {
        throw new AbiDecodingError(`${label}: the log has ${logs.topicCount[index]} topics, ${indexed.length + 1} expected`);
      }
      const start = logs.dataAt(index);
      const end = logs.dataEnd(index);
      if (end - start < headBytes) throw new AbiDecodingError(`${label}: the log's data is ${end - start} bytes, at least ${headBytes} expected`);
      const args: Record<string, unknown> = {};
      // A dynamic indexed value is only its hash in the topic; none of ours is, but stay correct.
      for (const { name, topic, layout } of indexed) {
        const at = logs.topicAt(index, topic);
        args[name] = layout.dynamic ? logs.hex(at, at + 32) : layout.read(bytes, at, at + 32);
      }
      const values = readSequence(bytes, start, end, layouts);
      for (let position = 0; position < dataNames.length; position++) args[dataNames[position]] = values[position];
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
  readonly addresses: ReadonlyMap<string, SourceName>;
  /** The addresses (lower case) of the deployments the current one succeeds. */
  readonly earlier: ReadonlySet<string>;
  /** The event of log `index` of `logs`. */
  decodeLog(logs: LogSet, index: number): DecodedEvent;
  /** The address (lower case) of log `index`: one shared string per contract. */
  addressOf(logs: LogSet, index: number): string;
  /** The event of a log given as hex, as eth_getLogs returns it. */
  decode(address: string, topics: readonly string[], data: string): DecodedEvent;
}

interface Emitter {
  name: SourceName;
  address: string;
  bytes: Buffer;
  /** Its events by the first six bytes of their topic. */
  events: Map<number, EventLayout[]>;
}

/**
 * A decoder for the contracts at `addresses` (contract name → address), at `earlier`, the
 * addresses of the deployments they succeed (one history across epochs), and of the exchange's
 * timelocks (`timelocks`, when the deployment has one).
 */
export function createEventDecoder(
  addresses: Record<EmitterName, string>, earlier: readonly Record<EmitterName, string>[] = [], timelocks: readonly string[] = [],
): EventDecoder {
  const names = new Map<string, SourceName>();
  // By the last four bytes of the address, then compared whole.
  const emitters = new Map<number, Emitter[]>();
  const sources: (readonly [SourceName, string])[] = [
    ...[addresses, ...earlier].flatMap((epoch) => EMITTER_NAMES.map((name) => [name, epoch[name]] as const)),
    ...[...new Set(timelocks.map((address) => address.toLowerCase()))].map((address) => [TIMELOCK_EMITTER, address] as const),
  ];
  for (const [contract, given] of sources) {
    const address = given.toLowerCase();
    const bytes = Buffer.from(address.slice(2), "hex");
    const events = new Map<number, EventLayout[]>();
    new Interface(sourceAbi(contract)).forEachEvent((fragment) => {
      const layout = eventLayout(contract, fragment);
      const key = layout.topic.readUIntBE(0, 6);
      events.set(key, [...(events.get(key) ?? []), layout]);
    });
    const key = bytes.readUInt32BE(16);
    emitters.set(key, [...(emitters.get(key) ?? []), { name: contract, address, bytes, events }]);
    names.set(address, contract);
  }

  function emitterOf(logs: LogSet, index: number): Emitter {
    const at = logs.addressAt(index);
    const bytes = logs.bytes;
    const candidates = emitters.get(bytes.readUInt32BE(at + 16));
    if (candidates) for (const emitter of candidates) if (bytesEqual(emitter.bytes, 0, bytes, at, 20)) return emitter;
    throw new UnknownEventError(`a log of ${logs.address(index)}, which is not a contract of the deployment`);
  }

  function decodeLog(logs: LogSet, index: number): DecodedEvent {
    const emitter = emitterOf(logs, index);
    let layout: EventLayout | undefined;
    if (logs.topicCount[index] > 0) {
      const at = logs.topicAt(index, 0);
      const candidates = emitter.events.get(logs.bytes.readUIntBE(at, 6));
      if (candidates) layout = candidates.find((candidate) => bytesEqual(candidate.topic, 0, logs.bytes, at, 32));
    }
    if (!layout) {
      const topic = logs.topicCount[index] > 0 ? logs.topics(index)[0] : "(none)";
      throw new UnknownEventError(`a log of ${emitter.name} (${emitter.address}) with unknown topic ${topic}`);
    }
    try {
      return { contract: layout.contract, name: layout.name, args: layout.decode(logs, index) } as DecodedEvent;
    } catch (error) {
      if (!(error instanceof AbiDecodingError)) throw error;
      throw new UnknownEventError(`a log of ${emitter.name} (${emitter.address}) that does not decode as ${layout.name}: ${error.message}`);
    }
  }

  return {
    addresses: names,
    earlier: new Set(earlier.flatMap((epoch) => EMITTER_NAMES.map((name) => epoch[name].toLowerCase()))),
    decodeLog,
    addressOf: (logs, index) => emitterOf(logs, index).address,
    decode(address, topics, data) {
      const zero = `0x${"00".repeat(32)}`;
      const logs = encodeLogs([{ blockNumber: 0, logIndex: 0, transactionIndex: 0, blockHash: zero, transactionHash: zero, address, topics, data }]);
      return decodeLog(logs, 0);
    },
  };
}
