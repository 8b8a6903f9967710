import { lazy, Suspense } from "preact/compat";
import { useMemo, useState } from "preact/hooks";
import { get, productName } from "../api";
import type { Page, PricePoint, Product as ProductItem, ProductDetail, SampleSpec, Trade, VerifyReport } from "../api";
import { Account, Async, Badge, Bi, Empty, ExpiryBadge, statusTone } from "../components/ui";
import { formatDate, formatMoney, formatTime } from "../format";
import { useApi, useChainNow } from "../hooks";
import {
  ASSESSMENT_LABELS, CLASSIFICATION_LABELS, METHOD_LABELS, RIGHT_LABELS, SOURCE_LABELS, STATUS_LABELS, TRADE_STATUS_LABELS, TYPE_LABELS,
  VALIDITY_LABELS, labelOf,
} from "../labels";
import { href } from "../router";

const LineageGraph = lazy(() => import("../components/LineageGraph").then((module) => ({ default: module.LineageGraph })));
const TimeChart = lazy(() => import("../components/PriceChart").then((module) => ({ default: module.TimeChart })));

function Sample({ sample }: { sample: SampleSpec }) {
  if ("fields" in sample) {
    return (
      <table>
        <caption>Sample fields</caption>
        <thead>
          <tr><th scope="col">Field</th><th scope="col">Type</th><th scope="col">Description</th></tr>
        </thead>
        <tbody>
          {sample.fields.map((field) => (
            <tr key={field.name}><td class="mono">{field.name}</td><td>{field.type}</td><td>{field.description ?? ""}</td></tr>
          ))}
        </tbody>
      </table>
    );
  }
  return (
    <details>
      <summary>Schema</summary>
      <pre>{JSON.stringify(sample.schema, null, 2)}</pre>
    </details>
  );
}

