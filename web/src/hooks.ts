import { useEffect, useState } from "preact/hooks";
import { get } from "./api";

export type Loaded<T> = { state: "loading" } | { state: "error"; message: string } | { state: "ready"; data: T };

/** GET `path` whenever it changes; `null` asks for nothing. */
export function useApi<T>(path: string | null): Loaded<T> {
  const [loaded, setLoaded] = useState<Loaded<T>>({ state: "loading" });
  useEffect(() => {
    if (path === null) return;
    const controller = new AbortController();
    setLoaded({ state: "loading" });
    get<T>(path, controller.signal).then(
      (data) => setLoaded({ state: "ready", data }),
      (error: unknown) => {
        if (!controller.signal.aborted) setLoaded({ state: "error", message: error instanceof Error ? error.message : String(error) });
      },
    );
    return () => controller.abort();
  }, [path]);
  return loaded;
}

/**
 * "Now" on the chain, in milliseconds: the time of the mirror's indexed block (the `at` of
 * /stats), which is what expiries are judged against — the chain's clock, not this computer's
 * (a test chain may run months ahead). Read afresh on every page view (each mount), so a page
 * opened after new blocks judges by them; "unknown" when /stats cannot be read: expiry is then
 * shown as not judged, never by the browser's clock. null while it is read.
 */
export function useChainNow(): number | "unknown" | null {
  const [now, setNow] = useState<number | "unknown" | null>(null);
  useEffect(() => {
    const controller = new AbortController();
    get<{ at: string }>("/stats", controller.signal).then(
      (stats) => {
        const at = Date.parse(stats.at);
        setNow(Number.isFinite(at) ? at : "unknown");
      },
      () => {
        if (!controller.signal.aborted) setNow("unknown");
      },
    );
    return () => controller.abort();
  }, []);
  return now;
}
