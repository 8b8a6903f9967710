import { expect } from "chai";
import { Interface, getAddress, hexlify } from "ethers";
import type { EventFragment, ParamType } from "ethers";
import fc from "fast-check";
import { UnknownEventError, createEventDecoder } from "../../src/listener/decode";
import { EMITTERS, EMITTER_NAMES } from "../../src/listener/events";
import type { EmitterName } from "../../src/listener/events";
import { MalformedAnswerError, TruncatedAnswerError, scanLogsAnswer } from "../../src/listener/logs";
import type { LogSet } from "../../src/listener/logs";

/**
 * Fuzzing the listener's two hand-written readers against the references they replace:
 *
 * - the event decoder (src/listener/decode.ts) against ethers' Interface.parseLog, on random ABI
 *   values of every event of every contract, encoded by ethers and then mutated (words replaced
 *   by high-bit and boundary values, bytes changed, data cut or extended, topics changed): the
 *   decoder refuses (UnknownEventError) or returns exactly what ethers returns;
 * - the eth_getLogs answer scanner (src/listener/logs.ts) against JSON.parse and a field mapping,
 *   on random answers (any key order, whitespace, unknown keys, hex case) and random malformed
 *   ones (cut short, bytes changed, fields missing, of the wrong type or duplicated, escaped keys,
 *   bad hex): the scanner refuses (MalformedAnswerError or TruncatedAnswerError) or gives exactly
 *   the rows the JSON holds, and reads every well-formed answer.
 *
 * Knobs: PROPERTY_RUNS (default 30; each property runs 20 times that, 600: a run takes milliseconds),
 * PROPERTY_SEED and PROPERTY_PATH to replay what fast-check printed.
 */
const RUNS = Number(process.env.PROPERTY_RUNS ?? 30) * 20;
const SEED = process.env.PROPERTY_SEED === undefined ? undefined : Number(process.env.PROPERTY_SEED);
const PARAMETERS = { numRuns: RUNS, seed: SEED, path: process.env.PROPERTY_PATH, endOnFailure: process.env.PROPERTY_PATH !== undefined };

type Outcome<T> = { ok: true; value: T } | { ok: false; error: unknown };
function attempt<T>(run: () => T): Outcome<T> {
  try {
    return { ok: true, value: run() };
  } catch (error) {
    return { ok: false, error };
  }
}

// --- the event decoder ---------------------------------------------------------------------------

const ADDRESSES = Object.fromEntries(EMITTER_NAMES.map((name, index) => [name, `0x${(index + 1).toString(16).padStart(2, "0").repeat(20)}`])) as Record<EmitterName, string>;
const decoder = createEventDecoder(ADDRESSES);

interface EventCase {
  contract: EmitterName;
  iface: Interface;
  fragment: EventFragment;
}
const EVENTS: EventCase[] = EMITTER_NAMES.flatMap((contract) => {
  const iface = new Interface(EMITTERS[contract]);
  const fragments: EventFragment[] = [];
  iface.forEachEvent((fragment) => fragments.push(fragment));
  // Named in a counterexample by contract and event, not by the whole Interface.
  return fragments.map((fragment) => ({ contract, iface, fragment, [fc.toStringMethod]: () => `${contract}.${fragment.name}` }));
});

const bytesOf = (length: number) => fc.uint8Array({ minLength: length, maxLength: length }).map((bytes) => hexlify(bytes));

