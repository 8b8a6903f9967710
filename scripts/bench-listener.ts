/**
 * Listener bench: N = 20,000 events of the real contracts on an anvil node, mirrored into the
 * embedded PGlite and into PostgreSQL (DATABASE_URL), next to the floor measured in the same run
 * on the same node: fetching the same logs as raw eth_getLogs JSON-RPC responses, with nothing
 * decoded and no library objects. BENCH_ROUNDS (7) rounds run every row once each, after a pause;
 * prints each row's best and median run, events/s and the ratio to the floor.
 * Goal: the mirror's best run reaches at least 50% of the faster floor's best rate on PostgreSQL.
 * Exits 1 when missed.
 *
 *   npm run bench                        (PostgreSQL row with DATABASE_URL set; .ci/run sets it)
 *   BENCH_EVENTS=5000 npm run bench      (a smaller run)
 */
import { randomBytes } from "node:crypto";
import http from "node:http";
import { Wallet, ZeroHash, id, toUtf8Bytes, hexlify } from "ethers";
import { deployDatarights } from "../deploy/deployer";
import { anvilAccount, startAnvil } from "../src/devchain/anvil";
import type { AnvilNode } from "../src/devchain/anvil";
import { createListener, createRpcClient, mirroredDeployment } from "../src/listener";
import type { MirroredDeployment } from "../src/listener";
import { dropSchemas, openMirrorDatabase } from "../src/mirror/database";
import type { DatabaseConfig } from "../src/mirror/database";
import { contractInterfaces } from "../src/sdk/abis";
import { connectProvider } from "../src/sdk/chain";
import { ROLES } from "../src/sdk/roles";
import { temporaryDirectory } from "../test/cli/harness";

const TARGET_EVENTS = Number(process.env.BENCH_EVENTS ?? 20_000);
/** Blocks per eth_getLogs, for the mirror and the floor alike. */
const RANGE = 2_000;
const GOAL_RATIO = 0.5;
/** Pause before each run. */
const SETTLE_MS = Number(process.env.BENCH_SETTLE_MS ?? 1_000);
/** Measured runs of every row. */
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 7);
/** Blocks of a few dozen transactions, as a busy consortium chain seals them. */
const TRANSACTIONS_PER_BLOCK = 20;
/** Events one product's life adds: register 2, two findings, certify 1, issue 3, list 2, propose 1, confirm 1. */
const EVENTS_PER_PRODUCT = 12;
const code = (text: string) => hexlify(toUtf8Bytes(text));

interface Call {
  from: string;
  to: string;
  data: string;
}

/** Sends calls from unlocked anvil accounts as JSON-RPC batches, each sender's in nonce order, and waits for them all. */
async function sendAll(node: AnvilNode, calls: Call[]): Promise<void> {
  const nonces = new Map<string, number>();
  const rpc = createRpcClient(node.rpcUrl, { maxBatch: 500 });
  for (const sender of new Set(calls.map((call) => call.from))) nonces.set(sender, parseInt(await rpc.call<string>("eth_getTransactionCount", [sender, "pending"]), 16));
  const requests = calls.map((call) => {
    const nonce = nonces.get(call.from)!;
    nonces.set(call.from, nonce + 1);
    return { method: "eth_sendTransaction", params: [{ ...call, nonce: `0x${nonce.toString(16)}`, gas: "0x2dc6c0" }] };
  });
  // Automining a block per transaction takes anvil ~60 ms each: send a block's worth, then mine it.
  const hashes: string[] = [];
  await node.rpc("evm_setAutomine", [false]);
  try {
    for (let start = 0; start < requests.length; start += TRANSACTIONS_PER_BLOCK) {
      hashes.push(...(await rpc.batch<string>(requests.slice(start, start + TRANSACTIONS_PER_BLOCK))));
      await node.rpc("evm_mine");
    }
  } finally {
    await node.rpc("evm_setAutomine", [true]);
  }
  // Every transaction mined and none reverted.
  for (let start = 0; start < hashes.length; start += 500) {
    const chunk = hashes.slice(start, start + 500).map((hash) => ({ method: "eth_getTransactionReceipt", params: [hash] }));
    let receipts = await rpc.batch<{ status: string } | null>(chunk);
    for (let attempt = 0; receipts.some((receipt) => receipt === null) && attempt < 200; attempt++) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      receipts = await rpc.batch<{ status: string } | null>(chunk);
    }
    const failed = receipts.findIndex((receipt) => receipt?.status !== "0x1");
    if (failed >= 0) throw new Error(`bench setup: transaction ${start + failed} (${requests[start + failed].params[0].data.slice(0, 10)}) failed: ${JSON.stringify(receipts[failed])}`);
  }
}

