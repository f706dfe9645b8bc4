import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CALL_ID,
  call,
  ENDPOINT,
  FakeEventSource,
  fakeProxy,
  json,
  problem,
} from '../../../test/support/fakeProxy.js';
import type { CallSessionError } from './CallSessionError.js';
import { createProxyApi } from './createProxyApi.js';
import { type CallTransport, followCall } from './followCall.js';
import type { Call } from './types.js';

beforeEach(() => {
  vi.useFakeTimers();
  FakeEventSource.instances = [];
});
afterEach(() => {
  vi.useRealTimers();
});

type Answer = Parameters<ReturnType<typeof fakeProxy>['queues']['get']['push']>[0];

function follow(
  EventSource: typeof FakeEventSource | null = FakeEventSource,
  polls: Answer[] = [],
) {
  const proxy = fakeProxy();
  proxy.queues.get.push(...polls);
  const states: string[] = [];
  const transports: CallTransport[] = [];
  const errors: CallSessionError[] = [];
  const connection: boolean[] = [];
  const stop = followCall({
    api: createProxyApi(ENDPOINT, proxy.fetch),
    endpoint: ENDPOINT,
    callId: CALL_ID,
    EventSource: EventSource as unknown as typeof globalThis.EventSource,
    pollIntervalMs: 2000,
    onCall: (c: Call) => states.push(c.state),
    onTransport: (t) => transports.push(t),
    onError: (e) => errors.push(e),
    onConnection: (reconnecting) => connection.push(reconnecting),
  });
  const pollCount = () => proxy.requests.filter((r) => r.url.endsWith(CALL_ID)).length;
  return { proxy, states, transports, errors, connection, stop, polls: pollCount };
}

describe('followCall over Server-Sent Events', () => {
  it('streams states until the final one, then closes', () => {
    const { states, transports } = follow();
    const stream = FakeEventSource.last;
    stream.open();
    stream.emit(call('dialing-agent'), '1');
    stream.emit(call('dialing-you'), '2');
    stream.emit(call('busy'), '3');
    expect(states).toEqual(['dialing-agent', 'dialing-you', 'busy']);
    expect(transports).toEqual(['sse']);
    expect(stream.readyState).toBe(FakeEventSource.CLOSED);
  });

  it('lets the browser resume a dropped stream (it sends Last-Event-ID itself)', async () => {
    const { states } = follow();
    const stream = FakeEventSource.last;
    stream.open();
    stream.emit(call('dialing-agent'), '1');
    stream.drop();
    await vi.advanceTimersByTimeAsync(5000);
    stream.open();
    stream.emit(call('dialing-you'), '2');
    expect(FakeEventSource.instances).toHaveLength(1);
    expect(states).toEqual(['dialing-agent', 'dialing-you']);
  });

  it('reconnects a refused stream itself, resuming after the last event id', async () => {
    const { states, polls } = follow();
    FakeEventSource.last.open();
    FakeEventSource.last.emit(call('dialing-agent'), '1');
    FakeEventSource.last.emit(call('dialing-you'), '2');
    FakeEventSource.last.refuse();
    expect(FakeEventSource.instances).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2000);
    expect(FakeEventSource.instances).toHaveLength(2);
    expect(FakeEventSource.last.url).toBe(`${ENDPOINT}/v1/calls/${CALL_ID}/events?lastEventId=2`);
    FakeEventSource.last.open();
    FakeEventSource.last.emit(call('connected'), '3');
    expect(states).toEqual(['dialing-agent', 'dialing-you', 'connected']);
    expect(polls()).toBe(0);
  });

  it('falls back to polling after repeated failures', async () => {
    const { proxy, states, transports } = follow();
    proxy.queues.get.push(json(call('dialing-you')));
    FakeEventSource.last.refuse();
    await vi.advanceTimersByTimeAsync(2000);
    FakeEventSource.last.refuse();
    await vi.advanceTimersByTimeAsync(4000);
    FakeEventSource.last.refuse();
    await vi.advanceTimersByTimeAsync(0);
    expect(transports).toEqual(['sse', 'polling']);
    expect(states).toEqual(['dialing-you']);
    expect(FakeEventSource.last.readyState).toBe(FakeEventSource.CLOSED);
  });

  it('falls back to polling when a browser keeps failing to reconnect', async () => {
    const { proxy, transports } = follow();
    proxy.queues.get.push(json(call('dialing-you')));
    FakeEventSource.last.drop();
    FakeEventSource.last.drop();
    FakeEventSource.last.drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(transports).toEqual(['sse', 'polling']);
  });

  it('falls back to polling when an opened stream stays silent (a buffering proxy)', async () => {
    const { proxy, transports, states } = follow();
    proxy.queues.get.push(json(call('dialing-agent')));
    FakeEventSource.last.open();
    await vi.advanceTimersByTimeAsync(9999);
    expect(transports).toEqual(['sse']);
    await vi.advanceTimersByTimeAsync(1);
    expect(transports).toEqual(['sse', 'polling']);
    expect(states).toEqual(['dialing-agent']);
  });

  it('skips a garbled event', () => {
    const { states } = follow();
    FakeEventSource.last.open();
    FakeEventSource.last.emit('{not json', '1');
    FakeEventSource.last.emit(call('dialing-you'), '2');
    expect(states).toEqual(['dialing-you']);
  });

  it('closes the stream when stopped', () => {
    const { stop, states } = follow();
    stop();
    expect(FakeEventSource.last.readyState).toBe(FakeEventSource.CLOSED);
    FakeEventSource.last.emit(call('dialing-you'), '2');
    expect(states).toEqual([]);
  });
});

