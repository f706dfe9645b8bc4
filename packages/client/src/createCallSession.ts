import { CallSessionError } from './CallSessionError.js';
import { createProxyApi } from './createProxyApi.js';
import { networkError } from './errorFromResponse.js';
import { type CallTransport, followCall } from './followCall.js';
import { newIdempotencyKey } from './newIdempotencyKey.js';
import { type ParsedPhoneNumber, parsePhoneNumber } from './parsePhoneNumber.js';
import type { PhoneRules } from './phoneRule.js';
import {
  type Call,
  type CallSessionStatus,
  type CreateCallRequest,
  isFinal,
  type Verification,
  type Widget,
} from './types.js';

export interface CallSessionOptions {
  /** Where the proxy is mounted, e.g. `https://shop.example.com/ringback`. */
  endpoint: string;
  /** The widget id configured on the server. */
  widgetId: string;
  /** @default globalThis.fetch, looked up on each request */
  fetch?: (input: Request) => Promise<Response>;
  /** `null` follows calls by polling only. @default globalThis.EventSource */
  EventSource?: typeof EventSource | null;
  /**
   * Returns a token from the widget's human-verification challenge (Turnstile,
   * hCaptcha, reCAPTCHA), which the host page renders. Called when the widget
   * requires verification and `submit()` got no token.
   */
  getVerificationToken?: (verification: Verification) => string | Promise<string>;
  /** Between status reads when polling. @default 2000 */
  pollIntervalMs?: number;
  /** Resends of a create request that got no answer, with the same Idempotency-Key. @default 2 */
  networkRetries?: number;
  /** Makes Idempotency-Keys. @default crypto.randomUUID */
  idempotencyKey?: () => string;
  /**
   * Numbering rules for formatting and checking numbers in the browser, e.g.
   * `{ IN, AE, GB }` from `@ringback/client/phone-rules`. @default India's
   */
  phoneRules?: PhoneRules;
}

export interface SubmitInput {
  /** What the visitor typed: national (`98123 45678`) or international (`+91…`). */
  phone: string;
  /** The country a national number is read in. @default the widget's default country */
  country?: string;
  /** A human-verification token, if the page obtained one itself. */
  verificationToken?: string;
}

export interface CallSessionSnapshot {
  status: CallSessionStatus;
  /** The widget's public configuration, once loaded. */
  widget: Widget | null;
  /** The call, once the proxy accepted it. */
  call: Call | null;
  /** Set while `status` is `error`. */
  error: CallSessionError | null;
  /** The number last submitted, as read in the browser. */
  phone: ParsedPhoneNumber | null;
  /** How live status arrives while a call is followed. */
  transport: CallTransport | null;
  /** Whether calls are accepted now (business hours). */
  open: boolean;
  /** While closed: when calls are accepted again, if known. */
  nextOpening: Date | null;
  /** Whether `retry()` would do something now (`rate_limited` turns it on at `retryAt`). */
  canRetry: boolean;
}

export interface CallSession {
  getSnapshot(): CallSessionSnapshot;
  /** Calls `listener` on every change. The first subscriber starts the session (loads the widget). */
  subscribe(listener: (snapshot: CallSessionSnapshot) => void): () => void;
  /** (Re)loads the widget's configuration. */
  load(): Promise<void>;
  /** Validates the number and places the call. Ignored while a call is being placed or live. */
  submit(input: SubmitInput): Promise<void>;
  /** Tries the last attempt again: same Idempotency-Key if its outcome is unknown, else a new one. */
  retry(): Promise<void>;
  /** Stops waiting for human verification; nothing was sent. */
  cancel(): void;
  /** Back to `idle`, keeping the widget's configuration. */
  reset(): void;
  /** Stops everything for good: requests, the event stream, timers and listeners. */
  dispose(): void;
}

const MAX_TIMER_MS = 2 ** 31 - 1;
const ORDER: CallSessionStatus[] = ['dialing-agent', 'dialing-you', 'connected'];
/** Call states only move forward: requested/unknown < dialing-agent < … < an ending. */
const rank = (status: CallSessionStatus) => (isFinal(status) ? 9 : ORDER.indexOf(status) + 1);
const future = (date: Date | null | undefined) => !!date && date.getTime() > Date.now();

/**
 * Creates a framework-free click-to-call session: a state machine from `idle` through
 * `validating` and `submitting` to the call's live states and its ending, with
 * `subscribe()` / `getSnapshot()` for any UI to bind to.
 */
