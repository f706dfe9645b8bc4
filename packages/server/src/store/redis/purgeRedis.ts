import type { RedisSession } from './openRedisSession.js';

const PURGE_BATCH = 200;

/** Deletes what `select` lists, a batch at a time, through a script that re-checks each entry. */
async function purgeBatches(
  select: () => Promise<string[]>,
  purge: (members: string[]) => Promise<unknown>,
): Promise<void> {
  for (;;) {
    const members = await select();
    if (members.length > 0) await purge(members);
    if (members.length < PURGE_BATCH) return;
  }
}

/**
 * `Store.purge` in Redis: expired idempotency keys, final calls last updated before
 * `callsBefore` (with their events and index entries), and rate counters whose entries
 * have all left their window, and expired leases. Batched, so a large backlog never blocks Redis for long.
 */
export async function purgeRedis(
  session: RedisSession,
  now: number,
  callsBefore: number,
): Promise<void> {
  const { keys, run, script } = session;
  await purgeBatches(
    () => run((c) => c.zrangebyscore(keys.idempotencyExpiry, '-inf', now, 'LIMIT', 0, PURGE_BATCH)),
    (names) =>
      script(
        'ringbackPurgeKeys',
        [keys.idempotencyExpiry, ...names.map(keys.idempotency)],
        [now, ...names],
      ),
  );
  await purgeBatches(
    () =>
      run((c) => c.zrangebyscore(keys.final, '-inf', `(${callsBefore}`, 'LIMIT', 0, PURGE_BATCH)),
    (ids) =>
      script(
        'ringbackPurgeCalls',
        [keys.final, keys.due, keys.open, ...ids.flatMap((id) => [keys.call(id), keys.events(id)])],
        [callsBefore, keys.tag, ...ids],
      ),
  );
  await purgeBatches(
    () => run((c) => c.zrangebyscore(keys.rateExpiry, '-inf', now, 'LIMIT', 0, PURGE_BATCH)),
    (names) => script('ringbackPurgeRate', [keys.rateExpiry, ...names], [now]),
  );
  await purgeBatches(
    () => run((c) => c.zrangebyscore(keys.leaseExpiry, '-inf', now, 'LIMIT', 0, PURGE_BATCH)),
    (names) => script('ringbackPurgeLeases', [keys.leaseExpiry, ...names], [now]),
  );
}
