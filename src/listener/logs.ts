/**
 * The logs of an eth_getLogs answer, kept as bytes. The node's JSON is scanned once, straight
 * from the response body: each log's hex fields are decoded into one binary tuple in the layout
 * of PostgreSQL's binary COPY for `raw_logs`, and its numbers into typed arrays. The tuples are
 * at once what the mirror writes (a whole batch of raw logs is one slice of one buffer) and what
 * the decoder reads events from; no string or object is made per field. JSON.parse would build
 * about a dozen strings and two objects per log, which cost more than the rest of the listener.
 */

const HEX_DIGITS = Buffer.from("0123456789abcdef");
const hexScratch = Buffer.allocUnsafe(2 + 2 * 256);
hexScratch[0] = 0x30;
hexScratch[1] = 0x78;

/**
 * `bytes[start, end)` as 0x-prefixed lower-case hex, built as one flat string: "0x" + hex would
 * make a rope that is copied again each time it is written out (every hash goes to the database).
 */
export function hexOf(bytes: Uint8Array, start: number, end: number): string {
  if (end - start > 256) return `0x${Buffer.from(bytes.buffer, bytes.byteOffset + start, end - start).toString("hex")}`;
  let at = 2;
  for (let index = start; index < end; index++) {
    const byte = bytes[index];
    hexScratch[at++] = HEX_DIGITS[byte >> 4];
    hexScratch[at++] = HEX_DIGITS[byte & 15];
  }
  return hexScratch.toString("latin1", 0, at);
}

/** Whether `length` bytes of `a` at `atA` equal those of `b` at `atB` (a loop: cheaper than a native call for a few bytes). */
export function bytesEqual(a: Uint8Array, atA: number, b: Uint8Array, atB: number, length: number): boolean {
  for (let index = 0; index < length; index++) if (a[atA + index] !== b[atB + index]) return false;
  return true;
}

/** Columns of `raw_logs`, in the order the tuples hold them. */
export const RAW_LOG_COLUMNS = [
  "block_number", "log_index", "block_hash", "transaction_hash", "transaction_index", "address",
  "topic0", "topic1", "topic2", "topic3", "data",
] as const;

// Byte offsets within a tuple: int16 field count, then each field as int32 length and its bytes.
const BLOCK_NUMBER_AT = 2 + 4;
const LOG_INDEX_AT = BLOCK_NUMBER_AT + 8 + 4;
const BLOCK_HASH_AT = LOG_INDEX_AT + 4 + 4;
const TRANSACTION_HASH_AT = BLOCK_HASH_AT + 32 + 4;
const TRANSACTION_INDEX_AT = TRANSACTION_HASH_AT + 32 + 4;
const ADDRESS_AT = TRANSACTION_INDEX_AT + 4 + 4;
const TOPICS_AT = ADDRESS_AT + 20;
const MAX_TOPICS = 4;
/** The most a tuple takes besides its data. */
const TUPLE_OVERHEAD = TOPICS_AT + MAX_TOPICS * 36 + 4;

/** PostgreSQL's binary COPY signature, flags and header extension; a -1 field count ends the data. */
export const BINARY_COPY_HEADER = Buffer.from([0x50, 0x47, 0x43, 0x4f, 0x50, 0x59, 0x0a, 0xff, 0x0d, 0x0a, 0x00, 0, 0, 0, 0, 0, 0, 0, 0]);
export const BINARY_COPY_TRAILER = Buffer.from([0xff, 0xff]);

/**
 * Logs in chain order: tuple `i` is `bytes[tupleAt[i], tupleAt[i + 1])`. Slices share the
 * buffers, so cutting a batch in parts copies nothing.
 */
export class LogSet {
  constructor(
    readonly length: number,
    readonly bytes: Buffer,
    readonly tupleAt: Int32Array,
    readonly blockNumber: Float64Array,
    readonly logIndex: Float64Array,
    readonly transactionIndex: Float64Array,
    /** The block's time as the node gave it with the log, NaN when it did not. */
    readonly blockTimestamp: Float64Array,
    readonly removed: Uint8Array,
    readonly topicCount: Uint8Array,
  ) {}

