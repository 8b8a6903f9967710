import { DatabaseUnavailableError, isConnectionError } from "../mirror/database";
import type { MirrorDatabase } from "../mirror/database";
import type { CompleteDeployment, Deployment } from "../sdk/deployment";
import { EARLIER_EPOCHS, StateCache, initMirrorState, mergePrepared, prepareBatch, readMirrorState, rebuildFromRawLogs, rollBack, splitBatch, writeBatch } from "./apply";
import type { Batch, PreparedBatch } from "./apply";
import { createEventDecoder } from "./decode";
import type { EventDecoder } from "./decode";
import { createDocumentSync } from "./documents";
import type { DocumentSync } from "./documents";
import { EMITTER_NAMES, TIMELOCK_EMITTER } from "./events";
import type { EmitterName } from "./events";
import { ChainMovedError, ReorgDetectedError, createRangeReader, readHead } from "./fetch";
import type { PendingRead } from "./fetch";
import { silentLog } from "./log";
import type { BackfillProgress, ListenerLog } from "./log";
import { RpcUnavailableError } from "./rpc";
import type { RpcClient } from "./rpc";

type MirroredContracts = Record<EmitterName, { address: string; deployBlock: number }>;

/** The deployment a mirror follows: its chain, and each contract's address and deploy block. */
export interface MirroredDeployment {
  chainId: number;
  contracts: MirroredContracts;
  /**
   * The deployments it succeeds, oldest first: their events come first in the one history the
   * mirror holds (a successor keeps its predecessor's ids, so both fill the same rows).
   */
  earlier?: MirroredContracts[];
  /** The exchange's timelock, when the deployment has one: its operations and roles are mirrored too. */
  timelock?: { address: string; deployBlock: number };
}

/** The part of a deployment file the listener needs: its contracts and its predecessors'. */
export function mirroredDeployment(deployment: CompleteDeployment): MirroredDeployment {
  const contractsOf = (of: Deployment): MirroredContracts => Object.fromEntries(
    EMITTER_NAMES.map((name) => {
      const contract = of.contracts[name];
      if (!contract) throw new Error(`the predecessor deployment of ${deployment.network} lists no ${name}`);
      return [name, { address: contract.address, deployBlock: contract.deployBlock }];
    }),
  ) as MirroredContracts;
  const earlier: MirroredContracts[] = [];
  for (let previous = deployment.predecessor; previous; previous = previous.predecessor) earlier.unshift(contractsOf(previous));
  const timelock = deployment.timelock ? { address: deployment.timelock.address, deployBlock: deployment.timelock.deployBlock } : undefined;
  return { chainId: deployment.chainId, contracts: contractsOf(deployment), ...(earlier.length ? { earlier } : {}), ...(timelock ? { timelock } : {}) };
}

const lowerCase = (contracts: MirroredContracts): Record<EmitterName, string> =>
  Object.fromEntries(EMITTER_NAMES.map((name) => [name, contracts[name].address.toLowerCase()])) as Record<EmitterName, string>;

export interface ListenerOptions {
  database: MirrorDatabase;
  rpc: RpcClient;
  deployment: MirroredDeployment;
  /** Blocks to stay behind the head (0 on a QBFT chain: blocks are final once sealed). */
  confirmations?: number;
  /**
   * Blocks below the target whose headers are read one by one and whose changes are journalled,
   * so a reorg that deep rolls back in place; a deeper one rebuilds from the raw logs.
   */
  reorgWindow?: number;
  /** Most blocks per eth_getLogs; the listener asks for fewer when the node refuses. */
  maxRange?: number;
  /** How often to ask for a new head once caught up. */
  pollIntervalMs?: number;
  log?: ListenerLog;
  /** A progress bar for long backfills (in a terminal). */
  progress?: BackfillProgress;
  /** Backoff while the node or the database is away: from `initialMs`, doubling, up to `maxMs`. */
  retry?: { initialMs?: number; maxMs?: number };
  /**
   * The exchange's documents folder: the description documents of mirrored products are read
   * from it first, else from their metadata URIs, and mirrored into product_documents.
   */
  documents?: string;
  /** Backoff of an unavailable description document (10 s doubling up to 1 h); an http read's time limit (5 s); how often a verified or mismatched one is read again (10 min). */
  documentRetry?: { initialMs?: number; maxMs?: number; timeoutMs?: number; recheckMs?: number };
  /** Read description documents from the documents folder only, never from a metadata URI (a rebuild from an archive, with no network). */
  offlineDocuments?: boolean;
  /**
   * Batches written at once, each on its own connection (2 on a server, where one batch's
   * appends run while the one before commits; always 1 on the embedded database).
   */
  writers?: number;
}

