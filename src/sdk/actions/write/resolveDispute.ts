import type { DatarightsClient } from "../../client";
import { NO_REASON, transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

/**
 * Decides a dispute, as the Arbiter: upheld annuls the trade; rejected completes it and mints
 * the buyer's licence, whose id is returned.
 */
export async function resolveDispute(
  client: DatarightsClient,
  parameters: { tradeId: bigint; upheld: boolean; resolutionHash?: Hash },
): Promise<{ licenceId?: bigint; transaction: TransactionResult }> {
  const { receipt, transaction } = await transact(client, "resolve dispute", (contracts) =>
    contracts.trades.resolveDispute(parameters.tradeId, parameters.upheld, parameters.resolutionHash ?? NO_REASON),
  );
  const [completed] = client.events(receipt, "trades", "TradeCompleted");
  return completed ? { licenceId: completed.args.certificateId as bigint, transaction } : { transaction };
}
