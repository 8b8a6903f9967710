import type { InterfaceAbi } from "ethers";
import { ABIS, TIMELOCK_ABI } from "../sdk/abis";
import type {
  AssessmentRegistry, DataProductRegistry, ExchangeTimelock, ListingBook, ParticipantRegistry, RightsCertificate, TradeLedger, TypedContractEvent,
} from "../sdk/abis";

/**
 * The events the listener mirrors, typed from the generated bindings: `DecodedEvent` is the
 * union of every event of every contract, with the arguments TypeChain declares (bigint for
 * integers, string for addresses and bytes, boolean), structs as plain objects.
 */

/** The contracts that emit events, with their ABIs (CertificateRenderer emits none). */
export const EMITTERS = {
  ParticipantRegistry: ABIS.ParticipantRegistry,
  DataProductRegistry: ABIS.DataProductRegistry,
  RightsCertificate: ABIS.RightsCertificate,
  AssessmentRegistry: ABIS.AssessmentRegistry,
  ListingBook: ABIS.ListingBook,
  TradeLedger: ABIS.TradeLedger,
} as const satisfies Record<string, InterfaceAbi>;

interface EmitterBindings {
  ParticipantRegistry: ParticipantRegistry;
  DataProductRegistry: DataProductRegistry;
  RightsCertificate: RightsCertificate;
  AssessmentRegistry: AssessmentRegistry;
  ListingBook: ListingBook;
  TradeLedger: TradeLedger;
}
export type EmitterName = keyof EmitterBindings & keyof typeof EMITTERS;
export const EMITTER_NAMES = Object.keys(EMITTERS) as EmitterName[];

/**
 * The exchange's timelock, when its deployment has one: mirrored beside the contracts (its
 * scheduled operations, executions, cancellations, delay and roles), but not one of them (a
 * deployment without it is complete).
 */
export const TIMELOCK_EMITTER = "ExchangeTimelock";
export const TIMELOCK_EMITTER_ABI = TIMELOCK_ABI;
interface SourceBindings extends EmitterBindings {
  ExchangeTimelock: ExchangeTimelock;
}
/** Every contract whose events the listener decodes: the deployment's and the timelock. */
export type SourceName = keyof SourceBindings;
/** The ABI of a source. */
export function sourceAbi(name: SourceName): InterfaceAbi {
  return name === TIMELOCK_EMITTER ? TIMELOCK_EMITTER_ABI : EMITTERS[name];
}

type NamedKeys<T> = Exclude<keyof T, keyof unknown[] | number | `${number}`>;
/** A TypeChain output as a plain value: a struct output (tuple & object) becomes its object part. */
export type Plain<T> = T extends bigint | string | boolean
  ? T
  : [NamedKeys<T>] extends [never]
    ? T extends readonly (infer Element)[]
      ? Plain<Element>[]
      : T
    : { [K in NamedKeys<T>]: Plain<T[K]> };

type EventObjects<Binding extends { filters: object }> = {
  [K in keyof Binding["filters"] as K extends `${string}(${string}` ? never : K]: Binding["filters"][K] extends TypedContractEvent<
    infer _Input,
    infer _Output,
    infer OutputObject
  >
    ? Plain<OutputObject>
    : never;
};

export type EventName<C extends SourceName> = keyof EventObjects<SourceBindings[C]> & string;
export type EventArgs<C extends SourceName, E extends EventName<C>> = EventObjects<SourceBindings[C]>[E];

/** One event of one contract, decoded. */
export type DecodedEvent = {
  [C in SourceName]: { [E in EventName<C>]: { contract: C; name: E; args: EventArgs<C, E> } }[EventName<C>];
}[SourceName];

/** A log as eth_getLogs returns it in JSON (the listener scans the bytes instead: see logs.ts). */
export interface RpcLog {
  address: string;
  topics: string[];
  data: string;
  blockNumber: string;
  blockHash: string;
  transactionHash: string;
  transactionIndex: string;
  logIndex: string;
  /** Returned by recent nodes (anvil, geth ≥ 1.16); the header is read when it is missing. */
  blockTimestamp?: string;
  removed?: boolean;
}

/** A log with its position parsed and its event decoded: what a reducer sees. */
export interface MirrorLog {
  blockNumber: number;
  logIndex: number;
  transactionHash: string;
  /** Lower case. */
  address: string;
  /** The block's time, Unix seconds. */
  timestamp: number;
  event: DecodedEvent;
}
