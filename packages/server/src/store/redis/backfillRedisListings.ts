import type { Logger } from '../../domain/logger.js';
import type { RedisSession } from './openRedisSession.js';

const BATCH = 200;

/**
 * Lists the calls stored before the operator listings existed (by an older server), once
 * per deployment: every call is in the open or the final index, so those are walked a batch
 * at a time and each call listed from its JSON (LIST_STORED_CALLS, idempotent, so instances
 * starting together may both run it). Calls written meanwhile are listed by their own writes.
 * `stopped` ends it early (the store is closing); the next start carries on.
 */
export async function backfillRedisListings(
  session: RedisSession,
  logger: Logger,
  stopped: () => boolean,
): Promise<void> {
  const { keys, run, script } = session;
  if ((await run((c) => c.exists(keys.listingsReady))) === 1) return;
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
