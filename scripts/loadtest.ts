/**
 * `npm run loadtest`: the reliability figures. Workers — each an exchange staff member with the
 * Registrar role, a provider and a buyer — drive registrations and complete trades (confirmation,
 * delivery, receipt) through the SDK against anvil mining a block a second, while the listener
 * (`datarights listen --serve`, a child process) mirrors into PostgreSQL and a reader (another
 * child process, scripts/loadtest-reader.ts) loads its API. It reports sustained complete
 * trades/s, the mirror's lag (block first seen by the driver → indexed, as the API's /health
 * reports it) p50/p99 and the API's p99; at the end the mirror is audited against the chain
 * (`auditMirror`, all of it) and its counts are compared with what the driver did.
 *
 * LOADTEST_FAULTS=1 injects faults during the load: the listener killed with SIGKILL about every
 * 20 s and restarted, its PostgreSQL connections cut (pg_terminate_backend) and an anvil reorg of
 * depth 3 (anvil_reorg). The final audit must still be clean: no row lost or duplicated.
 *
 * Environment: DATABASE_URL (PostgreSQL, required), LOADTEST_SECONDS (300), LOADTEST_WORKERS (90),
 * LOADTEST_FAULTS (0), LOADTEST_READ_RATE (the reader's requests a second, 50). Not part of `npm test`.
 */
import { fork, spawn } from "node:child_process";
import type { ChildProcess } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { ethers, Wallet } from "ethers";
import { Client } from "pg";
import { deployDatarights } from "../deploy/deployer";
import { anvilAccount, freePort, startAnvil } from "../src/devchain/anvil";
import { auditMirror } from "../src/listener/audit";
import { openMirrorDatabase } from "../src/mirror/database";
import {
  accredit, certifyProduct, getCounts, confirmDeal, confirmPrice, confirmReceipt, deliverTrade, draftDeal, grantRole, issueCertificate, listProduct,
  proposePrice, recordAssessment, registerProduct, signDeal,
} from "../src/sdk/actions";
import { connectProvider } from "../src/sdk/chain";
import { DatarightsClient } from "../src/sdk/client";
import type { ReaderReport } from "./loadtest-reader";

const SECONDS = Number(process.env.LOADTEST_SECONDS ?? 300);
const WORKERS = Number(process.env.LOADTEST_WORKERS ?? 90);
const FAULTS = process.env.LOADTEST_FAULTS === "1";
/** The reader's requests a second (scripts/loadtest-reader.ts). */
const READ_RATE = Number(process.env.LOADTEST_READ_RATE ?? 50);
const DATABASE_URL = process.env.DATABASE_URL;
const YEAR = 365n * 86_400n;
/** How long a worker waits for one act to be mined before it starts its trade again (blocks come every second). */
const ACT_TIMEOUT_MS = 15_000;
const GOALS = { tradesPerSecond: 20, lagP99Ms: 2_000, apiP99Ms: 100 };

