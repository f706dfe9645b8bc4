import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DAY, formatWait, formatWhen, TIME } from './formatters.js';

const NOW = new Date('2026-11-27T13:42:00.000Z');
const inSeconds = (seconds: number) => new Date(NOW.getTime() + seconds * 1000);

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
});
afterEach(() => {
  vi.useRealTimers();
});

describe('formatWait', () => {
  it.each([
    [45, 'en', '45 seconds'],
    [60, 'en', '1 minute'],
    [570, 'en', '10 minutes'],
    [3600, 'en', '60 minutes'],
    [7200, 'en', '2 hours'],
    [-5, 'en', '1 second'],
    [600, 'hi', '10 मिनट'],
  ])('%i s in %s → %s', (seconds, locale, text) => {
    expect(formatWait(inSeconds(seconds), locale)).toBe(text);
  });

  it('falls back to English for a malformed locale', () => {
    expect(formatWait(inSeconds(600), 'not a locale!')).toBe('10 minutes');
  });
});

describe('formatWhen', () => {
  const date = new Date('2027-01-05T05:00:00.000Z');

  it('shows the shop’s time, naming its zone when the visitor’s clock reads otherwise', () => {
    // (The tests run in UTC.)
    expect(formatWhen(date, 'en', 'Asia/Kolkata')).toBe('Tue, Jan 5, 10:30 AM GMT+5:30');
    expect(formatWhen(date, 'hi-IN', 'Asia/Kolkata')).toBe('मंगल, 5 जन॰, 10:30 am IST');
    expect(formatWhen(date, 'en', 'Asia/Kolkata', TIME)).toBe('10:30 AM GMT+5:30');
    expect(formatWhen(date, 'en', 'Asia/Kolkata', DAY)).toBe('Tue, Jan 5');
  });

  it('names no zone when the shop’s clock reads as the visitor’s', () => {
    expect(formatWhen(date, 'en-GB', 'Europe/London')).toBe('Tue 5 Jan, 5:00');
    expect(formatWhen(date, 'en-GB', 'UTC', TIME)).toBe('5:00');
    expect(formatWhen(date, 'en-GB')).toBe('Tue 5 Jan, 5:00');
  });

  it('falls back to the runtime’s own format for a malformed locale or zone', () => {
    expect(formatWhen(date, 'en', 'Mars/Olympus')).toBe(date.toLocaleString());
  });
});
