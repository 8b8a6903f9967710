/**
 * `npm start`'s stack, loaded by scripts/start.ts once the build is done and its locks are taken:
 * an anvil node on 127.0.0.1, the deployment (by the production deployer), the six stories of the
 * domain, then the listener mirroring the chain into the embedded database and the API (which
 * serves the web app). `stop()` may be called at any time, even half-way through `start()`: it
 * takes down whatever is up, anvil last.
 */
import { rmSync } from "node:fs";
import { relative } from "node:path";
import { Wallet } from "ethers";
import { deployDatarights } from "../deploy/deployer";
import { startApi } from "../src/api";
import type { RunningApi } from "../src/api";
import { anvilAccount, startAnvil } from "../src/devchain/anvil";
import type { AnvilNode } from "../src/devchain/anvil";
import { createListener, createRpcClient, mirroredDeployment, textLog } from "../src/listener";
import type { Listener } from "../src/listener";
import type { MirrorConfig } from "../src/mirror/config";
import { openMirrorDatabase } from "../src/mirror/database";
import type { MirrorDatabase } from "../src/mirror/database";
import { connectProvider } from "../src/sdk/chain";
import { DatarightsClient } from "../src/sdk/client";
import { writeDeployment } from "../src/sdk/deployment";
import { documentsDirectory } from "../src/sdk/product-document";
import { verifyProduct } from "../src/sdk/verify";
import { CAST_ROLES, runStories } from "../src/stories";

export interface StackOptions {
  chainPort: number;
  /** The embedded database's folder and the API's address (API_HOST, API_PORT). */
  mirror: MirrorConfig & { database: { directory: string } };
  documents: string;
  deploymentFile: string;
  /** The closing hints: the environment a CLI in another terminal needs to reach this stack (RPC_URL, DEPLOYMENTS_DIR). */
  cliEnvironment: string;
}

export interface Stack {
  /**
   * Resolves once everything is up, or rejects on the first failure (after `stop()`, whatever).
   * A listener that fails later is handed to `onFailure`.
   */
  start(onFailure: (error: Error) => void): Promise<void>;
  stop(): Promise<void>;
  /** Signals anvil to go at once (the process is exiting): SIGTERM, which anvil's npm wrapper passes on to the node itself. */
  kill(): void;
}

