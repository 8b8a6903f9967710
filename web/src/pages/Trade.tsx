import type { Trade as TradeItem } from "../api";
import { Account, Async, Badge, Bi, statusTone } from "../components/ui";
import { formatDate, formatMoney, formatTime } from "../format";
import { useApi } from "../hooks";
import { RIGHT_LABELS, TRADE_STATUS_LABELS, labelOf } from "../labels";
import { href } from "../router";

interface TradeDetail extends TradeItem {
  events: { event: string; previousStatus: string | null; status: string | null; actor: string | null; at: string; blockNumber: number; transactionHash: string }[];
}

export function Trade({ id }: { id: number }) {
  const loaded = useApi<TradeDetail>(`/trades/${id}`);
  return (
    <Async loaded={loaded} what={`trade ${id}`}>
      {(trade) => (
        <>
          <p class="breadcrumb"><a href={href.product(trade.productId)}>Product {trade.productId}</a> / trade {trade.id}</p>
          <h1 tabIndex={-1}>Trade {trade.id}</h1>
          <dl class="facts grid">
            <div><dt>Status</dt><dd><Badge tone={statusTone(trade.status)}><Bi label={labelOf(TRADE_STATUS_LABELS, trade.status)} /></Badge>{trade.crossBorder && <> <Badge tone="warn">Cross-border · 跨境</Badge></>}</dd></div>
            <div><dt>Product</dt><dd><a href={href.product(trade.productId)}>product {trade.productId}</a></dd></div>
            <div><dt>Seller</dt><dd><Account address={trade.seller} /></dd></div>
            <div><dt>Buyer</dt><dd><Account address={trade.buyer} /></dd></div>
            {trade.broker && <div><dt>Broker</dt><dd><Account address={trade.broker} /></dd></div>}
            <div><dt>Right granted</dt><dd><Bi label={labelOf(RIGHT_LABELS, trade.rightGranted)} /></dd></div>
            <div><dt>Price</dt><dd>{trade.price ? formatMoney(trade.price.amount, trade.price.currency) : "Confidential (commitment only)"}</dd></div>
            <div><dt>Licence expires</dt><dd>{formatDate(trade.licenceExpiresAt)}</dd></div>
          </dl>
          <section aria-labelledby="trade-events">
            <h2 id="trade-events">State changes</h2>
            <ol class="timeline">
              {trade.events.map((event) => (
                <li key={`${event.blockNumber}-${event.event}`}>
                  <time dateTime={event.at}>{formatTime(event.at)}</time> <strong>{event.event}</strong>
                  {event.status && <> {event.previousStatus ?? "—"} → {event.status}</>}
                  {event.actor && <> by <Account address={event.actor} /></>}
                </li>
              ))}
            </ol>
          </section>
        </>
      )}
    </Async>
  );
}
