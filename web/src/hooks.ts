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

let chainClock: Promise<number> | undefined;

/**
 * "Now" on the chain, in milliseconds: the time of the mirror's indexed block (the `at` of
 * /stats), which is what expiries are judged against — the chain's clock, not this computer's
 * (a test chain may run months ahead). Read once per page load; null until known.
 */
export function useChainNow(): number | null {
  const [now, setNow] = useState<number | null>(null);
  useEffect(() => {
    chainClock ??= get<{ at: string }>("/stats").then((stats) => Date.parse(stats.at), () => Date.now());
    let live = true;
    void chainClock.then((value) => live && setNow(value));
    return () => {
      live = false;
    };
  }, []);
  return now;
}
