import type { Store } from '../../domain/Store.js';
import { fromStoredDelivery, type WebhookDelivery } from '../../domain/webhooks.js';
import type { RedisSession } from './openRedisSession.js';

const PAGE = 200;
/** A filtered listing reads at most this many deliveries, so a rare state never scans everything. */
const MAX_SCANNED = 5000;

type WebhookMethods =
  | 'listDueWebhooks'
  | 'getWebhookDelivery'
  | 'updateWebhookDelivery'
  | 'listWebhookDeliveries';

/**
 * The webhook outbox in Redis: each delivery a hash { version, state, data } under the
 * calls' hash tag, so a call's write queues its deliveries in the same script
 * (redisCalls.ts); a due index for the sender, and indexes by creation for listing.
 */
export function redisWebhooks(session: RedisSession): Pick<Store, WebhookMethods> {
  const { keys, run, script } = session;
  const read = async (ids: string[]): Promise<WebhookDelivery[]> => {
    if (ids.length === 0) return [];
    const data = await run((c) => Promise.all(ids.map((id) => c.hget(keys.webhook(id), 'data'))));
    return data.filter((d): d is string => d !== null).map(fromStoredDelivery);
  };

  return {
    async listDueWebhooks(now, limit) {
      if (limit <= 0) return [];
      const ids = await run((c) =>
        c.zrangebyscore(keys.webhooksDue, '-inf', now, 'LIMIT', 0, limit),
      );
      return (await read(ids)).filter((d) => d.state === 'pending');
    },

    async getWebhookDelivery(id) {
      const data = await run((c) => c.hget(keys.webhook(id), 'data'));
      return data === null ? undefined : fromStoredDelivery(data);
    },

    async updateWebhookDelivery(d, expectedVersion) {
      const stored = await script(
        'ringbackUpdateWebhook',
        [keys.webhook(d.id), keys.webhooksDue],
        [expectedVersion, d.version, d.state, JSON.stringify(d), d.nextAttemptAt ?? '', d.id],
      );
      return stored === 1;
    },

    async listWebhookDeliveries({ callId, state, limit = 50 }) {
      const index = callId ? keys.callWebhooks(callId) : keys.webhooks;
      const found: WebhookDelivery[] = [];
      for (let offset = 0; offset < MAX_SCANNED && found.length < limit; offset += PAGE) {
        const ids = await run((c) =>
          c.zrevrangebyscore(index, '+inf', '-inf', 'LIMIT', offset, PAGE),
        );
        for (const d of await read(ids)) {
          if ((!state || d.state === state) && found.length < limit) found.push(d);
        }
        if (ids.length < PAGE) break;
      }
      return found;
    },
  };
}

/** Drops deliveries no longer pending created before `before`, a batch at a time. */
export async function purgeRedisWebhooks(session: RedisSession, before: number): Promise<void> {
  const { keys, run, script } = session;
  // Pending deliveries stay, so the window moves past them rather than rereading them.
  for (let offset = 0; ; ) {
    const ids = await run((c) =>
      c.zrangebyscore(keys.webhooks, '-inf', `(${before}`, 'LIMIT', offset, PAGE),
    );
    if (ids.length === 0) return;
    const data = await run((c) => Promise.all(ids.map((id) => c.hget(keys.webhook(id), 'data'))));
    const callIds = data.map((d) => (d === null ? '' : fromStoredDelivery(d).callId));
    const dropped = (await script(
      'ringbackPurgeWebhooks',
      [
        keys.webhooks,
        keys.webhooksDue,
        ...ids.flatMap((id, i) => [keys.webhook(id), keys.callWebhooks(callIds[i]!)]),
      ],
      [before, ...ids],
    )) as number;
    offset += ids.length - dropped;
    if (ids.length < PAGE) return;
  }
}
