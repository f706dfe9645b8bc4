// Abuse: scripted attackers against the real server and simulator, with the default
// limits of a widget (5 calls per IP per 10 min and 20 per day, 3 per number per hour
// and 10 per day, 3 distinct numbers per IP per hour, 60 per widget per hour). Each
// attack counts what got through against the configured limit, counts the calls Exotel
// actually placed through the simulator's control API, and then checks that a
// legitimate visitor is still served. The results are printed as the README's table.
import { createHmac } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createMemoryStore, type Store, type Verifier, type WidgetConfig } from '@ringback/server';
import { createRedisStore } from '@ringback/server/redis';
import { createSqliteStore } from '@ringback/server/sqlite';
import { afterAll, describe, expect, it } from 'vitest';
import { PAID_RANGES } from './support/arbitraries.js';
import { attackTable, recordAttack } from './support/attackReport.js';
import { httpRequest } from './support/http.js';
import { startRedisServer } from './support/redisServer.js';
import { announceSeed, prng } from './support/seed.js';
import {
  AGENT,
  baseWidget,
  createWorld,
  NO_LIMITS,
  newKey,
  ORIGIN,
  problemOf,
  SECRET,
  type World,
} from './support/world.js';

announceSeed('abuse');

afterAll(() => {
  console.log(`[hardening:abuse] results\n${attackTable()}`);
});

/** Distinct valid Indian mobile numbers. */
const mobile = (n: number) => `+9198${String(10_000_000 + n).slice(-8)}`;
const LEGIT_PHONE = '+919876500001';

async function connects(world: World): Promise<number> {
  return (await world.simStats()).connectsAccepted;
}

/** A visitor from a clean IP calling their own number: served means 202 and one call placed. */
async function legitimateVisitor(world: World, ip = '192.0.2.200'): Promise<string> {
  const before = await connects(world);
  const response = await world.createCall({ widgetId: 'support', phone: LEGIT_PHONE }, { ip });
  if (response.status === 202 && (await connects(world)) === before + 1) return 'served';
  const problem = (await problemOf(response)) as { code?: string; limit?: string };
  return `refused: ${problem.code}${problem.limit ? ` (${problem.limit})` : ''}`;
}

interface Volley {
  requests: number;
  through: number;
  refusals: Record<string, number>;
  upstream: number;
}

/** Sends `count` creates, `spacingMs` of simulated time apart, and tallies the answers. */
async function volley(
  world: World,
  count: number,
  request: (i: number) => {
    phone: string;
    ip: string;
    widgetId?: string;
    headers?: Record<string, string>;
  },
  options: { spacingMs?: number; midway?: () => Promise<void> } = {},
): Promise<Volley> {
  const before = await connects(world);
  const result: Volley = { requests: count, through: 0, refusals: {}, upstream: 0 };
  for (let i = 0; i < count; i++) {
    if (options.spacingMs && i > 0) await world.advance(options.spacingMs);
    if (i === Math.floor(count / 2)) await options.midway?.();
    const { phone, ip, widgetId = 'support', headers } = request(i);
    const response = await world.createCall(
      { widgetId, phone },
      { ip, ...(headers ? { headers } : {}) },
    );
    if (response.status === 202) {
      result.through++;
      await response.body?.cancel();
    } else {
      const problem = (await problemOf(response)) as { code?: string; limit?: string };
      const key = `${problem.code}${problem.limit ? `:${problem.limit}` : ''}`;
      result.refusals[key] = (result.refusals[key] ?? 0) + 1;
    }
  }
  result.upstream = (await connects(world)) - before;
  return result;
}

/**
 * A burst of 1,000 creates against a fresh server: no more than `limit` get through,
 * each one placed exactly one upstream call, and a legitimate visitor is served after it.
 */
async function burstHeld(
  attack: string,
  request: Parameters<typeof volley>[2],
  expected: { limit: number; limitNote: string; legitimateIp?: string },
): Promise<Volley> {
  const world = await createWorld();
  try {
    const v = await volley(world, 1000, request);
    expect(v.through).toBeLessThanOrEqual(expected.limit);
    expect(v.upstream).toBe(v.through);
    const legit = await legitimateVisitor(world, expected.legitimateIp);
    expect(legit).toBe('served');
    recordAttack({
      attack,
      ...v,
      limit: expected.limit,
      limitNote: expected.limitNote,
      legitimateServed: legit,
    });
    return v;
  } finally {
    await world.close();
  }
}

