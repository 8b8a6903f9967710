import type { DatarightsClient } from "../../../sdk/client";
import { transactionData } from "../../context";
import type { Outcome } from "../../context";

/** The certificate minted by `receipt`, with its registration number. */
export async function minted(client: DatarightsClient, receipt: Parameters<DatarightsClient["events"]>[0], verb: string): Promise<Outcome> {
  const [issued] = client.events(receipt, "certificates", "CertificateIssued");
  const certificateId = issued.args.tokenId as bigint;
  const registrationNumber = await client.contracts.certificates.registrationNumber(certificateId);
  return { data: { certificateId, registrationNumber, ...transactionData(receipt) }, lines: [`${registrationNumber} ${verb} (certificate ${certificateId})`] };
}
