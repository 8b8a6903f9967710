/**
 * Rows in PostgreSQL's binary COPY format (the tuples only: the caller adds the header and the
 * trailer). The database reads binary fields without parsing them, and writing them here is
 * cheaper than building escaped text: the listener's bulk writes go this way, on the server and
 * the embedded database alike.
 */

/** OID of `text`, the element type of every array column (`text[]`). */
const TEXT_OID = 25;
/** jsonb's binary format: a version byte, then the JSON text. */
const JSONB_VERSION = 1;
const NUMERIC_POSITIVE = 0x0000;
const NUMERIC_NEGATIVE = 0x4000;
const TWO_32 = 2 ** 32;

export class BinaryTuples {
  private buffer: Buffer;
  private at = 0;

  constructor(capacity = 64 * 1024) {
    this.buffer = Buffer.allocUnsafe(capacity);
  }

  /** Room for `bytes` more. */
  private ensure(bytes: number): void {
    if (this.at + bytes <= this.buffer.length) return;
    const grown = Buffer.allocUnsafe(Math.max(this.buffer.length * 2, this.at + bytes));
    this.buffer.copy(grown, 0, 0, this.at);
    this.buffer = grown;
  }

  /** Starts a tuple of `fields` fields. */
  tuple(fields: number): void {
    this.ensure(2);
    this.at = this.buffer.writeInt16BE(fields, this.at);
  }

  null(): void {
    this.ensure(4);
    this.at = this.buffer.writeInt32BE(-1, this.at);
  }

  int8(value: number): void {
    if (!Number.isSafeInteger(value)) throw new Error(`int8 value ${value} is not a safe integer`);
    this.ensure(12);
    const high = Math.floor(value / TWO_32);
    this.at = this.buffer.writeInt32BE(8, this.at);
    this.at = this.buffer.writeInt32BE(high, this.at);
    this.at = this.buffer.writeUInt32BE(value - high * TWO_32, this.at);
  }

  int4(value: number): void {
    this.ensure(8);
    this.at = this.buffer.writeInt32BE(4, this.at);
    this.at = this.buffer.writeInt32BE(value, this.at);
  }

  int2(value: number): void {
    this.ensure(6);
    this.at = this.buffer.writeInt32BE(2, this.at);
    this.at = this.buffer.writeInt16BE(value, this.at);
  }

  bool(value: boolean): void {
    this.ensure(5);
    this.at = this.buffer.writeInt32BE(1, this.at);
    this.buffer[this.at++] = value ? 1 : 0;
  }

  text(value: string): void {
    // UTF-8 takes at most three bytes per UTF-16 unit.
    this.ensure(4 + value.length * 3);
    const written = this.buffer.write(value, this.at + 4, "utf8");
    this.buffer.writeInt32BE(written, this.at);
    this.at += 4 + written;
  }

  bytes(value: Uint8Array): void {
    this.ensure(4 + value.length);
    this.at = this.buffer.writeInt32BE(value.length, this.at);
    this.buffer.set(value, this.at);
    this.at += value.length;
  }

  jsonb(value: unknown): void {
    const json = JSON.stringify(value);
    this.ensure(5 + json.length * 3);
    const written = this.buffer.write(json, this.at + 5, "utf8");
    this.buffer.writeInt32BE(written + 1, this.at);
    this.buffer[this.at + 4] = JSONB_VERSION;
    this.at += 5 + written;
  }

  /** A one-dimensional text[] without NULL elements. */
  textArray(values: readonly string[]): void {
    const start = this.at;
    this.ensure(4 + 12 + (values.length > 0 ? 8 : 0));
    this.at += 4;
    this.at = this.buffer.writeInt32BE(values.length > 0 ? 1 : 0, this.at);
    this.at = this.buffer.writeInt32BE(0, this.at);
    this.at = this.buffer.writeInt32BE(TEXT_OID, this.at);
    if (values.length > 0) {
      this.at = this.buffer.writeInt32BE(values.length, this.at);
      this.at = this.buffer.writeInt32BE(1, this.at);
    }
    for (const value of values) this.text(value);
    this.buffer.writeInt32BE(this.at - start - 4, start);
  }

  /** An integer given in decimal (uint256 amounts and nonces). */
  numeric(value: string): void {
    const match = /^(-?)0*(\d*)$/.exec(value);
    if (!match || value === "" || value === "-") throw new Error(`numeric value "${value}" is not an integer`);
    const digits = match[2];
    // Base-10000 digits, most significant first; trailing zero groups are left to the weight.
    const groups: number[] = [];
    const padded = digits.padStart(Math.ceil(digits.length / 4) * 4, "0");
    for (let index = 0; index < padded.length; index += 4) groups.push(Number(padded.slice(index, index + 4)));
    const weight = groups.length - 1;
    while (groups.length > 0 && groups[groups.length - 1] === 0) groups.pop();
    this.ensure(4 + 8 + groups.length * 2);
    this.at = this.buffer.writeInt32BE(8 + groups.length * 2, this.at);
    this.at = this.buffer.writeInt16BE(groups.length, this.at);
    this.at = this.buffer.writeInt16BE(groups.length === 0 ? 0 : weight, this.at);
    this.at = this.buffer.writeUInt16BE(match[1] === "-" && groups.length > 0 ? NUMERIC_NEGATIVE : NUMERIC_POSITIVE, this.at);
    this.at = this.buffer.writeInt16BE(0, this.at);
    for (const group of groups) this.at = this.buffer.writeInt16BE(group, this.at);
  }

  get length(): number {
    return this.at;
  }

  /** The tuples written, sharing this writer's memory. */
  finish(): Buffer {
    return this.buffer.subarray(0, this.at);
  }
}