describe('call floods', () => {
  it('one IP cycling 1,000 numbers', async () => {
    const v = await burstHeld(
      'one IP cycling 1,000 numbers (burst)',
      (i) => ({ phone: mobile(i), ip: '203.0.113.66' }),
      { limit: 3, limitNote: '3 distinct numbers per IP per hour' },
    );
    expect(Object.keys(v.refusals).every((k) => k.startsWith('rate_limited'))).toBe(true);
  });

  it('one IP cycling 1,000 numbers over 24 hours', async () => {
    const world = await createWorld();
    try {
      let legit = '';
      const v = await volley(world, 1000, (i) => ({ phone: mobile(i), ip: '203.0.113.67' }), {
        spacingMs: 86_400,
        midway: async () => {
          legit = await legitimateVisitor(world);
        },
      });
      // The whole attack fits in one day: the daily per-IP limit bounds it.
      expect(v.through).toBeLessThanOrEqual(20);
      // Placed calls minus the legitimate visitor's.
      expect(v.upstream - (legit === 'served' ? 1 : 0)).toBe(v.through);
      expect(legit).toBe('served');
      recordAttack({
        attack: 'one IP cycling 1,000 numbers over 24 h',
        ...v,
        upstream: v.upstream - 1,
        limit: 20,
        limitNote: '20 per IP per day',
        legitimateServed: legit,
      });
    } finally {
      await world.close();
    }
  });

  it('one IPv6 /64 rotating its address for each of 1,000 numbers', async () => {
    await burstHeld(
      'one IPv6 /64, a new address per request, 1,000 numbers',
      (i) => ({
        phone: mobile(i),
        ip: `2001:db8:77:1:${(i + 1).toString(16)}:${(i * 7).toString(16)}::1`,
      }),
      {
        limit: 3,
        limitNote: '3 distinct numbers per /64 per hour',
        legitimateIp: '2001:db8:77:2::5',
      },
    );
  });

  it('one IP spoofing X-Forwarded-For behind a trusted proxy, 1,000 numbers', async () => {
    const world = await createWorld({ config: { trustProxy: { header: 'x-forwarded-for' } } });
    try {
      // The attacker writes whatever it likes on the left; the proxy appends the real address.
      const v = await volley(world, 1000, (i) => ({
        phone: mobile(2000 + i),
        ip: '10.0.0.2',
        headers: { 'x-forwarded-for': `198.18.${i >> 8}.${i & 255}, 203.0.113.99` },
      }));
      expect(v.through).toBeLessThanOrEqual(3);
      expect(v.upstream).toBe(v.through);
      // The legitimate visitor comes through the same proxy, from its own address.
      const before = await connects(world);
      const served = await world.createCall(
        { widgetId: 'support', phone: LEGIT_PHONE },
        { ip: '10.0.0.2', headers: { 'x-forwarded-for': '192.0.2.44' } },
      );
      expect(served.status).toBe(202);
      expect(await connects(world)).toBe(before + 1);
      recordAttack({
        attack: 'one IP behind a trusted proxy, spoofing X-Forwarded-For, 1,000 numbers',
        ...v,
        limit: 3,
        limitNote: '3 distinct numbers per IP per hour (the proxy-appended address)',
        legitimateServed: 'served',
      });
    } finally {
      await world.close();
    }
  });

  // Found by attacking the bin as a black box: with trustProxy set, any client that
  // reached the bin directly could write its own X-Forwarded-For and get a fresh budget
  // per request (8 of 8 numbers dialled, limit 3). The header now counts only from `from`.
  it('a client reaching the server directly, rotating X-Forwarded-For: the header is ignored', async () => {
    const world = await createWorld({
      config: { trustProxy: { header: 'x-forwarded-for', from: ['10.0.0.0/8'] } },
    });
    try {
      const v = await volley(world, 1000, (i) => ({
        phone: mobile(5000 + i),
        ip: '203.0.113.50',
        headers: { 'x-forwarded-for': `198.18.${i >> 8}.${i & 255}` },
      }));
      expect(v.through).toBe(3);
      expect(v.upstream).toBe(v.through);
      // The proxy's own visitors are still told apart by the header.
      const served = await world.createCall(
        { widgetId: 'support', phone: LEGIT_PHONE },
        { ip: '10.0.0.2', headers: { 'x-forwarded-for': '192.0.2.45' } },
      );
      expect(served.status).toBe(202);
      recordAttack({
        attack:
          'one IP reaching the server directly, rotating X-Forwarded-For (trustProxy from 10.0.0.0/8), 1,000 numbers',
        ...v,
        limit: 3,
        limitNote:
          '3 distinct numbers per IP per hour (the header counts only from trustProxy.from)',
        legitimateServed: 'served',
      });
    } finally {
      await world.close();
    }
  });

  it('a proxy writing ip:port: one visitor is one bucket whatever its source port', async () => {
    const world = await createWorld({
      config: { trustProxy: { header: 'x-forwarded-for', from: ['10.0.0.0/8'] } },
    });
    try {
      const v = await volley(world, 1000, (i) => ({
        phone: mobile(6000 + i),
        ip: '10.0.0.2',
        headers: { 'x-forwarded-for': `203.0.113.7:${40000 + i}` },
      }));
      expect(v.through).toBe(3);
      recordAttack({
        attack:
          'one IP behind a proxy that writes ip:port (Azure), a new source port per request, 1,000 numbers',
        ...v,
        limit: 3,
        limitNote: '3 distinct numbers per IP per hour (the port is not part of the address)',
        legitimateServed: 'served',
      });
    } finally {
      await world.close();
    }
  });

  it('1,000 IPs calling one victim', async () => {
    await burstHeld(
      '1,000 IPs calling one victim (burst)',
      (i) => ({ phone: '+919812300000', ip: `198.18.${i >> 8}.${i & 255}` }),
      { limit: 3, limitNote: '3 calls per number per hour' },
    );
  });

  it('1,000 IPs calling one victim over 24 hours', async () => {
    const world = await createWorld();
    try {
      let legit = '';
      const v = await volley(
        world,
        1000,
        (i) => ({ phone: '+919812300001', ip: `198.19.${i >> 8}.${i & 255}` }),
        {
          spacingMs: 86_400,
          midway: async () => {
            legit = await legitimateVisitor(world);
          },
        },
      );
      expect(v.through).toBeLessThanOrEqual(10);
      expect(legit).toBe('served');
      expect(v.upstream - 1).toBe(v.through);
      recordAttack({
        attack: '1,000 IPs calling one victim over 24 h',
        ...v,
        upstream: v.upstream - 1,
        limit: 10,
        limitNote: '10 calls per number per day',
        legitimateServed: legit,
      });
    } finally {
      await world.close();
    }
  });

  it('1,000 IPs calling one victim, spelling the number differently each time', async () => {
    const spellings = [
      '+919812300002',
      '09812300002',
      '9812300002',
      '+91 98123 00002',
      '+91-98123-00002',
      '＋９１９８１２３００００２',
      '٩٨١٢٣٠٠٠٠٢',
      '(0) 98123 00002',
    ];
    await burstHeld(
      '1,000 IPs, one victim in 8 spellings',
      (i) => ({ phone: spellings[i % spellings.length]!, ip: `198.51.${i >> 8}.${i & 255}` }),
      { limit: 3, limitNote: '3 calls per number per hour (counted on E.164)' },
    );
  });

  it('premium-rate, toll-free, foreign and the business’s own numbers', async () => {
    const world = await createWorld();
    try {
      const targets = [
        ...PAID_RANGES.map((range) => `${range} 1234567`.slice(0, 18)),
        '+447911123456', // GB mobile: country not allowed
        '+4915112345678', // DE mobile
        '+12015550123', // US
        '+8613812345678', // CN mobile
        '+923001234567', // PK mobile
        AGENT, // the agent's own phone
        '+918047112400', // the ExoPhone
      ];
      const random = prng();
      const v = await volley(world, 1000, (i) => ({
        phone: targets[Math.floor(random() * targets.length)]!,
        ip: `100.64.${i >> 8}.${i & 255}`,
      }));
      expect(v.through).toBe(0);
      expect(v.upstream).toBe(0);
      expect(Object.keys(v.refusals).sort()).toEqual(
        expect.arrayContaining([
          'country_not_allowed',
          'number_type_not_allowed',
          'number_blocked',
        ]),
      );
      for (const code of Object.keys(v.refusals))
        expect([
          'country_not_allowed',
          'number_type_not_allowed',
          'number_blocked',
          'invalid_phone',
        ]).toContain(code);
      const legit = await legitimateVisitor(world);
      expect(legit).toBe('served');
      recordAttack({
        attack: 'premium-rate / toll-free / foreign / own numbers, 1,000 IPs',
        ...v,
        limit: 0,
        limitNote: 'country and number-type allowlists',
        legitimateServed: legit,
      });
    } finally {
      await world.close();
    }
  });

  it('1,000 IPs and 1,000 numbers: the widget limit holds, at the cost of legitimate visitors', async () => {
    const world = await createWorld();
    try {
      const v = await volley(world, 1000, (i) => ({
        phone: mobile(5000 + i),
        ip: `192.88.${i >> 8}.${i & 255}`,
      }));
      expect(v.through).toBeLessThanOrEqual(60);
      expect(v.upstream).toBe(v.through);
      // By design the per-widget limit is shared: once an attacker with enough addresses
      // has spent it, legitimate visitors are refused too (with an honest Retry-After).
      const legit = await legitimateVisitor(world);
      expect(legit).toBe('refused: rate_limited (widget)');
      recordAttack({
        attack: '1,000 IPs × 1,000 numbers (distributed)',
        ...v,
        limit: 60,
        limitNote: '60 per widget per hour',
        legitimateServed: 'refused: widget limit spent (by design)',
      });
    } finally {
      await world.close();
    }
  });
});