  static empty(): LogSet {
    return new LogSet(0, Buffer.alloc(0), new Int32Array(1), new Float64Array(0), new Float64Array(0), new Float64Array(0), new Float64Array(0), new Uint8Array(0), new Uint8Array(0));
  }

  /** The logs of several sets, in their order, in one set (the tuples copied). */
  static concat(sets: readonly LogSet[]): LogSet {
    const length = sets.reduce((total, set) => total + set.length, 0);
    const size = sets.reduce((total, set) => total + set.tuples().length, 0);
    const bytes = Buffer.allocUnsafe(size);
    const tupleAt = new Int32Array(length + 1);
    const joined = new LogSet(
      length, bytes, tupleAt, new Float64Array(length), new Float64Array(length), new Float64Array(length), new Float64Array(length),
      new Uint8Array(length), new Uint8Array(length),
    );
    let index = 0;
    let at = 0;
    for (const set of sets) {
      const tuples = set.tuples();
      tuples.copy(bytes, at);
      for (let item = 0; item < set.length; item++) tupleAt[index + item] = set.tupleAt[item] - set.tupleAt[0] + at;
      joined.blockNumber.set(set.blockNumber, index);
      joined.logIndex.set(set.logIndex, index);
      joined.transactionIndex.set(set.transactionIndex, index);
      joined.blockTimestamp.set(set.blockTimestamp, index);
      joined.removed.set(set.removed, index);
      joined.topicCount.set(set.topicCount, index);
      index += set.length;
      at += tuples.length;
    }
    tupleAt[length] = at;
    return joined;
  }

  /** Logs `start` to `end` (exclusive), sharing this set's buffers. */
  slice(start: number, end: number): LogSet {
    return new LogSet(
      end - start, this.bytes, this.tupleAt.subarray(start, end + 1), this.blockNumber.subarray(start, end), this.logIndex.subarray(start, end),
      this.transactionIndex.subarray(start, end), this.blockTimestamp.subarray(start, end), this.removed.subarray(start, end),
      this.topicCount.subarray(start, end),
    );
  }

  /** The binary COPY tuples of `raw_logs` for these logs, back to back. */
  tuples(): Buffer {
    return this.bytes.subarray(this.tupleAt[0], this.tupleAt[this.length]);
  }

  blockHashAt(index: number): number {
    return this.tupleAt[index] + BLOCK_HASH_AT;
  }

  transactionHashAt(index: number): number {
    return this.tupleAt[index] + TRANSACTION_HASH_AT;
  }

  addressAt(index: number): number {
    return this.tupleAt[index] + ADDRESS_AT;
  }

  /** Where topic `topic` (0-3, below topicCount) of log `index` starts. */
  topicAt(index: number, topic: number): number {
    return this.tupleAt[index] + TOPICS_AT + 4 + topic * 36;
  }

  dataAt(index: number): number {
    const count = this.topicCount[index];
    return this.tupleAt[index] + TOPICS_AT + count * 36 + (MAX_TOPICS - count) * 4 + 4;
  }

  dataEnd(index: number): number {
    return this.tupleAt[index + 1];
  }

  hex(start: number, end: number): string {
    return hexOf(this.bytes, start, end);
  }

  blockHash(index: number): string {
    const at = this.blockHashAt(index);
    return this.hex(at, at + 32);
  }

  transactionHash(index: number): string {
    const at = this.transactionHashAt(index);
    return this.hex(at, at + 32);
  }

  address(index: number): string {
    const at = this.addressAt(index);
    return this.hex(at, at + 20);
  }

  topics(index: number): string[] {
    return Array.from({ length: this.topicCount[index] }, (_, topic) => {
      const at = this.topicAt(index, topic);
      return this.hex(at, at + 32);
    });
  }

