// The operator console's part of the store contract (listCalls, stats, sessions, audit,
// subscribeAll), registered by describeStoreContract inside its own suite.
import { describe, expect, it } from 'vitest';
import type { CallEvent, CallListQuery, CallRecord, StatsDelta, Store } from '../domain/Store.js';
import {
  eventFor,
  sampleAttempt,
  sampleAudit,
  sampleCall,
  sampleKey,
  sampleSession,
  SAMPLE_TIME as T0,
} from './storeSamples.js';

const DAY = 86_400_000;
const Q = 900_000;

const attempt = (n: number, agentId: string) => sampleAttempt(n, agentId);

function advance(call: CallRecord, changes: Partial<CallRecord>): CallRecord {
  return { ...call, ...changes, version: call.version + 1 };
}

/** The reference answer: every call of `all` the query matches, in its order, cursor and limit applied. */
function expected(all: CallRecord[], query: CallListQuery): string[] {
  const newest = query.order !== 'oldest';
  const cmp = (a: { createdAt: number; id: string }, b: { createdAt: number; id: string }) =>
    a.createdAt - b.createdAt || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
  return all
    .filter(
      (c) =>
        (!query.states || query.states.includes(c.state)) &&
        (query.widgetId === undefined || c.widgetId === query.widgetId) &&
        (query.agentId === undefined || c.attempts.some((a) => a.agentId === query.agentId)) &&
        (query.from === undefined || c.createdAt >= query.from) &&
        (query.to === undefined || c.createdAt < query.to) &&
        (!query.phoneDigits || c.to.includes(query.phoneDigits)) &&
        (!query.after || (newest ? cmp(c, query.after) < 0 : cmp(c, query.after) > 0)),
    )
    .sort((a, b) => (newest ? cmp(b, a) : cmp(a, b)))
    .slice(0, query.limit)
    .map((c) => c.id);
}

