import type { DatarightsClient } from "../../client";
import { decodeError } from "../../errors";
import type { DatarightsError } from "../../errors";
import { decodeObjection } from "../../records";
import type { ObjectionBookName, ObjectionRecord } from "../../records";
import { decoded } from "./internal";
import type { ReadParameters } from "./internal";

export interface GetObjectionParameters extends ReadParameters {
  /** The book it was lodged in: against a product, or against a certificate. Ids count per book. */
  book: ObjectionBookName;
  objectionId: bigint;
}

export type GetObjectionReturnType = ObjectionRecord;

/** `ObjectionUnknown` when the book has no such objection. */
export type GetObjectionErrorType = DatarightsError;

/**
 * An objection (异议) of the products' or the certificates' book, with its status now.
 *
 * @example
 * const objection = await getObjection(client, { book: "products", objectionId: 1n });
 * objection.status // "Open"
 */
export async function getObjection(client: DatarightsClient, parameters: GetObjectionParameters): Promise<GetObjectionReturnType> {
  const contract = client.contracts[parameters.book];
  const raw = await decoded("getObjection", contract.objection(parameters.objectionId, { blockTag: parameters.blockNumber ?? "latest" }));
  const objection = decodeObjection(parameters.book, parameters.objectionId, raw);
  // The getter answers an empty record for an unknown id; the book's own error says so by name.
  if (objection.status === "None") {
    throw decodeError({ data: contract.interface.encodeErrorResult("ObjectionUnknown", [parameters.objectionId]) }, "getObjection");
  }
  return objection;
}
