import { kindsMask } from "../../../sdk/names";
import { action, transactionData } from "../../context";
import type { ProfileOptions } from "./profile";

export const apply = action(true, async (client, _command, options: ProfileOptions) => {
  const receipt = await client.send("apply", () => client.contracts.participants.applyForAccreditation(
    kindsMask(options.kinds), kindsMask(options.assessments ?? []), options.jurisdiction, options.dossier,
  ));
  return { data: { account: client.signer.address, ...transactionData(receipt) }, lines: [`${client.signer.address} applied for accreditation`] };
});
