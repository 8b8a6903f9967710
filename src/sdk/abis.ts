import { Interface } from "ethers";
import type { ContractRunner } from "ethers";
import {
  AssessmentRegistry__factory, CertificateRenderer__factory, DataProductRegistry__factory, ExchangeTimelock__factory, ListingBook__factory,
  ParticipantRegistry__factory, RightsCertificate__factory, TradeLedger__factory,
} from "../../typechain-types";
import type { ContractKey, DatarightsContracts } from "./client";
import type { ContractName } from "./deployment";

/**
 * The contracts' ABIs, ethers Interfaces and typed bindings by contract name: the one place off
 * the SDK's own modules that touches TypeChain's generated factories, so the listener,
 * permissions sync and other callers read ABIs without importing `typechain-types` factories.
 */

const FACTORIES = {
  ParticipantRegistry: ParticipantRegistry__factory,
  DataProductRegistry: DataProductRegistry__factory,
  CertificateRenderer: CertificateRenderer__factory,
  RightsCertificate: RightsCertificate__factory,
  AssessmentRegistry: AssessmentRegistry__factory,
  ListingBook: ListingBook__factory,
  TradeLedger: TradeLedger__factory,
} as const satisfies Record<ContractName, unknown>;

type Factories = typeof FACTORIES;

/** The contracts' binding types, for off-SDK modules that receive a binding from the SDK (permissions) or type its events (the listener). */
export type {
  AssessmentRegistry, DataProductRegistry, ExchangeTimelock, ListingBook, ParticipantRegistry, RightsCertificate, TradeLedger,
} from "../../typechain-types";
export type { TypedContractEvent } from "../../typechain-types/common";

/** The TypeChain binding of contract `Name` (e.g. `ParticipantRegistry`). */
export type ContractBinding<Name extends ContractName> = ReturnType<Factories[Name]["connect"]>;

/** Each contract's ABI as generated, literal types kept (the listener derives event types from them). */
export const ABIS: { readonly [Name in ContractName]: Factories[Name]["abi"] } = {
  ParticipantRegistry: ParticipantRegistry__factory.abi,
  DataProductRegistry: DataProductRegistry__factory.abi,
  CertificateRenderer: CertificateRenderer__factory.abi,
  RightsCertificate: RightsCertificate__factory.abi,
  AssessmentRegistry: AssessmentRegistry__factory.abi,
  ListingBook: ListingBook__factory.abi,
  TradeLedger: TradeLedger__factory.abi,
};

const interfaces = new Map<ContractName, Interface>();

/** Contract `name`'s ethers Interface, built once (an Interface parses its whole ABI). */
export function contractInterface(name: ContractName): Interface {
  let found = interfaces.get(name);
  if (!found) {
    found = new Interface(ABIS[name]);
    interfaces.set(name, found);
  }
  return found;
}

/** Contract `name` at `address` as its typed binding, run by `runner` (a provider or a signer). */
export function connectContract<Name extends ContractName>(name: Name, address: string, runner: ContractRunner | null): ContractBinding<Name> {
  return FACTORIES[name].connect(address, runner) as ContractBinding<Name>;
}

/**
 * The six contracts' Interfaces by the client's keys, typed by TypeChain (function names and
 * arguments are checked): for callers that encode calls without a binding (the listener bench).
 */
export const contractInterfaces: { readonly [Key in ContractKey]: DatarightsContracts[Key]["interface"] } = {
  participants: ParticipantRegistry__factory.createInterface(),
  products: DataProductRegistry__factory.createInterface(),
  certificates: RightsCertificate__factory.createInterface(),
  assessments: AssessmentRegistry__factory.createInterface(),
  listings: ListingBook__factory.createInterface(),
  trades: TradeLedger__factory.createInterface(),
};

/** The exchange's timelock (OpenZeppelin's TimelockController): recorded as `timelock` in a deployment file that has one. */
export const TIMELOCK_NAME = "ExchangeTimelock";
export const TIMELOCK_ABI = ExchangeTimelock__factory.abi;
let timelockInterfaceOnce: Interface | undefined;

/** The timelock's ethers Interface, built once. */
export function timelockInterface(): Interface {
  timelockInterfaceOnce ??= new Interface(TIMELOCK_ABI);
  return timelockInterfaceOnce;
}

/** The timelock at `address` as its typed binding, run by `runner`. */
export function connectTimelock(address: string, runner: ContractRunner | null): ReturnType<typeof ExchangeTimelock__factory.connect> {
  return ExchangeTimelock__factory.connect(address, runner);
}
