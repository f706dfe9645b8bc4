// Booked callbacks and automatic retries, end to end on the simulator's manual clock:
// slots listed while the shop is closed, a slot booked, the clock moved to it, and the
// call placed exactly once (by one of two instances on one Redis, too); retries inside
// calling hours and counted by the limits; callbacks found too late expire.
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { WidgetConfig } from '../src/domain/RingbackConfig.js';
import { closedPort, type Harness, ORIGIN, startHarness, T0 } from './harness.js';
import { type Instances, startInstances } from './instances.js';
import { lazyRedisServer } from './redisServer.js';
import { SseReader } from './sse.js';
import { WEBHOOK_SECRET } from './webhookReceiver.js';

const redis = lazyRedisServer();
afterAll(() => redis.close());

let h: Harness | undefined;
let cluster: Instances | undefined;
afterEach(async () => {
  await h?.close();
  await cluster?.close();
  h = cluster = undefined;
});

const PHONE = '+919812345678';
/** T0 is Friday 10:30 in Kolkata: the shop opens at 14:00 (08:30 UTC). */
const closedUntilTwo: Partial<WidgetConfig> = {
  hours: {
    timeZone: 'Asia/Kolkata',
    weekly: { fri: ['14:00-18:00'], sat: ['10:00-13:00'] },
    closedDates: ['2026-11-28'],
  },
  schedule: { slotMinutes: 30, capacityPerSlot: 1, daysAhead: 3 },
};
const TWO_PM = Date.UTC(2026, 10, 27, 8, 30);

interface Booked {
  id: string;
  state: string;
  scheduledFor: string | null;
  retryAt: string | null;
  dialAt: string | null;
  cancelToken: string;
  links: { self: string };
}

async function slots(url: string, query = '') {
  const response = await fetch(`${url}/v1/widgets/support/slots${query}`, {
    headers: { origin: ORIGIN },
  });
  return {
    status: response.status,
    body: (await response.json()) as {
      timeZone: string;
      slotMinutes: number;
      slots: { start: string; end: string }[];
      code?: string;
    },
  };
}

const cancel = (call: Booked, token = call.cancelToken) =>
  fetch(call.links.self, {
    method: 'DELETE',
    headers: { origin: ORIGIN, authorization: `Bearer ${token}` },
  });

