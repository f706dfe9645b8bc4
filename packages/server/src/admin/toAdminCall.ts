// Calls, events and webhook deliveries as operators see them (the spec's `AdminCall`,
// `AdminCallDetail`, `WebhookDeliveryView`): with the visitor's number and Exotel's ids,
// which the widget never gets.
import type { components } from '@ringback/protocol';
import { isFinal } from '../domain/callState.js';
import { attemptSnapshots } from '../domain/publicCall.js';
import type { CallEvent, CallRecord } from '../domain/Store.js';
import { missedReason, type WebhookDelivery } from '../domain/webhooks.js';

export type AdminCall = components['schemas']['AdminCall'];
export type AdminCallDetail = components['schemas']['AdminCallDetail'];
export type WebhookDeliveryView = components['schemas']['WebhookDeliveryView'];

const iso = (ms: number) => new Date(ms).toISOString();
const isoOrNull = (ms: number | null | undefined) => (ms == null ? null : iso(ms));

export function toAdminCall(call: CallRecord): AdminCall {
  const current = call.attempts[call.attempt - 1] ?? call.attempts.at(-1);
  return {
    id: call.id,
    widgetId: call.widgetId,
    state: call.state,
    final: isFinal(call.state),
    phone: call.to,
    createdAt: iso(call.createdAt),
    updatedAt: iso(call.updatedAt),
    attempt: call.attempt,
    maxAttempts: call.maxAttempts,
    agentId: current?.agentId ?? call.agentId,
    agentName: current?.agentName ?? null,
    conversationSeconds: call.conversationSeconds,
    exotelSid: call.exotelSid ?? current?.exotelSid ?? null,
    recordingUrl: call.recordingUrl ?? current?.recordingUrl ?? null,
    scheduledFor: isoOrNull(call.schedule?.scheduledFor),
    retryAt: isoOrNull(call.schedule?.retryAt),
    fields: call.fields ?? {},
    callbackOf: call.callbackOf ?? null,
    missedReason: (isFinal(call.state) && missedReason(call.state)) || null,
  };
}

function toAdminEvent(event: CallEvent): AdminCallDetail['events'][number] {
  return {
    seq: event.seq,
    at: iso(event.at),
    state: event.state,
    attempt: event.attempt ?? 1,
    source: event.source,
    agentName: event.agentName ?? null,
    conversationSeconds: event.conversationSeconds,
    retryAt: isoOrNull(event.retryAt),
  };
}

export function toDeliveryView(delivery: WebhookDelivery): WebhookDeliveryView {
  return {
    id: delivery.id,
    callId: delivery.callId,
    type: delivery.type,
    url: delivery.url,
    state: delivery.state,
    createdAt: iso(delivery.createdAt),
    nextAttemptAt: isoOrNull(delivery.nextAttemptAt),
    attempts: delivery.attempts.map((a) => ({
      at: iso(a.at),
      durationMs: a.durationMs,
      status: a.status,
      error: a.error,
    })),
  };
}

/** A call's whole record: its events, every attempt, its lead and its webhook deliveries. */
export function toAdminCallDetail(
  call: CallRecord,
  events: readonly CallEvent[],
  deliveries: readonly WebhookDelivery[],
): AdminCallDetail {
  const { consent } = call;
  return {
    ...toAdminCall(call),
    events: events.map(toAdminEvent),
    attempts: attemptSnapshots(call),
    consent: consent ? { at: iso(consent.at), text: consent.text } : null,
    context: call.context ?? null,
    webhookDeliveries: deliveries.map(toDeliveryView),
  };
}
