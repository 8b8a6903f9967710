import { action, transactionData } from "../../context";
import type { NoOptions } from "../../context";
import { requireCertificate } from "../lookups";

export const surrender = action(true, async (client, _command, certificateId: bigint, _options: NoOptions) => {
  await requireCertificate(client, certificateId);
  const receipt = await client.send("surrender", () => client.contracts.certificates.surrender(certificateId));
  return { data: { certificateId, ...transactionData(receipt) }, lines: [`certificate ${certificateId} surrendered`] };
});
