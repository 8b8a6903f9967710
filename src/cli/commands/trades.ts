import { randomBytes } from "node:crypto";
import { failedLineageChecks } from "../../sdk/verify";
import { VerificationFailed } from "./verify";
import type { Command } from "commander";
import { AbiCoder, ZeroAddress, ZeroHash, getAddress, keccak256 } from "ethers";
import type { DatarightsClient } from "../../sdk/client";
import { loadWallet } from "../../sdk/chain";
import { dealDocumentSchema, dealSigners, dealValues, readDocument, signDealDocument, writeDocument } from "../../sdk/documents";
import type { DealDocument } from "../../sdk/documents";
import { sha256File } from "../../sdk/hash";
import { action, chainConfig, emit, transactionData } from "../context";
import { RIGHT_CATEGORIES, TRADE_STATUSES, enumName } from "../../sdk/names";
import { UsageError, parseAddress, parseAmount, parseCurrency, parseHash, parseHashOrText, parseId, parseMoment } from "../parse";
import { requireCertificate } from "./certificates";
import { requireProduct } from "./products";

async function requireTrade(client: DatarightsClient, tradeId: bigint): Promise<void> {
  if (tradeId > (await client.contracts.trades.tradeCount())) throw new UsageError(`unknown trade ${tradeId}`);
}

function readDeal(client: DatarightsClient, file: string): DealDocument {
  const document = readDocument(file, dealDocumentSchema, "deal");
  if (BigInt(document.chainId) !== client.chainId || getAddress(document.ledger) !== getAddress(client.deployment.contracts.TradeLedger.address)) {
    throw new UsageError(`${file} is a deal for chain ${document.chainId}, ledger ${document.ledger}, not this deployment`);
  }
  return document;
}

