import {
  type AgentAvailability,
  type AgentStatus,
  listAgents,
  setAgentAvailability,
} from './calls/agentAvailability.js';
import { redeliverWebhook, type WebhookResult } from './calls/deliverWebhooks.js';
import type { ReconcileResult } from './calls/reconciler.js';
import type { RequestInfo } from './calls/ServerContext.js';
import { validateConfig } from './config/validateConfig.js';
import { PRIVATE_NETWORKS } from './domain/ipAddress.js';
import { createConsoleLogger, silentLogger } from './domain/logger.js';
import { Problem } from './domain/problem.js';
import type { RingbackConfig } from './domain/RingbackConfig.js';
import type { WebhookDelivery, WebhookDeliveryQuery } from './domain/webhooks.js';
import { writtenHeaders } from './generated/nodeBridge/bodyProtocol.js';
import { corsHeaders, preflight } from './http/cors.js';
import { redactingLogger } from './log/redactingLogger.js';
import { createServerContext } from './server/createServerContext.js';
import { createRoutes, matchRoute, mountMismatch } from './server/routes.js';
import { startMaintenance } from './server/startMaintenance.js';
import { toErrorResponse } from './server/toErrorResponse.js';

export interface RingbackServer {
  /**
   * The whole proxy as a fetch handler. `info.clientIp` is the peer address, which a
   * `Request` cannot carry; the Node adapters fill it in.
   */
  fetch(request: Request, info?: RequestInfo): Promise<Response>;
  /** Whether a path (after the mount point) is one of the proxy's, for middleware that passes the rest on. */
  handles(pathname: string): boolean;
  /** Resolves once the store is open and calls left open by a previous run have been checked. */
  ready(): Promise<void>;
  /** One reconciliation pass now: settles calls Exotel has gone quiet about. Runs on a timer unless `reconcileIntervalMs` is 0. */
  reconcile(): Promise<ReconcileResult>;
  /**
   * Marks an agent of a widget's group (`agents`) `away` (skipped by every call, on every
   * instance sharing the store) or `available` again.
   * @throws RangeError when no widget lists an agent with that id.
   */
  setAgentAvailability(agentId: string, availability: AgentAvailability): Promise<void>;
  /** Every agent of the widgets' groups: availability, hours, and whether on a call now. */
  agents(): Promise<AgentStatus[]>;
  /**
   * Webhook deliveries kept in the store (for `retentionSeconds`), newest first: each with
   * its state and every attempt (status or error code, duration, when).
   * @default limit 50 (at most 1000)
   */
  webhookDeliveries(query?: WebhookDeliveryQuery): Promise<WebhookDelivery[]>;
  /**
   * Sends a delivery again, with the same `webhook-id` (receivers that deduplicate keep
   * one), retrying it for another day if it fails. Resolves with the delivery as queued.
   * @throws RangeError when there is no such delivery.
   */
  redeliverWebhook(deliveryId: string): Promise<WebhookDelivery>;
  /** One webhook delivery pass now (it also runs every 500 ms and after each change): for tests on a manual clock. */
  deliverWebhooks(): Promise<WebhookResult>;
  /**
   * Resolves once the work that stored changes started in the background (trying a call's
   * next agent, freeing an agent's line, sending webhooks) has finished: for tests on a manual clock.
   */
  idle(): Promise<void>;
  /** Stops accepting requests, ends event streams, waits for requests in flight and closes the store it opened. */
  close(): Promise<void>;
}

/** Waits for background work, including work that work started. */
async function idle(ctx: { background: Set<Promise<unknown>> }): Promise<void> {
  while (ctx.background.size > 0) await Promise.allSettled([...ctx.background]);
}

/**
 * Creates the Ringback proxy: widget config, call creation behind the abuse policies,
 * the authenticated Exotel webhook, live status (SSE) and reconciliation. Built on Web
 * APIs only; mount `fetch` anywhere, or use `@ringback/server/node`.
 *
 * @throws RingbackConfigError naming every bad field of `config`.
 */
