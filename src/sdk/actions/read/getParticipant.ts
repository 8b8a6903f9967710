import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import { decodeParticipant } from "../../records";
import type { ParticipantRecord } from "../../records";
import { decoded, pinBlock } from "./internal";
import type { ReadParameters } from "./internal";

export interface GetParticipantParameters extends ReadParameters {
  account: string;
}

/** The accreditation; `status` is `"None"` for an account that never applied. */
export type GetParticipantReturnType = ParticipantRecord;

export type GetParticipantErrorType = DatarightsError;

/**
 * An account's accreditation: status, kinds and jurisdiction by name, and its standing at the
 * block read — `lapsed` (standing `"Lapsed"`) when it is Active but its accreditation expired.
 *
 * @example
 * const buyer = await getParticipant(client, { account: "0x…" });
 * buyer.lapsed ? "lapsed" : `${buyer.standing} until ${isoDate(buyer.accreditedUntil!)}`
 */
export async function getParticipant(client: DatarightsClient, parameters: GetParticipantParameters): Promise<GetParticipantReturnType> {
  const block = await pinBlock(client, parameters.blockNumber);
  const raw = await decoded("getParticipant", client.contracts.participants.participant(parameters.account, { blockTag: block.blockNumber }));
  return decodeParticipant(parameters.account, raw, block.timestamp);
}
