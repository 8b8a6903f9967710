import { action, transactionData } from "../../context";
import { requireCertificate } from "../lookups";

export const pledge = action(true, async (client, _command, certificateId: bigint, financier: string, options: { agreement: string }) => {
  await requireCertificate(client, certificateId);
  const receipt = await client.send("pledge", () => client.contracts.certificates.pledge(certificateId, financier, options.agreement));
  return { data: { certificateId, financier, ...transactionData(receipt) }, lines: [`certificate ${certificateId} pledged to ${financier}`] };
});
