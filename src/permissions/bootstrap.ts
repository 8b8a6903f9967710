import { getAddress } from "ethers";
import { createBesuPermissionsClient } from "./besu";

/**
 * The deploy's optional allow-listing step: before the first transaction, make sure each Besu
 * node's local allowlist holds `accounts` (the deployer and the staff it will name), adding only
 * the missing ones (Besu refuses duplicates). Returns what each node was given.
 */
export async function allowlistAccounts(
  nodeUrls: readonly string[],
  accounts: readonly string[],
  log: (line: string) => void = () => undefined,
): Promise<{ url: string; added: string[] }[]> {
  const wanted = [...new Set(accounts.map((account) => getAddress(account)))];
  const results: { url: string; added: string[] }[] = [];
  for (const url of nodeUrls) {
    const node = createBesuPermissionsClient(url);
    const present = new Set((await node.getAccountsAllowlist()).map((account) => account.toLowerCase()));
    const missing = wanted.filter((account) => !present.has(account.toLowerCase()));
    if (missing.length > 0) await node.addAccountsToAllowlist(missing.map((account) => account.toLowerCase()));
    log(missing.length > 0 ? `  allowlist of ${url}: added ${missing.join(", ")}` : `  allowlist of ${url}: already holds the deployer and staff`);
    results.push({ url, added: missing });
  }
  return results;
}
