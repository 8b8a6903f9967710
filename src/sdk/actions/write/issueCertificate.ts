import type { DatarightsClient } from "../../client";
import { RIGHT_CATEGORIES, enumValue } from "../../names";
import type { RightCategoryName } from "../../names";
import { emitted, timestamp, transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

export interface RightTerms {
  /** Unix time the right expires. */
  expiresAt: bigint;
  /** Hash of the right's scope (use purposes, territory, terms). */
  scopeHash: Hash;
  /** Hash of the registration evidence. */
  evidenceHash: Hash;
}

/**
 * Initial registration (首次), as the Registrar: a ResourceHolding or ProductOperation
 * certificate of `holder` on `productId`. Returns the new certificate's id.
 */
export async function issueCertificate(
  client: DatarightsClient,
  parameters: RightTerms & { holder: string; productId: bigint; category: Exclude<RightCategoryName, "ProcessingUse"> },
): Promise<{ certificateId: bigint; transaction: TransactionResult }> {
  const expiresAt = timestamp(parameters.expiresAt, "expiresAt");
  const { receipt, transaction } = await transact(client, "issue", (contracts) =>
    contracts.certificates.issue(
      parameters.holder, parameters.productId, enumValue(RIGHT_CATEGORIES, parameters.category), expiresAt,
      parameters.scopeHash, parameters.evidenceHash,
    ),
  );
  return { certificateId: emitted(client, receipt, "certificates", "CertificateIssued").args.tokenId as bigint, transaction };
}
