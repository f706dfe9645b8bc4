import { afterEach, describe, expect, it, vi } from 'vitest';
import { FakeEventSource } from '../test/FakeEventSource.js';
import { makeCall } from '../test/fixtures.js';
import { LiveFeed } from './LiveFeed.js';

afterEach(() => {
  vi.useRealTimers();
});

function feed() {
  const sources: FakeEventSource[] = [];
  const refused = vi.fn();
  const live = new LiveFeed({
    url: '/ringback/v1/admin/events',
    createEventSource: (url) => {
      const source = new FakeEventSource(url);
      sources.push(source);
      return source;
    },
    onRefused: refused,
  });
  return { live, sources, refused };
}

describe('LiveFeed', () => {
  it('passes on each streamed call and ignores what is not JSON', () => {
    const { live, sources } = feed();
    const calls: unknown[] = [];
    live.onCall((call) => calls.push(call));
    live.start();
    sources[0]!.open();
    const call = makeCall();
    sources[0]!.send('call', call);
    sources[0]!.dispatchEvent(new MessageEvent('call', { data: 'not json' }));
    expect(calls).toEqual([call]);
    expect(live.getStatus()).toBe('live');
  });

  it('asks for a resync after the browser reconnected a dropped stream', () => {
    const { live, sources } = feed();
    const resync = vi.fn();
    live.onResync(resync);
    live.start();
    sources[0]!.open();
    expect(resync).not.toHaveBeenCalled();
    sources[0]!.drop();
    expect(live.getStatus()).toBe('interrupted');
    sources[0]!.open();
    expect(resync).toHaveBeenCalledOnce();
    expect(sources).toHaveLength(1);
  });

  it('after a refused stream, reports it and opens a new one later, backing off', () => {
    vi.useFakeTimers();
    const { live, sources, refused } = feed();
    live.start();
    sources[0]!.refuse();
    expect(refused).toHaveBeenCalledOnce();
    vi.advanceTimersByTime(2_000);
    expect(sources).toHaveLength(2);
    sources[1]!.refuse();
    vi.advanceTimersByTime(2_000);
    expect(sources).toHaveLength(2);
    vi.advanceTimersByTime(2_000);
    expect(sources).toHaveLength(3);
    live.stop();
    expect(sources[2]!.readyState).toBe(2);
  });
});
