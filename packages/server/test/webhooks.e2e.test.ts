// Signed webhooks from the outbox, end to end: the real simulator places the call, the
// server queues each event with the change that caused it, and a receiver on loopback
// checks every delivery with `standardwebhooks`. The simulator's manual clock is the
// server's, started at the real time so the receiver accepts the signed timestamps.
import { afterEach, describe, expect, it } from 'vitest';
import type { WebhookEndpointConfig } from '../src/domain/RingbackConfig.js';
import { type Harness, startHarness } from './harness.js';
import { type Receiver, startReceiver, WEBHOOK_SECRET } from './webhookReceiver.js';

let h: Harness | undefined;
const receivers: Receiver[] = [];
afterEach(async () => {
  await h?.close();
  h = undefined;
  await Promise.all(receivers.splice(0).map((r) => r.close()));
});

const lead = {
  widgetId: 'support',
  phone: '+919812345678',
  fields: { name: 'Asha' },
  consent: true,
  context: { pageUrl: 'https://shop.example.com/pricing', utm: { source: 'newsletter' } },
};
const widget = {
  fields: [{ id: 'name', label: 'Your name', required: true }],
  consent: { text: 'Ringback may call me about my request.' },
  record: true,
};

async function receiver(answer?: Parameters<typeof startReceiver>[0]) {
  const r = await startReceiver(answer);
  receivers.push(r);
  return r;
}

async function start(
  webhooks: WebhookEndpointConfig[],
  options: Parameters<typeof startHarness>[0] = {},
) {
  h = await startHarness({
    sim: { startTime: Date.now() },
    widget,
    ...options,
    config: { webhooks, ...options.config },
  });
  return h;
}

const endpoint = (r: Receiver, extra: Partial<WebhookEndpointConfig> = {}) => ({
  url: r.url,
  secret: WEBHOOK_SECRET,
  allowPrivateNetwork: true,
  ...extra,
});