describe('booked callbacks', () => {
  it('lists slots while closed, books one, and places it once when its time comes', async () => {
    h = await startHarness({ widget: closedUntilTwo });
    const widget = (await (
      await fetch(`${h.url}/v1/widgets/support`, { headers: { origin: ORIGIN } })
    ).json()) as { open: boolean; schedule: unknown };
    expect(widget).toMatchObject({ open: false, schedule: { slotMinutes: 30, daysAhead: 3 } });
    // A call now is refused: closed.
    expect((await h.createCall({ widgetId: 'support', phone: PHONE })).status).toBe(403);

    const listed = await slots(h.url);
    expect(listed.status).toBe(200);
    expect(listed.body.timeZone).toBe('Asia/Kolkata');
    // Friday 14:00–18:00 (8 slots); Saturday is a closed date; Sunday has no hours.
    expect(listed.body.slots).toHaveLength(8);
    expect(listed.body.slots[0]).toEqual({
      start: new Date(TWO_PM).toISOString(),
      end: new Date(TWO_PM + 30 * 60_000).toISOString(),
    });
    expect((await slots(h.url, '?days=1')).body.slots).toHaveLength(8);

    const created = await h.createCall({
      widgetId: 'support',
      phone: PHONE,
      scheduledFor: listed.body.slots[0]!.start,
    });
    expect(created.status).toBe(202);
    const booked = (await created.json()) as Booked;
    expect(booked).toMatchObject({
      state: 'scheduled',
      scheduledFor: new Date(TWO_PM).toISOString(),
      dialAt: new Date(TWO_PM).toISOString(),
      retryAt: null,
    });
    expect(booked.cancelToken).toBeTruthy();
    // The slot is taken (capacity 1).
    expect((await slots(h.url)).body.slots).toHaveLength(7);

    await h.advance(TWO_PM - T0 - 1);
    await h.server.reconcile();
    expect((await h.simStats()).connectRequests).toBe(0);
    await h.advance(1);
    await Promise.all([h.server.reconcile(), h.server.reconcile()]);
    await h.server.idle();
    expect((await h.simStats()).connectRequests).toBe(1);
    await h.advance(5 * 60_000);
    await h.server.idle();
    expect(await h.getCall(booked.id)).toMatchObject({
      state: 'completed',
      scheduledFor: new Date(TWO_PM).toISOString(),
    });
    expect((await h.simStats()).connectRequests).toBe(1);
    const states = h.hookCalls.filter((c) => c.call.id === booked.id).map((c) => c.event.state);
    expect(states).toEqual([
      'scheduled',
      'requested',
      'dialing-agent',
      'dialing-you',
      'connected',
      'completed',
    ]);
  });

  it('refuses a full, unoffered or disabled slot, and frees a slot when its callback is canceled', async () => {
    h = await startHarness({ widget: closedUntilTwo });
    const slot = new Date(TWO_PM).toISOString();
    const first = (await (
      await h.createCall({ widgetId: 'support', phone: PHONE, scheduledFor: slot })
    ).json()) as Booked;
    const full = await h.createCall({
      widgetId: 'support',
      phone: '+919812345679',
      scheduledFor: slot,
    });
    expect(full.status).toBe(409);
    expect(await full.json()).toMatchObject({ code: 'slot_unavailable' });
    for (const scheduledFor of [
      new Date(TWO_PM + 60_000).toISOString(), // not a slot start
      new Date(T0 - 3_600_000).toISOString(), // past
      '2026-11-28T05:00:00.000Z', // a closed date
    ]) {
      const refused = await h.createCall({
        widgetId: 'support',
        phone: '+919812345679',
        scheduledFor,
      });
      expect(refused.status).toBe(409);
      expect(await refused.json()).toMatchObject({ code: 'slot_unavailable' });
    }
    // A wrong token changes nothing.
    expect((await cancel(first, 'A'.repeat(43))).status).toBe(403);
    expect((await h.getCall(first.id)).state).toBe('scheduled');
    const undone = await cancel(first);
    expect(undone.status).toBe(200);
    expect(await undone.json()).toMatchObject({ state: 'canceled', final: true });
    await h.server.idle();
    expect((await slots(h.url)).body.slots[0]!.start).toBe(slot);
    await h.advance(TWO_PM - T0);
    await h.server.reconcile();
    await h.server.idle();
    expect((await h.simStats()).connectRequests).toBe(0);
  });

  it('tells the business of a booking and of its cancelation in webhooks', async () => {
    // Nobody listens: the deliveries stay in the outbox, which is what is read here.
    const webhooks = [
      {
        url: `http://127.0.0.1:${await closedPort()}/`,
        secret: WEBHOOK_SECRET,
        allowPrivateNetwork: true,
      },
    ];
    h = await startHarness({ widget: closedUntilTwo, config: { webhooks } });
    const booked = (await (
      await h.createCall({
        widgetId: 'support',
        phone: PHONE,
        scheduledFor: new Date(TWO_PM).toISOString(),
      })
    ).json()) as Booked;
    expect((await cancel(booked)).status).toBe(200);
    await h.server.idle();
    const types = async (callId: string) =>
      (await h!.server.webhookDeliveries({ callId })).map((d) => d.type).sort();
    expect(await types(booked.id)).toEqual([
      'call.requested',
      'callback.canceled',
      'callback.scheduled',
    ]);
    const scheduled = (await h.server.webhookDeliveries({ callId: booked.id })).find(
      (d) => d.type === 'callback.scheduled',
    )!;
    expect(JSON.parse(scheduled.body).data).toMatchObject({
      state: 'scheduled',
      scheduledFor: new Date(TWO_PM).toISOString(),
      retryAt: null,
    });
  });

  it('answers scheduling_disabled for a widget without slots', async () => {
    h = await startHarness();
    expect((await slots(h.url)).body).toMatchObject({ code: 'scheduling_disabled' });
    const refused = await h.createCall({
      widgetId: 'support',
      phone: PHONE,
      scheduledFor: new Date(T0 + 3_600_000).toISOString(),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'scheduling_disabled' });
  });

  it('expires a callback found past the staleness window instead of ringing late', async () => {
    h = await startHarness({ widget: closedUntilTwo, config: { callbackStaleSeconds: 300 } });
    const booked = (await (
      await h.createCall({
        widgetId: 'support',
        phone: PHONE,
        scheduledFor: new Date(TWO_PM).toISOString(),
      })
    ).json()) as Booked;
    await h.advance(TWO_PM - T0 + 301_000);
    await h.server.reconcile();
    await h.server.idle();
    expect(await h.getCall(booked.id)).toMatchObject({
      state: 'expired',
      final: true,
      dialAt: null,
    });
    expect((await h.simStats()).connectRequests).toBe(0);
    expect(h.hookCalls.at(-1)!.event.state).toBe('expired');
  });

  it('places a due callback exactly once when two instances on one Redis race for it', async () => {
    const { url } = await redis();
    const store = { type: 'redis' as const, url, prefix: 'sched1' };
    cluster = await startInstances({ stores: [store, store], widget: closedUntilTwo });
    const [a, b] = cluster.instances as [Instances['instances'][0], Instances['instances'][0]];
    const created = await a.createCall({
      widgetId: 'support',
      phone: PHONE,
      scheduledFor: new Date(TWO_PM).toISOString(),
    });
    expect(created.status).toBe(202);
    const booked = (await created.json()) as Booked;
    // The slot is full for both instances.
    expect((await slots(b.url)).body.slots).toHaveLength(7);
    await cluster.advance(TWO_PM - T0);
    await Promise.all([
      a.server.reconcile(),
      b.server.reconcile(),
      a.server.reconcile(),
      b.server.reconcile(),
    ]);
    await Promise.all([a.server.idle(), b.server.idle()]);
    expect((await cluster.simStats()).connectRequests).toBe(1);
    await cluster.advance(5 * 60_000);
    await Promise.all([a.server.reconcile(), b.server.reconcile()]);
    const call = (await (await fetch(`${a.url}/v1/calls/${booked.id}`)).json()) as {
      state: string;
    };
    expect(call.state).toBe('completed');
    expect((await cluster.simStats()).connectRequests).toBe(1);
  });
});

