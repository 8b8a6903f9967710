import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import type { ValidityName } from "../../names";
import { decodeCertificate, decodeValidity } from "../../records";
import type { CertificateRecord } from "../../records";
import { decoded, inGroups, logsAcrossEpochs, pinBlockNumber } from "./internal";
import type { ReadParameters } from "./internal";

export interface ListCertificatesParameters extends ReadParameters {
  /** Only certificates issued to this account (a right never changes holder: a transfer issues a new certificate). */
  holder?: string;
  /** Only certificates on this product. */
  productId?: bigint;
}

/** The certificates, in issue order, each with its registration number and validity. */
export type ListCertificatesReturnType = (CertificateRecord & { registrationNumber: string; validity: ValidityName })[];

export type ListCertificatesErrorType = DatarightsError;

/**
 * The certificates issued, by holder and product: the CertificateIssued logs (product and
 * holder indexed) are the index; each certificate is then read as it stands, with its validity.
 *
 * @example
 * const rights = await listCertificates(client, { productId: 7n });
 * rights.filter((right) => right.validity === "Valid")
 */
export async function listCertificates(client: DatarightsClient, parameters: ListCertificatesParameters = {}): Promise<ListCertificatesReturnType> {
  const { certificates } = client.contracts;
  const blockNumber = await pinBlockNumber(client, parameters.blockNumber);
  const at = { blockTag: blockNumber };
  const logs = await decoded("listCertificates", logsAcrossEpochs(client, "certificates", blockNumber, (contract, from, to) =>
    contract.queryFilter(contract.filters.CertificateIssued(undefined, parameters.productId, parameters.holder), from, to)));
  return inGroups(logs, async (log) => {
    const certificateId = log.args.tokenId;
    const [raw, validity, registrationNumber] = await decoded("listCertificates", Promise.all([
      certificates.certificate(certificateId, at), certificates.validity(certificateId, at), certificates.registrationNumber(certificateId, at),
    ]));
    return { ...decodeCertificate(certificateId, raw), registrationNumber, validity: decodeValidity(validity) };
  });
}
