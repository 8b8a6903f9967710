import type { ParticipantRegistry } from "../sdk/abis";
import { BesuPermissionsError } from "./besu";
import type { BesuPermissionsClient } from "./besu";
import { providerOf, readRequiredAccounts } from "../sdk/allowlist";
import { applyAllowlist } from "./sync";
import type { AllowlistDiff } from "./sync";

/** Why a follower synced: its first sync, a registry event, an accreditation expiry, the periodic resync, or a retry. */
export type FollowSyncReason = "start" | "event" | "expiry" | "interval" | "retry";

export interface FollowSyncReport {
  reason: FollowSyncReason;
  /** The block the registry was read at. */
  blockNumber: number;
  /** One entry per node, in the order given. */
  nodes: { url: string; diff: AllowlistDiff }[];
}

export interface FollowAllowlistOptions {
  /** Accounts always allowed whatever the registry says. */
  extra?: readonly string[];
  /** Report the diffs without sending any add or remove. */
  dryRun?: boolean;
  /** How often to look for a new block; default 2 s (a usual QBFT block period). */
  pollIntervalMs?: number;
  /**
   * Sync at least this often even without a registry event; default 60 s. Catches changes made
   * on the nodes themselves (a hand-edited permissions file, a manual perm_ call), which no
   * chain event reports.
   */
  resyncIntervalMs?: number;
  /** Stops the follower; the promise resolves once the sync under way, if any, has finished. */
  signal?: AbortSignal;
  onSync?: (report: FollowSyncReport) => void;
  /** A failed sync that will be retried at the next poll (node down, allowlist changed under us). */
  onError?: (error: unknown) => void;
}

/** Registry events after which the required set may have changed. RoleAdminChanged and ParticipantApplied cannot change it. */
const RELEVANT_EVENTS = ["ParticipantAccredited", "ParticipantStatusChanged", "RoleGranted", "RoleRevoked"] as const;

/**
 * Keeps the allowlists of `nodes` equal to what the registry requires, until `signal` aborts.
 * Syncs at start, then whenever a new block holds a relevant registry event, reaches the next
 * accreditation expiry, or `resyncIntervalMs` has passed. The registry is read once per sync and
 * every node gets the same set. QBFT blocks are final, so there are no reorgs to undo.
 *
 * Failures are retried at the next poll and reported through `onError`; a failure that needs the
 * node's configuration changed (PERM not enabled, account permissioning off) is thrown.
 *
 * @example
 * const controller = new AbortController();
 * await followAllowlist(registry, [createBesuPermissionsClient(url)], { signal: controller.signal });
 */
export async function followAllowlist(
  registry: ParticipantRegistry,
  nodes: readonly BesuPermissionsClient[],
  options: FollowAllowlistOptions = {},
): Promise<void> {
  const provider = providerOf(registry);
  const registryAddress = await registry.getAddress();
  const topics = RELEVANT_EVENTS.map((name) => registry.interface.getEvent(name).topicHash);
  const pollIntervalMs = options.pollIntervalMs ?? 2_000;
  const resyncIntervalMs = options.resyncIntervalMs ?? 60_000;

  let last: { blockNumber: number; nextExpiry: bigint | undefined; at: number } | undefined;
  let failed = false;

  async function reasonToSync(head: number): Promise<FollowSyncReason | undefined> {
    if (last === undefined) return failed ? "retry" : "start";
    if (failed) return "retry";
    if (head > last.blockNumber) {
      const logs = await provider.getLogs({
        address: registryAddress,
        topics: [topics],
        fromBlock: last.blockNumber + 1,
        toBlock: head,
      });
      if (logs.length > 0) return "event";
      if (last.nextExpiry !== undefined) {
        const block = await provider.getBlock(head);
        if (block !== null && BigInt(block.timestamp) >= last.nextExpiry) return "expiry";
      }
    }
    return Date.now() - last.at >= resyncIntervalMs ? "interval" : undefined;
  }

  while (!options.signal?.aborted) {
    try {
      const head = await provider.getBlockNumber();
      const reason = await reasonToSync(head);
      if (reason !== undefined) {
        const required = await readRequiredAccounts(registry, { extra: options.extra, blockNumber: head });
        const report: FollowSyncReport = { reason, blockNumber: head, nodes: [] };
        for (const node of nodes) {
          report.nodes.push({ url: node.url, diff: await applyAllowlist(node, required.accounts, options) });
        }
        last = { blockNumber: head, nextExpiry: required.nextExpiry, at: Date.now() };
        failed = false;
        options.onSync?.(report);
      }
    } catch (error) {
      if (error instanceof BesuPermissionsError && !error.retryable) throw error;
      failed = true;
      options.onError?.(error);
    }
    await sleep(pollIntervalMs, options.signal);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = (): void => {
      clearTimeout(timer);
      signal?.removeEventListener("abort", done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener("abort", done, { once: true });
  });
}
