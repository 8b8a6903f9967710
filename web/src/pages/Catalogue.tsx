import { useEffect, useState } from "preact/hooks";
import { get, productName, query } from "../api";
import type { Page, Product } from "../api";
import { Badge, Bi, statusTone } from "../components/ui";
import { formatMoney, toMinorUnits } from "../format";
import {
  METHOD_LABELS, PRODUCT_STATUSES, PRODUCT_TYPES, RIGHT_LABELS, SOURCE_CATEGORIES, SOURCE_LABELS, STATUS_LABELS, TYPE_LABELS,
  VALIDITY_LABELS, labelOf,
} from "../labels";
import { href } from "../router";

/** The catalogue's filters: the hash's query, as typed (prices in major units). */
const FILTERS = ["q", "type", "sourceCategory", "status", "provider", "minPrice", "maxPrice", "currency"] as const;
type Filter = (typeof FILTERS)[number];

/** The API's query for the filters: prices go in minor units. */
function apiQuery(params: URLSearchParams, cursor?: string | number): string {
  const value = (name: Filter) => params.get(name)?.trim() || undefined;
  const price = (name: "minPrice" | "maxPrice") => {
    const text = value(name);
    return text === undefined ? undefined : toMinorUnits(text) ?? text;
  };
  return query({
    q: value("q"), type: value("type"), sourceCategory: value("sourceCategory"), status: value("status"), provider: value("provider"),
    minPrice: price("minPrice"), maxPrice: price("maxPrice"), currency: value("currency"), limit: 24, cursor,
  });
}

/** Why a description document is not shown. */
const DOCUMENT_NOTES: Record<Exclude<NonNullable<Product["document"]>["status"], "verified">, string> = {
  mismatch: "The description document does not match its registered hash — not shown.",
  unavailable: "The description document could not be found yet — not shown.",
  pending: "The description document has not been checked against its registered hash yet — not shown.",
};

function ProductCard({ product }: { product: Product }) {
  const document = product.document;
  const price = product.referencePrice;
  const certificates = product.certificates ?? [];
  const name = productName(product);
  return (
    <li class="card">
      <article aria-labelledby={`product-${product.id}`}>
        <h3 id={`product-${product.id}`}>
          <a href={href.product(product.id)}>{name}</a>
        </h3>
        <p class="badges">
          <Badge tone={statusTone(product.status)}>
            <Bi label={labelOf(STATUS_LABELS, product.status)} />
          </Badge>
          <Badge>
            <Bi label={labelOf(TYPE_LABELS, product.type)} />
          </Badge>
          <Badge>
            <Bi label={labelOf(SOURCE_LABELS, product.sourceCategory)} />
          </Badge>
          {product.frozen && <Badge tone="bad">Frozen by an objection · 异议冻结</Badge>}
          {!product.lineage.intact && <Badge tone="bad">Lineage broken</Badge>}
          {document?.status === "mismatch" && <Badge tone="bad">Document does not match its hash</Badge>}
        </p>
        {document?.status === "verified" && document.summary ? <p class="summary">{document.summary}</p> : null}
        {document && document.status !== "verified" && <p class="muted" data-document={document.status}>{DOCUMENT_NOTES[document.status]}</p>}
        <dl class="facts">
          <div>
            <dt>Reference price</dt>
            <dd>
              {price ? (
                <>
                  {price.method === "Negotiable" ? <Bi label={METHOD_LABELS.Negotiable} /> : (
                    <>
                      {formatMoney(price.amount, price.currency)}{" "}
                      <span class="muted">(<Bi label={labelOf(METHOD_LABELS, price.method)} />)</span>
                    </>
                  )}
                </>
              ) : (
                "Not listed"
              )}
            </dd>
          </div>
          <div>
            <dt>Certificates</dt>
            <dd>
              {certificates.length === 0 ? (
                "None"
              ) : (
                <ul class="inline-list">
                  {certificates.map((certificate) => (
                    <li key={certificate.id}>
                      <Badge tone={statusTone(certificate.validity)} title={`certificate ${certificate.id}: ${labelOf(VALIDITY_LABELS, certificate.validity).en}`}>
                        <Bi label={labelOf(RIGHT_LABELS, certificate.category)} />
                        {certificate.validity !== "Valid" && ` · ${labelOf(VALIDITY_LABELS, certificate.validity).en}`}
                      </Badge>
                    </li>
                  ))}
                </ul>
              )}
            </dd>
          </div>
        </dl>
      </article>
    </li>
  );
}

