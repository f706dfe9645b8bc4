import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { formatWait } from './formatters.js';

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
