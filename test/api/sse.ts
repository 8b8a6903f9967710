/** A server-sent events client for tests: fetch's body stream, split into events. */

export interface SseEvent {
  id: string | undefined;
  event: string;
  data: string;
}

export interface SseClient {
  status: number;
  headers: Headers;
  events: SseEvent[];
  /** Resolves with the first event (already received or to come) matching `test`. */
  waitFor(test: (event: SseEvent) => boolean, what: string, timeoutMs?: number): Promise<SseEvent>;
  close(): void;
}

export async function connectSse(url: string, headers: Record<string, string> = {}): Promise<SseClient> {
  const controller = new AbortController();
  const response = await fetch(url, { headers: { accept: "text/event-stream", ...headers }, signal: controller.signal });
  const events: SseEvent[] = [];
  const waiters = new Set<() => void>();
  let ended: Error | undefined;
  void (async () => {
    const decoder = new TextDecoder();
    let buffer = "";
    try {
      for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
        buffer += decoder.decode(chunk, { stream: true });
        let end: number;
        while ((end = buffer.indexOf("\n\n")) !== -1) {
          const block = buffer.slice(0, end);
          buffer = buffer.slice(end + 2);
          const fields: Record<string, string> = {};
          for (const line of block.split("\n")) {
            if (line.startsWith(":") || line === "") continue;
            const colon = line.indexOf(":");
            const name = line.slice(0, colon);
            fields[name] = (fields[name] !== undefined ? `${fields[name]}\n` : "") + line.slice(colon + 1).replace(/^ /, "");
          }
          if (fields.data === undefined) continue;
          events.push({ id: fields.id, event: fields.event ?? "message", data: fields.data });
          for (const waiter of waiters) waiter();
        }
      }
      ended = new Error("the stream ended");
    } catch (error) {
      ended = error as Error;
    }
    for (const waiter of waiters) waiter();
  })();
  return {
    status: response.status,
    headers: response.headers,
    events,
    waitFor(test, what, timeoutMs = 30_000) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const found = events.find(test);
          if (found) {
            done();
            resolve(found);
          } else if (ended) {
            done();
            reject(new Error(`${what}: ${ended.message} before it came`));
          }
        };
        const timer = setTimeout(() => {
          done();
          reject(new Error(`${what}: not received within ${timeoutMs} ms (${events.length} events so far)`));
        }, timeoutMs);
        const done = () => {
          clearTimeout(timer);
          waiters.delete(check);
        };
        waiters.add(check);
        check();
      });
    },
    close: () => controller.abort(),
  };
}
