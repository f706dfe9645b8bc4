// Records for testing a store: every field filled in, ids unique within a test run.
import type { CallEvent, CallRecord, IdempotencyRecord } from '../domain/Store.js';

/** The moment the sample records are created at: 27 Nov 2026, 08:00 UTC. */
export const SAMPLE_TIME = Date.UTC(2026, 10, 27, 8, 0, 0);
let counter = 0;

/** A new call in state `requested` with a unique id; `overrides` replace any field. */
export function sampleCall(overrides: Partial<CallRecord> = {}): CallRecord {
  counter += 1;
  return {
    id: `call_contract${String(counter).padStart(19, '0')}`,
    widgetId: 'support',
    to: '+919812345678',
    state: 'requested',
    version: 1,
    exotelSid: null,
    createdAt: SAMPLE_TIME,
    updatedAt: SAMPLE_TIME,
    conversationSeconds: null,
    exotelStatus: null,
    checkAt: SAMPLE_TIME + 60_000,
    checks: 0,
    refusal: null,
    timeOut: 30,
    timeLimit: 1800,
    attempt: 1,
    maxAttempts: 1,
    agentId: 'default',
    attempts: [
      {
        attempt: 1,
        agentId: 'default',
        agentName: null,
        startedAt: SAMPLE_TIME,
        exotelSid: null,
        exotelStatus: null,
        outcome: null,
        endedAt: null,
      },
    ],
    advancing: false,
    dialAt: null,
    lineHolder: null,
    fields: {},
    consent: null,
    context: null,
    ...overrides,
  };
}

/** The idempotency key a call was created under (expires a day after the call). */
export function sampleKey(
  call: CallRecord,
  overrides: Partial<IdempotencyRecord> = {},
): IdempotencyRecord {
  return {
    key: `key-${call.id}`,
    callId: call.id,
    fingerprint: 'fp-1',
    expiresAt: call.createdAt + 86_400_000,
    ...overrides,
  };
}

/** The event that records the call's current state (its `seq` is the call's `version`). */
export function eventFor(call: CallRecord, source: CallEvent['source'] = 'api'): CallEvent {
  return {
    callId: call.id,
    seq: call.version,
    state: call.state,
    at: call.updatedAt,
    source,
    conversationSeconds: call.conversationSeconds,
  };
}