/** Random values of an ABI type, as ethers encodes them. */
function valueOf(param: ParamType): fc.Arbitrary<unknown> {
  if (param.baseType === "tuple") return fc.tuple(...param.components!.map(valueOf));
  if (param.baseType === "array") {
    const child = valueOf(param.arrayChildren!);
    const fixed = param.arrayLength ?? -1;
    return fixed >= 0 ? fc.array(child, { minLength: fixed, maxLength: fixed }) : fc.array(child, { maxLength: 4 });
  }
  const type = param.type;
  if (type === "string") return fc.oneof(fc.string({ maxLength: 40 }), fc.string({ unit: "binary", maxLength: 20 }));
  if (type === "bytes") return fc.uint8Array({ maxLength: 70 }).map((bytes) => hexlify(bytes));
  if (type === "address") return fc.uint8Array({ minLength: 20, maxLength: 20 }).map((bytes) => getAddress(hexlify(bytes)));
  if (type === "bool") return fc.boolean();
  const unsigned = /^uint(\d+)$/.exec(type);
  if (unsigned) {
    // Any value, and values at every byte boundary (2^k - 1, 2^k), which a reader of the word's low bytes gets wrong first.
    const max = 2n ** BigInt(unsigned[1]) - 1n;
    const boundary = fc.tuple(fc.integer({ min: 0, max: Number(unsigned[1]) }), fc.boolean()).map(([bits, below]) => (2n ** BigInt(bits) - (below ? 1n : 0n) > max ? max : 2n ** BigInt(bits) - (below ? 1n : 0n)));
    return fc.oneof(fc.bigInt({ min: 0n, max }), boundary);
  }
  const signed = /^int(\d+)$/.exec(type);
  if (signed) return fc.bigInt({ min: -(2n ** BigInt(Number(signed[1]) - 1)), max: 2n ** BigInt(Number(signed[1]) - 1) - 1n });
  const fixedBytes = /^bytes(\d+)$/.exec(type);
  if (fixedBytes) return bytesOf(Number(fixedBytes[1]));
  throw new Error(`no arbitrary for ${type}`);
}

const word = (value: bigint) => Buffer.from(value.toString(16).padStart(64, "0"), "hex");
/** Words a mutation writes: boundaries of every width the ABIs use, offsets and lengths, one byte set anywhere, anything. */
const WORD = fc.oneof(
  fc.constantFrom(0n, 1n, 2n, 32n, 64n, 96n, 2n ** 8n, 2n ** 16n, 2n ** 24n, 2n ** 40n, 2n ** 64n, 2n ** 128n, 2n ** 160n, 2n ** 255n, 2n ** 256n - 1n).map(word),
  fc.nat({ max: 512 }).map((value) => word(BigInt(value))),
  fc.tuple(fc.nat({ max: 31 }), fc.integer({ min: 1, max: 255 })).map(([at, byte]) => {
    const bytes = Buffer.alloc(32);
    bytes[at] = byte;
    return bytes;
  }),
  fc.uint8Array({ minLength: 32, maxLength: 32 }).map((bytes) => Buffer.from(bytes)),
);
/** Bytes a mutation writes: anything, and the starts of UTF-8 sequences that cannot be complete. */
const BYTE = fc.oneof(fc.integer({ min: 0, max: 255 }), fc.constantFrom(0x80, 0xbf, 0xc0, 0xc2, 0xe0, 0xed, 0xf0, 0xf4, 0xf5, 0xff));

type Mutation =
  | { kind: "word"; at: number; value: Buffer }
  | { kind: "byte"; at: number; value: number }
  | { kind: "cut"; at: number }
  | { kind: "extend"; bytes: Uint8Array }
  | { kind: "topic"; at: number; value: Buffer }
  | { kind: "topics"; count: number };
const MUTATION: fc.Arbitrary<Mutation> = fc.oneof(
  { weight: 4, arbitrary: fc.record({ kind: fc.constant("word" as const), at: fc.nat(), value: WORD }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("byte" as const), at: fc.nat(), value: BYTE }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("extend" as const), bytes: fc.uint8Array({ minLength: 1, maxLength: 64 }) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("topic" as const), at: fc.nat(), value: WORD }) },
  // A log has at most four topics (LOG0 to LOG4): the scanner refuses more before the decoder sees them.
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("topics" as const), count: fc.nat({ max: 4 }) }) },
);

function mutate(log: { topics: readonly string[]; data: string }, mutations: readonly Mutation[]): { topics: string[]; data: string } {
  let data: Buffer = Buffer.from(log.data.slice(2), "hex");
  let topics: Buffer[] = log.topics.map((topic) => Buffer.from(topic.slice(2), "hex"));
  for (const mutation of mutations) {
    if (mutation.kind === "word" && data.length >= 32) {
      const at = (mutation.at % Math.floor(data.length / 32)) * 32;
      data = Buffer.concat([data.subarray(0, at), mutation.value, data.subarray(at + 32)]);
    } else if (mutation.kind === "byte" && data.length > 0) {
      data = Buffer.from(data);
      data[mutation.at % data.length] = mutation.value;
    } else if (mutation.kind === "cut") {
      data = data.subarray(0, mutation.at % (data.length + 1));
    } else if (mutation.kind === "extend") {
      data = Buffer.concat([data, mutation.bytes]);
    } else if (mutation.kind === "topic" && topics.length > 1) {
      // Topic 0 names the event: the others hold the indexed values.
      topics = topics.map((topic, index) => (index === 1 + (mutation.at % (topics.length - 1)) ? mutation.value : topic));
    } else if (mutation.kind === "topics") {
      topics = Array.from({ length: mutation.count }, (_, index) => topics[index] ?? word(BigInt(index)));
    }
  }
  return { topics: topics.map((topic) => `0x${topic.toString("hex")}`), data: `0x${data.toString("hex")}` };
}