  data(index: number): string {
    return this.hex(this.dataAt(index), this.dataEnd(index));
  }

  /** Whether logs `a` and `b` (of this set) are of the same block hash. */
  sameBlockHash(a: number, b: number): boolean {
    return bytesEqual(this.bytes, this.blockHashAt(a), this.bytes, this.blockHashAt(b), 32);
  }

  /** Whether log `index`'s block hash is `hash` (0x-hex). */
  blockHashIs(index: number, hash: string): boolean {
    return hash.length === 66 && this.blockHash(index) === hash.toLowerCase();
  }
}

/** One log as plain values: what a row of `raw_logs` or an answer's JSON holds. */
export interface LogFields {
  blockNumber: number;
  logIndex: number;
  transactionIndex: number;
  /** 0x-hex or bytes: 32 bytes. */
  blockHash: string | Uint8Array;
  transactionHash: string | Uint8Array;
  /** 20 bytes. */
  address: string | Uint8Array;
  /** Up to four, 32 bytes each. */
  topics: readonly (string | Uint8Array)[];
  data: string | Uint8Array;
  blockTimestamp?: number;
  removed?: boolean;
}

const bytesOf = (value: string | Uint8Array, what: string): Buffer => {
  if (typeof value !== "string") return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  if (!/^0x([0-9a-fA-F]{2})*$/.test(value)) throw new Error(`${what} is not 0x-prefixed hex: ${value.slice(0, 80)}`);
  return Buffer.from(value.slice(2), "hex");
};

/** Builds a log set from plain logs: the mirror's own raw logs (for a rebuild) and tests. */
export function encodeLogs(logs: readonly LogFields[]): LogSet {
  const parts = logs.map((log) => ({
    blockHash: bytesOf(log.blockHash, "blockHash"), transactionHash: bytesOf(log.transactionHash, "transactionHash"),
    address: bytesOf(log.address, "address"), topics: log.topics.map((topic) => bytesOf(topic, "topic")), data: bytesOf(log.data, "data"),
  }));
  const size = parts.reduce((total, part) => total + TUPLE_OVERHEAD + part.data.length, 0);
  const writer = new TupleWriter(Buffer.alloc(size), logs.length);
  logs.forEach((log, index) => {
    const part = parts[index];
    if (part.blockHash.length !== 32 || part.transactionHash.length !== 32 || part.address.length !== 20 || part.topics.length > MAX_TOPICS || part.topics.some((topic) => topic.length !== 32)) {
      throw new Error(`log ${log.logIndex} of block ${log.blockNumber} has a hash, address or topic of the wrong size`);
    }
    writer.begin(log.blockNumber, log.logIndex, log.transactionIndex, log.blockTimestamp ?? Number.NaN, log.removed ?? false);
    writer.bytes(part.blockHash);
    writer.bytes(part.transactionHash);
    writer.int4(log.transactionIndex);
    writer.bytes(part.address);
    for (const topic of part.topics) writer.bytes(topic);
    for (let missing = part.topics.length; missing < MAX_TOPICS; missing++) writer.nullField();
    writer.bytes(part.data);
    writer.end(part.topics.length);
  });
  return writer.finish();
}

/** Appends tuples and their typed-array entries. */
class TupleWriter {
  at = 0;
  count = 0;
  readonly tupleAt: Int32Array;
  readonly blockNumber: Float64Array;
  readonly logIndex: Float64Array;
  readonly transactionIndex: Float64Array;
  readonly blockTimestamp: Float64Array;
  readonly removed: Uint8Array;
  readonly topicCount: Uint8Array;

  constructor(
    readonly out: Buffer,
    capacity: number,
  ) {
    this.tupleAt = new Int32Array(capacity + 1);
    this.blockNumber = new Float64Array(capacity);
    this.logIndex = new Float64Array(capacity);
    this.transactionIndex = new Float64Array(capacity);
    this.blockTimestamp = new Float64Array(capacity);
    this.removed = new Uint8Array(capacity);
    this.topicCount = new Uint8Array(capacity);
  }

