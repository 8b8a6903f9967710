import type { DatarightsClient } from "../../client";
import { NO_REASON, transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

/** Suspending, reinstating and revoking: the three standing changes the Registrar makes. */
export type StandingChange = "suspend" | "reinstate" | "revoke";

export interface StandingParameters {
  /** Hash of the decision's reasons, kept off-chain; none when omitted. */
  reasonHash?: Hash;
}

/** Sends a standing change to `contract`; the actions of this folder name the object and the act. */
export async function changeStanding(
  client: DatarightsClient,
  contract: "participants" | "products" | "certificates",
  change: StandingChange,
  target: string | bigint,
  reasonHash: Hash | undefined,
): Promise<{ transaction: TransactionResult }> {
  const what = { participants: "participant", products: "product", certificates: "certificate" }[contract];
  const reason = reasonHash ?? NO_REASON;
  const { transaction } = await transact(client, `${change} ${what}`, (contracts) => {
    if (contract === "participants") return contracts.participants[change](String(target), reason);
    return contracts[contract][change](BigInt(target), reason);
  });
  return { transaction };
}