/** ethers' value as the decoder gives it: structs as objects by name, addresses in lower case. */
function plain(value: unknown, type: ParamType): unknown {
  if (type.baseType === "tuple") return Object.fromEntries(type.components!.map((component, index) => [component.name, plain((value as unknown[])[index], component)]));
  if (type.baseType === "array") return (value as unknown[]).map((item) => plain(item, type.arrayChildren!));
  if (type.type === "address") return (value as string).toLowerCase();
  return value;
}

function ethersDecode(event: EventCase, log: { topics: string[]; data: string }): { name: string; args: Record<string, unknown> } | undefined {
  const parsed = event.iface.parseLog(log);
  if (!parsed) return undefined;
  return { name: parsed.name, args: Object.fromEntries(parsed.fragment.inputs.map((input, index) => [input.name, plain(parsed.args[index], input)])) };
}

/** The decoder refuses a log (UnknownEventError) or decodes it exactly as ethers does; a log ethers encoded, unchanged, it decodes. */
function checkDecoding(event: EventCase, log: { topics: string[]; data: string }, wellFormed: boolean): void {
  const ours = attempt(() => decoder.decode(ADDRESSES[event.contract], log.topics, log.data));
  const theirs = attempt(() => ethersDecode(event, log));
  const where = `${event.contract}.${event.fragment.name} topics ${log.topics.join(",")} data ${log.data}`;
  if (!ours.ok) {
    if (!(ours.error instanceof UnknownEventError)) throw new Error(`the decoder failed with ${String(ours.error)} instead of refusing: ${where}`);
    if (wellFormed) throw new Error(`the decoder refused a log ethers encoded (${(ours.error as Error).message}): ${where}`);
    return;
  }
  if (!theirs.ok || theirs.value === undefined) {
    throw new Error(`the decoder accepted a log ethers refuses (${theirs.ok ? "no event" : (theirs.error as Error).message}): ${where}`);
  }
  expect({ name: ours.value.name, args: ours.value.args }, where).to.deep.equal(theirs.value);
}

const EVENT_LOG = fc.constantFrom(...EVENTS).chain((event) =>
  fc.tuple(fc.constant(event), fc.tuple(...event.fragment.inputs.map(valueOf))).map(([, values]) => ({ event, log: event.iface.encodeEventLog(event.fragment, values) })));

describe("fuzzing the event decoder against ethers (fast-check)", () => {
  it("decodes random values of every event of every contract exactly as ethers' parseLog does", () => {
    expect(EVENTS.length).to.be.greaterThan(30);
    fc.assert(fc.property(EVENT_LOG, ({ event, log }) => checkDecoding(event, { topics: [...log.topics], data: log.data }, true)), PARAMETERS);
  });

  it("refuses a mutated encoding, or decodes it exactly as ethers does: never a different value", () => {
    fc.assert(
      fc.property(EVENT_LOG, fc.array(MUTATION, { minLength: 1, maxLength: 3 }), ({ event, log }, mutations) => checkDecoding(event, mutate(log, mutations), false)),
      PARAMETERS,
    );
  });

  it("refuses a word with bits above its type: uintN of 2^N or more, an address's upper 12 bytes, a bool other than 0 or 1, bytesN padding", () => {
    // Every static word of every event (topics and data heads), set to each value its type cannot hold.
    let refused = 0;
    for (const event of EVENTS) {
      const values = fc.sample(fc.tuple(...event.fragment.inputs.map(valueOf)), { numRuns: 1, seed: 1 })[0];
      const log = event.iface.encodeEventLog(event.fragment, values);
      let topic = 1;
      let head = 0;
      for (const input of event.fragment.inputs) {
        const type = input.type;
        const words = input.baseType === "tuple" || input.baseType === "array" ? [] : invalidWords(type);
        for (const bad of words) {
          const topics = [...log.topics];
          let data = log.data;
          if (input.indexed) topics[topic] = `0x${bad.toString("hex")}`;
          else data = `0x${log.data.slice(2, 2 + head * 64)}${bad.toString("hex")}${log.data.slice(2 + (head + 1) * 64)}`;
          const result = attempt(() => decoder.decode(ADDRESSES[event.contract], topics, data));
          expect(result.ok, `${event.contract}.${event.fragment.name}.${input.name} (${type}) = 0x${bad.toString("hex")}`).to.equal(false);
          expect((result as { error: unknown }).error).to.be.instanceOf(UnknownEventError);
          refused += 1;
        }
        if (input.indexed) topic += 1;
        else head += headWords(input);
      }
    }
    expect(refused).to.be.greaterThan(50);
  });
});