  begin(blockNumber: number, logIndex: number, transactionIndex: number, timestamp: number, removed: boolean): void {
    const index = this.count;
    this.tupleAt[index] = this.at;
    this.blockNumber[index] = blockNumber;
    this.logIndex[index] = logIndex;
    this.transactionIndex[index] = transactionIndex;
    this.blockTimestamp[index] = timestamp;
    this.removed[index] = removed ? 1 : 0;
    this.at = this.out.writeInt16BE(RAW_LOG_COLUMNS.length, this.at);
    this.at = this.out.writeInt32BE(8, this.at);
    // Block numbers stay below 2^53: the high word, then the low one.
    this.at = this.out.writeUInt32BE(Math.floor(blockNumber / 2 ** 32), this.at);
    this.at = this.out.writeUInt32BE(blockNumber >>> 0, this.at);
    this.int4(logIndex);
  }

  int4(value: number): void {
    this.at = this.out.writeInt32BE(4, this.at);
    this.at = this.out.writeInt32BE(value, this.at);
  }

  bytes(value: Uint8Array): void {
    this.at = this.out.writeInt32BE(value.length, this.at);
    this.out.set(value, this.at);
    this.at += value.length;
  }

  nullField(): void {
    this.at = this.out.writeInt32BE(-1, this.at);
  }

  end(topics: number): void {
    this.topicCount[this.count] = topics;
    this.count += 1;
  }

  finish(): LogSet {
    this.tupleAt[this.count] = this.at;
    const count = this.count;
    return new LogSet(
      count, this.out, this.tupleAt.subarray(0, count + 1), this.blockNumber.subarray(0, count), this.logIndex.subarray(0, count),
      this.transactionIndex.subarray(0, count), this.blockTimestamp.subarray(0, count), this.removed.subarray(0, count), this.topicCount.subarray(0, count),
    );
  }
}

/** The node's answer is not the JSON-RPC answer eth_getLogs should give. */
export class MalformedAnswerError extends Error {
  override readonly name = "MalformedAnswerError";
}

/** The answer ends in the middle: the connection was cut. */
export class TruncatedAnswerError extends Error {
  override readonly name = "TruncatedAnswerError";
}

const HEX_VALUE = new Int8Array(256).fill(-1);
for (let digit = 0; digit < 10; digit++) HEX_VALUE[0x30 + digit] = digit;
for (let letter = 0; letter < 6; letter++) {
  HEX_VALUE[0x61 + letter] = 10 + letter;
  HEX_VALUE[0x41 + letter] = 10 + letter;
}

/** The largest log and transaction index raw_logs holds (int4). */
const INT4_MAX = 2 ** 31 - 1;
/** A JSON number, true, false or null. */
const LITERAL = /^(?:-?(?:0|[1-9][0-9]*)(?:\.[0-9]+)?(?:[eE][+-]?[0-9]+)?|true|false|null)$/;
/** What may follow a backslash in a JSON string, besides u and four hex digits. */
const ESCAPES = new Set([0x22, 0x5c, 0x2f, 0x62, 0x66, 0x6e, 0x72, 0x74]);

const QUOTE = 0x22;
const BACKSLASH = 0x5c;
const COLON = 0x3a;
const COMMA = 0x2c;
const OPEN_BRACE = 0x7b;
const CLOSE_BRACE = 0x7d;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;

// The keys of a log the listener reads.
enum Key {
  Other,
  Address,
  Topics,
  Data,
  BlockHash,
  BlockNumber,
  BlockTimestamp,
  TransactionHash,
  TransactionIndex,
  LogIndex,
  Removed,
}

