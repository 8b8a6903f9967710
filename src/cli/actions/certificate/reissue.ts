import { action } from "../../context";
import { requireCertificate } from "../lookups";
import { minted } from "./minted";

export const reissue = action(true, async (client, _command, certificateId: bigint, holder: string, options: { evidence: string }) => {
  await requireCertificate(client, certificateId);
  const receipt = await client.send("reissue", () => client.contracts.certificates.reissue(certificateId, holder, options.evidence));
  return minted(client, receipt, "reissued");
});
