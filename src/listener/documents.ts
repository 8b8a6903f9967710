import type { MirrorDatabase } from "../mirror/database";
import { storableText } from "../mirror/schema";
import { resolveProductDocument } from "../sdk/product-document";
import type { ProductDocumentResolution } from "../sdk/product-document";
import type { ListenerLog } from "./log";

/**
 * The listener's document side: the description documents of mirrored products, resolved off the
 * chain (the documents folder, else the product's metadata URI), re-hashed and written to
 * `product_documents`, keyed by hash. It runs beside the block writer, never inside its
 * transactions: a slow or missing document never holds up or fails the chain's mirror, and a
 * reorg leaves documents be (the same hash is the same document on any branch). `unavailable`
 * documents are tried again with backoff; `verified` and `mismatch` ones are read again every
 * `recheckMs`, so an exchange's copy edited after it was verified is flagged (and a restored one
 * cleared) without waiting for anything on the chain.
 */
export interface DocumentSyncOptions {
  database: MirrorDatabase;
  /** The exchange's documents folder, read before a product's metadata URI. */
  documents?: string;
  log: ListenerLog;
  /** Backoff of an unavailable document: from `initialMs` (10 s), doubling, up to `maxMs` (1 h). */
  retry?: { initialMs?: number; maxMs?: number };
  /** Time limit of an http(s) read (5 s). */
  timeoutMs?: number;
  /** How often to look for documents due without a poke (30 s). */
  intervalMs?: number;
  /** How often a verified or mismatched document is read again (10 min). */
  recheckMs?: number;
  /**
   * Read the documents folder only, never a metadata URI (an archive rebuild, with no network):
   * a document the folder lacks is left unresolved, for a later `listen` to resolve.
   */
  offline?: boolean;
}

export interface DocumentSync {
  /** Loops until `stop()`, resolving due documents whenever poked or due. Never rejects. */
  run(): Promise<void>;
  /** New products were mirrored: look now. */
  poke(): void;
  /** One pass now (after any pass in flight): resolves every document due; returns how many it wrote. */
  pass(): Promise<number>;
  stop(): Promise<void>;
}

/** Documents resolved at once in a pass. */
const CONCURRENCY = 4;

interface Due {
  hash: string;
  metadata_uri: string;
  status: string | null;
}

