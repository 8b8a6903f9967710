import { AbiCoder, getAddress, getBytes, keccak256 } from "ethers";
import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

/**
 * Key rotation. A participant's record (status, profile, nonce floor) moves to a new account and
 * the old one is Revoked; its open trades, products, findings and pledges follow it (the new account
 * acts for it, the old key no longer can), and its certificates are then reissued to the new
 * account one by one (`transferCertificate`), each linked to its old one, which becomes Superseded.
 */

/** The hash the old key signs (as an EIP-191 message) to consent to its replacement by `newAccount` until `deadline`. */
function replacementHash(client: DatarightsClient, account: string, newAccount: string, deadline: bigint): string {
  return keccak256(AbiCoder.defaultAbiCoder().encode(
    ["string", "uint256", "address", "address", "address", "uint256"],
    ["datarights account replacement", client.chainId, client.address("participants"), getAddress(account), getAddress(newAccount), deadline],
  ));
}

/**
 * Signs, as the participant (the client's account, the old key), its consent to be replaced by
 * `newAccount`, good until `deadline` (Unix seconds). Needs no chain.
 */
export async function signAccountReplacement(
  client: DatarightsClient,
  parameters: { newAccount: string; deadline: bigint },
): Promise<{ signature: string; deadline: bigint }> {
  const account = client.signer;
  const hash = replacementHash(client, account.address, parameters.newAccount, parameters.deadline);
  return { signature: await account.signMessage(getBytes(hash)), deadline: parameters.deadline };
}

/** Replaces `account` by `newAccount`, as the Registrar, with the old key's signature (`signAccountReplacement`) before its deadline. */
export async function replaceAccount(
  client: DatarightsClient,
  parameters: { account: string; newAccount: string; deadline: bigint; signature: string },
): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "replace the account", (contracts) =>
    contracts.participants.replaceAccount(parameters.account, parameters.newAccount, parameters.deadline, parameters.signature),
  );
  return { transaction };
}

/**
 * Proposes, as the Registrar, replacing `account` whose key is lost by `newAccount`, citing the
 * dossier evidence: it may be completed (`completeAccountReplacement`) once the governance delay
 * (the registry's admin delay) has passed, and is visible on-chain until then.
 */
export async function proposeAccountReplacement(
  client: DatarightsClient,
  parameters: { account: string; newAccount: string; evidenceHash: Hash },
): Promise<{ effectiveAt: bigint; transaction: TransactionResult }> {
  const { receipt, transaction } = await transact(client, "propose the account's replacement", (contracts) =>
    contracts.participants.proposeAccountReplacement(parameters.account, parameters.newAccount, parameters.evidenceHash),
  );
  const [proposed] = client.events(receipt, "participants", "AccountReplacementProposed");
  return { effectiveAt: proposed.args.effectiveAt as bigint, transaction };
}

/** Completes a proposed replacement once due, as the Registrar. */
export async function completeAccountReplacement(client: DatarightsClient, parameters: { account: string }): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "complete the account's replacement", (contracts) =>
    contracts.participants.completeAccountReplacement(parameters.account),
  );
  return { transaction };
}

/** Cancels a proposed replacement: as the account itself (its key is not lost after all), the Registrar or the Admin. */
export async function cancelAccountReplacement(client: DatarightsClient, parameters: { account: string }): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "cancel the account's replacement", (contracts) =>
    contracts.participants.cancelAccountReplacement(parameters.account),
  );
  return { transaction };
}
