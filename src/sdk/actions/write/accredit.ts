import type { DatarightsClient } from "../../client";
import { PARTICIPANT_KINDS, assessmentKindsMask } from "../../names";
import type { AssessmentKindName } from "../../names";
import { codeBytes, timestamp, transact } from "./internal";
import type { Hash, TransactionResult } from "./internal";

export type ParticipantKindName = keyof typeof PARTICIPANT_KINDS;

export interface ParticipantProfile {
  /** What the participant is accredited as; `assessor` is implied by `assessmentKinds`. */
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
  let kinds = profile.kinds.reduce((mask, kind) => mask | PARTICIPANT_KINDS[kind], 0);
  if (assessmentKinds !== 0) kinds |= PARTICIPANT_KINDS.assessor;
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
 * await accredit(registrar, { account, kinds: ["provider"], jurisdiction: "CN", dossierHash, accreditedUntil });
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
