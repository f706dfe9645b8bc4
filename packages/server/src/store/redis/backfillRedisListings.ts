import type { Logger } from '../../domain/logger.js';
import type { RedisSession } from './openRedisSession.js';

const BATCH = 200;

/**
 * Whether calls stored before the operator listings existed (by an older server) may still
 * need listing (LISTINGS_PENDING): not once they were, nor in a store with no calls yet.
 * Asked once as the store opens, before it writes anything: a store seeded the moment it
 * opens would otherwise walk, and walk again, every call its own writes listed already.
 */
export async function listingsPending(session: RedisSession): Promise<boolean> {
  const { keys, script } = session;
  return (
    (await script(
      'ringbackListingsPending',
      [keys.listingsReady, keys.open, keys.final],
      [Date.now()],
    )) === 1
  );
}

/**
 * Lists the calls stored before the operator listings existed, once per deployment (when
 * `listingsPending`): every call is in the open or the final index, so those are walked a
 * batch at a time and each call listed from its JSON (LIST_STORED_CALLS, idempotent, so
 * instances starting together may both run it). Calls written meanwhile are listed by their
 * own writes. `stopped` ends it early (the store is closing); the next start carries on.
 */
export async function backfillRedisListings(
  session: RedisSession,
  logger: Logger,
  stopped: () => boolean,
): Promise<void> {
  const { keys, run, script } = session;
  let listed = 0;
  for (const index of [keys.open, keys.final]) {
    for (let start = 0; !stopped(); start += BATCH) {
      const ids = await run((c) => c.zrange(index, String(start), String(start + BATCH - 1)));
      if (ids.length > 0)
        listed += (await script('ringbackListStoredCalls', ids.map(keys.call), [
          keys.tag,
        ])) as number;
      if (ids.length < BATCH) break;
    }
  }
  if (stopped()) return;
  await run((c) => c.set(keys.listingsReady, String(Date.now())));
  if (listed > 0) logger.info({ msg: 'redis call listings built', calls: listed });
}
