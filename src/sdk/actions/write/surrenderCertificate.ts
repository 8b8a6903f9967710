import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { TransactionResult } from "./internal";

/** Cancellation (注销) by the holder: the certificate is surrendered for good. */
export async function surrenderCertificate(client: DatarightsClient, parameters: { certificateId: bigint }): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "surrender", (contracts) => contracts.certificates.surrender(parameters.certificateId));
  return { transaction };
}
