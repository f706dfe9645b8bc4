import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, ORIGIN, startHarness } from './harness.js';
import { SseReader } from './sse.js';

let h: Harness | undefined;
afterEach(async () => {
  await h?.close();
  h = undefined;
});

const body = { widgetId: 'support', phone: '+919812345678' };

async function create(harness: Harness) {
  return (await (await harness.createCall(body)).json()) as {
    id: string;
    links: { events: string };
  };
}

const open = (url: string, headers: Record<string, string> = {}) =>
  fetch(url, { headers: { origin: ORIGIN, ...headers } });

describe('GET /v1/calls/{id}/events', () => {
  it('sends the current state first, then each change, and closes after the final state', async () => {
    h = await startHarness();
    const call = await create(h);
    const response = await open(call.links.events);
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toBe('text/event-stream; charset=utf-8');
    expect(response.headers.get('cache-control')).toContain('no-store');
    expect(response.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const stream = new SseReader(response);
    await stream.until((s) => s.events.length === 1);
    expect(stream.retry).toBe(2000);
    expect(stream.events[0]).toMatchObject({ id: '2', event: 'state' });
    expect(JSON.parse(stream.events[0]!.data)).toMatchObject({
      id: call.id,
      state: 'dialing-agent',
      final: false,
    });
    await h.advance(5 * 60_000);
    await stream.toEnd();
    expect(stream.states()).toEqual(['dialing-agent', 'dialing-you', 'connected', 'completed']);
    expect(stream.events.map((e) => e.id)).toEqual(['2', '3', '4', '5']);
    expect(JSON.parse(stream.events.at(-1)!.data)).toMatchObject({
      final: true,
      conversationSeconds: 10,
    });
  });

  it('resumes after Last-Event-ID with every missed state, once each', async () => {
    h = await startHarness();
    const call = await create(h);
    await h.advance(5 * 60_000);
    const resumed = await new SseReader(
      await open(call.links.events, { 'last-event-id': '3' }),
    ).toEnd();
    expect(resumed.states()).toEqual(['connected', 'completed']);
    const viaQuery = await new SseReader(await open(`${call.links.events}?lastEventId=2`)).toEnd();
    expect(viaQuery.states()).toEqual(['dialing-you', 'connected', 'completed']);
  });

  it('resumes mid-call without repeating what the client has', async () => {
    h = await startHarness();
    const call = await create(h);
    const stream = new SseReader(await open(call.links.events, { 'last-event-id': '2' }));
    await h.advance(3000);
    await stream.until((s) => s.events.length >= 1);
    expect(stream.states()[0]).toBe('dialing-you');
    await h.advance(5 * 60_000);
    await stream.toEnd();
    expect(stream.states()).toEqual(['dialing-you', 'connected', 'completed']);
  });

  it('sends the final state and closes at once for a finished call', async () => {
    h = await startHarness();
    const call = await create(h);
    await h.advance(5 * 60_000);
    const stream = await new SseReader(await open(call.links.events)).toEnd();
    expect(stream.states()).toEqual(['completed']);
  });

  it('keeps quiet connections alive with comments', async () => {
    h = await startHarness({ config: { heartbeatMs: 5 } });
    const call = await create(h);
    const stream = new SseReader(await open(call.links.events));
    await stream.until((s) => s.comments.length >= 2);
    expect(stream.comments.slice(0, 2)).toEqual(['keep-alive', 'keep-alive']);
    await stream.cancel();
  });

  it('ends open streams when the server closes', async () => {
    h = await startHarness();
    const call = await create(h);
    const stream = new SseReader(await open(call.links.events));
    await stream.until((s) => s.events.length === 1);
    await h.server.close();
    await stream.toEnd();
    expect(stream.done).toBe(true);
  });

  it('refuses a malformed Last-Event-ID, unknown calls and foreign origins', async () => {
    h = await startHarness();
    const call = await create(h);
    const bad = await open(call.links.events, { 'last-event-id': 'yesterday' });
    expect(bad.status).toBe(400);
    expect(((await bad.json()) as { code: string }).code).toBe('invalid_last_event_id');
    expect((await open(`${h.url}/v1/calls/call_AAAAAAAAAAAAAAAAAAAAAAAA/events`)).status).toBe(404);
    expect((await open(`${h.url}/v1/calls/not-an-id/events`)).status).toBe(404);
    expect(
      (await fetch(call.links.events, { headers: { origin: 'https://evil.example' } })).status,
    ).toBe(403);
  });
});
