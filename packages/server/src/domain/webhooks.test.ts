import { describe, expect, it } from 'vitest';
import {
  eventFor,
  sampleCall,
  sampleDelivery,
  SAMPLE_TIME as T0,
} from '../testing/storeSamples.js';
import type { CallRecord } from './Store.js';
import {
  afterWebhookAttempt,
  outboxEntries,
  WEBHOOK_EVENT_TYPES,
  type WebhookEventType,
  webhookEventsFor,
  webhookPayload,
  webhookRetryDelayMs,
} from './webhooks.js';

const eventsAt = (
  state: CallRecord['state'],
  created: boolean,
  extra: Partial<CallRecord> = {},
) => {
  const call = sampleCall({ state, ...extra });
  return webhookEventsFor(call, eventFor(call), created);
};

describe('webhookEventsFor', () => {
  it('sends call.requested with the first event, and an ending when the call was refused at once', () => {
    expect(eventsAt('requested', true)).toEqual(['call.requested']);
    expect(eventsAt('agent-unavailable', true)).toEqual(['call.requested', 'call.missed']);
  });

  it('tells booked callbacks and retries, and their cancelation, apart from calls placed now', () => {
    expect(eventsAt('scheduled', true)).toEqual(['call.requested', 'callback.scheduled']);
    expect(eventsAt('retry-scheduled', false)).toEqual(['callback.scheduled']);
    expect(eventsAt('expired', false)).toEqual(['call.missed']);
    expect(eventsAt('canceled', false, { schedule: null })).toEqual(['call.canceled']);
    expect(
      eventsAt('canceled', false, {
        schedule: { canceledWaiting: true } as CallRecord['schedule'],
      }),
    ).toEqual(['callback.canceled']);
  });

  it('maps each later state', () => {
    const later: [CallRecord['state'], WebhookEventType[]][] = [
      ['unknown', []],
      ['dialing-agent', []],
      ['dialing-you', []],
      ['connected', ['call.connected']],
      ['completed', ['call.completed']],
      ['agent-unavailable', ['call.missed']],
      ['not-answered', ['call.missed']],
      ['busy', ['call.missed']],
      ['failed', ['call.missed']],
      ['canceled', ['call.canceled']],
      ['ended', ['call.ended']],
    ];
    for (const [state, types] of later) expect(eventsAt(state, false)).toEqual(types);
    // A change without an event (bookkeeping, a late recording) sends nothing.
    expect(webhookEventsFor(sampleCall(), undefined, false)).toEqual([]);
  });
});

describe('webhook bodies and the outbox', () => {
  it('carries the lead, the missed reason and the attempts; defaults for records without lead details', () => {
    const call = sampleCall({
      state: 'busy',
      fields: { name: 'Asha' },
      consent: { at: T0, text: { en: 'You may call me.' } },
      context: { pageUrl: 'https://shop.example.com/' },
      recordingUrl: 'https://recordings.example.com/a.mp3',
    });
    const body = webhookPayload(call, 'call.missed', eventFor(call));
    expect(body).toMatchObject({
      type: 'call.missed',
      timestamp: new Date(T0).toISOString(),
      data: {
        callId: call.id,
        state: 'busy',
        reason: 'busy',
        phone: '+919812345678',
        fields: { name: 'Asha' },
        consent: { at: new Date(T0).toISOString(), text: { en: 'You may call me.' } },
        context: { pageUrl: 'https://shop.example.com/' },
        recordingUrl: 'https://recordings.example.com/a.mp3',
        attempts: [{ attempt: 1, agentId: 'default', recordingUrl: null }],
      },
    });
    const bare = webhookPayload(sampleCall(), 'call.requested', eventFor(sampleCall()));
    expect(bare.data).toMatchObject({
      fields: {},
      consent: null,
      context: null,
      recordingUrl: null,
    });
    expect(bare.data).not.toHaveProperty('reason');
  });

  it('queues one delivery per endpoint that takes the event, each with its own id', () => {
    const call = sampleCall({ state: 'agent-unavailable' });
    const targets = [
      { url: 'https://a.example.com/', events: new Set(WEBHOOK_EVENT_TYPES) },
      { url: 'https://b.example.com/', events: new Set<WebhookEventType>(['call.missed']) },
    ];
    const entries = outboxEntries(call, eventFor(call), true, targets);
    expect(entries.map((e) => [e.url, e.type])).toEqual([
      ['https://a.example.com/', 'call.requested'],
      ['https://a.example.com/', 'call.missed'],
      ['https://b.example.com/', 'call.missed'],
    ]);
    expect(new Set(entries.map((e) => e.id)).size).toBe(3);
    expect(entries[0]).toMatchObject({
      state: 'pending',
      version: 1,
      nextAttemptAt: T0,
      retryUntil: T0 + 86_400_000,
      attempts: [],
    });
    expect(entries[1]!.body).toBe(entries[2]!.body);
  });
});

describe('webhook retries', () => {
  it('backs off ×4 from 5 s with ±20 % jitter, at most 4 h', () => {
    expect(webhookRetryDelayMs(1, () => 0)).toBe(4000);
    expect(webhookRetryDelayMs(1, () => 1)).toBe(6000);
    expect(webhookRetryDelayMs(2, () => 0.5)).toBe(20_000);
    expect(webhookRetryDelayMs(3, () => 0.5)).toBe(80_000);
    expect(webhookRetryDelayMs(20, () => 0.5)).toBe(4 * 3600_000);
  });

  it('delivers, retries until the day is over, then gives up', () => {
    const d = sampleDelivery(sampleCall());
    const fail = (now: number) => ({
      at: now,
      durationMs: 3,
      status: 500,
      error: 'http_error' as const,
    });
    const retried = afterWebhookAttempt(d, fail(T0), T0, () => 0.5);
    expect(retried).toMatchObject({ state: 'pending', nextAttemptAt: T0 + 5000, version: 2 });
    const late = afterWebhookAttempt(retried, fail(T0 + 86_390_000), T0 + 86_390_000, () => 0.5);
    // The last retry is at the end of the day, not after it.
    expect(late.nextAttemptAt).toBe(d.retryUntil);
    expect(afterWebhookAttempt(late, fail(d.retryUntil), d.retryUntil)).toMatchObject({
      state: 'failed',
      nextAttemptAt: null,
    });
    const ok = { at: T0, durationMs: 3, status: 204, error: null };
    expect(afterWebhookAttempt(retried, ok, T0 + 5000)).toMatchObject({
      state: 'delivered',
      nextAttemptAt: null,
      attempts: [expect.anything(), ok],
    });
    const removed = { at: T0, durationMs: 0, status: null, error: 'endpoint_removed' as const };
    expect(afterWebhookAttempt(d, removed, T0).state).toBe('failed');
  });
});
