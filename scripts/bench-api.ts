/**
 * API bench: the six stories on an anvil node, mirrored by a live listener into the embedded
 * PGlite and into PostgreSQL (DATABASE_URL; a schema of its own, dropped at the end), each served
 * by the API on a loopback port. autocannon, 32 connections, measures requests/s and p99 latency
 * of the catalogue (`/products`) and of story 5's credit report with its lineage graph
 * (`/products/13`), with the answers cache (as served) and without it (every request reads the
 * database). Then 100 clients follow `/events` while blocks with activity are mined: for each
 * block, the time from the listener committing it to each client receiving its activity (p50/p99).
 *
 * Goals (PostgreSQL): /products/13 ≥ 1,000 requests/s with p99 < 50 ms; on both backends, every
 * client gets a block's activity within 2 s (p99). Exits 1 when one is missed.
 *
 *   npm run bench                              (the PostgreSQL rows with DATABASE_URL set; .ci/run sets it)
 *   BENCH_API_SECONDS=3 npx ts-node --transpile-only scripts/bench-api.ts
 */
import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import autocannon from "autocannon";
import { Wallet } from "ethers";
import { deployDatarights } from "../deploy/deployer";
import { anvilAccount, startAnvil } from "../src/devchain/anvil";
import type { AnvilNode } from "../src/devchain/anvil";
import { mirroredDeployment } from "../src/listener";
import type { MirroredDeployment } from "../src/listener";
import { connectProvider } from "../src/sdk/chain";
import { DatarightsClient } from "../src/sdk/client";
import { CAST_ROLES, runStories } from "../src/stories";
import { startApi } from "../src/api";
import type { RunningApi } from "../src/api";
import { dropSchemas, openMirrorDatabase } from "../src/mirror/database";
import type { DatabaseConfig } from "../src/mirror/database";
import { setRequirement } from "../src/sdk/actions";
import { startMirror } from "../test/mirror/helpers";
import type { RunningMirror } from "../test/mirror/helpers";
import { connectSse } from "../test/api/sse";

const SECONDS = Number(process.env.BENCH_API_SECONDS ?? 5);
const CONNECTIONS = 32;
const SSE_CLIENTS = 100;
const SSE_BLOCKS = Number(process.env.BENCH_API_BLOCKS ?? 10);
const GOAL_RPS = 1_000;
const GOAL_P99_MS = 50;
const GOAL_DELIVERY_MS = 2_000;

interface BenchChain {
  node: AnvilNode;
  mirrored: MirroredDeployment;
  client: DatarightsClient;
  /** The folder of the stories' product documents. */
  documents: string;
  stop(): Promise<void>;
}

/** anvil, the deployment and the six stories (as test/mirror/chain.ts builds them, without mocha). */
async function storiesChain(): Promise<BenchChain> {
  const node = await startAnvil([]);
  const { provider, chainId } = await connectProvider(node.rpcUrl);
  const signers = Array.from({ length: CAST_ROLES.length }, (_, index) => new Wallet(anvilAccount(index).privateKey, provider));
  const { deployment } = await deployDatarights({ signer: signers[0], network: "bench" });
  const client = new DatarightsClient({ deployment, provider, chainId, account: signers[0], rpcUrl: node.rpcUrl });
  // The stories' product documents: the listener resolves them as on an exchange.
  const documents = mkdtempSync(join(tmpdir(), "datarights-bench-documents-"));
  const stop = async () => {
    provider.destroy();
    await node.stop();
    rmSync(documents, { recursive: true, force: true });
  };
  try {
    await runStories({
      client, signers, documents, skipStory7: true,
      latestTimestamp: async () => BigInt((await provider.getBlock("latest"))!.timestamp),
      advanceTime: async (seconds) => {
        await node.rpc("evm_increaseTime", [Number(seconds)]);
        await node.rpc("evm_mine");
      },
      log: { heading: () => undefined, step: () => undefined, detail: () => undefined },
    });
  } catch (error) {
    await stop();
    throw error;
  }
  return { node, mirrored: mirroredDeployment(deployment), client, documents, stop };
}

interface Load {
  rps: number;
  p99: number;
  errors: number;
}

async function load(url: string): Promise<Load> {
  const result = await autocannon({ url, connections: CONNECTIONS, duration: SECONDS });
  return { rps: result.requests.average, p99: result.latency.p99, errors: result.non2xx + result.errors + result.timeouts };
}

const percentile = (values: number[], p: number): number => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
};

interface Row {
  backend: string;
  catalogue: Load;
  catalogueUncached: Load;
  product: Load;
  productUncached: Load;
  delivery: { p50: number; p99: number; samples: number; expected: number };
}