export async function generate(node: AnvilNode): Promise<{ deployment: MirroredDeployment; head: number; events: number }> {
  const { provider } = await connectProvider(node.rpcUrl);
  const admin = new Wallet(anvilAccount(0).privateKey, provider);
  const { deployment } = await deployDatarights({ signer: admin, network: "bench" });
  provider.destroy();
  const [registrar, dataProvider, lawFirm, institute] = [1, 2, 3, 4].map((index) => anvilAccount(index).address);
  const at = (name: keyof typeof deployment.contracts) => deployment.contracts[name].address;
  // Calls are encoded here and sent as raw JSON-RPC batches: 20,000 events would take the SDK's
  // actions, each waiting for its receipt, far longer to build.
  const { participants, products, assessments, certificates, listings } = contractInterfaces;
  const until = BigInt(Math.floor(Date.now() / 1000)) + 3n * 365n * 86_400n;
  const call = (from: string, to: string, data: string): Call => ({ from, to, data });

  await sendAll(node, [call(anvilAccount(0).address, at("ParticipantRegistry"), participants.encodeFunctionData("grantRole", [ROLES.registrar, registrar]))]);
  await sendAll(node, [
    call(registrar, at("ParticipantRegistry"), participants.encodeFunctionData("accredit", [dataProvider, 1, 0, code("CN"), id("provider"), until])),
    call(registrar, at("ParticipantRegistry"), participants.encodeFunctionData("accredit", [lawFirm, 4, (1 << 0) | (1 << 6), code("CN"), id("law firm"), until])),
    call(registrar, at("ParticipantRegistry"), participants.encodeFunctionData("accredit", [institute, 4, 1 << 2, code("CN"), id("institute"), until])),
  ]);
  const products_ = Math.floor((TARGET_EVENTS * 0.9) / EVENTS_PER_PRODUCT);
  const buyers = Math.max(0, Math.floor((TARGET_EVENTS - products_ * EVENTS_PER_PRODUCT) / 2));
  const ids = Array.from({ length: products_ }, (_, index) => BigInt(index + 1));
  // Each phase depends on the one before; within a phase every call stands alone.
  await sendAll(node, Array.from({ length: buyers }, () =>
    call(registrar, at("ParticipantRegistry"), participants.encodeFunctionData("accredit", [`0x${randomBytes(20).toString("hex")}`, 2, 0, code("HK"), id("buyer"), until]))));
  await sendAll(node, ids.map((product) => call(dataProvider, at("DataProductRegistry"), products.encodeFunctionData("register", [{
    contentHash: id(`bench ${product}`), originDeclarationHash: id("collected"), descriptionHash: ZeroHash, productType: Number(product % 6n), sourceCategory: 1, classification: 0,
    containsPersonalInfo: false, metadataURI: `ipfs://bench/${product}`, sources: [], sourceCertificates: [],
  }]))));
  const expiresAt = until - 86_400n;
  await sendAll(node, ids.flatMap((product) => [
    call(lawFirm, at("AssessmentRegistry"), assessments.encodeFunctionData("record", [{ productId: product, kind: 0, passed: true, expiresAt, reportHash: id(`legal ${product}`) }])),
    call(institute, at("AssessmentRegistry"), assessments.encodeFunctionData("record", [{ productId: product, kind: 2, passed: true, expiresAt, reportHash: id(`quality ${product}`) }])),
  ]));
  await sendAll(node, ids.flatMap((product) => [
    call(registrar, at("DataProductRegistry"), products.encodeFunctionData("certify", [product])),
    call(registrar, at("RightsCertificate"), certificates.encodeFunctionData("issue", [dataProvider, product, 0, until, id("all lawful uses"), id(`evidence ${product}`)])),
    call(registrar, at("ListingBook"), listings.encodeFunctionData("list", [product, 1, 365n * 86_400n, [code("CN"), code("HK")]])),
  ]));
  await sendAll(node, ids.map((product) => call(lawFirm, at("ListingBook"), listings.encodeFunctionData("proposePrice", [product, 100_000n + product, code("CNY"), 1]))));
  await sendAll(node, ids.map((product) => call(dataProvider, at("ListingBook"), listings.encodeFunctionData("confirmPrice", [product]))));
  const head = Number(await node.rpc("eth_blockNumber"));
  const mirrored = mirroredDeployment(deployment);
  const addresses = Object.values(mirrored.contracts).map((contract) => contract.address);
  const logs = await createRpcClient(node.rpcUrl).call<unknown[]>("eth_getLogs", [{ fromBlock: "0x0", toBlock: `0x${head.toString(16)}`, address: addresses }]);
  return { deployment: mirrored, head, events: logs.length };
}

