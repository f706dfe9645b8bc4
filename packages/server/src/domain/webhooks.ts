// Webhooks: which events a stored change produces, what their bodies carry, and the
// outbox records that hold each delivery until the business's endpoint has it.
import { base64url } from './callId.js';
import { isFinal } from './callState.js';
import type { AttemptSnapshot } from './hooks.js';
import { attemptSnapshots } from './publicCall.js';
import type { CallEvent, CallRecord } from './Store.js';

/** Every webhook event type, in the order a call can produce them. */
export const WEBHOOK_EVENT_TYPES = [
  'call.requested',
  'call.connected',
  'call.completed',
  'call.missed',
  'call.canceled',
  'call.ended',
  'callback.scheduled',
  'callback.canceled',
] as const;

/**
 * - `call.requested`: the call was accepted (stored), whatever happens next.
 * - `call.connected`: the agent and the visitor are talking.
 * - `call.completed`: a connected call ended normally.
 * - `call.missed`: a lead nobody spoke to; `data.reason` says why.
 * - `call.canceled`: the visitor undid their own request in its undo window.
 * - `call.ended`: settled without word from Exotel on how it ended (the reconciler gave up).
 * - `callback.scheduled`: the visitor booked a callback (`data.scheduledFor`), or a missed
 *   round will be retried (`data.retryAt`).
 * - `callback.canceled`: the visitor canceled a booked callback or a pending retry.
 */
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** Why a lead was missed: the call's final state. */
export type MissedReason = 'agent-unavailable' | 'not-answered' | 'busy' | 'failed' | 'expired';

const MISSED: readonly string[] = [
  'agent-unavailable',
  'not-answered',
  'busy',
  'failed',
  'expired',
];

/** Why a call that ended in `state` was missed (its `call.missed` reason); `undefined` when it was not. */
export function missedReason(state: CallRecord['state']): MissedReason | undefined {
  return MISSED.includes(state) ? (state as MissedReason) : undefined;
}

/** One attempt, as a webhook body carries it: as the hooks see it. */
export type WebhookAttemptData = AttemptSnapshot;

/** `data` of every webhook body. */
export interface WebhookCallData {
  callId: string;
  widgetId: string;
  /** The call's state when the event happened. */
  state: CallRecord['state'];
  /** Only on `call.missed`. */
  reason?: MissedReason;
  /** The visitor's number, E.164: the business's own lead. */
  phone: string;
  fields: Record<string, string>;
  consent: { at: string; text: { en: string; hi?: string } } | null;
  context: NonNullable<CallRecord['context']> | null;
  /** Seconds the two parties talked, once known. */
  conversationSeconds: number | null;
  /** Exotel's CallSid of the current attempt. */
  exotelSid: string | null;
  exotelStatus: string | null;
  /** The recording of the call, once Exotel has told it. */
  recordingUrl: string | null;
  /** The slot the visitor booked, for a booked callback; `null` otherwise. */
  scheduledFor: string | null;
  /** While a missed round waits to be retried: when it will be; `null` otherwise. */
  retryAt: string | null;
  createdAt: string;
  updatedAt: string;
  attempts: WebhookAttemptData[];
}

/** The JSON body of a delivery. */
export interface WebhookPayload {
  type: WebhookEventType;
  /** When the event happened (ISO 8601). */
  timestamp: string;
  data: WebhookCallData;
}

export type WebhookDeliveryState = 'pending' | 'delivered' | 'failed';

/**
 * Why an attempt failed, stable for dashboards and alerts:
 * - `target_not_allowed`: the URL resolves to a loopback, private, link-local or other
 *   non-public address (allow it with `allowPrivateNetwork`);
 * - `dns_failed`: the host name did not resolve;
 * - `connection_failed`: refused, reset or TLS failure;
 * - `timeout`: no complete answer within 10 s;
 * - `redirect_not_followed`: a 3xx (redirects are never followed);
 * - `http_error`: any other status outside 2xx;
 * - `endpoint_removed`: the endpoint is no longer configured; the delivery is given up.
 */
export type WebhookErrorCode =
  | 'target_not_allowed'
  | 'dns_failed'
  | 'connection_failed'
  | 'timeout'
  | 'redirect_not_followed'
  | 'http_error'
  | 'endpoint_removed';

/** One try at delivering. */
export interface WebhookDeliveryAttempt {
  /** ms since epoch, when the request started. */
  at: number;
  durationMs: number;
  /** The HTTP status answered, `null` when none was. */
  status: number | null;
  /** `null` when delivered. */
  error: WebhookErrorCode | null;
}

/** One event for one endpoint: queued in the outbox in the same write as the change that caused it. */
export interface WebhookDelivery {
  /** `msg_…`: the `webhook-id` header, the same on every retry and re-send. */
  id: string;
  /** Increments with every stored change (compare-and-set). */
  version: number;
  callId: string;
  type: WebhookEventType;
  /** The endpoint's URL when the event happened; its current settings (secret) are used to send. */
  url: string;
  /** The JSON body, byte for byte as it is signed and sent. */
  body: string;
  state: WebhookDeliveryState;
  /** ms since epoch. */
  createdAt: number;
  updatedAt: number;
  /** When the next attempt is due while `pending`; `null` otherwise. */
  nextAttemptAt: number | null;
  /** Failed attempts are retried until then (a day after it was queued, or re-sent); then it is `failed`. */
  retryUntil: number;
  /** Every attempt so far, oldest first. */
  attempts: WebhookDeliveryAttempt[];
}

/** What `listWebhookDeliveries` filters on; newest first. */
export interface WebhookDeliveryQuery {
  callId?: string;
  state?: WebhookDeliveryState;
  /** @default 50 */
  limit?: number;
}