export function Catalogue({ params }: { params: URLSearchParams }) {
  const [items, setItems] = useState<Product[] | null>(null);
  const [cursor, setCursor] = useState<string | number | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [loadingMore, setLoadingMore] = useState(false);
  const key = params.toString();
  /** The filters the list shown answers (data-query: tests wait for the list of a query, not the one before). */
  const [shownKey, setShownKey] = useState<string | null>(null);

  useEffect(() => {
    const controller = new AbortController();
    setItems(null);
    setError(null);
    get<Page<Product>>(`/products${apiQuery(params)}`, controller.signal).then(
      (page) => {
        setItems(page.items);
        setCursor(page.nextCursor);
        setShownKey(key);
      },
      (failure: unknown) => {
        if (!controller.signal.aborted) setError(failure instanceof Error ? failure.message : String(failure));
      },
    );
    return () => controller.abort();
  }, [key]);

  const more = async () => {
    if (cursor === null) return;
    setLoadingMore(true);
    try {
      const page = await get<Page<Product>>(`/products${apiQuery(params, cursor)}`);
      setItems((current) => [...(current ?? []), ...page.items]);
      setCursor(page.nextCursor);
    } catch (failure) {
      setError(failure instanceof Error ? failure.message : String(failure));
    } finally {
      setLoadingMore(false);
    }
  };

  const submit = (event: SubmitEvent) => {
    event.preventDefault();
    const form = new FormData(event.currentTarget as HTMLFormElement);
    const next = new URLSearchParams();
    for (const name of FILTERS) {
      const value = String(form.get(name) ?? "").trim();
      if (value) next.set(name, value);
    }
    location.hash = href.catalogue(next);
  };

  const value = (name: Filter) => params.get(name) ?? "";
  return (
    <>
      <h1 tabIndex={-1}>
        Data product catalogue <span lang="zh-CN" class="zh">数据产品目录</span>
      </h1>
      <form class="filters" role="search" aria-label="Search and filter products" onSubmit={submit} key={key}>
        <div class="field wide">
          <label for="f-q">Search</label>
          <input id="f-q" name="q" type="search" defaultValue={value("q")} placeholder="name, summary, use case…" />
        </div>
        <div class="field">
          <label for="f-type">Type</label>
          <select id="f-type" name="type" defaultValue={value("type")}>
            <option value="">Any type</option>
            {PRODUCT_TYPES.map((type) => <option key={type} value={type}>{TYPE_LABELS[type].en} · {TYPE_LABELS[type].zh}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-source">Source category</label>
          <select id="f-source" name="sourceCategory" defaultValue={value("sourceCategory")}>
            <option value="">Any source</option>
            {SOURCE_CATEGORIES.map((source) => <option key={source} value={source}>{SOURCE_LABELS[source].en} · {SOURCE_LABELS[source].zh}</option>)}
          </select>
        </div>
        <div class="field">
          <label for="f-status">Status</label>
          <select id="f-status" name="status" defaultValue={value("status")}>
            <option value="">Any status</option>
            {PRODUCT_STATUSES.map((status) => <option key={status} value={status}>{STATUS_LABELS[status].en} · {STATUS_LABELS[status].zh}</option>)}
          </select>
        </div>
        <div class="field wide">
          <label for="f-provider">Provider address</label>
          <input id="f-provider" name="provider" defaultValue={value("provider")} placeholder="0x…" pattern="0x[0-9a-fA-F]{40}" spellcheck={false} />
        </div>
        <div class="field narrow">
          <label for="f-min">Price from</label>
          <input id="f-min" name="minPrice" inputMode="decimal" defaultValue={value("minPrice")} />
        </div>
        <div class="field narrow">
          <label for="f-max">Price to</label>
          <input id="f-max" name="maxPrice" inputMode="decimal" defaultValue={value("maxPrice")} />
        </div>
        <div class="field narrow">
          <label for="f-currency">Currency</label>
          <input id="f-currency" name="currency" defaultValue={value("currency")} placeholder="CNY" maxLength={3} />
        </div>
        <div class="actions">
          <button type="submit">Search</button>
          <a class="button secondary" href={href.catalogue()}>Clear</a>
        </div>
      </form>
      <section aria-labelledby="results-heading">
        <h2 id="results-heading" class="visually-hidden">Products</h2>
        {error && <p class="error" role="alert">Could not load the products: {error}</p>}
        {!error && items === null && <p class="muted" role="status">Loading products…</p>}
        {items !== null && (
          <>
            <p role="status" class="muted">
              {items.length} product{items.length === 1 ? "" : "s"}{cursor !== null ? " shown; more below" : ""}
            </p>
            <ul class="cards" data-query={shownKey ?? undefined}>
              {items.map((product) => <ProductCard key={product.id} product={product} />)}
            </ul>
            {cursor !== null && (
              <button type="button" onClick={() => void more()} disabled={loadingMore}>
                {loadingMore ? "Loading…" : "Show more products"}
              </button>
            )}
          </>
        )}
      </section>
    </>
  );
}