/**
 * The floor: the same logs fetched as raw eth_getLogs responses, in ranges of RANGE blocks, and
 * parsed (JSON.parse), nothing decoded or stored: with node:http and a keep-alive agent, as the
 * listener fetches them, and with fetch (undici); the goal is judged against the faster.
 */
export async function floor(node: AnvilNode, deployment: MirroredDeployment, head: number, client: "fetch" | "http"): Promise<{ seconds: number; events: number }> {
  const addresses = Object.values(deployment.contracts).map((contract) => contract.address);
  const start = Math.min(...Object.values(deployment.contracts).map((contract) => contract.deployBlock));
  const agent = new http.Agent({ keepAlive: true });
  const url = new URL(node.rpcUrl);
  const post = (body: string): Promise<string> =>
    new Promise((resolve, reject) => {
      const request = http.request({ host: url.hostname, port: url.port, method: "POST", agent, headers: { "content-type": "application/json", "content-length": Buffer.byteLength(body) } }, (response) => {
        const chunks: Buffer[] = [];
        response.on("data", (chunk: Buffer) => chunks.push(chunk));
        response.on("end", () => resolve(Buffer.concat(chunks).toString("utf8")));
        response.on("error", reject);
      });
      request.on("error", reject);
      request.end(body);
    });
  const began = process.hrtime.bigint();
  let events = 0;
  for (let from = start; from <= head; from += RANGE) {
    const to = Math.min(head, from + RANGE - 1);
    const body = JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_getLogs", params: [{ fromBlock: `0x${from.toString(16)}`, toBlock: `0x${to.toString(16)}`, address: addresses }] });
    const answer = client === "fetch"
      ? ((await (await fetch(node.rpcUrl, { method: "POST", headers: { "content-type": "application/json" }, body })).json()) as { result: unknown[] })
      : (JSON.parse(await post(body)) as { result: unknown[] });
    events += answer.result.length;
  }
  const seconds = Number(process.hrtime.bigint() - began) / 1e9;
  agent.destroy();
  return { seconds, events };
}

export async function mirror(node: AnvilNode, deployment: MirroredDeployment, head: number, config: DatabaseConfig): Promise<{ seconds: number; events: number }> {
  const database = await openMirrorDatabase(config);
  try {
    const listener = createListener({ database, rpc: createRpcClient(node.rpcUrl), deployment, maxRange: RANGE, pollIntervalMs: 50 });
    const began = process.hrtime.bigint();
    const running = listener.run();
    await listener.waitForBlock(head, 600_000);
    const seconds = Number(process.hrtime.bigint() - began) / 1e9;
    await listener.stop();
    await running;
    const [{ count }] = await database.query<{ count: number }>("select count(*)::int8 as count from raw_logs");
    return { seconds, events: count };
  } finally {
    await database.close();
    // Dropped, and the server's catalogs vacuumed (a server may run with autovacuum off).
    if (config.url) await dropSchemas(config.url, [config.schema!]).catch(() => undefined);
  }
}

interface Row {
  label: string;
  run: () => Promise<{ seconds: number; events: number }>;
  seconds: number[];
}

const median = (values: readonly number[]): number => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
const best = (values: readonly number[]): number => Math.min(...values);