function isDynamic(param: ParamType): boolean {
  if (param.baseType === "tuple") return param.components!.some(isDynamic);
  if (param.baseType === "array") return (param.arrayLength ?? -1) < 0 || isDynamic(param.arrayChildren!);
  return param.type === "string" || param.type === "bytes";
}

/** The head words a value of `param` takes in the data. */
function headWords(param: ParamType): number {
  if (isDynamic(param)) return 1;
  if (param.baseType === "tuple") return param.components!.reduce((total, component) => total + headWords(component), 0);
  if (param.baseType === "array") return param.arrayLength! * headWords(param.arrayChildren!);
  return 1;
}

/** Words a static value of `type` cannot be. */
function invalidWords(type: string): Buffer[] {
  const unsigned = /^uint(\d+)$/.exec(type);
  if (unsigned) return Number(unsigned[1]) < 256 ? [word(2n ** BigInt(unsigned[1])), word(2n ** 256n - 1n)] : [];
  if (type === "address") return [word(2n ** 160n), word(2n ** 255n)];
  if (type === "bool") return [word(2n), word(256n), word(2n ** 255n)];
  const fixedBytes = /^bytes(\d+)$/.exec(type);
  if (fixedBytes && Number(fixedBytes[1]) < 32) return [word(1n), word(2n ** BigInt(8 * (32 - Number(fixedBytes[1])) - 1))];
  return [];
}

// --- the eth_getLogs answer scanner --------------------------------------------------------------

/** A JSON object as its members, in order: keys may repeat, and be written with escapes. */
interface JsonObject {
  members: { key: string; escaped: boolean; value: JsonValue }[];
}
type JsonValue = JsonObject | JsonValue[] | string | number | boolean | null;

const WHITESPACE = ["", "", "", " ", "\n", "\t", "\r\n  "];
/** A small seeded generator for the serializer's whitespace (the seed comes from fast-check). */
function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const escapeKey = (key: string) => [...key].map((char) => `\\u${char.charCodeAt(0).toString(16).padStart(4, "0")}`).join("");

