import type { Command } from "commander";
import { InvalidArgumentError } from "commander";
import { startApi } from "../../api";
import type { RunningApi } from "../../api";
import {
  auditMirror, createListener, createRpcClient, jsonLog, mirroredDeployment, readMirrorState, terminalProgress, textLog,
} from "../../listener";
import type { Listener } from "../../listener";
import { loadMirrorConfig } from "../../mirror/config";
import type { MirrorConfig } from "../../mirror/config";
import { openMirrorDatabase } from "../../mirror/database";
import type { MirrorDatabase } from "../../mirror/database";
import { connectProvider } from "../../sdk/chain";
import { DatarightsClient } from "../../sdk/client";
import { requireDeployment } from "../../sdk/deployment";
import type { CompleteDeployment } from "../../sdk/deployment";
import { chainConfig, globalOptions } from "../context";
import { VerificationFailed } from "./verify";

function parseCount(value: string): number {
  if (!/^\d{1,9}$/.test(value)) throw new InvalidArgumentError(`"${value}" is not a whole number`);
  return Number(value);
}

function parsePort(value: string): number {
  const port = parseCount(value);
  if (port > 65_535) throw new InvalidArgumentError(`"${value}" is not a port number`);
  return port;
}

/** Resolves on the first SIGINT or SIGTERM. */
function untilSignal(): Promise<string> {
  return new Promise((resolve) => {
    const done = (signal: string) => {
      process.off("SIGINT", onInt);
      process.off("SIGTERM", onTerm);
      resolve(signal);
    };
    const onInt = () => done("SIGINT");
    const onTerm = () => done("SIGTERM");
    process.once("SIGINT", onInt);
    process.once("SIGTERM", onTerm);
  });
}

interface MirrorSetup {
  config: MirrorConfig;
  rpcUrl: string;
  deployment: CompleteDeployment;
  database: MirrorDatabase;
}

/** The deployment, a node on its chain, and the mirror's database, each checked before anything runs. */
async function setUp(command: Command, overrides: { confirmations?: number } = {}): Promise<MirrorSetup> {
  const chain = chainConfig(command);
  const config = loadMirrorConfig(process.env, chain.network);
  if (overrides.confirmations !== undefined) config.confirmations = overrides.confirmations;
  const deployment = requireDeployment(chain.deploymentFile);
  if (chain.expectedChainId !== undefined && chain.expectedChainId !== BigInt(deployment.chainId)) {
    throw new Error(`chain id mismatch: CHAIN_ID is ${chain.expectedChainId}, ${chain.deploymentFile} is for chain ${deployment.chainId}`);
  }
  const { provider } = await connectProvider(chain.rpcUrl, { chainId: BigInt(deployment.chainId), source: chain.deploymentFile });
  provider.destroy();
  const database = await openMirrorDatabase(config.database);
  return { config, rpcUrl: chain.rpcUrl, deployment, database };
}

