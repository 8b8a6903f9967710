import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { startApi } from "../../../api";
import { createRpcClient } from "../../../listener";
import { loadMirrorConfig } from "../../../mirror/config";
import { openMirrorDatabase } from "../../../mirror/database";
import { documentsDirectory } from "../../../sdk/product-document";
import { chainConfig } from "../../context";
import { chainAuditor, chainVerifier, untilSignal } from "./setup";

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
      audit: chainAuditor(chain, database), events: { reorgWindow: config.reorgWindow },
    });
    process.stdout.write(`serving the API at ${api.url} over ${database.description} (OpenAPI at ${api.url}/openapi.json); Ctrl-C stops it\n`);
    // The embedded database's lock lost (the process stalled and another took the directory): the
    // API stops answering from a database it no longer owns, and the process exits non-zero.
    const lost = new Promise<Error>((resolve) => {
      if (database.lockLost.aborted) resolve(database.lockLost.reason as Error);
      database.lockLost.addEventListener("abort", () => resolve(database.lockLost.reason as Error), { once: true });
    });
    const outcome = await Promise.race([untilSignal(), lost]);
    await api.close();
    if (outcome instanceof Error) throw outcome;
  } finally {
    verifier.close();
    await database.close();
  }
}
