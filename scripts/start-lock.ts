/**
 * `npm start`'s locks: one file beside each thing it rewrites (the deployment file, the mirror's
 * folder, the documents' folder), taken before anything is deleted or overwritten, so a second
 * `npm start` on the same folders refuses, naming the running one, instead of deleting its mirror.
 *
 * A lock file holds its owner (pid, its start time, its chain and API). It needs no refreshing (no
 * timer to miss under load): a lock whose owner is no longer running (killed with -9, say) is stale
 * and taken over.
 */
import { linkSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, isAbsolute, relative } from "node:path";

export interface StartOwner {
  pid: number;
  /** The owner's start time in /proc (clock ticks after boot), against a reused pid; absent off Linux. */
  startTime?: string;
  chain: string;
  api: string;
}

/** The lock of `path`: `<path>.start-lock`. */
export function startLockFile(path: string): string {
  return `${path}.start-lock`;
}

function processStartTime(pid: number): string | undefined {
  try {
    // Field 22 of /proc/<pid>/stat, counted after the command name (which may hold spaces), in ")".
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19];
  } catch {
    return undefined;
  }
}

function isRunning(owner: StartOwner): boolean {
  try {
    process.kill(owner.pid, 0);
  } catch (error) {
    if ((error as { code?: string }).code !== "EPERM") return false;
  }
  const startTime = processStartTime(owner.pid);
  return owner.startTime === undefined || startTime === undefined || startTime === owner.startTime;
}

function readOwner(file: string): StartOwner | undefined {
  try {
    const owner = JSON.parse(readFileSync(file, "utf8")) as StartOwner;
    return Number.isInteger(owner.pid) ? owner : undefined;
  } catch {
    return undefined;
  }
}

/** A path as the user would type it: relative to the current folder when inside it. */
function shown(path: string): string {
  const inside = relative(process.cwd(), path);
  return inside && !inside.startsWith("..") && !isAbsolute(inside) ? inside : path;
}

/** Another `npm start` holds a lock: one line naming it. */
export class StartLocked extends Error {}

/**
 * Takes the lock of every path (all or none) for this process, or throws StartLocked naming the
 * running instance. Returns the release, which removes only locks this process still holds.
 */
export function takeStartLocks(paths: readonly string[], owner: Omit<StartOwner, "pid" | "startTime">): () => void {
  const me: StartOwner = { pid: process.pid, startTime: processStartTime(process.pid), ...owner };
  const record = `${JSON.stringify(me)}\n`;
  const taken: string[] = [];
  const release = () => {
    for (const file of taken.splice(0)) {
      if (readOwner(file)?.pid === me.pid) rmSync(file, { force: true });
    }
  };
  try {
    for (const file of [...new Set(paths.map(startLockFile))]) {
      mkdirSync(dirname(file), { recursive: true });
      // Written aside, then linked into place: the lock appears whole or not at all.
      const draft = `${file}.${process.pid}.tmp`;
      writeFileSync(draft, record);
      try {
        for (let attempt = 0; ; attempt++) {
          try {
            linkSync(draft, file);
            taken.push(file);
            break;
          } catch (error) {
            if ((error as { code?: string }).code !== "EEXIST" || attempt >= 2) throw error;
          }
          const holder = readOwner(file);
          if (holder && holder.pid !== me.pid && isRunning(holder)) {
            throw new StartLocked(
              `npm start is already running on these folders (pid ${holder.pid}: chain ${holder.chain}, API ${holder.api}; its lock ${shown(file)}): ` +
                "stop it first, or give this one other folders (DEPLOYMENTS_DIR, START_MIRROR_DIR, START_DOCUMENTS_DIR)",
            );
          }
          // Its owner is gone: a stale lock.
          rmSync(file, { force: true });
        }
      } finally {
        rmSync(draft, { force: true });
      }
    }
  } catch (error) {
    release();
    throw error;
  }
  return release;
}
