import type { DatarightsClient } from "../../client";
import { emitted, transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

/**
 * Transfer (转移), as the Registrar: the certificate is superseded by a new one of `newHolder`
 * (certificates are soulbound; a transfer is a reissue). Returns the successor's id.
 */
export async function transferCertificate(
  client: DatarightsClient,
  parameters: { certificateId: bigint; newHolder: string; evidenceHash: Hash },
): Promise<{ certificateId: bigint; transaction: TransactionResult }> {
  const { receipt, transaction } = await transact(client, "transfer", (contracts) =>
    contracts.certificates.reissue(parameters.certificateId, parameters.newHolder, parameters.evidenceHash),
  );
  return { certificateId: emitted(client, receipt, "certificates", "CertificateReplaced").args.successorId as bigint, transaction };
}
