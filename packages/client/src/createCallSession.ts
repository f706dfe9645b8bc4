import type { CallSession, CallSessionOptions, SubmitInput } from './CallSession.js';
import { CallSessionError, type CallSessionErrorInit } from './CallSessionError.js';
import { checkLead } from './checkLead.js';
import { collectCallContext } from './collectCallContext.js';
import { createCallMemory, safely } from './createCallMemory.js';
import { createSessionStore, future } from './createSessionStore.js';
import { createSessionTransport } from './createSessionTransport.js';
import { networkError } from './errorFromResponse.js';
import { parsePhoneNumber } from './parsePhoneNumber.js';
import { type Call, type CreateCallRequest, isFinal } from './types.js';

// Also importable from here, next to the function they describe.
export type {
  CallSession,
  CallSessionOptions,
  CallSessionSnapshot,
  SubmitInput,
} from './CallSession.js';

/**
 * Creates a framework-free click-to-call session: a state machine from `idle` through
 * `validating` and `submitting` to the call's live states and its ending, with
 * `subscribe()` / `getSnapshot()` for any UI to bind to.
 */
export function createCallSession(options: CallSessionOptions): CallSession {
  // The state lives in createSessionStore and the wire in createSessionTransport; this is
  // the flow between them: load, check the number, verify, place, follow.
  const store = createSessionStore();
  const { getSnapshot, set, fail, listeners } = store;
  const transport = createSessionTransport(options, store.schedule);
  const memory = createCallMemory(
    options.storage === undefined ? safely(() => globalThis.sessionStorage) : options.storage,
    options.pendingStorage === undefined
      ? safely(() => globalThis.localStorage)
      : options.pendingStorage,
    `ringback:${options.endpoint.replace(/\/+$/, '')} ${options.widgetId}`,
  );
  let loading: Promise<void> | undefined;
  let busy: Promise<void> | undefined;
  let stopFollowing: (() => void) | undefined;
  /** Last submitted input, for `retry()`. */
  let lastInput: SubmitInput | undefined;
  /** Bumped by reset/cancel so an older attempt's results are dropped. */
  let generation = 0;

  const load = (): Promise<void> => {
    loading ??= (async () => {
      try {
        const { data, error } = await transport.getWidget();
        if (data) {
          const { widget, status } = getSnapshot();
          store.applyWidget(data, load);
          if (!widget && status === 'error') set({ status: 'idle', error: null });
        } else {
          // The developer's mistake, not the visitor's: say it where the developer looks.
          if (error.code === 'origin_not_allowed')
            console.error(
              `Ringback: ${options.endpoint} refuses widget "${options.widgetId}" on this page's origin (${globalThis.location?.origin}): add it to the widget's allowedOrigins on the server.`,
            );
          fail(error);
        }
      } catch (cause) {
        if (!store.disposed) fail(networkError(cause));
      }
    })().finally(() => {
      loading = undefined;
    });
    return loading;
  };

  const unfollow = () => {
    stopFollowing?.();
    stopFollowing = undefined;
    if (getSnapshot().reconnecting) set({ reconnecting: false });
  };
  const applyCall = (call: Call) => {
    store.applyCall(call);
    if (call.final) {
      unfollow();
      memory.forget();
      // Kept as the store took it: with its cancel token, never moved backwards.
    } else memory.keep(getSnapshot().call!);
  };
  const follow = (call: Call) => {
    unfollow();
    stopFollowing = transport.follow(call.id, {
      onCall: applyCall,
      onTransport: (transport) => set({ transport }),
      onError: (error) => {
        memory.forget();
        fail(error);
      },
      onConnection: (reconnecting) => set({ reconnecting }),
    });
  };

  /** Picks up the call a reload or a navigation left behind, if the proxy still has it live. */
  const resume = async (): Promise<void> => {
    const saved = memory.read();
    if (!saved) return;
    const attempt = generation;
    try {
      const { data, error } = await transport.getCall(saved.id);
      if (attempt !== generation || store.disposed || getSnapshot().call) return;
      if (data && !data.final) {
        applyCall({ ...data, cancelToken: saved.cancelToken });
        follow(data);
      } else if (data || error.status! < 500) memory.forget();
    } catch {
      // No answer: kept for the next page.
    }
  };

  const place = async (input: SubmitInput, attempt: number): Promise<void> => {
    const current = () => attempt === generation && !store.disposed;
    /** Refuses the attempt here, before anything is sent. */
    const refuse = (init: Omit<CallSessionErrorInit, 'source'>) =>
      fail(new CallSessionError({ ...init, source: 'client' }));
    set({ status: 'validating', error: null, call: null, transport: null });
    if (!getSnapshot().widget) await load();
    const { widget, open, nextOpening } = getSnapshot();
    if (!current() || !widget) return;

    const phone = parsePhoneNumber(input.phone, {
      country: input.country ?? widget.defaultCountry,
      countries: widget.countries,
      rules: options.phoneRules,
    });
    set({ phone });
    if (!phone.valid) {
      return refuse({
        code: phone.problem === 'country_not_allowed' ? 'country_not_allowed' : 'invalid_phone',
        message: `The number is ${phone.problem}`,
      });
    }
    // A booked slot was cut from the opening hours: only a call now is refused while closed.
    if (!open && future(nextOpening) && !input.scheduledFor) {
      return refuse({ code: 'closed', message: 'Calls are not accepted now', nextOpening });
    }
    const lead = checkLead(widget, input);
    if (lead.errors.length) {
      return refuse({
        code: 'invalid_body',
        message: 'Some answers are missing or wrong',
        fields: lead.errors,
      });
    }

    const body: CreateCallRequest = {
      widgetId: options.widgetId,
      phone: phone.e164 ?? input.phone.trim(),
      country: phone.country,
      // (Left out of the JSON when not booking.)
      scheduledFor: input.scheduledFor,
    };
    if (widget.fields?.length) body.fields = lead.fields;
    if (widget.consent) body.consent = !!input.consent;
    // Read at the click: a single-page site may have moved on since the widget loaded.
    const context =
      widget.collectContext !== false &&
      (
        options.getCallContext ??
        (() => collectCallContext(globalThis.location?.href, globalThis.document?.referrer))
      )();
    if (context) body.context = context;
    const { verification } = widget;
    /** A token from the page's challenge, or `undefined` when the attempt is over. */
    const challenge = async () => {
      try {
        const token = await options.getVerificationToken?.(verification!);
        if (current()) return token ?? '';
      } catch (cause) {
        if (current())
          refuse({ code: 'verification_failed', message: 'Verification did not complete', cause });
      }
      return undefined;
    };
    // Under pressure the server asks for the challenge only when it needs it.
    const onDemand = verification?.when === 'under-pressure';
    let token = input.verificationToken;
    if (!token && verification && !onDemand && options.getVerificationToken) {
      token = await challenge();
      if (token === undefined) return;
    }
    if (token) body.verificationToken = token;

    set({ status: 'submitting' });
    let result = await transport.createCall(body, current);
    if (
      onDemand &&
      !body.verificationToken &&
      result?.error?.code === 'verification_required' &&
      options.getVerificationToken
    ) {
      token = await challenge();
      if (token === undefined) return;
      body.verificationToken = token;
      result = await transport.createCall(body, current);
    }
    if (!result) return;
    const { data, error } = result;
    if (data) {
      applyCall(data);
      if (!data.final) follow(data);
      return;
    }
    if (error.code === 'closed') set({ open: false, nextOpening: error.nextOpening });
    fail(error);
  };

  /** Drops the attempt under way: its results are ignored. */
  const drop = () => {
    generation++;
    busy = undefined;
  };
  const submit = (input: SubmitInput): Promise<void> => {
    const { status, call } = getSnapshot();
    if (store.disposed || busy || (call && !isFinal(status) && status !== 'error')) {
      return busy ?? Promise.resolve();
    }
    lastInput = input;
    const attempt = ++generation;
    busy = place(input, attempt).finally(() => {
      if (attempt === generation) busy = undefined;
    });
    return busy;
  };

  return {
    getSnapshot,
    subscribe(listener) {
      if (store.disposed) return () => {};
      listeners.add(listener);
      if (listeners.size === 1) {
        const { widget, call, status } = getSnapshot();
        if (!widget) void load();
        else store.applyWidget(widget, load);
        if (call && !call.final && !stopFollowing && status !== 'error') follow(call);
        else if (!call && status === 'idle') void resume();
      }
      return () => {
        listeners.delete(listener);
        // Pause (not forget) when nobody listens; React StrictMode re-subscribes at once.
        if (!listeners.size) {
          unfollow();
          store.clearTimers();
        }
      };
    },
    load,
    async loadSlots(days) {
      try {
        const { data, error } = await transport.listSlots(days);
        set({ slots: data ?? null });
        return error ?? null;
      } catch (cause) {
        return networkError(cause);
      }
    },
    submit,
    async retry() {
      if (!getSnapshot().canRetry) return;
      if (!getSnapshot().widget) await load();
      // A verification token is single-use: the retry asks for a fresh one.
      if (getSnapshot().widget && lastInput) {
        await submit({ ...lastInput, verificationToken: undefined });
      }
    },
    async undo() {
      const { call, canUndo } = getSnapshot();
      if (!canUndo || !call?.cancelToken) return;
      const attempt = generation;
      try {
        const { data, error } = await transport.cancelCall(call.id, call.cancelToken);
        if (attempt !== generation || store.disposed) return;
        if (data) {
          // Canceled, nothing dialled: back to the form.
          unfollow();
          memory.forget();
          drop();
          set({ status: 'idle', error: null, call: null, transport: null });
        } else if (error.status! < 500) {
          // Dialling started (or the capability is wrong): the call goes on, without an undo.
          const now = getSnapshot().call;
          if (now?.id === call.id) set({ call: { ...now, cancelToken: undefined } });
        }
      } catch {
        // No answer: the undo stays while the window lasts.
      }
    },
    cancel() {
      if (getSnapshot().status !== 'validating') return;
      drop();
      set({ status: 'idle', error: null });
    },
    reset() {
      drop();
      unfollow();
      memory.forget();
      set({ status: 'idle', error: null, call: null, transport: null, phone: null });
    },
    dispose() {
      unfollow();
      transport.abort();
      store.dispose();
    },
  };
}
