import { RIGHT_CATEGORIES, TRADE_STATUSES, enumName } from "../../../sdk/names";
import { action } from "../../context";
import type { NoOptions } from "../../context";
import { requireTrade } from "../lookups";

export const show = action(false, async (client, _command, tradeId: bigint, _options: NoOptions) => {
  await requireTrade(client, tradeId);
  const record = await client.contracts.trades.trade(tradeId);
  const data = {
    tradeId, productId: record.productId, seller: record.seller, buyer: record.buyer, rightGranted: enumName(RIGHT_CATEGORIES, record.rightGranted),
    status: enumName(TRADE_STATUSES, record.status), crossBorder: record.crossBorder, licenceExpiresAt: record.licenceExpiresAt,
    sellerCertificateId: record.sellerCertificateId, buyerCertificateId: record.buyerCertificateId, dealDigest: record.dealDigest,
    deliveryHash: record.deliveryHash, paymentReference: record.paymentReference,
  };
  return { data, lines: [`trade ${tradeId}: product ${record.productId} ${data.rightGranted} from ${record.seller} to ${record.buyer}, ${data.status}${record.buyerCertificateId ? `, licence ${record.buyerCertificateId}` : ""}`] };
});