async function benchBackend(name: string, config: DatabaseConfig, chain: BenchChain, admin: { flip(): Promise<void> }): Promise<Row> {
  const mirror: RunningMirror = await startMirror(config, chain.node.rpcUrl, chain.mirrored, { documents: chain.documents });
  let cached: RunningApi | undefined;
  let uncached: RunningApi | undefined;
  try {
    await mirror.listener.waitForBlock(Number(await chain.node.rpc("eth_blockNumber")));
    cached = await startApi({ database: mirror.database, port: 0, webRoot: false });
    uncached = await startApi({ database: mirror.database, port: 0, webRoot: false, cache: false });
    const product = await fetch(`${cached.url}/products/13`);
    if (product.status !== 200) throw new Error(`GET /products/13 answered ${product.status}`);
    console.log(`  ${name}: serving ${cached.url} (cached) and ${uncached.url} (uncached); ${SECONDS} s per row at ${CONNECTIONS} connections`);
    const catalogue = await load(`${cached.url}/products`);
    const catalogueUncached = await load(`${uncached.url}/products`);
    const productLoad = await load(`${cached.url}/products/13`);
    const productUncached = await load(`${uncached.url}/products/13`);

    // 100 followers of the feed; each new block's activity timed from the listener's commit.
    const clients = await Promise.all(Array.from({ length: SSE_CLIENTS }, () => connectSse(`${cached!.url}/events`)));
    const samples: number[] = [];
    try {
      for (let round = 0; round < SSE_BLOCKS; round++) {
        await admin.flip();
        const block = Number(await chain.node.rpc("eth_blockNumber"));
        await mirror.listener.waitForBlock(block);
        const committed = performance.now();
        await Promise.all(clients.map(async (client) => {
          await client.waitFor((event) => event.event === "activity" && (JSON.parse(event.data) as { blockNumber: number }).blockNumber === block, `block ${block}`, 10_000);
          samples.push(Math.max(0, performance.now() - committed));
        }).map((waiting) => waiting.catch(() => undefined)));
      }
    } finally {
      for (const client of clients) client.close();
    }
    return {
      backend: name, catalogue, catalogueUncached, product: productLoad, productUncached,
      delivery: { p50: percentile(samples, 50), p99: percentile(samples, 99), samples: samples.length, expected: SSE_CLIENTS * SSE_BLOCKS },
    };
  } finally {
    await cached?.close();
    await uncached?.close();
    await mirror.close();
  }
}

async function main(): Promise<void> {
  console.log("\nAPI bench: the stories' mirror served over HTTP (autocannon, 32 connections; 100 event-stream clients)");
  const started = performance.now();
  const chain = await storiesChain();
  let serverSchema: string | undefined;
  const url = process.env.DATABASE_URL;
  try {
    console.log(`  the six stories on anvil: ${((performance.now() - started) / 1000).toFixed(1)} s, head ${Number(await chain.node.rpc("eth_blockNumber"))}`);
    let toggle = false;
    // Each flip is one block holding one AssessmentRequirementSet: an activity.
    const admin = {
      async flip() {
        toggle = !toggle;
        await setRequirement(chain.client, { target: { scope: "ProductType", value: "Index" }, kinds: toggle ? ["PriceEvaluation"] : [] });
      },
    };
    const rows: Row[] = [await benchBackend("PGlite (embedded)", {}, chain, admin)];
    let serverReason: string | undefined;
    if (!url) serverReason = "DATABASE_URL is not set";
    else {
      serverSchema = `bench_api_${randomBytes(4).toString("hex")}`;
      try {
        const probe = await openMirrorDatabase({ url, schema: serverSchema });
        await probe.close();
      } catch (error) {
        serverReason = `PostgreSQL at DATABASE_URL is unreachable: ${(error as Error).message.split("\n")[0]}`;
        serverSchema = undefined;
      }
      if (serverSchema) rows.push(await benchBackend("PostgreSQL (DATABASE_URL)", { url, schema: serverSchema }, chain, admin));
    }

    console.log("");
    console.log("  backend                     route            cache      req/s    p99 ms  errors");
    for (const row of rows) {
      const line = (route: string, cache: string, result: Load) =>
        console.log(`  ${row.backend.padEnd(27)} ${route.padEnd(16)} ${cache.padEnd(8)} ${result.rps.toFixed(0).padStart(7)}  ${result.p99.toFixed(1).padStart(8)}  ${String(result.errors).padStart(6)}`);
      line("/products", "on", row.catalogue);
      line("/products", "off", row.catalogueUncached);
      line("/products/13", "on", row.product);
      line("/products/13", "off", row.productUncached);
      console.log(`  ${row.backend.padEnd(27)} /events ×${SSE_CLIENTS}     block mirrored → client: p50 ${row.delivery.p50.toFixed(0)} ms, p99 ${row.delivery.p99.toFixed(0)} ms (${row.delivery.samples}/${row.delivery.expected} deliveries)`);
    }
    if (serverReason) console.log(`  PostgreSQL skipped: ${serverReason}`);

    console.log("\n  Goals");
    let missed = false;
    const goal = (met: boolean, text: string) => {
      if (!met) missed = true;
      console.log(`  ${met ? "met   " : "MISSED"}  ${text}`);
    };
    const server = rows.find((row) => row.backend.startsWith("PostgreSQL"));
    if (server) {
      goal(server.product.rps >= GOAL_RPS && server.product.p99 < GOAL_P99_MS && server.product.errors === 0,
        `/products/13 on PostgreSQL ≥ ${GOAL_RPS} req/s with p99 < ${GOAL_P99_MS} ms at ${CONNECTIONS} clients: ${server.product.rps.toFixed(0)} req/s, p99 ${server.product.p99} ms`);
    } else {
      console.log(`  (not judged) /products/13 on PostgreSQL: ${serverReason}`);
    }
    for (const row of rows) {
      goal(row.delivery.samples === row.delivery.expected && row.delivery.p99 < GOAL_DELIVERY_MS,
        `${row.backend}: every one of ${SSE_CLIENTS} clients gets a block's activity within ${GOAL_DELIVERY_MS} ms (p99 ${row.delivery.p99.toFixed(0)} ms, ${row.delivery.samples}/${row.delivery.expected})`);
    }
    if (missed) process.exitCode = 1;
  } finally {
    await chain.stop();
    if (url && serverSchema) {
      // Dropped, and the server's catalogs vacuumed (a server may run with autovacuum off).
      await dropSchemas(url, [serverSchema]);
    }
  }
}

main().catch((error: unknown) => {
  console.error(`bench-api: ${error instanceof Error ? error.stack ?? error.message : String(error)}`);
  process.exitCode = 1;
});
