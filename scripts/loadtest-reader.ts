/**
 * The load test's reader: asks the API for `paths` in turn at a fixed rate (LOADTEST_READ_RATE a
 * second, 50 by default: a busy portal's readers), each request started on schedule whether or not
 * the one before has answered, and reports every answer's latency counted from its scheduled start
 * (so a stalled API is charged for the requests it held back, not only for the one in flight). It
 * runs in a process of its own (forked by scripts/loadtest.ts), so its latencies are the API's,
 * not the waits of the driver's event loop, which signs and sends the workers' transactions; and at
 * a fixed rate, so it measures the API under the chain's load rather than loading the machine.
 *
 * argv: the API's URL, then the paths. On the message "stop" it waits for the answers in flight,
 * sends a `ReaderReport` and exits.
 */
export interface ReaderReport {
  latencies: number[];
  /** Answers other than 2xx and 503 (a restarting listener's API answers 503 while it catches up). */
  failures: number;
  /** Requests that found the API down (a fault restarting the listener). */
  refused: number;
}

const RATE = Number(process.env.LOADTEST_READ_RATE ?? 50);
if (!(RATE > 0 && RATE <= 10_000)) throw new Error("LOADTEST_READ_RATE must be a number of requests a second, above 0 and at most 10,000");
const [apiUrl, ...paths] = process.argv.slice(2);
const report: ReaderReport = { latencies: [], failures: 0, refused: 0 };
const inFlight = new Set<Promise<void>>();
let running = true;

async function read(path: string, scheduled: number): Promise<void> {
  try {
    const response = await fetch(`${apiUrl}${path}`);
    await response.arrayBuffer();
    if (response.ok) report.latencies.push(performance.now() - scheduled);
    else if (response.status !== 503) report.failures++;
  } catch {
    report.refused++;
  }
}

const schedule = (async () => {
  const interval = 1000 / RATE;
  const started = performance.now();
  for (let turn = 0; running; turn++) {
    const scheduled = started + turn * interval;
    const wait = scheduled - performance.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    const request = read(paths[turn % paths.length], scheduled);
    inFlight.add(request);
    void request.then(() => inFlight.delete(request));
  }
})();

process.on("message", (message) => {
  if (message !== "stop") return;
  running = false;
  void schedule.then(() => Promise.all(inFlight)).then(() => process.send!(report, () => process.exit(0)));
});