function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** `work`, or a rejection after `ms`: a transaction a reorg dropped is never mined, and its act must not wait forever. */
async function within<T>(ms: number, what: string, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not mined within ${ms / 1000} s`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

async function main(): Promise<void> {
  if (!DATABASE_URL) throw new Error("the load test mirrors into PostgreSQL: set DATABASE_URL (e.g. postgres://postgres@127.0.0.1:5432/test)");
  if (!Number.isInteger(SECONDS) || SECONDS < 10) throw new Error("LOADTEST_SECONDS must be a whole number ≥ 10");
  if (!Number.isInteger(WORKERS) || WORKERS < 1) throw new Error("LOADTEST_WORKERS must be a whole number ≥ 1");
  const schema = `loadtest_${process.pid}`;
  const folder = mkdtempSync(join(tmpdir(), "datarights-loadtest-"));
  const node = await startAnvil([]);
  const apiPort = await freePort();
  const apiUrl = `http://127.0.0.1:${apiPort}`;
  let listener: ChildProcess | undefined;
  let reader: ChildProcess | undefined;
  const admin = new Client({ connectionString: DATABASE_URL });
  await admin.connect();
  const stopListener = async (signal: NodeJS.Signals) => {
    const child = listener;
    listener = undefined;
    if (!child || child.exitCode !== null) return;
    const exited = new Promise((resolve) => child.once("exit", resolve));
    child.kill(signal);
    await exited;
  };
  try {
    const { provider, chainId } = await connectProvider(node.rpcUrl);
    provider.pollingInterval = 200;
    // Every worker has three accounts, past the ones anvil funds: fund them.
    const accounts = Array.from({ length: 4 + 3 * WORKERS }, (_, index) => new Wallet(anvilAccount(index).privateKey, provider));
    for (const account of accounts) await node.rpc("anvil_setBalance", [account.address, "0x3635C9ADC5DEA00000"]);
    const [deployer, lawFirm, institute] = accounts;
    const { deployment } = await deployDatarights({ signer: deployer, network: "loadtest", deploymentFile: join(folder, "loadtest.json") });
    const client = new DatarightsClient({ deployment, provider, chainId, account: deployer, rpcUrl: node.rpcUrl });
    const as = (account: Wallet) => client.withAccount(account);
    const now = async () => BigInt((await provider.getBlock("latest"))!.timestamp);
    const until = (await now()) + 10n * YEAR;

    // Set-up on automine: staff, parties, assessors, one certified and listed product per worker.
    console.log(`Set-up: ${WORKERS} workers (a Registrar, a provider and a buyer each) on automine`);
    const workers = Array.from({ length: WORKERS }, (_, index) => ({
      registrar: as(accounts[4 + 3 * index]), provider: as(accounts[5 + 3 * index]), buyer: as(accounts[6 + 3 * index]),
      registrarAddress: accounts[4 + 3 * index].address, providerAddress: accounts[5 + 3 * index].address, buyerAddress: accounts[6 + 3 * index].address,
      productId: 0n, holdingId: 0n, trades: 0,
    }));
    const staff = workers[0].registrar;
    await grantRole(client, { role: "registrar", account: workers[0].registrarAddress });
    const profile = (account: string, kinds: ("Provider" | "Buyer")[], assessmentKinds: ("LegalCompliance" | "Quality" | "PriceEvaluation")[] = []) =>
      accredit(staff, { account, kinds, assessmentKinds, jurisdiction: "CN", dossierHash: ethers.id(`dossier ${account}`), accreditedUntil: until });
    await profile(lawFirm.address, [], ["LegalCompliance"]);
    await profile(institute.address, [], ["Quality", "PriceEvaluation"]);
    for (const worker of workers) {
      if (worker !== workers[0]) await grantRole(client, { role: "registrar", account: worker.registrarAddress });
      await profile(worker.providerAddress, ["Provider"]);
      await profile(worker.buyerAddress, ["Buyer"]);
    }
    const findingExpiry = (await now()) + YEAR;
    for (const [index, worker] of workers.entries()) {
      const { productId } = await registerProduct(worker.provider, {
        contentHash: ethers.id(`content ${index}`), originDeclarationHash: ethers.id(`origin ${index}`), productType: "Dataset",
        sourceCategory: "Enterprise", classification: "General", containsPersonalInfo: false, metadataURI: "", sources: [],
      });
      await recordAssessment(as(lawFirm), { productId, kind: "LegalCompliance", passed: true, expiresAt: findingExpiry, reportHash: ethers.id(`l ${index}`) });
      await recordAssessment(as(institute), { productId, kind: "Quality", passed: true, expiresAt: findingExpiry, reportHash: ethers.id(`q ${index}`) });
      await certifyProduct(worker.registrar, { productId });
      const { certificateId } = await issueCertificate(worker.registrar, {
        holder: worker.providerAddress, productId, category: "ResourceHolding", expiresAt: (await now()) + 5n * YEAR,
        scopeHash: ethers.id(`scope ${index}`), evidenceHash: ethers.id(`evidence ${index}`),
      });
      await listProduct(worker.registrar, { productId, rightOffered: "ProcessingUse", licenceDuration: YEAR, jurisdictions: ["CN"] });
      await proposePrice(as(institute), { productId, amount: 1_000_000n, currency: "CNY", method: "Cost" });
      await confirmPrice(worker.provider, { productId });
      worker.productId = productId;
      worker.holdingId = certificateId;
    }
    const setupProducts = WORKERS;

    // The listener and its API, as a service would run them.
    const env = {
      ...process.env, RPC_URL: node.rpcUrl, NETWORK: "loadtest", DEPLOYMENTS_DIR: folder, DATABASE_URL, DATABASE_SCHEMA: schema,
      API_PORT: String(apiPort), POLL_INTERVAL_MS: "200", CONFIRMATIONS: "0",
    };
    const startListener = () => {
      listener = spawn(process.execPath, [join(__dirname, "..", "bin", "datarights.js"), "listen", "--serve"], { env, stdio: ["ignore", "ignore", "pipe"] });
      listener.stderr!.on("data", () => undefined);
    };
    startListener();
    const indexedBlock = async (): Promise<number | null> => {
      try {
        const health = (await (await fetch(`${apiUrl}/health`)).json()) as { indexedBlock: number | null };
        return health.indexedBlock;
      } catch {
        return null;
      }
    };
    const setupHead = Number(await node.rpc("eth_blockNumber"));
    while (((await indexedBlock()) ?? -1) < setupHead) await sleep(200);
    console.log(`  ${setupProducts} products certified and listed; the mirror caught up with block ${setupHead}`);

    // The load: a block a second.
    await node.rpc("evm_setAutomine", [false]);
    await node.rpc("evm_setIntervalMining", [1]);
    const started = Date.now();
    const deadline = started + SECONDS * 1000;
    let running = true;
    const errors: string[] = [];

    // Mirror lag: when the driver first sees each block, and when the API first reports it indexed.
    const seen = new Map<number, number>();
    const lags: number[] = [];
    const watcher = (async () => {
      let lastIndexed = setupHead;
      while (running) {
        const head = Number(await node.rpc("eth_blockNumber"));
        const at = Date.now();
        for (let block = lastIndexed + 1; block <= head; block++) if (!seen.has(block)) seen.set(block, at);
        const indexed = await indexedBlock();
        if (indexed !== null && indexed > lastIndexed) {
          const visible = Date.now();
          for (let block = lastIndexed + 1; block <= indexed; block++) {
            const first = seen.get(block);
            if (first !== undefined) lags.push(visible - first);
          }
          lastIndexed = indexed;
        }
        await sleep(50);
      }
    })();

    // A reader on the API (the catalogue, the trades, a product, the figures), in a process of its own.
    const apiReader = fork(join(__dirname, "loadtest-reader.ts"), [apiUrl, "/products?limit=20", "/trades?limit=20", `/products/${workers[0].productId}`, "/stats"], {
      execArgv: ["--require", "ts-node/register/transpile-only"],
    });
    const readerReport = new Promise<ReaderReport>((resolve, reject) => {
      apiReader.once("message", (message) => resolve(message as ReaderReport));
      apiReader.once("exit", (code) => reject(new Error(`the API reader exited (${code}) before it reported`)));
    });
    readerReport.catch(() => undefined); // awaited at the end; a crash must not go unhandled meanwhile
    reader = apiReader;

    // The faults.
    const faults: string[] = [];
    const injector = (async () => {
      if (!FAULTS) return;
      let round = 0;
      while (Date.now() + 20_000 < deadline) {
        await sleep(20_000);
        round++;
        if (round % 3 === 1) {
          await stopListener("SIGKILL");
          faults.push(`${Math.round((Date.now() - started) / 1000)} s: listener killed with SIGKILL, restarted`);
          startListener();
        } else if (round % 3 === 2) {
          const { rows } = await admin.query<{ count: number }>(
            "select count(pg_terminate_backend(pid))::int as count from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid() and application_name <> 'loadtest-admin'",
          );
          faults.push(`${Math.round((Date.now() - started) / 1000)} s: ${rows[0].count} PostgreSQL connections cut`);
        } else {
          const head = Number(await node.rpc("eth_blockNumber"));
          await node.rpc("anvil_reorg", [3, []]);
          faults.push(`${Math.round((Date.now() - started) / 1000)} s: anvil reorg of depth 3 at block ${head}`);
        }
      }
    })();
    await admin.query("set application_name = 'loadtest-admin'");

    // The workers: one complete trade after another, each act sent by its own party.
    let tradesCompleted = 0;
    const trading = workers.map(async (worker) => {
      while (Date.now() < deadline) {
        try {
          const stamp = await now();
          const { deal } = await draftDeal(worker.registrar, {
            productId: worker.productId, buyer: worker.buyerAddress, sellerCertificateId: worker.holdingId,
            price: { amount: 1_000_000n, currency: "CNY" }, termsHash: ethers.id(`terms ${worker.productId} ${worker.trades}`),
            purposeHash: ethers.id("credit scoring"), deadline: stamp + 3600n,
          });
          const [{ signature: sellerSignature }, { signature: buyerSignature }] = await Promise.all([
            signDeal(worker.provider, { deal }), signDeal(worker.buyer, { deal }),
          ]);
          const { tradeId } = await within(ACT_TIMEOUT_MS, "confirmation", confirmDeal(worker.registrar, { deal, sellerSignature, buyerSignature }));
          await within(ACT_TIMEOUT_MS, "delivery", deliverTrade(worker.provider, { tradeId, deliveryHash: ethers.id(`delivery ${tradeId}`) }));
          await within(ACT_TIMEOUT_MS, "receipt", confirmReceipt(worker.buyer, { tradeId }));
          worker.trades++;
          tradesCompleted++;
        } catch (error) {
          // A reorg can drop a sent transaction: the worker starts its trade again.
          errors.push((error as Error).message.split("\n")[0]);
          await sleep(500);
        }
      }
    });
    let lastReport = started;
    const reporter = setInterval(() => {
      const elapsed = (Date.now() - started) / 1000;
      console.log(`  ${elapsed.toFixed(0).padStart(4)} s: ${tradesCompleted} complete trades (${(tradesCompleted / elapsed).toFixed(1)}/s), mirror lag p99 ${percentile(lags, 99)} ms`);
      lastReport = Date.now();
    }, 30_000);
    await Promise.all(trading);
    clearInterval(reporter);
    void lastReport;
    const elapsedSeconds = (Date.now() - started) / 1000;
    await injector;
    await node.rpc("evm_setIntervalMining", [0]);
    await node.rpc("evm_setAutomine", [true]);
    const finalHead = Number(await node.rpc("eth_blockNumber"));
    if (!listener) startListener();
    while (((await indexedBlock()) ?? -1) < finalHead) await sleep(200);
    running = false;
    await watcher;
    apiReader.send("stop");
    const { latencies: apiLatencies, failures: apiFailures, refused: apiRefused } = await readerReport;
    await stopListener("SIGTERM");

    // The audit: every row of the mirror against the chain, and the counts against the driver's.
    const database = await openMirrorDatabase({ url: DATABASE_URL, schema });
    let divergences = 0;
    let countsMatch = false;
    try {
      const report = await auditMirror({ database, client });
      divergences = report.divergences.length;
      for (const divergence of report.divergences.slice(0, 10)) console.log(`  DIVERGENCE ${divergence.entity} ${divergence.id} ${divergence.field}: mirror ${divergence.mirror}, chain ${divergence.chain}`);
      const [counts] = await database.query<{ products: number; completed: number; trades: number }>(
        "select (select count(*) from products)::int8 as products, (select count(*) from trades where status = 'Completed')::int8 as completed, (select count(*) from trades)::int8 as trades",
      );
      const onChainTrades = Number((await getCounts(client)).trades);
      // A reorg may drop acts the driver already saw mined, so with faults the driver's tally is an
      // upper bound; the chain's count, and the audit of every trade's state, are the reference.
      countsMatch = counts.products === setupProducts && counts.trades === onChainTrades &&
        (FAULTS ? counts.completed <= tradesCompleted : counts.completed === tradesCompleted);
      console.log(`\nAudit at block ${report.block}: ${Object.entries(report.checked).map(([entity, count]) => `${count} ${entity}s`).join(", ")} checked, ${divergences} divergences`);
      console.log(`Counts: mirror ${counts.products} products, ${counts.completed} completed of ${counts.trades} trades; the driver ${setupProducts} products, ${tradesCompleted} completed; the chain ${onChainTrades} trades: ${countsMatch ? "equal" : "DIFFERENT"}`);
    } finally {
      await database.close();
    }

    const rate = tradesCompleted / elapsedSeconds;
    console.log(`\nLoad: ${WORKERS} workers for ${elapsedSeconds.toFixed(0)} s, a block a second${FAULTS ? ", with faults" : ""}`);
    console.log(`  complete trades: ${tradesCompleted}, ${rate.toFixed(1)}/s sustained (confirmation, delivery and receipt: ${(rate * 3).toFixed(0)} transactions/s)`);
    console.log(`  mirror lag (block seen → indexed per the API): p50 ${percentile(lags, 50)} ms, p99 ${percentile(lags, 99)} ms over ${lags.length} blocks`);
    console.log(`  API (${READ_RATE} requests/s in a process of its own): ${apiLatencies.length} answers, p50 ${percentile(apiLatencies, 50).toFixed(1)} ms, p99 ${percentile(apiLatencies, 99).toFixed(1)} ms, ${apiFailures} failures, ${apiRefused} refused while the listener restarted`);
    console.log(`  worker retries: ${errors.length}${errors.length ? ` (first: ${errors[0]})` : ""}`);
    for (const fault of faults) console.log(`  fault: ${fault}`);
    const goals = [
      { name: `≥ ${GOALS.tradesPerSecond} complete trades/s sustained`, met: rate >= GOALS.tradesPerSecond },
      { name: `mirror lag p99 < ${GOALS.lagP99Ms} ms`, met: percentile(lags, 99) < GOALS.lagP99Ms },
      { name: `API p99 < ${GOALS.apiP99Ms} ms`, met: percentile(apiLatencies, 99) < GOALS.apiP99Ms },
      { name: "zero divergence and equal counts after the run", met: divergences === 0 && countsMatch },
    ];
    console.log("\nGoals");
    for (const goal of goals) console.log(`  ${goal.met ? "met   " : "MISSED"}  ${goal.name}`);
    if (goals.some((goal) => !goal.met)) process.exitCode = 1;
    provider.destroy();
  } finally {
    await stopListener("SIGTERM").catch(() => undefined);
    if (reader?.exitCode === null) reader.kill();
    await admin.query(`drop schema if exists ${schema} cascade`).catch(() => undefined);
    await admin.end();
    await node.stop();
    rmSync(folder, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(`loadtest: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
