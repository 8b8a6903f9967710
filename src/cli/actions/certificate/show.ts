import { CERTIFICATE_STATUSES, RIGHT_CATEGORIES, VALIDITIES, enumName } from "../../../sdk/names";
import { action } from "../../context";
import type { NoOptions } from "../../context";
import { requireCertificate } from "../lookups";

export const show = action(false, async (client, _command, certificateId: bigint, _options: NoOptions) => {
  await requireCertificate(client, certificateId);
  const { certificates } = client.contracts;
  const [record, validity, registrationNumber] = await Promise.all([
    certificates.certificate(certificateId), certificates.validity(certificateId), certificates.registrationNumber(certificateId),
  ]);
  const data = {
    certificateId, registrationNumber, productId: record.productId, category: enumName(RIGHT_CATEGORIES, record.category),
    status: enumName(CERTIFICATE_STATUSES, record.status), validity: enumName(VALIDITIES, validity), holder: record.holder,
    issuer: record.issuer, issuedAt: record.issuedAt, expiresAt: record.expiresAt, parentId: record.parentId,
    predecessorId: record.predecessorId, successorId: record.successorId, pledgee: record.pledgee,
    openObjections: record.openObjections, scopeHash: record.scopeHash, evidenceHash: record.evidenceHash, tradeId: record.tradeId,
  };
  return {
    data,
    lines: [
      `${registrationNumber} (certificate ${certificateId})  ${data.category} of product ${record.productId}  ${data.status}, ${data.validity}`,
      `holder ${record.holder}${record.parentId ? `  parent ${record.parentId}` : ""}${record.tradeId ? `  from trade ${record.tradeId}` : ""}`,
    ],
  };
});
