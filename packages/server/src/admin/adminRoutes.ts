// The operator API (`/v1/admin/*`, spec tag `Operators`) and the console's files
// (`/console/`): routes only when `console` is configured. Each operation names the least
// role it needs in one place, below; `guarded` authenticates, checks the CSRF proof of a
// cookie-made change, the role, and writes the audit record of audited actions.
import type { RequestInfo, ServerContext } from '../calls/ServerContext.js';
import type { OperatorRole } from '../domain/consoleSchema.js';
import { Problem } from '../domain/problem.js';
import type { ResolvedConsole } from '../domain/ResolvedConfig.js';
import type { Store } from '../domain/Store.js';
import { isStoreUnavailable } from '../domain/StoreUnavailableError.js';
import { clientIp } from '../http/clientIp.js';
import { streamAdminEvents } from './adminEvents.js';
import { agentOfPath, listAdminAgents, setAdminAgentAvailability } from './agents.js';
import { type AuditAction, audit } from './audit.js';
import { listAdminAudit } from './auditLog.js';
import { authenticate, checkCsrf, type Operator, requireRole } from './authenticate.js';
import { callBack, operatorPolicies } from './callBack.js';
import { exportAdminCalls, getAdminCall, json, listAdminCalls } from './calls.js';
import { consoleFiles, redirectToConsole, serveConsoleFile } from './consoleAssets.js';
import { deliveryOfPath, listAdminDeliveries, redeliverAdminDelivery } from './deliveries.js';
import { logIn, sessionBody } from './session.js';
import { clearedSessionCookie } from './sessionCookie.js';
import { getAdminStats } from './stats.js';
import { toAdminCall } from './toAdminCall.js';

/** A route as `server/routes.ts` takes it (declared here, so this layer imports nothing above it). */
export interface AdminRoute {
  pattern: RegExp;
  methods: Record<
    string,
    (
      request: Request,
      match: RegExpExecArray,
      info: RequestInfo,
      headers: Headers,
    ) => Promise<Response>
  >;
  cors: false;
}

/** What an authenticated operator's request hands its handler. */
interface Authorized {
  request: Request;
  match: RegExpExecArray;
  headers: Headers;
  operator: Operator;
  store: Store;
  ip: string;
}

interface Guard {
  /** The least role. */
  role: OperatorRole;
  /** Audited: the action and what it acts on (from the path). */
  audit?: { action: AuditAction; target?: (match: RegExpExecArray) => string };
}

