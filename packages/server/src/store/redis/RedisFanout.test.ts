import { describe, expect, it } from 'vitest';
import type { CallEvent } from '../../domain/Store.js';
import { type EventLog, RedisFanout } from './RedisFanout.js';

const event = (seq: number): CallEvent => ({
  callId: 'call_x',
  seq,
  state: 'dialing-agent',
  at: seq,
  source: 'callback',
  conversationSeconds: null,
});

/** The call's stored log; `available` false plays a Redis that is away. */
function fakeLog(lastSeq: number, stored: number[]) {
  const log = {
    available: true,
    reads: 0,
    async lastSeq() {
      return lastSeq;
    },
    async events(_callId: string, afterSeq: number) {
      log.reads += 1;
      if (!log.available) throw new Error('Connection is closed.');
      return stored.filter((s) => s > afterSeq).map(event);
    },
  } satisfies EventLog & Record<string, unknown>;
  return log;
}

async function subscribed(log: EventLog) {
  const fanout = new RedisFanout(log);
  const seen: number[] = [];
  fanout.subscribe('call_x', (e) => seen.push(e.seq));
  await fanout.settle('call_x');
  return { fanout, seen };
}

const flush = () => new Promise((resolve) => setImmediate(resolve));

describe('RedisFanout', () => {
  it('hands over events once each, dropping the echo of its own writes', async () => {
    const log = fakeLog(1, [1, 2, 3]);
    const { fanout, seen } = await subscribed(log);
    fanout.publish({ prev: 1, event: event(2) });
    fanout.publish({ prev: 1, event: event(2) });
    fanout.publish({ prev: 2, event: event(3) });
    expect(seen).toEqual([2, 3]);
    expect(log.reads).toBe(0);
  });

  it('starts after the events stored before it subscribed', async () => {
    const { fanout, seen } = await subscribed(fakeLog(3, [1, 2, 3]));
    fanout.publish({ prev: 2, event: event(3) });
    fanout.publish({ prev: 3, event: event(4) });
    expect(seen).toEqual([4]);
  });

  it('reads the log when a message arrives before the one it follows', async () => {
    const log = fakeLog(1, [1, 2, 3]);
    const { fanout, seen } = await subscribed(log);
    fanout.publish({ prev: 2, event: event(3) });
    await flush();
    fanout.publish({ prev: 1, event: event(2) });
    expect(seen).toEqual([2, 3]);
    expect(log.reads).toBe(1);
  });

  it('follows bookkeeping versions: the gap is measured between events, not versions', async () => {
    const log = fakeLog(2, [1, 2, 5]);
    const { fanout, seen } = await subscribed(log);
    fanout.publish({ prev: 2, event: event(5) });
    expect(seen).toEqual([5]);
    expect(log.reads).toBe(0);
  });

  it('catches up on a resync after missing messages while the channel was down', async () => {
    const log = fakeLog(1, [1, 2, 3, 4]);
    const { fanout, seen } = await subscribed(log);
    log.available = false;
    fanout.resync();
    await flush();
    expect(seen).toEqual([]);
    log.available = true;
    fanout.resync();
    await flush();
    expect(seen).toEqual([2, 3, 4]);
  });

  it('stops handing over after unsubscribe and survives a throwing listener', async () => {
    const fanout = new RedisFanout(fakeLog(0, []));
    const seen: number[] = [];
    fanout.subscribe('call_x', () => {
      throw new Error('broken');
    });
    const unsubscribe = fanout.subscribe('call_x', (e) => seen.push(e.seq));
    await fanout.settle('call_x');
    fanout.publish({ prev: 0, event: event(1) });
    unsubscribe();
    fanout.publish({ prev: 1, event: event(2) });
    expect(seen).toEqual([1]);
  });
});
