import { getAddress } from "ethers";
import type { ParticipantRegistry } from "../sdk/abis";
import type { BesuPermissionsClient } from "./besu";
import { readRequiredAccounts, sortAddresses } from "../sdk/allowlist";
import type { ReadRequiredAccountsOptions } from "../sdk/allowlist";

/** How a node's allowlist differs from the required set. Checksummed, sorted addresses. */
export interface AllowlistDiff {
  /** Required and missing from the node: sent in one `perm_addAccountsToAllowlist`. */
  added: string[];
  /** On the node and no longer required: sent in one `perm_removeAccountsFromAllowlist`. */
  removed: string[];
  /** Required and already on the node. */
  unchanged: string[];
}

export interface ApplyAllowlistOptions {
  /** Compute the diff without sending any add or remove. */
  dryRun?: boolean;
}

export interface SyncAllowlistOptions extends ReadRequiredAccountsOptions, ApplyAllowlistOptions {}

export interface SyncAllowlistResult extends AllowlistDiff {
  /** The block the registry was read at. */
  blockNumber: number;
}

/**
 * Makes one Besu node's account allowlist equal to what the registry requires (see
 * `readRequiredAccounts`): at most one add call and one remove call.
 *
 * @example
 * const besu = createBesuPermissionsClient("http://127.0.0.1:8545");
 * const { added, removed } = await syncAllowlist(registry, besu, { extra: [deployer] });
 */
export async function syncAllowlist(
  registry: ParticipantRegistry,
  besu: BesuPermissionsClient,
  options: SyncAllowlistOptions = {},
): Promise<SyncAllowlistResult> {
  const required = await readRequiredAccounts(registry, options);
  const diff = await applyAllowlist(besu, required.accounts, options);
  return { ...diff, blockNumber: required.blockNumber };
}

/** Makes `besu`'s allowlist equal to `required`; the step `syncAllowlist` runs after reading the registry. */
export async function applyAllowlist(
  besu: BesuPermissionsClient,
  required: readonly string[],
  options: ApplyAllowlistOptions = {},
): Promise<AllowlistDiff> {
  // An empty allowlist makes Besu refuse every transaction while blocks keep coming: the chain
  // looks healthy and nobody can act, not even to fix it. Only renouncing the last Admin leads
  // there, or a bug: stop rather than lock everyone out.
  if (required.length === 0) {
    throw new Error(`refusing to empty the allowlist of ${besu.url}: the registry requires no account at all`);
  }
  const diff = diffAllowlist(required, await besu.getAccountsAllowlist());
  if (!options.dryRun) {
    // Add before removing: if the second call fails, nobody who must act has been locked out.
    if (diff.added.length > 0) await besu.addAccountsToAllowlist(diff.added);
    if (diff.removed.length > 0) await besu.removeAccountsFromAllowlist(diff.removed);
  }
  return diff;
}

/** The diff between the required accounts and a node's allowlist, comparing addresses case-insensitively. */
export function diffAllowlist(required: readonly string[], current: readonly string[]): AllowlistDiff {
  const requiredByKey = byLowerCase(required);
  const currentByKey = byLowerCase(current);
  const added: string[] = [];
  const unchanged: string[] = [];
  for (const [key, account] of requiredByKey) (currentByKey.has(key) ? unchanged : added).push(account);
  const removed = [...currentByKey].filter(([key]) => !requiredByKey.has(key)).map(([, account]) => account);
  return { added: sortAddresses(added), removed: sortAddresses(removed), unchanged: sortAddresses(unchanged) };
}

function byLowerCase(addresses: readonly string[]): Map<string, string> {
  // getAddress checksums and rejects anything that is not an address; a lower-case key makes
  // "0xABC..." and "0xabc..." the same account, as Besu does.
  return new Map(addresses.map((address) => [address.toLowerCase(), getAddress(address.toLowerCase())]));
}