/** The operator API's routes and the console's; none without `console`. */
export function createAdminRoutes(ctx: ServerContext): AdminRoute[] {
  const console = ctx.config.console;
  if (!console) return [];
  const { config } = ctx;
  const ownOrigin = new URL(config.publicBaseUrl).origin;
  const policies = operatorPolicies(ctx.policies);
  const files = consoleFiles(console.assetsDir);
  const streams = { open: 0 };
  const ipOf = (request: Request, info: RequestInfo) =>
    clientIp(request, info.clientIp, config) ?? 'unknown';

  const guarded =
    (guard: Guard, handler: (a: Authorized) => Promise<Response>): AdminRoute['methods'][string] =>
    async (request, match, info, headers) => {
      headers.set('cache-control', 'no-store');
      const store = await ctx.store();
      const operator = await authenticate(request, console, store, ctx.now());
      const ip = ipOf(request, info);
      const record = async (outcome: string) => {
        if (!guard.audit) return;
        await audit(store, ctx.logger, ctx.now(), {
          actor: operator.actor,
          role: operator.role,
          action: guard.audit.action,
          target: guard.audit.target?.(match).slice(0, 128) ?? null,
          ip,
          outcome,
        });
      };
      let response: Response;
      try {
        checkCsrf(request, operator, ownOrigin);
        requireRole(operator, guard.role);
        response = await handler({ request, match, headers, operator, store, ip });
      } catch (error) {
        const code =
          error instanceof Problem
            ? error.code
            : isStoreUnavailable(error)
              ? 'service_unavailable'
              : 'internal_error';
        await record(code);
        throw error;
      }
      await record('ok');
      return response;
    };

  const route = (pattern: RegExp, methods: AdminRoute['methods']): AdminRoute => ({
    pattern,
    methods,
    cors: false,
  });
  const raw = (match: RegExpExecArray) => match[1]!;

  return [
    route(/^\/v1\/admin\/session$/, {
      GET: guarded({ role: 'viewer' }, async ({ operator, headers }) =>
        json(sessionBody(operator), headers),
      ),
      POST: async (request, _match, info, headers) =>
        logIn(
          {
            config,
            console,
            store: await ctx.store(),
            logger: ctx.logger,
            now: ctx.now,
            ownOrigin,
          },
          request,
          ipOf(request, info),
          headers,
        ),
      DELETE: guarded(
        { role: 'viewer', audit: { action: 'log-out' } },
        async ({ operator, store, headers }) => {
          if (!operator.session)
            throw new Problem(
              'unauthenticated',
              'An API token has no session to end; remove it from console.apiTokens to revoke it.',
            );
          await store.deleteSession(operator.session.id);
          headers.set('set-cookie', clearedSessionCookie(config));
          return new Response(null, { status: 204, headers });
        },
      ),
    }),
    route(/^\/v1\/admin\/calls$/, {
      GET: guarded({ role: 'viewer' }, ({ store, request, headers }) =>
        listAdminCalls(store, request, headers),
      ),
    }),
    route(/^\/v1\/admin\/calls\.csv$/, {
      GET: guarded(
        { role: 'viewer', audit: { action: 'export-calls' } },
        async ({ store, request, headers }) => exportAdminCalls(store, config, request, headers),
      ),
    }),
    route(/^\/v1\/admin\/calls\/([^/]+)$/, {
      GET: guarded({ role: 'viewer' }, ({ store, match, headers }) =>
        getAdminCall(store, raw(match), headers),
      ),
    }),
    route(/^\/v1\/admin\/calls\/([^/]+)\/callback$/, {
      POST: guarded(
        { role: 'operator', audit: { action: 'call-back', target: raw } },
        async ({ store, request, match, operator, headers }) => {
          const call = await callBack(ctx, store, request, raw(match), operator.actor, policies);
          headers.set('location', `${config.publicBaseUrl}/v1/admin/calls/${call.id}`);
          return json(toAdminCall(call), headers, 202);
        },
      ),
    }),
    route(/^\/v1\/admin\/stats$/, {
      GET: guarded({ role: 'viewer' }, ({ store, request, headers }) =>
        getAdminStats(store, config, console, request, headers),
      ),
    }),
    route(/^\/v1\/admin\/agents$/, {
      GET: guarded({ role: 'viewer' }, ({ headers }) => listAdminAgents(ctx, headers)),
    }),
    route(/^\/v1\/admin\/agents\/([^/]+)\/availability$/, {
      PUT: guarded(
        { role: 'operator', audit: { action: 'set-availability', target: raw } },
        ({ request, match, headers }) =>
          setAdminAgentAvailability(ctx, request, agentOfPath(raw(match)), headers),
      ),
    }),
    route(/^\/v1\/admin\/events$/, {
      GET: guarded({ role: 'viewer' }, async ({ request, store, operator, headers }) =>
        streamAdminEvents(ctx, store, request, headers, streams, () =>
          stillSignedIn(request, console, store, operator, ctx.now()),
        ),
      ),
    }),
    route(/^\/v1\/admin\/webhook-deliveries$/, {
      GET: guarded({ role: 'viewer' }, ({ store, request, headers }) =>
        listAdminDeliveries(store, request, headers),
      ),
    }),
    route(/^\/v1\/admin\/webhook-deliveries\/([^/]+)\/redeliver$/, {
      POST: guarded(
        { role: 'operator', audit: { action: 'redeliver-webhook', target: raw } },
        ({ request, match, headers }) =>
          redeliverAdminDelivery(ctx, request, deliveryOfPath(raw(match)), headers),
      ),
    }),
    route(/^\/v1\/admin\/audit$/, {
      GET: guarded({ role: 'admin' }, ({ store, request, headers }) =>
        listAdminAudit(store, request, headers),
      ),
    }),
    route(/^\/console$/, {
      GET: async (_request, _match, _info, headers) => redirectToConsole(config, headers),
      HEAD: async (_request, _match, _info, headers) => redirectToConsole(config, headers),
    }),
    route(/^\/console\/(.*)$/, {
      GET: async (request, match, _info, headers) =>
        serveConsoleFile(files, request, raw(match), headers),
      HEAD: async (request, match, _info, headers) =>
        serveConsoleFile(files, request, raw(match), headers),
    }),
  ];
}

/** Whether an open stream's operator may still read: their session lives and they are still configured. */
async function stillSignedIn(
  request: Request,
  console: ResolvedConsole,
  store: Store,
  operator: Operator,
  now: number,
): Promise<boolean> {
  try {
    const again = await authenticate(request, console, store, now);
    return again.actor === operator.actor;
  } catch {
    return false;
  }
}
