import { expect } from "chai";
import { LogSet, MalformedAnswerError, TruncatedAnswerError, encodeLogs, scanLogsAnswer } from "../../src/listener/logs";
import type { LogFields } from "../../src/listener/logs";

const hash = (byte: number) => `0x${byte.toString(16).padStart(2, "0").repeat(32)}`;

/** A log as a node's JSON holds it. */
function jsonLog(block: number, index: number, data = "0x", topics = [hash(0xee), hash(index)]) {
  return {
    address: "0x5fbdb2315678afecb367f032d93f642f64180aa3",
    topics,
    data,
    blockHash: hash(block),
    blockNumber: `0x${block.toString(16)}`,
    blockTimestamp: `0x${(1_700_000_000 + block).toString(16)}`,
    transactionHash: hash(0x70 + index),
    transactionIndex: `0x${index.toString(16)}`,
    logIndex: `0x${index.toString(16)}`,
    removed: false,
  };
}

function answer(result: unknown): Buffer {
  return Buffer.from(JSON.stringify({ jsonrpc: "2.0", id: 7, result }));
}

function scannedLogs(body: Buffer | string): LogSet {
  const scanned = scanLogsAnswer(Buffer.from(body));
  if (!("logs" in scanned)) throw new Error(`not logs: ${JSON.stringify(scanned.answer)}`);
  return scanned.logs;
}

/** What a LogSet holds of log `index`, as the JSON spells it. */
function fieldsOf(logs: LogSet, index: number) {
  return {
    address: logs.address(index),
    topics: logs.topics(index),
    data: logs.data(index),
    blockHash: logs.blockHash(index),
    blockNumber: `0x${logs.blockNumber[index].toString(16)}`,
    blockTimestamp: `0x${logs.blockTimestamp[index].toString(16)}`,
    transactionHash: logs.transactionHash(index),
    transactionIndex: `0x${logs.transactionIndex[index].toString(16)}`,
    logIndex: `0x${logs.logIndex[index].toString(16)}`,
    removed: logs.removed[index] === 1,
  };
}

