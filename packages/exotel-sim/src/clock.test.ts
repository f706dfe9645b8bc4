import { describe, expect, it } from 'vitest';
import { createClock } from './clock.js';

describe('manual clock', () => {
  it('fires timers in time order, then scheduling order, as advance() reaches them', async () => {
    const clock = createClock({ mode: 'manual', startTime: 1_000 });
    const fired: string[] = [];
    clock.setTimer(300, () => fired.push('c'));
    clock.setTimer(100, () => fired.push('a'));
    clock.setTimer(100, () => fired.push('b'));
    await clock.advance(99);
    expect(fired).toEqual([]);
    expect(clock.now()).toBe(1_099);
    await clock.advance(201);
    expect(fired).toEqual(['a', 'b', 'c']);
    expect(clock.now()).toBe(1_300);
  });

  it('runs each timer at its own time, including timers set by timers', async () => {
    const clock = createClock({ mode: 'manual', startTime: 0 });
    const seen: number[] = [];
    clock.setTimer(10, () => {
      seen.push(clock.now());
      clock.setTimer(5, () => seen.push(clock.now()));
      clock.setTimer(500, () => seen.push(clock.now()));
    });
    await clock.advance(100);
    expect(seen).toEqual([10, 15]);
    await clock.advance(1_000);
    expect(seen).toEqual([10, 15, 510]);
  });

  it('waits for the async work a timer starts before firing the next one', async () => {
    const clock = createClock({ mode: 'manual', startTime: 0 });
    const log: string[] = [];
    clock.setTimer(10, async () => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      log.push('slow work done');
    });
    clock.setTimer(20, () => log.push('next timer'));
    await clock.advance(30);
    expect(log).toEqual(['slow work done', 'next timer']);
  });

  it('waits for tracked work and reports errors from timers without stopping', async () => {
    const errors: unknown[] = [];
    const clock = createClock({ mode: 'manual', startTime: 0, onError: (e) => errors.push(e) });
    const ran: string[] = [];
    clock.setTimer(1, () => {
      throw new Error('boom');
    });
    clock.setTimer(2, async () => {
      throw new Error('async boom');
    });
    clock.setTimer(3, () => ran.push('after'));
    await clock.advance(10);
    expect(ran).toEqual(['after']);
    expect(errors.map((e) => (e as Error).message)).toEqual(['boom', 'async boom']);
  });

  it('cancels timers and resolves sleeps on dispose', async () => {
    const clock = createClock({ mode: 'manual', startTime: 0 });
    const fired: string[] = [];
    const timer = clock.setTimer(5, () => fired.push('cancelled'));
    clock.clearTimer(timer);
    const sleeping = clock.sleep(1_000_000);
    clock.setTimer(6, () => fired.push('disposed'));
    clock.dispose();
    await sleeping;
    await clock.advance(10);
    expect(fired).toEqual([]);
  });

  it('serialises overlapping advance() calls', async () => {
    const clock = createClock({ mode: 'manual', startTime: 0 });
    const seen: number[] = [];
    for (const at of [5, 15, 25]) clock.setTimer(at, () => seen.push(clock.now()));
    await Promise.all([clock.advance(10), clock.advance(10), clock.advance(10)]);
    expect(seen).toEqual([5, 15, 25]);
    expect(clock.now()).toBe(30);
  });

  it('refuses a negative advance', async () => {
    const clock = createClock({ mode: 'manual' });
    await expect(clock.advance(-1)).rejects.toThrow(RangeError);
  });
});

describe('real clock', () => {
  it('runs sped-up timers and refuses advance()', async () => {
    const clock = createClock({ speed: 1_000 });
    const before = clock.now();
    await clock.sleep(2_000); // 2 ms of real time
    expect(clock.now()).toBeGreaterThanOrEqual(before + 2_000);
    await expect(clock.advance(1)).rejects.toThrow(/manual/);
    expect(() => createClock({ speed: 0 })).toThrow(RangeError);
    clock.dispose();
  });
});