/** Registers the operator tests; `current` is the suite's store of the running test. */
export function describeOperatorContract(
  current: () => Store,
  peer: (() => Promise<Store>) | undefined,
): void {
  const insert = async (overrides: Partial<CallRecord> = {}) => {
    const call = sampleCall(overrides);
    expect(await current().createCall(call, sampleKey(call), eventFor(call))).toEqual({
      created: true,
    });
    return call;
  };
  const ids = (calls: CallRecord[]) => calls.map((c) => c.id);

  /**
   * Twelve calls: two widgets, three agents (one call rang two), several states and numbers,
   * and ties: four calls share T0 + 1000 and three share T0 + 2000.
   */
  const seed = async () => {
    const specs: Partial<CallRecord>[] = [
      { createdAt: T0, widgetId: 'support', state: 'completed', to: '+919812345678' },
      { createdAt: T0 + 1000, widgetId: 'sales', state: 'not-answered', to: '+919800011111' },
      { createdAt: T0 + 1000, widgetId: 'support', state: 'busy', to: '+14155550100' },
      { createdAt: T0 + 1000, widgetId: 'support', state: 'requested', to: '+919812345678' },
      { createdAt: T0 + 1000, widgetId: 'sales', state: 'agent-unavailable', to: '+919811122222' },
      { createdAt: T0 + 2000, widgetId: 'support', state: 'connected', to: '+447700900123' },
      { createdAt: T0 + 2000, widgetId: 'sales', state: 'completed', to: '+919812345678' },
      { createdAt: T0 + 2000, widgetId: 'support', state: 'not-answered', to: '+919833344444' },
      { createdAt: T0 + 5000, widgetId: 'sales', state: 'busy', to: '+919812399999' },
      { createdAt: T0 + DAY, widgetId: 'support', state: 'completed', to: '+919812345678' },
      { createdAt: T0 - DAY, widgetId: 'sales', state: 'failed', to: '+918000000000' },
      { createdAt: T0 + 3000, widgetId: 'support', state: 'dialing-agent', to: '+919855566666' },
    ];
    const agents = ['priya', 'arjun', 'meera'];
    const all: CallRecord[] = [];
    for (const [i, spec] of specs.entries()) {
      const agent = agents[i % 3]!;
      const attempts = i % 4 === 1 ? [attempt(1, agent), attempt(2, 'meera')] : [attempt(1, agent)];
      const last = attempts[attempts.length - 1]!;
      all.push(
        await insert({
          ...spec,
          updatedAt: spec.createdAt,
          attempts,
          attempt: attempts.length,
          agentId: last.agentId,
          checkAt: null,
        }),
      );
    }
    return all;
  };

  const pageThrough = async (query: Omit<CallListQuery, 'after'>) => {
    const seen: string[] = [];
    let after: CallListQuery['after'];
    for (let pages = 0; pages < 50; pages++) {
      const page = await current().listCalls({ ...query, after });
      seen.push(...ids(page));
      if (page.length < query.limit) return seen;
      const last = page[page.length - 1]!;
      after = { createdAt: last.createdAt, id: last.id };
    }
    throw new Error('paging did not end');
  };

  describe('operator: listing calls', () => {
    it('lists every call newest first by default, and oldest first when asked', async () => {
      const all = await seed();
      const newest = await current().listCalls({ limit: 100 });
      expect(ids(newest)).toEqual(expected(all, { limit: 100 }));
      expect(newest[0]).toEqual(all[9]);
      expect(ids(await current().listCalls({ limit: 100, order: 'oldest' }))).toEqual(
        expected(all, { limit: 100, order: 'oldest' }),
      );
      expect(ids(await current().listCalls({ limit: 3 }))).toEqual(expected(all, { limit: 3 }));
    });

    it('filters by each field alone', async () => {
      const all = await seed();
      const queries: CallListQuery[] = [
        { limit: 100, states: ['not-answered', 'busy', 'agent-unavailable'] },
        { limit: 100, states: ['completed'] },
        { limit: 100, widgetId: 'sales' },
        { limit: 100, widgetId: 'nobody' },
        { limit: 100, agentId: 'meera' },
        { limit: 100, agentId: 'arjun' },
        { limit: 100, from: T0 + 1000 },
        { limit: 100, to: T0 + 2000 },
        { limit: 100, phoneDigits: '9812345678' },
        { limit: 100, phoneDigits: '4155' },
      ];
      for (const query of queries) {
        for (const order of ['newest', 'oldest'] as const) {
          const result = ids(await current().listCalls({ ...query, order }));
          expect(result, JSON.stringify({ ...query, order })).toEqual(
            expected(all, { ...query, order }),
          );
        }
      }
      expect(expected(all, { limit: 100, agentId: 'meera' }).length).toBeGreaterThan(4);
    });

    it('combines filters with AND', async () => {
      const all = await seed();
      const queries: CallListQuery[] = [
        { limit: 100, states: ['not-answered', 'busy', 'agent-unavailable'], widgetId: 'sales' },
        { limit: 100, widgetId: 'support', agentId: 'priya', from: T0, to: T0 + DAY },
        { limit: 100, phoneDigits: '98123', states: ['completed'], to: T0 + 5000 },
        { limit: 2, widgetId: 'support', from: T0 + 1000, order: 'oldest' },
        { limit: 100, states: ['busy'], widgetId: 'sales', agentId: 'nobody' },
      ];
      for (const query of queries)
        expect(ids(await current().listCalls(query)), JSON.stringify(query)).toEqual(
          expected(all, query),
        );
    });

    it('matches nothing with an empty list of states', async () => {
      await seed();
      expect(await current().listCalls({ limit: 10, states: [] })).toEqual([]);
    });

    it('pages through ties in createdAt with a cursor, losing and repeating nothing, both ways', async () => {
      const all = await seed();
      for (const order of ['newest', 'oldest'] as const) {
        for (const limit of [1, 2, 3]) {
          expect(await pageThrough({ limit, order })).toEqual(expected(all, { limit: 100, order }));
          const filtered = { widgetId: 'support', from: T0, order } as const;
          expect(await pageThrough({ ...filtered, limit })).toEqual(
            expected(all, { ...filtered, limit: 100 }),
          );
        }
      }
      // A cursor at a call that is not (or no longer) stored still splits the order exactly.
      const ties = all.filter((c) => c.createdAt === T0 + 1000).map((c) => c.id);
      const ghost = { createdAt: T0 + 1000, id: `${ties.sort()[1]}~` };
      for (const order of ['newest', 'oldest'] as const)
        expect(ids(await current().listCalls({ limit: 100, order, after: ghost }))).toEqual(
          expected(all, { limit: 100, order, after: ghost }),
        );
    });

    it('moves a call between filtered lists when an update changes its state or agent', async () => {
      const call = await insert({ widgetId: 'support', attempts: [attempt(1, 'priya')] });
      const missed = { limit: 10, states: ['not-answered' as const] };
      expect(await current().listCalls(missed)).toEqual([]);
      expect(ids(await current().listCalls({ limit: 10, states: ['requested'] }))).toEqual([
        call.id,
      ]);
      const next = advance(call, {
        state: 'not-answered',
        checkAt: null,
        attempt: 2,
        agentId: 'arjun',
        attempts: [attempt(1, 'priya'), attempt(2, 'arjun')],
      });
      expect(await current().updateCall(next, call.version, eventFor(next))).toBe(true);
      expect(await current().listCalls(missed)).toEqual([next]);
      expect(await current().listCalls({ limit: 10, states: ['requested'] })).toEqual([]);
      expect(ids(await current().listCalls({ limit: 10, agentId: 'arjun' }))).toEqual([call.id]);
      expect(ids(await current().listCalls({ limit: 10, agentId: 'priya' }))).toEqual([call.id]);
      // A bookkeeping update without an event moves it too.
      const done = advance(next, { state: 'completed' });
      expect(await current().updateCall(done, next.version)).toBe(true);
      expect(await current().listCalls(missed)).toEqual([]);
      expect(ids(await current().listCalls({ limit: 10, states: ['completed'] }))).toEqual([
        call.id,
      ]);
    });

    it('keeps the agent listings exact when updates pass the call they replace', async () => {
      const call = await insert({ attempts: [attempt(1, 'priya')] });
      const byAgent = async (agentId: string) =>
        ids(await current().listCalls({ limit: 10, agentId }));
      // The same agents: nothing to add.
      const ringing = advance(call, { state: 'dialing-agent' });
      expect(await current().updateCall(ringing, call.version, eventFor(ringing), [], call)).toBe(
        true,
      );
      // A second attempt rings another agent.
      const second = advance(ringing, {
        attempt: 2,
        agentId: 'arjun',
        attempts: [attempt(1, 'priya'), attempt(2, 'arjun')],
      });
      expect(
        await current().updateCall(second, ringing.version, eventFor(second), [], ringing),
      ).toBe(true);
      expect(await byAgent('arjun')).toEqual([call.id]);
      expect(await byAgent('priya')).toEqual([call.id]);
      // A copy of another version tells nothing of the stored call, even with the new
      // call's agents: the update is indexed in full.
      const third = advance(second, {
        attempt: 3,
        agentId: 'meera',
        attempts: [attempt(1, 'priya'), attempt(2, 'arjun'), attempt(3, 'meera')],
      });
      const otherVersion = { ...third, version: ringing.version };
      expect(
        await current().updateCall(third, second.version, eventFor(third), [], otherVersion),
      ).toBe(true);
      expect(await byAgent('meera')).toEqual([call.id]);
      // Nor does a copy of another call at the right version.
      const other = await insert({ attempts: [attempt(1, 'priya')] });
      const otherNext = advance(other, {
        attempt: 2,
        agentId: 'kavya',
        attempts: [attempt(1, 'priya'), attempt(2, 'kavya')],
      });
      const otherCall = { ...otherNext, id: call.id, version: other.version };
      expect(
        await current().updateCall(otherNext, other.version, eventFor(otherNext), [], otherCall),
      ).toBe(true);
      expect(await byAgent('kavya')).toEqual([other.id]);
    });

    it('drops purged calls from every listing', async () => {
      const old = await insert({ state: 'completed', checkAt: null, attempts: [attempt(1, 'x')] });
      const open = await insert({ attempts: [attempt(1, 'x')] });
      await current().purge(T0 + DAY, T0 + 1);
      for (const query of [
        { limit: 10 },
        { limit: 10, order: 'oldest' as const },
        { limit: 10, states: ['completed' as const, 'requested' as const] },
        { limit: 10, widgetId: 'support' },
        { limit: 10, agentId: 'x' },
        { limit: 10, phoneDigits: '98' },
      ])
        expect(ids(await current().listCalls(query)), JSON.stringify(query)).toEqual([open.id]);
      expect(await current().getCall(old.id)).toBeUndefined();
    });

    it('refuses a page size outside 1 to 1000', async () => {
      await expect(current().listCalls({ limit: 0 })).rejects.toThrow();
      await expect(current().listCalls({ limit: 1001 })).rejects.toThrow();
      await expect(current().listAudit({ limit: 0 })).rejects.toThrow();
    });
  });

  describe('operator: statistics', () => {
    const delta = (
      bucket: number,
      counter: string,
      by = 1,
      more: Partial<StatsDelta> = {},
    ): StatsDelta => ({
      scale: 'quarter',
      bucket,
      widgetId: 'support',
      agentId: null,
      counter,
      by,
      ...more,
    });

    it('adds deltas up and reads buckets in [from, to), in order, for one widget or all', async () => {
      await current().addStats([
        delta(T0, 'requests'),
        delta(T0, 'requests', 2),
        delta(T0, 'connected'),
        delta(T0, 'ttc:12', 1, { agentId: 'priya' }),
        delta(T0 + Q, 'requests', 1, { widgetId: 'sales' }),
        delta(T0 + 2 * Q, 'missed:busy', 4),
        delta(T0 + 2 * Q, 'requests', 0, { widgetId: 'sales' }),
      ]);
      await current().addStats([delta(T0, 'requests', 5), delta(T0 - Q, 'requests')]);
      const rows = await current().readStats({ scale: 'quarter', from: T0, to: T0 + 2 * Q });
      expect(rows).toEqual([
        {
          scale: 'quarter',
          bucket: T0,
          widgetId: 'support',
          agentId: null,
          counter: 'connected',
          value: 1,
        },
        {
          scale: 'quarter',
          bucket: T0,
          widgetId: 'support',
          agentId: null,
          counter: 'requests',
          value: 8,
        },
        {
          scale: 'quarter',
          bucket: T0,
          widgetId: 'support',
          agentId: 'priya',
          counter: 'ttc:12',
          value: 1,
        },
        {
          scale: 'quarter',
          bucket: T0 + Q,
          widgetId: 'sales',
          agentId: null,
          counter: 'requests',
          value: 1,
        },
      ]);
      expect(await current().readStats({ scale: 'quarter', from: T0 + Q, to: T0 + 3 * Q })).toEqual(
        [
          {
            scale: 'quarter',
            bucket: T0 + Q,
            widgetId: 'sales',
            agentId: null,
            counter: 'requests',
            value: 1,
          },
          {
            scale: 'quarter',
            bucket: T0 + 2 * Q,
            widgetId: 'support',
            agentId: null,
            counter: 'missed:busy',
            value: 4,
          },
        ],
      );
      expect(
        (
          await current().readStats({
            scale: 'quarter',
            from: T0 - DAY,
            to: T0 + DAY,
            widgetId: 'support',
          })
        ).map((r) => [r.bucket - T0, r.agentId, r.counter, r.value]),
      ).toEqual([
        [-Q, null, 'requests', 1],
        [0, null, 'connected', 1],
        [0, null, 'requests', 8],
        [0, 'priya', 'ttc:12', 1],
        [2 * Q, null, 'missed:busy', 4],
      ]);
      expect(
        await current().readStats({ scale: 'quarter', from: T0, to: T0 + DAY, widgetId: 'nobody' }),
      ).toEqual([]);
      expect(
        await current().readStats({ scale: 'quarter', from: T0 + DAY, to: T0 + 2 * DAY }),
      ).toEqual([]);
    });

    it('stays exact under concurrent writers', async () => {
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          current().addStats([delta(T0, 'requests'), delta(T0 + (i % 2) * Q, 'connected')]),
        ),
      );
      expect(
        (await current().readStats({ scale: 'quarter', from: T0, to: T0 + DAY })).map((r) => [
          r.bucket - T0,
          r.counter,
          r.value,
        ]),
      ).toEqual([
        [0, 'connected', 10],
        [0, 'requests', 20],
        [Q, 'connected', 10],
      ]);
    });

    it('reads back ids and counter names of any text', async () => {
      const odd = ['a|b:1', 'quote " back \\ slash /', 'line\nbreak\ttab', 'प्रिया 🙂', '{}[]', '0'];
      const deltas = odd.flatMap((text, i) => [
        delta(T0 + i * Q, text, i + 1, { widgetId: text }),
        delta(T0 + i * Q, `${text}!`, i + 1, { widgetId: text, agentId: text }),
      ]);
      await current().addStats(deltas);
      const rows = await current().readStats({ scale: 'quarter', from: T0, to: T0 + DAY });
      expect(
        rows.map(({ bucket, widgetId, agentId, counter, value }) => ({
          bucket,
          widgetId,
          agentId,
          counter,
          value,
        })),
      ).toEqual(
        expect.arrayContaining(
          deltas.map(({ bucket, widgetId, agentId, counter, by }) => ({
            bucket,
            widgetId,
            agentId,
            counter,
            value: by,
          })),
        ),
      );
      expect(rows).toHaveLength(deltas.length);
    });

    it('reads a range of more days and widgets than one read takes', async () => {
      const widgets = ['w1', 'w2', 'w3'];
      const days = Array.from({ length: 40 }, (_, d) => T0 + d * DAY);
      await current().addStats(
        days.flatMap((day, d) =>
          widgets.map((widgetId) => delta(day + Q, 'requests', d + 1, { widgetId })),
        ),
      );
      const rows = await current().readStats({ scale: 'quarter', from: T0, to: T0 + 40 * DAY });
      expect(rows).toHaveLength(120);
      expect(rows.reduce((sum, r) => sum + r.value, 0)).toBe(3 * ((40 * 41) / 2));
      const one = await current().readStats({
        scale: 'quarter',
        from: T0 + DAY,
        to: T0 + 39 * DAY,
        widgetId: 'w2',
      });
      expect(one.map((r) => r.value)).toEqual(Array.from({ length: 38 }, (_, d) => d + 2));
    });

    it('writes nothing of a batch with an invalid delta', async () => {
      await expect(
        current().addStats([delta(T0, 'requests'), delta(T0 + 1, 'requests')]),
      ).rejects.toThrow();
      await expect(
        current().addStats([delta(T0, 'requests'), delta(T0, 'requests', -1)]),
      ).rejects.toThrow();
      expect(await current().readStats({ scale: 'quarter', from: T0 - DAY, to: T0 + DAY })).toEqual(
        [],
      );
    });

    it('outlives purge', async () => {
      await current().addStats([delta(T0 - 400 * DAY, 'requests', 3)]);
      await current().purge(T0 + DAY, T0 + DAY);
      expect(await current().readStats({ scale: 'quarter', from: 0, to: T0 + DAY })).toEqual([
        {
          scale: 'quarter',
          bucket: T0 - 400 * DAY,
          widgetId: 'support',
          agentId: null,
          counter: 'requests',
          value: 3,
        },
      ]);
    });
    it('keeps days and quarters apart, both outliving purge', async () => {
      // A day starting at midnight in India (+05:30): a multiple of 15 minutes, not of a day.
      const day = T0 - 330 * 60_000;
      await current().addStats([
        delta(T0, 'requests', 2),
        delta(day, 'requests', 5, { scale: 'day' }),
        delta(day, 'connected', 1, { scale: 'day', agentId: 'priya' }),
      ]);
      await current().purge(T0 + 400 * DAY, T0 + 400 * DAY);
      const around = { from: day - DAY, to: T0 + DAY };
      expect(await current().readStats({ scale: 'quarter', ...around })).toEqual([
        {
          scale: 'quarter',
          bucket: T0,
          widgetId: 'support',
          agentId: null,
          counter: 'requests',
          value: 2,
        },
      ]);
      const days = [
        {
          scale: 'day',
          bucket: day,
          widgetId: 'support',
          agentId: null,
          counter: 'requests',
          value: 5,
        },
        {
          scale: 'day',
          bucket: day,
          widgetId: 'support',
          agentId: 'priya',
          counter: 'connected',
          value: 1,
        },
      ];
      expect(await current().readStats({ scale: 'day', ...around })).toEqual(days);
      expect(await current().readStats({ scale: 'day', ...around, widgetId: 'support' })).toEqual(
        days,
      );
      expect(await current().readStats({ scale: 'day', ...around, widgetId: 'sales' })).toEqual([]);
      expect(await current().readStats({ scale: 'day', from: day + Q, to: T0 + DAY })).toEqual([]);
    });
  });

  describe('operator: sessions and audit log', () => {
    it('keeps a session until it expires or is deleted', async () => {
      const session = sampleSession();
      const other = sampleSession();
      await current().createSession(session);
      await current().createSession(other);
      expect(await current().getSession(session.id, T0)).toEqual(session);
      expect(await current().getSession(session.id, session.expiresAt - 1)).toEqual(session);
      expect(await current().getSession(session.id, session.expiresAt)).toBeUndefined();
      expect(await current().getSession('sess_nope', T0)).toBeUndefined();
      await current().deleteSession(session.id);
      await current().deleteSession('sess_nope');
      expect(await current().getSession(session.id, T0)).toBeUndefined();
      expect(await current().getSession(other.id, T0)).toEqual(other);
    });

    it('purges expired sessions and keeps the others', async () => {
      const expired = sampleSession({ expiresAt: T0 + 1000 });
      const valid = sampleSession({ expiresAt: T0 + DAY });
      await current().createSession(expired);
      await current().createSession(valid);
      await current().purge(T0 + 1000, T0);
      // Asked as of an earlier moment: gone because purge dropped it, not because of `now`.
      expect(await current().getSession(expired.id, T0)).toBeUndefined();
      expect(await current().getSession(valid.id, T0)).toEqual(valid);
    });

    it('lists the audit log newest first, paging through equal times by id', async () => {
      const records = [
        sampleAudit({ at: T0 }),
        sampleAudit({ at: T0 + 10, action: 'agent.away', role: 'admin' }),
        sampleAudit({ at: T0 + 10, action: 'login', role: null, target: null, outcome: 'failed' }),
        sampleAudit({ at: T0 + 10 }),
        sampleAudit({ at: T0 + 20 }),
        sampleAudit({ at: T0 - 5 }),
      ];
      for (const record of records) await current().appendAudit(record);
      const order = [...records].sort((a, b) => b.at - a.at || (a.id < b.id ? 1 : -1));
      expect(await current().listAudit({ limit: 100 })).toEqual(order);
      for (const limit of [1, 2, 4]) {
        const seen: string[] = [];
        let after: { at: number; id: string } | undefined;
        for (;;) {
          const page = await current().listAudit({ limit, after });
          seen.push(...page.map((r) => r.id));
          if (page.length < limit) break;
          after = { at: page[page.length - 1]!.at, id: page[page.length - 1]!.id };
        }
        expect(seen).toEqual(order.map((r) => r.id));
      }
    });

    it('purges audit records older than 365 days and keeps the rest', async () => {
      const now = T0 + 400 * DAY;
      const old = sampleAudit({ at: now - 365 * DAY - 1 });
      const kept = sampleAudit({ at: now - 365 * DAY });
      await current().appendAudit(old);
      await current().appendAudit(kept);
      await current().purge(now, T0);
      expect(await current().listAudit({ limit: 10 })).toEqual([kept]);
    });
  });

  describe('operator: live view', () => {
    /** Collects events until `last` arrived (or the test times out). */
    const collect = (store: Store, last: () => CallEvent | undefined) => {
      const seen: CallEvent[] = [];
      let done!: () => void;
      const enough = new Promise<void>((resolve) => {
        done = resolve;
      });
      const unsubscribe = store.subscribeAll((event) => {
        seen.push(event);
        const wanted = last();
        if (wanted && event.callId === wanted.callId && event.seq === wanted.seq) done();
      });
      return { seen, enough, unsubscribe };
    };

    it('hands every call’s new events to subscribeAll, created calls included', async () => {
      const before = await insert();
      let final: CallEvent | undefined;
      const live = collect(current(), () => final);
      const broken = current().subscribeAll(() => {
        throw new Error('broken subscriber');
      });
      const next = advance(before, { state: 'dialing-agent' });
      await current().updateCall(next, before.version, eventFor(next));
      const fresh = await insert({ widgetId: 'sales' });
      const freshNext = advance(fresh, { state: 'failed', checkAt: null });
      await current().updateCall(freshNext, fresh.version, eventFor(freshNext));
      await current().updateCall(advance(freshNext, { checks: 1 }), freshNext.version);
      const last = advance(next, { state: 'connected' });
      final = eventFor(last);
      await current().updateCall(last, next.version, eventFor(last));
      await live.enough;
      // A shared store's channel may still carry the events stored just before subscribing.
      const stored = eventFor(before);
      const seen = () =>
        live.seen.filter((e) => e.callId !== stored.callId || e.seq !== stored.seq);
      expect(seen()).toEqual([
        eventFor(next),
        eventFor(fresh),
        eventFor(freshNext),
        eventFor(last),
      ]);
      live.unsubscribe();
      broken();
      const after = advance(last, { state: 'completed', checkAt: null });
      await current().updateCall(after, last.version, eventFor(after));
      await insert();
      expect(seen()).toHaveLength(4);
    });

    // Only a store that several instances share has another instance to hear from.
    if (peer)
      it('hands subscribeAll the events another instance on the same backend stores', async () => {
        const other = await peer!();
        try {
          const call = sampleCall();
          const next = advance(call, { state: 'dialing-agent' });
          const last = advance(next, { state: 'not-answered', checkAt: null });
          const live = collect(current(), () => eventFor(last));
          await other.createCall(call, sampleKey(call), eventFor(call));
          await other.updateCall(next, call.version, eventFor(next));
          await other.updateCall(last, next.version, eventFor(last));
          await live.enough;
          expect(live.seen).toEqual([eventFor(call), eventFor(next), eventFor(last)]);
          live.unsubscribe();
          expect(ids(await current().listCalls({ limit: 10, states: ['not-answered'] }))).toEqual([
            call.id,
          ]);
        } finally {
          await other.close();
        }
      });
  });
}