export interface ListenerStatus {
  /** The node's head when last asked; undefined before the first answer. */
  head: number | undefined;
  /** Last block applied to the mirror. */
  checkpoint: number;
  /** Events applied by this run. */
  events: number;
  /** Whether the mirror had reached the target when last checked. */
  caughtUp: boolean;
  /** What the listener is waiting for, while the node or database is away. */
  waitingFor: string | undefined;
  /** Reorgs handled by this run. */
  reorgs: number;
}

export interface Listener {
  /** Mirrors until `stop()`; rejects on an error that waiting cannot fix (it is logged first). */
  run(): Promise<void>;
  /** Finishes the batch in flight and returns once `run` has ended. */
  stop(): Promise<void>;
  status(): ListenerStatus;
  /** Resolves once the mirror holds block `block` (rejects if the listener stops first). */
  waitForBlock(block: number, timeoutMs?: number): Promise<void>;
  /**
   * Resolves, now, every description document due (new, or unavailable and due for a retry);
   * returns how many it wrote. The listener also does this by itself after each write.
   */
  resolveDocuments(): Promise<number>;
}

/** This database mirrors another deployment or chain. */
export class MirrorMismatchError extends Error {
  override readonly name = "MirrorMismatchError";
}

/** Ranges asked of the node before the first of them is used: the node answers one while the listener reads the other. */
const READ_AHEAD = 2;

/** Logs prepared at a time: a range's answer is cut into batches of about this many. */
const BATCH_LOGS = 2_000;

/**
 * Most logs in one database transaction: batches prepared while the writers are busy are written
 * together, so the database takes fewer, larger COPYs when it is what the listener waits for.
 */
const MAX_WRITE_LOGS = 6_000;

interface Deferred {
  promise: Promise<void>;
  resolve(): void;
  reject(error: Error): void;
}

