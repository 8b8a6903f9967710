import {
  AssessmentRegistry__factory, DataProductRegistry__factory, ListingBook__factory, ParticipantRegistry__factory,
  RightsCertificate__factory, TradeLedger__factory,
} from "../../typechain-types";
import type { ContractKey, DatarightsContracts } from "./client";

/**
 * The six contracts' ethers Interfaces, by the names the client gives them, typed by TypeChain
 * (function names and arguments are checked): for callers that encode calls or decode logs
 * without a binding (the listener bench batches raw eth_sendTransaction calls). The SDK is the
 * one place that imports TypeChain's factories.
 */
export const contractInterfaces: { readonly [Key in ContractKey]: DatarightsContracts[Key]["interface"] } = {
  participants: ParticipantRegistry__factory.createInterface(),
  products: DataProductRegistry__factory.createInterface(),
  certificates: RightsCertificate__factory.createInterface(),
  assessments: AssessmentRegistry__factory.createInterface(),
  listings: ListingBook__factory.createInterface(),
  trades: TradeLedger__factory.createInterface(),
};