async function main(): Promise<void> {
  const node = await startAnvil();
  try {
    const built = Date.now();
    const { deployment, head, events } = await generate(node);
    console.log(`\nListener: ${events} events of the real contracts in ${head} blocks on anvil (${node.rpcUrl}), built in ${((Date.now() - built) / 1000).toFixed(1)} s`);
    console.log(`floor: eth_getLogs in ranges of ${RANGE} blocks (one request here), parsed with JSON.parse; mirror: ranges of up to ${RANGE} blocks sized to about 2,000 logs each`);
    console.log(`${ROUNDS} rounds, each running every row once after a ${SETTLE_MS} ms pause (a slower spell of the machine falls on every row alike)\n`);
    const url = process.env.DATABASE_URL;
    const floors: Row[] = [
      { label: "floor: raw eth_getLogs, node:http", run: () => floor(node, deployment, head, "http"), seconds: [] },
      { label: "floor: raw eth_getLogs, fetch", run: () => floor(node, deployment, head, "fetch"), seconds: [] },
    ];
    const rows: Row[] = [
      ...floors,
      { label: "mirror into PGlite (embedded, on disk)", run: () => mirror(node, deployment, head, { directory: temporaryDirectory("bench-pglite") }), seconds: [] },
    ];
    const server: Row | undefined = url
      ? { label: "mirror into PostgreSQL", run: () => mirror(node, deployment, head, { url, schema: `bench_${randomBytes(4).toString("hex")}` }), seconds: [] }
      : undefined;
    if (server) rows.push(server);
    // One round first, unmeasured: the first run of each compiles its code paths.
    for (let round = 0; round <= ROUNDS; round++) {
      for (const row of rows) {
        // Let the machine settle first: a run leaves work behind (the server's writes, a dropped
        // schema, garbage) that would otherwise land on whichever row runs next.
        await new Promise((resolve) => setTimeout(resolve, SETTLE_MS));
        const result = await row.run();
        if (result.events !== events) throw new Error(`${row.label}: ${result.events} events, ${events} expected`);
        if (round > 0) row.seconds.push(result.seconds);
      }
    }
    // The floor is the faster of the two clients (by each statistic): the stricter comparison.
    const floorOf = (statistic: (values: readonly number[]) => number) => Math.min(...floors.map((row) => statistic(row.seconds)));
    console.log(`${"".padEnd(40)}${"best s".padStart(8)}${"events/s".padStart(10)}${"÷ floor".padStart(9)}${"median s".padStart(10)}${"÷ floor".padStart(9)}   every run (s)`);
    for (const row of rows) {
      const cells = [best, median].map((statistic) => {
        const rate = events / statistic(row.seconds);
        return { seconds: statistic(row.seconds), rate, ratio: floorOf(statistic) / statistic(row.seconds) };
      });
      console.log(
        `${row.label.padEnd(40)}${cells[0].seconds.toFixed(3).padStart(8)}${Math.round(cells[0].rate).toString().padStart(10)}${cells[0].ratio.toFixed(2).padStart(9)}` +
          `${cells[1].seconds.toFixed(3).padStart(10)}${cells[1].ratio.toFixed(2).padStart(9)}   ${row.seconds.map((seconds) => seconds.toFixed(3)).join(" ")}`,
      );
    }
    console.log("\nGoal (each row's best run: interference on a shared machine only ever adds time)");
    if (!server) {
      console.log("  not measured: set DATABASE_URL (postgres://postgres@127.0.0.1:5432/test) for the PostgreSQL row");
      return;
    }
    const ratio = floorOf(best) / best(server.seconds);
    console.log(`  ${ratio >= GOAL_RATIO ? "met   " : "MISSED"}  mirror into PostgreSQL ≥ ${GOAL_RATIO * 100}% of the faster floor's rate: ${(ratio * 100).toFixed(0)}% (medians: ${((floorOf(median) / median(server.seconds)) * 100).toFixed(0)}%)`);
    if (ratio < GOAL_RATIO) process.exitCode = 1;
  } finally {
    await node.stop();
  }
}

if (require.main === module) {
  main().catch((error: unknown) => {
    console.error(`bench: ${error instanceof Error ? error.message : String(error)}`);
    process.exitCode = 1;
  });
}
