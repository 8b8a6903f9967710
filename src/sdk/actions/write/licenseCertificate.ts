import type { DatarightsClient } from "../../client";
import { RIGHT_CATEGORIES, enumValue } from "../../names";
import type { RightCategoryName } from "../../names";
import type { RightTerms } from "./issueCertificate";
import { emitted, timestamp, transact } from "./internal";
import type { TransactionResult } from "./internal";

/**
 * Licence (许可) outside a trade, as the Registrar: a narrower right of `holder` derived from
 * certificate `parentId`. Returns the licence's certificate id.
 */
export async function licenseCertificate(
  client: DatarightsClient,
  parameters: RightTerms & { parentId: bigint; holder: string; category: Exclude<RightCategoryName, "ResourceHolding"> },
): Promise<{ certificateId: bigint; transaction: TransactionResult }> {
  const expiresAt = timestamp(parameters.expiresAt, "expiresAt");
  const { receipt, transaction } = await transact(client, "license", (contracts) =>
    contracts.certificates.license(
      parameters.parentId, parameters.holder, enumValue(RIGHT_CATEGORIES, parameters.category), expiresAt,
      parameters.scopeHash, parameters.evidenceHash,
    ),
  );
  return { certificateId: emitted(client, receipt, "certificates", "CertificateIssued").args.tokenId as bigint, transaction };
}
