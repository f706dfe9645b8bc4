// The operator API's reads and actions against real calls: the simulator places them, the
// manual clock moves them, the operator lists, exports, follows, calls back and counts.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { WidgetConfig } from '../src/domain/RingbackConfig.js';
import {
  ADMIN,
  adminFetch,
  logIn,
  OPERATOR,
  runToEnd,
  type Session,
  startAdminHarness,
  VIEWER,
  visitorCall,
} from './adminHarness.js';
import { baseWidget, type Harness, T0 } from './harness.js';
import { SseReader } from './sse.js';
import { startReceiver, WEBHOOK_SECRET } from './webhookReceiver.js';

const PRIYA = '+919000000011';
const ARJUN = '+919000000012';
const NO_LIMITS: WidgetConfig['limits'] = {
  ip: [{ limit: 1000, windowSeconds: 60 }],
  number: [{ limit: 1000, windowSeconds: 60 }],
  distinctNumbersPerIp: [{ limit: 1000, windowSeconds: 60 }],
};
const support: WidgetConfig = {
  ...baseWidget,
  from: undefined,
  agents: [
    { id: 'priya', number: PRIYA, name: 'Priya' },
    { id: 'arjun', number: ARJUN, name: 'Arjun' },
  ],
  fields: [
    { id: 'name', label: 'Name' },
    { id: 'note', label: 'Note', type: 'textarea' },
  ],
  limits: NO_LIMITS,
};
const sales: WidgetConfig = { ...baseWidget, id: 'sales', limits: NO_LIMITS };

interface AdminCall {
  id: string;
  widgetId: string;
  state: string;
  phone: string;
  createdAt: string;
  agentId: string | null;
  agentName: string | null;
  missedReason: string | null;
  callbackOf: string | null;
  fields: Record<string, string>;
}
interface Page {
  calls: AdminCall[];
  nextCursor: string | null;
}

let h: Harness;
let admin: Session;
let operator: Session;
let viewer: Session;
/** Calls made in `beforeAll`, oldest first. */
const made: { id: string; phone: string; widgetId: string; fate: string }[] = [];

const phone = (n: number) => `+9198123${String(n).padStart(5, '0')}`;

beforeAll(async () => {
  h = await startAdminHarness({ config: { widgets: [support, sales] } });
  [admin, operator, viewer] = await Promise.all([
    logIn(h, ADMIN),
    logIn(h, OPERATOR),
    logIn(h, VIEWER),
  ]);
  const plan = [
    { n: 10001, widgetId: 'support', fate: 'completed' },
    { n: 10002, widgetId: 'support', fate: 'busy' },
    { n: 10003, widgetId: 'sales', fate: 'completed' },
    { n: 10004, widgetId: 'support', fate: 'not-answered' },
    { n: 10005, widgetId: 'support', fate: 'completed' },
  ];
  for (const { n, widgetId, fate } of plan) {
    if (fate === 'busy') h.sim.script(phone(n), { outcome: 'busy', ringSeconds: 1 });
    if (fate === 'not-answered') h.sim.script(phone(n), { outcome: 'no-answer' });
    const response = await h.createCall({
      widgetId,
      phone: phone(n),
      ...(widgetId === 'support'
        ? {
            fields: {
              name: n === 10001 ? '=HYPERLINK("https://evil.example")' : 'Asha',
              note: 'line 1\nsaid "hi", twice',
            },
          }
        : {}),
    });
    expect(response.status).toBe(202);
    const { id } = (await response.json()) as { id: string };
    made.push({ id, phone: phone(n), widgetId, fate });
    await runToEnd(h, id);
    await h.advance(60_000);
  }
});
afterAll(async () => {
  await h?.close();
});

const list = async (session: Session, query: string): Promise<Page> => {
  const response = await adminFetch(h, session, `/v1/admin/calls${query}`);
  expect(response.status, query).toBe(200);
  return (await response.json()) as Page;
};
const ids = (page: Page) => page.calls.map((c) => c.id);

