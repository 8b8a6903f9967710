import { SingleBar } from "cli-progress";
import pino from "pino";

/** What the listener says: structured fields with every line, so a log pipeline can filter on them. */
export type LogFields = Record<string, string | number | boolean | null>;

export interface ListenerLog {
  info(message: string, fields?: LogFields): void;
  warn(message: string, fields?: LogFields): void;
  error(message: string, fields?: LogFields): void;
}

/** JSON lines (pino) on `destination` (stdout by default): the format for services and log collectors. */
export function jsonLog(destination: NodeJS.WritableStream = process.stdout, name = "datarights-listener"): ListenerLog {
  const logger = pino({ name, base: undefined, timestamp: pino.stdTimeFunctions.isoTime }, destination);
  return {
    info: (message, fields) => logger.info(fields ?? {}, message),
    warn: (message, fields) => logger.warn(fields ?? {}, message),
    error: (message, fields) => logger.error(fields ?? {}, message),
  };
}

/** One readable line per message, for a person at a terminal. */
export function textLog(write: (line: string) => void = (line) => process.stderr.write(`${line}\n`)): ListenerLog {
  const line = (level: string, message: string) => write(`${new Date().toISOString().slice(11, 19)} ${level}${message}`);
  return {
    info: (message) => line("", message),
    warn: (message) => line("warning: ", message),
    error: (message) => line("error: ", message),
  };
}

/** A log that keeps nothing (tests and benches that read the mirror instead). */
export const silentLog: ListenerLog = { info: () => undefined, warn: () => undefined, error: () => undefined };

export interface BackfillProgress {
  start(totalBlocks: number, doneBlocks: number): void;
  update(doneBlocks: number, events: number): void;
  stop(): void;
}

/**
 * The backfill's progress bar in a terminal: blocks done, blocks and events per second, ETA.
 * Off a terminal the listener logs a progress line per batch instead.
 */
export function terminalProgress(stream: NodeJS.WriteStream = process.stderr): BackfillProgress {
  let bar: SingleBar | undefined;
  let started = 0;
  let startBlocks = 0;
  return {
    start(total, done) {
      started = Date.now();
      startBlocks = done;
      bar = new SingleBar({
        stream,
        format: "backfill {bar} {percentage}% | block {value}/{total} | {blocksPerSecond} blocks/s, {eventsPerSecond} events/s | ETA {eta_formatted}",
        hideCursor: true,
        etaBuffer: 20,
      });
      bar.start(total, done, { blocksPerSecond: 0, eventsPerSecond: 0 });
    },
    update(done, events) {
      const seconds = Math.max((Date.now() - started) / 1000, 0.001);
      bar?.update(done, {
        blocksPerSecond: Math.round((done - startBlocks) / seconds),
        eventsPerSecond: Math.round(events / seconds),
      });
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
}
