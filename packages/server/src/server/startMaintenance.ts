import type { WebhookResult } from '../calls/deliverWebhooks.js';
import { pollWatchedCalls } from '../calls/livePolling.js';
import { type ReconcileResult, reconcile } from '../calls/reconciler.js';
import type { ServerContext } from '../calls/ServerContext.js';
import { armNearJobs } from '../calls/scheduler.js';

const PURGE_EVERY_MS = 10 * 60 * 1000;
/** How often the outbox is polled for due deliveries (retries, and other instances' writes). */
const WEBHOOK_POLL_MS = 500;

export interface Maintenance {
  /** Resolves once the store is open and calls left open by a previous run were checked. */
  ready: Promise<void>;
  /** One reconciliation pass; passes never overlap. `all` looks at every open call. */
  reconcile(all?: boolean): Promise<ReconcileResult>;
  /** One webhook delivery pass now: sends what is due. */
  deliverWebhooks(): Promise<WebhookResult>;
  /** Stops the timers and waits for a pass in progress (reconciliation, deliveries). */
  stop(): Promise<void>;
}

/**
 * The server's background work: reconciliation at start-up and on a timer (unless
 * `reconcileIntervalMs` is 0), purging expired keys, rate entries and old calls, and, with
 * `webhooks`, sending the outbox's deliveries (at start-up, on a short poll, and at once
 * after this instance queues one).
 */
export function startMaintenance(ctx: ServerContext): Maintenance {
  const { config, logger, now } = ctx;
  let reconciling: Promise<ReconcileResult> | undefined;
  const runReconcile = (all = false): Promise<ReconcileResult> => {
    // A slow Exotel must not pile passes up.
    reconciling ??= reconcile(ctx, { all })
      .then(async (result) => {
        await pollWatchedCalls(ctx);
        // Callbacks and retries due soon get a timer, so they are placed on time.
        await armNearJobs(ctx);
        return result;
      })
      .finally(() => {
        reconciling = undefined;
      });
    return reconciling;
  };

  const ready = ctx.store().then(async () => {
    const result = await runReconcile(true).catch((error: unknown) => {
      logger.error({ msg: 'start-up reconciliation failed', error });
      return undefined;
    });
    if (result?.checked) logger.info({ msg: 'start-up reconciliation', ...result });
  });
  ready.catch(() => {});

  const reconcileTimer =
    config.reconcileIntervalMs > 0
      ? setInterval(async () => {
          try {
            await ready;
            await runReconcile();
          } catch (error) {
            logger.error({ msg: 'reconciliation failed', error });
          }
        }, config.reconcileIntervalMs)
      : undefined;
  // Purging runs whatever the reconciliation setting: expired idempotency keys and rate
  // entries must not pile up on an instance that leaves reconciliation to another.
  const purgeTimer = setInterval(async () => {
    try {
      await ready;
      await (await ctx.store()).purge(now(), now() - config.retentionMs);
    } catch (error) {
      logger.error({ msg: 'purge failed', error });
    }
  }, PURGE_EVERY_MS);
  const sendWebhooks = async () => {
    try {
      await ready;
      await ctx.webhooks.run();
    } catch (error) {
      logger.error({ msg: 'webhook delivery pass failed', error });
    }
  };
  const webhookTimer =
    config.webhooks.length > 0 ? setInterval(sendWebhooks, WEBHOOK_POLL_MS) : undefined;
  // Deliveries left pending by a previous run go out as soon as the store is open.
  if (webhookTimer) void sendWebhooks();
  // Never keep a process alive just for maintenance.
  for (const timer of [reconcileTimer, purgeTimer, webhookTimer]) {
    (timer as { unref?: () => void } | undefined)?.unref?.();
  }

  return {
    ready,
    reconcile: (all) => ready.then(() => runReconcile(all)),
    deliverWebhooks: () => ready.then(() => ctx.webhooks.run()),
    async stop() {
      if (reconcileTimer) clearInterval(reconcileTimer);
      if (webhookTimer) clearInterval(webhookTimer);
      clearInterval(purgeTimer);
      await Promise.all([reconciling?.catch(() => {}), ctx.webhooks.stop()]);
    },
  };
}
