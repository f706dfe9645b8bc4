import { createExotelClient } from '@ringback/exotel';
import { exotelTransport } from '#exotel-transport';
import { CANCEL_PURPOSE, createCallbackTokens } from '../calls/callbackToken.js';
import { createCallUpdater } from '../calls/callUpdater.js';
import { createWebhookSender } from '../calls/deliverWebhooks.js';
import { followAttempts } from '../calls/followAttempts.js';
import type { ServerContext } from '../calls/ServerContext.js';
import { withCallStats } from '../calls/statsRecorder.js';
import { withWebhookOutbox } from '../calls/webhookOutbox.js';
import type { ResolvedConfig } from '../config/validateConfig.js';
import type { CallEventHook } from '../domain/hooks.js';
import type { Logger } from '../domain/logger.js';
import type { Store } from '../domain/Store.js';
import { throttleLog } from '../log/throttleLog.js';
import { createPolicyOrder } from '../policies/createPolicies.js';

export interface ContextOptions {
  config: ResolvedConfig;
  logger: Logger;
  now: () => number;
  hook: CallEventHook | undefined;
}

/**
 * Everything a request handler needs, built once: the store (opened lazily, so creating
 * a server stays synchronous), the Exotel client, callback tokens, the call updater and
 * the create policies in order. `ownsStore`: the server opened it, so it closes it;
 * `closeTransport` lets go of the kept-alive connections to Exotel.
 */
export function createServerContext({ config, logger, now, hook }: ContextOptions): {
  ctx: ServerContext;
  ownsStore: boolean;
  closeTransport: () => void;
} {
  const storeConfig = config.store;
  // A store named in the config is opened here, and closed with the server.
  const ownsStore = typeof storeConfig === 'function';
  const opened: Promise<Store> = ownsStore ? storeConfig({ logger }) : Promise.resolve(storeConfig);
  // With the console, every call write moves the operator statistics' counters after it.
  const counted = config.console
    ? opened.then((store) => withCallStats(store, logger, config.console!.timeZone))
    : opened;
  // With webhooks, every call write queues its deliveries in the same write (the outbox).
  const storePromise =
    config.webhooks.length > 0
      ? counted.then((store) =>
          withWebhookOutbox(store, config.webhooks, () => ctx.webhooks.kick()),
        )
      : counted;
  // Surfaced through ready() and each request; never an unhandled rejection.
  storePromise.catch(() => {});
  const { exotel } = config;
  // An injected fetch is used as given; otherwise Node's own HTTP client (a browser build
  // has none, and uses the page's fetch).
  const transport = exotel.fetch ? undefined : exotelTransport();
  const ctx: ServerContext = {
    config,
    store: () => storePromise,
    exotel: createExotelClient({
      accountSid: exotel.accountSid,
      apiKey: exotel.apiKey,
      apiToken: exotel.apiToken,
      region: exotel.region,
      timeoutMs: exotel.timeoutMs,
      ...(exotel.baseUrl ? { baseUrl: exotel.baseUrl } : {}),
      ...(exotel.fetch ? { fetch: exotel.fetch } : {}),
      ...(transport ? { fetch: transport.fetch, Request: transport.Request } : {}),
    }),
    tokens: createCallbackTokens(config.secrets),
    cancelTokens: createCallbackTokens(config.secrets, CANCEL_PURPOSE),
    timers: new Set(),
    update: createCallUpdater({
      store: () => storePromise,
      now,
      graceMs: config.reconcileGraceMs,
      logger,
      hook,
      onChange: (before, after) => follow(before, after),
    }),
    logger,
    refusalLog: throttleLog((entry) => logger.warn(entry)),
    policies: createPolicyOrder(config.policies),
    now,
    streams: new Set(),
    streamsPerIp: new Map(),
    watched: new Map(),
    creating: new Map(),
    background: new Set(),
    closing: false,
    webhooks: undefined as unknown as ServerContext['webhooks'],
  };
  ctx.webhooks = createWebhookSender(ctx);
  const follow = followAttempts(ctx);
  return { ctx, ownsStore, closeTransport: () => transport?.close() };
}