interface DealOptions {
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

export function registerTrades(program: Command): void {
  const trade = program.command("trade").description("trades: draft and sign a deal, confirm, deliver, receive, dispute");

  trade
    .command("deal")
    .description("draft a deal for both parties to sign (reads the product, right and listing from the chain)")
    .argument("<product>", "product id", parseId)
    .requiredOption("--buyer <address>", "buyer", parseAddress)
    .requiredOption("--certificate <id>", "the seller's certificate the licence derives from", parseId)
    .option("--price <minor-units>", "public price in minor units", parseAmount)
    .option("--currency <code>", "ISO 4217 code of the public price", parseCurrency)
    .option("--confidential-price <minor-units>", "price kept off-chain: only a commitment is recorded (with --currency, --salt)", parseAmount)
    .option("--salt <hash>", "salt of the confidential price commitment (random when omitted)", parseHash)
    .requiredOption("--terms <hash|text>", "contract terms", parseHashOrText)
    .requiredOption("--purpose <hash|text>", "purpose of use", parseHashOrText)
    .option("--expires <time>", "licence expiry (default: the longest the listing allows)")
    .option("--broker <address>", "accredited broker", parseAddress)
    .option("--nonce <n>", "the deal nonce (default: the least the ledger accepts for this seller, buyer and product)")
    .option("--deadline <time>", "until when the Registrar may confirm it", "24h")
    .requiredOption("--out <file>", "where to write the deal (JSON)")
    .action(action(false, async (client, _command, productId: bigint, options: DealOptions) => {
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
    }));

  trade
    .command("sign")
    .description("sign a deal as its seller or its buyer (offline: needs only the key)")
    .argument("<file>", "deal file (from `trade deal`)")
    .action(async (file: string, _options: unknown, command: Command) => {
      const config = chainConfig(command);
      const document = readDocument(file, dealDocumentSchema, "deal");
      const { document: signed, role } = await signDealDocument(document, await loadWallet(config.key, null));
      writeDocument(file, signed);
      emit(command, { data: { file, role, signatures: signed.signatures }, lines: [`signed ${file} as the ${role}`] });
    });

  trade
    .command("confirm")
    .description("check and confirm a deal signed by both parties, as the Registrar")
    .argument("<file>", "deal file signed by seller and buyer")
    .option("--force", "confirm even when verify's lineage checks fail (the output records it)")
    .action(action(true, async (client, _command, file: string, options: { force?: boolean }) => {
      const document = readDeal(client, file);
      const { seller, buyer } = document.signatures;
      if (!seller || !buyer) throw new UsageError(`${file} lacks the ${seller ? "buyer" : "seller"}'s signature`);
      const signers = dealSigners(document);
      if (signers.seller !== getAddress(document.deal.seller)) throw new UsageError(`${file}: the seller's signature is not the seller's`);
      if (signers.buyer !== getAddress(document.deal.buyer)) throw new UsageError(`${file}: the buyer's signature is not the buyer's`);
      // The contract checks the direct edges; the whole lineage, at every depth, is verify's.
      const failed = await failedLineageChecks(client, BigInt(document.deal.productId));
      if (failed.length > 0 && !options.force) {
        // A failed check, not bad usage: exit 1, as verify does.
        const names = failed.map((item) => item.id).join(", ");
        process.stderr.write(`datarights: refusing to confirm: lineage check${failed.length > 1 ? "s" : ""} ${names} failed: ${failed[0].detail} (--force confirms anyway)\n`);
        throw new VerificationFailed();
      }
      const receipt = await client.send("confirm trade", () => client.contracts.trades.confirm(dealValues(document.deal), seller, buyer));
      const [confirmed] = client.events(receipt, "trades", "TradeConfirmed");
      const tradeId = confirmed.args.tradeId as bigint;
      const forced = failed.map((item) => item.id);
      return {
        data: { tradeId, dealDigest: confirmed.args.dealDigest as string, forcedPast: forced, ...transactionData(receipt) },
        lines: [`trade ${tradeId} confirmed`, ...(forced.length ? [`confirmed with --force despite failing lineage checks: ${forced.join(", ")}`] : [])],
      };
    }));

  trade
    .command("deliver")
    .description("record what was delivered, as the seller: the SHA-256 of the delivered file, or a hash")
    .argument("<trade>", "trade id", parseId)
    .option("--file <path>", "the delivered file (hashed, streamed)")
    .option("--hash <hash>", "the delivery hash", parseHash)
    .action(action(true, async (client, _command, tradeId: bigint, options: { file?: string; hash?: string }) => {
      if ((options.file === undefined) === (options.hash === undefined)) throw new UsageError("give exactly one of --file and --hash");
      await requireTrade(client, tradeId);
      const deliveryHash = options.hash ?? (await sha256File(options.file!));
      const receipt = await client.send("deliver", () => client.contracts.trades.deliver(tradeId, deliveryHash));
      return { data: { tradeId, deliveryHash, ...transactionData(receipt) }, lines: [`trade ${tradeId} delivered: ${deliveryHash}`] };
    }));

  trade
    .command("receive")
    .description("confirm receipt, as the buyer: mints the buyer's licence")
    .argument("<trade>", "trade id", parseId)
    .action(action(true, async (client, _command, tradeId: bigint) => {
      await requireTrade(client, tradeId);
      const receipt = await client.send("confirm receipt", () => client.contracts.trades.confirmReceipt(tradeId));
      const [completed] = client.events(receipt, "trades", "TradeCompleted");
      const certificateId = completed.args.certificateId as bigint;
      const registrationNumber = await client.contracts.certificates.registrationNumber(certificateId);
      return { data: { tradeId, certificateId, registrationNumber, ...transactionData(receipt) }, lines: [`trade ${tradeId} completed: ${registrationNumber} (certificate ${certificateId}) granted`] };
    }));

  trade
    .command("dispute")
    .description("open a dispute before completion, as seller or buyer")
    .argument("<trade>", "trade id", parseId)
    .requiredOption("--reason <hash|text>", "the grievance", parseHashOrText)
    .action(action(true, async (client, _command, tradeId: bigint, options: { reason: string }) => {
      await requireTrade(client, tradeId);
      const receipt = await client.send("dispute", () => client.contracts.trades.dispute(tradeId, options.reason));
      return { data: { tradeId, ...transactionData(receipt) }, lines: [`trade ${tradeId} disputed`] };
    }));

  trade
    .command("resolve")
    .description("decide a dispute, as the Arbiter: --upheld annuls the trade, otherwise it completes")
    .argument("<trade>", "trade id", parseId)
    .option("--upheld", "uphold the dispute: no licence is granted")
    .requiredOption("--resolution <hash|text>", "the decision", parseHashOrText)
    .action(action(true, async (client, _command, tradeId: bigint, options: { upheld?: boolean; resolution: string }) => {
      await requireTrade(client, tradeId);
      const receipt = await client.send("resolve dispute", () => client.contracts.trades.resolveDispute(tradeId, options.upheld === true, options.resolution));
      return { data: { tradeId, upheld: options.upheld === true, ...transactionData(receipt) }, lines: [`trade ${tradeId}: dispute ${options.upheld ? "upheld, trade annulled" : "rejected, trade completed"}`] };
    }));

  trade
    .command("cancel")
    .description("ask to cancel before delivery, as seller or buyer (cancelled once both asked)")
    .argument("<trade>", "trade id", parseId)
    .action(action(true, async (client, _command, tradeId: bigint) => {
      await requireTrade(client, tradeId);
      const receipt = await client.send("cancel", () => client.contracts.trades.cancel(tradeId));
      const status = (await client.contracts.trades.trade(tradeId)).status;
      return { data: { tradeId, status: enumName(TRADE_STATUSES, status), ...transactionData(receipt) }, lines: [`trade ${tradeId}: cancellation asked (${enumName(TRADE_STATUSES, status)})`] };
    }));

  trade
    .command("pay")
    .description("attach the settlement's reference, as a party or the Registrar")
    .argument("<trade>", "trade id", parseId)
    .requiredOption("--reference <hash|text>", "payment reference", parseHashOrText)
    .action(action(true, async (client, _command, tradeId: bigint, options: { reference: string }) => {
      await requireTrade(client, tradeId);
      const receipt = await client.send("attach payment reference", () => client.contracts.trades.attachPaymentReference(tradeId, options.reference));
      return { data: { tradeId, ...transactionData(receipt) }, lines: [`trade ${tradeId}: payment reference attached`] };
    }));

  trade
    .command("void")
    .description("void a signed deal before confirmation, as seller or buyer (uses up the nonce)")
    .argument("<file>", "deal file")
    .action(action(true, async (client, _command, file: string) => {
      const document = readDeal(client, file);
      const receipt = await client.send("void deal", () => client.contracts.trades.voidDeal(dealValues(document.deal)));
      return { data: { file, ...transactionData(receipt) }, lines: [`deal ${file} voided`] };
    }));

  trade
    .command("show")
    .description("a trade's full record")
    .argument("<trade>", "trade id", parseId)
    .action(action(false, async (client, _command, tradeId: bigint) => {
      await requireTrade(client, tradeId);
      const record = await client.contracts.trades.trade(tradeId);
      const data = {
        tradeId, productId: record.productId, seller: record.seller, buyer: record.buyer, rightGranted: enumName(RIGHT_CATEGORIES, record.rightGranted),
        status: enumName(TRADE_STATUSES, record.status), crossBorder: record.crossBorder, licenceExpiresAt: record.licenceExpiresAt,
        sellerCertificateId: record.sellerCertificateId, buyerCertificateId: record.buyerCertificateId, dealDigest: record.dealDigest,
        deliveryHash: record.deliveryHash, paymentReference: record.paymentReference,
      };
      return { data, lines: [`trade ${tradeId}: product ${record.productId} ${data.rightGranted} from ${record.seller} to ${record.buyer}, ${data.status}${record.buyerCertificateId ? `, licence ${record.buyerCertificateId}` : ""}`] };
    }));

  trade
    .command("list")
    .description("trades of a product or of a party, oldest first (read from the ledger's TradeConfirmed events)")
    .option("--product <id>", "product id", parseId)
    .option("--party <address>", "seller or buyer", parseAddress)
    .action(action(false, async (client, _command, options: { product?: bigint; party?: string }) => {
      if ((options.product === undefined) === (options.party === undefined)) throw new UsageError("give exactly one of --product and --party");
      const { trades } = client.contracts;
      const fromBlock = client.deployment.contracts.TradeLedger.deployBlock;
      // The ledger keeps no per-product or per-party index: its events are the index (product and buyer are topics).
      const logs = await trades.queryFilter(trades.filters.TradeConfirmed(undefined, options.product), fromBlock);
      const party = options.party?.toLowerCase();
      const ids = logs
        .filter((log) => party === undefined || log.args.buyer.toLowerCase() === party || log.args.deal.seller.toLowerCase() === party)
        .map((log) => log.args.tradeId);
      return { data: { tradeIds: ids }, lines: ids.length ? ids.map((tradeId) => `trade ${tradeId}`) : ["no trades"] };
    }));

}
