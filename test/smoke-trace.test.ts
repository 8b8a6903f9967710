import { loadFixture } from "@nomicfoundation/hardhat-network-helpers";
import { network } from "hardhat";
import { registryFixture, listedProduct, dealFor, signDeal, hashOf } from "./fixtures";
async function profile(hash: string) {
  const trace: any = await network.provider.send("debug_traceTransaction", [hash, { disableStack: true, disableMemory: true, disableStorage: true }]);
  const by: Record<string, number> = {};
  let calls = 0;
  for (const l of trace.structLogs) {
    if (["STATICCALL", "CALL"].includes(l.op)) { calls++; continue; }
    const k = l.op.startsWith("LOG") ? "LOG" : ["SSTORE", "SLOAD"].includes(l.op) ? l.op : "other";
    by[k] = (by[k] ?? 0) + l.gasCost;
  }
  return { gas: trace.gas, calls, ...by };
}
describe("trade trace", () => {
  it("profiles", async () => {
    const f = await loadFixture(registryFixture);
    const listed = await listedProduct(f);
    for (const nonce of [1n, 2n]) {
      const deal = await dealFor(f, listed, { nonce });
      const s = await signDeal(f.provider, f.trades, deal);
      const b = await signDeal(f.buyer, f.trades, deal);
      const c = await f.trades.connect(f.registrar).confirm(deal, s, b);
      const id = await f.trades.tradeCount();
      const d = await f.trades.connect(f.provider).deliver(id, hashOf("delivery"));
      const r = await f.trades.connect(f.buyer).confirmReceipt(id);
      if (nonce === 2n) for (const tx of [c, d, r]) console.log(await profile(tx.hash));
    }
  });
});