const RESULT = Buffer.from("result");
const ERROR = Buffer.from("error");
const TRUE = Buffer.from("true");
const FALSE = Buffer.from("false");
const KEYS: [string, Key][] = [
  ["address", Key.Address], ["topics", Key.Topics], ["data", Key.Data], ["blockHash", Key.BlockHash], ["blockNumber", Key.BlockNumber],
  ["blockTimestamp", Key.BlockTimestamp], ["transactionHash", Key.TransactionHash], ["transactionIndex", Key.TransactionIndex],
  ["logIndex", Key.LogIndex], ["removed", Key.Removed],
];
const KEYS_BY_LENGTH: [Buffer, Key][][] = [];
for (const [name, key] of KEYS) (KEYS_BY_LENGTH[name.length] ??= []).push([Buffer.from(name), key]);

/** The answer: its logs, or (an error, or anything unexpected) the parsed JSON for the caller to judge. */
export type ScannedAnswer = { logs: LogSet } | { answer: unknown };

/**
 * Scans an eth_getLogs JSON-RPC answer. Keys may come in any order, with any whitespace, and
 * unknown keys are skipped; every hex field is checked (digits, and the size of hashes,
 * addresses and topics).
 */
export function scanLogsAnswer(body: Buffer): ScannedAnswer {
  return new Scanner(body).answer();
}

class Scanner {
  private at = 0;
  private keyStart = 0;
  private keyEnd = 0;
  /** The key just read, decoded, when it holds an escape. */
  private escapedKey: string | undefined;
  constructor(private readonly src: Buffer) {}

  answer(): ScannedAnswer {
    this.expect(OPEN_BRACE, "an object");
    let logs: LogSet | undefined;
    let other = false;
    if (!this.endOf(CLOSE_BRACE)) {
      do {
        this.key();
        const result = this.keyIs(RESULT);
        if (result && this.peek() === OPEN_BRACKET) logs = this.logs();
        else {
          // A later "result" that is not a list replaces the list (JSON.parse keeps the last).
          if (result) logs = undefined;
          other ||= this.keyIs(ERROR);
          this.skipValue();
        }
      } while (this.next(CLOSE_BRACE));
    }
    // Nothing but whitespace may follow the answer.
    this.whitespace();
    if (this.at < this.src.length) this.fail("the end of the answer");
    if (logs && !other) return { logs };
    try {
      return { answer: JSON.parse(this.src.toString("utf8")) };
    } catch (error) {
      throw new MalformedAnswerError(`the answer is not JSON: ${(error as Error).message}`);
    }
  }

