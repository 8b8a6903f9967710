import { ZeroHash, hexlify, toUtf8Bytes } from "ethers";
import type { ContractTransactionResponse, LogDescription, TransactionReceipt } from "ethers";
import type { ContractKey, DatarightsClient, DatarightsContracts } from "../../client";

/** A 0x-prefixed 32-byte hex string: a content, document or reason hash. */
export type Hash = string;

/** What every write action reports about its transaction. */
export interface TransactionResult {
  transactionHash: string;
  blockNumber: number;
  gasUsed: bigint;
}

/** Reason hashes are optional: the zero hash records "no reason given". */
export const NO_REASON: Hash = ZeroHash;

/**
 * Sends one transaction from the client's account and waits for it. A revert becomes the
 * contract's named error (see errors.ts), so every action fails the same way.
 */
export async function transact(
  client: DatarightsClient,
  act: string,
  send: (contracts: DatarightsContracts) => Promise<ContractTransactionResponse>,
): Promise<{ receipt: TransactionReceipt; transaction: TransactionResult }> {
  // Reading the signer first fails with "no signing key" before anything is sent.
  client.signer;
  const receipt = await client.send(act, () => send(client.contracts));
  return { receipt, transaction: { transactionHash: receipt.hash, blockNumber: receipt.blockNumber, gasUsed: receipt.gasUsed } };
}

/**
 * The one event `name` of `contract` in `receipt`: how actions learn the ids they created.
 * Reading a count after sending would race with every other sender.
 */
export function emitted(client: DatarightsClient, receipt: TransactionReceipt, contract: ContractKey, name: string): LogDescription {
  const found = client.events(receipt, contract, name);
  if (found.length === 0) throw new Error(`transaction ${receipt.hash} emitted no ${name}`);
  return found[found.length - 1];
}

/** A two-letter jurisdiction ("CN") or three-letter currency ("CNY") as the contracts' bytes2 / bytes3. */
export function codeBytes(text: string, length: 2 | 3): string {
  const pattern = length === 2 ? /^[A-Z]{2}$/ : /^[A-Z]{3}$/;
  if (!pattern.test(text)) throw new Error(`"${text}" is not a ${length === 2 ? "two-letter ISO 3166-1 jurisdiction" : "three-letter ISO 4217 currency"} code`);
  return hexlify(toUtf8Bytes(text));
}

/** A Unix time that fits the contracts' uint40 timestamps. */
export function timestamp(value: bigint, what: string): bigint {
  if (value <= 0n || value >= 1n << 40n) throw new Error(`${what} ${value} is not a Unix time in seconds`);
  return value;
}
