import { getAddress } from "ethers";
import type { DatarightsClient } from "../../../sdk/client";
import { dealDocumentSchema, readDocument } from "../../../sdk/documents";
import type { DealDocument } from "../../../sdk/documents";
import { UsageError } from "../../parse";

/** A deal file, refused unless it was drafted for this deployment's ledger. */
export function readDeal(client: DatarightsClient, file: string): DealDocument {
  const document = readDocument(file, dealDocumentSchema, "deal");
  if (BigInt(document.chainId) !== client.chainId || getAddress(document.ledger) !== getAddress(client.deployment.contracts.TradeLedger.address)) {
    throw new UsageError(`${file} is a deal for chain ${document.chainId}, ledger ${document.ledger}, not this deployment`);
  }
  return document;
}
