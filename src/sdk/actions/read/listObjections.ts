import type { DatarightsClient } from "../../client";
import type { DatarightsError } from "../../errors";
import { decodeObjection } from "../../records";
import type { ObjectionBookName, ObjectionRecord, ObjectionStatusName } from "../../records";
import { decoded, inGroups, logsAcrossEpochs, pinBlockNumber } from "./internal";
import type { ReadParameters } from "./internal";

export type ListObjectionsParameters = ReadParameters & {
  /** Only objections whose status is this one now (e.g. `"Open"`: what freezes a unit). */
  status?: ObjectionStatusName;
} & (
  | { /** The products' book, or the certificates'; both when omitted. */ book?: ObjectionBookName; targetId?: undefined }
  /** Objections against one product (book "products") or one certificate (book "certificates"). */
  | { book: ObjectionBookName; targetId: bigint }
);

/** The objections, the products' book first, each book in the order they were lodged. */
export type ListObjectionsReturnType = ObjectionRecord[];

export type ListObjectionsErrorType = DatarightsError;

const BOOKS: readonly ObjectionBookName[] = ["products", "certificates"];

/**
 * The objections (异议) lodged against products and certificates — the product registry and the
 * certificate registry each keep a book — with their status now. The books' ObjectionLodged logs
 * (target indexed) are the index; each objection is then read as it stands.
 *
 * @example
 * const open = await listObjections(client, { book: "certificates", targetId: 3n, status: "Open" });
 */
export async function listObjections(client: DatarightsClient, parameters: ListObjectionsParameters = {}): Promise<ListObjectionsReturnType> {
  const blockNumber = await pinBlockNumber(client, parameters.blockNumber);
  const at = { blockTag: blockNumber };
  const books = parameters.book === undefined ? BOOKS : [parameters.book];
  const found = await Promise.all(books.map(async (book) => {
    const contract = client.contracts[book];
    const logs = await decoded("listObjections", logsAcrossEpochs(client, book, blockNumber, (epochContract, from, to) =>
      epochContract.queryFilter(epochContract.filters.ObjectionLodged(undefined, parameters.targetId), from, to)));
    return inGroups(logs, async (log) =>
      decodeObjection(book, log.args.objectionId, await decoded("listObjections", contract.objection(log.args.objectionId, at))));
  }));
  return found.flat().filter((objection) => parameters.status === undefined || objection.status === parameters.status);
}