describe('booked callbacks', () => {
  /** Open round the clock, 30-minute slots of 2 places; pending: 1 per number, 3 per address. */
  const scheduling = (limits?: typeof NO_LIMITS) => ({
    ...baseWidget,
    ...(limits ? { limits } : {}),
    hours: {
      timeZone: 'Asia/Kolkata',
      weekly: Object.fromEntries(
        ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((d) => [d, ['00:00-24:00']]),
      ),
    },
    schedule: { slotMinutes: 30, capacityPerSlot: 2 },
  });

  /** The first slots the widget lists: all inside calling hours (Friday 11:00 IST on). */
  async function firstSlots(world: World): Promise<string[]> {
    const response = await world.request('/v1/widgets/support/slots', {
      headers: { origin: ORIGIN },
    });
    return ((await response.json()) as { slots: { start: string }[] }).slots.map((s) => s.start);
  }

  async function bookings(
    world: World,
    count: number,
    request: (i: number, slots: string[]) => { phone: string; ip: string; scheduledFor: string },
  ): Promise<Volley> {
    const slots = await firstSlots(world);
    const before = await connects(world);
    const result: Volley = { requests: count, through: 0, refusals: {}, upstream: 0 };
    for (let i = 0; i < count; i++) {
      const { phone, ip, scheduledFor } = request(i, slots);
      const response = await world.createCall({ widgetId: 'support', phone, scheduledFor }, { ip });
      if (response.status === 202) {
        result.through++;
        await response.body?.cancel();
      } else {
        const problem = (await problemOf(response)) as { code?: string; limit?: string };
        const key = `${problem.code}${problem.limit ? `:${problem.limit}` : ''}`;
        result.refusals[key] = (result.refusals[key] ?? 0) + 1;
      }
    }
    result.upstream = (await connects(world)) - before;
    return result;
  }

  async function attack(
    name: string,
    widget: WidgetConfig,
    request: Parameters<typeof bookings>[2],
    expected: { limit: number; limitNote: string },
  ) {
    const world = await createWorld({ widgets: [widget] });
    try {
      const v = await bookings(world, 300, request);
      expect(v.through).toBeLessThanOrEqual(expected.limit);
      // Nothing is dialled before a slot's time.
      expect(v.upstream).toBe(0);
      const legit = await legitimateVisitor(world);
      expect(legit).toBe('served');
      recordAttack({ attack: name, ...v, ...expected, legitimateServed: legit });
      return v;
    } finally {
      await world.close();
    }
  }

  it('one IP booking callbacks for 300 numbers', async () => {
    const v = await attack(
      'one IP booking callbacks for 300 numbers',
      scheduling(NO_LIMITS),
      (i, slots) => ({ phone: mobile(i), ip: '203.0.113.50', scheduledFor: slots[i % 40]! }),
      { limit: 3, limitNote: 'schedule.maxPendingPerIp (3)' },
    );
    expect(v.refusals).toMatchObject({ too_many_scheduled: expect.any(Number) });
  });

  it('300 IPs booking callbacks to one victim', async () => {
    await attack(
      '300 IPs booking callbacks to one victim',
      scheduling(NO_LIMITS),
      (i, slots) => ({
        phone: '+919812300001',
        ip: `10.${(i >> 8) & 255}.${i & 255}.7`,
        scheduledFor: slots[i % 40]!,
      }),
      { limit: 1, limitNote: 'schedule.maxPendingPerNumber (1)' },
    );
  });

  it('300 IPs and 300 numbers booking one slot', async () => {
    await attack(
      '300 IPs and 300 numbers booking one slot',
      scheduling(NO_LIMITS),
      (i, slots) => ({
        phone: mobile(i),
        ip: `10.${(i >> 8) & 255}.${i & 255}.9`,
        scheduledFor: slots[0]!,
      }),
      { limit: 2, limitNote: 'schedule.capacityPerSlot (2)' },
    );
  });

  it('booking is charged by the default visitor limits', async () => {
    await attack(
      'one IP booking callbacks, default limits',
      { ...scheduling(), schedule: { slotMinutes: 30, maxPendingPerIp: 50 } },
      (i, slots) => ({ phone: mobile(i), ip: '203.0.113.51', scheduledFor: slots[i % 40]! }),
      { limit: 3, limitNote: 'distinct numbers per IP (3 per hour)' },
    );
  });

  it('300 cancels with forged tokens change nothing', async () => {
    const world = await createWorld({ widgets: [scheduling(NO_LIMITS)] });
    try {
      const [slot] = await firstSlots(world);
      const response = await world.createCall({
        widgetId: 'support',
        phone: '+919812300002',
        scheduledFor: slot,
      });
      const call = (await response.json()) as { id: string; cancelToken: string };
      const random = prng();
      let through = 0;
      for (let i = 0; i < 300; i++) {
        const forged =
          i % 3 === 0
            ? call.cancelToken.slice(0, -1) + (call.cancelToken.endsWith('A') ? 'B' : 'A')
            : Array.from(
                { length: 43 },
                () => 'ABCDEFabcdef0123456789_-'[Math.floor(random() * 24)],
              ).join('');
        const answer = await world.request(`/v1/calls/${call.id}`, {
          method: 'DELETE',
          headers: { origin: ORIGIN, authorization: `Bearer ${forged}` },
        });
        if (answer.status !== 403) through++;
        await answer.body?.cancel();
      }
      const after = (await (await world.request(`/v1/calls/${call.id}`)).json()) as {
        state: string;
      };
      expect(after.state).toBe('scheduled');
      expect(through).toBe(0);
      recordAttack({
        attack: '300 cancels of a booked callback with forged tokens',
        requests: 300,
        through,
        limit: 0,
        limitNote: 'the cancelToken (HMAC of the call id)',
        upstream: null,
        legitimateServed: 'served',
      });
    } finally {
      await world.close();
    }
  });
});

