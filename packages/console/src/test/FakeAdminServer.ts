import type {
  AdminAgent,
  AdminCall,
  AdminCallDetail,
  AdminSession,
  AdminStats,
  AuditEntry,
  OperatorRole,
  Problem,
} from '../api/types.js';
import { FakeEventSource } from './FakeEventSource.js';
import { AGENTS, callId, makeDetail, makeStats } from './fixtures.js';

export const EMAIL = 'meera@shop.example.com';
export const PASSWORD = 'correct horse battery staple';
export const CSRF = 'csrf-9f8e7d6c5b4a';

/** A request the fake server answered, as it arrived. */
export interface Seen {
  method: string;
  path: string;
  query: URLSearchParams;
  headers: Headers;
  body: unknown;
}

const json = (status: number, body: unknown, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

const problem = (status: number, code: Problem['code'], extra: Partial<Problem> = {}) =>
  new Response(
    JSON.stringify({
      type: `https://ringback.dev/problems/${code}`,
      title: code,
      status,
      detail: `The fake server says ${code}.`,
      code,
      ...extra,
    }),
    {
      status,
      headers: {
        'Content-Type': 'application/problem+json',
        ...(extra.retryAfterSeconds ? { 'Retry-After': String(extra.retryAfterSeconds) } : {}),
      },
    },
  );

/**
 * The operator API as `spec/ringback.yaml` describes it, in memory: sessions with CSRF
 * tokens and roles, calls with filters and cursors, call-backs, agents, stats, webhook
 * re-sends and the audit log, and an event stream the test pushes calls into.
 */
export class FakeAdminServer {
  readonly mount: string;
  seen: Seen[] = [];
  session: AdminSession | null;
  calls: AdminCall[];
  details = new Map<string, AdminCallDetail>();
  agents: AdminAgent[] = structuredClone(AGENTS);
  stats: AdminStats = makeStats();
  audit: AuditEntry[] = [];
  /** Answer log-ins with `rate_limited` and this `retryAfterSeconds`. */
  throttleLogIn: number | null = null;
  streams: FakeEventSource[] = [];

  constructor({
    role = 'operator',
    signedIn = true,
    calls = [],
    mount = 'http://localhost:3000/ringback/',
  }: { role?: OperatorRole; signedIn?: boolean; calls?: AdminCall[]; mount?: string } = {}) {
    this.mount = mount;
    this.role = role;
    this.session = signedIn ? this.#newSession() : null;
    this.calls = calls;
  }

  role: OperatorRole;

  #newSession(): AdminSession {
    return {
      email: EMAIL,
      role: this.role,
      csrfToken: CSRF,
      expiresAt: '2027-03-10T18:00:00.000Z',
    };
  }

  /** Every request to `path` (`/v1/admin/…`), optionally with `method`. */
  requests(path: string, method?: string): Seen[] {
    return this.seen.filter((r) => r.path === path && (!method || r.method === method));
  }

  /** The session ends on the server (expired, revoked). */
  endSession() {
    this.session = null;
  }

  /** Streams `call` as `event: call` to every open stream, and keeps it. */
  push(call: AdminCall) {
    const at = this.calls.findIndex((known) => known.id === call.id);
    if (at >= 0) this.calls[at] = call;
    else this.calls.unshift(call);
    for (const stream of this.streams) if (stream.readyState === 1) stream.send('call', call);
  }

  createEventSource = (url: string): FakeEventSource => {
    const stream = new FakeEventSource(url);
    this.streams.push(stream);
    queueMicrotask(() => (this.session ? stream.open() : stream.refuse()));
    return stream;
  };

  fetch = async (request: Request): Promise<Response> => {
    const url = new URL(request.url);
    if (!url.href.startsWith(this.mount)) return problem(404, 'not_found');
    const path = `/${url.pathname.slice(new URL(this.mount).pathname.length)}`;
    const text = await request.text();
    const seen: Seen = {
      method: request.method,
      path,
      query: url.searchParams,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    };
    this.seen.push(seen);
    return this.#route(seen);
  };

  #route({ method, path, query, headers, body }: Seen): Response {
    if (path === '/v1/admin/session' && method === 'POST') {
      if (this.throttleLogIn) {
        return problem(429, 'rate_limited', {
          limit: 'login',
          retryAfterSeconds: this.throttleLogIn,
        });
      }
      const { email, password } = body as { email: string; password: string };
      if (email !== EMAIL || password !== PASSWORD) return problem(401, 'invalid_credentials');
      this.session = this.#newSession();
      return json(200, this.session, { 'Cache-Control': 'no-store' });
    }
    if (!this.session) return problem(401, 'unauthenticated');
    const mutation = method !== 'GET';
    if (mutation && headers.get('X-CSRF-Token') !== this.session.csrfToken) {
      return problem(403, 'csrf_failed');
    }
    const operator = this.session.role !== 'viewer';

    if (path === '/v1/admin/session') {
      if (method === 'GET') return json(200, this.session);
      this.session = null;
      return new Response(null, { status: 204 });
    }
    if (path === '/v1/admin/calls' && method === 'GET') return json(200, this.#page(query));
    const detail = /^\/v1\/admin\/calls\/(call_[\w-]+)$/.exec(path);
    if (detail && method === 'GET') {
      const call = this.calls.find((c) => c.id === detail[1]);
      if (!call) return problem(404, 'call_not_found');
      return json(200, { ...(this.details.get(call.id) ?? makeDetail(call)), ...call });
    }
    const callBack = /^\/v1\/admin\/calls\/(call_[\w-]+)\/callback$/.exec(path);
    if (callBack && method === 'POST') {
      if (!operator) return problem(403, 'role_forbidden');
      if (!headers.get('Idempotency-Key')) return problem(400, 'idempotency_key_required');
      const lead = this.calls.find((c) => c.id === callBack[1]);
      if (!lead) return problem(404, 'call_not_found');
      const call: AdminCall = {
        ...lead,
        id: callId(),
        state: 'requested',
        final: false,
        createdAt: new Date().toISOString(),
        updatedAt: new Date().toISOString(),
        attempt: 0,
        conversationSeconds: null,
        missedReason: null,
        callbackOf: lead.id,
      };
      this.calls.unshift(call);
      return json(202, call);
    }
    if (path === '/v1/admin/agents' && method === 'GET') return json(200, { agents: this.agents });
    const availability = /^\/v1\/admin\/agents\/([\w-]+)\/availability$/.exec(path);
    if (availability && method === 'PUT') {
      if (!operator) return problem(403, 'role_forbidden');
      const agent = this.agents.find((a) => a.id === availability[1]);
      if (!agent) return problem(404, 'agent_not_found');
      agent.availability = (body as { availability: AdminAgent['availability'] }).availability;
      return json(200, agent);
    }
    if (path === '/v1/admin/stats' && method === 'GET') {
      if (!query.get('from') || !query.get('to')) return problem(400, 'invalid_body');
      return json(200, this.stats);
    }
    const redeliver = /^\/v1\/admin\/webhook-deliveries\/([\w-]+)\/redeliver$/.exec(path);
    if (redeliver && method === 'POST') {
      if (!operator) return problem(403, 'role_forbidden');
      for (const call of this.calls) {
        const found = (this.details.get(call.id) ?? makeDetail(call)).webhookDeliveries.find(
          (d) => d.id === redeliver[1],
        );
        if (found)
          return json(200, { ...found, state: 'pending', nextAttemptAt: new Date().toISOString() });
      }
      return problem(404, 'delivery_not_found');
    }
    if (path === '/v1/admin/audit' && method === 'GET') {
      if (this.session.role !== 'admin') return problem(403, 'role_forbidden');
      return json(200, { entries: this.audit, nextCursor: null });
    }
    return problem(404, 'not_found');
  }

  /** `listAdminCalls`: filters, order, and a cursor that is the next index. */
  #page(query: URLSearchParams) {
    const states = query.getAll('state');
    const phone = query.get('phone');
    const from = query.get('from');
    const to = query.get('to');
    let calls = this.calls.filter(
      (call) =>
        (!states.length ||
          states.some((s) => (s === 'missed' ? call.missedReason !== null : call.state === s))) &&
        (!query.get('widgetId') || call.widgetId === query.get('widgetId')) &&
        (!phone || call.phone.replace(/\D/g, '').includes(phone)) &&
        (!from || call.createdAt >= from) &&
        (!to || call.createdAt < to),
    );
    calls = calls.toSorted((a, b) => b.createdAt.localeCompare(a.createdAt));
    if (query.get('order') === 'oldest') calls.reverse();
    const start = Number(query.get('cursor') ?? 0);
    const limit = Number(query.get('limit') ?? 50);
    const end = start + limit;
    return { calls: calls.slice(start, end), nextCursor: end < calls.length ? String(end) : null };
  }
}
