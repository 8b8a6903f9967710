import { action, transactionData } from "../../context";
import { requireCertificate } from "../lookups";

/** suspend, reinstate or revoke a certificate. */
export function standing(act: "suspend" | "reinstate" | "revoke") {
  return action(true, async (client, _command, certificateId: bigint, options: { reason: string }) => {
    await requireCertificate(client, certificateId);
    const receipt = await client.send(act, () => client.contracts.certificates[act](certificateId, options.reason));
    return { data: { certificateId, ...transactionData(receipt) }, lines: [`certificate ${certificateId}: ${act} done`] };
  });
}
