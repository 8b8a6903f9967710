import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

/** Attaches the hash of the off-chain settlement of a trade, as a party or the Registrar. */
export async function attachPaymentReference(
  client: DatarightsClient,
  parameters: { tradeId: bigint; paymentReference: Hash },
): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "attach payment reference", (contracts) =>
    contracts.trades.attachPaymentReference(parameters.tradeId, parameters.paymentReference),
  );
  return { transaction };
}