describe('distributed abuse with a verifier: challenge instead of closing the door', () => {
  /** A human-verification provider that passes people (tokens they earn) and no script. */
  const humans: Verifier = {
    provider: 'turnstile',
    siteKey: 'site-key',
    verify: async (token) =>
      token.startsWith('human-')
        ? { ok: true }
        : { ok: false, reason: 'rejected', errorCodes: ['invalid-input-response'] },
  };

  it('1,000 IPs × 1,000 numbers: past half the widget budget every new call needs a challenge; people still get through', async () => {
    const world = await createWorld({
      widgets: [{ ...baseWidget, verification: humans, verifyWhen: 'under-pressure' }],
    });
    try {
      const v = await volley(world, 1000, (i) => ({
        phone: mobile(7000 + i),
        ip: `192.89.${i >> 8}.${i & 255}`,
      }));
      // Half the widget's 60 an hour, then only with a solved challenge.
      expect(v.through).toBe(30);
      expect(v.upstream).toBe(30);
      expect(v.refusals).toEqual({ verification_required: 970 });
      // A person arriving now is asked to verify, does, and is called, past the widget limit.
      const asked = await world.createCall(
        { widgetId: 'support', phone: LEGIT_PHONE },
        { ip: '192.0.2.200', key: 'legit-under-pressure-1' },
      );
      expect((await problemOf(asked)).code).toBe('verification_required');
      const served = [];
      for (let i = 0; i < 40; i++) {
        const response = await world.createCall(
          { widgetId: 'support', phone: mobile(9000 + i), verificationToken: `human-${i}` },
          { ip: `192.0.3.${i}` },
        );
        served.push(response.status);
      }
      expect(served.filter((s) => s === 202)).toHaveLength(40);
      recordAttack({
        attack:
          '1,000 IPs × 1,000 numbers, widget with a verifier under pressure (verifyWhen: under-pressure)',
        ...v,
        limit: 30,
        limitNote: 'half the widget budget, then a solved challenge per call',
        legitimateServed: 'served (40 of 40 verified visitors, past the widget limit)',
      });
    } finally {
      await world.close();
    }
  });

  it('without pressure nobody is asked to verify', async () => {
    const world = await createWorld({
      widgets: [{ ...baseWidget, verification: humans, verifyWhen: 'under-pressure' }],
    });
    try {
      expect(await legitimateVisitor(world)).toBe('served');
    } finally {
      await world.close();
    }
  });
});

