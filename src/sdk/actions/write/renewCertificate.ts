import type { DatarightsClient } from "../../client";
import { timestamp, transact } from "./internal";
import type { TransactionResult } from "./internal";

/** Renewal (续展), as the Registrar: the certificate now expires at `expiresAt`. */
export async function renewCertificate(
  client: DatarightsClient,
  parameters: { certificateId: bigint; expiresAt: bigint },
): Promise<{ transaction: TransactionResult }> {
  const expiresAt = timestamp(parameters.expiresAt, "expiresAt");
  const { transaction } = await transact(client, "renew", (contracts) => contracts.certificates.renew(parameters.certificateId, expiresAt));
  return { transaction };
}
