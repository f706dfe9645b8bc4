import type BetterSqlite3 from 'better-sqlite3';

type Database = BetterSqlite3.Database;

/**
 * How a write must reach the disk before its promise resolves.
 * - `durable` (the default): synced (`synchronous=FULL`: an fsync of the WAL in COMMIT).
 *   Calls, events, keys, webhook deliveries, flags, sessions: anything someone is told about.
 * - `volatile`: committed, and synced by the next durable commit (`synchronous=NORMAL`).
 *   For rate-limit hits, leases and counters: bookkeeping whose loss in a power cut is
 *   bounded (a visitor gets a little budget back, a lease taken lapses early, one given
 *   back holds until it runs out, a round-robin turn comes again, the console's statistics
 *   miss the last changes, as they do when the process dies between a call's write and
 *   its counters).
 * A process crash loses neither: a committed transaction is in the WAL file, which the OS
 * holds. The WAL is one file written in order, so a durable commit syncs every volatile
 * one before it: a create's leases and rate-limit hits are on disk before its call is.
 */
export type Durability = 'durable' | 'volatile';

/** A write waiting for the next group commit. */
interface PendingWrite {
  run: () => unknown;
  durability: Durability;
  resolve: (value: unknown) => void;
  reject: (error: unknown) => void;
}

export interface GroupCommit {
  /** Runs `run` in the next batch; resolves with its result once the batch has committed. */
  write<T>(run: () => T, durability?: Durability): Promise<T>;
  /** Commits what is queued now (before closing the database). */
  flush(): void;
}

/**
 * Group commit: the writes asked for during one turn of the event loop run, in order, in
 * one `BEGIN IMMEDIATE … COMMIT` (one fsync instead of one each, none when every write
 * is volatile). A write that throws rolls back alone: the batch is first run as it is,
 * and only if one of its writes throws is it run again from the start with each write in
 * its own savepoint (a write is a function of the database alone, so running it again
 * after the rollback is the same write; savepoints for every write cost a third of a
 * create's time in SQLite). Every promise settles only after the COMMIT has returned,
 * synced when the batch holds a durable write: nothing is acknowledged early. Reads run
 * at once and, as nothing else runs while a batch is open, only ever see committed data.
 */
export function groupCommit(db: Database): GroupCommit {
  let queue: PendingWrite[] = [];
  let scheduled: NodeJS.Immediate | undefined;
  // The connection's setting (2 is FULL), changed between transactions only, and only when
  // a batch needs the other one.
  let synced = db.pragma('synchronous', { simple: true }) === 2;
  // A nested better-sqlite3 transaction is a SAVEPOINT: a write that throws undoes itself only.
  const inSavepoint = db.transaction((run: () => unknown) => run());
  const batch = db.transaction((writes: PendingWrite[]) =>
    writes.map((write) => ({ ok: true, value: write.run() })),
  );
  const batchInSavepoints = db.transaction((writes: PendingWrite[]) => {
    const outcomes: { ok: boolean; value: unknown }[] = [];
    for (const write of writes) {
      try {
        outcomes.push({ ok: true, value: inSavepoint(write.run) });
      } catch (error) {
        outcomes.push({ ok: false, value: error });
      }
    }
    return outcomes;
  });

  function flush(): void {
    if (scheduled) clearImmediate(scheduled);
    scheduled = undefined;
    const writes = queue;
    queue = [];
    if (writes.length === 0) return;
    let outcomes: { ok: boolean; value: unknown }[];
    try {
      const durable = writes.some((write) => write.durability === 'durable');
      if (durable !== synced) {
        // Not a statement prepared once: SQLite applies this pragma when it is prepared.
        db.pragma(durable ? 'synchronous = FULL' : 'synchronous = NORMAL');
        synced = durable;
      }
      // IMMEDIATE: take the write lock up front, so a second process on the same file
      // waits (busy_timeout) instead of failing half-way through.
      try {
        outcomes = batch.immediate(writes);
      } catch {
        // A write threw (or BEGIN or COMMIT failed), and the batch was rolled back whole.
        outcomes = batchInSavepoints.immediate(writes);
      }
    } catch (error) {
      // BEGIN or COMMIT failed: nothing of the batch is durable.
      for (const write of writes) write.reject(error);
      return;
    }
    writes.forEach((write, i) => {
      const outcome = outcomes[i]!;
      if (outcome.ok) write.resolve(outcome.value);
      else write.reject(outcome.value);
    });
  }

  return {
    write<T>(run: () => T, durability: Durability = 'durable'): Promise<T> {
      return new Promise<T>((resolve, reject) => {
        queue.push({ run, durability, resolve: resolve as (value: unknown) => void, reject });
        scheduled ??= setImmediate(flush);
      });
    },
    flush,
  };
}
