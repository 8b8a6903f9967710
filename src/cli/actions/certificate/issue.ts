import { action } from "../../context";
import { parseMoment } from "../../parse";
import { latestTime, requireProduct } from "../lookups";
import { minted } from "./minted";

export const issue = action(true, async (client, _command, holder: string, productId: bigint, options: { category: number; expires: string; scope: string; evidence: string }) => {
  await requireProduct(client, productId);
  const expiresAt = parseMoment(options.expires, await latestTime(client));
  const receipt = await client.send("issue", () =>
    client.contracts.certificates.issue(holder, productId, options.category, expiresAt, options.scope, options.evidence));
  return minted(client, receipt, "issued");
});
