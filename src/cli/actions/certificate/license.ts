import { action } from "../../context";
import { parseMoment } from "../../parse";
import { latestTime, requireCertificate } from "../lookups";
import { minted } from "./minted";

export const license = action(true, async (client, _command, parentId: bigint, holder: string, options: { category: number; expires: string; scope: string; evidence: string }) => {
  await requireCertificate(client, parentId);
  const expiresAt = parseMoment(options.expires, await latestTime(client));
  const receipt = await client.send("license", () =>
    client.contracts.certificates.license(parentId, holder, options.category, expiresAt, options.scope, options.evidence));
  return minted(client, receipt, "licensed");
});
