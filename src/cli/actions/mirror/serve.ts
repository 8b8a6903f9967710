import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { startApi } from "../../../api";
import { createRpcClient } from "../../../listener";
import { loadMirrorConfig } from "../../../mirror/config";
import { openMirrorDatabase } from "../../../mirror/database";
import { documentsDirectory } from "../../../sdk/product-document";
import { chainConfig } from "../../context";
import { chainVerifier, untilSignal } from "./setup";

export async function serve(options: { host?: string; port?: number; documents?: string }, command: CommandUnknownOpts): Promise<void> {
  const chain = chainConfig(command);
  const config = loadMirrorConfig(process.env, chain.network);
  const database = await openMirrorDatabase(config.database);
  const rpc = createRpcClient(chain.rpcUrl, { timeoutMs: 5_000 });
  const documents = documentsDirectory(process.env, chain.network, options.documents);
  const verifier = chainVerifier(chain, documents);
  try {
    const api = await startApi({
      database, host: options.host ?? config.api.host, port: options.port ?? config.api.port, documents,
      chainHead: async () => parseInt(await rpc.call<string>("eth_blockNumber"), 16), healthyLag: config.confirmations + 5, verify: verifier.verify,
        events: { reorgWindow: config.reorgWindow },
    });
    process.stdout.write(`serving the API at ${api.url} over ${database.description} (OpenAPI at ${api.url}/openapi.json); Ctrl-C stops it\n`);
    await untilSignal();
    await api.close();
  } finally {
    verifier.close();
    await database.close();
  }
}
