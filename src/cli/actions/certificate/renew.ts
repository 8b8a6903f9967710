import { action, transactionData } from "../../context";
import { parseMoment } from "../../parse";
import { latestTime, requireCertificate } from "../lookups";

export const renew = action(true, async (client, _command, certificateId: bigint, options: { expires: string }) => {
  await requireCertificate(client, certificateId);
  const expiresAt = parseMoment(options.expires, await latestTime(client));
  const receipt = await client.send("renew", () => client.contracts.certificates.renew(certificateId, expiresAt));
  return { data: { certificateId, expiresAt, ...transactionData(receipt) }, lines: [`certificate ${certificateId} renewed`] };
});
