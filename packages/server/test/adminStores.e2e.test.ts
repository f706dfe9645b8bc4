// The operator API on each store (memory, SQLite, Redis): sessions, listing and the stats
// kept as calls change, after a few calls the simulator really placed.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ttcBin, ttcBinValue } from '../src/domain/callStats.js';
import type { Store } from '../src/domain/Store.js';
import { createRedisStore } from '../src/redis.js';
import { createMemoryStore } from '../src/store/memoryStore.js';
import { createSqliteStore } from '../src/store/sqliteStore.js';
import {
  adminFetch,
  logIn,
  OPERATOR,
  runToEnd,
  startAdminHarness,
  VIEWER,
  visitorCall,
} from './adminHarness.js';
import { T0 } from './harness.js';
import { lazyRedisServer } from './redisServer.js';
import { SseReader } from './sse.js';

const redis = lazyRedisServer();
const dirs: string[] = [];
afterAll(async () => {
  await redis.close();
  for (const dir of dirs) await rm(dir, { recursive: true, force: true });
});

const stores: Record<string, () => Promise<Store>> = {
  memory: async () => createMemoryStore(),
  sqlite: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ringback-admin-'));
    dirs.push(dir);
    return createSqliteStore({ path: join(dir, 'ringback.db') });
  },
  redis: async () =>
    createRedisStore({
      url: (await redis()).url,
      prefix: `admin-${Math.random().toString(36).slice(2)}`,
    }),
};

const H = 3_600_000;
const VISITORS = { answers: '+919812340001', busy: '+919812340002', silent: '+919812340003' };

interface Figures {
  requests: number;
  connected: number;
  connectRate: number | null;
  timeToConnect: { p50: number | null; p95: number | null };
  missed: Record<string, number>;
}

describe.each(Object.keys(stores))('the operator API on the %s store', (kind) => {
  it('keeps sessions, lists with a cursor, and counts requests, connections, misses and time to connect', async () => {
    const store = await stores[kind]!();
    const h = await startAdminHarness({ config: { store } });
    try {
      const viewer = await logIn(h, VIEWER);
      const operator = await logIn(h, OPERATOR);
      h.sim.script(VISITORS.busy, { outcome: 'busy', ringSeconds: 1 });
      h.sim.script(VISITORS.silent, { outcome: 'no-answer' });
      const answered = await visitorCall(h, VISITORS.answers);
      await runToEnd(h, answered);
      const busy = await visitorCall(h, VISITORS.busy);
      await runToEnd(h, busy);
      const silent = await visitorCall(h, VISITORS.silent);
      await runToEnd(h, silent);
      h.sim.script(VISITORS.busy, null);
      const back = await adminFetch(h, operator, `/v1/admin/calls/${busy}/callback`, {
        method: 'POST',
        headers: { 'idempotency-key': `stats-callback-${kind}` },
      });
      expect(back.status).toBe(202);
      const backId = ((await back.json()) as { id: string }).id;
      await runToEnd(h, backId);

      // Listing, newest first, two pages.
      const first = (await (await adminFetch(h, viewer, '/v1/admin/calls?limit=3')).json()) as {
        calls: { id: string; callbackOf: string | null }[];
        nextCursor: string;
      };
      expect(first.calls.map((c) => c.id)).toEqual([backId, silent, busy]);
      expect(first.calls[0]!.callbackOf).toBe(busy);
      const rest = (await (
        await adminFetch(h, viewer, `/v1/admin/calls?limit=3&cursor=${first.nextCursor}`)
      ).json()) as { calls: { id: string }[]; nextCursor: string | null };
      expect(rest).toEqual({
        calls: [expect.objectContaining({ id: answered })],
        nextCursor: null,
      });
      const missed = (await (
        await adminFetch(h, viewer, '/v1/admin/calls?state=missed')
      ).json()) as {
        calls: { id: string; missedReason: string }[];
      };
      expect(missed.calls.map((c) => [c.id, c.missedReason])).toEqual([
        [silent, 'not-answered'],
        [busy, 'busy'],
      ]);

      // Time to connect, as the stored events say it.
      const ttc = async (id: string) => {
        const detail = (await (await adminFetch(h, viewer, `/v1/admin/calls/${id}`)).json()) as {
          createdAt: string;
          events: { state: string; at: string }[];
        };
        const connected = detail.events.find((e) => e.state === 'connected')!;
        return Math.floor((Date.parse(connected.at) - Date.parse(detail.createdAt)) / 1000);
      };
      // Each reads as the upper edge of its histogram bin.
      const seconds = [await ttc(answered), await ttc(backId)]
        .map((s) => ttcBinValue(ttcBin(s)))
        .sort((a, b) => a - b);

      const query = new URLSearchParams({
        from: new Date(T0 - H).toISOString(),
        to: new Date(T0 + 2 * H).toISOString(),
        groupBy: 'hour',
        timeZone: 'Asia/Kolkata',
      });
      const response = await adminFetch(h, viewer, `/v1/admin/stats?${query}`);
      expect(response.status).toBe(200);
      const stats = (await response.json()) as {
        totals: Figures;
        series: (Figures & { start: string })[];
        widgets: (Figures & { widgetId: string })[];
        agents: (Figures & { agentId: string; agentName: string | null })[];
        timeZone: string;
      };
      const expected = {
        requests: 4,
        connected: 2,
        connectRate: 0.5,
        timeToConnect: { p50: seconds[0], p95: seconds[1] },
        missed: { 'agent-unavailable': 0, 'not-answered': 1, busy: 1, failed: 0, expired: 0 },
      };
      expect(stats.totals).toEqual(expected);
      expect(stats.timeZone).toBe('Asia/Kolkata');
      // Kolkata's hours start at :30 UTC: from (09:30 there) falls in the hour of 09:00,
      // the calls (T0, 10:30 there) in the hour of 10:00, to (12:30) ends in the hour of 12:00.
      expect(stats.series.map((s) => [s.start, s.requests])).toEqual([
        [new Date(T0 - 1.5 * H).toISOString(), 0],
        [new Date(T0 - 0.5 * H).toISOString(), 4],
        [new Date(T0 + 0.5 * H).toISOString(), 0],
        [new Date(T0 + 1.5 * H).toISOString(), 0],
      ]);
      expect(stats.widgets).toEqual([{ widgetId: 'support', ...expected }]);
      // The one agent (`from`) was rung by each of the four requests' attempts.
      expect(stats.agents).toEqual([{ agentId: 'default', agentName: null, ...expected }]);

      // By day in the console's zone (UTC here): whole days read from the day roll-ups.
      const days = new URLSearchParams({
        from: new Date(T0 - 3 * 24 * H - 7 * 60_000).toISOString(),
        to: new Date(T0 + 3 * 24 * H).toISOString(),
      });
      const byDay = await adminFetch(h, viewer, `/v1/admin/stats?${days}`);
      const dayStats = (await byDay.json()) as typeof stats;
      expect(dayStats.timeZone).toBe('UTC');
      expect(dayStats.totals).toEqual(expected);
      expect(dayStats.agents).toEqual([{ agentId: 'default', agentName: null, ...expected }]);
    } finally {
      await h.close();
      await store.close();
    }
  });
});

