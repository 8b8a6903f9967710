import { randomBytes } from "node:crypto";
import { AbiCoder, ZeroAddress, ZeroHash, keccak256 } from "ethers";
import { writeDocument } from "../../../sdk/documents";
import type { DealDocument } from "../../../sdk/documents";
import { action } from "../../context";
import { UsageError, parseMoment } from "../../parse";
import { requireCertificate, requireProduct } from "../lookups";

export interface DealOptions {
  buyer: string;
  certificate: bigint;
  price?: bigint;
  currency?: string;
  confidentialPrice?: bigint;
  salt?: string;
  terms: string;
  purpose: string;
  expires?: string;
  broker?: string;
  nonce?: string;
  deadline: string;
  out: string;
}

export const deal = action(false, async (client, _command, productId: bigint, options: DealOptions) => {
  await requireProduct(client, productId);
  await requireCertificate(client, options.certificate);
  const { products, certificates, listings, participants } = client.contracts;
  const [product, right, listing, buyer] = await Promise.all([
    products.product(productId), certificates.rightOf(options.certificate), listings.listing(productId), participants.participant(options.buyer),
  ]);
  const now = BigInt((await client.provider.getBlock("latest"))!.timestamp);
  const confidential = options.confidentialPrice !== undefined;
  if (!options.currency) throw new UsageError("--currency is required with --price or --confidential-price");
  if (confidential === (options.price !== undefined)) throw new UsageError("give exactly one of --price and --confidential-price");
  const salt = options.salt ?? `0x${randomBytes(32).toString("hex")}`;
  const commitment = confidential
    ? keccak256(AbiCoder.defaultAbiCoder().encode(["uint128", "bytes3", "bytes32"], [options.confidentialPrice, options.currency, salt]))
    : ZeroHash;
  let licenceExpiresAt = options.expires ? parseMoment(options.expires, now) : now + listing.licenceDuration;
  if (!options.expires && right.expiresAt < licenceExpiresAt) licenceExpiresAt = right.expiresAt;
  // Nonces count per seller, buyer and product: confirming or voiding a deal kills every older one of theirs.
  const nonce = options.nonce ?? (await client.contracts.trades.dealNonce(right.holder, options.buyer, productId)).toString();
  if (!/^\d+$/.test(nonce)) throw new UsageError(`"${options.nonce}" is not a nonce`);
  const document: DealDocument = {
    type: "datarights.deal",
    chainId: client.chainId.toString(),
    ledger: client.deployment.contracts.TradeLedger.address,
    deal: {
      productId: productId.toString(), contentHash: product.contentHash, seller: right.holder, buyer: options.buyer,
      broker: options.broker ?? ZeroAddress, sellerCertificateId: options.certificate.toString(), rightGranted: Number(listing.rightOffered),
      priceAmount: (options.price ?? 0n).toString(), currency: confidential ? "0x000000" : options.currency,
      priceCommitment: commitment, termsHash: options.terms, purposeHash: options.purpose, licenceExpiresAt: licenceExpiresAt.toString(),
      crossBorder: buyer.jurisdiction !== product.jurisdiction, nonce, deadline: parseMoment(options.deadline, now).toString(),
    },
    signatures: {},
  };
  writeDocument(options.out, document);
  const data: Record<string, unknown> = { file: options.out, ...document };
  if (confidential) data.confidentialPrice = { amount: options.confidentialPrice, currency: options.currency, salt };
  return {
    data,
    lines: [
      `deal written to ${options.out}: product ${productId} from ${right.holder} to ${options.buyer}${document.deal.crossBorder ? " (cross-border)" : ""}`,
      ...(confidential ? [`confidential price: keep the salt ${salt} to open the commitment`] : []),
    ],
  };
});
