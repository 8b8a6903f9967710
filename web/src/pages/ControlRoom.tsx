import { lazy, Suspense } from "preact/compat";
import { useEffect, useState } from "preact/hooks";
import type { Activity, Alert, Governance, Stats } from "../api";
import { Account, Async, Badge, Bi, Empty } from "../components/ui";
import { reduceFeed } from "../feed";
import type { FeedMessage } from "../feed";
import { formatMoney, formatTime } from "../format";
import { useApi } from "../hooks";
import {
  ACT_LABELS, RIGHT_LABELS, STATUS_LABELS, TRADE_STATUS_LABELS, VALIDITY_LABELS, isRegistrationAct, labelOf,
} from "../labels";
import type { RegistrationAct } from "../labels";
import { href } from "../router";

const TimeChart = lazy(() => import("../components/PriceChart").then((module) => ({ default: module.TimeChart })));

/** The registration act an event records, where it names one. */
function actOf(activity: Activity): RegistrationAct | null {
  if (isRegistrationAct(activity.kind)) return activity.kind;
  if (activity.event === "CertificateRenewed") return "renewal";
  if (activity.event === "ObjectionLodged") return "objection";
  if (activity.event === "CertificateStatusChanged" && activity.status === "Surrendered") return "cancellation";
  return null;
}

function Links({ item }: { item: Pick<Alert, "productId" | "tradeId" | "certificateId" | "account"> }) {
  return (
    <span class="links">
      {item.productId !== null && <a href={href.product(item.productId)}>product {item.productId}</a>}
      {item.tradeId !== null && <a href={href.trade(item.tradeId)}>trade {item.tradeId}</a>}
      {item.account !== null && <Account address={item.account} />}
    </span>
  );
}

type FeedState = "connecting" | "live" | "reconnecting";

function LiveFeed() {
  const [items, setItems] = useState<Activity[]>([]);
  const [state, setState] = useState<FeedState>("connecting");
  useEffect(() => {
    const source = new EventSource("/events");
    source.addEventListener("open", () => setState("live"));
    source.addEventListener("error", () => setState("reconnecting"));
    const apply = (message: FeedMessage<Activity>) => setItems((current) => reduceFeed(current, message));
    source.addEventListener("activity", (message) => apply({ type: "activity", item: JSON.parse((message as MessageEvent<string>).data) as Activity }));
    // A reorganisation voids the items of blocks from fromBlock on; their replacements follow.
    source.addEventListener("reorg", (message) => apply({ type: "reorg", fromBlock: (JSON.parse((message as MessageEvent<string>).data) as { fromBlock: number }).fromBlock }));
    // A resume too far behind skipped items: what is held is no longer contiguous.
    source.addEventListener("gap", () => apply({ type: "gap" }));
    return () => source.close();
  }, []);
  return (
    <section aria-labelledby="feed" class="panel feed">
      <h2 id="feed">Live feed <span lang="zh-CN" class="zh">实时动态</span></h2>
      <p class="muted">
        <span class={`dot ${state}`} aria-hidden="true" /> {state === "live" ? "Live: registration acts and trade state changes as they are mined" : state === "connecting" ? "Connecting…" : "Connection lost; reconnecting…"}
      </p>
      {items.length === 0 ? <Empty>No activity yet.</Empty> : (
        <ol class="feed-list" aria-live="polite" aria-relevant="additions" data-feed>
          {items.map((item) => {
            const act = actOf(item);
            return (
              <li key={item.id} data-trade={item.tradeId ?? undefined} data-event={item.event}>
                <time dateTime={item.at}>{formatTime(item.at)}</time> <span class="muted">block {item.blockNumber}</span>{" "}
                <strong>{item.event}</strong>
                {act && <> <Badge tone="info"><Bi label={ACT_LABELS[act]} /></Badge></>}
                {item.status && <> <Badge>{item.status}</Badge></>}
                <div>{item.summary} <Links item={item} /></div>
              </li>
            );
          })}
        </ol>
      )}
    </section>
  );
}

