import { expect } from "chai";
import { createRangeReader } from "../../src/listener/fetch";
import { encodeLogs } from "../../src/listener/logs";
import { RpcRangeError } from "../../src/listener/rpc";
import type { LogFilter, RpcClient, RpcRequest } from "../../src/listener/rpc";

const hex = (value: number) => `0x${value.toString(16)}`;
const hashOf = (block: number) => `0x${block.toString(16).padStart(64, "0")}`;

/**
 * A node in memory: `logsIn(block)` logs in each block, eth_getLogs over more than `maxBlocks`
 * blocks refused as Besu refuses it. Records the size of every range asked for and answered.
 */
function syntheticNode(logsIn: (block: number) => number, maxBlocks = Infinity) {
  const answered: { blocks: number; logs: number }[] = [];
  let refused = 0;
  const block = (number: number) => ({ number: hex(number), hash: hashOf(number), parentHash: hashOf(number - 1), timestamp: hex(1_700_000_000 + number) });
  const rpc: RpcClient = {
    url: "memory://node",
    async call<Result>(method: string): Promise<Result> {
      throw new Error(`unexpected ${method}`);
    },
    async getLogs(filter: LogFilter) {
      const from = parseInt(filter.fromBlock, 16);
      const to = parseInt(filter.toBlock, 16);
      if (to - from + 1 > maxBlocks) {
        refused += 1;
        throw new RpcRangeError(`Requested range exceeds maximum range limit (${maxBlocks})`, "eth_getLogs", -32005);
      }
      const logs = [];
      for (let number = from; number <= to; number++) {
        for (let index = 0; index < logsIn(number); index++) {
          logs.push({
            blockNumber: number, blockHash: hashOf(number), blockTimestamp: 1_700_000_000 + number, logIndex: index, transactionIndex: 0,
            transactionHash: hashOf(0), address: `0x${"aa".repeat(20)}`, topics: [], data: "0x",
          });
        }
      }
      answered.push({ blocks: to - from + 1, logs: logs.length });
      return encodeLogs(logs);
    },
    async batch<Result>(requests: readonly RpcRequest[]): Promise<Result[]> {
      return requests.map((request) => block(parseInt(request.params[0] as string, 16)) as Result);
    },
  };
  return { rpc, answered, refused: () => refused };
}

async function readAll(rpc: RpcClient, last: number, options: { maxRange: number; targetLogs?: number }) {
  const reader = createRangeReader({ rpc, addresses: ["0x00000000000000000000000000000000000000aa"], ...options });
  let from = 1;
  let previousHash: string | null = null;
  let logs = 0;
  while (from <= last) {
    const pending = reader.read({ from, limit: last, nearHead: false });
    const batch = await pending.batch;
    expect([batch.fromBlock, batch.toBlock]).to.deep.equal([pending.from, pending.to]);
    if (previousHash !== null) expect(batch.fromParentHash).to.equal(previousHash);
    logs += batch.logs.length;
    from = batch.toBlock + 1;
    previousHash = batch.toHash;
  }
  return logs;
}

describe("the range reader", () => {
  it("sizes each eth_getLogs range to about the target number of logs, following the chain's density", async () => {
    // 500 busy blocks of 40 logs, then 20,000 nearly empty ones, then 1,000 busy ones again.
    const density = (block: number) => (block <= 500 || block > 20_500 ? 40 : block % 1000 === 0 ? 1 : 0);
    const node = syntheticNode(density);
    const total = await readAll(node.rpc, 21_500, { maxRange: 2_000, targetLogs: 1_000 });
    expect(total).to.equal(1_500 * 40 + 20);
    // A range overshoots only where the density jumps (the first read, the busy blocks after the
    // empty stretch: the reader cannot see a jump coming), and the next one fits again.
    const oversized = node.answered.map((answer, index) => [answer.logs, index] as const).filter(([logs]) => logs > 1_000);
    expect(oversized.map(([, index]) => index), JSON.stringify(node.answered)).to.have.lengthOf(2);
    for (const [, index] of oversized) expect(node.answered[index + 1].logs).to.equal(1_000);
    // Through the empty stretch the range grows to the most allowed, and shrinks again after it.
    expect(Math.max(...node.answered.map((answer) => answer.blocks))).to.equal(2_000);
    expect(node.answered.at(-2)!.blocks).to.equal(25);
    expect(node.answered.length).to.be.lessThan(90);
  });

  it("halves a range the node refuses, and asks for more again only now and then", async () => {
    const node = syntheticNode(() => 0, 100);
    await readAll(node.rpc, 5_000, { maxRange: 2_000 });
    // 64 blocks first, then 512 refused, 256 refused, 128 refused: 64 it is.
    expect(node.answered[0].blocks).to.equal(64);
    expect(node.answered.slice(1, -1).every((answer) => answer.blocks === 64), JSON.stringify(node.answered.map((answer) => answer.blocks))).to.equal(true);
    // It asks for more again only after every 16 answers at the ceiling, not after each one.
    expect(node.answered).to.have.lengthOf(Math.ceil(5_000 / 64));
    expect(node.refused()).to.equal(3 + Math.floor((node.answered.length - 1) / 16));
  });
});