export function createDocumentSync(options: DocumentSyncOptions): DocumentSync {
  const { database, log } = options;
  const initialMs = options.retry?.initialMs ?? 10_000;
  const maxMs = options.retry?.maxMs ?? 3_600_000;
  const intervalMs = options.intervalMs ?? 30_000;
  const recheckMs = options.recheckMs ?? 600_000;
  /** When each verified or mismatched document was last read by this process (ms). */
  const lastRead = new Map<string, number>();
  /** Unavailable documents: attempts so far and when the next is due (ms). */
  const backoff = new Map<string, { attempts: number; nextAt: number }>();
  const aborter = new AbortController();
  let stopping = false;
  let poked = false;
  let wake: (() => void) | undefined;
  let current: Promise<number> = Promise.resolve(0);
  let running: Promise<void> | undefined;

  async function write(hash: string, found: ProductDocumentResolution): Promise<void> {
    const verified = found.status === "verified" ? found.document : null;
    await database.query(
      `insert into product_documents (hash, status, name, summary, body, source, problem, checked_at)
       values ($1, $2, $3, $4, $5::jsonb, $6, $7, $8)
       on conflict (hash) do update set status = excluded.status, name = excluded.name, summary = excluded.summary, body = excluded.body,
         source = excluded.source, problem = excluded.problem, checked_at = excluded.checked_at, revision = nextval('product_document_revisions')
       where (product_documents.status, product_documents.problem, product_documents.source) is distinct from (excluded.status, excluded.problem, excluded.source)
         or product_documents.body is distinct from excluded.body`,
      [
        hash, found.status, verified ? storableText(verified.name) : null, verified ? storableText(verified.summary) : null,
        verified ? JSON.stringify(verified) : null, found.source === null ? null : storableText(found.source),
        found.status === "verified" ? null : storableText(found.problem), Math.floor(Date.now() / 1000),
      ],
    );
  }

  async function resolveOne(due: Due): Promise<boolean> {
    const found = await resolveProductDocument({
      hash: due.hash, documents: options.documents, metadataURI: options.offline ? undefined : due.metadata_uri, timeoutMs: options.timeoutMs, signal: aborter.signal,
    });
    if (stopping) return false;
    if (options.offline && found.status === "unavailable") {
      // Not in the folder: left for a run that may read the metadata URI, and not asked for again by this one.
      backoff.set(due.hash, { attempts: 0, nextAt: Number.POSITIVE_INFINITY });
      return false;
    }
    await write(due.hash, found);
    const changed = found.status !== due.status;
    if (found.status === "unavailable") {
      const attempts = (backoff.get(due.hash)?.attempts ?? 0) + 1;
      const delay = Math.min(maxMs, initialMs * 2 ** Math.min(attempts - 1, 20));
      backoff.set(due.hash, { attempts, nextAt: Date.now() + delay });
      if (attempts === 1) log.warn(`product document ${due.hash} is unavailable: ${found.problem}; retrying with backoff`, { hash: due.hash });
    } else {
      backoff.delete(due.hash);
      lastRead.set(due.hash, Date.now());
      if (found.status === "mismatch" && changed) log.warn(`product document ${due.hash} does not match its hash: ${found.problem}`, { hash: due.hash });
    }
    return true;
  }

  async function runPass(): Promise<number> {
    // Products with a description; one metadata URI per hash (the first product's).
    const rows = await database.query<Due>(
      `select distinct on (p.description_hash) p.description_hash as hash, p.metadata_uri, d.status
       from products p left join product_documents d on d.hash = p.description_hash
       where p.description_hash is not null
       order by p.description_hash, p.id`,
    );
    const now = Date.now();
    // Never read yet, unavailable and due again, or final and read longer than recheckMs ago (by this process).
    const due = rows.filter((row) => row.status === null || row.status === "unavailable"
      ? (backoff.get(row.hash)?.nextAt ?? 0) <= now
      : (lastRead.get(row.hash) ?? 0) + recheckMs <= now);
    let written = 0;
    for (let start = 0; start < due.length && !stopping; start += CONCURRENCY) {
      const results = await Promise.all(due.slice(start, start + CONCURRENCY).map((row) => resolveOne(row).catch((error: unknown) => {
        // A document that cannot be written (the database away, a value it refuses) waits like an unavailable one.
        const attempts = (backoff.get(row.hash)?.attempts ?? 0) + 1;
        backoff.set(row.hash, { attempts, nextAt: Date.now() + Math.min(maxMs, initialMs * 2 ** Math.min(attempts - 1, 20)) });
        if (!stopping && !database.lockLost.aborted) log.warn(`product document ${row.hash}: ${(error as Error).message.split("\n")[0]}; retrying later`, { hash: row.hash });
        return false;
      })));
      written += results.filter(Boolean).length;
    }
    return written;
  }

  function pass(): Promise<number> {
    const next = current.catch(() => 0).then(() => runPass());
    current = next.catch(() => 0);
    return next;
  }

  /** Until the next poke, the next retry due, or the interval. */
  function nap(): Promise<void> {
    const soonest = Math.min(...[...backoff.values()].map((entry) => entry.nextAt), Date.now() + Math.min(intervalMs, recheckMs));
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, Math.max(0, soonest - Date.now()));
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });
  }

  async function loop(): Promise<void> {
    while (!stopping) {
      poked = false;
      try {
        await pass();
      } catch (error) {
        if (!stopping) log.warn(`resolving product documents failed: ${(error as Error).message.split("\n")[0]}; trying again later`);
      }
      if (!stopping && !poked) await nap();
    }
  }

  return {
    run() {
      running ??= loop();
      return running;
    },
    poke() {
      poked = true;
      wake?.();
    },
    pass,
    async stop() {
      stopping = true;
      aborter.abort();
      wake?.();
      await running;
      await current;
    },
  };
}
