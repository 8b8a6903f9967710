import { action } from "../../context";
import { requireCertificate } from "../lookups";
import { minted } from "./minted";

export const amend = action(true, async (client, _command, certificateId: bigint, options: { scope: string; evidence: string }) => {
  await requireCertificate(client, certificateId);
  const receipt = await client.send("amend", () => client.contracts.certificates.amend(certificateId, options.scope, options.evidence));
  return minted(client, receipt, "amended");
});
