import type { CallSessionOptions } from './CallSession.js';
import { createProxyApi, type ProxyResult } from './createProxyApi.js';
import { networkError } from './errorFromResponse.js';
import { type FollowCallOptions, followCall } from './followCall.js';
import { newIdempotencyKey } from './newIdempotencyKey.js';
import type { Call, CreateCallRequest, SlotList, Widget } from './types.js';

/**
 * Everything a session sends and receives, with the rules for doing it safely; the
 * session decides what the answers mean.
 */
export interface SessionTransport {
  /** Reads the widget's configuration; rejects when no answer came. */
  getWidget(): Promise<ProxyResult<Widget>>;
  /** Reads the free callback slots; rejects when no answer came. */
  listSlots(days?: number): Promise<ProxyResult<SlotList>>;
  /**
   * Asks for the call. An attempt that got no answer is resent with the same
   * Idempotency-Key, so the server never dials twice, and so is the same request made
   * again after such an attempt; `undefined` once `current()` says the attempt was
   * dropped (reset, canceled, disposed).
   */
  createCall(
    body: CreateCallRequest,
    current: () => boolean,
  ): Promise<ProxyResult<Call> | undefined>;
  /** Reads a call once (to resume following it after a reload); rejects when no answer came. */
  getCall(callId: string): Promise<ProxyResult<Call>>;
  /** Cancels a held call with its cancel token; rejects when no answer came. */
  cancelCall(callId: string, cancelToken: string): Promise<ProxyResult<Call>>;
  /** Follows a call live (see `followCall`); returns the function that stops it. */
  follow(
    callId: string,
    handlers: Pick<FollowCallOptions, 'onCall' | 'onTransport' | 'onError' | 'onConnection'>,
  ): () => void;
  /** Aborts every request in flight, and any made later: the session is over. */
  abort(): void;
}

/**
 * @param wait Starts the pause before a resend, so the session's timers own it (a
 *   session that pauses or is disposed cancels it).
 */
export function createSessionTransport(
  options: CallSessionOptions,
  wait: (at: Date, then: () => void) => void,
): SessionTransport {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const api = createProxyApi(endpoint, options.fetch);
  const makeKey = options.idempotencyKey ?? newIdempotencyKey;
  const abort = new AbortController();
  /** The attempt whose outcome is unknown: a resend of the same body must reuse its key. */
  let unsettled: { key: string; body: string } | undefined;

  return {
    getWidget: () => api.getWidget(options.widgetId, abort.signal),
    listSlots: (days) => api.listSlots(options.widgetId, days, abort.signal),

    async createCall(body, current) {
      // A verification token is single-use, so a resend carries a new one: not part of "the same".
      const { verificationToken, ...request } = body;
      const same = JSON.stringify(request);
      const key = unsettled?.body === same ? unsettled.key : makeKey();
      unsettled = { key, body: same };
      for (let tries = 0; ; tries++) {
        try {
          const result = await api.createCall(body, key, abort.signal);
          if (!current()) return;
          const { error } = result;
          // Only an answer that is not the proxy's (a gateway's 502/504) leaves the outcome unknown.
          if (error?.code !== 'unexpected_response' || error.status! < 500) {
            unsettled = undefined;
          }
          return result;
        } catch (cause) {
          if (!current()) return;
          if (tries >= (options.networkRetries ?? 2)) return { error: networkError(cause) };
          await new Promise<void>((resolve) =>
            wait(new Date(Date.now() + 1000 * 2 ** tries), resolve),
          );
          if (!current()) return;
        }
      }
    },

    getCall: (callId) => api.getCall(callId, abort.signal),
    cancelCall: (callId, cancelToken) => api.cancelCall(callId, cancelToken, abort.signal),

    follow: (callId, handlers) =>
      followCall({
        api,
        endpoint,
        callId,
        EventSource:
          options.EventSource === undefined ? globalThis.EventSource : options.EventSource,
        pollIntervalMs: options.pollIntervalMs ?? 2000,
        ...handlers,
      }),

    abort: () => abort.abort(),
  };
}
