import type { CallState } from './callState.js';
import type { ResolvedWidget } from './ResolvedConfig.js';
import type { CallEvent, CallRecord } from './Store.js';

/**
 * A new request's record before its first write, with nothing dialled, nothing held
 * and nothing scheduled: each kind of create (now, in a slot) sets what is its own.
 */
export function newCallRecord(
  id: string,
  widget: ResolvedWidget,
  to: string,
  state: CallState,
  now: number,
  lead: Pick<CallRecord, 'fields' | 'consent' | 'context'>,
): CallRecord {
  return {
    id,
    widgetId: widget.id,
    to,
    state,
    version: 1,
    exotelSid: null,
    createdAt: now,
    updatedAt: now,
    conversationSeconds: null,
    exotelStatus: null,
    checkAt: null,
    checks: 0,
    refusal: null,
    timeOut: widget.timeOut,
    timeLimit: widget.timeLimit,
    attempt: 0,
    maxAttempts: widget.routing.maxAttempts,
    agentId: null,
    attempts: [],
    advancing: false,
    dialAt: null,
    lineHolder: null,
    fields: lead.fields,
    consent: lead.consent,
    context: lead.context,
    schedule: null,
  };
}

/** The event a new record is stored with: its first state, from the visitor's request. */
export function firstEvent(call: CallRecord): CallEvent {
  return {
    callId: call.id,
    seq: 1,
    state: call.state,
    at: call.createdAt,
    source: 'api',
    conversationSeconds: null,
    attempt: call.attempt,
    agentName: call.attempts[call.attempt - 1]?.agentName ?? null,
    ...retryOf(call),
  };
}

/**
 * What an event carries of a wait for a retry, so an event stream opened before it
 * shows when (its copy of the record is older).
 */
export function retryOf(call: CallRecord): Pick<CallEvent, 'retryAt'> {
  return call.state === 'retry-scheduled' ? { retryAt: call.schedule?.retryAt ?? null } : {};
}