describe('automatic retries', () => {
  const retryWidget: Partial<WidgetConfig> = {
    retry: { visitorMissed: { attempts: 1, afterMinutes: 30 } },
  };

  it('retries a call the visitor missed, in a new round, and completes it', async () => {
    h = await startHarness({ widget: retryWidget });
    h.sim.script(PHONE, [
      { outcome: 'no-answer' },
      { outcome: 'answer', ringSeconds: 1, talkSeconds: 30 },
    ]);
    const created = (await (
      await h.createCall({ widgetId: 'support', phone: PHONE })
    ).json()) as Booked;
    // A stream opened before the miss shows when the retry will be, from the event itself.
    const stream = new SseReader(
      await fetch(`${created.links.self}/events`, { headers: { origin: ORIGIN } }),
    );
    await h.advance(2 * 60_000);
    await h.server.idle();
    const waiting = await h.getCall(created.id);
    expect(waiting).toMatchObject({ state: 'retry-scheduled', final: false });
    await stream.until((s) => s.states().includes('retry-scheduled'));
    const streamed = stream.events.map((e) => JSON.parse(e.data) as Booked);
    // …and that it may still be canceled until then (the widget's Cancel reads `dialAt`).
    expect(streamed.find((c) => c.state === 'retry-scheduled')).toMatchObject({
      retryAt: waiting.retryAt,
      dialAt: waiting.retryAt,
    });
    expect(waiting.dialAt).toBe(waiting.retryAt);
    await stream.cancel();
    const retryAt = Date.parse(waiting.retryAt as string);
    expect(retryAt - T0).toBeGreaterThanOrEqual(30 * 60_000);
    expect(retryAt - T0).toBeLessThan(33 * 60_000);
    await h.advance(retryAt - h.sim.clock.now());
    await h.server.reconcile();
    await h.server.idle();
    expect((await h.simStats()).connectRequests).toBe(2);
    await h.advance(5 * 60_000);
    await h.server.idle();
    expect(await h.getCall(created.id)).toMatchObject({
      state: 'completed',
      attempt: 2,
      retryAt: null,
    });
    const states = h.hookCalls.filter((c) => c.call.id === created.id).map((c) => c.event.state);
    expect(states).toEqual([
      'requested',
      'dialing-agent',
      'dialing-you',
      'retry-scheduled',
      'requested',
      'dialing-agent',
      'dialing-you',
      'connected',
      'completed',
    ]);
  });

  it('holds a retry that falls due while the shop is closed until it opens again', async () => {
    // T0 is Friday 10:30 in Kolkata; the shop closes 11:00–12:00; the retry falls due at 11:15.
    h = await startHarness({
      widget: {
        retry: { visitorMissed: { attempts: 1, afterMinutes: 45 } },
        hours: { timeZone: 'Asia/Kolkata', weekly: { fri: ['10:00-11:00', '12:00-13:00'] } },
      },
    });
    h.sim.script(PHONE, [
      { outcome: 'no-answer' },
      { outcome: 'answer', ringSeconds: 1, talkSeconds: 30 },
    ]);
    const created = (await (
      await h.createCall({ widgetId: 'support', phone: PHONE })
    ).json()) as Booked;
    await h.advance(2 * 60_000);
    await h.server.idle();
    const due = Date.parse((await h.getCall(created.id)).retryAt as string);
    await h.advance(due - h.sim.clock.now());
    await h.server.reconcile();
    await h.server.idle();
    // Not placed, and not spent on finding nobody: it waits for 12:00 (06:30 UTC).
    expect((await h.simStats()).connectRequests).toBe(1);
    expect(await h.getCall(created.id)).toMatchObject({
      state: 'retry-scheduled',
      retryAt: '2026-11-27T06:30:00.000Z',
    });
    await h.advance(Date.UTC(2026, 10, 27, 6, 30) - h.sim.clock.now());
    await h.server.reconcile();
    await h.server.idle();
    await h.advance(5 * 60_000);
    await h.server.idle();
    expect(await h.getCall(created.id)).toMatchObject({ state: 'completed', attempt: 2 });
    expect((await h.simStats()).connectRequests).toBe(2);
  });

  it('moves a retry into calling hours, and counts it by the number’s limits', async () => {
    // 20:50 in Kolkata: a retry 30 minutes later would ring after 21:00.
    h = await startHarness({
      widget: { ...retryWidget, limits: { number: [{ limit: 1, windowSeconds: 86_400 }] } },
      sim: { startTime: Date.UTC(2026, 10, 27, 15, 20) },
    });
    h.sim.script(PHONE, [{ outcome: 'no-answer' }]);
    const created = (await (
      await h.createCall({ widgetId: 'support', phone: PHONE })
    ).json()) as Booked;
    await h.advance(2 * 60_000);
    await h.server.idle();
    const waiting = await h.getCall(created.id);
    expect(waiting).toMatchObject({ state: 'retry-scheduled' });
    // 09:00 the next morning in Kolkata.
    expect(waiting.retryAt).toBe('2026-11-28T03:30:00.000Z');
    await h.advance(Date.parse(waiting.retryAt as string) - h.sim.clock.now());
    await h.server.reconcile();
    await h.server.idle();
    // The number's limit (1 a day) was spent by the visitor's own request: no retry.
    expect(await h.getCall(created.id)).toMatchObject({ state: 'not-answered', final: true });
    expect((await h.simStats()).connectRequests).toBe(1);
  });

  it('counts a retry by the visitor address’s limits too', async () => {
    h = await startHarness({
      widget: { ...retryWidget, limits: { ip: [{ limit: 1, windowSeconds: 86_400 }] } },
    });
    h.sim.script(PHONE, [{ outcome: 'no-answer' }]);
    const created = (await (
      await h.createCall({ widgetId: 'support', phone: PHONE })
    ).json()) as Booked;
    await h.advance(2 * 60_000);
    await h.server.idle();
    const waiting = await h.getCall(created.id);
    expect(waiting).toMatchObject({ state: 'retry-scheduled' });
    await h.advance(Date.parse(waiting.retryAt as string) - h.sim.clock.now());
    await h.server.reconcile();
    await h.server.idle();
    // The address's limit (1 a day) was spent by the request itself: no retry.
    expect(await h.getCall(created.id)).toMatchObject({ state: 'not-answered', final: true });
    expect((await h.simStats()).connectRequests).toBe(1);
  });

  it('stops retrying a number that had 3 rounds in a day, its own requests included', async () => {
    const high = [{ limit: 100, windowSeconds: 3600 }];
    h = await startHarness({
      widget: {
        retry: { visitorMissed: { attempts: 2, afterMinutes: 30 } },
        limits: { ip: high, number: high, distinctNumbersPerIp: high },
      },
    });
    h.sim.script(PHONE, [
      { outcome: 'answer', ringSeconds: 1, talkSeconds: 5 },
      { outcome: 'answer', ringSeconds: 1, talkSeconds: 5 },
      { outcome: 'no-answer' },
    ]);
    for (let i = 0; i < 2; i++) {
      const done = (await (
        await h.createCall({ widgetId: 'support', phone: PHONE })
      ).json()) as Booked;
      await h.advance(2 * 60_000);
      expect((await h.getCall(done.id)).state).toBe('completed');
    }
    const third = (await (
      await h.createCall({ widgetId: 'support', phone: PHONE })
    ).json()) as Booked;
    await h.advance(2 * 60_000);
    await h.server.idle();
    const waiting = await h.getCall(third.id);
    expect(waiting.state).toBe('retry-scheduled');
    await h.advance(Date.parse(waiting.retryAt as string) - h.sim.clock.now());
    await h.server.reconcile();
    await h.server.idle();
    expect(await h.getCall(third.id)).toMatchObject({ state: 'not-answered', final: true });
    expect((await h.simStats()).connectRequests).toBe(3);
    expect(h.logs.some((l) => l.msg === 'retry not placed: limits reached')).toBe(true);
  });
});
