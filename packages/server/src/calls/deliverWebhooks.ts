import { postWebhook, type WebhookResponse } from '#webhook-transport';
import type { Store } from '../domain/Store.js';
import { webhookLeaseKey } from '../domain/storeKeys.js';
import {
  afterWebhookAttempt,
  WEBHOOK_RETRY_WINDOW_MS,
  type WebhookDelivery,
  type WebhookDeliveryAttempt,
} from '../domain/webhooks.js';
import type { ServerContext } from './ServerContext.js';
import { webhookHeaders } from './webhookHeaders.js';

/** Standard Webhooks' recommendation; a slower endpoint counts as failed and is retried. */
const TIMEOUT_MS = 10_000;
/** Read of the endpoint's answer before it is dropped. */
const MAX_RESPONSE_BYTES = 4096;
/** One instance's claim on a delivery: longer than an attempt can take. */
const LEASE_MS = TIMEOUT_MS + 10_000;
/** Due deliveries read per batch, and sent at once. */
const BATCH = 32;
const CONCURRENCY = 8;
/** Batches per pass, so one pass cannot run forever behind a long backlog. */
const MAX_BATCHES = 20;

export interface WebhookResult {
  /** Deliveries attempted by this instance in the pass. */
  attempted: number;
  delivered: number;
}

/** The endpoint's host, for logs: never the path or query, which may carry a token. */
function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return '?';
  }
}

