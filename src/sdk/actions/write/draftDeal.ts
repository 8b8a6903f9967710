import { randomBytes } from "node:crypto";
import { AbiCoder, ZeroAddress, ZeroHash, getAddress, hexlify, keccak256 } from "ethers";
import type { DatarightsClient } from "../../client";
import type { DealValues } from "../../eip712";
import { isoDate } from "../../names";
import { codeBytes, timestamp } from "./internal";
import type { Hash } from "./internal";

/** A price in minor units (fen for CNY) of an ISO 4217 currency. */
export interface Price {
  amount: bigint;
  currency: string;
}

export interface DraftDealParameters {
  productId: bigint;
  buyer: string;
  /** The seller's ResourceHolding or ProductOperation certificate the buyer's licence derives from; its holder is the seller. */
  sellerCertificateId: bigint;
  /** The public price, recorded on-chain. */
  price?: Price;
  /** A price kept off-chain: only keccak256(amount, currency, salt) is recorded. */
  confidentialPrice?: Price & { salt?: Hash };
  termsHash: Hash;
  purposeHash: Hash;
  /** When the buyer's licence expires; by default the longest the listing allows, never past the seller's right. */
  licenceExpiresAt?: bigint;
  broker?: string;
  /** By default the least nonce the ledger accepts for this seller, buyer and product. */
  nonce?: bigint;
  /** Until when the Registrar may confirm it; 24 hours from the chain's time by default. */
  deadline?: bigint;
}

export interface DraftedDeal {
  deal: DealValues;
  /** What opens the price commitment of a confidential deal: keep it. */
  confidentialPrice?: Price & { salt: Hash };
}

const DAY = 24n * 3600n;

/**
 * Drafts a deal for both parties to sign, from what the chain says: the product's content hash,
 * the seller (the certificate's holder), the right the listing offers, whether the buyer is
 * across the border, and the next nonce. The one way deals are made: the CLI, the stories and
 * scripts all draft through here.
 */
export async function draftDeal(client: DatarightsClient, parameters: DraftDealParameters): Promise<DraftedDeal> {
  const { products, certificates, listings, participants, trades } = client.contracts;
  if ((parameters.price === undefined) === (parameters.confidentialPrice === undefined)) {
    throw new Error("give exactly one of price and confidentialPrice");
  }
  const [product, right, listing, buyer, block] = await Promise.all([
    products.product(parameters.productId), certificates.rightOf(parameters.sellerCertificateId), listings.listing(parameters.productId),
    participants.participant(parameters.buyer), client.provider.getBlock("latest"),
  ]);
  const now = BigInt(block!.timestamp);
  const longest = now + listing.licenceDuration < right.expiresAt ? now + listing.licenceDuration : right.expiresAt;
  const licenceExpiresAt = parameters.licenceExpiresAt ?? longest;
  if (licenceExpiresAt > right.expiresAt) {
    throw new Error(`the licence cannot outlive the seller's right: certificate ${parameters.sellerCertificateId} expires ${isoDate(right.expiresAt)}`);
  }
  let priceAmount = 0n;
  let currency = "0x000000";
  let priceCommitment = ZeroHash;
  let confidentialPrice: DraftedDeal["confidentialPrice"];
  if (parameters.price) {
    priceAmount = parameters.price.amount;
    currency = codeBytes(parameters.price.currency, 3);
  } else if (parameters.confidentialPrice) {
    const salt = parameters.confidentialPrice.salt ?? hexlify(randomBytes(32));
    const code = codeBytes(parameters.confidentialPrice.currency, 3);
    priceCommitment = keccak256(AbiCoder.defaultAbiCoder().encode(["uint128", "bytes3", "bytes32"], [parameters.confidentialPrice.amount, code, salt]));
    confidentialPrice = { amount: parameters.confidentialPrice.amount, currency: parameters.confidentialPrice.currency, salt };
  }
  const seller = getAddress(right.holder);
  const deal: DealValues = {
    productId: parameters.productId,
    contentHash: product.contentHash,
    seller,
    buyer: getAddress(parameters.buyer),
    broker: parameters.broker ? getAddress(parameters.broker) : ZeroAddress,
    sellerCertificateId: parameters.sellerCertificateId,
    rightGranted: Number(listing.rightOffered),
    priceAmount,
    currency,
    priceCommitment,
    termsHash: parameters.termsHash,
    purposeHash: parameters.purposeHash,
    licenceExpiresAt: timestamp(licenceExpiresAt, "licenceExpiresAt"),
    crossBorder: buyer.jurisdiction !== product.jurisdiction,
    // Nonces count per seller, buyer and product: confirming or voiding a deal kills every older one of theirs.
    nonce: parameters.nonce ?? (await trades.dealNonce(seller, parameters.buyer, parameters.productId)),
    deadline: parameters.deadline ?? now + DAY,
  };
  return confidentialPrice ? { deal, confidentialPrice } : { deal };
}
