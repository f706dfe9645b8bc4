import { createMemoryStore } from '@ringback/server';
import { afterEach, describe, expect, it } from 'vitest';
import { storeWith } from '../src/calls/storeWith.js';
import { closedPort, type Harness, newKey, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const body = { widgetId: 'support', phone: '+919812345678' };
const json = async (r: Response) => (await r.json()) as Record<string, unknown>;

/** A fetch that sends the first `times` requests to a closed port: a real ECONNREFUSED. */
const refuseFirst = (times: number, port: number) => () => {
  let refused = 0;
  return (async (input: Request) => {
    if (refused < times) {
      refused += 1;
      const url = new URL(input.url);
      url.port = String(port);
      return fetch(url, {
        method: input.method,
        headers: input.headers,
        body: await input.arrayBuffer(),
      });
    }
    return fetch(input);
  }) as typeof fetch;
};

describe('recording what Exotel said', () => {
  it('records it on the call the create stored, reading nothing back, whatever the answer', async () => {
    const inner = createMemoryStore();
    const reads: string[] = [];
    // The memory store, counting the calls read from it.
    const store = storeWith(inner, {
      getCall: (id) => {
        reads.push(id);
        return inner.getCall(id);
      },
    });
    h = await startHarness({ config: { store } });
    const placed = await h.createCall(body);
    expect(placed.status).toBe(202);
    const { id } = (await json(placed)) as { id: string };
    expect(await inner.getCall(id)).toMatchObject({ state: 'dialing-agent', version: 2 });

    h.sim.faults.next({ target: 'connect', fault: { type: 'error', status: 503 } });
    const refused = await h.createCall({ ...body, phone: '+919812345679' });
    expect(refused.status).toBe(502);
    const failed = (await inner.listCalls({ limit: 2 })).find((call) => call.id !== id);
    expect(failed).toMatchObject({
      state: 'failed',
      version: 2,
      refusal: { code: 'upstream_unavailable' },
    });
    expect(reads).toEqual([]);
    await h.close();
    h = undefined;
    await inner.close();
  });
});

describe('upstream failures', () => {
  it('maps Exotel 5xx to upstream_unavailable without retrying, and replays the refusal', async () => {
    h = await startHarness();
    h.sim.faults.next({ target: 'connect', fault: { type: 'error', status: 503 } });
    const key = newKey();
    const response = await h.createCall(body, { key });
    expect(response.status).toBe(502);
    expect(await json(response)).toMatchObject({ code: 'upstream_unavailable' });
    expect(await h.simStats()).toMatchObject({ connectRequests: 1, connectsAccepted: 0 });
    const replay = await h.createCall(body, { key });
    expect(replay.status).toBe(502);
    expect((await h.simStats()).connectRequests).toBe(1);
  });

  it('retries a 429 and places the call once', async () => {
    h = await startHarness();
    h.sim.faults.next({ target: 'connect', fault: { type: 'rate-limit' } });
    const response = await h.createCall(body);
    expect(response.status).toBe(202);
    expect(await json(response)).toMatchObject({ state: 'dialing-agent' });
    expect(await h.simStats()).toMatchObject({ connectRequests: 2, connectsAccepted: 1 });
  });

  it('gives up on a persistent 429 with Retry-After', async () => {
    h = await startHarness();
    h.sim.faults.next({ target: 'connect', fault: { type: 'rate-limit' }, times: 5 });
    const response = await h.createCall(body);
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await json(response)).toMatchObject({ code: 'upstream_unavailable' });
    expect(await h.simStats()).toMatchObject({ connectRequests: 3, connectsAccepted: 0 });
  });

  it('retries when the connection was refused (provably never sent)', async () => {
    h = await startHarness({ exotelFetch: refuseFirst(2, await closedPort()) });
    const response = await h.createCall(body);
    expect(response.status).toBe(202);
    expect(await h.simStats()).toMatchObject({ connectRequests: 1, connectsAccepted: 1 });
  });

  it('answers upstream_unavailable when Exotel cannot be reached at all', async () => {
    h = await startHarness({ exotelFetch: refuseFirst(99, await closedPort()) });
    const response = await h.createCall(body);
    expect(response.status).toBe(503);
    expect(await json(response)).toMatchObject({ code: 'upstream_unavailable' });
    expect((await h.simStats()).connectRequests).toBe(0);
  });

  it('on a timeout, marks the call unknown and follows it from callbacks instead of re-sending', async () => {
    h = await startHarness({ exotelTimeoutSeconds: 0.2 });
    // Exotel places the call but answers 60 simulated seconds later; the manual clock
    // stands still, so the server gives up waiting.
    h.sim.faults.next({ target: 'connect', fault: { type: 'latency', ms: 60_000 }, when: 'after' });
    const key = newKey();
    const response = await h.createCall(body, { key });
    expect(response.status).toBe(202);
    const call = await json(response);
    expect(call.state).toBe('unknown');
    const replay = await json(await h.createCall(body, { key }));
    expect(replay).toMatchObject({ id: call.id, state: 'unknown' });
    await h.advance(5 * 60_000);
    expect((await h.getCall(call.id as string)).state).toBe('completed');
    expect(await h.simStats()).toMatchObject({ connectRequests: 1, connectsAccepted: 1 });
  });

  it('fails an unknown call that Exotel never placed, once it would surely have called back', async () => {
    h = await startHarness();
    // The connection drops before Exotel acts on the request: nothing was placed,
    // but the server cannot know that.
    h.sim.faults.next({ target: 'connect', fault: { type: 'reset' }, when: 'before' });
    const call = await json(await h.createCall(body));
    expect(call.state).toBe('unknown');
    await h.advance(60_000);
    expect(await h.server.reconcile()).toEqual({ checked: 0, settled: 0 });
    // Two ring timeouts (2 × 30 s) and the grace period (30 s) after creation.
    await h.advance(30_000);
    expect(await h.server.reconcile()).toEqual({ checked: 1, settled: 1 });
    expect((await h.getCall(call.id as string)).state).toBe('failed');
    expect(h.sim.calls()).toEqual([]);
  });

  it('treats a dropped connection as unknown: never re-sent', async () => {
    h = await startHarness();
    h.sim.faults.next({ target: 'connect', fault: { type: 'reset' }, when: 'after' });
    const call = await json(await h.createCall(body));
    expect(call.state).toBe('unknown');
    await h.advance(5 * 60_000);
    expect((await h.getCall(call.id as string)).state).toBe('completed');
    expect(await h.simStats()).toMatchObject({ connectRequests: 1, connectsAccepted: 1 });
  });

  it('hides account problems from the visitor (wrong credentials → service_unavailable)', async () => {
    h = await startHarness({ exotelApiToken: 'wrong-token-value' });
    const response = await h.createCall(body);
    expect(response.status).toBe(503);
    const problem = await json(response);
    expect(problem).toMatchObject({
      code: 'service_unavailable',
      detail: 'Calls cannot be placed right now.',
    });
    expect(h.logs.some((l) => l.level === 'error' && l.msg === 'exotel refused the call')).toBe(
      true,
    );
  });
});
