import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LogEntry } from '../domain/logger.js';
import { throttleLog } from './throttleLog.js';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const entry = (n: number): LogEntry => ({ msg: 'refused', reason: 'bad token', n });

describe('throttleLog', () => {
  it('logs the first of a kind at once, and the last of the others with their count when the window ends', () => {
    const lines: LogEntry[] = [];
    const log = throttleLog((e) => lines.push(e), 1000);
    for (let n = 1; n <= 5; n++) log.log('bad token', entry(n));
    expect(lines).toEqual([entry(1)]);
    vi.advanceTimersByTime(999);
    expect(lines).toHaveLength(1);
    vi.advanceTimersByTime(1);
    expect(lines).toEqual([entry(1), { ...entry(5), suppressed: 4 }]);
    // A new window: its first is logged at once again.
    log.log('bad token', entry(6));
    expect(lines.at(-1)).toEqual(entry(6));
  });

  it('keeps a window per kind', () => {
    const lines: LogEntry[] = [];
    const log = throttleLog((e) => lines.push(e), 1000);
    log.log('a', { msg: 'a', n: 1 });
    log.log('b', { msg: 'b', n: 1 });
    log.log('a', { msg: 'a', n: 2 });
    expect(lines).toEqual([
      { msg: 'a', n: 1 },
      { msg: 'b', n: 1 },
    ]);
    vi.advanceTimersByTime(1000);
    expect(lines.slice(2)).toEqual([{ msg: 'a', n: 2, suppressed: 1 }]);
  });

  it('writes nothing when a window ends with nothing left out', () => {
    const lines: LogEntry[] = [];
    const log = throttleLog((e) => lines.push(e), 1000);
    log.log('bad token', entry(1));
    vi.advanceTimersByTime(5000);
    expect(lines).toEqual([entry(1)]);
    expect(vi.getTimerCount()).toBe(0);
  });

  it('on close, logs what the open windows counted and leaves no timer', () => {
    const lines: LogEntry[] = [];
    const log = throttleLog((e) => lines.push(e), 1000);
    log.log('bad token', entry(1));
    log.log('bad token', entry(2));
    log.log('other', { msg: 'other' });
    log.close();
    expect(lines).toEqual([entry(1), { msg: 'other' }, { ...entry(2), suppressed: 1 }]);
    expect(vi.getTimerCount()).toBe(0);
    vi.advanceTimersByTime(5000);
    expect(lines).toHaveLength(3);
  });
});
