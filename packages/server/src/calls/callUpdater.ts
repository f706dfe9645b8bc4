import { applyObservation, type CallObservation } from '../domain/callTransitions.js';
import type { CallEventHook } from '../domain/hooks.js';
import type { Logger } from '../domain/logger.js';
import { retryOf } from '../domain/newCallRecord.js';
import { toSnapshot } from '../domain/publicCall.js';
import type { CallEvent, CallEventSource, CallRecord, Store } from '../domain/Store.js';

export interface CallUpdaterOptions {
  store: () => Promise<Store>;
  now: () => number;
  graceMs: number;
  logger: Logger;
  hook: CallEventHook | undefined;
  /** Called after each stored change, with the call before and after it (attempt routing). */
  onChange?: (before: CallRecord, after: CallRecord) => void;
}

export interface CallUpdater {
  (
    callId: string,
    observe: (call: CallRecord) => CallObservation | undefined,
    source: CallEventSource,
    /**
     * The call as the caller has just read it from the store: the first try starts from
     * it instead of reading again (a write that got there since fails the compare-and-set,
     * and the next try reads afresh).
     */
    justRead?: CallRecord,
  ): Promise<CallRecord | undefined>;
  /** Logs a stored state change and hands it to the business's hook. */
  notify(call: CallRecord, event: CallEvent): void;
}

/**
 * Applies observations with compare-and-set, retrying when another writer (a callback,
 * the reconciler, another instance) got there first, so concurrent updates never lose
 * each other and state never moves backwards.
 */
export function createCallUpdater(options: CallUpdaterOptions): CallUpdater {
  const { logger, hook } = options;
  const notify = (call: CallRecord, event: CallEvent) => {
    logger.info({
      msg: 'call state',
      callId: call.id,
      widgetId: call.widgetId,
      state: event.state,
      source: event.source,
      seq: event.seq,
    });
    if (!hook) return;
    // Never awaited: a slow or broken CRM must not hold up Exotel's callback or the visitor.
    Promise.resolve()
      .then(() => hook(toSnapshot(call), { ...event }))
      .catch((error: unknown) =>
        logger.error({ msg: 'onCallEvent hook failed', callId: call.id, error }),
      );
  };

  const update = async (
    callId: string,
    observe: (call: CallRecord) => CallObservation | undefined,
    source: CallEventSource,
    justRead?: CallRecord,
  ) => {
    const store = await options.store();
    for (let attempt = 0; attempt < 20; attempt++) {
      const current =
        attempt === 0 && justRead?.id === callId ? justRead : await store.getCall(callId);
      if (!current) return undefined;
      const observation = observe(current);
      if (!observation) return current;
      const next = applyObservation(current, observation, options.now(), options.graceMs);
      if (!next) return current;
      // The visitor hears of a new state, and of a new attempt in the same state.
      const event: CallEvent | undefined =
        next.state !== current.state || next.attempt !== current.attempt
          ? {
              callId,
              seq: next.version,
              state: next.state,
              at: next.updatedAt,
              source,
              conversationSeconds: next.conversationSeconds,
              attempt: next.attempt,
              agentName: next.attempts[next.attempt - 1]?.agentName ?? null,
              ...retryOf(next),
            }
          : undefined;
      if (await store.updateCall(next, current.version, event, undefined, current)) {
        if (event) notify(next, event);
        options.onChange?.(current, next);
        return next;
      }
    }
    throw new Error(`Call ${callId} kept changing under concurrent updates`);
  };
  return Object.assign(update, { notify });
}
