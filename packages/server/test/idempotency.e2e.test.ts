import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, newKey, startHarness } from './harness.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const body = { widgetId: 'support', phone: '+919812345678' };

describe('never dial twice', () => {
  it('answers a repeat with the same key and body with the same call', async () => {
    h = await startHarness();
    const key = newKey();
    const first = (await (await h.createCall(body, { key })).json()) as { id: string };
    const again = await h.createCall(body, { key });
    expect(again.status).toBe(202);
    expect(((await again.json()) as { id: string }).id).toBe(first.id);
    expect((await h.simStats()).connectRequests).toBe(1);
  });

  it('places exactly one call for concurrent double-submits', async () => {
    h = await startHarness();
    const key = newKey();
    const responses = await Promise.all(
      Array.from({ length: 6 }, () => h!.createCall(body, { key })),
    );
    const ids = await Promise.all(
      responses.map(async (r) => ((await r.json()) as { id: string }).id),
    );
    expect(responses.map((r) => r.status)).toEqual(Array(6).fill(202));
    expect(new Set(ids).size).toBe(1);
    const stats = await h.simStats();
    expect(stats).toMatchObject({ connectRequests: 1, connectsAccepted: 1 });
  });

  it('refuses the same key with a different body', async () => {
    h = await startHarness();
    const key = newKey();
    await h.createCall(body, { key });
    const other = await h.createCall({ ...body, phone: '+919812345670' }, { key });
    expect(other.status).toBe(409);
    expect(((await other.json()) as { code: string }).code).toBe('idempotency_key_reused');
    expect((await h.simStats()).connectRequests).toBe(1);
  });

  it('returns the current state of the call on a late repeat', async () => {
    h = await startHarness();
    const key = newKey();
    const { id } = (await (await h.createCall(body, { key })).json()) as { id: string };
    await h.advance(5 * 60_000);
    const again = (await (await h.createCall(body, { key })).json()) as {
      id: string;
      state: string;
    };
    expect(again).toMatchObject({ id, state: 'completed' });
    expect((await h.simStats()).connectRequests).toBe(1);
  });

  it('does not count a repeat against the rate limits', async () => {
    h = await startHarness({ widget: { limits: { number: [{ limit: 1, windowSeconds: 3600 }] } } });
    const key = newKey();
    for (let i = 0; i < 4; i++) expect((await h.createCall(body, { key })).status).toBe(202);
  });

  it('treats a new key as a new call, once the first call to the number has ended', async () => {
    h = await startHarness();
    const a = (await (await h.createCall(body)).json()) as { id: string };
    await h.advance(5 * 60_000);
    expect((await h.getCall(a.id)).state).toBe('completed');
    const b = (await (await h.createCall(body)).json()) as { id: string };
    expect(a.id).not.toBe(b.id);
    expect((await h.simStats()).connectRequests).toBe(2);
  });

  it('refuses a second live call to the same number under a new key, naming no call', async () => {
    h = await startHarness();
    const a = await h.createCall(body);
    expect(a.status).toBe(202);
    const second = await h.createCall(body);
    expect(second.status).toBe(409);
    const problem = (await second.json()) as { code: string };
    expect(problem.code).toBe('call_in_progress');
    expect(JSON.stringify(problem)).not.toContain(((await a.json()) as { id: string }).id);
    expect((await h.simStats()).connectRequests).toBe(1);
    // Nothing was charged for the refusal: a retry of the first request still replays it.
  });
});

describe('what Exotel is asked', () => {
  it('takes everything but the visitor number from the widget config, and ties callbacks to the call', async () => {
    h = await startHarness({
      widget: {
        record: true,
        recordingChannels: 'dual',
        waitUrl: 'https://cdn.example.com/wait.wav',
        timeLimit: 900,
        timeOut: 25,
      },
    });
    const { id } = (await (await h.createCall(body)).json()) as { id: string };
    const params = h.sim.calls()[0]!.params;
    expect(params).toMatchObject({
      // The simulator echoes numbers in Exotel's 0-prefixed national form.
      from: '09000000000',
      to: '09812345678',
      callerId: '08047112400',
      callType: 'trans',
      timeLimit: 900,
      timeOut: 25,
      waitUrl: 'https://cdn.example.com/wait.wav',
      record: true,
      recordingChannels: 'dual',
      customField: id,
      statusCallbackEvents: ['terminal', 'answered'],
      statusCallbackContentType: 'application/json',
    });
    const callback = new URL(params.statusCallback!);
    expect(`${callback.origin}${callback.pathname}`).toBe(`${h.url}/v1/exotel/status-callback`);
    expect(callback.searchParams.get('call')).toBe(id);
    expect(callback.searchParams.get('token')).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });
});