  private logs(): LogSet {
    this.at += 1;
    // A tuple is never larger than the JSON it comes from, less what every log's keys take.
    const writer = new TupleWriter(Buffer.allocUnsafe(this.src.length + TUPLE_OVERHEAD), this.countObjects());
    if (this.endOf(CLOSE_BRACKET)) return writer.finish();
    const topicStart = new Int32Array(MAX_TOPICS);
    do {
      this.expect(OPEN_BRACE, "a log object");
      let blockNumber = -1, logIndex = -1, transactionIndex = -1, timestamp = Number.NaN, removed = false;
      let address = -1, blockHash = -1, transactionHash = -1, dataStart = -1, dataEnd = -1, topics = -1;
      if (!this.endOf(CLOSE_BRACE)) {
        do {
          const key = this.logKey();
          switch (key) {
            case Key.Address: address = this.hexString(40, "address"); break;
            case Key.BlockHash: blockHash = this.hexString(64, "blockHash"); break;
            case Key.TransactionHash: transactionHash = this.hexString(64, "transactionHash"); break;
            case Key.Data:
              dataStart = this.hexString(-1, "data");
              dataEnd = this.at - 1;
              break;
            case Key.BlockNumber: blockNumber = this.quantity("blockNumber"); break;
            case Key.LogIndex: logIndex = this.quantity("logIndex", INT4_MAX); break;
            case Key.TransactionIndex: transactionIndex = this.quantity("transactionIndex", INT4_MAX); break;
            case Key.BlockTimestamp: timestamp = this.quantity("blockTimestamp"); break;
            case Key.Removed: removed = this.boolean("removed"); break;
            case Key.Topics:
              topics = 0;
              this.expect(OPEN_BRACKET, "the topics array");
              if (!this.endOf(CLOSE_BRACKET)) {
                do {
                  if (topics === MAX_TOPICS) throw new MalformedAnswerError(`a log has more than ${MAX_TOPICS} topics`);
                  topicStart[topics++] = this.hexString(64, "topic");
                } while (this.next(CLOSE_BRACKET));
              }
              break;
            default: this.skipValue();
          }
        } while (this.next(CLOSE_BRACE));
      }
      const missing = [
        [address, "address"], [blockHash, "blockHash"], [transactionHash, "transactionHash"], [dataStart, "data"], [topics, "topics"],
        [blockNumber, "blockNumber"], [logIndex, "logIndex"], [transactionIndex, "transactionIndex"],
      ].find(([position]) => position === -1);
      if (missing) throw new MalformedAnswerError(`log ${writer.count} of the answer has no ${missing[1]}`);
      writer.begin(blockNumber, logIndex, transactionIndex, timestamp, removed);
      this.hexField(writer, blockHash, 64, "blockHash");
      this.hexField(writer, transactionHash, 64, "transactionHash");
      writer.int4(transactionIndex);
      this.hexField(writer, address, 40, "address");
      for (let topic = 0; topic < topics; topic++) this.hexField(writer, topicStart[topic], 64, "a topic");
      for (let absent = topics; absent < MAX_TOPICS; absent++) writer.nullField();
      this.hexField(writer, dataStart, dataEnd - dataStart, "data");
      writer.end(topics);
    } while (this.next(CLOSE_BRACKET));
    return writer.finish();
  }

  /** An upper bound of the logs in the array: the braces in it (hex holds none). */
  private countObjects(): number {
    let count = 0;
    for (let at = this.src.indexOf(OPEN_BRACE, this.at); at !== -1; at = this.src.indexOf(OPEN_BRACE, at + 1)) count += 1;
    return count;
  }

  /** Writes `digits` hex digits from `start` as one bytea field, decoded; refuses a digit that is not hex. */
  private hexField(writer: TupleWriter, start: number, digits: number, what: string): void {
    const out = writer.out;
    let at = out.writeInt32BE(digits >> 1, writer.at);
    const src = this.src;
    // HEX_VALUE is -1 for anything else: one OR over the whole field tells.
    let invalid = 0;
    for (let index = start, end = start + digits; index < end; index += 2) {
      const high = HEX_VALUE[src[index]];
      const low = HEX_VALUE[src[index + 1]];
      invalid |= high | low;
      out[at++] = (high << 4) | low;
    }
    if (invalid < 0) throw new MalformedAnswerError(`${what} holds a character that is not hex`);
    writer.at = at;
  }

  /** A "0x..." string of `digits` hex digits (any even number when -1): where its digits start. */
  private hexString(digits: number, what: string): number {
    if (this.peek() !== QUOTE) this.fail(`a string for ${what}`);
    this.at += 1;
    const src = this.src;
    if (this.at + 2 > src.length) throw new TruncatedAnswerError("the answer ends inside a string");
    if (src[this.at] !== 0x30 || (src[this.at + 1] !== 0x78 && src[this.at + 1] !== 0x58)) throw new MalformedAnswerError(`${what} does not start with 0x`);
    const start = this.at + 2;
    // Fixed-size fields: the closing quote is where it must be (the digits are checked as they are decoded).
    const end = digits === -1 || src[start + digits] !== QUOTE ? src.indexOf(QUOTE, start) : start + digits;
    if (end === -1) throw new TruncatedAnswerError("the answer ends inside a string");
    if (digits === -1 ? (end - start) % 2 !== 0 : end - start !== digits) {
      throw new MalformedAnswerError(`${what} has ${end - start} hex digits, ${digits === -1 ? "an even number" : digits} expected`);
    }
    this.at = end + 1;
    return start;
  }

