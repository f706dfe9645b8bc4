import type { components } from '@ringback/protocol';
import { isFinal } from './callState.js';
import type { AttemptSnapshot, CallSnapshot } from './hooks.js';
import type { CallEvent, CallRecord } from './Store.js';

export type PublicCall = components['schemas']['Call'];

const iso = (ms: number | null | undefined) => (ms == null ? null : new Date(ms).toISOString());

/** What the browser may see of a call: never the number, the CallSid or Exotel's data. */
export function toPublicCall(call: CallRecord, baseUrl: string, at?: CallEvent): PublicCall {
  const state = at?.state ?? call.state;
  // Events stored before attempts existed were all the first attempt's.
  const attempt = at ? (at.attempt ?? 1) : call.attempt;
  const self = `${baseUrl}/v1/calls/${call.id}`;
  // An event stream's record may be older than the event (the one read when the stream
  // opened): a retry's time is the event's own, and any other time to dial is the
  // record's only while the record is in the event's state.
  const retryAt = state === 'retry-scheduled' ? (at?.retryAt ?? call.schedule?.retryAt) : null;
  const dialAt = !at
    ? call.dialAt
    : retryAt != null
      ? retryAt
      : at.state === call.state
        ? call.dialAt
        : null;
  return {
    id: call.id,
    widgetId: call.widgetId,
    state,
    final: isFinal(state),
    createdAt: new Date(call.createdAt).toISOString(),
    updatedAt: new Date(at?.at ?? call.updatedAt).toISOString(),
    conversationSeconds: at ? at.conversationSeconds : call.conversationSeconds,
    attempt,
    maxAttempts: call.maxAttempts,
    agentName: (at ? at.agentName : call.attempts[attempt - 1]?.agentName) ?? null,
    dialAt: iso(dialAt),
    scheduledFor: iso(call.schedule?.scheduledFor),
    retryAt: iso(retryAt),
    links: { self, events: `${self}/events` },
  };
}

export function toSnapshot(call: CallRecord): CallSnapshot {
  return {
    id: call.id,
    widgetId: call.widgetId,
    to: call.to,
    state: call.state,
    final: isFinal(call.state),
    exotelSid: call.exotelSid,
    exotelStatus: call.exotelStatus,
    reportedEnding: call.reportedEnding ?? null,
    conversationSeconds: call.conversationSeconds,
    recordingUrl: call.recordingUrl ?? null,
    createdAt: new Date(call.createdAt).toISOString(),
    updatedAt: new Date(call.updatedAt).toISOString(),
    attempt: call.attempt,
    maxAttempts: call.maxAttempts,
    agentId: call.agentId,
    attempts: attemptSnapshots(call),
    fields: call.fields ?? {},
    consent: call.consent
      ? { at: new Date(call.consent.at).toISOString(), text: call.consent.text }
      : null,
    context: call.context ?? null,
    scheduledFor: iso(call.schedule?.scheduledFor),
    retryAt: iso(call.schedule?.retryAt),
  };
}

/** Every attempt of a call as the business sees it (hooks, webhooks): dates in ISO 8601. */
export function attemptSnapshots(call: CallRecord): AttemptSnapshot[] {
  return call.attempts.map((a) => ({
    attempt: a.attempt,
    agentId: a.agentId,
    agentName: a.agentName,
    exotelSid: a.exotelSid,
    exotelStatus: a.exotelStatus,
    outcome: a.outcome,
    recordingUrl: a.recordingUrl ?? null,
    startedAt: new Date(a.startedAt).toISOString(),
    endedAt: a.endedAt === null ? null : new Date(a.endedAt).toISOString(),
  }));
}