describe('listing calls', () => {
  it('pages newest first with an opaque cursor, losing and repeating nothing', async () => {
    const seen: string[] = [];
    let cursor: string | null = null;
    let pages = 0;
    do {
      const page: Page = await list(viewer, `?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
      seen.push(...ids(page));
      cursor = page.nextCursor;
      pages++;
    } while (cursor);
    expect(pages).toBe(3);
    expect(seen).toEqual(made.map((m) => m.id).reverse());
    expect(ids(await list(viewer, '?order=oldest'))).toEqual(made.map((m) => m.id));
  });

  it('shows each call as operators see it: the number, the agent, why it was missed', async () => {
    const { calls } = await list(viewer, '');
    const busy = calls.find((c) => c.id === made[1]!.id)!;
    expect(busy).toMatchObject({
      widgetId: 'support',
      state: 'busy',
      phone: phone(10002),
      agentId: 'priya',
      agentName: 'Priya',
      missedReason: 'busy',
      callbackOf: null,
      fields: { name: 'Asha' },
    });
    expect(calls.find((c) => c.id === made[0]!.id)).toMatchObject({
      state: 'completed',
      missedReason: null,
    });
  });

  it('filters by state (missed for every miss), widget, agent, time and digits of the number', async () => {
    const of = (...n: number[]) => n.map((i) => made[i]!.id);
    expect(ids(await list(viewer, '?state=missed&order=oldest'))).toEqual(of(1, 3));
    expect(ids(await list(viewer, '?state=busy&state=completed&order=oldest'))).toEqual(
      of(0, 1, 2, 4),
    );
    expect(ids(await list(viewer, '?widgetId=sales'))).toEqual(of(2));
    expect(ids(await list(viewer, '?agentId=default'))).toEqual(of(2));
    expect(ids(await list(viewer, '?phone=%2B91%2098123%2010004'))).toEqual(of(3));
    expect(
      ids(await list(viewer, '?phone=1000&widgetId=support&state=completed&order=oldest')),
    ).toEqual(of(0, 4));
    const third = (await list(viewer, '?order=oldest')).calls[2]!.createdAt;
    expect(ids(await list(viewer, `?from=${third}&order=oldest`))).toEqual(of(2, 3, 4));
    expect(ids(await list(viewer, `?to=${third}&order=oldest`))).toEqual(of(0, 1));
  });

  it('refuses a bad query with every problem named', async () => {
    const response = await adminFetch(
      h,
      viewer,
      '/v1/admin/calls?limit=0&cursor=bm9wZQ&state=lost&phone=ab&from=yesterday&sort=name&order=newest&order=oldest',
    );
    expect(response.status).toBe(400);
    const body = (await response.json()) as { code: string; errors: { path: string }[] };
    expect(body.code).toBe('invalid_request');
    expect(body.errors.map((e) => e.path).sort()).toEqual(
      ['/cursor', '/from', '/limit', '/order', '/phone', '/sort', '/state'].sort(),
    );
    for (const query of ['limit=201', `cursor=${'A'.repeat(300)}`, 'widgetId=%20x']) {
      expect((await adminFetch(h, viewer, `/v1/admin/calls?${query}`)).status, query).toBe(400);
    }
  });

  it("reads a call's whole record: events, attempts, lead details, deliveries", async () => {
    const response = await adminFetch(h, viewer, `/v1/admin/calls/${made[1]!.id}`);
    expect(response.status).toBe(200);
    const detail = (await response.json()) as AdminCall & {
      events: { seq: number; state: string; source: string }[];
      attempts: { agentId: string; exotelSid: string | null; outcome: string | null }[];
      webhookDeliveries: unknown[];
      consent: unknown;
      context: unknown;
    };
    expect(detail.events.map((e) => e.state)).toEqual([
      'requested',
      'dialing-agent',
      'dialing-you',
      'busy',
    ]);
    expect(detail.events.map((e) => e.seq)).toEqual([1, 2, 3, 4]);
    expect(detail.attempts).toEqual([
      expect.objectContaining({ agentId: 'priya', exotelSid: expect.any(String), outcome: 'busy' }),
    ]);
    expect(detail).toMatchObject({ webhookDeliveries: [], consent: null, context: null });
    for (const path of ['call_AAAAAAAAAAAAAAAAAAAAAAAA', 'nope', '%ZZ']) {
      const missing = await adminFetch(h, viewer, `/v1/admin/calls/${path}`);
      expect(missing.status).toBe(404);
      expect(((await missing.json()) as { code: string }).code).toBe('call_not_found');
    }
  });
});

describe('CSV export', () => {
  it('streams every call as RFC 4180, with no cell a spreadsheet would run as a formula', async () => {
    const response = await adminFetch(h, viewer, '/v1/admin/calls.csv?order=oldest');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/csv; charset=utf-8; header=present');
    expect(response.headers.get('content-disposition')).toBe(
      'attachment; filename="ringback-calls.csv"',
    );
    expect(response.headers.get('cache-control')).toBe('no-store');
    const text = await response.text();
    const lines = text.split('\r\n');
    expect(lines[0]).toBe(
      'id,createdAt,updatedAt,widgetId,state,missedReason,phone,agentId,agentName,attempt,maxAttempts,' +
        'conversationSeconds,scheduledFor,retryAt,callbackOf,exotelSid,recordingUrl,fields.name,fields.note',
    );
    expect(text.endsWith('\r\n')).toBe(true);
    // The first call's name is a formula, its note holds a line end, quotes and a comma.
    const first = text.slice(text.indexOf('\r\n') + 2, text.indexOf(made[1]!.id));
    expect(first.startsWith(`${made[0]!.id},`)).toBe(true);
    expect(first).toContain(`,'${phone(10001)},`);
    expect(first).toContain(
      `,"'=HYPERLINK(""https://evil.example"")","line 1\nsaid ""hi"", twice"\r\n`,
    );
    // Five records, each starting with its id.
    for (const { id } of made) expect(text).toContain(`\r\n${id},`);

    const filtered = await (await adminFetch(h, viewer, '/v1/admin/calls.csv?state=missed')).text();
    expect(filtered.trim().split('\r\n')).toHaveLength(3);
    expect((await adminFetch(h, viewer, '/v1/admin/calls.csv?cursor=x')).status).toBe(400);

    const log = (await (await adminFetch(h, admin, '/v1/admin/audit?limit=5')).json()) as {
      entries: { action: string; actor: string; outcome: string }[];
    };
    expect(log.entries.slice(0, 3).map((e) => `${e.action} ${e.actor} ${e.outcome}`)).toEqual([
      `export-calls ${VIEWER} invalid_request`,
      `export-calls ${VIEWER} ok`,
      `export-calls ${VIEWER} ok`,
    ]);
  });
});

describe('call back now', () => {
  it("places a new call to a missed lead's number through the same widget, idempotently, and it completes", async () => {
    const missed = made[1]!;
    h.sim.script(missed.phone, null);
    const before = h.sim.calls().length;
    const send = (key: string | undefined, session = operator) =>
      adminFetch(h, session, `/v1/admin/calls/${missed.id}/callback`, {
        method: 'POST',
        headers: key ? { 'idempotency-key': key } : {},
      });
    const missingKey = await send(undefined);
    expect(missingKey.status).toBe(400);
    expect(((await missingKey.json()) as { code: string }).code).toBe('idempotency_key_required');

    const response = await send('console-callback-0001');
    expect(response.status).toBe(202);
    const call = (await response.json()) as AdminCall;
    expect(call).toMatchObject({
      widgetId: 'support',
      phone: missed.phone,
      state: 'dialing-agent',
      callbackOf: missed.id,
      fields: { name: 'Asha' },
    });
    expect(response.headers.get('location')).toBe(`${h.url}/v1/admin/calls/${call.id}`);
    expect(h.sim.calls().length).toBe(before + 1);
    expect(h.sim.calls().at(-1)!.params.to).toBe(`0${missed.phone.slice(3)}`);

    // The same key again: the same call, no second dial.
    const again = await send('console-callback-0001');
    expect(again.status).toBe(202);
    expect(((await again.json()) as AdminCall).id).toBe(call.id);
    expect(h.sim.calls().length).toBe(before + 1);

    // The new call is live: calling back the original again is refused for the number,
    // and calling back the live call is refused as not over.
    const second = await send('console-callback-0002');
    expect(second.status).toBe(409);
    expect(((await second.json()) as { code: string }).code).toBe('call_in_progress');
    const live = await adminFetch(h, operator, `/v1/admin/calls/${call.id}/callback`, {
      method: 'POST',
      headers: { 'idempotency-key': 'console-callback-0003' },
    });
    expect(live.status).toBe(409);

    expect((await runToEnd(h, call.id)).state).toBe('completed');
    const log = (await (await adminFetch(h, admin, '/v1/admin/audit?limit=10')).json()) as {
      entries: { action: string; target: string; outcome: string }[];
    };
    expect(log.entries.filter((e) => e.action === 'call-back').map((e) => e.outcome)).toEqual([
      'call_in_progress',
      'call_in_progress',
      'ok',
      'ok',
      'idempotency_key_required',
    ]);
    // A visitor using the same key string gets a call of their own, not the operator's.
    const visitor = await h.createCall(
      { widgetId: 'support', phone: phone(10099) },
      { key: 'console-callback-0001' },
    );
    expect(visitor.status).toBe(202);
    const visitorId = ((await visitor.json()) as { id: string }).id;
    expect(visitorId).not.toBe(call.id);
    await runToEnd(h, visitorId);
  });

  it('calls back after business hours, but not outside calling hours', async () => {
    const night = await startAdminHarness({
      config: {
        widgets: [
          {
            ...support,
            // Open 10:00–11:00 in Kolkata only; T0 is 10:30 there.
            hours: { timeZone: 'Asia/Kolkata', weekly: { fri: ['10:00-11:00'] } },
          },
        ],
      },
    });
    try {
      const session = await logIn(night, OPERATOR);
      const id = await visitorCall(night, phone(10010));
      await runToEnd(night, id);
      // 19:30 in Kolkata: closed, inside calling hours (09:00–21:00).
      await night.sim.clock.advance(9 * 3_600_000);
      const evening = await adminFetch(night, session, `/v1/admin/calls/${id}/callback`, {
        method: 'POST',
        headers: { 'idempotency-key': 'evening-callback-01' },
      });
      expect(evening.status).toBe(202);
      const back = (await evening.json()) as AdminCall;
      await runToEnd(night, back.id);
      // 22:30: outside calling hours (and past the 12-hour session: log in again).
      await night.sim.clock.advance(3 * 3_600_000);
      const late = await adminFetch(
        night,
        await logIn(night, OPERATOR),
        `/v1/admin/calls/${back.id}/callback`,
        {
          method: 'POST',
          headers: { 'idempotency-key': 'late-callback-0001' },
        },
      );
      expect(late.status).toBe(403);
      expect(await late.json()).toMatchObject({
        code: 'closed',
        nextOpening: new Date(T0 + 22.5 * 3_600_000).toISOString(),
      });
    } finally {
      await night.close();
    }
  });
});

describe('agents', () => {
  it("lists the group's agents, and an away agent is skipped by routing until available again", async () => {
    const agents = await adminFetch(h, viewer, '/v1/admin/agents');
    expect(await agents.json()).toEqual({
      agents: [
        {
          id: 'priya',
          name: 'Priya',
          widgetIds: ['support'],
          availability: 'available',
          withinHours: true,
          onCall: false,
        },
        {
          id: 'arjun',
          name: 'Arjun',
          widgetIds: ['support'],
          availability: 'available',
          withinHours: true,
          onCall: false,
        },
      ],
    });
    const away = await adminFetch(h, operator, '/v1/admin/agents/priya/availability', {
      method: 'PUT',
      body: { availability: 'away' },
    });
    expect(await away.json()).toMatchObject({ id: 'priya', availability: 'away' });
    const id = await visitorCall(h, phone(10020));
    expect(h.sim.calls().at(-1)!.params.from).toBe(`0${ARJUN.slice(3)}`);
    await runToEnd(h, id);
    await adminFetch(h, operator, '/v1/admin/agents/priya/availability', {
      method: 'PUT',
      body: { availability: 'available' },
    });
    const back = await visitorCall(h, phone(10021));
    expect(h.sim.calls().at(-1)!.params.from).toBe(`0${PRIYA.slice(3)}`);
    await runToEnd(h, back);

    const unknown = await adminFetch(h, operator, '/v1/admin/agents/nobody/availability', {
      method: 'PUT',
      body: { availability: 'away' },
    });
    expect(unknown.status).toBe(404);
    expect(((await unknown.json()) as { code: string }).code).toBe('agent_not_found');
    const bad = await adminFetch(h, operator, '/v1/admin/agents/priya/availability', {
      method: 'PUT',
      body: { availability: 'gone', extra: 1 },
    });
    expect(bad.status).toBe(400);
    expect(
      ((await bad.json()) as { errors: { path: string }[] }).errors.map((e) => e.path),
    ).toEqual(['/extra', '/availability']);
  });
});

describe('live events', () => {
  // First in its block: no other test's stream is open on this instance yet.
  it('holds at most 100 operator streams open on one instance', async () => {
    const open = async () =>
      h.server.fetch(
        new Request(`${h.url}/v1/admin/events`, { headers: { cookie: viewer.cookie } }),
      );
    const held: Response[] = [];
    for (let i = 0; i < 100; i++) held.push(await open());
    expect(held.map((r) => r.status)).toEqual(Array(100).fill(200));
    const refused = await open();
    expect(refused.status).toBe(429);
    expect(await refused.json()).toMatchObject({ code: 'rate_limited', limit: 'streams' });
    for (const response of held) await response.body!.cancel();
    const again = await open();
    expect(again.status).toBe(200);
    await again.body!.cancel();
  });

  it('streams a new call and each of its changes to an operator', async () => {
    const response = await adminFetch(h, viewer, '/v1/admin/events');
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    const stream = new SseReader(response);
    await stream.until((s) => s.retry !== undefined);
    const id = await visitorCall(h, phone(10030));
    await stream.until((s) => s.events.length > 0);
    await runToEnd(h, id);
    await stream.until((s) => s.states().includes('completed'));
    const mine = stream.events
      .filter((e) => e.event === 'call')
      .map((e) => JSON.parse(e.data) as AdminCall)
      .filter((c) => c.id === id);
    expect(mine[0]).toMatchObject({ id, phone: phone(10030), widgetId: 'support' });
    expect(mine.at(-1)!.state).toBe('completed');
    // Never backwards, and a burst of changes may arrive as one (the call as it is then).
    const order = ['requested', 'dialing-agent', 'dialing-you', 'connected', 'completed'];
    const ranks = mine.map((c) => order.indexOf(c.state));
    expect([...ranks].sort((a, b) => a - b)).toEqual(ranks);
    await stream.cancel();
  });

  it('ends a stream once its session is gone (checked at each heartbeat)', async () => {
    const quick = await startAdminHarness({ config: { heartbeatMs: 20 } });
    try {
      const session = await logIn(quick, VIEWER);
      const stream = new SseReader(await adminFetch(quick, session, '/v1/admin/events'));
      await stream.until((s) => s.comments.includes('keep-alive'));
      expect(stream.done).toBe(false);
      await adminFetch(quick, session, '/v1/admin/session', { method: 'DELETE' });
      await stream.toEnd();
      expect(stream.done).toBe(true);
    } finally {
      await quick.close();
    }
  });
});

describe('webhook deliveries', () => {
  it('lists none without webhooks, and refuses to re-send one that does not exist', async () => {
    expect(await (await adminFetch(h, viewer, '/v1/admin/webhook-deliveries')).json()).toEqual({
      deliveries: [],
    });
    const missing = await adminFetch(
      h,
      operator,
      '/v1/admin/webhook-deliveries/msg_nope/redeliver',
      {
        method: 'POST',
      },
    );
    expect(missing.status).toBe(404);
    expect(((await missing.json()) as { code: string }).code).toBe('delivery_not_found');
  });

  it("lists a call's deliveries with their attempts, and sends one again with the same webhook-id", async () => {
    const receiver = await startReceiver();
    const w = await startAdminHarness({
      config: {
        webhooks: [{ url: receiver.url, secret: WEBHOOK_SECRET, allowPrivateNetwork: true }],
      },
    });
    try {
      const session = await logIn(w, OPERATOR);
      const id = await visitorCall(w, phone(10040));
      await runToEnd(w, id);
      await w.server.deliverWebhooks();
      const listed = (await (
        await adminFetch(w, session, `/v1/admin/webhook-deliveries?callId=${id}&state=delivered`)
      ).json()) as {
        deliveries: { id: string; type: string; state: string; attempts: unknown[] }[];
      };
      expect(listed.deliveries.map((d) => d.type).sort()).toEqual([
        'call.completed',
        'call.connected',
        'call.requested',
      ]);
      const first = listed.deliveries.find((d) => d.type === 'call.requested')!;
      expect(first.attempts).toEqual([
        { at: expect.any(String), durationMs: expect.any(Number), status: 204, error: null },
      ]);
      const detail = (await (await adminFetch(w, session, `/v1/admin/calls/${id}`)).json()) as {
        webhookDeliveries: unknown[];
      };
      expect(detail.webhookDeliveries).toHaveLength(3);

      const again = await adminFetch(
        w,
        session,
        `/v1/admin/webhook-deliveries/${first.id}/redeliver`,
        {
          method: 'POST',
        },
      );
      expect(again.status).toBe(200);
      expect(await again.json()).toMatchObject({ id: first.id, state: 'pending' });
      await w.server.deliverWebhooks();
      expect(receiver.received.filter((r) => r.id === first.id)).toHaveLength(2);
      expect(
        (await (
          await adminFetch(w, session, '/v1/admin/webhook-deliveries?limit=x')
        ).json()) as object,
      ).toMatchObject({ code: 'invalid_request' });
    } finally {
      await w.close();
      await receiver.close();
    }
  });
});