  /** A "0x..." quantity, below 2^52 and at most `max` (the raw_logs column's range). */
  private quantity(what: string, max = Number.MAX_SAFE_INTEGER): number {
    if (this.peek() !== QUOTE) this.fail(`a string for ${what}`);
    this.at += 1;
    const src = this.src;
    if (this.at + 2 > src.length) throw new TruncatedAnswerError("the answer ends inside a string");
    if (src[this.at] !== 0x30 || src[this.at + 1] !== 0x78) throw new MalformedAnswerError(`${what} does not start with 0x`);
    let value = 0;
    let index = this.at + 2;
    for (; src[index] !== QUOTE; index++) {
      if (index >= src.length) throw new TruncatedAnswerError("the answer ends inside a string");
      const digit = HEX_VALUE[src[index]];
      if (digit < 0) throw new MalformedAnswerError(`${what} holds a character that is not hex`);
      value = value * 16 + digit;
    }
    if (index === this.at + 2 || index - this.at - 2 > 13) throw new MalformedAnswerError(`${what} is not a quantity below 2^52`);
    if (value > max) throw new MalformedAnswerError(`${what} is above ${max}`);
    this.at = index + 1;
    return value;
  }

  private boolean(what: string): boolean {
    this.whitespace();
    const src = this.src;
    if (this.is(TRUE, this.at, Math.min(src.length, this.at + 4))) {
      this.at += 4;
      return true;
    }
    if (this.is(FALSE, this.at, Math.min(src.length, this.at + 5))) {
      this.at += 5;
      return false;
    }
    // "false" and what closes the answer need more bytes than are left: it was cut short.
    if (src.length - this.at < 6) throw new TruncatedAnswerError(`the answer ends inside ${what}`);
    throw new MalformedAnswerError(`${what} is not a boolean`);
  }

  private logKey(): Key {
    this.key();
    if (this.escapedKey !== undefined) return KEYS.find(([name]) => name === this.escapedKey)?.[1] ?? Key.Other;
    const start = this.keyStart;
    const end = this.keyEnd;
    const candidates = KEYS_BY_LENGTH[end - start];
    if (candidates) {
      for (const [name, key] of candidates) if (this.is(name, start, end)) return key;
    }
    return Key.Other;
  }

  /** Whether the bytes from `start` to `end` are `expected` (a few bytes: a loop beats a native call). */
  private is(expected: Buffer, start: number, end: number): boolean {
    if (end - start !== expected.length) return false;
    const src = this.src;
    for (let index = 0; index < expected.length; index++) if (src[start + index] !== expected[index]) return false;
    return true;
  }

  /**
   * A key and its colon; its text lies from keyStart to keyEnd. A key with an escape (rare: no node
   * writes one) is also decoded into `escapedKey`, so "addr\u0065ss" is read as the address, as
   * JSON.parse reads it, and not skipped while JSON.parse takes it over an earlier one.
   */
  private key(): void {
    this.expect(QUOTE, "a key");
    const start = this.at;
    const end = this.stringEnd();
    this.keyStart = start;
    this.keyEnd = end;
    this.escapedKey = undefined;
    const src = this.src;
    for (let index = start; index < end; index++) {
      if (src[index] < 0x20) throw new MalformedAnswerError(`a key at byte ${start} holds a control character`);
      if (src[index] === BACKSLASH) {
        this.checkString(start, end);
        this.escapedKey = JSON.parse(src.toString("utf8", start - 1, end + 1)) as string;
        break;
      }
    }
    this.expect(COLON, "a colon");
  }

  /** Whether the key just read is `name`. */
  private keyIs(name: Buffer): boolean {
    return this.escapedKey === undefined ? this.is(name, this.keyStart, this.keyEnd) : this.escapedKey === name.toString("latin1");
  }

