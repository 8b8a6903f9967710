import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/** Releases a pledged certificate, as its pledgee. */
export async function releasePledge(client: DatarightsClient, parameters: { certificateId: bigint }): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "release", (contracts) => contracts.certificates.release(parameters.certificateId));
  return { transaction };
}
