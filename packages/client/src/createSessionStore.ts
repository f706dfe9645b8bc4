import type { CallSessionSnapshot } from './CallSession.js';
import type { CallSessionError } from './CallSessionError.js';
import { toDate } from './toDate.js';
import { type Call, canTransition, isFinal, type Widget } from './types.js';

type Listener = (snapshot: CallSessionSnapshot) => void;

/** setTimeout fires at once for a longer delay (a 32-bit count of milliseconds). */
const MAX_TIMER_MS = 2 ** 31 - 1;

export const future = (date: Date | null | undefined): boolean =>
  !!date && date.getTime() > Date.now();

/** Whether `retry()` has something to do in `snapshot`. */
export function canRetry({ status, error, widget }: CallSessionSnapshot): boolean {
  return (
    (status === 'error' && !!error && (error.retryable || !widget) && !future(error.retryAt)) ||
    // Every ending can be tried again but a call that (completed) or may have (ended) taken
    // place, one no agent could take, and a callback that fell due too late: trying again
    // at once would fail the same way.
    (isFinal(status) &&
      status !== 'completed' &&
      status !== 'ended' &&
      status !== 'agent-unavailable' &&
      status !== 'expired')
  );
}

/**
 * The session's state: one snapshot, replaced (never mutated) on each change so
 * `useSyncExternalStore` and the like see it, plus the timers that change it later.
 * It knows nothing of HTTP; the session feeds it what the proxy said.
 */
export interface SessionStore {
  getSnapshot(): CallSessionSnapshot;
  readonly listeners: Set<Listener>;
  /** Whether `dispose()` ran: changes are dropped from then on. */
  readonly disposed: boolean;
  /** Merges `patch`, derives `canRetry` and tells every listener. */
  set(patch: Partial<CallSessionSnapshot>): void;
  /** Runs `fn` at `at` (nothing without a date) unless `clearTimers()` runs first. */
  schedule(at: Date | null | undefined, fn: () => unknown): void;
  clearTimers(): void;
  /** Moves to `error`, and refreshes `canRetry` once `error.retryAt` has passed. */
  fail(error: CallSessionError): void;
  /** Takes the call's news, unless it would move the call backwards. */
  applyCall(call: Call): void;
  /** Takes the widget's configuration; calls `reload` when the business opens or closes. */
  applyWidget(widget: Widget, reload: () => unknown): void;
  dispose(): void;
}

export function createSessionStore(): SessionStore {
  const listeners = new Set<Listener>();
  const timers = new Set<ReturnType<typeof setTimeout>>();
  let disposed = false;
  let snapshot: CallSessionSnapshot = {
    status: 'idle',
    widget: null,
    call: null,
    error: null,
    phone: null,
    transport: null,
    slots: null,
    open: true,
    nextOpening: null,
    canRetry: false,
    attempt: 0,
    maxAttempts: 0,
    agentName: null,
    canUndo: false,
    reconnecting: false,
  };

  const set = (patch: Partial<CallSessionSnapshot>) => {
    if (disposed) return;
    const next = { ...snapshot, ...patch };
    next.canRetry = canRetry(next);
    const { call } = next;
    next.attempt = call?.attempt ?? 0;
    next.maxAttempts = call?.maxAttempts ?? 0;
    next.agentName = call?.agentName ?? null;
    next.canUndo =
      !!call?.cancelToken && !call.final && next.status !== 'error' && future(toDate(call.dialAt));
    snapshot = next;
    for (const listener of listeners) listener(snapshot);
  };
  const schedule = (at: Date | null | undefined, fn: () => unknown) => {
    if (!at) return;
    const id = setTimeout(
      () => {
        timers.delete(id);
        fn();
      },
      // (A date in the past fires at once: setTimeout takes a negative delay as 0.)
      Math.min(at.getTime() - Date.now(), MAX_TIMER_MS),
    );
    timers.add(id);
  };
  const clearTimers = () => {
    for (const id of timers) clearTimeout(id);
    timers.clear();
  };

  return {
    getSnapshot: () => snapshot,
    listeners,
    get disposed() {
      return disposed;
    },
    set,
    schedule,
    clearTimers,
    fail(error) {
      set({ status: 'error', error });
      schedule(error.retryAt, () => set({}));
    },
    applyCall(call) {
      // States only move forward (`canTransition`): a late poll or a replayed event never
      // moves a call back. An error while following (the widget failed to reload) gives
      // way to any news. Within a state, and from a retry that waits, attempts only count
      // up: a late poll never brings back an agent who already missed the call, nor the
      // round that missed.
      const { call: current, status } = snapshot;
      const from = current?.state;
      if (
        current &&
        status !== 'error' &&
        (from === call.state
          ? call.attempt < current.attempt
          : !canTransition(from!, call.state) ||
            (from === 'retry-scheduled' && !call.final && call.attempt <= current.attempt))
      ) {
        return;
      }
      // Only the 202 carries the cancel capability; later news of the same call keeps it.
      const cancelToken = call.cancelToken ?? (current?.id === call.id && current.cancelToken);
      if (cancelToken) call = { ...call, cancelToken };
      set({
        status: call.state,
        call,
        error: null,
        ...(call.final && { transport: null, reconnecting: false }),
      });
      // The undo window closes by itself.
      if (snapshot.canUndo) schedule(toDate(call.dialAt), () => set({}));
    },
    applyWidget(widget, reload) {
      const { open, closesAt, nextOpening } = widget;
      // When the business opens or closes next.
      const change = toDate(open ? closesAt : nextOpening);
      set({ widget, open, nextOpening: open ? null : change });
      if (listeners.size) schedule(change, reload);
    },
    dispose() {
      clearTimers();
      disposed = true;
      listeners.clear();
    },
  };
}
