import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import type { ValidityName } from "../../names";
import { decodeCertificate, decodeValidity } from "../../records";
import type { CertificateRecord, ObjectionRecord } from "../../records";
import { decoded, pinBlockNumber } from "./internal";
import type { ReadParameters } from "./internal";
import { listObjections } from "./listObjections";

export interface GetCertificateParameters extends ReadParameters {
  certificateId: bigint;
}

export type GetCertificateReturnType = CertificateRecord & {
  /** The unique registration number (登记编号), e.g. "SZDE-E1-PU-00000012". */
  registrationNumber: string;
  /**
   * `validity()` at the block read: `"Valid"`, or the first reason it is not (`"Expired"`,
   * `"AncestorInvalid"`, `"ProductRevoked"`…). A valid certificate can still be pledged or frozen.
   */
  validity: ValidityName;
  /** The open objections that freeze it (empty when `openObjections` is 0). */
  objections: ObjectionRecord[];
};

/** `RightsCertificateUnknown` when no certificate has the id. */
export type GetCertificateErrorType = DatarightsError;

/**
 * A rights certificate: its record (category and status by name, pledgee), its validity, its
 * registration number and the open objections against it.
 *
 * @example
 * const certificate = await getCertificate(client, { certificateId: 3n });
 * certificate.validity // "Valid"
 */
export async function getCertificate(client: DatarightsClient, parameters: GetCertificateParameters): Promise<GetCertificateReturnType> {
  const { certificates } = client.contracts;
  const { certificateId } = parameters;
  const blockNumber = await pinBlockNumber(client, parameters.blockNumber);
  const at = { blockTag: blockNumber };
  const [raw, validity, registrationNumber] = await decoded("getCertificate", Promise.all([
    certificates.certificate(certificateId, at), certificates.validity(certificateId, at), certificates.registrationNumber(certificateId, at),
  ]));
  const record = decodeCertificate(certificateId, raw);
  const objections = record.openObjections === 0n
    ? []
    : await listObjections(client, { book: "certificates", targetId: certificateId, status: "Open", blockNumber });
  return { ...record, registrationNumber, validity: decodeValidity(validity), objections };
}
