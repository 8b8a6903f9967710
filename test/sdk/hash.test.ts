import { expect } from "chai";
import { createHash } from "node:crypto";
import { closeSync, openSync, rmSync, writeFileSync, writeSync } from "node:fs";
import { join } from "node:path";
import { canonicalJson, sha256File, sha256Json } from "../../src/sdk/hash";
import { temporaryDirectory } from "../cli/harness";

describe("SDK hashing", () => {
  it("streams a 160 MiB file through SHA-256 in chunks, in bounded memory", async () => {
    const folder = temporaryDirectory("hash");
    const file = join(folder, "large.bin");
    try {
      // 160 MiB written block by block, so the test itself never holds the file either; reading it
      // whole would grow the process by at least that much.
      const block = Buffer.alloc(1 << 20);
      const reference = createHash("sha256");
      const descriptor = openSync(file, "w");
      for (let index = 0; index < 160; index += 1) {
        block.fill(index);
        writeSync(descriptor, block);
        reference.update(block);
      }
      closeSync(descriptor);
      const progress: number[] = [];
      const before = process.memoryUsage().rss;
      const digest = await sha256File(file, (bytesRead) => progress.push(bytesRead));
      const growth = process.memoryUsage().rss - before;
      expect(digest).to.equal(`0x${reference.digest("hex")}`);
      expect(progress[progress.length - 1]).to.equal(160 << 20);
      expect(progress.length).to.be.greaterThan(50);
      expect(growth, "resident memory growth while hashing").to.be.lessThan(64 << 20);
    } finally {
      // 160 MiB: gone now, not at the end of the run.
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it("refuses a missing file and a folder in one line", async () => {
    const folder = temporaryDirectory("hash-errors");
    const missing = await sha256File(join(folder, "nope")).catch((error: Error) => error.message);
    expect(missing).to.equal(`cannot read ${join(folder, "nope")}: no such file`);
    const notAFile = await sha256File(folder).catch((error: Error) => error.message);
    expect(notAFile).to.equal(`cannot hash ${folder}: not a regular file`);
  });

  it("hashes a JSON manifest by its canonical form, whatever the key order", () => {
    const a = { name: "x", nested: { b: 2, a: [1, { d: true, c: null }] }, skipped: undefined };
    const b = { nested: { a: [1, { c: null, d: true }], b: 2 }, name: "x" };
    expect(canonicalJson(a)).to.equal('{"name":"x","nested":{"a":[1,{"c":null,"d":true}],"b":2}}');
    expect(sha256Json(a)).to.equal(sha256Json(b));
    expect(sha256Json(a)).to.not.equal(sha256Json({ ...b, name: "y" }));
    expect(() => canonicalJson({ n: Number.NaN })).to.throw("canonical JSON cannot hold a non-finite number");
  });

  it("hashes the same bytes as a file and as content", async () => {
    const folder = temporaryDirectory("hash-small");
    const file = join(folder, "small.txt");
    writeFileSync(file, "month,kwh\n2026-01,5123\n");
    expect(await sha256File(file)).to.equal(`0x${createHash("sha256").update("month,kwh\n2026-01,5123\n").digest("hex")}`);
  });
});