describe('concurrent floods against each store', () => {
  const stores: { name: string; open(): Promise<{ store: Store; close(): Promise<void> }> }[] = [
    {
      name: 'memory',
      open: async () => {
        const store = createMemoryStore();
        return { store, close: () => store.close() };
      },
    },
    {
      name: 'SQLite',
      open: async () => {
        const dir = await mkdtemp(join(tmpdir(), 'ringback-hardening-race-'));
        const store = await createSqliteStore({ path: join(dir, 'race.db') });
        return {
          store,
          async close() {
            await store.close();
            await rm(dir, { recursive: true, force: true });
          },
        };
      },
    },
    {
      name: 'Redis',
      open: async () => {
        const redis = await startRedisServer();
        const store = await createRedisStore({ url: redis.url, prefix: 'hardening-race' });
        return {
          store,
          async close() {
            await store.close();
            await redis.stop();
          },
        };
      },
    },
  ];

  for (const { name, open } of stores) {
    it(`${name}: 200 simultaneous creates from one IP and 200 at one victim stay within the limits`, async () => {
      const opened = await open();
      const world = await createWorld({ store: opened.store });
      try {
        const before = await connects(world);
        // All at once: a limiter that checks and records in two steps lets a burst through.
        const fromOneIp = await Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            world.createCall(
              { widgetId: 'support', phone: mobile(3000 + i) },
              { ip: '203.0.113.80' },
            ),
          ),
        );
        const atOneVictim = await Promise.all(
          Array.from({ length: 200 }, (_, i) =>
            world.createCall(
              { widgetId: 'support', phone: '+919812300050' },
              { ip: `198.18.200.${i}` },
            ),
          ),
        );
        const ipThrough = fromOneIp.filter((r) => r.status === 202).length;
        const victimThrough = atOneVictim.filter((r) => r.status === 202).length;
        for (const r of fromOneIp) {
          expect([202, 429]).toContain(r.status);
          await r.body?.cancel();
        }
        // At one victim: one live call per number, so the rest are `call_in_progress` (or
        // the number's limit, for those that raced past the check).
        for (const r of atOneVictim) {
          expect([202, 409, 429]).toContain(r.status);
          await r.body?.cancel();
        }
        const upstream = (await connects(world)) - before;
        expect(ipThrough).toBeLessThanOrEqual(3);
        expect(victimThrough).toBe(1);
        expect(upstream).toBe(ipThrough + victimThrough);
        const legit = await legitimateVisitor(world);
        expect(legit).toBe('served');
        recordAttack({
          attack: `200 simultaneous creates from one IP, ${name} store`,
          requests: 200,
          through: ipThrough,
          upstream: ipThrough,
          limit: 3,
          limitNote: '3 distinct numbers per IP per hour',
          legitimateServed: legit,
        });
        recordAttack({
          attack: `200 simultaneous creates at one victim, ${name} store`,
          requests: 200,
          through: victimThrough,
          upstream: victimThrough,
          limit: 3,
          limitNote: '3 calls per number per hour',
          legitimateServed: legit,
        });
      } finally {
        await world.close();
        await opened.close();
      }
    });
  }
});

describe('webhook targets', () => {
  it('endpoints that lead to internal services: nothing reaches them, calls are still served', async () => {
    let internalHits = 0;
    const internal = createServer((_req, res) => {
      internalHits++;
      res.writeHead(200).end('{"AccessKeyId":"internal"}');
    });
    await new Promise<void>((done) => internal.listen(0, '127.0.0.1', done));
    const port = (internal.address() as AddressInfo).port;
    const secret = 'whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw7SGvIp0Wlrs=';
    // What a mistaken config, or a name whose DNS an attacker controls, points at.
    const targets = [
      `https://localhost:${port}/hook`,
      `https://127.0.0.1:${port}/hook`,
      `https://[::ffff:127.0.0.1]:${port}/hook`,
      'https://169.254.169.254/latest/meta-data/iam/security-credentials/',
      'https://[fd00:ec2::254]/latest/meta-data/',
      'https://10.0.0.1/admin',
    ];
    const world = await createWorld({
      config: { webhooks: targets.map((url) => ({ url, secret })) },
    });
    try {
      const calls = 20;
      for (let i = 0; i < calls; i++)
        await world.createCall(
          { widgetId: 'support', phone: mobile(7000 + i) },
          { ip: `203.0.113.${i + 1}` },
        );
      await world.server.idle();
      const deliveries = await world.server.webhookDeliveries({ limit: 1000 });
      const attempts = deliveries.flatMap((d) => d.attempts);
      expect(deliveries.length).toBeGreaterThanOrEqual(calls * targets.length);
      expect(attempts.length).toBe(deliveries.length);
      expect(new Set(attempts.map((a) => a.error))).toEqual(new Set(['target_not_allowed']));
      expect(internalHits).toBe(0);
      recordAttack({
        attack:
          'webhook endpoints on loopback, private and metadata addresses (20 calls, 6 endpoints)',
        requests: attempts.length,
        through: internalHits,
        limit: 0,
        limitNote: 'refused after DNS resolution, `target_not_allowed`',
        upstream: null,
        legitimateServed: await legitimateVisitor(world),
      });
    } finally {
      await world.close();
      await new Promise<void>((done) => internal.close(() => done()));
    }
  });
});