export function createStack(options: StackOptions): Stack {
  const { mirror, documents, deploymentFile } = options;
  let stopping = false;
  let anvil: Promise<AnvilNode> | undefined;
  let listener: Listener | undefined;
  let running: Promise<void> | undefined;
  let api: Promise<RunningApi> | undefined;
  let database: Promise<MirrorDatabase> | undefined;
  let auditor: DatarightsClient | undefined;
  let provider: { destroy(): void } | undefined;
  let anvilProcess: AnvilNode["process"] | undefined;
  const quietly = async <T>(promise: Promise<T> | undefined): Promise<T | undefined> => promise?.catch(() => undefined);
  let stopped: Promise<void> | undefined;
  // Whatever is up, each part before what it depends on, anvil last.
  const stop = () => {
    stopping = true;
    stopped ??= (async () => {
      await listener?.stop().catch(() => undefined);
      await quietly(running);
      // An open event stream (a browser on the control room) would hold the API's close: the process exits anyway.
      const served = await quietly(api);
      if (served) await Promise.race([served.close().catch(() => undefined), new Promise((done) => setTimeout(done, 1_000).unref())]);
      await (await quietly(database))?.close().catch(() => undefined);
      auditor?.destroy();
      provider?.destroy();
      await (await quietly(anvil))?.stop();
    })();
    return stopped;
  };
  const checkStopping = () => {
    if (stopping) throw new Error("stopped");
  };

  const start = async (onFailure: (error: Error) => void) => {
    anvil = startAnvil([], options.chainPort).catch((error: unknown) => {
      if (/is in use/.test((error as Error).message)) throw new Error(`port ${options.chainPort} is in use: set START_PORT to another`);
      throw error;
    });
    const node = await anvil;
    anvilProcess = node.process;
    checkStopping();
    const connected = await connectProvider(node.rpcUrl);
    provider = connected.provider;
    const { chainId } = connected;
    checkStopping();
    const signers = Array.from({ length: CAST_ROLES.length }, (_, index) => new Wallet(anvilAccount(index).privateKey, connected.provider));
    // A fresh chain each run: the records of the previous one are stale (scripts/start.ts holds the locks of all three).
    rmSync(deploymentFile, { force: true });
    rmSync(mirror.database.directory, { recursive: true, force: true });
    rmSync(documents, { recursive: true, force: true });
    const { deployment: firstDeployment } = await deployDatarights({ signer: signers[0], network: "localhost", deploymentFile });
    checkStopping();
    const { story7 } = await runStories({
      client: new DatarightsClient({ deployment: firstDeployment, provider: connected.provider, chainId, account: signers[0], rpcUrl: node.rpcUrl }),
      signers,
      latestTimestamp: async () => BigInt((await connected.provider.getBlock("latest"))!.timestamp),
      advanceTime: async (seconds) => {
        await node.rpc("evm_increaseTime", [Number(seconds)]);
        await node.rpc("evm_mine");
      },
      documents,
    });
    // Story 7 moved the exchange to a new version: its file, which embeds the first, is the deployment from now on.
    const deployment = story7!.deployment;
    writeDeployment(deploymentFile, deployment);
    connected.provider.destroy();
    provider = undefined;
    checkStopping();

    console.log("\nThe mirror");
    console.log("──────────");
    database = openMirrorDatabase(mirror.database);
    const db = await database;
    checkStopping();
    const rpc = createRpcClient(node.rpcUrl);
    const log = textLog((line) => console.log(`  ${line}`));
    listener = createListener({
      database: db, rpc, deployment: mirroredDeployment(deployment), confirmations: 0, reorgWindow: mirror.reorgWindow,
      maxRange: mirror.maxRange, pollIntervalMs: 500, log, documents,
    });
    running = listener.run();
    const failed = running.then(
      () => undefined,
      (error: unknown) => {
        throw new Error(`the listener stopped: ${(error as Error).message}`);
      },
    );
    const head = parseInt(await rpc.call<string>("eth_blockNumber"), 16);
    await Promise.race([failed, listener.waitForBlock(head)]);
    await listener.resolveDocuments();
    checkStopping();
    // The API's Verify button runs the auditor's checks against this chain (read-only: no account).
    const reader = await connectProvider(node.rpcUrl, { chainId });
    auditor = new DatarightsClient({ deployment, provider: reader.provider, chainId, rpcUrl: node.rpcUrl, onDestroy: () => reader.provider.destroy() });
    const verifier = auditor;
    checkStopping();
    api = startApi({
      database: db, host: mirror.api.host, port: mirror.api.port, documents, chainHead: async () => parseInt(await rpc.call<string>("eth_blockNumber"), 16),
      verify: (productId) => verifyProduct(verifier, productId, { documents }), events: { reorgWindow: mirror.reorgWindow },
    });
    const served = await api.catch((error: unknown) => {
      if ((error as { code?: string }).code === "EADDRINUSE") throw new Error(`port ${mirror.api.port} is in use: set API_PORT to another`);
      throw error;
    });
    checkStopping();
    const counts = await db.query<{ events: number; products: number; trades: number }>(
      "select (select count(*) from raw_logs)::int8 as events, (select count(*) from products)::int8 as products, (select count(*) from trades)::int8 as trades",
    );
    console.log(`  ${counts[0].events} events of blocks 1-${head} mirrored into ${db.description}: ${counts[0].products} products, ${counts[0].trades} trades`);
    const documentCounts = await db.query<{ status: string; count: number }>("select status, count(*)::int8 as count from product_documents group by status order by status");
    console.log(`  product documents from ${documents}: ${documentCounts.map((row) => `${row.count} ${row.status}`).join(", ") || "none"}`);
    console.log(`\nThe chain:  ${node.rpcUrl} (chain ${chainId}); the deployment: ${deploymentFile}`);
    console.log(`The portal: ${served.url}/   (the catalogue; the control room: ${served.url}/#/control)`);
    console.log(`The API:    ${served.url}   (OpenAPI: ${served.url}/openapi.json); the listener follows new blocks`);
    console.log("Try, in another terminal:");
    console.log(`  curl -s ${served.url}/health`);
    console.log(`  curl -s '${served.url}/products?status=Listed'`);
    console.log(`  curl -s ${served.url}/products/13          # story 5's credit report with its lineage graph`);
    console.log(`  curl -s '${served.url}/products?q=credit'    # products whose verified name or summary mentions credit`);
    const documentsOption = documents === documentsDirectory(process.env, "localhost") ? "" : ` --documents ${relative(process.cwd(), documents) || "."}`;
    console.log(`  ${options.cliEnvironment}npx datarights verify 1${documentsOption}                 # the auditor, against the chain itself`);
    console.log("Ctrl-C stops it.");
    failed.catch(onFailure);
  };

  return {
    start,
    stop,
    kill() {
      if (anvilProcess && anvilProcess.exitCode === null && anvilProcess.signalCode === null) anvilProcess.kill("SIGTERM");
    },
  };
}
