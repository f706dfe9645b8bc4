// Records for testing a store: every field filled in, ids unique within a test run.
import type {
  AttemptRecord,
  AuditRecord,
  CallEvent,
  CallRecord,
  IdempotencyRecord,
  OperatorSession,
} from '../domain/Store.js';
import type { WebhookDelivery } from '../domain/webhooks.js';

/** The moment the sample records are created at: 27 Nov 2026, 08:00 UTC. */
export const SAMPLE_TIME = Date.UTC(2026, 10, 27, 8, 0, 0);
let counter = 0;

/** Attempt `n` of a call, ringing `agentId`, started at SAMPLE_TIME and not yet answered. */
export function sampleAttempt(
  n: number,
  agentId: string,
  overrides: Partial<AttemptRecord> = {},
): AttemptRecord {
  return {
    attempt: n,
    agentId,
    agentName: null,
    startedAt: SAMPLE_TIME,
    exotelSid: null,
    exotelStatus: null,
    outcome: null,
    endedAt: null,
    ...overrides,
  };
}

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
    attempts: [sampleAttempt(1, 'default')],
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

let deliveries = 0;

/** A pending webhook delivery of `call`, due when created; `overrides` replace any field. */
export function sampleDelivery(
  call: CallRecord,
  overrides: Partial<WebhookDelivery> = {},
): WebhookDelivery {
  deliveries += 1;
  const createdAt = overrides.createdAt ?? call.updatedAt;
  return {
    id: `msg_contract${String(deliveries).padStart(14, '0')}`,
    version: 1,
    callId: call.id,
    type: 'call.requested',
    url: 'https://crm.example.com/hooks/ringback',
    body: JSON.stringify({ type: 'call.requested', data: { callId: call.id } }),
    state: 'pending',
    createdAt,
    updatedAt: createdAt,
    nextAttemptAt: createdAt,
    retryUntil: createdAt + 86_400_000,
    attempts: [],
    ...overrides,
  };
}

let sessions = 0;

/** A signed-in operator's session, valid for a day from `SAMPLE_TIME`; `overrides` replace any field. */
export function sampleSession(overrides: Partial<OperatorSession> = {}): OperatorSession {
  sessions += 1;
  return {
    id: `sess_contract${String(sessions).padStart(14, '0')}`,
    email: 'asha@example.com',
    csrfToken: `csrf-${sessions}`,
    createdAt: SAMPLE_TIME,
    expiresAt: SAMPLE_TIME + 86_400_000,
    ...overrides,
  };
}

let audits = 0;

/** An audit record of an operator's action at `SAMPLE_TIME`; `overrides` replace any field. */
export function sampleAudit(overrides: Partial<AuditRecord> = {}): AuditRecord {
  audits += 1;
  return {
    id: `aud_contract${String(audits).padStart(14, '0')}`,
    at: SAMPLE_TIME,
    actor: 'asha@example.com',
    role: 'operator',
    action: 'call.callback',
    target: 'call_contract0000000000000000001',
    ip: '203.0.113.7',
    outcome: 'ok',
    ...overrides,
  };
}