  /** Checks a skipped string (from after its opening quote to its closing one) as JSON.parse would: no control character, valid escapes. */
  private checkString(start: number, end: number): void {
    const src = this.src;
    for (let index = start; index < end; index++) {
      const byte = src[index];
      if (byte < 0x20) throw new MalformedAnswerError(`a string at byte ${start} holds a control character`);
      if (byte !== BACKSLASH) continue;
      const escaped = src[++index];
      if (escaped === 0x75) {
        for (let digit = 1; digit <= 4; digit++) if (HEX_VALUE[src[index + digit]] < 0) throw new MalformedAnswerError(`a string at byte ${start} holds a bad \\u escape`);
        index += 4;
      } else if (!ESCAPES.has(escaped)) throw new MalformedAnswerError(`a string at byte ${start} holds a bad escape`);
    }
  }

  /** From inside a string to past its closing quote; returns where the quote is. */
  private stringEnd(): number {
    const src = this.src;
    for (let index = this.at; ; ) {
      const quote = src.indexOf(QUOTE, index);
      if (quote === -1) throw new TruncatedAnswerError("the answer ends inside a string");
      let backslashes = 0;
      while (src[quote - 1 - backslashes] === BACKSLASH) backslashes += 1;
      if (backslashes % 2 === 0) {
        this.at = quote + 1;
        return quote;
      }
      index = quote + 1;
    }
  }

  private skipValue(): void {
    this.whitespace();
    const first = this.src[this.at];
    if (first === QUOTE) {
      this.at += 1;
      const start = this.at;
      this.checkString(start, this.stringEnd());
      return;
    }
    if (first === OPEN_BRACE || first === OPEN_BRACKET) {
      const close = first === OPEN_BRACE ? CLOSE_BRACE : CLOSE_BRACKET;
      this.at += 1;
      if (this.endOf(close)) return;
      do {
        if (close === CLOSE_BRACE) this.key();
        this.skipValue();
      } while (this.next(close));
      return;
    }
    // A number, true, false or null.
    const start = this.at;
    while (this.at < this.src.length && !isDelimiter(this.src[this.at])) this.at += 1;
    if (this.at === start) this.fail("a value");
    if (!LITERAL.test(this.src.toString("latin1", start, this.at))) {
      if (this.at >= this.src.length) throw new TruncatedAnswerError("the answer ends inside a value");
      throw new MalformedAnswerError(`a value at byte ${start} is not JSON`);
    }
  }

  private whitespace(): void {
    const src = this.src;
    while (this.at < src.length && isWhitespace(src[this.at])) this.at += 1;
  }

  private peek(): number {
    this.whitespace();
    return this.src[this.at];
  }

  private expect(byte: number, what: string): void {
    if (this.peek() !== byte) this.fail(what);
    this.at += 1;
  }

  /** At `close` (consumed): true. */
  private endOf(close: number): boolean {
    if (this.peek() !== close) return false;
    this.at += 1;
    return true;
  }

  /** After a member: a comma (true, more follow) or `close` (false). */
  private next(close: number): boolean {
    const byte = this.peek();
    this.at += 1;
    if (byte === COMMA) return true;
    if (byte === close) return false;
    return this.fail(`a comma or ${String.fromCharCode(close)}`);
  }

  private fail(what: string): never {
    if (this.at >= this.src.length) throw new TruncatedAnswerError(`the answer ends where ${what} should be`);
    throw new MalformedAnswerError(`${what} expected at byte ${this.at} of the answer, found ${JSON.stringify(this.src.toString("latin1", this.at, this.at + 20))}`);
  }
}

function isWhitespace(byte: number): boolean {
  return byte === 0x20 || byte === 0x0a || byte === 0x0d || byte === 0x09;
}

function isDelimiter(byte: number): boolean {
  return byte === COMMA || byte === CLOSE_BRACE || byte === CLOSE_BRACKET || isWhitespace(byte);
}
