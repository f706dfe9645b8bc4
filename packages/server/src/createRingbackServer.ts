import { createExotelClient } from '@ringback/exotel';
import { createCallbackTokens } from './calls/callbackToken.js';
import { streamCallEvents } from './calls/callEvents.js';
import { createCallUpdater } from './calls/callUpdater.js';
import { checkOrigin, createCall } from './calls/createCall.js';
import { type ReconcileResult, reconcile } from './calls/reconciler.js';
import type { RequestInfo, ServerContext } from './calls/ServerContext.js';
import { receiveStatusCallback } from './calls/statusCallback.js';
import { validateConfig } from './config/validateConfig.js';
import { CALL_ID } from './domain/callId.js';
import { silentLogger } from './domain/logger.js';
import { Problem } from './domain/problem.js';
import { toPublicCall } from './domain/publicCall.js';
import type { RingbackConfig } from './domain/RingbackConfig.js';
import type { Store } from './domain/Store.js';
import { isStoreUnavailable } from './domain/StoreUnavailableError.js';
import { clientIp, ipRateKey } from './http/clientIp.js';
import { corsHeaders, preflight } from './http/cors.js';
import { decodePathSegment } from './http/decodePathSegment.js';
import { redactingLogger } from './log/redactingLogger.js';
import { getWidget } from './widgets/getWidget.js';

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
  /** Stops accepting requests, ends event streams, waits for requests in flight and closes the store it opened. */
  close(): Promise<void>;
}

type Handler = (
  request: Request,
  match: RegExpExecArray,
  info: RequestInfo,
  headers: Headers,
) => Promise<Response>;

interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
  /** Browser-facing: CORS headers and preflights. */
  cors: boolean;
  /** Answered while shutting down too (health checks must see the shutdown). */
  duringShutdown?: boolean;
}

const PURGE_EVERY_MS = 10 * 60 * 1000;

/**
 * Creates the Ringback proxy: widget config, call creation behind the abuse policies,
 * the authenticated Exotel webhook, live status (SSE) and reconciliation. Built on Web
 * APIs only; mount `fetch` anywhere, or use `@ringback/server/node`.
 *
 * @throws RingbackConfigError naming every bad field of `config`.
 */