export function createRingbackServer(config: RingbackConfig): RingbackServer {
  const resolved = validateConfig(config);
  const logger = redactingLogger(
    config.logger === false ? silentLogger : (config.logger ?? createConsoleLogger()),
    resolved.redact,
  );
  // Request lines only go to a logger the business chose.
  const logRequests = !!config.logger && config.logRequests !== false;
  const { ctx, ownsStore, closeTransport } = createServerContext({
    config: resolved,
    logger,
    now: config.now ?? Date.now,
    hook: config.onCallEvent,
  });
  if (resolved.trustProxy?.fromDefault)
    logger.warn({
      msg: `trustProxy: ${resolved.trustProxy.header} is trusted from loopback and private networks (${PRIVATE_NETWORKS.join(', ')}) because trustProxy.from is not set; name your proxies' addresses`,
    });
  const maintenance = startMaintenance(ctx);
  const routes = createRoutes(ctx);
  const match = (pathname: string) => matchRoute(routes, resolved.basePath, pathname);

  const warnedMounts = new Set<string>();
  const notFound = (path: string) => {
    const prefix = mountMismatch(routes, path);
    if (!prefix) return new Problem('not_found', 'There is no such endpoint.');
    const configured = resolved.basePath || '/';
    if (!warnedMounts.has(prefix) && warnedMounts.size < 20) {
      warnedMounts.add(prefix);
      logger.warn({ msg: 'request for a path under another mount point', prefix, configured });
    }
    return new Problem(
      'not_found',
      `There is no such endpoint here: this looks like a Ringback path mounted at ${prefix}, but publicBaseUrl puts the proxy at ${configured}. Make publicBaseUrl end in ${prefix}, or mount the proxy at ${configured}.`,
    );
  };

  let inFlight = 0;
  let drained: (() => void) | undefined;

  async function handle(request: Request, info: RequestInfo, path: string): Promise<Response> {
    const found = match(path);
    const headers = found?.route.cors
      ? corsHeaders(request.headers.get('origin'), resolved.allOrigins)
      : new Headers();
    try {
      if (info.malformed?.reason === 'method')
        throw new Problem('method_not_allowed', `${info.malformed.method} is not allowed here.`);
      if (info.malformed)
        throw new Problem('invalid_request', 'The Host header is not a host name or address.');
      if (!found) throw notFound(path);
      const { route, m } = found;
      if (request.method === 'OPTIONS' && route.cors)
        return preflight(request, resolved.allOrigins, Object.keys(route.methods));
      const handler = route.methods[request.method];
      if (!handler) {
        headers.set('allow', Object.keys(route.methods).join(', '));
        throw new Problem('method_not_allowed', `${request.method} is not allowed here.`);
      }
      if (ctx.closing && !route.duringShutdown)
        throw new Problem('shutting_down', 'The server is shutting down; try again.', {
          retryAfterSeconds: 5,
        });
      return await handler(request, m, info, headers);
    } catch (error) {
      return toErrorResponse(error, request, path, headers, logger);
    }
  }

  return {
    async fetch(request, info = {}) {
      const started = performance.now();
      const url = new URL(request.url);
      inFlight += 1;
      let response: Response;
      try {
        response = await handle(request, info, url.pathname);
      } finally {
        inFlight -= 1;
        if (inFlight === 0) drained?.();
      }
      // No answer of ours is ever to be sniffed into something else (a script, say).
      writtenHeaders(response).set('x-content-type-options', 'nosniff');
      if (logRequests) {
        logger.info({
          msg: 'request',
          method: info.malformed?.method ?? request.method,
          path: url.pathname + url.search,
          status: response.status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          ...(info.clientIp ? { ip: info.clientIp } : {}),
        });
      }
      return response;
    },
    handles: (pathname) => match(pathname) !== undefined,
    ready: () => maintenance.ready,
    reconcile: () => maintenance.reconcile(),
    setAgentAvailability: (agentId, availability) =>
      setAgentAvailability(ctx, agentId, availability),
    agents: () => listAgents(ctx),
    async webhookDeliveries(query = {}) {
      const limit = Math.min(Math.max(Math.trunc(query.limit ?? 50), 1), 1000);
      return (await ctx.store()).listWebhookDeliveries({ ...query, limit });
    },
    async redeliverWebhook(deliveryId) {
      const delivery = await redeliverWebhook(ctx, deliveryId);
      ctx.webhooks.kick();
      return delivery;
    },
    deliverWebhooks: () => maintenance.deliverWebhooks(),
    idle: () => idle(ctx),
    async close() {
      if (ctx.closing) return;
      ctx.closing = true;
      const stopping = maintenance.stop();
      for (const timer of ctx.timers) clearTimeout(timer);
      ctx.timers.clear();
      for (const close of [...ctx.streams]) close();
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      await stopping;
      await idle(ctx);
      ctx.refusalLog.close();
      closeTransport();
      if (ownsStore)
        await ctx.store().then(
          (s) => s.close(),
          () => {},
        );
    },
  };
}
