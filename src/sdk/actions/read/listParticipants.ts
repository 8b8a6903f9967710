import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import { decodeParticipant } from "../../records";
import type { ParticipantRecord } from "../../records";
import { decoded, inGroups, pinBlock } from "./internal";
import type { ReadParameters } from "./internal";

export type ListParticipantsParameters = ReadParameters;

/** Every account that ever applied or was accredited, in registration order. */
export type ListParticipantsReturnType = ParticipantRecord[];

export type ListParticipantsErrorType = DatarightsError;

/**
 * Every participant of the registry, each with its standing at the block read (`lapsed` when an
 * Active accreditation has expired).
 *
 * @example
 * for (const participant of await listParticipants(client)) console.log(participant.account, participant.standing);
 */
export async function listParticipants(client: DatarightsClient, parameters: ListParticipantsParameters = {}): Promise<ListParticipantsReturnType> {
  const { participants } = client.contracts;
  const block = await pinBlock(client, parameters.blockNumber);
  const at = { blockTag: block.blockNumber };
  // The registry enumerates its accounts: the count bounds the iteration, it names no new id.
  const count = await decoded("listParticipants", participants.participantCount(at));
  const indexes = Array.from({ length: Number(count) }, (_, index) => index);
  return inGroups(indexes, async (index) => {
    const account = await decoded("listParticipants", participants.participantAt(index, at));
    return decodeParticipant(account, await decoded("listParticipants", participants.participant(account, at)), block.timestamp);
  });
}