export function createRingbackServer(config: RingbackConfig): RingbackServer {
  const resolved = validateConfig(config);
  const now = config.now ?? Date.now;
  const logger = redactingLogger(config.logger ?? silentLogger, resolved.redact);
  const logRequests = config.logger !== undefined && config.logRequests !== false;

  const storeConfig = resolved.store;
  const ownsStore = typeof storeConfig === 'function';
  const storePromise: Promise<Store> = ownsStore
    ? storeConfig({ logger })
    : Promise.resolve(storeConfig);
  // Surfaced through ready() and each request; never an unhandled rejection.
  storePromise.catch(() => {});

  const ctx: ServerContext = {
    config: resolved,
    store: () => storePromise,
    exotel: createExotelClient({
      accountSid: resolved.exotel.accountSid,
      apiKey: resolved.exotel.apiKey,
      apiToken: resolved.exotel.apiToken,
      region: resolved.exotel.region,
      timeoutMs: resolved.exotel.timeoutMs,
      ...(resolved.exotel.baseUrl ? { baseUrl: resolved.exotel.baseUrl } : {}),
      ...(resolved.exotel.fetch ? { fetch: resolved.exotel.fetch } : {}),
    }),
    tokens: createCallbackTokens(resolved.secrets),
    update: createCallUpdater({
      store: () => storePromise,
      now,
      graceMs: resolved.reconcileGraceMs,
      logger,
      hook: config.onCallEvent,
    }),
    logger,
    now,
    streams: new Set(),
    streamsPerIp: new Map(),
    creating: new Map(),
    closing: false,
  };

  let reconciling: Promise<ReconcileResult> | undefined;
  const runReconcile = (all = false): Promise<ReconcileResult> => {
    // Passes never overlap: a slow Exotel must not pile them up.
    reconciling ??= reconcile(ctx, { all }).finally(() => {
      reconciling = undefined;
    });
    return reconciling;
  };

  const readyPromise = storePromise.then(async () => {
    const result = await runReconcile(true).catch((error: unknown) => {
      logger.error({ msg: 'start-up reconciliation failed', error });
      return undefined;
    });
    if (result?.checked) logger.info({ msg: 'start-up reconciliation', ...result });
  });
  readyPromise.catch(() => {});

  const reconcileTimer =
    resolved.reconcileIntervalMs > 0
      ? setInterval(async () => {
          try {
            await readyPromise;
            await runReconcile();
          } catch (error) {
            logger.error({ msg: 'reconciliation failed', error });
          }
        }, resolved.reconcileIntervalMs)
      : undefined;
  // Purging runs whatever the reconciliation setting: expired idempotency keys and rate
  // entries must not pile up on an instance that leaves reconciliation to another.
  const purgeTimer = setInterval(async () => {
    try {
      await readyPromise;
      await (await storePromise).purge(now(), now() - resolved.retentionMs);
    } catch (error) {
      logger.error({ msg: 'purge failed', error });
    }
  }, PURGE_EVERY_MS);
  // Never keep a process alive just for maintenance.
  for (const timer of [reconcileTimer, purgeTimer]) {
    (timer as { unref?: () => void } | undefined)?.unref?.();
  }

  const cors = (request: Request) =>
    corsHeaders(request.headers.get('origin'), resolved.allOrigins);

  const routes: Route[] = [
    {
      pattern: /^\/v1\/widgets\/([^/]+)$/,
      cors: true,
      methods: {
        GET: async (request, match, _info, headers) => getWidget(ctx, request, match[1]!, headers),
      },
    },
    {
      pattern: /^\/v1\/calls$/,
      cors: true,
      methods: {
        POST: async (request, _match, info, headers) =>
          createCall(ctx, request, clientIp(request, info.clientIp, resolved), headers),
      },
    },
    {
      pattern: /^\/v1\/calls\/([^/]+)$/,
      cors: true,
      methods: {
        GET: async (request, match, _info, headers) => {
          const call = await readCall(request, match[1]!);
          headers.set('content-type', 'application/json');
          headers.set('cache-control', 'no-store');
          return new Response(JSON.stringify(toPublicCall(call, resolved.publicBaseUrl)), {
            status: 200,
            headers,
          });
        },
      },
    },
    {
      pattern: /^\/v1\/calls\/([^/]+)\/events$/,
      cors: true,
      methods: {
        GET: async (request, match, info, headers) =>
          streamCallEvents(
            ctx,
            request,
            await readCall(request, match[1]!),
            headers,
            ipRateKey(clientIp(request, info.clientIp, resolved)),
          ),
      },
    },
    {
      pattern: /^\/v1\/exotel\/status-callback$/,
      cors: false,
      methods: { POST: async (request) => receiveStatusCallback(ctx, request) },
    },
    ...(resolved.health
      ? [
          {
            pattern: /^\/healthz$/,
            cors: false,
            duringShutdown: true,
            methods: {
              GET: async () => {
                let ok = !ctx.closing;
                if (ok)
                  ok = await storePromise
                    .then((s) => s.ping())
                    .then(
                      () => true,
                      () => false,
                    );
                return Response.json(
                  { status: ok ? 'ok' : 'unavailable' },
                  { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } },
                );
              },
            },
          } satisfies Route,
        ]
      : []),
  ];

  async function readCall(request: Request, rawId: string) {
    const id = decodePathSegment(rawId);
    const call = id && CALL_ID.test(id) ? await (await storePromise).getCall(id) : undefined;
    if (!call) throw new Problem('call_not_found', 'There is no call with this id.');
    const widget = resolved.widgets.get(call.widgetId);
    if (widget) checkOrigin(request, widget, false);
    else if (request.headers.get('origin'))
      throw new Problem('origin_not_allowed', 'This call may not be read from this origin.');
    return call;
  }

  const mountPath = (pathname: string) => {
    const base = resolved.basePath;
    if (base && (pathname === base || pathname.startsWith(`${base}/`)))
      return pathname.slice(base.length) || '/';
    return pathname;
  };
  const match = (pathname: string) => {
    const path = mountPath(pathname);
    for (const route of routes) {
      const m = route.pattern.exec(path);
      if (m) return { route, m };
    }
    return undefined;
  };

  let inFlight = 0;
  let drained: (() => void) | undefined;

  async function handle(request: Request, info: RequestInfo): Promise<Response> {
    const url = new URL(request.url);
    const found = match(url.pathname);
    const headers = found?.route.cors ? cors(request) : new Headers();
    try {
      if (!found) throw new Problem('not_found', 'There is no such endpoint.');
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
      if (error instanceof Problem) return error.toResponse(headers);
      if (isStoreUnavailable(error)) {
        // Redis (or another store's backend) is away: a retry, with the same Idempotency-Key
        // for a create, is safe, and Exotel retries its callbacks by itself.
        logger.warn({
          msg: 'store unavailable',
          method: request.method,
          path: url.pathname,
          reason: error.message,
        });
        return new Problem(
          'service_unavailable',
          'The service cannot reach its data store right now; try again shortly.',
          { retryAfterSeconds: 2 },
        ).toResponse(headers);
      }
      logger.error({ msg: 'request failed', method: request.method, path: url.pathname, error });
      return new Problem(
        'internal_error',
        'Something went wrong on the server; nothing was changed.',
      ).toResponse(headers);
    }
  }

  return {
    async fetch(request, info = {}) {
      const started = performance.now();
      inFlight += 1;
      let response: Response;
      try {
        response = await handle(request, info);
      } finally {
        inFlight -= 1;
        if (inFlight === 0) drained?.();
      }
      if (logRequests) {
        const url = new URL(request.url);
        logger.info({
          msg: 'request',
          method: request.method,
          path: url.pathname + url.search,
          status: response.status,
          durationMs: Math.round((performance.now() - started) * 10) / 10,
          ...(info.clientIp ? { ip: info.clientIp } : {}),
        });
      }
      return response;
    },
    handles(pathname) {
      return match(pathname) !== undefined;
    },
    ready: () => readyPromise,
    reconcile: () => readyPromise.then(() => runReconcile()),
    async close() {
      if (ctx.closing) return;
      ctx.closing = true;
      if (reconcileTimer) clearInterval(reconcileTimer);
      clearInterval(purgeTimer);
      for (const close of [...ctx.streams]) close();
      if (inFlight > 0) await new Promise<void>((resolve) => (drained = resolve));
      await reconciling?.catch(() => {});
      if (ownsStore)
        await storePromise.then(
          (s) => s.close(),
          () => {},
        );
    },
  };
}
