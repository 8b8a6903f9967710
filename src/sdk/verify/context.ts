import { listObjections } from "../actions/read/listObjections";
import { httpCaller, providerCaller } from "../batch";
import type { RawCaller } from "../batch";
import type { DatarightsClient } from "../client";
import { decodeError } from "../errors";
import { decodeCertificate, decodeEncumbrance, decodeValidity } from "../records";
import type { CertificateRecord, ObjectionBookName, RightEncumbrance } from "../records";
import type { ValidityName } from "../names";
import { isoDate } from "./report";

/** A certificate of a chain that is frozen by objections or pledged. */
export interface Encumbrance {
  certificateId: bigint;
  openObjections: bigint;
  pledgee: string | null;
}

/**
 * What every group of checks reads through: the client, the one block every read is pinned to
 * (so the report is a consistent snapshot), and the certificate records, each read once at that
 * block however many checks and walks ask for it.
 */
export interface VerifyContext {
  client: DatarightsClient;
  blockNumber: number;
  /** The pinned block's time: what "expired" and "lapsed" are judged by. */
  now: bigint;
  /** Names accounts in the details. */
  name: (address: string) => string;
  /** Raw eth_calls at the pinned block, batched over HTTP when the node has an HTTP endpoint (the lineage's hot path). */
  raw: RawCaller;
  /** Awaits a contract read; a revert becomes the contract's decoded error. */
  read<T>(reading: Promise<T>): Promise<T>;
  /** The certificate's record, read once. */
  certificate(certificateId: bigint): Promise<CertificateRecord>;
  /** A record already read another way (the lineage's batches), so it is not read again. */
  remember(record: CertificateRecord): void;
  validity(certificateId: bigint): Promise<ValidityName>;
  /** `tradableRight`'s answer: the first frozen or pledged certificate of the chain. */
  encumbrance(certificateId: bigint): Promise<RightEncumbrance>;
  /** "AncestorInvalid: ancestor 5 is Revoked" for an AncestorInvalid certificate; the validity name otherwise. */
  describeValidity(record: CertificateRecord, validity: ValidityName): Promise<string>;
  /** Every frozen or pledged certificate of a chain, from `tradableRight`'s first answer up. */
  encumbrancesOf(first: RightEncumbrance): Promise<Encumbrance[]>;
  /** "frozen by 2 open objections (#3 by X, #5 by Y)". */
  describeFreeze(book: ObjectionBookName, targetId: bigint, count: bigint): Promise<string>;
}

export interface VerifyContextParameters {
  blockNumber: number;
  now: bigint;
  nameOf?: (address: string) => string;
}

export function createVerifyContext(client: DatarightsClient, parameters: VerifyContextParameters): VerifyContext {
  const { blockNumber, now } = parameters;
  const at = { blockTag: blockNumber };
  const name = parameters.nameOf ?? ((address: string) => address);
  const { certificates } = client.contracts;
  const raw = client.rpcUrl !== undefined && /^https?:/.test(client.rpcUrl)
    ? httpCaller(client.rpcUrl, blockNumber, client.counter)
    : providerCaller(client.provider, blockNumber);
  const read = async <T>(reading: Promise<T>): Promise<T> => {
    try {
      return await reading;
    } catch (error) {
      throw decodeError(error, "verify");
    }
  };

  const records = new Map<bigint, Promise<CertificateRecord>>();
  const certificate = (certificateId: bigint): Promise<CertificateRecord> => {
    let record = records.get(certificateId);
    if (!record) {
      record = read(certificates.certificate(certificateId, at)).then((output) => decodeCertificate(certificateId, output));
      records.set(certificateId, record);
    }
    return record;
  };
  const encumbrance = async (certificateId: bigint): Promise<RightEncumbrance> =>
    decodeEncumbrance(await read(certificates.tradableRight(certificateId, at)));

  /** The live certificate standing for `id`, as the contract's `_standIn`: itself, or its latest successor. */
  const standIn = async (certificateId: bigint): Promise<bigint> => {
    const visited = new Set<bigint>();
    let id = certificateId;
    for (let record = await certificate(id); record.status === "Superseded" && record.successorId !== null && !visited.has(id); record = await certificate(id)) {
      visited.add(id);
      id = record.successorId;
    }
    return id;
  };

  /** Why an AncestorInvalid certificate is: the first ancestor (stand-ins followed) not Active or expired, as `_validity` walks. */
  const invalidAncestor = async (record: CertificateRecord): Promise<string> => {
    const visited = new Set<bigint>();
    for (let parentId = record.parentId; parentId !== null && !visited.has(parentId);) {
      visited.add(parentId);
      const ancestorId = await standIn(parentId);
      const ancestor = await certificate(ancestorId);
      const label = ancestorId === parentId ? `ancestor ${ancestorId}` : `ancestor ${ancestorId} (successor of ${parentId})`;
      if (ancestor.status !== "Active") return `${label} is ${ancestor.status}`;
      if (ancestor.expiresAt <= now) return `${label} expired on ${isoDate(ancestor.expiresAt)}`;
      parentId = ancestor.parentId;
    }
    return "no invalid ancestor found at this block";
  };

  return {
    client, blockNumber, now, name, raw, read, certificate, encumbrance,
    remember(record) {
      if (!records.has(record.certificateId)) records.set(record.certificateId, Promise.resolve(record));
    },
    async validity(certificateId) {
      return decodeValidity(await read(certificates.validity(certificateId, at)));
    },
    async describeValidity(record, validity) {
      return validity === "AncestorInvalid" ? `AncestorInvalid: ${await invalidAncestor(record)}` : validity;
    },
    /**
     * `tradableRight` answers the first frozen or pledged certificate of a chain, as a trade's
     * confirmation sees it; the walk asks again above it, so an encumbrance further up is reported too.
     */
    async encumbrancesOf(first) {
      const found: Encumbrance[] = [];
      const visited = new Set<bigint>();
      for (let next: RightEncumbrance | undefined = first; next?.encumberedId != null && !visited.has(next.encumberedId);) {
        const id: bigint = next.encumberedId;
        visited.add(id);
        const record = await certificate(id);
        found.push({ certificateId: id, openObjections: record.openObjections, pledgee: record.pledgee });
        next = record.parentId === null ? undefined : await encumbrance(await standIn(record.parentId));
      }
      return found;
    },
    async describeFreeze(book, targetId, count) {
      // The count is the record's; the ids and claimants are the book's open objections.
      const open = await listObjections(client, { book, targetId, status: "Open", blockNumber });
      const named = open.map((objection) => `#${objection.objectionId} by ${name(objection.claimant)}`);
      return `frozen by ${count} open objection${count === 1n ? "" : "s"}${named.length ? ` (${named.join(", ")})` : ""}`;
    },
  };
}
