import { readMirrorState } from "../listener/apply";
import { EMITTER_NAMES } from "../listener/events";
import { createListener } from "../listener/listener";
import type { MirroredDeployment } from "../listener/listener";
import type { BackfillProgress, ListenerLog } from "../listener/log";
import type { MirrorDatabase } from "../mirror/database";
import type { ArchiveManifest } from "./format";
import { createArchiveRpc } from "./rpc";
import { verifyArchive } from "./verify";

/**
 * `datarights archive rebuild`: the mirror rebuilt from an archive alone. The archive is checked
 * first (verifyArchive without a node), then the listener itself runs, unchanged, on an RpcClient
 * that answers from the archive's files (./rpc.ts): the same reads, the same byte scan of the
 * logs, the same batches and writes as from a node, so the mirror is what the node would have
 * given. Description documents are read from the documents folder only.
 */

export interface RebuildOptions {
  folder: string;
  database: MirrorDatabase;
  documents?: string;
  log?: ListenerLog;
  progress?: BackfillProgress;
  reorgWindow?: number;
  maxRange?: number;
}

export interface RebuildResult {
  manifest: ArchiveManifest;
  /** The mirror's checkpoint before the rebuild (below the archive's first block when it was empty). */
  from: number;
  /** Events applied. */
  events: number;
}

/** The database holds a mirror the archive cannot continue. */
export class RebuildRefusedError extends Error {
  override readonly name = "RebuildRefusedError";
}

/** The deployment the listener follows, from the manifest. */
export function archivedDeployment(manifest: ArchiveManifest): MirroredDeployment {
  const contracts = Object.fromEntries(EMITTER_NAMES.map((name) => [name, manifest.contracts[name]])) as MirroredDeployment["contracts"];
  return { chainId: manifest.chainId, contracts };
}

export async function rebuildMirror(options: RebuildOptions): Promise<RebuildResult> {
  const { folder, database } = options;
  const { manifest } = await verifyArchive({ folder });
  const rpc = createArchiveRpc(folder, manifest);
  const deployment = archivedDeployment(manifest);

  // A mirror already there must be of this deployment, and on the archive's chain at its checkpoint.
  const state = await readMirrorState(database);
  const refuse = (reason: string): never => {
    throw new RebuildRefusedError(`archive rebuild: the database at ${database.description} holds a mirror the archive does not continue (${reason}): rebuild into an empty database`);
  };
  if (state) {
    const other = EMITTER_NAMES.find((name) => state.contracts[name] !== deployment.contracts[name].address.toLowerCase());
    if (state.chainId !== manifest.chainId || other) refuse(`it mirrors ${other ?? "ParticipantRegistry"} ${state.contracts[other ?? "ParticipantRegistry"]} on chain ${state.chainId}`);
    if (state.checkpointBlock > manifest.lastBlock) refuse(`it holds block ${state.checkpointBlock}, the archive ends at ${manifest.lastBlock}`);
    if (state.checkpointHash !== null) {
      const header = await rpc.call<{ hash: string } | null>("eth_getBlockByNumber", [`0x${state.checkpointBlock.toString(16)}`, false]);
      if (header?.hash !== state.checkpointHash) refuse(`its block ${state.checkpointBlock} is ${state.checkpointHash}, the archive's is ${header?.hash ?? "missing"}`);
    }
  }

  const listener = createListener({
    database, rpc, deployment, confirmations: 0, reorgWindow: options.reorgWindow, maxRange: options.maxRange, log: options.log, progress: options.progress,
    documents: options.documents, offlineDocuments: true, pollIntervalMs: 3_600_000,
  });
  const running = listener.run();
  // The listener's own error, rather than its waiters' "the listener stopped".
  let failure: { error: unknown } | undefined;
  running.catch((error: unknown) => {
    failure = { error };
  });
  try {
    const stopped = running.then(() => {
      throw new Error(`the listener stopped before the mirror reached block ${manifest.lastBlock}`);
    });
    stopped.catch(() => undefined);
    await Promise.race([listener.waitForBlock(manifest.lastBlock, 2 ** 31 - 1), stopped]);
    await listener.resolveDocuments();
  } catch (error) {
    await running.catch(() => undefined);
    throw failure ? failure.error : error;
  } finally {
    await listener.stop();
  }
  await running;
  const status = listener.status();
  return { manifest, from: state?.checkpointBlock ?? Math.min(...EMITTER_NAMES.map((name) => deployment.contracts[name].deployBlock)) - 1, events: status.events };
}