describe('origins', () => {
  const FOREIGN_ORIGINS: (string | null)[] = [
    'https://evil.test',
    null,
    'null',
    'https://shop.example.com.evil.test',
    'https://shop.example.com/',
    'http://shop.example.com',
    'https://shop.example.com:8443',
    'https://SHOP.EXAMPLE.COM',
    'https://evil.test, https://shop.example.com',
    'https://xn--shp-example-9ib.com',
  ];

  it('cross-origin, missing and forged Origin headers over HTTP', async () => {
    const world = await createWorld({ http: true });
    try {
      const before = await connects(world);
      let requests = 0;
      let through = 0;
      const seed = await httpRequest(`${world.url}/v1/calls`, {
        method: 'POST',
        headers: {
          origin: ORIGIN,
          'content-type': 'application/json',
          'idempotency-key': newKey(),
        },
        body: JSON.stringify({ widgetId: 'support', phone: mobile(900) }),
        localAddress: '127.0.0.2',
      });
      expect(seed.status).toBe(202);
      const { id } = JSON.parse(await seed.text()) as { id: string };

      for (const origin of FOREIGN_ORIGINS) {
        const originHeader: Record<string, string> = origin === null ? {} : { origin };
        const created = await httpRequest(`${world.url}/v1/calls`, {
          method: 'POST',
          headers: {
            ...originHeader,
            'content-type': 'application/json',
            'idempotency-key': newKey(),
          },
          body: JSON.stringify({ widgetId: 'support', phone: mobile(901) }),
        });
        requests++;
        if (created.status === 202) through++;
        expect(created.status, String(origin)).toBe(403);
        expect(JSON.parse(await created.text())).toMatchObject({ code: 'origin_not_allowed' });
        expect(created.headers['access-control-allow-origin']).toBeUndefined();

        const preflight = await httpRequest(`${world.url}/v1/calls`, {
          method: 'OPTIONS',
          headers: {
            ...originHeader,
            'access-control-request-method': 'POST',
            'access-control-request-headers': 'content-type, idempotency-key',
          },
        });
        requests++;
        expect(preflight.status).toBe(403);
        expect(preflight.headers['access-control-allow-origin']).toBeUndefined();
        expect(preflight.headers['access-control-allow-methods']).toBeUndefined();
        await preflight.text();

        if (origin !== null) {
          // Another site's page may not read the widget or someone's call either.
          for (const path of ['/v1/widgets/support', `/v1/calls/${id}`, `/v1/calls/${id}/events`]) {
            const read = await httpRequest(`${world.url}${path}`, { headers: { origin } });
            requests++;
            expect(read.status, `${origin} ${path}`).toBe(403);
            const body = await read.text();
            if (path === '/v1/widgets/support') {
              // The widget's config refusal is readable by that page, so its developer
              // learns the origin is not listed; it carries nothing but that.
              expect(read.headers['access-control-allow-origin']).toBe(origin);
              expect(JSON.parse(body)).toMatchObject({ code: 'origin_not_allowed' });
              expect(body).not.toMatch(/9876543210|08047112400|countries/);
            } else expect(read.headers['access-control-allow-origin']).toBeUndefined();
          }
        }
      }
      expect(through).toBe(0);
      // The seed call only.
      const upstream = (await connects(world)) - before - 1;
      expect(upstream).toBe(0);

      // The real site, meanwhile, is served and gets its CORS headers.
      const legit = await httpRequest(`${world.url}/v1/calls`, {
        method: 'POST',
        headers: {
          origin: ORIGIN,
          'content-type': 'application/json',
          'idempotency-key': newKey(),
        },
        body: JSON.stringify({ widgetId: 'support', phone: LEGIT_PHONE }),
        localAddress: '127.0.0.3',
      });
      expect(legit.status).toBe(202);
      expect(legit.headers['access-control-allow-origin']).toBe(ORIGIN);
      await legit.text();
      recordAttack({
        attack: 'cross-origin / missing / forged Origin (HTTP)',
        requests,
        through,
        upstream,
        limit: 0,
        limitNote: 'allowedOrigins',
        legitimateServed: 'served',
      });
    } finally {
      await world.close();
    }
  });

  it('a script sending the allowed Origin (not a browser) is still held by the rate limits', async () => {
    const world = await createWorld({ http: true });
    try {
      const before = await connects(world);
      let through = 0;
      for (let i = 0; i < 200; i++) {
        const created = await httpRequest(`${world.url}/v1/calls`, {
          method: 'POST',
          headers: {
            origin: ORIGIN,
            'content-type': 'application/json',
            'idempotency-key': newKey(),
          },
          body: JSON.stringify({ widgetId: 'support', phone: mobile(1000 + i) }),
        });
        if (created.status === 202) through++;
        await created.text();
      }
      const upstream = (await connects(world)) - before;
      expect(through).toBeLessThanOrEqual(3);
      expect(upstream).toBe(through);
      const legit = await httpRequest(`${world.url}/v1/calls`, {
        method: 'POST',
        headers: {
          origin: ORIGIN,
          'content-type': 'application/json',
          'idempotency-key': newKey(),
        },
        body: JSON.stringify({ widgetId: 'support', phone: LEGIT_PHONE }),
        localAddress: '127.0.0.2',
      });
      expect(legit.status).toBe(202);
      await legit.text();
      recordAttack({
        attack: 'script forging the allowed Origin, 200 numbers (HTTP)',
        requests: 200,
        through,
        upstream,
        limit: 3,
        limitNote: '3 distinct numbers per IP per hour',
        legitimateServed: 'served',
      });
    } finally {
      await world.close();
    }
  });
});