function Counters({ stats }: { stats: Stats }) {
  const certificateRows = [...stats.certificates].sort((a, b) => a.category.localeCompare(b.category) || a.validity.localeCompare(b.validity));
  return (
    <>
      <section aria-labelledby="c-products" class="panel">
        <h2 id="c-products">Products by status</h2>
        <dl class="counters">
          {Object.entries(stats.products).map(([status, count]) => (
            <div key={status} data-key={status}><dt><Bi label={labelOf(STATUS_LABELS, status)} /></dt><dd>{count}</dd></div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="c-trades" class="panel">
        <h2 id="c-trades">Trades by state</h2>
        <dl class="counters">
          {Object.entries(stats.trades).map(([status, count]) => (
            <div key={status} data-key={status}><dt><Bi label={labelOf(TRADE_STATUS_LABELS, status)} /></dt><dd>{count}</dd></div>
          ))}
        </dl>
      </section>
      <section aria-labelledby="c-certificates" class="panel">
        <h2 id="c-certificates">Certificates by category and validity</h2>
        <table>
          <thead><tr><th scope="col">Right</th><th scope="col">Validity</th><th scope="col">Count</th></tr></thead>
          <tbody>
            {certificateRows.map((row) => (
              <tr key={`${row.category}-${row.validity}`}>
                <td><Bi label={labelOf(RIGHT_LABELS, row.category)} /></td>
                <td>{labelOf(VALIDITY_LABELS, row.validity).en}</td>
                <td>{row.count}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </section>
      <section aria-labelledby="c-volume" class="panel">
        <h2 id="c-volume">Daily volume by currency</h2>
        {stats.dailyVolume.length === 0 ? <Empty>No priced trade yet.</Empty> : (
          <table>
            <thead><tr><th scope="col">Day</th><th scope="col">Currency</th><th scope="col">Volume</th><th scope="col">Trades</th></tr></thead>
            <tbody>
              {stats.dailyVolume.map((row) => (
                <tr key={`${row.day}-${row.currency}`}><td>{row.day}</td><td>{row.currency}</td><td>{formatMoney(row.amount, row.currency)}</td><td>{row.trades}</td></tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      <section aria-labelledby="c-index" class="panel wide">
        <h2 id="c-index">Price index <span lang="zh-CN" class="zh">价格指数</span></h2>
        {stats.priceIndex.length === 0 ? <Empty>No price history yet.</Empty> : (
          <Suspense fallback={<p class="muted">Loading the chart…</p>}>
            <TimeChart
              series={{ label: "Price index", times: stats.priceIndex.map((point) => Date.parse(point.day) / 1000), values: stats.priceIndex.map((point) => point.index) }}
              yLabel="index"
              description={`Price index by day, ${stats.priceIndex.length} days, latest ${stats.priceIndex[stats.priceIndex.length - 1].index}`}
            />
          </Suspense>
        )}
      </section>
    </>
  );
}

function Alerts() {
  const loaded = useApi<{ at: string; items: Alert[] }>("/alerts");
  return (
    <section aria-labelledby="alerts" class="panel wide">
      <h2 id="alerts">Alerts <span lang="zh-CN" class="zh">违规预警</span></h2>
      <Async loaded={loaded} what="the alerts">
        {(alerts) => alerts.items.length === 0 ? <Empty>No alert.</Empty> : (
          <ul class="alerts" data-alerts>
            {alerts.items.map((alert) => (
              <li key={alert.id} class={`alert ${alert.severity}`} data-kind={alert.kind}>
                <Badge tone={alert.severity === "high" ? "bad" : alert.severity === "medium" ? "warn" : "info"}>{alert.severity}</Badge>{" "}
                <span class="mono">{alert.kind}</span> {alert.message} <Links item={alert} />
                {alert.since && <span class="muted"> since {formatTime(alert.since)}</span>}
              </li>
            ))}
          </ul>
        )}
      </Async>
    </section>
  );
}

/** A minute's precision, in UTC: "2026-12-08 14:00 UTC". */
const minuteUtc = (iso: string): string => `${iso.replace("T", " ").slice(0, 16)} UTC`;

/** "2 days", "6 h", "90 s": a delay in words. */
function duration(seconds: number): string {
  if (seconds >= 86_400 && seconds % 86_400 === 0) return `${seconds / 86_400} day${seconds === 86_400 ? "" : "s"}`;
  if (seconds >= 3_600 && seconds % 3_600 === 0) return `${seconds / 3_600} h`;
  return `${seconds} s`;
}

/** How many executed or cancelled changes the panel lists after the open ones. */
const RECENT_CHANGES = 5;

/** The timelock's scheduled changes: the open ones before they take effect, then the last executed or cancelled. */
function TimelockItems({ timelock }: { timelock: NonNullable<Governance["timelock"]> }) {
  const open = timelock.operations.filter((operation) => operation.state === "pending" || operation.state === "ready");
  const closed = timelock.operations.filter((operation) => operation.state === "done" || operation.state === "cancelled").slice(0, RECENT_CHANGES);
  return (
    <>
      <li data-timelock>
        <Badge tone="info">timelock</Badge> Policy changes are scheduled in public on <span class="mono">{timelock.address}</span>
        {timelock.minDelaySeconds !== null && <> and wait at least {duration(timelock.minDelaySeconds)}</>}
        {open.length === 0 ? "; none is pending." : `; ${open.length} pending:`}
      </li>
      {open.map((operation) => (
        <li key={operation.id} data-timelock-operation={operation.state} title={operation.id}>
          <Badge tone="warn">{operation.state}</Badge> <span class="mono">{operation.summary}</span>
          {operation.callCount > 1 && <> and {operation.callCount - 1} more call{operation.callCount > 2 ? "s" : ""}</>}
          {operation.due ? ` — due since ${minuteUtc(operation.readyAt)}: an executor may execute it` : ` — ready ${minuteUtc(operation.readyAt)}`}
        </li>
      ))}
      {closed.map((operation) => (
        <li key={operation.id} data-timelock-operation={operation.state} title={operation.id}>
          <Badge tone={operation.state === "done" ? "good" : "neutral"}>{operation.state === "done" ? "executed" : "cancelled"}</Badge>{" "}
          <span class="mono">{operation.summary}</span>{operation.closedAt && <> — {minuteUtc(operation.closedAt)}</>}
        </li>
      ))}
    </>
  );
}

/** Governance: a handover of the Admin role before it takes effect, the timelock's scheduled changes, the emergency pauses, the successor. */
function GovernancePanel() {
  const loaded = useApi<Governance>("/governance");
  return (
    <section aria-labelledby="governance" class="panel wide">
      <h2 id="governance">Governance <span lang="zh-CN" class="zh">治理</span></h2>
      <Async loaded={loaded} what="the governance">
        {(governance) => {
          const paused = Object.entries(governance.paused).filter(([, on]) => on).map(([contract]) => contract);
          return (
            <ul class="alerts" data-governance>
              <li data-pause>
                {paused.length === 0
                  ? <><Badge tone="info">running</Badge> New registrations, issues and trades are open.</>
                  : <><Badge tone="bad">paused</Badge> Emergency pause in force: {paused.join(", ")}. Reads and verification go on.</>}
              </li>
              <li data-pending-admin>
                {governance.pendingAdmin
                  ? <><Badge tone="warn">pending</Badge> The Admin role is being handed to <span class="mono">{governance.pendingAdmin.account}</span>,
                    {governance.pendingAdmin.due ? " who may accept it now" : ` who may accept it from ${formatTime(governance.pendingAdmin.effectiveAt)}`}.</>
                  : <><Badge tone="info">settled</Badge> No handover of the Admin role is pending.</>}
              </li>
              {governance.timelock && <TimelockItems timelock={governance.timelock} />}
              {governance.pendingAdminDelay && (
                <li><Badge tone="warn">pending</Badge> The admin delay becomes {governance.pendingAdminDelay.delaySeconds} s at {formatTime(governance.pendingAdminDelay.effectiveAt)}.</li>
              )}
              {governance.successor && (
                <li><Badge tone="info">successor</Badge> Records continue at epoch {governance.successor.epoch}, registry <span class="mono">{governance.successor.registry}</span>.</li>
              )}
              {governance.sealed.length > 0 && (
                <li data-sealed><Badge tone="bad">sealed</Badge> Every act is refused in {governance.sealed.join(", ")}: the records moved to the successor. Reads and verification go on.</li>
              )}
            </ul>
          );
        }}
      </Async>
    </section>
  );
}

export function ControlRoom() {
  const stats = useApi<Stats>("/stats");
  return (
    <>
      <h1 tabIndex={-1}>Control room <span lang="zh-CN" class="zh">交易监管中心</span></h1>
      <div class="control-grid">
        <LiveFeed />
        <Alerts />
        <GovernancePanel />
        <Async loaded={stats} what="the counters">{(data) => <Counters stats={data} />}</Async>
      </div>
    </>
  );
}
