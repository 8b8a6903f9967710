import type { CommandUnknownOpts } from "@commander-js/extra-typings";
import { getAddress } from "ethers";
import {
  attachPaymentReference, cancelTrade, confirmDeal, confirmReceipt, deliverTrade, disputeTrade, draftDeal, getCertificate, getTrade, listTrades,
  resolveDispute, signDeal, voidDeal,
} from "../../sdk/actions";
import type { DatarightsClient } from "../../sdk/client";
import { dealDocument, dealDocumentSchema, dealSigners, dealValues, readDocument, writeDocument } from "../../sdk/documents";
import type { DealDocument } from "../../sdk/documents";
import { sha256File } from "../../sdk/hash";
import { failedLineageChecks } from "../../sdk/verify";
import { action, emit } from "../context";
import type { NoOptions } from "../context";
import { VerificationFailed } from "../failure";
import { UsageError, parseMoment } from "../parse";
import { latestTime, requireCertificate, requireProduct, requireTrade } from "./lookups";
import { offlineClient } from "./offline";

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

/** Drafted by the SDK (draftDeal); the CLI only checks its own options first, in its own words. */
export const deal = action(false, async (client, _command, productId: bigint, options: DealOptions) => {
  const { currency, price, confidentialPrice } = options;
  if (!currency) throw new UsageError("--currency is required with --price or --confidential-price");
  if ((price === undefined) === (confidentialPrice === undefined)) throw new UsageError("give exactly one of --price and --confidential-price");
  if (options.nonce !== undefined && !/^\d+$/.test(options.nonce)) throw new UsageError(`"${options.nonce}" is not a nonce`);
  await requireProduct(client, productId);
  await requireCertificate(client, options.certificate);
  const now = await latestTime(client);
  const drafted = await draftDeal(client, {
    productId, buyer: options.buyer, sellerCertificateId: options.certificate, termsHash: options.terms, purposeHash: options.purpose, broker: options.broker,
    price: price === undefined ? undefined : { amount: price, currency },
    confidentialPrice: confidentialPrice === undefined ? undefined : { amount: confidentialPrice, currency, salt: options.salt },
    licenceExpiresAt: options.expires === undefined ? undefined : parseMoment(options.expires, now),
    nonce: options.nonce === undefined ? undefined : BigInt(options.nonce),
    deadline: parseMoment(options.deadline, now),
  });
  const document = dealDocument(client.chainId, client.address("trades"), drafted.deal);
  writeDocument(options.out, document);
  const secret = drafted.confidentialPrice;
  return {
    data: { file: options.out, ...document, ...(secret ? { confidentialPrice: secret } : {}) },
    lines: [
      `deal written to ${options.out}: product ${productId} from ${drafted.deal.seller} to ${drafted.deal.buyer}${drafted.deal.crossBorder ? " (cross-border)" : ""}`,
      ...(secret ? [`confidential price: keep the salt ${secret.salt} to open the commitment`] : []),
    ],
  };
});

/** A deal file, refused unless it was drafted for this deployment's ledger (signing it would sign for another). */
function readDeal(client: DatarightsClient, file: string, document = readDocument(file, dealDocumentSchema, "deal")): DealDocument {
  if (BigInt(document.chainId) !== client.chainId || getAddress(document.ledger) !== getAddress(client.address("trades"))) {
    throw new UsageError(`${file} is a deal for chain ${document.chainId}, ledger ${document.ledger}, not this deployment`);
  }
  return document;
}

/** Offline: needs the key and the deployment file, no node. */
export async function sign(file: string, _options: NoOptions, command: CommandUnknownOpts): Promise<void> {
  const read = readDocument(file, dealDocumentSchema, "deal");
  const client = await offlineClient(command);
  try {
    const document = readDeal(client, file, read);
    const { role, signature } = await signDeal(client, { deal: dealValues(document.deal) });
    const signatures = { ...document.signatures, [role]: signature };
    writeDocument(file, { ...document, signatures });
    emit(command, { data: { file, role, signatures }, lines: [`signed ${file} as the ${role}`] });
  } finally {
    client.destroy();
  }
}