describe('webhooks', () => {
  it('delivers a completed call as signed events carrying the lead, its context and the recording', async () => {
    const r = await receiver();
    const h = await start([endpoint(r)]);
    const created = await h.createCall(lead);
    expect(created.status).toBe(202);
    const { id } = (await created.json()) as { id: string };
    await h.server.idle();
    await h.advance(5 * 60_000);
    await h.server.idle();

    expect(r.received.map((w) => w.verifyError)).toEqual([null, null, null]);
    expect(r.received.map((w) => w.payload.type)).toEqual([
      'call.requested',
      'call.connected',
      'call.completed',
    ]);
    for (const w of r.received) {
      expect(w.id).toMatch(/^msg_[A-Za-z0-9_-]{24}$/);
      expect(w.headers['content-type']).toBe('application/json');
      expect(w.headers['webhook-signature']).toMatch(/^v1,[A-Za-z0-9+/]+=*$/);
    }
    const requested = r.received[0]!.payload;
    expect(requested.data).toMatchObject({
      callId: id,
      widgetId: 'support',
      state: 'requested',
      phone: '+919812345678',
      fields: { name: 'Asha' },
      consent: { text: { en: 'Ringback may call me about my request.' } },
      context: lead.context,
      recordingUrl: null,
    });
    const completed = r.received[2]!.payload;
    expect(completed).toMatchObject({
      type: 'call.completed',
      data: {
        callId: id,
        state: 'completed',
        phone: '+919812345678',
        fields: { name: 'Asha' },
        context: lead.context,
        conversationSeconds: 10,
        exotelSid: expect.any(String),
        recordingUrl: expect.stringMatching(/^http.*\.mp3$/),
        attempts: [
          {
            attempt: 1,
            agentId: 'default',
            exotelSid: expect.any(String),
            exotelStatus: 'completed',
            outcome: 'completed',
            recordingUrl: expect.stringMatching(/\.mp3$/),
          },
        ],
      },
    });
    expect(completed.timestamp).toBe(completed.data.updatedAt);
    // The hook sees the recording too.
    expect(h.hookCalls.at(-1)!.call.recordingUrl).toBe(completed.data.recordingUrl);

    const deliveries = await h.server.webhookDeliveries({ callId: id });
    expect(deliveries.map((d) => [d.type, d.state, d.attempts.length])).toEqual([
      ['call.completed', 'delivered', 1],
      ['call.connected', 'delivered', 1],
      ['call.requested', 'delivered', 1],
    ]);
    expect(deliveries[0]!.attempts[0]).toMatchObject({ status: 204, error: null });
    // No secret in any log line.
    expect(JSON.stringify(h.logs)).not.toContain(WEBHOOK_SECRET.slice(6));
  });

  it('sends a missed lead with its reason, and only the events an endpoint asked for', async () => {
    const all = await receiver();
    const missedOnly = await receiver();
    const h = await start([
      endpoint(all),
      endpoint(missedOnly, { url: `${missedOnly.url}?only=missed`, events: ['call.missed'] }),
    ]);
    h.sim.script('+919812345678', { outcome: 'busy', ringSeconds: 1 });
    await h.createCall(lead);
    await h.advance(60_000);
    await h.server.idle();
    expect(all.received.map((w) => w.payload.type)).toEqual(['call.requested', 'call.missed']);
    expect(missedOnly.received.map((w) => [w.payload.type, w.payload.data.reason])).toEqual([
      ['call.missed', 'busy'],
    ]);
    expect(missedOnly.received[0]!.path).toBe('/hooks/ringback?only=missed');
    // Each endpoint gets its own delivery id for the same event.
    expect(missedOnly.received[0]!.id).not.toBe(all.received[1]!.id);
    expect(missedOnly.received[0]!.verifyError).toBeNull();
  });

  it('retries a failing endpoint with backoff: the third attempt carries the same webhook-id', async () => {
    const r = await receiver((seen) => (seen < 2 ? 503 : 200));
    const h = await start([endpoint(r, { events: ['call.requested'] })]);
    await h.createCall(lead);
    await h.server.idle();
    expect(r.received.map((w) => w.status)).toEqual([503]);
    const [pending] = await h.server.webhookDeliveries();
    expect(pending).toMatchObject({
      state: 'pending',
      attempts: [{ status: 503, error: 'http_error' }],
    });
    // The first retry comes within 10 s (5 s ± 20 %), the second within 24 s more.
    expect(pending!.nextAttemptAt! - pending!.attempts[0]!.at).toBeLessThanOrEqual(10_000);
    await h.sim.clock.advance(3000);
    await h.server.deliverWebhooks();
    expect(r.received).toHaveLength(1);
    await h.sim.clock.advance(7000);
    await h.server.deliverWebhooks();
    expect(r.received).toHaveLength(2);
    await h.sim.clock.advance(25_000);
    await h.server.deliverWebhooks();
    expect(r.received.map((w) => w.status)).toEqual([503, 503, 200]);
    expect(new Set(r.received.map((w) => w.id)).size).toBe(1);
    expect(r.received.map((w) => w.verifyError)).toEqual([null, null, null]);
    const [delivered] = await h.server.webhookDeliveries({ state: 'delivered' });
    expect(delivered!.attempts.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(h.logs.filter((l) => l.msg === 'webhook delivery failed')).toHaveLength(2);
  });

  it('gives up after a day, and re-sends on demand with the same webhook-id', async () => {
    let healthy = false;
    const r = await receiver(() => (healthy ? 204 : 500));
    const h = await start([endpoint(r, { events: ['call.requested'] })]);
    await h.createCall(lead);
    await h.server.idle();
    for (let hour = 0; hour < 25; hour++) {
      await h.sim.clock.advance(3600_000);
      await h.server.deliverWebhooks();
    }
    const [failed] = await h.server.webhookDeliveries({ state: 'failed' });
    expect(failed!.attempts.length).toBeGreaterThan(5);
    expect(failed!.attempts.at(-1)!.at - failed!.createdAt).toBe(24 * 3600_000);
    expect(h.logs.some((l) => l.msg === 'webhook delivery given up')).toBe(true);

    const sent = new Set(r.received.map((w) => w.id));
    expect(sent.size).toBe(1);
    await expect(h.server.redeliverWebhook('msg_nope')).rejects.toThrow(RangeError);
    healthy = true;
    const again = await h.server.redeliverWebhook(failed!.id);
    expect(again).toMatchObject({ id: failed!.id, state: 'pending' });
    await h.server.idle();
    // (Its signature is checked in the other tests: a day on, the manual clock is ahead of the receiver's.)
    expect(r.received.at(-1)).toMatchObject({ id: failed!.id, status: 204 });
    expect(await h.server.webhookDeliveries({ state: 'failed' })).toEqual([]);
    const [delivered] = await h.server.webhookDeliveries({ callId: failed!.callId });
    expect(delivered).toMatchObject({ id: failed!.id, state: 'delivered' });
    expect(delivered!.attempts.length).toBe(failed!.attempts.length + 1);
  });
});

describe('webhook targets (SSRF)', () => {
  it('refuses loopback, private, link-local, metadata and names resolving to them, without allowPrivateNetwork', async () => {
    const r = await receiver();
    const port = new URL(r.url).port;
    const targets = [
      `https://127.0.0.1:${port}/a`,
      'https://10.1.2.3/a',
      'https://169.254.169.254/latest/meta-data/',
      `https://[::1]:${port}/a`,
      `https://localhost:${port}/a`,
      'https://[::ffff:192.168.1.10]/a',
      'https://100.64.0.1/a',
    ];
    const h = await start(
      targets.map((url) => ({ url, secret: WEBHOOK_SECRET, events: ['call.requested' as const] })),
    );
    expect((await h.createCall(lead)).status).toBe(202);
    await h.server.idle();
    const deliveries = await h.server.webhookDeliveries();
    expect(deliveries).toHaveLength(targets.length);
    for (const d of deliveries) {
      expect(d.state).toBe('pending');
      expect(d.attempts).toEqual([
        expect.objectContaining({ status: null, error: 'target_not_allowed' }),
      ]);
    }
    expect(r.received).toEqual([]);
    const refused = h.logs.filter((l) => l.error === 'target_not_allowed');
    expect(refused).toHaveLength(targets.length);
    expect(refused.map((l) => l.detail).join('\n')).toMatch(/cloud metadata/);
    expect(refused.map((l) => l.detail).join('\n')).toMatch(
      /localhost resolves to: 127\.0\.0\.1 is a loopback address/,
    );
  });

  it('never follows a redirect: a 3xx is a failed attempt and the Location is never fetched', async () => {
    const elsewhere = await receiver();
    const r = await receiver(() => ({ status: 302, headers: { location: elsewhere.url } }));
    const h = await start([endpoint(r, { events: ['call.requested'] })]);
    await h.createCall(lead);
    await h.server.idle();
    expect(r.received).toHaveLength(1);
    expect(elsewhere.received).toEqual([]);
    const [d] = await h.server.webhookDeliveries();
    expect(d!.attempts).toEqual([
      expect.objectContaining({ status: 302, error: 'redirect_not_followed' }),
    ]);
  });
});
