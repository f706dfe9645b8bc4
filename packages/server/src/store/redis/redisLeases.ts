import type { Lease, Store } from '../../domain/Store.js';
import type { RedisSession } from './openRedisSession.js';

/** Redis's clock only cleans up: a lease is decided by `until` against the server's `now`. */
const CLEANUP_SLACK_MS = 60_000;

/** `Store`'s leases, flags and counters in Redis: shared by every instance on it. */
export function redisLeases(
  session: RedisSession,
): Pick<
  Store,
  'acquireLease' | 'releaseLease' | 'readLeases' | 'putFlag' | 'readFlags' | 'incrementCounter'
> {
  const { keys } = session;
  return {
    async acquireLease(key, holder, until, now) {
      const held = await session.script(
        'ringbackAcquireLease',
        [keys.lease(key), keys.leaseExpiry],
        [holder, until, now, Math.max(0, until - now) + CLEANUP_SLACK_MS],
      );
      return held === 1;
    },

    async releaseLease(key, holder) {
      await session.script('ringbackReleaseLease', [keys.lease(key)], [holder]);
    },

    async readLeases(leaseKeys, now) {
      const found = new Map<string, Lease>();
      if (leaseKeys.length === 0) return found;
      // One command per lease, issued together: they leave in one write (coalesceWrites),
      // for about half the Node CPU of a pipeline when there is one lease, as there usually is.
      const rows = await session.run((client) =>
        Promise.all(leaseKeys.map((key) => client.hmget(keys.lease(key), 'holder', 'until'))),
      );
      leaseKeys.forEach((key, i) => {
        const [holder, until] = rows[i]!;
        if (holder != null && until != null && Number(until) > now)
          found.set(key, { holder, until: Number(until) });
      });
      return found;
    },

    async putFlag(key, value) {
      await session.run((client) =>
        value === null ? client.hdel(keys.flags, key) : client.hset(keys.flags, key, value),
      );
    },

    async readFlags(flagKeys) {
      const found = new Map<string, string>();
      if (flagKeys.length === 0) return found;
      const values = await session.run((client) => client.hmget(keys.flags, ...flagKeys));
      flagKeys.forEach((key, i) => {
        const value = values[i];
        if (value !== null && value !== undefined) found.set(key, value);
      });
      return found;
    },

    async incrementCounter(key) {
      return session.run((client) => client.incr(keys.counter(key)));
    },
  };
}
