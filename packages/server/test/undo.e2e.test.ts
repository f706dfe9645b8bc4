// The undo window: a new call is held for `undoSeconds` before it is dialled, and the
// visitor can cancel it with the capability the create answered (`cancelToken`).
import { afterEach, describe, expect, it } from 'vitest';
import { createMemoryStore } from '../src/store/memoryStore.js';
import { type Harness, newKey, ORIGIN, startHarness, T0 } from './harness.js';
import { type Instances, startInstances } from './instances.js';

const body = { widgetId: 'support', phone: '+919812345678' };

interface Created {
  id: string;
  state: string;
  dialAt: string | null;
  cancelToken?: string;
  links: { self: string };
}

let h: Harness | undefined;
let cluster: Instances | undefined;
afterEach(async () => {
  await h?.close();
  await cluster?.close();
  h = cluster = undefined;
});

const cancel = (url: string, token?: string) =>
  fetch(url, {
    method: 'DELETE',
    headers: { origin: ORIGIN, ...(token ? { authorization: `Bearer ${token}` } : {}) },
  });

describe('the undo window', () => {
  it('holds a new call, and an undo inside the window cancels it with nothing dialled', async () => {
    h = await startHarness({ widget: { undoSeconds: 3 } });
    const created = (await (await h.createCall(body)).json()) as Created;
    expect(created).toMatchObject({
      state: 'requested',
      dialAt: new Date(T0 + 3000).toISOString(),
    });
    expect(created.cancelToken).toMatch(/^[A-Za-z0-9_-]{43}$/);
    // Only the create's answer carries the capability.
    expect(await h.getCall(created.id)).not.toHaveProperty('cancelToken');

    const undone = await cancel(created.links.self, created.cancelToken);
    expect(undone.status).toBe(200);
    expect(await undone.json()).toMatchObject({ state: 'canceled', final: true, dialAt: null });
    // Repeating the undo answers the same; the window passing dials nothing.
    expect((await cancel(created.links.self, created.cancelToken)).status).toBe(200);
    await h.advance(10_000);
    await h.server.reconcile();
    await h.server.idle();
    expect((await h.simStats()).connectRequests).toBe(0);
    // The number is free again at once.
    expect((await h.createCall(body)).status).toBe(202);
  });

  it('dials once the window is over, and then the call cannot be undone', async () => {
    h = await startHarness({ widget: { undoSeconds: 3 } });
    const created = (await (await h.createCall(body)).json()) as Created;
    await h.advance(2999);
    await h.server.reconcile();
    expect((await h.simStats()).connectRequests).toBe(0);
    await h.advance(1);
    await Promise.all([h.server.reconcile(), h.server.reconcile()]);
    await h.server.idle();
    expect((await h.simStats()).connectRequests).toBe(1);
    expect(await h.getCall(created.id)).toMatchObject({ state: 'dialing-agent', dialAt: null });
    const late = await cancel(created.links.self, created.cancelToken);
    expect(late.status).toBe(409);
    expect(await late.json()).toMatchObject({ code: 'call_not_cancelable' });
    await h.advance(5 * 60_000);
    expect((await h.getCall(created.id)).state).toBe('completed');
  });

  it('refuses a cancel without the call’s token, or with another’s, and changes nothing', async () => {
    h = await startHarness({ widget: { undoSeconds: 3 } });
    const created = (await (await h.createCall(body)).json()) as Created;
    const other = (await (
      await h.createCall({ ...body, phone: '+919812345679' })
    ).json()) as Created;
    for (const token of [undefined, other.cancelToken, 'A'.repeat(43), `${created.cancelToken}x`]) {
      const refused = await cancel(created.links.self, token);
      expect(refused.status).toBe(403);
      expect(await refused.json()).toMatchObject({ code: 'cancel_forbidden' });
    }
    const basic = await fetch(created.links.self, {
      method: 'DELETE',
      headers: { origin: ORIGIN, authorization: `Basic ${created.cancelToken}` },
    });
    expect(basic.status).toBe(403);
    // Five refused, one line logged: the others are counted until the window ends (refusalLog).
    expect(h.logs.filter((e) => e.msg === 'cancel refused')).toHaveLength(1);
    expect(await h.getCall(created.id)).toMatchObject({ state: 'requested', final: false });
    // A page of another origin cannot cancel even with the token.
    const foreign = await fetch(created.links.self, {
      method: 'DELETE',
      headers: { origin: 'https://evil.example', authorization: `Bearer ${created.cancelToken}` },
    });
    expect(foreign.status).toBe(403);
    expect(await h.getCall(created.id)).toMatchObject({ state: 'requested' });
  });

  it('hands the same capability to a replayed create, and answers the preflight of a cancel', async () => {
    h = await startHarness({ widget: { undoSeconds: 3 } });
    const key = newKey();
    const first = (await (await h.createCall(body, { key })).json()) as Created;
    const again = (await (await h.createCall(body, { key })).json()) as Created;
    expect(again).toMatchObject({ id: first.id, cancelToken: first.cancelToken });
    const preflight = await fetch(first.links.self, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'DELETE',
        'access-control-request-headers': 'authorization',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-methods')).toContain('DELETE');
    expect(preflight.headers.get('access-control-allow-headers')).toBe('authorization');
  });

  it('dials a held call once after a restart, whichever instance reaches it', async () => {
    const store = createMemoryStore();
    cluster = await startInstances({ stores: [store, store], widget: { undoSeconds: 3 } });
    const [a, b] = cluster.instances as [Instances['instances'][0], Instances['instances'][0]];
    expect((await a.createCall(body)).status).toBe(202);
    // Instance A goes away during the window; B (or A restarted) finds the call at start-up.
    await a.server.close();
    await cluster.advance(3000);
    await Promise.all([b.server.reconcile(), b.server.reconcile()]);
    await b.server.idle();
    expect((await cluster.simStats()).connectRequests).toBe(1);
    await cluster.advance(60_000);
    await b.server.reconcile();
    expect((await cluster.simStats()).connectRequests).toBe(1);
  });

  it('drops a held call found long after its window (the server was down) instead of ringing late', async () => {
    h = await startHarness({ widget: { undoSeconds: 3 } });
    const created = (await (await h.createCall(body)).json()) as Created;
    await h.advance(5 * 60_000);
    await h.server.reconcile();
    await h.server.idle();
    expect(await h.getCall(created.id)).toMatchObject({ state: 'canceled', final: true });
    expect((await h.simStats()).connectRequests).toBe(0);
    expect(h.logs.some((l) => l.msg === 'held call found too late to dial; canceled')).toBe(true);
  });
});