function serialize(value: JsonValue, next: () => number): string {
  const space = () => WHITESPACE[Math.floor(next() * WHITESPACE.length)];
  if (Array.isArray(value)) return `[${value.map((item) => `${space()}${serialize(item, next)}${space()}`).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const members = value.members.map(({ key, escaped, value: member }) => `${space()}"${escaped ? escapeKey(key) : JSON.stringify(key).slice(1, -1)}"${space()}:${space()}${serialize(member, next)}${space()}`);
    return `{${members.join(",")}}`;
  }
  return JSON.stringify(value);
}

const toMembers = (entries: [string, JsonValue][]): JsonObject => ({ members: entries.map(([key, value]) => ({ key, escaped: false, value })) });

/** Any JSON value, as a member list where it is an object. */
const JSON_VALUE: fc.Arbitrary<JsonValue> = fc.jsonValue({ maxDepth: 2 }).map(function convert(value: unknown): JsonValue {
  if (Array.isArray(value)) return value.map(convert);
  if (value !== null && typeof value === "object") return toMembers(Object.entries(value).map(([key, member]) => [key, convert(member)]));
  return value as JsonValue;
});

const LOG_KEYS = ["address", "topics", "data", "blockHash", "blockNumber", "blockTimestamp", "transactionHash", "transactionIndex", "logIndex", "removed"];
const hexDigits = (count: number) => fc.string({ unit: fc.constantFrom(..."0123456789abcdefABCDEF"), minLength: count, maxLength: count });
const hexField = (bytes: number) => hexDigits(bytes * 2).map((digits) => `0x${digits}`);
const quantity = (max: number) => fc.oneof(fc.nat({ max: 300 }), fc.integer({ min: 0, max })).map((value) => `0x${value.toString(16)}`);

/** A log as a node writes it: every field the listener reads, perhaps the optional ones, perhaps keys it does not know, in any order. */
const LOG: fc.Arbitrary<[string, JsonValue][]> = fc
  .record({
    required: fc.record({
      address: hexField(20),
      topics: fc.array(hexField(32), { maxLength: 4 }),
      data: fc.nat({ max: 80 }).chain((bytes) => hexField(bytes)),
      blockHash: hexField(32),
      blockNumber: quantity(2 ** 52 - 1),
      transactionHash: hexField(32),
      transactionIndex: quantity(2 ** 31 - 1),
      logIndex: quantity(2 ** 31 - 1),
    }),
    optional: fc.record({ blockTimestamp: quantity(2 ** 52 - 1), removed: fc.boolean() }, { requiredKeys: [] }),
    extra: fc.array(fc.tuple(fc.string({ maxLength: 12 }).filter((key) => !LOG_KEYS.includes(key)), JSON_VALUE), { maxLength: 2 }),
    order: fc.nat(),
  })
  .map(({ required, optional, extra, order }) => {
    const entries: [string, JsonValue][] = [...Object.entries({ ...required, ...optional }), ...extra];
    const next = random(order);
    return entries.map((entry) => [next(), entry] as const).sort((a, b) => a[0] - b[0]).map(([, entry]) => entry);
  });

const ANSWER = fc
  .record({ logs: fc.array(LOG, { maxLength: 6 }), id: fc.nat(), seed: fc.nat(), resultFirst: fc.boolean() })
  .map(({ logs, id, seed, resultFirst }) => {
    const result = logs.map(toMembers);
    const members: [string, JsonValue][] = [["jsonrpc", "2.0"], ["id", id]];
    if (resultFirst) members.unshift(["result", result]);
    else members.push(["result", result]);
    return { answer: toMembers(members), seed };
  });

interface Row {
  address: string; topics: string[]; data: string; blockHash: string; transactionHash: string;
  blockNumber: number; logIndex: number; transactionIndex: number; blockTimestamp: number | null; removed: boolean;
}

/** What a parsed log holds, as the mirror keeps it; throws when it is not a log the mirror can keep. */
function rowOf(log: unknown): Row {
  if (log === null || typeof log !== "object" || Array.isArray(log)) throw new Error("not an object");
  const record = log as Record<string, unknown>;
  const hex = (key: string, bytes?: number): string => {
    const value = record[key];
    if (typeof value !== "string" || !/^0[xX]([0-9a-fA-F]{2})*$/.test(value) || (bytes !== undefined && value.length !== 2 + bytes * 2)) throw new Error(`bad ${key}`);
    return `0x${value.slice(2).toLowerCase()}`;
  };
  const number = (value: unknown, max: number): number => {
    if (typeof value !== "string" || !/^0x[0-9a-fA-F]+$/.test(value) || parseInt(value, 16) > max) throw new Error("bad quantity");
    return parseInt(value, 16);
  };
  const topics = record.topics;
  if (!Array.isArray(topics) || topics.length > 4) throw new Error("bad topics");
  if (record.removed !== undefined && typeof record.removed !== "boolean") throw new Error("bad removed");
  return {
    address: hex("address", 20),
    topics: topics.map((_, index) => {
      const value = topics[index];
      if (typeof value !== "string" || !/^0[xX][0-9a-fA-F]{64}$/.test(value)) throw new Error("bad topic");
      return value.toLowerCase().replace("0X", "0x");
    }),
    data: hex("data"),
    blockHash: hex("blockHash", 32),
    transactionHash: hex("transactionHash", 32),
    blockNumber: number(record.blockNumber, Number.MAX_SAFE_INTEGER),
    logIndex: number(record.logIndex, 2 ** 31 - 1),
    transactionIndex: number(record.transactionIndex, 2 ** 31 - 1),
    blockTimestamp: record.blockTimestamp === undefined ? null : number(record.blockTimestamp, Number.MAX_SAFE_INTEGER),
    removed: record.removed === true,
  };
}

function rowsOf(logs: LogSet): Row[] {
  return Array.from({ length: logs.length }, (_, index) => ({
    address: logs.address(index), topics: logs.topics(index), data: logs.data(index), blockHash: logs.blockHash(index), transactionHash: logs.transactionHash(index),
    blockNumber: logs.blockNumber[index], logIndex: logs.logIndex[index], transactionIndex: logs.transactionIndex[index],
    blockTimestamp: Number.isNaN(logs.blockTimestamp[index]) ? null : logs.blockTimestamp[index], removed: logs.removed[index] === 1,
  }));
}

/**
 * The scanner refuses `body` with its own errors, hands back exactly JSON.parse's value, or gives
 * exactly the rows of the logs the JSON holds; it refuses what JSON.parse refuses, and what holds
 * a log the mirror cannot keep. With `wellFormed`, it must give the rows.
 */
function checkScan(body: Buffer, wellFormed: boolean): void {
  const text = body.toString("utf8");
  const where = `answer ${JSON.stringify(text.slice(0, 2000))}`;
  const scanned = attempt(() => scanLogsAnswer(body));
  if (!scanned.ok && !(scanned.error instanceof MalformedAnswerError || scanned.error instanceof TruncatedAnswerError)) {
    throw new Error(`the scanner failed with ${String(scanned.error)} instead of refusing: ${where}`);
  }
  const parsed = attempt(() => JSON.parse(text) as unknown);
  if (!parsed.ok) {
    if (scanned.ok) throw new Error(`the scanner accepted what JSON.parse refuses (${(parsed.error as Error).message}): ${where}`);
    return;
  }
  const value = parsed.value as Record<string, unknown> | null;
  const isLogs = value !== null && typeof value === "object" && !Array.isArray(value) && !("error" in value) && Array.isArray(value.result);
  const rows = isLogs ? attempt(() => (value.result as unknown[]).map(rowOf)) : undefined;
  if (wellFormed) expect(scanned.ok && "logs" in scanned.value, `the scanner refused a well-formed answer (${scanned.ok ? "handed it back" : (scanned.error as Error).message}): ${where}`).to.equal(true);
  if (!scanned.ok) return;
  if ("answer" in scanned.value) {
    expect(scanned.value.answer, where).to.deep.equal(parsed.value);
    return;
  }
  if (!rows) throw new Error(`the scanner read logs from an answer that holds none: ${where}`);
  if (!rows.ok) throw new Error(`the scanner read logs from an answer with a log the mirror cannot keep (${(rows.error as Error).message}): ${where}`);
  expect(rowsOf(scanned.value.logs), where).to.deep.equal(rows.value);
}

type AnswerMutation =
  | { kind: "cut"; at: number }
  | { kind: "byte"; at: number; value: number }
  | { kind: "insert"; at: number; text: string }
  | { kind: "delete"; at: number; length: number }
  | { kind: "drop"; log: number; member: number }
  | { kind: "retype"; log: number; member: number; value: JsonValue }
  | { kind: "badHex"; log: number; member: number; text: string }
  | { kind: "duplicate"; log: number; member: number; value: JsonValue; escaped: boolean }
  | { kind: "escape"; log: number; member: number }
  | { kind: "topLevel"; key: string; value: JsonValue; escaped: boolean };

const TOKENS = fc.constantFrom("{", "}", "[", "]", ",", ":", "\"", "\\", "0x", "null", "true", "-", "1e", "\u0001", "\\u00", "\\x", "\u00e9", "ff");
const ANSWER_MUTATION: fc.Arbitrary<AnswerMutation> = fc.oneof(
  fc.record({ kind: fc.constant("cut" as const), at: fc.nat() }),
  fc.record({ kind: fc.constant("byte" as const), at: fc.nat(), value: fc.integer({ min: 0, max: 255 }) }),
  fc.record({ kind: fc.constant("insert" as const), at: fc.nat(), text: fc.oneof(TOKENS, fc.string({ maxLength: 4 })) }),
  fc.record({ kind: fc.constant("delete" as const), at: fc.nat(), length: fc.integer({ min: 1, max: 8 }) }),
  fc.record({ kind: fc.constant("drop" as const), log: fc.nat(), member: fc.nat() }),
  fc.record({ kind: fc.constant("retype" as const), log: fc.nat(), member: fc.nat(), value: JSON_VALUE }),
  fc.record({
    kind: fc.constant("badHex" as const), log: fc.nat(), member: fc.nat(),
    text: fc.oneof(hexDigits(3), fc.string({ unit: fc.constantFrom(..."0x123456789abcdefgXG \\\"\u00e9"), maxLength: 70 }), fc.nat({ max: 70 }).chain((length) => hexField(length))),
  }),
  fc.record({ kind: fc.constant("duplicate" as const), log: fc.nat(), member: fc.nat(), value: JSON_VALUE, escaped: fc.boolean() }),
  fc.record({ kind: fc.constant("escape" as const), log: fc.nat(), member: fc.nat() }),
  fc.record({ kind: fc.constant("topLevel" as const), key: fc.constantFrom("result", "error", "id", "jsonrpc"), value: JSON_VALUE, escaped: fc.boolean() }),
);

/** Applies the structural mutations to the answer (a copy), then serializes it and applies the byte-level ones. */
function mutateAnswer(answer: JsonObject, seed: number, mutations: readonly AnswerMutation[]): Buffer {
  const copy = structuredClone(answer);
  const logs = (copy.members.find((member) => member.key === "result")!.value as JsonObject[]);
  const memberOf = (log: number, member: number) => {
    if (logs.length === 0) return undefined;
    const members = logs[log % logs.length].members;
    return members.length === 0 ? undefined : { members, index: member % members.length };
  };
  for (const mutation of mutations) {
    if (mutation.kind === "topLevel") copy.members.push({ key: mutation.key, escaped: mutation.escaped, value: mutation.value });
    if (mutation.kind !== "drop" && mutation.kind !== "retype" && mutation.kind !== "badHex" && mutation.kind !== "duplicate" && mutation.kind !== "escape") continue;
    const target = memberOf(mutation.log, mutation.member);
    if (!target) continue;
    const member = target.members[target.index];
    if (mutation.kind === "drop") target.members.splice(target.index, 1);
    else if (mutation.kind === "retype") member.value = mutation.value;
    else if (mutation.kind === "badHex") member.value = Array.isArray(member.value) && member.value.length > 0 ? [...member.value.slice(1), mutation.text] : mutation.text;
    else if (mutation.kind === "duplicate") target.members.push({ key: member.key, escaped: mutation.escaped, value: mutation.value });
    else member.escaped = true;
  }
  let text = serialize(copy, random(seed));
  for (const mutation of mutations) {
    const at = "at" in mutation ? mutation.at % (text.length + 1) : 0;
    if (mutation.kind === "cut") text = text.slice(0, at);
    else if (mutation.kind === "insert") text = text.slice(0, at) + mutation.text + text.slice(at);
    else if (mutation.kind === "delete") text = text.slice(0, at) + text.slice(at + mutation.length);
  }
  const body = Buffer.from(text, "utf8");
  for (const mutation of mutations) if (mutation.kind === "byte" && body.length > 0) body[mutation.at % body.length] = mutation.value;
  return body;
}

describe("fuzzing the eth_getLogs answer scanner against JSON.parse (fast-check)", () => {
  it("reads a random well-formed answer exactly as JSON.parse and the field mapping do", () => {
    fc.assert(fc.property(ANSWER, ({ answer, seed }) => checkScan(Buffer.from(serialize(answer, random(seed))), true)), PARAMETERS);
  });

  it("refuses a random malformed answer, or reads exactly what its JSON holds: never a wrong row", () => {
    fc.assert(
      fc.property(ANSWER, fc.array(ANSWER_MUTATION, { minLength: 1, maxLength: 3 }), ({ answer, seed }, mutations) => checkScan(mutateAnswer(answer, seed, mutations), false)),
      PARAMETERS,
    );
  });
});
