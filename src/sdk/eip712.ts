import { TypedDataEncoder } from "ethers";
/**
 * EIP-712 types and domains of the datarights contracts' signed actions. They must match the
 * type hashes in AssessmentRegistry (ASSESSMENT_TYPEHASH) and TradeLedger (DEAL_TYPEHASH).
 */

/** A finding an assessor signs off-chain for anyone to submit with `recordBySig`. */
export const ASSESSMENT_TYPES = {
  Assessment: [
    { name: "assessor", type: "address" }, { name: "productId", type: "uint64" }, { name: "kind", type: "uint8" },
    { name: "passed", type: "bool" }, { name: "expiresAt", type: "uint40" }, { name: "reportHash", type: "bytes32" },
    { name: "nonce", type: "uint256" }, { name: "deadline", type: "uint256" },
  ],
};

/** A deal both parties sign and the Registrar submits with `confirm`. */
export const DEAL_TYPES = {
  Deal: [
    { name: "productId", type: "uint64" }, { name: "contentHash", type: "bytes32" }, { name: "seller", type: "address" },
    { name: "buyer", type: "address" }, { name: "broker", type: "address" }, { name: "sellerCertificateId", type: "uint256" },
    { name: "rightGranted", type: "uint8" }, { name: "priceAmount", type: "uint128" }, { name: "currency", type: "bytes3" },
    { name: "priceCommitment", type: "bytes32" }, { name: "termsHash", type: "bytes32" }, { name: "purposeHash", type: "bytes32" },
    { name: "licenceExpiresAt", type: "uint40" }, { name: "crossBorder", type: "bool" }, { name: "nonce", type: "uint256" },
    { name: "deadline", type: "uint256" },
  ],
};

/** A deal with concrete values, as signed and as `TradeLedger.confirm` takes it. */
export interface DealValues {
  productId: bigint;
  contentHash: string;
  seller: string;
  buyer: string;
  broker: string;
  sellerCertificateId: bigint;
  rightGranted: number;
  priceAmount: bigint;
  currency: string;
  priceCommitment: string;
  termsHash: string;
  purposeHash: string;
  licenceExpiresAt: bigint;
  crossBorder: boolean;
  nonce: bigint;
  deadline: bigint;
}

export interface Eip712Domain {
  name: string;
  version: string;
  chainId: bigint;
  verifyingContract: string;
}

/**
 * The signing domain of the assessment registry at `verifyingContract` on `chainId`.
 *
 * @example
 * const signature = await assessor.signTypedData(assessmentDomain(31337n, registryAddress), ASSESSMENT_TYPES, finding);
 */
export function assessmentDomain(chainId: bigint, verifyingContract: string): Eip712Domain {
  return { name: "datarights AssessmentRegistry", version: "1", chainId, verifyingContract };
}

/**
 * The signing domain of the trade ledger at `verifyingContract` on `chainId`.
 *
 * @example
 * const signature = await seller.signTypedData(tradeDomain(31337n, ledgerAddress), DEAL_TYPES, deal);
 */
export function tradeDomain(chainId: bigint, verifyingContract: string): Eip712Domain {
  return { name: "datarights TradeLedger", version: "1", chainId, verifyingContract };
}

/** The EIP-712 digest both parties sign, as `TradeLedger.dealDigest` computes it: a deal's identity before it has a trade id. */
export function dealDigest(chainId: bigint, ledger: string, deal: DealValues): string {
  return TypedDataEncoder.hash(tradeDomain(chainId, ledger), DEAL_TYPES, deal);
}