describe("the eth_getLogs answer scanner", () => {
  it("reads every field of every log, whatever the data's length and the number of topics", () => {
    const logs = [
      jsonLog(1, 0),
      jsonLog(1, 1, `0x${"00".repeat(31)}01${"ff".repeat(64)}`, [hash(0xaa)]),
      jsonLog(2, 0, "0x", []),
      jsonLog(3, 5, `0x${"ab".repeat(32)}`, [hash(1), hash(2), hash(3), hash(4)]),
    ];
    const scanned = scannedLogs(answer(logs));
    expect(scanned.length).to.equal(4);
    expect(logs.map((_, index) => fieldsOf(scanned, index))).to.deep.equal(logs);
  });

  it("takes the keys in any order, with whitespace, upper-case hex and keys it does not know", () => {
    const body = `{ "id" : 7 , "result" : [ {
        "logIndex": "0x2", "removed": true, "unknown": {"nested": ["a\\"]", {"b": null}], "n": -1.5e3},
        "data": "0xABCD", "topics": [ "${hash(9).toUpperCase().replace("0X", "0x")}" ],
        "transactionIndex": "0x3", "transactionHash": "${hash(7)}", "blockNumber": "0x10",
        "blockHash": "${hash(16)}", "address": "0x5FbDB2315678afecb367f032d93F642f64180aa3", "extra": "text with \\\\ and \\" quotes"
      } ] , "jsonrpc" : "2.0" }`;
    const scanned = scannedLogs(body);
    expect(scanned.length).to.equal(1);
    expect(scanned.data(0)).to.equal("0xabcd");
    expect(scanned.topics(0)).to.deep.equal([hash(9)]);
    expect(scanned.address(0)).to.equal("0x5fbdb2315678afecb367f032d93f642f64180aa3");
    expect([scanned.blockNumber[0], scanned.logIndex[0], scanned.transactionIndex[0], scanned.removed[0]]).to.deep.equal([16, 2, 3, 1]);
    // A node that leaves the block's time out of its logs: the listener reads the header instead.
    expect(Number.isNaN(scanned.blockTimestamp[0])).to.equal(true);
  });

  it("reads an empty answer", () => {
    expect(scannedLogs(answer([])).length).to.equal(0);
    expect(scannedLogs(" { \"result\" : [ ] } ").tuples().length).to.equal(0);
  });

  it("hands back an error answer, or a result that is not a list of logs, parsed for the caller to judge", () => {
    const error = { jsonrpc: "2.0", id: 1, error: { code: -32005, message: "query returned more than 10000 results" } };
    expect(scanLogsAnswer(Buffer.from(JSON.stringify(error)))).to.deep.equal({ answer: error });
    expect(scanLogsAnswer(answer(null))).to.deep.equal({ answer: { jsonrpc: "2.0", id: 7, result: null } });
  });

  it("refuses a malformed log with a message naming the field", () => {
    const cases: [object, RegExp][] = [
      [{ ...jsonLog(1, 0), blockHash: "0x1234" }, /blockHash has 4 hex digits, 64 expected/],
      [{ ...jsonLog(1, 0), address: `0x${"zz".repeat(20)}` }, /address holds a character that is not hex/],
      [{ ...jsonLog(1, 0), data: "0xabc" }, /data has 3 hex digits, an even number expected/],
      [{ ...jsonLog(1, 0), data: "abcd" }, /data does not start with 0x/],
      [{ ...jsonLog(1, 0), topics: [hash(1), hash(2), hash(3), hash(4), hash(5)] }, /more than 4 topics/],
      [{ ...jsonLog(1, 0), blockNumber: "0x12345678901234" }, /blockNumber is not a quantity/],
      [{ ...jsonLog(1, 0), removed: "no" }, /removed is not a boolean/],
      [Object.fromEntries(Object.entries(jsonLog(1, 0)).filter(([key]) => key !== "transactionHash")), /log 1 of the answer has no transactionHash/],
    ];
    for (const [log, message] of cases) expect(() => scanLogsAnswer(answer([jsonLog(0, 0), log])), message.source).to.throw(MalformedAnswerError, message);
    expect(() => scanLogsAnswer(Buffer.from("{\"result\": [1]}"))).to.throw(MalformedAnswerError, /a log object expected/);
    expect(() => scanLogsAnswer(Buffer.from("<html>Bad Gateway</html>"))).to.throw(MalformedAnswerError, /an object expected/);
  });

  it("tells an answer cut short, wherever it is cut, from a malformed one", () => {
    const body = Buffer.from(answer([jsonLog(1, 0), { ...jsonLog(2, 0, "0xabcd"), removed: true, other: [1, { a: "b" }] }]).toString().replace(/,/g, ", "));
    for (let end = 0; end < body.length; end++) {
      expect(() => scanLogsAnswer(body.subarray(0, end)), `cut at ${end}: ${body.subarray(Math.max(0, end - 20), end).toString()}`).to.throw(TruncatedAnswerError);
    }
  });

  it("writes each log as the binary COPY tuple of a raw_logs row", () => {
    const logs = scannedLogs(answer([jsonLog(4, 1, "0x0102", [hash(3)])]));
    const tuple = logs.tuples();
    let at = 0;
    const field = () => {
      const length = tuple.readInt32BE(at);
      at += 4;
      if (length < 0) return null;
      at += length;
      return tuple.subarray(at - length, at);
    };
    expect(tuple.readInt16BE(0)).to.equal(11);
    at = 2;
    expect(field()!.readBigInt64BE(0)).to.equal(4n);
    expect(field()!.readInt32BE(0)).to.equal(1);
    expect(`0x${field()!.toString("hex")}`).to.equal(hash(4));
    expect(`0x${field()!.toString("hex")}`).to.equal(hash(0x71));
    expect(field()!.readInt32BE(0)).to.equal(1);
    expect(field()!.toString("hex")).to.equal("5fbdb2315678afecb367f032d93f642f64180aa3");
    expect(`0x${field()!.toString("hex")}`).to.equal(hash(3));
    expect([field(), field(), field()]).to.deep.equal([null, null, null]);
    expect(field()!.toString("hex")).to.equal("0102");
    expect(at).to.equal(tuple.length);
  });
});

describe("log sets", () => {
  const fields = (block: number, index: number): LogFields => ({
    blockNumber: block, logIndex: index, transactionIndex: index, blockHash: hash(block), transactionHash: hash(0x80 + index),
    address: `0x${"11".repeat(20)}`, topics: [hash(index)], data: `0x${"cd".repeat(index)}`, blockTimestamp: 1_700_000_000 + block,
  });

  it("slices without copying and joins sets in order", () => {
    const all = encodeLogs([fields(1, 0), fields(1, 1), fields(2, 0), fields(3, 3)]);
    const [left, right] = [all.slice(0, 2), all.slice(2, 4)];
    expect(left.bytes).to.equal(all.bytes);
    expect(right.topics(1)).to.deep.equal([hash(3)]);
    const joined = LogSet.concat([left, LogSet.empty(), right]);
    expect(joined.length).to.equal(4);
    expect(joined.tuples().equals(all.tuples())).to.equal(true);
    expect(Array.from({ length: 4 }, (_, index) => [joined.blockNumber[index], joined.data(index), joined.sameBlockHash(0, index)])).to.deep.equal([
      [1, "0x", true], [1, "0xcd", true], [2, "0x", false], [3, "0xcdcdcd", false],
    ]);
    expect(joined.blockHashIs(2, hash(2).toUpperCase().replace("0X", "0x"))).to.equal(true);
  });

  it("refuses a hash, address or topic of the wrong size", () => {
    expect(() => encodeLogs([{ ...fields(1, 0), blockHash: "0x12" }])).to.throw(/wrong size/);
    expect(() => encodeLogs([{ ...fields(1, 0), address: "0xzz" }])).to.throw(/address is not 0x-prefixed hex/);
  });
});
