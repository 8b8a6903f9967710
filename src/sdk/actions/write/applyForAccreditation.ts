import type { DatarightsClient } from "../../client";
import { profileMasks } from "./accredit";
import type { ParticipantProfile } from "./accredit";
import { codeBytes, transact } from "./internal";
import type { TransactionResult } from "./internal";

/** Applies for accreditation with `profile`, as the applicant (the client's account). */
export async function applyForAccreditation(client: DatarightsClient, profile: ParticipantProfile): Promise<{ transaction: TransactionResult }> {
  const { kinds, assessmentKinds } = profileMasks(profile);
  const jurisdiction = codeBytes(profile.jurisdiction, 2);
  const { transaction } = await transact(client, "apply", (contracts) =>
    contracts.participants.applyForAccreditation(kinds, assessmentKinds, jurisdiction, profile.dossierHash),
  );
  return { transaction };
}