export const confirm = action(true, async (client, _command, file: string, options: { force?: boolean }) => {
  const document = readDeal(client, file);
  const { seller, buyer } = document.signatures;
  if (!seller || !buyer) throw new UsageError(`${file} lacks the ${seller ? "buyer" : "seller"}'s signature`);
  const signers = dealSigners(document);
  for (const party of ["seller", "buyer"] as const) {
    if (signers[party] !== getAddress(document.deal[party])) throw new UsageError(`${file}: the ${party}'s signature is not the ${party}'s`);
  }
  // The contract checks the direct edges; the whole lineage, at every depth, is verify's.
  const failed = await failedLineageChecks(client, BigInt(document.deal.productId));
  const forcedPast = failed.map((item) => item.id);
  if (failed.length > 0 && !options.force) {
    // A failed check, not bad usage: exit 1, as verify's.
    throw new VerificationFailed(
      `refusing to confirm: lineage check${failed.length > 1 ? "s" : ""} ${forcedPast.join(", ")} failed: ${failed[0].detail} (--force confirms anyway)`,
      { failedChecks: failed.map((item) => ({ id: item.id, detail: item.detail })) },
    );
  }
  const { tradeId, transaction } = await confirmDeal(client, { deal: dealValues(document.deal), sellerSignature: seller, buyerSignature: buyer });
  return {
    data: { tradeId, forcedPast, ...transaction },
    lines: [`trade ${tradeId} confirmed`, ...(forcedPast.length ? [`confirmed with --force despite failing lineage checks: ${forcedPast.join(", ")}`] : [])],
  };
});

export const voidIt = action(true, async (client, _command, file: string, _options: NoOptions) => {
  const { transaction } = await voidDeal(client, { deal: dealValues(readDeal(client, file).deal) });
  return { data: { file, ...transaction }, lines: [`deal ${file} voided`] };
});

export const deliver = action(true, async (client, _command, tradeId: bigint, options: { file?: string; hash?: string }) => {
  if ((options.file === undefined) === (options.hash === undefined)) throw new UsageError("give exactly one of --file and --hash");
  await requireTrade(client, tradeId);
  const deliveryHash = options.hash ?? (await sha256File(options.file!));
  const { transaction } = await deliverTrade(client, { tradeId, deliveryHash });
  return { data: { tradeId, deliveryHash, ...transaction }, lines: [`trade ${tradeId} delivered: ${deliveryHash}`] };
});

export const receive = action(true, async (client, _command, tradeId: bigint, _options: NoOptions) => {
  await requireTrade(client, tradeId);
  const { licenceId, transaction } = await confirmReceipt(client, { tradeId });
  const { registrationNumber } = await getCertificate(client, { certificateId: licenceId });
  return {
    data: { tradeId, certificateId: licenceId, registrationNumber, ...transaction },
    lines: [`trade ${tradeId} completed: ${registrationNumber} (certificate ${licenceId}) granted`],
  };
});

export const dispute = action(true, async (client, _command, tradeId: bigint, options: { reason: string }) => {
  await requireTrade(client, tradeId);
  const { transaction } = await disputeTrade(client, { tradeId, reasonHash: options.reason });
  return { data: { tradeId, ...transaction }, lines: [`trade ${tradeId} disputed`] };
});

export const resolve = action(true, async (client, _command, tradeId: bigint, options: { upheld?: boolean; resolution: string }) => {
  await requireTrade(client, tradeId);
  const upheld = options.upheld === true;
  const { licenceId, transaction } = await resolveDispute(client, { tradeId, upheld, resolutionHash: options.resolution });
  return {
    data: { tradeId, upheld, certificateId: licenceId ?? null, ...transaction },
    lines: [`trade ${tradeId}: dispute ${upheld ? "upheld, trade annulled" : `rejected, trade completed: certificate ${licenceId} granted`}`],
  };
});

export const cancel = action(true, async (client, _command, tradeId: bigint, _options: NoOptions) => {
  await requireTrade(client, tradeId);
  const { cancelled, transaction } = await cancelTrade(client, { tradeId });
  return { data: { tradeId, cancelled, ...transaction }, lines: [`trade ${tradeId}: ${cancelled ? "cancelled" : "cancellation asked, awaiting the other party"}`] };
});

export const pay = action(true, async (client, _command, tradeId: bigint, options: { reference: string }) => {
  await requireTrade(client, tradeId);
  const { transaction } = await attachPaymentReference(client, { tradeId, paymentReference: options.reference });
  return { data: { tradeId, ...transaction }, lines: [`trade ${tradeId}: payment reference attached`] };
});

export const show = action(false, async (client, _command, tradeId: bigint, _options: NoOptions) => {
  await requireTrade(client, tradeId);
  const found = await getTrade(client, { tradeId });
  const licence = found.buyerCertificateId ? `, licence ${found.buyerCertificateId}` : "";
  return { data: { ...found }, lines: [`trade ${tradeId}: product ${found.productId} ${found.rightGranted} from ${found.seller} to ${found.buyer}, ${found.status}${licence}`] };
});

export const list = action(false, async (client, _command, options: { product?: bigint; party?: string }) => {
  const trades = await listTrades(client, { productId: options.product, party: options.party });
  return {
    data: { trades },
    lines: trades.length === 0
      ? ["no trades"]
      : trades.map((item) => `trade ${item.tradeId}  product ${item.productId}  ${item.status.padEnd(9)}  ${item.seller} -> ${item.buyer}`),
  };
});