function Overview({ product }: { product: ProductDetail }) {
  const document = product.document;
  const price = product.listing?.referencePrice;
  return (
    <section aria-labelledby="overview">
      <h2 id="overview">Overview <span lang="zh-CN" class="zh">产品概况</span></h2>
      {document?.status === "mismatch" && (
        <p class="error" role="alert" data-document="mismatch">
          The description document does not match its registered hash — not shown. {document.problem}
        </p>
      )}
      {document?.status === "unavailable" && <p class="muted" data-document="unavailable">The product's description document could not be found yet (it is looked for again): not shown. {document.problem}</p>}
      {document?.status === "pending" && <p class="muted" data-document="pending">The product's description document has not been checked against its registered hash yet: not shown until it is.</p>}
      {!document && <p class="muted">This product has no registered description.</p>}
      {document?.status === "verified" && (
        <>
          {document.summary && <p class="lead">{document.summary}</p>}
          {document.description && <p>{document.description}</p>}
        </>
      )}
      <dl class="facts grid">
        <div><dt>Status</dt><dd><Badge tone={statusTone(product.status)}><Bi label={labelOf(STATUS_LABELS, product.status)} /></Badge>{product.frozen && <> <Badge tone="bad">Frozen by an objection</Badge></>}</dd></div>
        <div><dt>Type</dt><dd><Bi label={labelOf(TYPE_LABELS, product.type)} /></dd></div>
        <div><dt>Source category</dt><dd><Bi label={labelOf(SOURCE_LABELS, product.sourceCategory)} /></dd></div>
        <div><dt>Classification</dt><dd><Bi label={labelOf(CLASSIFICATION_LABELS, product.classification)} /></dd></div>
        <div><dt>Provider</dt><dd><Account address={product.provider} /> ({product.jurisdiction})</dd></div>
        <div><dt>Registered</dt><dd>{formatDate(product.registeredAt)}</dd></div>
        <div><dt>Personal information</dt><dd>{product.containsPersonalInfo ? "Contains personal information" : "None"}</dd></div>
        <div>
          <dt>Reference price</dt>
          <dd>
            {!price ? "No reference price" : price.method === "Negotiable" ? <Bi label={METHOD_LABELS.Negotiable} /> : <>{formatMoney(price.amount, price.currency)} (<Bi label={labelOf(METHOD_LABELS, price.method)} />)</>}
          </dd>
        </div>
        {product.listing && (
          <div>
            <dt>Right offered</dt>
            <dd>
              <Bi label={labelOf(RIGHT_LABELS, product.listing.rightOffered)} />, {Math.round(product.listing.licenceDurationSeconds / 86_400)} days, to buyers in{" "}
              {product.listing.permittedJurisdictions.join(", ") || "any jurisdiction"}
            </dd>
          </div>
        )}
        <div><dt>Content hash</dt><dd class="mono hash">{product.contentHash}</dd></div>
      </dl>
      {document?.status === "verified" && (
        <>
          <h3>Use cases <span lang="zh-CN" class="zh">应用场景</span></h3>
          {document.useCases && document.useCases.length > 0 ? <ul>{document.useCases.map((useCase) => <li key={useCase}>{useCase}</li>)}</ul> : <Empty>None described.</Empty>}
          <h3>Bidding modality <span lang="zh-CN" class="zh">交易方式</span></h3>
          <p>{document.biddingModality ?? "Not described."}</p>
          {document.deliveryModality && (
            <>
              <h3>Delivery <span lang="zh-CN" class="zh">交付方式</span></h3>
              <p>{document.deliveryModality}</p>
            </>
          )}
          {document.sample && <Sample sample={document.sample} />}
        </>
      )}
    </section>
  );
}

function Certificates({ product }: { product: ProductDetail }) {
  return (
    <section aria-labelledby="certificates">
      <h2 id="certificates">Rights certificates <span lang="zh-CN" class="zh">权利证书</span></h2>
      {product.certificates.length === 0 ? <Empty>No certificate has been issued for this product.</Empty> : (
        <table>
          <thead>
            <tr><th scope="col">No.</th><th scope="col">Right</th><th scope="col">Holder</th><th scope="col">Validity</th><th scope="col">Expires</th><th scope="col">Derived from</th></tr>
          </thead>
          <tbody>
            {product.certificates.map((certificate) => (
              <tr key={certificate.id}>
                <td>{certificate.id}</td>
                <td><Bi label={labelOf(RIGHT_LABELS, certificate.category)} /></td>
                <td><Account address={certificate.holder} /></td>
                <td>
                  <Badge tone={statusTone(certificate.validity)}><Bi label={labelOf(VALIDITY_LABELS, certificate.validity)} /></Badge>
                  {certificate.invalidAncestorId !== null && <> (certificate {certificate.invalidAncestorId})</>}
                  {certificate.pledgee && <> <Badge tone="info">Pledged</Badge></>}
                  {certificate.blocked && <> <Badge tone="warn">Blocked</Badge></>}
                </td>
                <td>{formatDate(certificate.expiresAt)}</td>
                <td>{certificate.parentId ?? "—"}{certificate.tradeId !== null && <> (<a href={href.trade(certificate.tradeId)}>trade {certificate.tradeId}</a>)</>}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}

function Assessments({ product }: { product: ProductDetail }) {
  const now = useChainNow();
  return (
    <section aria-labelledby="assessments">
      <h2 id="assessments">Assessments <span lang="zh-CN" class="zh">第三方评估</span></h2>
      {product.assessments.length === 0 ? <Empty>No assessment recorded.</Empty> : (
        <table>
          <thead>
            <tr><th scope="col">Kind</th><th scope="col">Finding</th><th scope="col">Assessor</th><th scope="col">Recorded</th><th scope="col">Expires</th></tr>
          </thead>
          <tbody>
            {product.assessments.map((assessment) => {
              return (
                <tr key={assessment.id}>
                  <td><Bi label={labelOf(ASSESSMENT_LABELS, assessment.kind)} /></td>
                  <td>
                    {assessment.revoked ? <Badge tone="bad">Revoked</Badge> : assessment.passed ? <Badge tone="good">Passed</Badge> : <Badge tone="bad">Failed</Badge>}
                  </td>
                  <td><Account address={assessment.assessor} /></td>
                  <td>{formatDate(assessment.issuedAt)}</td>
                  <td>
                    {formatDate(assessment.expiresAt)}{" "}
                    <ExpiryBadge expiresAt={assessment.expiresAt} now={now} />
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      )}
    </section>
  );
}

function PriceHistory({ productId }: { productId: number }) {
  const loaded = useApi<Page<PricePoint>>(`/products/${productId}/prices?limit=100`);
  return (
    <section aria-labelledby="prices">
      <h2 id="prices">Price history <span lang="zh-CN" class="zh">价格历史</span></h2>
      <Async loaded={loaded} what="the price history">
        {(page) => {
          const changes = page.items.filter((point) => point.event === "Changed" && point.amount !== null).reverse();
          const currency = changes[0]?.currency ?? "";
          return (
            <>
              {changes.length > 0 ? (
                <Suspense fallback={<p class="muted">Loading the chart…</p>}>
                  <TimeChart
                    series={{ label: `Reference price (${currency})`, times: changes.map((point) => Date.parse(point.at) / 1000), values: changes.map((point) => Number(point.amount) / 100), stepped: true }}
                    yLabel={currency}
                    description={`Reference price over time: ${changes.length} change${changes.length === 1 ? "" : "s"}, latest ${formatMoney(changes[changes.length - 1].amount, currency)}`}
                  />
                </Suspense>
              ) : <Empty>No reference price has been set.</Empty>}
              {page.items.length > 0 && (
                <table>
                  <caption>Price proposals and changes</caption>
                  <thead><tr><th scope="col">When</th><th scope="col">Event</th><th scope="col">Method</th><th scope="col">Amount</th></tr></thead>
                  <tbody>
                    {page.items.map((point) => (
                      <tr key={`${point.blockNumber}-${point.event}-${point.at}`}>
                        <td>{formatTime(point.at)}</td>
                        <td>{point.event === "Changed" ? "Reference price set" : "Proposed"}</td>
                        <td><Bi label={labelOf(METHOD_LABELS, point.method)} /></td>
                        <td>{formatMoney(point.amount, point.currency)}</td>
                      </tr>
                    ))}
                  </tbody>
                </table>
              )}
            </>
          );
        }}
      </Async>
    </section>
  );
}

export function TradeTimeline({ trades }: { trades: Trade[] }) {
  if (trades.length === 0) return <Empty>No trade yet.</Empty>;
  return (
    <ol class="timeline">
      {trades.map((trade) => (
        <li key={trade.id}>
          <time dateTime={trade.confirmedAt}>{formatDate(trade.confirmedAt)}</time>{" "}
          <a href={href.trade(trade.id)}>Trade {trade.id}</a>: <Account address={trade.seller} /> → <Account address={trade.buyer} />,{" "}
          <Bi label={labelOf(RIGHT_LABELS, trade.rightGranted)} />, {trade.price ? formatMoney(trade.price.amount, trade.price.currency) : "confidential price"}{" "}
          <Badge tone={statusTone(trade.status)}><Bi label={labelOf(TRADE_STATUS_LABELS, trade.status)} /></Badge>
          {trade.crossBorder && <> <Badge tone="warn">Cross-border · 跨境</Badge></>}
        </li>
      ))}
    </ol>
  );
}

function Trades({ productId }: { productId: number }) {
  const loaded = useApi<Page<Trade>>(`/trades?product=${productId}&limit=100`);
  return (
    <section aria-labelledby="trades">
      <h2 id="trades">Trades <span lang="zh-CN" class="zh">交易记录</span></h2>
      <Async loaded={loaded} what="the trades">{(page) => <TradeTimeline trades={[...page.items].reverse()} />}</Async>
    </section>
  );
}

function Verify({ productId }: { productId: number }) {
  const [state, setState] = useState<{ state: "idle" } | { state: "running" } | { state: "done"; report: VerifyReport } | { state: "error"; message: string }>({ state: "idle" });
  const run = async () => {
    setState({ state: "running" });
    try {
      setState({ state: "done", report: await get<VerifyReport>(`/products/${productId}/verify`) });
    } catch (error) {
      setState({ state: "error", message: error instanceof Error ? error.message : String(error) });
    }
  };
  const failed = state.state === "done" ? state.report.checks.filter((check) => !check.passed).length : 0;
  return (
    <section aria-labelledby="verify">
      <h2 id="verify">Provenance verification <span lang="zh-CN" class="zh">溯源核验</span></h2>
      <p>Runs the auditor's checks on the server against the chain itself, not the mirror.</p>
      <p class="actions">
        <button type="button" onClick={() => void run()} disabled={state.state === "running"}>
          {state.state === "running" ? "Verifying…" : "Verify"}
        </button>
        <a class="button secondary" href={`/products/${productId}/prov`} download={`product-${productId}.prov.json`}>Download PROV-JSON</a>
      </p>
      <div aria-live="polite">
        {state.state === "error" && <p class="error" role="alert">Verification could not run: {state.message}</p>}
        {state.state === "done" && (
          <>
            <p class={state.report.passed ? "verdict pass" : "verdict fail"} data-verdict={state.report.passed ? "pass" : "fail"}>
              {state.report.registrationNumber}: {state.report.passed ? "every check passed" : `${failed} of ${state.report.checks.length} checks failed`}
            </p>
            <ul class="checks">
              {state.report.checks.map((check, index) => (
                <li key={`${check.id}-${index}`} class={check.passed ? "pass" : "fail"}>
                  <strong>{check.passed ? "PASS" : "FAIL"}</strong> <span class="mono">{check.id}</span> {check.detail}
                </li>
              ))}
            </ul>
          </>
        )}
      </div>
    </section>
  );
}

function Lineage({ product }: { product: ProductDetail }) {
  const ids = product.lineage.nodes.map((node) => node.id).join(",");
  // The names of the lineage's products: one catalogue page holds them in the stories.
  const names = useApi<Page<ProductItem>>(ids ? "/products?limit=100" : null);
  const nameMap = useMemo(() => {
    const map = new Map<number, string>();
    if (names.state === "ready") for (const item of names.data.items) if (item.document?.status === "verified" && item.document.name) map.set(item.id, item.document.name);
    return map;
  }, [names]);
  const standing = product.lineage;
  return (
    <section aria-labelledby="lineage">
      <h2 id="lineage">Lineage <span lang="zh-CN" class="zh">数据血缘</span></h2>
      <p>
        {product.lineage.nodes.length} product{product.lineage.nodes.length === 1 ? "" : "s"} in the lineage;{" "}
        {standing.intact ? "every right it was registered under is valid." : (
          <>broken: product {standing.brokenEdge?.productId} was registered from {standing.brokenEdge?.sourceId} under certificate {standing.brokenEdge?.certificateId}, now {standing.brokenEdge?.validity}.</>
        )}
      </p>
      {names.state !== "loading" && (
        <Suspense fallback={<p class="muted">Loading the graph…</p>}>
          <LineageGraph productId={product.id} nodes={product.lineage.nodes} edges={product.lineage.edges} names={nameMap} />
        </Suspense>
      )}
    </section>
  );
}

export function Product({ id }: { id: number }) {
  const loaded = useApi<ProductDetail>(`/products/${id}`);
  return (
    <Async loaded={loaded} what={`product ${id}`}>
      {(product) => (
        <>
          <p class="breadcrumb"><a href={href.catalogue()}>Catalogue</a> / product {product.id}</p>
          <h1 tabIndex={-1}>{productName(product)}</h1>
          <Overview product={product} />
          <Lineage product={product} />
          <Certificates product={product} />
          <Assessments product={product} />
          <PriceHistory productId={product.id} />
          <Trades productId={product.id} />
          <Verify productId={product.id} />
        </>
      )}
    </Async>
  );
}