describe('followCall: outages', () => {
  it('keeps a blip of the stream to itself', async () => {
    const { connection } = follow();
    const stream = FakeEventSource.last;
    stream.open();
    stream.drop();
    await vi.advanceTimersByTimeAsync(1500);
    stream.open();
    stream.emit(call('dialing-you'), '2');
    await vi.advanceTimersByTimeAsync(10_000);
    expect(connection).toEqual([]);
  });

  it('says it is reconnecting when the stream drops and does not come back', async () => {
    const { connection, states } = follow(FakeEventSource, [
      new TypeError('offline'),
      json(call('connected')),
    ]);
    const stream = FakeEventSource.last;
    stream.open();
    stream.emit(call('dialing-you'), '1');
    stream.drop();
    await vi.advanceTimersByTimeAsync(2000);
    expect(connection).toEqual([true]);
    // The browser keeps failing; polling takes over, fails once, then gets an answer.
    stream.drop();
    stream.drop();
    await vi.advanceTimersByTimeAsync(0);
    expect(connection).toEqual([true]);
    await vi.advanceTimersByTimeAsync(4000);
    expect(connection).toEqual([true, false]);
    expect(states).toEqual(['dialing-you', 'connected']);
  });
});

describe('followCall by polling', () => {
  it('polls at the interval until the final state', async () => {
    const { states, transports, polls } = follow(null, [
      json(call('dialing-agent')),
      json(call('connected')),
      json(call('completed')),
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(states).toEqual(['dialing-agent']);
    await vi.advanceTimersByTimeAsync(4000);
    expect(states).toEqual(['dialing-agent', 'connected', 'completed']);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(polls()).toBe(3);
    expect(transports).toEqual(['polling']);
  });

  it('backs off while the proxy is unreachable, then carries on', async () => {
    const { states, polls } = follow(null, [
      new TypeError('offline'),
      problem('internal_error', 500),
      json(call('dialing-you')),
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(polls()).toBe(1);
    await vi.advanceTimersByTimeAsync(3999);
    expect(polls()).toBe(1);
    await vi.advanceTimersByTimeAsync(1);
    expect(polls()).toBe(2);
    await vi.advanceTimersByTimeAsync(8000);
    expect(polls()).toBe(3);
    expect(states).toEqual(['dialing-you']);
  });

  it('says it is reconnecting two seconds into an outage, and when it is back', async () => {
    const { states, connection } = follow(null, [
      json(call('dialing-agent')),
      new TypeError('offline'),
      new TypeError('offline'),
      json(call('completed')),
    ]);
    await vi.advanceTimersByTimeAsync(0);
    expect(connection).toEqual([]);
    await vi.advanceTimersByTimeAsync(2000); // the failed poll
    expect(connection).toEqual([]);
    await vi.advanceTimersByTimeAsync(2000);
    expect(connection).toEqual([true]);
    await vi.advanceTimersByTimeAsync(30_000);
    expect(connection).toEqual([true, false]);
    expect(states).toEqual(['dialing-agent', 'completed']);
  });

  it('stops and reports a call that is gone', async () => {
    const { errors, polls } = follow(null, [problem('call_not_found', 404)]);
    await vi.advanceTimersByTimeAsync(60_000);
    expect(errors.map((e) => e.code)).toEqual(['call_not_found']);
    expect(polls()).toBe(1);
  });

  it('aborts the poll in flight when stopped', async () => {
    let signal: AbortSignal | undefined;
    const { stop } = follow(null, [
      (request: Request) => {
        signal = request.signal;
        return new Promise<Response>(() => {});
      },
    ]);
    await vi.advanceTimersByTimeAsync(0);
    stop();
    expect(signal?.aborted).toBe(true);
  });
});