function deferred(): Deferred {
  let resolve!: () => void;
  let reject!: (error: Error) => void;
  const promise = new Promise<void>((yes, no) => {
    resolve = yes;
    reject = no;
  });
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

function retryable(error: unknown): boolean {
  return error instanceof RpcUnavailableError || error instanceof DatabaseUnavailableError || error instanceof ChainMovedError || isConnectionError(error);
}

function oneLine(error: unknown): string {
  return (error instanceof Error ? error.message : String(error)).split("\n")[0];
}

export function createListener(options: ListenerOptions): Listener {
  const { database, rpc, deployment } = options;
  const confirmations = options.confirmations ?? 0;
  const reorgWindow = options.reorgWindow ?? 64;
  const pollIntervalMs = options.pollIntervalMs ?? 1_000;
  const log = options.log ?? silentLog;
  const initialDelay = options.retry?.initialMs ?? 500;
  const maxDelay = options.retry?.maxMs ?? 30_000;
  const addresses = lowerCase(deployment.contracts);
  const earlier = (deployment.earlier ?? []).map(lowerCase);
  const timelock = deployment.timelock ? { address: deployment.timelock.address.toLowerCase(), deployBlock: deployment.timelock.deployBlock } : undefined;
  // What mirror_state records: an exchange's first deployment as before, a successor with its
  // predecessors', and the timelock when there is one.
  const recordedAddresses = {
    ...addresses, ...(earlier.length === 0 ? {} : { [EARLIER_EPOCHS]: earlier }), ...(timelock ? { [TIMELOCK_EMITTER]: timelock.address } : {}),
  };
  const epochs = [...(deployment.earlier ?? []), deployment.contracts];
  // From the oldest epoch's first contract: the mirror holds every epoch's history.
  const startBlock = Math.min(
    ...epochs.flatMap((contracts) => EMITTER_NAMES.map((name) => contracts[name].deployBlock)), ...(timelock ? [timelock.deployBlock] : []),
  );
  const ownStartBlock = Math.min(...EMITTER_NAMES.map((name) => deployment.contracts[name].deployBlock));
  const maxRange = options.maxRange ?? 2_000;
  const writers = database.kind === "embedded" ? 1 : Math.max(1, options.writers ?? 2);
  const decoder: EventDecoder = createEventDecoder(addresses, earlier, timelock ? [timelock.address] : []);
  const cache = new StateCache();
  const documents: DocumentSync = createDocumentSync({
    database, documents: options.documents, log, timeoutMs: options.documentRetry?.timeoutMs, recheckMs: options.documentRetry?.recheckMs,
    retry: { initialMs: options.documentRetry?.initialMs, maxMs: options.documentRetry?.maxMs }, offline: options.offlineDocuments,
  });
  const reader = createRangeReader({
    rpc,
    addresses: [...earlier.flatMap((epoch) => Object.values(epoch)), ...Object.values(addresses), ...(timelock ? [timelock.address] : [])],
    maxRange,
    onShrink: (from, to, range, reason) => log.warn(`the node refused blocks ${from}-${to} (${reason}); asking for ${range} at a time`, { from, to, range }),
  });

  let stopping = false;
  let running: Promise<void> | undefined;
  let wake: (() => void) | undefined;
  let checkpoint = startBlock - 1;
  let checkpointHash: string | null = null;
  const status: ListenerStatus = { head: undefined, checkpoint, events: 0, caughtUp: false, waitingFor: undefined, reorgs: 0 };
  const waiters = new Set<{ block: number; resolve(): void; reject(error: Error): void }>();

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        wake = undefined;
        resolve();
      }, ms);
      wake = () => {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      };
    });

  function advanced(): void {
    status.checkpoint = checkpoint;
    for (const waiter of [...waiters]) {
      if (checkpoint >= waiter.block) {
        waiters.delete(waiter);
        waiter.resolve();
      }
    }
  }

  async function ensureState(): Promise<void> {
    const chainId = parseInt(await rpc.call<string>("eth_chainId"), 16);
    if (chainId !== deployment.chainId) {
      throw new MirrorMismatchError(`chain id mismatch: the node at ${rpc.url} is chain ${chainId}, the deployment is on chain ${deployment.chainId}`);
    }
    let state = await readMirrorState(database);
    if (!state) {
      await initMirrorState(database, deployment.chainId, recordedAddresses, startBlock);
      state = (await readMirrorState(database))!;
    }
    const recorded = state.contracts;
    const mirrors = (epoch: Record<EmitterName, string>) => EMITTER_NAMES.every((name) => recorded[name] === epoch[name]);
    if (state.chainId === deployment.chainId && !mirrors(addresses) && earlier.some(mirrors)) {
      // A mirror of an older epoch, now given its successor: it goes on into the new epoch if it
      // has not read past the new contracts' deployment, whose earlier logs it never asked for.
      if (state.checkpointBlock >= ownStartBlock) {
        throw new MirrorMismatchError(
          `the database at ${database.description} mirrors an earlier epoch of this deployment up to block ${state.checkpointBlock}, ` +
            `past block ${ownStartBlock} where the new version begins: rebuild it (an empty database, or \`datarights archive rebuild\`) to read both epochs in order`,
        );
      }
      await database.query("update mirror_state set contracts = $1::jsonb, updated_at = now() where id = 1", [JSON.stringify(recordedAddresses)]);
      log.info(`the mirror follows the exchange into its new version (ParticipantRegistry ${addresses.ParticipantRegistry})`, { registry: addresses.ParticipantRegistry });
      state = (await readMirrorState(database))!;
    }
    const mirrored = state;
    const differs = EMITTER_NAMES.find((name) => mirrored.contracts[name] !== addresses[name]);
    if (state.chainId !== deployment.chainId || differs) {
      throw new MirrorMismatchError(
        `the database at ${database.description} mirrors ${differs ? `${differs} ${state.contracts[differs]}` : "another deployment"} on chain ${state.chainId}, ` +
          `not this deployment (${differs ? `${differs} ${addresses[differs]}` : `chain ${deployment.chainId}`}): ` +
          "give each deployment its own database (MIRROR_DIR, DATABASE_URL or DATABASE_SCHEMA)",
      );
    }
    const recordedTimelock = typeof state.contracts[TIMELOCK_EMITTER] === "string" ? state.contracts[TIMELOCK_EMITTER] : undefined;
    if (recordedTimelock !== timelock?.address) {
      // A timelock deployed after the mirror's checkpoint is followed from now on; one it read past, or another, needs a rebuild.
      if (recordedTimelock !== undefined || (timelock && state.checkpointBlock >= timelock.deployBlock)) {
        throw new MirrorMismatchError(
          `the database at ${database.description} mirrors ${recordedTimelock ? `timelock ${recordedTimelock}` : "no timelock"} up to block ${state.checkpointBlock}, ` +
            `not this deployment's ${timelock ? `timelock ${timelock.address}` : "absence of one"}: rebuild it (an empty database) to mirror the timelock's history`,
        );
      }
      await database.query("update mirror_state set contracts = $1::jsonb, updated_at = now() where id = 1", [JSON.stringify(recordedAddresses)]);
      state = (await readMirrorState(database))!;
    }
    checkpoint = state.checkpointBlock;
    checkpointHash = state.checkpointHash;
    cache.clear();
    cache.complete = checkpoint < startBlock;
    advanced();
  }

  async function findAncestor(): Promise<{ number: number; hash: string | null }> {
    let below = checkpoint + 1;
    for (;;) {
      const stored = await database.query<{ number: number; hash: string }>(
        "select number, hash from blocks where number < $1 order by number desc limit 64", [below],
      );
      if (stored.length === 0) return { number: startBlock - 1, hash: null };
      const answers = await rpc.batch<{ hash: string } | null>(stored.map((block) => ({ method: "eth_getBlockByNumber", params: [`0x${block.number.toString(16)}`, false] })));
      const match = stored.find((block, index) => answers[index]?.hash === block.hash);
      if (match) return match;
      below = stored[stored.length - 1].number;
    }
  }

  async function handleReorg(reason: string): Promise<void> {
    const from = checkpoint;
    const ancestor = await findAncestor();
    const outcome = await database.transaction(async (tx) => {
      if (await rollBack(tx, ancestor.number, ancestor.hash)) return "rolled back";
      await rebuildFromRawLogs(tx, decoder, ancestor.number, ancestor.hash);
      return "rebuilt from the raw logs";
    });
    checkpoint = ancestor.number;
    checkpointHash = ancestor.hash;
    cache.clear();
    status.reorgs += 1;
    announced = false;
    advanced();
    log.warn(`the chain reorganised (${reason}): mirror ${outcome} from block ${from} to the common ancestor ${ancestor.number}; re-applying the new branch`, {
      from, ancestor: ancestor.number,
    });
  }

  /** One pass: check the checkpoint is still on the chain, then apply every block up to the target. */
  async function cycle(): Promise<void> {
    const head = await readHead(rpc);
    status.head = head;
    const target = head - confirmations;
    if (checkpoint >= startBlock && checkpointHash !== null) {
      if (checkpoint > head) throw new ReorgDetectedError(`the node's head ${head} is below the mirror's block ${checkpoint}`, checkpoint);
      const current = await rpc.call<{ hash: string } | null>("eth_getBlockByNumber", [`0x${checkpoint.toString(16)}`, false]);
      if (current?.hash !== checkpointHash) throw new ReorgDetectedError(`block ${checkpoint} changed`, checkpoint);
    }
    if (checkpoint >= target) {
      reachedTarget();
      return;
    }
    status.caughtUp = false;
    const nearFrom = Math.max(startBlock, target - reorgWindow + 1);
    // Reads go out ahead of their use, each range starting where the one before ends.
    const reads: PendingRead[] = [];
    let nextFrom = checkpoint + 1;
    const readAhead = () => {
      while (reads.length < READ_AHEAD && nextFrom <= target && !stopping) {
        const pending = reader.read({ from: nextFrom, limit: nextFrom < nearFrom ? nearFrom - 1 : target, nearHead: nextFrom >= nearFrom });
        reads.push(pending);
        nextFrom = pending.to + 1;
      }
    };
    const backfill = target - checkpoint > maxRange && options.progress !== undefined;
    const first = checkpoint;
    let events = 0;
    if (backfill) options.progress!.start(target - startBlock + 1, checkpoint - startBlock + 1);
    const started = Date.now();
    try {
      // The stages overlap: the node answers the next ranges, this process prepares the batches
      // they hold, and the database writes the batches prepared before (on a server, two at once:
      // see WriteOrder). Whatever is prepared while the writers are busy goes out as one write
      // when one is free: small writes while the pipeline fills, large ones when the database is
      // what everything waits for. Commits land in order.
      const ready: PreparedBatch[] = [];
      const inFlight: { written: Promise<void>; committed: Promise<void>; guard: Deferred }[] = [];
      let failure: { error: unknown } | undefined;
      const readyLogs = () => ready.reduce((total, batch) => total + batch.events, 0);

      /** Starts writes while a writer is free and something is ready. */
      const flush = () => {
        while (!failure && inFlight.length < writers && ready.length > 0) {
          // Consecutive batches up to the cap, each near the head on its own (its undo journal).
          let take = 1;
          let logs = ready[0].events;
          while (!ready[0].journal && take < ready.length && !ready[take].journal && logs + ready[take].events <= MAX_WRITE_LOGS) logs += ready[take++].events;
          const prepared = mergePrepared(ready.splice(0, take));
          const previous = inFlight.at(-1);
          const guard = deferred();
          const written = database.transaction((tx) => writeBatch(tx, prepared, { after: previous?.guard.promise, onGuard: guard.resolve, commit: true }));
          written.catch((error: unknown) => guard.reject(error as Error));
          const committed = Promise.all([previous?.committed, written]).then(() => {
            inFlight.shift();
            for (const warning of prepared.warnings) log.warn(warning);
            checkpoint = prepared.toBlock;
            checkpointHash = prepared.toHash;
            events += prepared.events;
            status.events += prepared.events;
            advanced();
            if (prepared.events > 0) documents.poke();
            if (backfill) options.progress!.update(checkpoint - startBlock + 1, events);
            else if (prepared.events > 0) {
              log.info(`applied blocks ${prepared.fromBlock}-${prepared.toBlock}: ${prepared.events} events`, { from: prepared.fromBlock, to: prepared.toBlock, events: prepared.events });
            }
            flush();
          });
          committed.catch((error: unknown) => {
            failure ??= { error };
          });
          inFlight.push({ written, committed, guard });
        }
      };
      /** Waits for the oldest write; throws if a write failed. */
      const settleOne = async () => {
        await inFlight[0]?.committed;
        if (failure) throw failure.error;
      };

      try {
        let previousHash = checkpointHash;
        readAhead();
        while (reads.length > 0) {
          const batch: Batch = await reads.shift()!.batch;
          readAhead();
          if (failure) throw failure.error;
          if (previousHash !== null && batch.fromParentHash !== previousHash) {
            throw new ReorgDetectedError(`block ${batch.fromBlock} does not follow the mirror's block ${batch.fromBlock - 1} (${previousHash})`, batch.fromBlock - 1);
          }
          previousHash = batch.toHash;
          for (const part of splitBatch(batch, BATCH_LOGS)) {
            ready.push(await prepareBatch(decoder, part, cache, async () => database));
            flush();
            // Bounded memory: no more prepared than two full writes wait.
            while (readyLogs() > 2 * MAX_WRITE_LOGS) await settleOne();
          }
          if (cache.full) {
            // Rows are read back from the database only once every batch they come from has committed.
            while (ready.length > 0 || inFlight.length > 0) await settleOne();
            cache.clear();
          }
        }
        while (ready.length > 0 || inFlight.length > 0) await settleOne();
      } catch (error) {
        // The cache may hold batches that never committed; a batch after a failed one fails too,
        // so the oldest failed write tells what happened.
        failure ??= { error };
        cache.clear();
        ready.length = 0;
        const writes = await Promise.allSettled(inFlight.map((batch) => batch.written));
        const oldest = writes.find((write): write is PromiseRejectedResult => write.status === "rejected");
        throw oldest ? oldest.reason : error;
      }
    } finally {
      if (backfill) {
        options.progress!.stop();
        const seconds = (Date.now() - started) / 1000;
        log.info(`backfilled blocks ${first + 1}-${checkpoint}: ${events} events in ${seconds.toFixed(1)} s (${Math.round(events / Math.max(seconds, 0.001))} events/s)`, {
          from: first + 1, to: checkpoint, events,
        });
      }
    }
    if (checkpoint >= target) reachedTarget();
  }

  /** Said once per run, and again after each outage or reorg: following the head is not news. */
  let announced = false;
  function reachedTarget(): void {
    if (!announced) log.info(`caught up at block ${checkpoint}; following new blocks`, { block: checkpoint });
    announced = true;
    status.caughtUp = true;
  }

  /**
   * The checkpoint as the database holds it. After a failure the database is the only one that
   * knows: a connection lost while a write committed leaves this process unsure whether it did.
   */
  async function resync(): Promise<void> {
    const state = await readMirrorState(database);
    if (!state) throw new MirrorMismatchError(`the database at ${database.description} no longer holds the mirror's state`);
    checkpoint = state.checkpointBlock;
    checkpointHash = state.checkpointHash;
    cache.clear();
    cache.complete = checkpoint < startBlock;
    advanced();
  }

  async function loop(): Promise<void> {
    let attempt = 0;
    let setUp = false;
    let unsure = false;
    // A lost lock on the embedded database: no further batch starts (the database refuses them too,
    // and rolls back one in flight); the error ends the run, and the owner exits.
    const lockLost = database.lockLost;
    const onLockLost = () => wake?.();
    lockLost.addEventListener("abort", onLockLost);
    try {
      while (!stopping) {
        try {
          if (lockLost.aborted) throw lockLost.reason;
          if (!setUp) {
            await ensureState();
            setUp = true;
            unsure = false;
            log.info(`mirroring chain ${deployment.chainId} from block ${checkpoint + 1} into ${database.description}`, { chainId: deployment.chainId, from: checkpoint + 1 });
          }
          if (unsure) {
            await resync();
            unsure = false;
          }
          await cycle();
          if (status.waitingFor) log.info(`${status.waitingFor} is back; resuming at block ${checkpoint + 1}`);
          status.waitingFor = undefined;
          attempt = 0;
          if (status.caughtUp && !stopping) await sleep(pollIntervalMs);
        } catch (error) {
          if (stopping) break;
          if (lockLost.aborted) {
            // One line, whatever failed first: a write refused, or one rolled back.
            log.error(oneLine(lockLost.reason));
            throw lockLost.reason;
          }
          if (error instanceof ReorgDetectedError) {
            await handleReorg(error.message).catch((failure: unknown) => {
              if (!retryable(failure)) throw failure;
              unsure = true;
              log.warn(`rolling back after a reorg failed: ${oneLine(failure)}; retrying`);
            });
            continue;
          }
          if (!retryable(error)) {
            log.error(oneLine(error));
            throw error;
          }
          unsure = true;
          const delay = Math.min(maxDelay, initialDelay * 2 ** Math.min(attempt, 16));
          attempt += 1;
          const away = error instanceof RpcUnavailableError ? `the node at ${rpc.url}` : error instanceof ChainMovedError ? "a stable chain" : `the database at ${database.description}`;
          status.waitingFor = away;
          announced = false;
          log.warn(`waiting for ${away}: ${oneLine(error)} (attempt ${attempt}, next in ${(delay / 1000).toFixed(1)} s; block ${checkpoint + 1} is next)`, {
            attempt, delayMs: delay, nextBlock: checkpoint + 1,
          });
          await sleep(delay);
        }
      }
    } finally {
      lockLost.removeEventListener("abort", onLockLost);
    }
  }

  return {
    run() {
      if (!running) {
        const resolving = documents.run();
        running = loop().finally(async () => {
          await documents.stop();
          await resolving;
          for (const waiter of waiters) waiter.reject(new Error("the listener stopped"));
          waiters.clear();
        });
      }
      return running;
    },
    async stop() {
      stopping = true;
      wake?.();
      await running?.catch(() => undefined);
    },
    status: () => ({ ...status }),
    resolveDocuments: () => documents.pass(),
    waitForBlock(block, timeoutMs = 120_000) {
      if (checkpoint >= block) return Promise.resolve();
      return new Promise<void>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(waiter);
          reject(new Error(`the mirror did not reach block ${block} within ${timeoutMs} ms (at ${checkpoint})`));
        }, timeoutMs);
        const waiter = {
          block,
          resolve: () => {
            clearTimeout(timer);
            resolve();
          },
          reject: (error: Error) => {
            clearTimeout(timer);
            reject(error);
          },
        };
        waiters.add(waiter);
      });
    },
  };
}
