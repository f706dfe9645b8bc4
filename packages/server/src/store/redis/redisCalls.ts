import { isFinal } from '../../domain/callState.js';
import type { CallRecord, Store } from '../../domain/Store.js';
import { fromStoredCall } from '../../domain/storedCall.js';
import type { WebhookDelivery } from '../../domain/webhooks.js';
import { callAgents } from '../callListQuery.js';
import type { RedisSession } from './openRedisSession.js';
import type { RedisKeys } from './redisKeys.js';

// An idempotency key's Redis TTL outlives its `expiresAt` by this much, so the server's
// clock, not Redis's, decides when a key is gone; the TTL only cleans up if purge never runs.
const KEY_TTL_SLACK_MS = 3600_000;

type CallMethods =
  | 'createCall'
  | 'getIdempotencyKey'
  | 'getCall'
  | 'updateCall'
  | 'listEvents'
  | 'listDueCalls'
  | 'listOpenCalls'
  | 'subscribe';

/** The KEYS and ARGV that queue `outbox` in a call's script (QUEUE_WEBHOOKS). */
function outboxArgs(
  keys: RedisKeys,
  callId: string,
  outbox: readonly WebhookDelivery[],
): { keys: string[]; args: (string | number)[] } {
  if (outbox.length === 0) return { keys: [], args: [] };
  return {
    keys: [
      keys.webhooksDue,
      keys.webhooks,
      keys.callWebhooks(callId),
      ...outbox.map((d) => keys.webhook(d.id)),
    ],
    args: outbox.flatMap((d) => [
      d.id,
      JSON.stringify(d),
      d.nextAttemptAt ?? '',
      d.createdAt,
      d.version,
      d.state,
    ]),
  };
}

/** A call's member in the listings: `<createdAt, 15 digits>:<id>`, so text order is (createdAt, id). */
export function listingMember(createdAt: number, id: string): string {
  return `${String(createdAt).padStart(15, '0')}:${id}`;
}

/** The ARGV that list a call (LISTING_KEYS in redisScripts.ts): tag, member, state, widget, agents. */
function listingArgs(keys: RedisKeys, call: CallRecord): string[] {
  return [
    keys.tag,
    listingMember(call.createdAt, call.id),
    call.state,
    call.widgetId,
    JSON.stringify(callAgents(call)),
  ];
}

/**
 * Calls, their events and idempotency keys in Redis. Each write is one script that also
 * keeps the due / open / final indexes, and an update publishes its event to the other
 * instances in the same script.
 */
export function redisCalls(session: RedisSession): Pick<Store, CallMethods> {
  const { keys, run, script, fanout } = session;
  const readCalls = async (ids: string[]): Promise<CallRecord[]> => {
    const data = await run((c) => Promise.all(ids.map((id) => c.hget(keys.call(id), 'data'))));
    return data.filter((d): d is string => d !== null).map((d) => fromStoredCall(d));
  };

  return {
    async createCall(call, key, event, outbox = []) {
      const queued = outboxArgs(keys, call.id, outbox);
      const held = (await script(
        'ringbackCreateCall',
        [
          keys.idempotency(key.key),
          keys.call(call.id),
          keys.events(call.id),
          keys.due,
          keys.open,
          keys.final,
          keys.idempotencyExpiry,
          ...queued.keys,
        ],
        [
          event.at,
          key.callId,
          key.fingerprint,
          key.expiresAt,
          Math.max(key.expiresAt - event.at, 0) + KEY_TTL_SLACK_MS,
          call.version,
          JSON.stringify(call),
          call.checkAt ?? '',
          isFinal(call.state) ? 1 : 0,
          call.createdAt,
          call.updatedAt,
          event.seq,
          JSON.stringify(event),
          key.key,
          call.id,
          keys.channel,
          ...listingArgs(keys, call),
          ...queued.args,
        ],
      )) as [string, string, string] | null;
      if (!held) {
        // This instance's subscribers get the event now; the channel's copy is then a duplicate.
        await fanout.settle(call.id);
        fanout.publish({ prev: 0, event });
        return { created: true };
      }
      return {
        created: false,
        existing: {
          key: key.key,
          callId: held[0],
          fingerprint: held[1],
          expiresAt: Number(held[2]),
        },
      };
    },

    async getIdempotencyKey(key, now) {
      const [callId, fingerprint, expiresAt] = await run((c) =>
        c.hmget(keys.idempotency(key), 'callId', 'fingerprint', 'expiresAt'),
      );
      if (callId == null || fingerprint == null || expiresAt == null) return undefined;
      if (Number(expiresAt) <= now) return undefined;
      return { key, callId, fingerprint, expiresAt: Number(expiresAt) };
    },

    async getCall(id) {
      const data = await run((c) => c.hget(keys.call(id), 'data'));
      return data === null ? undefined : fromStoredCall(data);
    },

    async updateCall(call, expectedVersion, event, outbox = []) {
      const queued = outboxArgs(keys, call.id, outbox);
      const prev = (await script(
        'ringbackUpdateCall',
        [keys.call(call.id), keys.events(call.id), keys.due, keys.open, keys.final, ...queued.keys],
        [
          expectedVersion,
          call.version,
          JSON.stringify(call),
          call.checkAt ?? '',
          isFinal(call.state) ? 1 : 0,
          call.id,
          call.createdAt,
          call.updatedAt,
          event ? event.seq : '',
          event ? JSON.stringify(event) : '',
          keys.channel,
          ...listingArgs(keys, call),
          ...queued.args,
        ],
      )) as number | null;
      if (prev === null) return false;
      if (event && prev >= 0) {
        // This instance's subscribers get the event now; the channel's copy is then a duplicate.
        await fanout.settle(call.id);
        fanout.publish({ prev, event });
      }
      return true;
    },

    listEvents: session.events,

    async listDueCalls(now, limit) {
      if (limit <= 0) return [];
      const ids = await run((c) => c.zrangebyscore(keys.due, '-inf', now, 'LIMIT', 0, limit));
      return readCalls(ids);
    },

    async listOpenCalls(limit) {
      if (limit <= 0) return [];
      const ids = await run((c) => c.zrange(keys.open, '0', String(limit - 1)));
      return readCalls(ids);
    },

    subscribe(callId, listener) {
      return fanout.subscribe(callId, listener);
    },
  };
}
