import type { DatarightsClient } from "../../client";
import { emitted, transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

/** Change (变更), as the Registrar: a new certificate with a new scope supersedes this one. Returns the successor's id. */
export async function amendCertificate(
  client: DatarightsClient,
  parameters: { certificateId: bigint; scopeHash: Hash; evidenceHash: Hash },
): Promise<{ certificateId: bigint; transaction: TransactionResult }> {
  const { receipt, transaction } = await transact(client, "amend", (contracts) =>
    contracts.certificates.amend(parameters.certificateId, parameters.scopeHash, parameters.evidenceHash),
  );
  return { certificateId: emitted(client, receipt, "certificates", "CertificateReplaced").args.successorId as bigint, transaction };
}
