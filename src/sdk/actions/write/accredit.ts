import type { DatarightsClient } from "../../client";
import { PARTICIPANT_KIND_NAMES, assessmentKindsMask, enumValue } from "../../names";
import type { AssessmentKindName } from "../../names";
import type { ParticipantKindName } from "../../records";
import { codeBytes, timestamp, transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

export interface ParticipantProfile {
  /** What the participant is accredited as ("Provider", "Buyer", …); "Assessor" is implied by `assessmentKinds`. */
  kinds: readonly ParticipantKindName[];
  /** The assessment kinds an assessor may record. */
  assessmentKinds?: readonly AssessmentKindName[];
  /** ISO 3166-1 alpha-2 code of the participant's jurisdiction, e.g. "CN". */
  jurisdiction: string;
  /** Hash of the accreditation dossier kept off-chain. */
  dossierHash: Hash;
}

/** The kinds bit set of ParticipantKinds.sol and the assessment kinds bit set of a profile. */
export function profileMasks(profile: Pick<ParticipantProfile, "kinds" | "assessmentKinds">): { kinds: number; assessmentKinds: number } {
  const assessmentKinds = assessmentKindsMask(profile.assessmentKinds ?? []);
  const flag = (kind: ParticipantKindName): number => 1 << enumValue(PARTICIPANT_KIND_NAMES, kind);
  let kinds = profile.kinds.reduce((mask, kind) => mask | flag(kind), 0);
  if (assessmentKinds !== 0) kinds |= flag("Assessor");
  return { kinds, assessmentKinds };
}

export interface AccreditParameters extends ParticipantProfile {
  account: string;
  /** Unix time the accreditation lapses. */
  accreditedUntil: bigint;
}

/**
 * Accredits `account` (or re-accredits it with a new profile), as the Registrar.
 *
 * @example
 * await accredit(registrar, { account, kinds: ["Provider"], jurisdiction: "CN", dossierHash, accreditedUntil });
 */
export async function accredit(client: DatarightsClient, parameters: AccreditParameters): Promise<{ transaction: TransactionResult }> {
  const { kinds, assessmentKinds } = profileMasks(parameters);
  const jurisdiction = codeBytes(parameters.jurisdiction, 2);
  const until = timestamp(parameters.accreditedUntil, "accreditedUntil");
  const { transaction } = await transact(client, "accredit", (contracts) =>
    contracts.participants.accredit(parameters.account, kinds, assessmentKinds, jurisdiction, parameters.dossierHash, until),
  );
  return { transaction };
}
