import { createAdminRoutes } from '../admin/adminRoutes.js';
import { acceptCall } from '../calls/acceptCall.js';
import { streamCallEvents } from '../calls/callEvents.js';
import { cancelCall } from '../calls/cancelCall.js';
import { readCall } from '../calls/readCall.js';
import type { RequestInfo, ServerContext } from '../calls/ServerContext.js';
import { receiveStatusCallback } from '../calls/statusCallback.js';
import { toPublicCall } from '../domain/publicCall.js';
import type { CallRecord } from '../domain/Store.js';
import { BufferedResponse } from '../generated/nodeBridge/BufferedResponse.js';
import { clientIp } from '../http/clientIp.js';
import { ipRateKey } from '../policies/ipRateKey.js';
import { getWidget } from '../widgets/getWidget.js';
import { listSlots } from '../widgets/listSlots.js';

export type Handler = (
  request: Request,
  match: RegExpExecArray,
  info: RequestInfo,
  headers: Headers,
) => Promise<Response>;

export interface Route {
  pattern: RegExp;
  methods: Record<string, Handler>;
  /** Browser-facing: CORS headers and preflights. */
  cors: boolean;
  /** Answered while shutting down too (health checks must see the shutdown). */
  duringShutdown?: boolean;
}

/** The proxy's routes (spec/ringback.yaml), after the mount path. */
export function createRoutes(ctx: ServerContext): Route[] {
  const { config } = ctx;
  const callResponse = (call: CallRecord, headers: Headers) => {
    headers.set('content-type', 'application/json');
    headers.set('cache-control', 'no-store');
    return new BufferedResponse(JSON.stringify(toPublicCall(call, config.publicBaseUrl)), {
      status: 200,
      headers,
    });
  };
  const visitorIp = (request: Request, info: RequestInfo) =>
    clientIp(request, info.clientIp, config);
  return [
    {
      pattern: /^\/v1\/widgets\/([^/]+)$/,
      cors: true,
      methods: {
        GET: async (request, match, _info, headers) => getWidget(ctx, request, match[1]!, headers),
      },
    },
    {
      pattern: /^\/v1\/widgets\/([^/]+)\/slots$/,
      cors: true,
      methods: {
        GET: async (request, match, _info, headers) => listSlots(ctx, request, match[1]!, headers),
      },
    },
    {
      pattern: /^\/v1\/calls$/,
      cors: true,
      methods: {
        POST: async (request, _match, info, headers) =>
          acceptCall(ctx, request, visitorIp(request, info), headers),
      },
    },
    {
      pattern: /^\/v1\/calls\/([^/]+)$/,
      cors: true,
      methods: {
        GET: async (request, match, _info, headers) =>
          callResponse(await readCall(ctx, request, match[1]!), headers),
        DELETE: async (request, match, _info, headers) =>
          callResponse(await cancelCall(ctx, request, match[1]!), headers),
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
            await readCall(ctx, request, match[1]!),
            headers,
            ipRateKey(visitorIp(request, info)),
          ),
      },
    },
    {
      pattern: /^\/v1\/exotel\/status-callback$/,
      cors: false,
      methods: { POST: async (request) => receiveStatusCallback(ctx, request) },
    },
    ...(config.health ? [healthRoute(ctx)] : []),
    // The operator API and console: only with `console`, never with CORS, and sharing
    // nothing with the routes above (a session opens no call; a call id or cancel token
    // opens nothing here).
    ...createAdminRoutes(ctx),
  ];
}

function healthRoute(ctx: ServerContext): Route {
  return {
    pattern: /^\/healthz$/,
    cors: false,
    duringShutdown: true,
    methods: {
      GET: async () => {
        const ok =
          !ctx.closing &&
          (await ctx
            .store()
            .then((s) => s.ping())
            .then(
              () => true,
              () => false,
            ));
        return Response.json(
          { status: ok ? 'ok' : 'unavailable' },
          { status: ok ? 200 : 503, headers: { 'cache-control': 'no-store' } },
        );
      },
    },
  };
}

/** The route for a path, with the mount path of `publicBaseUrl` removed if present. */
export function matchRoute(
  routes: readonly Route[],
  basePath: string,
  pathname: string,
): { route: Route; m: RegExpExecArray } | undefined {
  const path =
    basePath && (pathname === basePath || pathname.startsWith(`${basePath}/`))
      ? pathname.slice(basePath.length) || '/'
      : pathname;
  for (const route of routes) {
    const m = route.pattern.exec(path);
    if (m) return { route, m };
  }
  return undefined;
}

/**
 * For a path no route matches: the prefix it would match under, if it is one of the
 * proxy's paths behind another mount point (the proxy mounted at `/ringback` while
 * `publicBaseUrl` has no path, or the other way round), so the 404 can say so.
 */
export function mountMismatch(routes: readonly Route[], pathname: string): string | undefined {
  const parts = pathname.split('/');
  for (let i = 2; i < parts.length; i++) {
    const rest = `/${parts.slice(i).join('/')}`;
    if (routes.some((route) => route.pattern.test(rest))) return parts.slice(0, i).join('/');
  }
  return undefined;
}
