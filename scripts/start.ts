/**
 * `npm start`: the whole local stack. Starts an anvil node on 127.0.0.1 (START_PORT, default
 * 8545), deploys datarights with the production deployer (deployments/localhost.json), runs the
 * six stories of DOMAIN.md against it, printing what happened, then mirrors the chain with the
 * listener into the embedded database (.data/mirror/localhost) and serves the API
 * (API_HOST:API_PORT, default 127.0.0.1:3000). Everything keeps running, following new blocks,
 * until Ctrl-C stops it cleanly. The stories' product description documents go to .data/documents/localhost, which the listener
 * reads and the API serves. DEPLOYMENTS_DIR, START_MIRROR_DIR and START_DOCUMENTS_DIR move what it rewrites (never MIRROR_DIR or
 * DOCUMENTS_DIR: a real mirror and a real documents folder stay untouched).
 */
import { rmSync } from "node:fs";
import { join, relative, resolve } from "node:path";
import { Wallet } from "ethers";
import { deployDatarights } from "../deploy/deployer";
import { projectRoot } from "../deploy/artifacts";
import { startApi } from "../src/api";
import type { RunningApi } from "../src/api";
import { anvilAccount, startAnvil } from "../src/devchain/anvil";
import { createListener, createRpcClient, mirroredDeployment, textLog } from "../src/listener";
import type { Listener } from "../src/listener";
import { loadMirrorConfig } from "../src/mirror/config";
import { openMirrorDatabase } from "../src/mirror/database";
import type { MirrorDatabase } from "../src/mirror/database";
import { connectProvider } from "../src/sdk/chain";
import { DatarightsClient } from "../src/sdk/client";
import { documentsDirectory } from "../src/sdk/product-document";
import { verifyProduct } from "../src/sdk/verify";
import { CAST_ROLES, runStories } from "../src/stories";

