// Test doubles for the widget's two edges, fetch and EventSource, shared by the tests of
// @ringback/client and @ringback/react.

import type { Call, CallState, Widget } from '../../packages/client/src/types.js';
import { isFinal } from '../../packages/protocol/src/callStates.js';

export const ENDPOINT = 'https://shop.example.com/ringback';
export const CALL_ID = 'call_8Jq1b0Vx3mQe9cTzL2sYw4Rk';

export const WIDGET: Widget = {
  id: 'support',
  countries: ['IN'],
  defaultCountry: 'IN',
  numberTypes: ['mobile', 'fixed-line'],
  open: true,
  nextOpening: null,
  closesAt: null,
  timeZone: null,
  verification: null,
  labels: {},
};

export function call(state: CallState, extra: Partial<Call> = {}): Call {
  return {
    id: CALL_ID,
    widgetId: 'support',
    state,
    final: isFinal(state),
    createdAt: '2026-11-27T13:42:04.000Z',
    updatedAt: '2026-11-27T13:42:04.512Z',
    conversationSeconds: state === 'completed' ? 41 : null,
    attempt: 1,
    maxAttempts: 1,
    agentName: null,
    dialAt: null,
    links: {
      self: `${ENDPOINT}/v1/calls/${CALL_ID}`,
      events: `${ENDPOINT}/v1/calls/${CALL_ID}/events`,
    },
    ...extra,
  };
}

export const json = (body: unknown, status = 200, headers: Record<string, string> = {}) =>
  new Response(JSON.stringify(body), {
    status,
    headers: { 'Content-Type': 'application/json', ...headers },
  });

export const problem = (
  code: string,
  status: number,
  extra: Record<string, unknown> = {},
  headers: Record<string, string> = {},
) =>
  new Response(
    JSON.stringify({
      type: `https://ringback.dev/problems/${code}`,
      title: code,
      status,
      detail: `detail of ${code}`,
      code,
      ...extra,
    }),
    { status, headers: { 'Content-Type': 'application/problem+json', ...headers } },
  );

type Answer = Response | Error | ((request: Request) => Response | Promise<Response>);

/**
 * A fetch that answers the widget config from `widget` and everything else from
 * per-route queues; each request is recorded with its body.
 */
export function fakeProxy(widget: Widget | Answer = WIDGET) {
  const requests: { method: string; url: string; headers: Headers; body: unknown }[] = [];
  const queues = {
    create: [] as Answer[],
    get: [] as Answer[],
    cancel: [] as Answer[],
    widget: [] as Answer[],
    slots: [] as Answer[],
  };
  const answer = async (next: Answer | undefined, request: Request) => {
    if (!next) throw new Error(`nothing queued for ${request.method} ${request.url}`);
    if (next instanceof Error) throw next;
    return typeof next === 'function' ? next(request) : next;
  };
  const fetch = async (request: Request): Promise<Response> => {
    const text = request.method === 'POST' ? await request.clone().text() : '';
    requests.push({
      method: request.method,
      url: request.url,
      headers: request.headers,
      body: text ? JSON.parse(text) : undefined,
    });
    const path = new URL(request.url).pathname.replace('/ringback', '');
    if (path.endsWith('/slots')) return answer(queues.slots.shift(), request);
    if (path.startsWith('/v1/widgets/')) {
      if (queues.widget.length) return answer(queues.widget.shift(), request);
      return widget instanceof Response || widget instanceof Error || typeof widget === 'function'
        ? answer(widget, request)
        : json(widget, 200, { 'Cache-Control': 'public, max-age=60' });
    }
    if (path === '/v1/calls' && request.method === 'POST')
      return answer(queues.create.shift(), request);
    if (path.startsWith('/v1/calls/') && request.method === 'DELETE')
      return answer(queues.cancel.shift(), request);
    if (path.startsWith('/v1/calls/')) return answer(queues.get.shift(), request);
    throw new Error(`unexpected ${request.method} ${request.url}`);
  };
  const creates = () => requests.filter((r) => r.method === 'POST');
  const cancels = () => requests.filter((r) => r.method === 'DELETE');
  return { fetch, requests, queues, creates, cancels };
}

/** A `Storage` in memory, for sessions that keep their call across reloads. */
export function memoryStorage(entries: Record<string, string> = {}) {
  const items = new Map(Object.entries(entries));
  return {
    items,
    getItem: (key: string) => items.get(key) ?? null,
    setItem: (key: string, value: string) => void items.set(key, String(value)),
    removeItem: (key: string) => void items.delete(key),
  };
}

type Listener = (event: MessageEvent<string>) => void;

/** A scriptable EventSource: tests open, feed, drop and refuse streams by hand. */
export class FakeEventSource {
  static readonly CONNECTING = 0;
  static readonly OPEN = 1;
  static readonly CLOSED = 2;
  static instances: FakeEventSource[] = [];
  static get last(): FakeEventSource {
    return FakeEventSource.instances.at(-1)!;
  }

  readonly url: string;
  readyState = 0;
  onopen: ((event: Event) => void) | null = null;
  onerror: ((event: Event) => void) | null = null;
  private listeners = new Map<string, Listener[]>();

  constructor(url: string | URL) {
    this.url = String(url);
    FakeEventSource.instances.push(this);
  }

  addEventListener(type: string, listener: Listener) {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }

  close() {
    this.readyState = 2;
  }

  open() {
    this.readyState = 1;
    this.onopen?.(new Event('open'));
  }

  /** Delivers `event: state` with `id` and the call as `data`. */
  emit(data: Call | string, id: string) {
    const event = new MessageEvent('state', {
      data: typeof data === 'string' ? data : JSON.stringify(data),
      lastEventId: id,
    });
    for (const listener of this.listeners.get('state') ?? []) listener(event);
  }

  /** The connection drops; the browser will reconnect by itself. */
  drop() {
    this.readyState = 0;
    this.onerror?.(new Event('error'));
  }

  /** The browser gives up (HTTP error, wrong content type). */
  refuse() {
    this.readyState = 2;
    this.onerror?.(new Event('error'));
  }
}
