import { getAddress } from "ethers";
import type { Provider } from "ethers";
import type { ParticipantRegistry } from "../../typechain-types";
import { ParticipantStatus } from "./generated/enums";
import { ROLES } from "./roles";

const ACTIVE = BigInt(ParticipantStatus.Active);

/**
 * The staff roles whose holders sign transactions, as in contracts/libraries/ExchangeRoles.sol.
 *
 * MARKET_ROLE is left out on purpose. The deploy grants it to the ListingBook and TradeLedger
 * contracts, which only ever act inside a transaction someone else signed; Besu's account
 * allowlist checks the signer of a transaction, never the contracts it calls, so listing them
 * would allow nothing. The registry's own `isStaff` and `transactionAllowed` leave it out too,
 * and the allowlist must say exactly what `transactionAllowed` says.
 */
export const ALLOWLISTED_ROLES = {
  admin: ROLES.admin,
  registrar: ROLES.registrar,
  arbiter: ROLES.arbiter,
} as const;

export interface ReadRequiredAccountsOptions {
  /** Accounts always allowed whatever the registry says, e.g. the deployer or an operations key. */
  extra?: readonly string[];
  /** Block to read at; the latest by default. */
  blockNumber?: number;
}

export interface RequiredAccounts {
  /** Every read was made at this block, so the set is one consistent snapshot of the registry. */
  blockNumber: number;
  /** Checksummed, without duplicates, sorted by their lower-case hex. */
  accounts: readonly string[];
  /**
   * The earliest `accreditedUntil` (seconds) among the participants in `accounts`: from the first
   * block at or after it the set shrinks without any event, so a follower must read again.
   */
  nextExpiry: bigint | undefined;
}

/**
 * The accounts a Besu node must allow: every participant that is Active with an unexpired
 * accreditation, every holder of the Admin, Registrar or Arbiter role, and `extra`. It is the
 * set for which the registry's `transactionAllowed` (the EEA permissioning call) answers true.
 *
 * @example
 * const { accounts } = await readRequiredAccounts(registry, { extra: [deployer] });
 */
export async function readRequiredAccounts(
  registry: ParticipantRegistry,
  options: ReadRequiredAccountsOptions = {},
): Promise<RequiredAccounts> {
  const extra = (options.extra ?? []).map((account) => getAddress(account));
  const provider = providerOf(registry);
  const blockNumber = options.blockNumber ?? (await provider.getBlockNumber());
  const block = await provider.getBlock(blockNumber);
  if (block === null) throw new Error(`block ${blockNumber} is not available on the chain's RPC endpoint`);
  const at = { blockTag: blockNumber };

  const participantCount = await registry.participantCount(at);
  const participants = await Promise.all(
    indices(participantCount).map((index) => registry.participantAt(index, at)),
  );
  const accreditations = await Promise.all(participants.map((account) => registry.accreditation(account, at)));

  const accounts = new Map<string, string>();
  const allow = (account: string): void => {
    accounts.set(account.toLowerCase(), getAddress(account));
  };
  let nextExpiry: bigint | undefined;
  participants.forEach((account, index) => {
    const { status, accreditedUntil } = accreditations[index];
    // The same test as the registry's isAccredited(account, 0), at this block's time.
    if (status !== ACTIVE || accreditedUntil <= BigInt(block.timestamp)) return;
    allow(account);
    if (nextExpiry === undefined || accreditedUntil < nextExpiry) nextExpiry = accreditedUntil;
  });

  for (const role of Object.values(ALLOWLISTED_ROLES)) {
    const memberCount = await registry.getRoleMemberCount(role, at);
    const members = await Promise.all(indices(memberCount).map((index) => registry.getRoleMember(role, index, at)));
    members.forEach(allow);
  }
  extra.forEach(allow);

  return { blockNumber, accounts: sortAddresses([...accounts.values()]), nextExpiry };
}

/** The provider the registry contract reads through. */
export function providerOf(registry: ParticipantRegistry): Provider {
  const provider = registry.runner?.provider;
  if (!provider) throw new Error("the ParticipantRegistry contract must be connected to a provider");
  return provider;
}

/** Sorts addresses by their lower-case hex, so every list the sync prints or sends is stable. */
export function sortAddresses(addresses: readonly string[]): string[] {
  return [...addresses].sort((a, b) => (a.toLowerCase() < b.toLowerCase() ? -1 : a.toLowerCase() > b.toLowerCase() ? 1 : 0));
}

function indices(count: bigint): number[] {
  return Array.from({ length: Number(count) }, (_, index) => index);
}
