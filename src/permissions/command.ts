import { getAddress } from "ethers";
import { connectContract } from "../sdk/abis";
import { connectProvider } from "../sdk/chain";
import type { TransportProvider } from "../sdk/chain";
import { createBesuPermissionsClient } from "./besu";
import { followAllowlist } from "./follow";
import type { FollowSyncReport } from "./follow";
import { transportFailure } from "./jsonrpc";
import { readRequiredAccounts } from "../sdk/allowlist";
import { applyAllowlist } from "./sync";
import type { AllowlistDiff } from "./sync";

export interface PermissionsSyncCommandOptions {
  /** Accounts always allowed whatever the registry says (`--extra`), e.g. the deployer. */
  extra?: readonly string[];
  /** Print the changes without sending them (`--dry-run`). */
  dryRun?: boolean;
  /** Keep the nodes in sync until `signal` aborts (`--follow`). */
  follow?: boolean;
  pollIntervalMs?: number;
  resyncIntervalMs?: number;
  /** Stops `--follow` (wire it to SIGINT/SIGTERM). */
  signal?: AbortSignal;
  /** Where progress lines go; console.log by default. */
  log?: (line: string) => void;
  /** Timeout of each JSON-RPC request to the chain and the Besu nodes; default 10 s. */
  timeoutMs?: number;
}

/** One node's outcome of the last sync. */
export interface NodeSyncResult {
  url: string;
  blockNumber: number;
  diff: AllowlistDiff;
}

/**
 * `datarights permissions sync [--follow]`: makes the account allowlist of every Besu node in
 * `besuRpcUrls` equal to what the ParticipantRegistry at `registryAddress` requires (active
 * participants and exchange staff, plus `extra`), reading the registry through `chainRpcUrl`.
 * Without `follow` it syncs once and returns each node's diff; with `follow` it keeps syncing
 * until `signal` aborts and returns the last diffs. Throws, with a one-line message, when the
 * chain cannot be reached, no contract is at `registryAddress`, or a node refuses the PERM calls.
 *
 * @example
 * const controller = new AbortController();
 * process.once("SIGINT", () => controller.abort());
 * await runPermissionsSync("http://127.0.0.1:8545", registry, ["http://127.0.0.1:8545", "http://127.0.0.1:8546"],
 *   { follow: true, extra: [deployer], signal: controller.signal });
 */
export async function runPermissionsSync(
  chainRpcUrl: string,
  registryAddress: string,
  besuRpcUrls: string | readonly string[],
  options: PermissionsSyncCommandOptions = {},
): Promise<NodeSyncResult[]> {
  const log = options.log ?? console.log;
  const timeoutMs = options.timeoutMs ?? 10_000;
  const nodes = (typeof besuRpcUrls === "string" ? [besuRpcUrls] : besuRpcUrls).map((url) =>
    createBesuPermissionsClient(url, { timeoutMs }),
  );
  if (nodes.length === 0) throw new Error("permissions sync: give at least one Besu node RPC URL");

  const { provider, chainId } = await connectChain(chainRpcUrl, timeoutMs);
  try {
    const address = getAddress(registryAddress);
    if ((await provider.getCode(address)) === "0x") {
      throw new Error(`permissions sync: no contract at ${address} on chain ${chainId} (${chainRpcUrl})`);
    }
    const registry = connectContract("ParticipantRegistry", address, provider);
    const suffix = options.dryRun ? " (dry run: nothing sent)" : "";

    if (!options.follow) {
      const required = await readRequiredAccounts(registry, { extra: options.extra });
      const results: NodeSyncResult[] = [];
      for (const node of nodes) {
        const diff = await applyAllowlist(node, required.accounts, options);
        results.push({ url: node.url, blockNumber: required.blockNumber, diff });
        logDiff(log, node.url, required.blockNumber, diff, suffix);
      }
      return results;
    }

    let lastResults: NodeSyncResult[] = [];
    await followAllowlist(registry, nodes, {
      extra: options.extra,
      dryRun: options.dryRun,
      pollIntervalMs: options.pollIntervalMs,
      resyncIntervalMs: options.resyncIntervalMs,
      signal: options.signal,
      onSync: (report: FollowSyncReport) => {
        lastResults = report.nodes.map(({ url, diff }) => ({ url, blockNumber: report.blockNumber, diff }));
        for (const { url, diff } of report.nodes) logDiff(log, url, report.blockNumber, diff, `${suffix} [${report.reason}]`);
      },
      onError: (error: unknown) => log(`permissions sync: ${error instanceof Error ? error.message : String(error)}; retrying`),
    });
    return lastResults;
  } finally {
    provider.destroy();
  }
}

function logDiff(log: (line: string) => void, url: string, blockNumber: number, diff: AllowlistDiff, suffix: string): void {
  log(
    `${url}: block ${blockNumber}, ${diff.added.length} added, ${diff.removed.length} removed, ` +
      `${diff.unchanged.length} unchanged${suffix}`,
  );
  for (const account of diff.added) log(`  + ${account}`);
  for (const account of diff.removed) log(`  - ${account}`);
}

/**
 * The SDK's provider for the chain, its chain id asked once with a timeout; a failure in one
 * line: "cannot reach the chain at <url>: cannot connect (ECONNREFUSED)".
 */
async function connectChain(url: string, timeoutMs: number): Promise<{ provider: TransportProvider; chainId: bigint }> {
  try {
    return await connectProvider(url, {}, undefined, { timeoutMs });
  } catch (error) {
    const cause = error instanceof Error ? error.cause : undefined;
    const failure = transportFailure(cause);
    if (failure) throw new Error(`permissions sync: cannot reach the chain at ${url}: ${failure.message}`, { cause: error });
    throw new Error(`permissions sync: ${error instanceof Error ? error.message : String(error)}`, { cause: error });
  }
}
