import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { startApi } from "../../../api";
import type { RunningApi } from "../../../api";
import { createListener, createRpcClient, jsonLog, mirroredDeployment, terminalProgress, textLog } from "../../../listener";
import type { Listener } from "../../../listener";
import { documentsDirectory } from "../../../sdk/product-document";
import { globalOptions } from "../../context";
import { gateWrites } from "../../../mirror/database";
import { chainAuditor, chainVerifier, setUp, untilSignal } from "./setup";
import { chainConfig } from "../../context";

export async function listen(
  options: { serve?: boolean; host?: string; port?: number; confirmations?: number; documents?: string }, command: CommandUnknownOpts,
): Promise<void> {
  const { config, rpcUrl, deployment, database } = await setUp(command, { confirmations: options.confirmations });
  // GET /audit holds the listener's writes while it reads the mirror.
  const gate = gateWrites(database);
  const documents = documentsDirectory(process.env, deployment.network, options.documents);
  const interactive = process.stderr.isTTY === true && !globalOptions(command).json;
  const log = interactive ? textLog() : jsonLog(process.stdout);
  const rpc = createRpcClient(rpcUrl);
  const listener: Listener = createListener({
    database: gate.database, rpc, deployment: mirroredDeployment(deployment), confirmations: config.confirmations, reorgWindow: config.reorgWindow,
    maxRange: config.maxRange, pollIntervalMs: config.pollIntervalMs, log, progress: interactive ? terminalProgress() : undefined, documents,
  });
  let api: RunningApi | undefined;
  const verifier = chainVerifier(chainConfig(command), documents);
  try {
    if (options.serve) {
      api = await startApi({
        database, host: options.host ?? config.api.host, port: options.port ?? config.api.port, documents,
        chainHead: async () => parseInt(await rpc.call<string>("eth_blockNumber"), 16), healthyLag: config.confirmations + 5, verify: verifier.verify,
        audit: chainAuditor(chainConfig(command), database, gate.hold), events: { reorgWindow: config.reorgWindow },
      });
      log.info(`serving the API at ${api.url} (OpenAPI at ${api.url}/openapi.json)`, { url: api.url });
    }
    const running = listener.run();
    const outcome = await Promise.race([running.then(() => "stopped"), untilSignal()]);
    if (outcome !== "stopped") log.info(`${outcome}: finishing the batch in flight and stopping`);
    await listener.stop();
    await running;
  } finally {
    verifier.close();
    await api?.close();
    await database.close();
  }
}