/** Runs `work` on each item, at most `limit` at once. */
async function eachLimited<T>(items: T[], limit: number, work: (item: T) => Promise<void>) {
  let next = 0;
  const worker = async () => {
    while (next < items.length) await work(items[next++]!);
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

/**
 * Sends due webhook deliveries from the outbox. Each delivery is claimed with a lease in
 * the store before it is sent, so of several instances one sends it at a time; it is read
 * again under the claim, so one that another instance has just finished is not sent twice.
 * A crash mid-attempt leaves the delivery pending: it is sent again (same `webhook-id`)
 * once the lease runs out.
 */
export function createWebhookSender(ctx: ServerContext) {
  const holder = `sender:${crypto.randomUUID()}`;
  const { logger } = ctx;

  async function record(store: Store, delivery: WebhookDelivery, attempt: WebhookDeliveryAttempt) {
    let current: WebhookDelivery | undefined = delivery;
    // A manual re-send may have moved it meanwhile: the attempt is added to what is stored.
    for (let tries = 0; current && tries < 5; tries++) {
      const next = afterWebhookAttempt(current, attempt, ctx.now());
      if (await store.updateWebhookDelivery(next, current.version)) return next;
      current = await store.getWebhookDelivery(delivery.id);
    }
    return undefined;
  }

  async function send(delivery: WebhookDelivery): Promise<WebhookResponse> {
    const endpoint = ctx.config.webhooks.find((w) => w.url === delivery.url);
    if (!endpoint)
      return {
        status: null,
        error: 'endpoint_removed',
        detail: 'no configured endpoint has this URL',
      };
    const headers = await webhookHeaders(
      endpoint.key,
      delivery.id,
      Math.floor(ctx.now() / 1000),
      delivery.body,
    );
    return postWebhook({
      url: delivery.url,
      headers,
      body: delivery.body,
      allowPrivateNetwork: endpoint.allowPrivateNetwork,
      timeoutMs: TIMEOUT_MS,
      maxResponseBytes: MAX_RESPONSE_BYTES,
    });
  }

  /** One delivery under this instance's claim; `true` when delivered. */
  async function deliver(store: Store, id: string): Promise<boolean | undefined> {
    const key = webhookLeaseKey(id);
    const claimedAt = ctx.now();
    if (!(await store.acquireLease(key, holder, claimedAt + LEASE_MS, claimedAt))) return undefined;
    try {
      const delivery = await store.getWebhookDelivery(id);
      // Another instance may have sent it between the listing and the claim.
      const due =
        delivery?.state === 'pending' && (delivery.nextAttemptAt ?? Infinity) <= ctx.now();
      if (!delivery || !due) return undefined;
      const at = ctx.now();
      const started = performance.now();
      const result = await send(delivery);
      const attempt: WebhookDeliveryAttempt = {
        at,
        durationMs: Math.round(performance.now() - started),
        status: result.status,
        error: result.error,
      };
      const stored = await record(store, delivery, attempt);
      const fields = {
        deliveryId: id,
        callId: delivery.callId,
        type: delivery.type,
        host: hostOf(delivery.url),
        attempt: delivery.attempts.length + 1,
      };
      if (result.error === null) {
        logger.info({ msg: 'webhook delivered', ...fields, status: result.status });
        return true;
      }
      const entry = {
        ...fields,
        error: result.error,
        status: result.status,
        ...(result.detail ? { detail: result.detail } : {}),
      };
      if (stored?.state === 'failed') logger.error({ msg: 'webhook delivery given up', ...entry });
      else
        logger.warn({
          msg: 'webhook delivery failed',
          ...entry,
          ...(stored?.nextAttemptAt
            ? { retryAt: new Date(stored.nextAttemptAt).toISOString() }
            : {}),
        });
      return false;
    } finally {
      await store.releaseLease(key, holder).catch(() => {});
    }
  }

  async function passOnce(): Promise<WebhookResult> {
    const result: WebhookResult = { attempted: 0, delivered: 0 };
    if (ctx.config.webhooks.length === 0) return result;
    const store = await ctx.store();
    for (let batch = 0; batch < MAX_BATCHES && !stopped; batch++) {
      const due = await store.listDueWebhooks(ctx.now(), BATCH);
      await eachLimited(due, CONCURRENCY, async (d) => {
        try {
          const delivered = await deliver(store, d.id);
          if (delivered === undefined) return;
          result.attempted += 1;
          if (delivered) result.delivered += 1;
        } catch (error) {
          logger.error({ msg: 'webhook delivery failed', deliveryId: d.id, error });
        }
      });
      if (due.length < BATCH) break;
    }
    return result;
  }

  let stopped = false;
  let running: Promise<WebhookResult> | undefined;
  let again = false;

  /** A pass now; while one runs, another follows it (a kick never waits for the next poll). */
  function run(): Promise<WebhookResult> {
    if (running) {
      again = true;
      return running;
    }
    const pass = (async () => {
      const total: WebhookResult = { attempted: 0, delivered: 0 };
      do {
        again = false;
        const r = await passOnce();
        total.attempted += r.attempted;
        total.delivered += r.delivered;
      } while (again && !stopped);
      return total;
    })();
    running = pass.finally(() => {
      running = undefined;
      ctx.background.delete(tracked);
    });
    const tracked = running.catch((error: unknown) => {
      logger.error({ msg: 'webhook delivery pass failed', error });
    });
    // `idle()` and `close()` wait for passes in flight.
    ctx.background.add(tracked);
    return running;
  }

  return {
    run,
    /** After a local enqueue: send now, unless stopping. */
    kick(): void {
      if (!stopped && !ctx.closing) void run().catch(() => {});
    },
    async stop(): Promise<void> {
      stopped = true;
      await running?.catch(() => {});
    },
  };
}

export type WebhookSender = ReturnType<typeof createWebhookSender>;

/** `server.redeliverWebhook`: pending again at once, same id, with a fresh day of retries. */
export async function redeliverWebhook(
  ctx: ServerContext,
  deliveryId: string,
): Promise<WebhookDelivery> {
  const store = await ctx.store();
  for (let tries = 0; tries < 5; tries++) {
    const current = await store.getWebhookDelivery(deliveryId);
    if (!current)
      throw new RangeError(`There is no webhook delivery ${JSON.stringify(deliveryId)}.`);
    const now = ctx.now();
    const next: WebhookDelivery = {
      ...current,
      version: current.version + 1,
      state: 'pending',
      updatedAt: now,
      nextAttemptAt: now,
      retryUntil: now + WEBHOOK_RETRY_WINDOW_MS,
    };
    if (await store.updateWebhookDelivery(next, current.version)) return next;
  }
  throw new Error(`Webhook delivery ${deliveryId} kept changing under concurrent updates`);
}
