import { resolve } from "node:path";
import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { ArchiveDamagedError, ArchiveDiffersError, exportArchive, readManifest, rebuildMirror, verifyArchive } from "../../archive";
import type { VerifyReport } from "../../archive";
import { createRpcClient, jsonLog, terminalProgress, textLog } from "../../listener";
import type { RpcClient } from "../../listener";
import { loadMirrorConfig } from "../../mirror/config";
import { openMirrorDatabase } from "../../mirror/database";
import { fetchChainId } from "../../sdk/chain";
import { requireDeployment } from "../../sdk/deployment";
import { documentsDirectory } from "../../sdk/product-document";
import { chainConfig, emit, globalOptions } from "../context";
import { VerificationFailed } from "../failure";

/** An archive found damaged or different from the chain is a failed check (exit 1); the rest is environment (exit 2). */
async function checked<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (error instanceof ArchiveDamagedError) throw new VerificationFailed(error.message, { where: error.where, problem: error.problem });
    if (error instanceof ArchiveDiffersError) throw new VerificationFailed(error.message, { node: error.url, where: error.where, problem: error.problem });
    throw error;
  }
}

/** The node at `url` is on `chainId`, or the command stops (C06-C08). */
async function requireChain(url: string, chainId: number, source: string): Promise<void> {
  const actual = await fetchChainId(url);
  if (actual !== BigInt(chainId)) throw new Error(`chain id mismatch: the RPC at ${url} is chain ${actual}, ${source} says ${chainId}`);
}

export async function exportCommand(
  folder: string, options: { to?: number; confirmations?: number; segmentBlocks?: number }, command: CommandUnknownOpts,
): Promise<void> {
  const chain = chainConfig(command);
  const config = loadMirrorConfig(process.env, chain.network);
  const deployment = requireDeployment(chain.deploymentFile);
  if (chain.expectedChainId !== undefined && chain.expectedChainId !== BigInt(deployment.chainId)) {
    throw new Error(`chain id mismatch: CHAIN_ID is ${chain.expectedChainId}, ${chain.deploymentFile} is for chain ${deployment.chainId}`);
  }
  await requireChain(chain.rpcUrl, deployment.chainId, chain.deploymentFile);
  const target = resolve(folder);
  // In a terminal, a line per segment as it is written (under its temporary name: nothing is in place until the end).
  const interactive = process.stderr.isTTY === true && !globalOptions(command).json;
  const result = await checked(() => exportArchive({
    folder: target, rpc: createRpcClient(chain.rpcUrl), deployment, toBlock: options.to, confirmations: options.confirmations ?? config.confirmations,
    segmentBlocks: options.segmentBlocks, maxRange: config.maxRange,
    onSegment: interactive ? (segment) => process.stderr.write(`read blocks ${segment.fromBlock}-${segment.toBlock}: ${segment.logs} logs\n`) : undefined,
  }));
  const { manifest, added } = result;
  const logs = added.reduce((total, segment) => total + segment.logs, 0);
  const lines = added.length === 0
    ? [`the archive in ${target} already holds blocks ${manifest.firstBlock}-${manifest.lastBlock} of chain ${manifest.chainId}: nothing to add`]
    : [
      `${result.extended ? "extended" : "wrote"} the archive in ${target}: blocks ${added[0].fromBlock}-${manifest.lastBlock} in ${added.length} segment${added.length === 1 ? "" : "s"} (${logs} logs)`,
      `the archive holds blocks ${manifest.firstBlock}-${manifest.lastBlock} of chain ${manifest.chainId} in ${manifest.segments.length} segments; block ${manifest.lastBlock} is ${manifest.lastBlockHash}`,
    ];
  emit(command, { data: { folder: target, added, manifest }, lines });
}

function reportLines(report: VerifyReport, folder: string): string[] {
  const { manifest } = report;
  const lines = [
    `the archive in ${folder} is intact: blocks ${manifest.firstBlock}-${manifest.lastBlock} of chain ${manifest.chainId}, ${report.segments} segments, ` +
      `${report.headers} headers and ${report.logs} logs; every SHA-256 and line count as the manifest says, each header's parentHash the hash of the block before, each log in a block the archive holds, with its hash`,
  ];
  if (report.node) {
    lines.push(
      `it equals the chain at ${report.node.url}: chain ${manifest.chainId}; ${report.node.headers} headers (the first and last blocks and every block with logs${report.node.headers === report.headers ? ", here every block" : ""}; every field both hold, ` +
        `block ${manifest.lastBlock}'s hash ${report.node.lastBlockHash} among them); all ${report.node.logs} logs of the deployment's contracts in those blocks (every field both hold, none missing, none extra)`,
    );
  } else {
    lines.push("not compared with a node (--offline)");
  }
  return lines;
}

export async function verifyCommand(folder: string, options: { offline?: boolean; everyBlock?: boolean }, command: CommandUnknownOpts): Promise<void> {
  const target = resolve(folder);
  const chain = chainConfig(command);
  const config = loadMirrorConfig(process.env, chain.network);
  let rpc: RpcClient | undefined;
  if (!options.offline) {
    // The chain id is asked first, so an unreachable node fails as every other command's does.
    const manifest = readManifest(target);
    await requireChain(chain.rpcUrl, manifest.chainId, `${target}/manifest.json`);
    rpc = createRpcClient(chain.rpcUrl);
  }
  const report = await checked(() => verifyArchive({ folder: target, rpc, everyBlock: options.everyBlock, maxRange: config.maxRange }));
  emit(command, {
    data: {
      folder: target, chainId: report.manifest.chainId, firstBlock: report.manifest.firstBlock, lastBlock: report.manifest.lastBlock,
      lastBlockHash: report.manifest.lastBlockHash, segments: report.segments, headers: report.headers, logs: report.logs, node: report.node ?? null,
    },
    lines: reportLines(report, target),
  });
}

export async function rebuildCommand(folder: string, options: { documents?: string }, command: CommandUnknownOpts): Promise<void> {
  const target = resolve(folder);
  const chain = chainConfig(command);
  const config = loadMirrorConfig(process.env, chain.network);
  const json = globalOptions(command).json === true;
  const interactive = process.stderr.isTTY === true && !json;
  const documents = documentsDirectory(process.env, chain.network, options.documents);
  const database = await openMirrorDatabase(config.database);
  try {
    const result = await checked(() => rebuildMirror({
      folder: target, database, documents, reorgWindow: config.reorgWindow, maxRange: config.maxRange,
      log: interactive ? textLog() : json ? undefined : jsonLog(process.stdout), progress: interactive ? terminalProgress() : undefined,
    }));
    const { manifest } = result;
    emit(command, {
      data: { folder: target, database: database.description, chainId: manifest.chainId, fromBlock: result.from + 1, lastBlock: manifest.lastBlock, events: result.events },
      lines: [`rebuilt the mirror in ${database.description} from the archive in ${target}, with no node: blocks ${result.from + 1}-${manifest.lastBlock} of chain ${manifest.chainId}, ${result.events} events`],
    });
  } finally {
    await database.close();
  }
}