describe('live events across instances (Redis)', () => {
  it('streams to an operator on one instance the calls another instance takes', async () => {
    const prefix = `admin-live-${Math.random().toString(36).slice(2)}`;
    const url = (await redis()).url;
    const [storeA, storeB] = [
      await createRedisStore({ url, prefix }),
      await createRedisStore({ url, prefix }),
    ];
    const a = await startAdminHarness({ config: { store: storeA } });
    const b = await startAdminHarness({ config: { store: storeB } });
    try {
      const session = await logIn(a, VIEWER);
      const stream = new SseReader(await adminFetch(a, session, '/v1/admin/events'));
      await stream.until((s) => s.retry !== undefined);
      const id = await visitorCall(b, VISITORS.answers);
      await runToEnd(b, id);
      await stream.until((s) =>
        s.events.some(
          (e) => (JSON.parse(e.data) as { id: string; state: string }).state === 'completed',
        ),
      );
      const seen = stream.events.map((e) => JSON.parse(e.data) as { id: string; phone: string });
      expect(seen.every((c) => c.id === id && c.phone === VISITORS.answers)).toBe(true);
      await stream.cancel();
    } finally {
      await a.close();
      await b.close();
      await storeA.close();
      await storeB.close();
    }
  });
});

describe('stats queries', () => {
  it('refuses a range it cannot answer, naming each parameter', async () => {
    const h = await startAdminHarness();
    try {
      const session = await logIn(h, VIEWER);
      const problems = async (query: string) => {
        const response = await adminFetch(h, session, `/v1/admin/stats?${query}`);
        expect(response.status, query).toBe(400);
        const body = (await response.json()) as {
          code: string;
          errors: { path: string; message: string }[];
        };
        expect(body.code).toBe('invalid_request');
        return body.errors.map((e) => `${e.path} ${e.message}`);
      };
      expect(await problems('')).toEqual(['/from is required', '/to is required']);
      expect(await problems('from=2026-01-01T00:00:00Z&to=2026-01-01T00:00:00Z')).toEqual([
        '/to must be after from',
      ]);
      expect(await problems('from=2026-01-01T00:00:00Z&to=2027-01-03T00:00:00Z')).toEqual([
        '/to must be at most 366 days after from (by day)',
      ]);
      expect(
        await problems('from=2026-01-01T00:00:00Z&to=2026-02-03T00:00:00Z&groupBy=hour'),
      ).toEqual(['/to must be at most 31 days after from (by hour)']);
      expect(
        await problems(
          'from=2026-01-01T00:00:00Z&to=2026-01-02T00:00:00Z&timeZone=Mars/Olympus&groupBy=week',
        ),
      ).toEqual([
        '/groupBy must be "day" or "hour"',
        '/timeZone must be an IANA time zone such as "Asia/Kolkata"',
      ]);
      const fine = await adminFetch(
        h,
        session,
        '/v1/admin/stats?from=2026-01-01T00:00:00Z&to=2027-01-02T00:00:00Z',
      );
      const body = (await fine.json()) as { series: unknown[]; timeZone: string };
      expect(body.series).toHaveLength(366);
      expect(body.timeZone).toBe('UTC');
    } finally {
      await h.close();
    }
  });
});