/** An endpoint as the outbox needs it to queue deliveries. */
export interface WebhookTarget {
  url: string;
  events: ReadonlySet<WebhookEventType>;
}

/** How long failed deliveries are retried. */
export const WEBHOOK_RETRY_WINDOW_MS = 24 * 3600 * 1000;
const FIRST_RETRY_MS = 5000;
const LONGEST_RETRY_MS = 4 * 3600 * 1000;

/**
 * The wait after the `failures`-th failed attempt: 5 s, 20 s, 80 s, … ×4 each time, at
 * most 4 h, each ±20 % at random so endpoints coming back are not hit by every delivery
 * at once. The first retry is within 6 s.
 */
export function webhookRetryDelayMs(failures: number, random: () => number = Math.random): number {
  const base = Math.min(FIRST_RETRY_MS * 4 ** Math.max(failures - 1, 0), LONGEST_RETRY_MS);
  return Math.round(base * (0.8 + 0.4 * random()));
}

/** The delivery after an attempt: delivered, retried later, or given up (`failed`). */
export function afterWebhookAttempt(
  delivery: WebhookDelivery,
  attempt: WebhookDeliveryAttempt,
  now: number,
  random: () => number = Math.random,
): WebhookDelivery {
  const attempts = [...delivery.attempts, attempt].slice(-MAX_KEPT_ATTEMPTS);
  const base = { ...delivery, version: delivery.version + 1, updatedAt: now, attempts };
  if (attempt.error === null) return { ...base, state: 'delivered', nextAttemptAt: null };
  if (attempt.error === 'endpoint_removed' || now >= delivery.retryUntil)
    return { ...base, state: 'failed', nextAttemptAt: null };
  const failures = delivery.attempts.filter((a) => a.error !== null).length + 1;
  const next = Math.min(now + webhookRetryDelayMs(failures, random), delivery.retryUntil);
  return { ...base, state: 'pending', nextAttemptAt: next };
}

/** Attempts kept on a record: enough for a day of retries and a few re-sends. */
const MAX_KEPT_ATTEMPTS = 50;

/** A new delivery id: 18 random bytes. */
export function newWebhookId(): string {
  return `msg_${base64url(crypto.getRandomValues(new Uint8Array(18)))}`;
}

/**
 * The event type a state produces: `connected`, the waits for a callback, and the endings;
 * `unknown` and the other states on the way produce none.
 */
function typeOfState(call: CallRecord, state: CallRecord['state']): WebhookEventType | undefined {
  if (state === 'connected') return 'call.connected';
  if (state === 'scheduled' || state === 'retry-scheduled') return 'callback.scheduled';
  if (!isFinal(state)) return undefined;
  if (state === 'completed') return 'call.completed';
  if (state === 'canceled')
    return call.schedule?.canceledWaiting ? 'callback.canceled' : 'call.canceled';
  if (state === 'ended') return 'call.ended';
  return missedReason(state) ? 'call.missed' : undefined;
}

/**
 * The webhook events a stored change produces: `created` with the call's first event,
 * `call.requested` (and its ending, when it was refused at once); later, one for
 * `connected` and one for the ending. States only move forward and each change has one
 * writer, so each event is produced once. A change without an event produces none.
 */
export function webhookEventsFor(
  call: CallRecord,
  event: CallEvent | undefined,
  created: boolean,
): WebhookEventType[] {
  if (!event) return [];
  const types: WebhookEventType[] = created ? ['call.requested'] : [];
  const type = typeOfState(call, event.state);
  if (type) types.push(type);
  return types;
}

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null | undefined) => (ms == null ? null : iso(ms));

/** The body of `type` for `call` as it was stored with `event`. */
export function webhookPayload(
  call: CallRecord,
  type: WebhookEventType,
  event: CallEvent,
): WebhookPayload {
  const { consent } = call;
  return {
    type,
    timestamp: iso(event.at),
    data: {
      callId: call.id,
      widgetId: call.widgetId,
      state: event.state,
      ...(type === 'call.missed' ? { reason: missedReason(event.state)! } : {}),
      phone: call.to,
      fields: call.fields ?? {},
      consent: consent ? { at: iso(consent.at), text: consent.text } : null,
      context: call.context ?? null,
      conversationSeconds: call.conversationSeconds,
      exotelSid: call.exotelSid,
      exotelStatus: call.exotelStatus,
      recordingUrl: call.recordingUrl ?? null,
      scheduledFor: isoOrNull(call.schedule?.scheduledFor),
      retryAt: isoOrNull(call.schedule?.retryAt),
      createdAt: iso(call.createdAt),
      updatedAt: iso(call.updatedAt),
      attempts: attemptSnapshots(call),
    },
  };
}

/** The outbox entries a change queues: one delivery per endpoint that takes each event. */
export function outboxEntries(
  call: CallRecord,
  event: CallEvent | undefined,
  created: boolean,
  targets: readonly WebhookTarget[],
): WebhookDelivery[] {
  if (!event || targets.length === 0) return [];
  const entries: WebhookDelivery[] = [];
  for (const type of webhookEventsFor(call, event, created)) {
    let body: string | undefined;
    for (const target of targets) {
      if (!target.events.has(type)) continue;
      body ??= JSON.stringify(webhookPayload(call, type, event));
      entries.push({
        id: newWebhookId(),
        version: 1,
        callId: call.id,
        type,
        url: target.url,
        body,
        state: 'pending',
        createdAt: event.at,
        updatedAt: event.at,
        nextAttemptAt: event.at,
        retryUntil: event.at + WEBHOOK_RETRY_WINDOW_MS,
        attempts: [],
      });
    }
  }
  return entries;
}

/** A delivery read back from a store's JSON. */
export function fromStoredDelivery(data: string): WebhookDelivery {
  return JSON.parse(data) as WebhookDelivery;
}