export function createCallSession(options: CallSessionOptions): CallSession {
  const endpoint = options.endpoint.replace(/\/+$/, '');
  const api = createProxyApi(endpoint, options.fetch);
  const makeKey = options.idempotencyKey ?? newIdempotencyKey;
  const listeners = new Set<(snapshot: CallSessionSnapshot) => void>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let snapshot: CallSessionSnapshot = {
    status: 'idle',
    widget: null,
    call: null,
    error: null,
    phone: null,
    transport: null,
    open: true,
    nextOpening: null,
    canRetry: false,
  };
  let disposed = false;
  let loading: Promise<void> | undefined;
  let busy: Promise<void> | undefined;
  let stopFollowing: (() => void) | undefined;
  let abort = new AbortController();
  /** Last submitted input, for `retry()`. */
  let lastInput: SubmitInput | undefined;
  /** The attempt whose outcome is unknown: a resend must reuse its key. */
  let unsettled: { key: string; body: string } | undefined;
  /** Bumped by reset/cancel so an older attempt's results are dropped. */
  let generation = 0;

  const set = (patch: Partial<CallSessionSnapshot>) => {
    if (disposed) return;
    const next = { ...snapshot, ...patch };
    const { status, error } = next;
    next.canRetry =
      (status === 'error' &&
        !!error &&
        (error.retryable || !next.widget) &&
        !future(error.retryAt)) ||
      // Every ending but a call that (completed) or may have (ended) taken place can be tried again.
      (isFinal(status) && status !== 'completed' && status !== 'ended');
    snapshot = next;
    for (const listener of listeners) listener(snapshot);
  };
  const schedule = (at: Date | null | undefined, fn: () => void) => {
    if (!at) return;
    const id = setTimeout(
      () => {
        timers.delete(id);
        fn();
      },
      Math.min(Math.max(at.getTime() - Date.now(), 0), MAX_TIMER_MS),
    );
    timers.add(id);
  };
  const clearTimers = () => {
    for (const id of timers) clearTimeout(id);
    timers.clear();
  };
  const fail = (error: CallSessionError) => {
    set({ status: 'error', error });
    // Refresh canRetry when the wait is over.
    schedule(error.retryAt, () => set({}));
  };

  const applyWidget = (widget: Widget) => {
    const nextOpening = widget.open
      ? null
      : widget.nextOpening
        ? new Date(widget.nextOpening)
        : null;
    set({ widget, open: widget.open, nextOpening });
    // Re-read the configuration when the business opens or closes.
    const change = widget.open ? widget.closesAt : widget.nextOpening;
    if (listeners.size && change) schedule(new Date(change), () => void load());
  };

  const load = (): Promise<void> => {
    if (loading) return loading;
    const done = () => {
      loading = undefined;
    };
    loading = (async () => {
      try {
        const { data, error } = await api.getWidget(options.widgetId, abort.signal);
        if (data) {
          const failedBefore = !snapshot.widget && snapshot.status === 'error';
          applyWidget(data);
          if (failedBefore) set({ status: 'idle', error: null });
        } else fail(error);
      } catch (cause) {
        if (!disposed) fail(networkError(cause));
      }
    })().finally(done);
    return loading;
  };

  const follow = (call: Call) => {
    stopFollowing?.();
    stopFollowing = followCall({
      api,
      endpoint,
      callId: call.id,
      EventSource:
        options.EventSource === undefined ? (globalThis.EventSource ?? null) : options.EventSource,
      pollIntervalMs: options.pollIntervalMs ?? 2000,
      onCall: applyCall,
      onTransport: (transport) => set({ transport }),
      onError: fail,
    });
  };

  const applyCall = (call: Call) => {
    // States only move forward; a late poll or a replayed event never moves back.
    if (snapshot.call && rank(call.state) < rank(snapshot.status)) return;
    set({ status: call.state, call, error: null, ...(call.final && { transport: null }) });
    if (call.final) {
      stopFollowing?.();
      stopFollowing = undefined;
    }
  };

  const place = async (input: SubmitInput, attempt: number): Promise<void> => {
    set({ status: 'validating', error: null, call: null, transport: null });
    if (!snapshot.widget) await load();
    const widget = snapshot.widget;
    if (attempt !== generation || !widget) return;

    const country = input.country ?? widget.defaultCountry;
    const phone = parsePhoneNumber(input.phone, {
      country,
      countries: widget.countries,
      ...(options.phoneRules && { rules: options.phoneRules }),
    });
    set({ phone });
    if (!phone.valid) {
      const code =
        phone.problem === 'country_not_allowed' ? 'country_not_allowed' : 'invalid_phone';
      return fail(
        new CallSessionError({ code, message: `The number is ${phone.problem}`, source: 'client' }),
      );
    }
    if (!snapshot.open && future(snapshot.nextOpening)) {
      return fail(
        new CallSessionError({
          code: 'closed',
          message: 'Calls are not accepted now',
          nextOpening: snapshot.nextOpening,
          source: 'client',
        }),
      );
    }

    const body: CreateCallRequest = {
      widgetId: options.widgetId,
      phone: phone.e164 ?? input.phone.trim(),
      country: phone.country,
    };
    const same = JSON.stringify(body);
    let token = input.verificationToken;
    if (!token && widget.verification && options.getVerificationToken) {
      try {
        token = await options.getVerificationToken(widget.verification);
      } catch (cause) {
        if (attempt === generation) {
          fail(
            new CallSessionError({
              code: 'verification_failed',
              message: 'Verification did not complete',
              source: 'client',
              cause,
            }),
          );
        }
        return;
      }
      if (attempt !== generation) return;
    }
    if (token) body.verificationToken = token;

    const key = unsettled?.body === same ? unsettled.key : makeKey();
    unsettled = { key, body: same };
    set({ status: 'submitting' });
    for (let tries = 0; ; tries++) {
      try {
        const { data, error } = await api.createCall(body, key, abort.signal);
        if (attempt !== generation) return;
        if (data) {
          unsettled = undefined;
          applyCall(data);
          if (!data.final) follow(data);
          return;
        }
        // Only an answer that is not the proxy's (a gateway's 502/504) leaves the outcome unknown.
        if (error.code !== 'unexpected_response' || error.status! < 500) unsettled = undefined;
        if (error.code === 'closed') set({ open: false, nextOpening: error.nextOpening });
        return fail(error);
      } catch (cause) {
        if (disposed || attempt !== generation) return;
        if (tries >= (options.networkRetries ?? 2)) return fail(networkError(cause));
        await new Promise<void>((resolve) =>
          schedule(new Date(Date.now() + 1000 * 2 ** tries), resolve),
        );
        if (attempt !== generation) return;
      }
    }
  };

  const submit = (input: SubmitInput): Promise<void> => {
    const { status } = snapshot;
    if (disposed || busy || (snapshot.call && !isFinal(status) && status !== 'error')) {
      return busy ?? Promise.resolve();
    }
    lastInput = input;
    const attempt = ++generation;
    busy = place(input, attempt).finally(() => {
      if (attempt === generation) busy = undefined;
    });
    return busy;
  };

  const stopAll = () => {
    stopFollowing?.();
    stopFollowing = undefined;
    clearTimers();
  };

  const session: CallSession = {
    getSnapshot: () => snapshot,
    subscribe(listener) {
      if (disposed) return () => {};
      listeners.add(listener);
      if (listeners.size === 1) {
        if (!snapshot.widget) void load();
        else applyWidget(snapshot.widget);
        const { call } = snapshot;
        if (call && !call.final && !stopFollowing && snapshot.status !== 'error') follow(call);
      }
      return () => {
        listeners.delete(listener);
        // Pause (not forget) when nobody listens; React StrictMode re-subscribes at once.
        if (!listeners.size) stopAll();
      };
    },
    load,
    submit,
    async retry() {
      if (!snapshot.canRetry) return;
      if (!snapshot.widget) await load();
      // A verification token is single-use: the retry asks for a fresh one.
      if (snapshot.widget && lastInput) {
        await submit({ phone: lastInput.phone, country: lastInput.country });
      }
    },
    cancel() {
      if (snapshot.status !== 'validating') return;
      generation++;
      busy = undefined;
      set({ status: 'idle', error: null });
    },
    reset() {
      generation++;
      busy = undefined;
      stopFollowing?.();
      stopFollowing = undefined;
      set({ status: 'idle', error: null, call: null, transport: null, phone: null });
    },
    dispose() {
      stopAll();
      abort.abort();
      abort = new AbortController();
      disposed = true;
      listeners.clear();
    },
  };
  return session;
}