export function registerMirror(program: Command): void {
  program
    .command("listen")
    .description("mirror every event of the deployment into the database (PGlite in .data/mirror/<network>, or DATABASE_URL) and follow new blocks until Ctrl-C")
    .option("--serve", "also serve the HTTP API from this process (the embedded database admits one process)")
    .option("--host <host>", "with --serve: address to listen on (env API_HOST, default 127.0.0.1)")
    .option("--port <port>", "with --serve: port (env API_PORT, default 3000)", parsePort)
    .option("--confirmations <n>", "blocks to stay behind the head (env CONFIRMATIONS, default 0: QBFT blocks are final)", parseCount)
    .action(async (options: { serve?: boolean; host?: string; port?: number; confirmations?: number }, command: Command) => {
      const { config, rpcUrl, deployment, database } = await setUp(command, { confirmations: options.confirmations });
      const interactive = process.stderr.isTTY === true && !globalOptions(command).json;
      const log = interactive ? textLog() : jsonLog(process.stdout);
      const rpc = createRpcClient(rpcUrl);
      const listener: Listener = createListener({
        database, rpc, deployment: mirroredDeployment(deployment), confirmations: config.confirmations, reorgWindow: config.reorgWindow,
        maxRange: config.maxRange, pollIntervalMs: config.pollIntervalMs, log, progress: interactive ? terminalProgress() : undefined,
      });
      let api: RunningApi | undefined;
      try {
        if (options.serve) {
          api = await startApi({
            database, host: options.host ?? config.api.host, port: options.port ?? config.api.port,
            chainHead: async () => parseInt(await rpc.call<string>("eth_blockNumber"), 16), healthyLag: config.confirmations + 5,
          });
          log.info(`serving the API at ${api.url} (OpenAPI at ${api.url}/openapi.json)`, { url: api.url });
        }
        const running = listener.run();
        const outcome = await Promise.race([running.then(() => "stopped"), untilSignal()]);
        if (outcome !== "stopped") log.info(`${outcome}: finishing the batch in flight and stopping`);
        await listener.stop();
        await running;
      } finally {
        await api?.close();
        await database.close();
      }
    });

  program
    .command("serve")
    .description("serve the read-only HTTP API over the mirror until Ctrl-C (with the embedded database, run `listen --serve` instead while listening)")
    .option("--host <host>", "address to listen on (env API_HOST, default 127.0.0.1)")
    .option("--port <port>", "port (env API_PORT, default 3000)", parsePort)
    .action(async (options: { host?: string; port?: number }, command: Command) => {
      const chain = chainConfig(command);
      const config = loadMirrorConfig(process.env, chain.network);
      const database = await openMirrorDatabase(config.database);
      const rpc = createRpcClient(chain.rpcUrl, { timeoutMs: 5_000 });
      try {
        const api = await startApi({
          database, host: options.host ?? config.api.host, port: options.port ?? config.api.port,
          chainHead: async () => parseInt(await rpc.call<string>("eth_blockNumber"), 16), healthyLag: config.confirmations + 5,
        });
        process.stdout.write(`serving the API at ${api.url} over ${database.description} (OpenAPI at ${api.url}/openapi.json); Ctrl-C stops it\n`);
        await untilSignal();
        await api.close();
      } finally {
        await database.close();
      }
    });

  program
    .command("audit-mirror")
    .description("compare the mirror with the chain, entity by entity and each certificate's validity, at the mirror's checkpoint block (exit 0 equal, 1 a divergence, 2 error)")
    .option("--sample <n>", "compare at most n of each kind, chosen at random (default: all)", parseCount)
    .action(async (options: { sample?: number }, command: Command) => {
      const chain = chainConfig(command);
      const config = loadMirrorConfig(process.env, chain.network);
      const client = await DatarightsClient.connect(chain);
      try {
        const database = await openMirrorDatabase(config.database);
        try {
          const state = await readMirrorState(database);
          const expected = client.deployment.contracts.ParticipantRegistry.address.toLowerCase();
          if (!state) throw new Error(`the database at ${database.description} holds no mirror yet: run \`datarights listen\` first`);
          if (state.chainId !== client.deployment.chainId || state.contracts.ParticipantRegistry !== expected) {
            throw new Error(`the database at ${database.description} mirrors another deployment (ParticipantRegistry ${state.contracts.ParticipantRegistry} on chain ${state.chainId})`);
          }
          const report = await auditMirror({ database, client, sample: options.sample });
          const checked = Object.entries(report.checked).map(([entity, count]) => `${count} ${entity}${count === 1 ? "" : "s"}`).join(", ");
          if (globalOptions(command).json) {
            process.stdout.write(`${JSON.stringify({ ...report, database: database.description }, null, 2)}\n`);
          } else {
            process.stdout.write(`audited the mirror at block ${report.block} (${database.description}): ${checked}\n`);
            for (const divergence of report.divergences) {
              process.stdout.write(`  DIVERGES ${divergence.entity} ${divergence.id} ${divergence.field}: mirror ${divergence.mirror}, chain ${divergence.chain}\n`);
            }
            process.stdout.write(report.divergences.length === 0 ? "the mirror equals the chain\n" : `${report.divergences.length} divergences\n`);
          }
          if (report.divergences.length > 0) throw new VerificationFailed();
        } finally {
          await database.close();
        }
      } finally {
        client.destroy();
      }
    });
}
