import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/**
 * Starts handing the Admin role to `newAdmin` (an account or the exchange's timelock), as the
 * Admin: the first of two steps. The new Admin accepts after the registry's admin delay
 * (`acceptAdminTransfer`); until then the handover is visible on-chain and can be cancelled.
 */
export async function beginAdminTransfer(client: DatarightsClient, parameters: { newAdmin: string }): Promise<{ transaction: TransactionResult; effectiveAt: bigint }> {
  const { receipt, transaction } = await transact(client, "begin the Admin's handover", (contracts) =>
    contracts.participants.beginDefaultAdminTransfer(parameters.newAdmin),
  );
  const [scheduled] = client.events(receipt, "participants", "DefaultAdminTransferScheduled");
  return { transaction, effectiveAt: scheduled.args.acceptSchedule as bigint };
}

/** Accepts the Admin role, as the pending Admin, once the delay has passed: the second step. */
export async function acceptAdminTransfer(client: DatarightsClient): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "accept the Admin role", (contracts) => contracts.participants.acceptDefaultAdminTransfer());
  return { transaction };
}

/** Cancels a pending handover of the Admin role, as the Admin. */
export async function cancelAdminTransfer(client: DatarightsClient): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "cancel the Admin's handover", (contracts) => contracts.participants.cancelDefaultAdminTransfer());
  return { transaction };
}
