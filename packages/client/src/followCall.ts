import type { CallSessionError } from './CallSessionError.js';
import type { ProxyApi } from './createProxyApi.js';
import type { Call } from './types.js';

/** How live status reaches the session. */
export type CallTransport = 'sse' | 'polling';

export interface FollowCallOptions {
  api: ProxyApi;
  /** The proxy's endpoint, without a trailing slash. */
  endpoint: string;
  callId: string;
  /** `null` (or no global `EventSource`) means polling only. */
  EventSource: typeof EventSource | null;
  pollIntervalMs: number;
  onCall(call: Call): void;
  onTransport(transport: CallTransport): void;
  /** A problem that following cannot get past (the call is gone). */
  onError(error: CallSessionError): void;
  /** `true` once status has stopped arriving for `RECONNECT_GRACE_MS`; `false` when it is back. */
  onConnection(reconnecting: boolean): void;
}

/** Connection failures in a row after which SSE is given up for polling. */
const SSE_ATTEMPTS = 3;
/** A fresh stream sends the current state at once; silence this long means a buffering proxy. */
const FIRST_EVENT_TIMEOUT_MS = 10_000;
const MAX_DELAY_MS = 30_000;
/**
 * A stream that drops and reconnects within this is a blip the visitor need not hear
 * of; after it, the widget says it is reconnecting rather than keep showing a stage
 * that may be over.
 */
const RECONNECT_GRACE_MS = 2000;

/**
 * Follows a call over Server-Sent Events, resuming after drops with the last event id,
 * and falls back to polling `GET /v1/calls/{id}` when EventSource is missing, refused
 * or silent. Stops at the final state or when the returned function is called.
 */
export function followCall(options: FollowCallOptions): () => void {
  const { api, callId, pollIntervalMs, onCall, onTransport, onError, onConnection } = options;
  let stopped = false;
  let source: EventSource | undefined;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let abort: AbortController | undefined;
  let lastEventId = '';
  let failures = 0;
  let grace: ReturnType<typeof setTimeout> | undefined;
  let down = false;

  /** Status stopped arriving: say so unless it comes back within the grace. */
  const lost = () => {
    if (stopped) return;
    grace ??= setTimeout(() => {
      down = true;
      onConnection(true);
    }, RECONNECT_GRACE_MS);
  };
  /** An answer came: the connection is back. */
  const back = () => {
    clearTimeout(grace);
    grace = undefined;
    if (down) {
      down = false;
      onConnection(false);
    }
  };
  const later = (fn: () => void, ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(fn, Math.min(ms, MAX_DELAY_MS));
  };
  const stop = () => {
    stopped = true;
    clearTimeout(timer);
    clearTimeout(grace);
    source?.close();
    abort?.abort();
  };
  const receive = (call: Call) => {
    if (stopped) return;
    back();
    onCall(call);
    if (call.final) stop();
  };

  const poll = async (): Promise<void> => {
    abort = new AbortController();
    try {
      const { data, error } = await api.getCall(callId, abort.signal);
      if (data) {
        failures = 0;
        receive(data);
      } else if (error.code === 'call_not_found' && !stopped) {
        stop();
        return onError(error);
      } else {
        failures++;
        lost();
      }
    } catch {
      failures++;
      lost();
    }
    if (!stopped) later(poll, pollIntervalMs * 2 ** Math.min(failures, 4));
  };
  const startPolling = () => {
    source?.close();
    source = undefined;
    failures = 0;
    onTransport('polling');
    void poll();
  };

  const connect = () => {
    const ES = options.EventSource!;
    const query = lastEventId ? `?lastEventId=${encodeURIComponent(lastEventId)}` : '';
    const es = new ES(`${options.endpoint}/v1/calls/${encodeURIComponent(callId)}/events${query}`);
    source = es;
    es.onopen = () => {
      failures = 0;
      back();
      if (!lastEventId) later(startPolling, FIRST_EVENT_TIMEOUT_MS);
    };
    es.addEventListener('state', (event) => {
      clearTimeout(timer);
      const message = event as MessageEvent<string>;
      if (message.lastEventId) lastEventId = message.lastEventId;
      try {
        receive(JSON.parse(message.data) as Call);
      } catch {
        // A garbled event: the next one, or polling, brings the state.
      }
    });
    es.onerror = () => {
      if (stopped || source !== es) return;
      clearTimeout(timer);
      lost();
      // CONNECTING (0): the browser reconnects by itself and sends Last-Event-ID.
      // CLOSED (2): it gave up (an HTTP error or a wrong content type): we reconnect.
      if (++failures >= SSE_ATTEMPTS) return startPolling();
      if (es.readyState === 2) later(connect, 1000 * 2 ** failures);
    };
  };

  if (options.EventSource) {
    onTransport('sse');
    connect();
  } else startPolling();
  return stop;
}
