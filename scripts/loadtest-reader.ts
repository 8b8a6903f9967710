/**
 * The load test's reader: loads the API with `READERS` loops, each asking for the next of `paths`
 * as soon as the last answer arrived, and reports every answer's latency. It runs in a process of
 * its own (forked by scripts/loadtest.ts), so its latencies are the API's, not the waits of the
 * driver's event loop, which signs and sends the workers' transactions.
 *
 * argv: the API's URL, then the paths. On the message "stop" it sends a `ReaderReport` and exits.
 */
const READERS = 4;

export interface ReaderReport {
  latencies: number[];
  /** Answers other than 2xx and 503 (a restarting listener's API answers 503 while it catches up). */
  failures: number;
}

const [apiUrl, ...paths] = process.argv.slice(2);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));
const report: ReaderReport = { latencies: [], failures: 0 };
let running = true;

const readers = Array.from({ length: READERS }, async (_, reader) => {
  let turn = reader;
  while (running) {
    const path = paths[turn++ % paths.length];
    const begun = performance.now();
    try {
      const response = await fetch(`${apiUrl}${path}`);
      await response.arrayBuffer();
      if (response.ok) report.latencies.push(performance.now() - begun);
      else if (response.status !== 503) report.failures++;
    } catch {
      // The listener, and its API, is being restarted by a fault.
      await sleep(100);
    }
  }
});

process.on("message", (message) => {
  if (message !== "stop") return;
  running = false;
  void Promise.all(readers).then(() => process.send!(report, () => process.exit(0)));
});
