import { join, resolve } from "node:path";
import { z } from "zod";
import type { DatabaseConfig } from "./database";
import { DEFAULT_SCHEMA } from "./database";

/**
 * The mirror's configuration, from the environment (and `.env`): where the database is, how the
 * listener follows the chain, where the API listens. Every variable is optional: the default
 * is the embedded database in `.data/mirror/<network>` and the API on 127.0.0.1:3000.
 */
export interface MirrorConfig {
  database: DatabaseConfig;
  confirmations: number;
  reorgWindow: number;
  maxRange: number;
  pollIntervalMs: number;
  api: { host: string; port: number };
}

const whole = (name: string, min: number, max: number) =>
  z.string().regex(/^\d+$/, `${name} must be a whole number`).transform(Number).refine((value) => value >= min && value <= max, `${name} must be between ${min} and ${max}`);

const environmentSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "DATABASE_URL must be a postgres:// URL (unset it for the embedded database)")
    .optional(),
  DATABASE_SCHEMA: z.string().regex(/^[a-z_][a-z0-9_]*$/, "DATABASE_SCHEMA must be lower-case letters, digits and _").default(DEFAULT_SCHEMA),
  MIRROR_DIR: z.string().min(1).optional(),
  /** How long the embedded directory's lock may go unrefreshed (a stalled process) before another may take it. */
  MIRROR_LOCK_STALE_MS: whole("MIRROR_LOCK_STALE_MS", 2_000, 3_600_000).default(20_000),
  CONFIRMATIONS: whole("CONFIRMATIONS", 0, 10_000).default(0),
  REORG_WINDOW: whole("REORG_WINDOW", 0, 100_000).default(64),
  LOG_RANGE: whole("LOG_RANGE", 1, 1_000_000).default(2_000),
  POLL_INTERVAL_MS: whole("POLL_INTERVAL_MS", 10, 3_600_000).default(1_000),
  API_HOST: z.string().min(1).default("127.0.0.1"),
  API_PORT: whole("API_PORT", 0, 65_535).default(3_000),
});

/** Reads and validates the mirror's configuration; throws one line naming the bad variable. */
export function loadMirrorConfig(environment: NodeJS.ProcessEnv, network: string): MirrorConfig {
  const present = Object.fromEntries(
    Object.entries(environment).filter(([name, value]) => name in environmentSchema.shape && value !== undefined && value !== ""),
  );
  const parsed = environmentSchema.safeParse(present);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`invalid configuration: ${issue.message}${issue.path.length ? ` (${issue.path.join(".")})` : ""}`);
  }
  const env = parsed.data;
  return {
    database: env.DATABASE_URL
      ? { url: env.DATABASE_URL, schema: env.DATABASE_SCHEMA }
      : { directory: resolve(env.MIRROR_DIR ?? join(".data", "mirror", network)), lockStaleMs: env.MIRROR_LOCK_STALE_MS, lockUpdateMs: Math.min(2_000, env.MIRROR_LOCK_STALE_MS / 2) },
    confirmations: env.CONFIRMATIONS,
    reorgWindow: env.REORG_WINDOW,
    maxRange: env.LOG_RANGE,
    pollIntervalMs: env.POLL_INTERVAL_MS,
    api: { host: env.API_HOST, port: env.API_PORT },
  };
}
