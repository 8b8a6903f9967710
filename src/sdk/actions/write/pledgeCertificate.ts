import type { DatarightsClient } from "../../client";
import { transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

/** Pledges a certificate to an accredited financier, as its holder; licences and trades from it stop until released. */
export async function pledgeCertificate(
  client: DatarightsClient,
  parameters: { certificateId: bigint; financier: string; agreementHash: Hash },
): Promise<{ transaction: TransactionResult }> {
  const { transaction } = await transact(client, "pledge", (contracts) =>
    contracts.certificates.pledge(parameters.certificateId, parameters.financier, parameters.agreementHash),
  );
  return { transaction };
}