describe('StatusCallback tokens', () => {
  /** The token the server would sign for `callId` with `secret` (same HMAC, same purpose prefix). */
  const sign = (secret: string, callId: string) =>
    createHmac('sha256', secret)
      .update(`ringback/status-callback/v1:${callId}`)
      .digest('base64url');

  it('forged, replayed and cross-call tokens change nothing', async () => {
    const world = await createWorld();
    try {
      // Two live calls whose people act only when told.
      world.sim.script(AGENT, { outcome: 'manual' });
      const ids: string[] = [];
      for (const phone of ['+919812300010', '+919812300011']) {
        world.sim.script(phone, { outcome: 'manual' });
        const response = await world.createCall({ widgetId: 'support', phone });
        expect(response.status).toBe(202);
        ids.push(((await response.json()) as { id: string }).id);
      }
      const [a, b] = ids as [string, string];
      const placed = world.sim.calls();
      const sidOf = (id: string) => placed.find((c) => c.params.customField === id)!.sid;
      const tokenOf = (id: string) =>
        new URL(
          placed.find((c) => c.params.customField === id)!.params.statusCallback!,
        ).searchParams.get('token')!;
      // Control: the forging method reproduces the real token, so a wrong secret is a fair test.
      expect(sign(SECRET, a)).toBe(tokenOf(a));

      world.sim.act(sidOf(a), 1, 'answer');
      await world.sim.settle();
      const genuineAnswered = world.sim.deliveries({ callSid: sidOf(a) })[0]!;
      expect(genuineAnswered.attempts[0]?.status).toBe(200);

      const body = (fields: Record<string, unknown>) => JSON.stringify(fields);
      const answered = (sid: string) =>
        body({
          CallSid: sid,
          EventType: 'answered',
          Status: 'in-progress',
          Legs: [{ Status: 'in-progress' }, { Status: 'in-progress' }],
        });
      const terminal = (sid: string, customField: string) =>
        body({
          CallSid: sid,
          EventType: 'terminal',
          Status: 'completed',
          ConversationDuration: 99,
          CustomField: customField,
          Legs: [{ Status: 'completed' }, { Status: 'completed' }],
        });
      const flip = (token: string) =>
        token.slice(0, 10) + (token[10] === 'A' ? 'B' : 'A') + token.slice(11);
      const random = prng();
      const randomToken = () =>
        Array.from({ length: 43 }, () =>
          'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_'.charAt(
            Math.floor(random() * 64),
          ),
        ).join('');

      const forged: { name: string; query: string; body: string }[] = [
        { name: 'no token', query: `call=${a}`, body: answered(sidOf(a)) },
        { name: 'empty token', query: `call=${a}&token=`, body: answered(sidOf(a)) },
        {
          name: "B's token on A",
          query: `call=${a}&token=${tokenOf(b)}`,
          body: answered(sidOf(a)),
        },
        {
          name: "A's token naming B",
          query: `call=${b}&token=${tokenOf(a)}`,
          body: answered(sidOf(b)),
        },
        {
          name: "A's token, B's CallSid",
          query: `call=${a}&token=${tokenOf(a)}`,
          body: answered(sidOf(b)),
        },
        {
          name: "A's token, B's CustomField",
          query: `call=${a}&token=${tokenOf(a)}`,
          body: terminal(sidOf(a), b),
        },
        {
          name: 'another secret',
          query: `call=${a}&token=${sign('another-secret-0123456789-abcdefghijkl', a)}`,
          body: answered(sidOf(a)),
        },
        {
          name: 'one character changed',
          query: `call=${a}&token=${flip(tokenOf(a))}`,
          body: answered(sidOf(a)),
        },
        { name: 'padded', query: `call=${a}&token=${tokenOf(a)}=`, body: answered(sidOf(a)) },
        { name: 'no call', query: `token=${tokenOf(a)}`, body: answered(sidOf(a)) },
        ...Array.from({ length: 300 }, () => ({
          name: 'random token',
          query: `call=${a}&token=${randomToken()}`,
          body: answered(sidOf(a)),
        })),
      ];

      const snapshot = async () =>
        JSON.stringify([await world.store.getCall(a), await world.store.getCall(b)]);
      const send = (query: string, text: string) =>
        world.request(`/v1/exotel/status-callback?${query}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: text,
        });
      const before = await world.simStats();
      let through = 0;
      let requests = 0;
      for (const attempt of forged) {
        const was = await snapshot();
        const response = await send(attempt.query, attempt.body);
        requests++;
        expect(response.status, attempt.name).toBe(403);
        expect(await problemOf(response)).toMatchObject({ code: 'callback_forbidden' });
        if ((await snapshot()) !== was) through++;
      }

      // Replays of genuine callbacks: acknowledged (Exotel must stop retrying), changing nothing.
      world.sim.act(sidOf(a), 2, 'answer');
      await world.sim.settle();
      expect((await world.store.getCall(a))!.state).toBe('connected');
      const replay = async (payload: Record<string, unknown>, times: number) => {
        for (let i = 0; i < times; i++) {
          const was = await snapshot();
          const response = await send(`call=${a}&token=${tokenOf(a)}`, JSON.stringify(payload));
          requests++;
          expect(response.status).toBe(200);
          if ((await snapshot()) !== was) through++;
        }
      };
      await replay(genuineAnswered.payload, 20);
      world.sim.act(sidOf(a), 2, 'hangup');
      await world.sim.settle();
      const ended = await world.store.getCall(a);
      expect(ended!.state).toBe('completed');
      const genuineTerminal = world.sim
        .deliveries({ callSid: sidOf(a) })
        .find((d) => d.event === 'terminal')!;
      await replay(genuineTerminal.payload, 20);
      await replay(genuineAnswered.payload, 20);
      expect(await world.store.getCall(a)).toEqual(ended);

      expect(through).toBe(0);
      const after = await world.simStats();
      expect(after.requests).toBe(before.requests);
      const legit = await legitimateVisitor(world);
      expect(legit).toBe('served');
      recordAttack({
        attack: 'forged / cross-call / replayed callback tokens',
        requests,
        through,
        upstream: after.connectsAccepted - before.connectsAccepted,
        limit: 0,
        limitNote: 'per-call HMAC token, CallSid and CustomField bound to the call',
        legitimateServed: legit,
      });
    } finally {
      await world.close();
    }
  });
});

describe('event streams', () => {
  const STREAMS = 200;
  /** The cap a fix should introduce; the server has none today (see the report). */
  const MAX_STREAMS_PER_IP = 20;

  async function flood(world: World, id: string) {
    const streams = [];
    for (let i = 0; i < STREAMS; i++)
      streams.push(
        await httpRequest(`${world.url}/v1/calls/${id}/events`, { headers: { origin: ORIGIN } }),
      );
    return streams;
  }

  async function liveCall(world: World): Promise<string> {
    world.sim.script(AGENT, { outcome: 'manual' });
    const response = await httpRequest(`${world.url}/v1/calls`, {
      method: 'POST',
      headers: { origin: ORIGIN, 'content-type': 'application/json', 'idempotency-key': newKey() },
      body: JSON.stringify({ widgetId: 'support', phone: mobile(77) }),
      localAddress: '127.0.0.9',
    });
    expect(response.status).toBe(202);
    return (JSON.parse(await response.text()) as { id: string }).id;
  }

  it('one IP opening 200 streams: legitimate visitors still stream and call', async () => {
    const world = await createWorld({ http: true });
    const streams: Awaited<ReturnType<typeof flood>> = [];
    try {
      const id = await liveCall(world);
      streams.push(...(await flood(world, id)));
      const held = streams.filter(
        (s) =>
          s.status === 200 && String(s.headers['content-type']).startsWith('text/event-stream'),
      ).length;

      const own = await httpRequest(`${world.url}/v1/calls/${id}/events`, {
        headers: { origin: ORIGIN },
        localAddress: '127.0.0.2',
      });
      expect(own.status).toBe(200);
      let seen = '';
      const first = await new Promise<string>((resolve) =>
        own.response.on('data', (chunk: Buffer) => {
          seen += chunk.toString();
          if (seen.includes('"state":')) resolve(seen);
        }),
      );
      expect(first).toContain('"state":"dialing-agent"');
      own.close();
      const legit = await httpRequest(`${world.url}/v1/calls`, {
        method: 'POST',
        headers: {
          origin: ORIGIN,
          'content-type': 'application/json',
          'idempotency-key': newKey(),
        },
        body: JSON.stringify({ widgetId: 'support', phone: LEGIT_PHONE }),
        localAddress: '127.0.0.2',
      });
      expect(legit.status).toBe(202);
      await legit.text();
      recordAttack({
        attack: 'SSE exhaustion: one IP, 200 streams (HTTP)',
        requests: STREAMS,
        through: held,
        upstream: null,
        limit: MAX_STREAMS_PER_IP,
        limitNote: 'maxStreamsPerIp (default 20); the rest get 429 rate_limited',
        legitimateServed: 'served',
      });
    } finally {
      for (const s of streams) s.close();
      await world.close();
    }
  });

  // One address once held any number of streams, each with a store subscription and a
  // heartbeat timer; `maxStreamsPerIp` caps them.
  it(`caps event streams per IP (at most ${MAX_STREAMS_PER_IP}; the rest get 429)`, async () => {
    const world = await createWorld({ http: true });
    const streams: Awaited<ReturnType<typeof flood>> = [];
    try {
      const id = await liveCall(world);
      streams.push(...(await flood(world, id)));
      const held = streams.filter((s) => s.status === 200).length;
      expect(held).toBeLessThanOrEqual(MAX_STREAMS_PER_IP);
      const refused = streams.filter((s) => s.status !== 200);
      for (const s of refused) {
        expect(s.status).toBe(429);
        expect(JSON.parse(await s.text())).toMatchObject({ code: 'rate_limited' });
      }
    } finally {
      for (const s of streams) s.close();
      await world.close();
    }
  });
});