async function main(): Promise<void> {
  const port = Number(process.env.START_PORT ?? 8545);
  if (!Number.isInteger(port) || port < 1 || port > 65_535) throw new Error(`START_PORT must be a port number, not "${process.env.START_PORT}"`);
  const root = projectRoot();
  // npm start always mirrors into its own embedded database: its chain is new on every run.
  const mirror = loadMirrorConfig({ ...process.env, DATABASE_URL: undefined, MIRROR_DIR: process.env.START_MIRROR_DIR ?? join(root, ".data", "mirror", "localhost") }, "localhost");
  // The stories' description documents, which the listener mirrors and the API serves; a fresh folder each run, like the chain.
  const documents = resolve(process.env.START_DOCUMENTS_DIR ?? join(root, ".data", "documents", "localhost"));
  const node = await startAnvil([], port);
  let listener: Listener | undefined;
  let running: Promise<void> | undefined;
  let api: RunningApi | undefined;
  let database: MirrorDatabase | undefined;
  let auditor: DatarightsClient | undefined;
  const shutDown = async () => {
    await listener?.stop();
    await running?.catch(() => undefined);
    await api?.close();
    await database?.close();
    auditor?.destroy();
    await node.stop();
  };
  process.once("SIGINT", () => void shutDown().then(() => process.exit(0)));
  process.once("SIGTERM", () => void shutDown().then(() => process.exit(0)));
  try {
    const { provider, chainId } = await connectProvider(node.rpcUrl);
    const signers = Array.from({ length: CAST_ROLES.length }, (_, index) => new Wallet(anvilAccount(index).privateKey, provider));
    // A fresh chain each run: the records of the previous one are stale.
    const deploymentFile = join(process.env.DEPLOYMENTS_DIR ?? join(root, "deployments"), "localhost.json");
    rmSync(deploymentFile, { force: true });
    rmSync(mirror.database.directory!, { recursive: true, force: true });
    rmSync(documents, { recursive: true, force: true });
    const { deployment } = await deployDatarights({ signer: signers[0], network: "localhost", deploymentFile });
    await runStories({
      client: new DatarightsClient({ deployment, provider, chainId, account: signers[0], rpcUrl: node.rpcUrl }),
      signers,
      latestTimestamp: async () => BigInt((await provider.getBlock("latest"))!.timestamp),
      advanceTime: async (seconds) => {
        await node.rpc("evm_increaseTime", [Number(seconds)]);
        await node.rpc("evm_mine");
      },
      documents,
    });
    provider.destroy();

    console.log("\nThe mirror");
    console.log("──────────");
    database = await openMirrorDatabase(mirror.database);
    const rpc = createRpcClient(node.rpcUrl);
    const log = textLog((line) => console.log(`  ${line}`));
    listener = createListener({
      database, rpc, deployment: mirroredDeployment(deployment), confirmations: 0, reorgWindow: mirror.reorgWindow,
      maxRange: mirror.maxRange, pollIntervalMs: 500, log, documents,
    });
    running = listener.run();
    running.catch((error: unknown) => {
      console.error(`datarights: the listener stopped: ${(error as Error).message}`);
      void shutDown().then(() => process.exit(1));
    });
    const head = parseInt(await rpc.call<string>("eth_blockNumber"), 16);
    await listener.waitForBlock(head);
    await listener.resolveDocuments();
    // The API's Verify button runs the auditor's checks against this chain (read-only: no account).
    const reader = await connectProvider(node.rpcUrl, { chainId });
    auditor = new DatarightsClient({ deployment, provider: reader.provider, chainId, rpcUrl: node.rpcUrl, onDestroy: () => reader.provider.destroy() });
    const verifier = auditor;
    api = await startApi({
      database, host: mirror.api.host, port: mirror.api.port, documents, chainHead: async () => parseInt(await rpc.call<string>("eth_blockNumber"), 16),
      verify: (productId) => verifyProduct(verifier, productId, { documents }), events: { reorgWindow: mirror.reorgWindow },
    });
    const counts = await database.query<{ events: number; products: number; trades: number }>(
      "select (select count(*) from raw_logs)::int8 as events, (select count(*) from products)::int8 as products, (select count(*) from trades)::int8 as trades",
    );
    console.log(`  ${counts[0].events} events of blocks 1-${head} mirrored into ${database.description}: ${counts[0].products} products, ${counts[0].trades} trades`);
    const documentCounts = await database.query<{ status: string; count: number }>("select status, count(*)::int8 as count from product_documents group by status order by status");
    console.log(`  product documents from ${documents}: ${documentCounts.map((row) => `${row.count} ${row.status}`).join(", ") || "none"}`);
    console.log(`\nThe chain:  ${node.rpcUrl} (chain ${chainId}); the deployment: ${deploymentFile}`);
    console.log(`The portal: ${api.url}/   (the catalogue; the control room: ${api.url}/#/control)`);
    console.log(`The API:    ${api.url}   (OpenAPI: ${api.url}/openapi.json); the listener follows new blocks`);
    console.log("Try, in another terminal:");
    console.log(`  curl -s ${api.url}/health`);
    console.log(`  curl -s '${api.url}/products?status=Listed'`);
    console.log(`  curl -s ${api.url}/products/13          # story 5's credit report with its lineage graph`);
    console.log(`  curl -s '${api.url}/products?q=credit'    # products whose verified name or summary mentions credit`);
    const documentsOption = documents === documentsDirectory(process.env, "localhost") ? "" : ` --documents ${relative(process.cwd(), documents) || "."}`;
    console.log(`  npx datarights verify 1${documentsOption}                 # the auditor, against the chain itself`);
    console.log("Ctrl-C stops it.");
  } catch (error) {
    await shutDown();
    throw error;
  }
}

main().catch((error: unknown) => {
  console.error(`datarights: ${error instanceof Error ? error.message : String(error)}`);
  process.exitCode = 1;
});
