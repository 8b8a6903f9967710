import { ZeroHash } from "ethers";
import { getParticipant } from "../actions/read/getParticipant";
import { listTrades } from "../actions/read/listTrades";
import type { TradeListItem } from "../actions/read/listTrades";
import type { VerifyContext } from "./context";
import { FAULTY_VALIDITIES, isoDate } from "./report";
import type { Check, TradeFacts } from "./report";

/**
 * The trade group: every trade of the product (the ledger's TradeConfirmed logs are its index),
 * each buyer still an Active, unexpired Buyer, and each completed trade's licence derived from
 * the seller's certificate, held by the buyer, granted by that trade, and standing.
 */
export async function checkTrades(context: VerifyContext, productId: bigint): Promise<{ checks: Check[]; trades: TradeFacts[] }> {
  const { client, blockNumber, now, name } = context;
  const trades = await listTrades(client, { productId, blockNumber });
  const buyers = [...new Set(trades.map((trade) => trade.buyer))];
  const buyerRecords = new Map(await Promise.all(buyers.map(async (account) => [account, await getParticipant(client, { account, blockNumber })] as const)));
  const checks: Check[] = [];
  for (const trade of trades) {
    const buyer = buyerRecords.get(trade.buyer)!;
    const lapsedOn = buyer.accreditedUntil ?? 0n;
    checks.push({
      id: `trade.${trade.tradeId}.buyer`,
      passed: buyer.standing === "Active" && buyer.kinds.includes("Buyer"),
      detail: `trade ${trade.tradeId} buyer ${name(trade.buyer)} is ${buyer.status}${lapsedOn <= now ? `, accreditation lapsed on ${isoDate(lapsedOn)}` : ""}`,
    });
    if (trade.status === "Completed" && trade.buyerCertificateId !== null) checks.push(await checkLicence(context, trade, trade.buyerCertificateId));
  }
  return { checks, trades: trades.map(tradeFacts) };
}

/** A completed trade's licence: derived from the seller's certificate, the buyer's, this trade's, and not faulty. */
async function checkLicence(context: VerifyContext, trade: TradeListItem, licenceId: bigint): Promise<Check> {
  const [licence, validity] = await Promise.all([context.certificate(licenceId), context.validity(licenceId)]);
  const derived = licence.parentId === trade.sellerCertificateId && licence.holder === trade.buyer && licence.tradeId === trade.tradeId;
  return {
    id: `trade.${trade.tradeId}.licence`,
    passed: derived && !FAULTY_VALIDITIES.has(validity),
    detail: derived
      ? `trade ${trade.tradeId} licence ${licenceId} derives from certificate ${trade.sellerCertificateId} and is ${await context.describeValidity(licence, validity)}`
      : `trade ${trade.tradeId} licence ${licenceId} does not derive from the seller's certificate ${trade.sellerCertificateId}`,
  };
}

/** The report's facts of a trade (0 and the zero hash for "none", as the report has always said). */
function tradeFacts(trade: TradeListItem): TradeFacts {
  return {
    tradeId: trade.tradeId, seller: trade.seller, buyer: trade.buyer, status: trade.status, sellerCertificateId: trade.sellerCertificateId,
    buyerCertificateId: trade.buyerCertificateId ?? 0n, dealDigest: trade.dealDigest, deliveryHash: trade.deliveryHash ?? ZeroHash,
    crossBorder: trade.crossBorder,
  };
}
