import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  checkFate,
  DEFAULT_FATE,
  FateBook,
  MAGIC_NUMBERS,
  magicFate,
  resolveFate,
} from './fates.js';
import { nationalDigits, normalizeNumber } from './numbers.js';

describe('normalizeNumber', () => {
  it.each([
    ['+919812345678', '09812345678'],
    ['919812345678', '09812345678'],
    ['00919812345678', '09812345678'],
    ['09812345678', '09812345678'],
    ['9812345678', '09812345678'],
    [' 919812345678', '09812345678'], // a raw + decoded as a space
    ['(080) 4711-2400', '08047112400'],
    ['+14155552671', '+14155552671'],
  ])('%s → %s', (input, expected) => {
    expect(normalizeNumber(input)).toBe(expected);
  });

  it.each(['', 'abc', '12345', '+91981234567', '0981234567', '+', '98123456789012345', '+0123456'])(
    'refuses %j',
    (input) => {
      expect(normalizeNumber(input)).toBeNull();
    },
  );

  it('gives the national digits of Indian numbers only', () => {
    expect(nationalDigits('09812345678')).toBe('9812345678');
    expect(nationalDigits('+14155552671')).toBeNull();
  });
});

describe('magic numbers', () => {
  it('map 90000000NN to the documented fates and 9001AAMMMM to timed answers', () => {
    expect(magicFate('09000000001')).toEqual({ outcome: 'busy', ringSeconds: 1 });
    expect(magicFate('09000000009')).toEqual({ outcome: 'ndnc' });
    expect(magicFate('09000000010')).toEqual({ outcome: 'kyc' });
    expect(magicFate('09001070120')).toEqual({
      outcome: 'answer',
      ringSeconds: 7,
      talkSeconds: 120,
    });
    expect(magicFate('09812345678')).toBe(DEFAULT_FATE);
    expect(magicFate('+14155552671')).toBe(DEFAULT_FATE);
    expect(Object.keys(MAGIC_NUMBERS)).toHaveLength(11);
    for (const { fate } of Object.values(MAGIC_NUMBERS)) expect(checkFate(fate)).toBeUndefined();
  });

  it('are the README’s table, row for row', () => {
    const readme = readFileSync(new URL('../README.md', import.meta.url), 'utf8');
    const rows = [...readme.matchAll(/^\| `\+91 (\d{5}) (\d{5})` \|/gm)].map(([, a, b]) => a! + b!);
    expect(rows).toEqual(Object.keys(MAGIC_NUMBERS));
  });

  it('fill defaults when resolved', () => {
    expect(resolveFate({ outcome: 'answer' })).toEqual({
      outcome: 'answer',
      ringSeconds: 2,
      talkSeconds: 10,
      patienceSeconds: null,
    });
    expect(resolveFate({ outcome: 'answer', talkSeconds: null }).outcome).toBe('answer');
    expect(resolveFate({ outcome: 'failed' })).toEqual({ outcome: 'failed', ringSeconds: 1 });
  });
});

describe('FateBook', () => {
  it('scripts any spelling of a number, queues lists, and can be cleared', () => {
    const book = new FateBook();
    book.script('+91 98123 45678', [{ outcome: 'busy' }, { outcome: 'failed' }]);
    expect(book.peek('09812345678')).toEqual({ outcome: 'busy' });
    expect(book.next('09812345678')).toEqual({ outcome: 'busy' });
    expect(book.list()).toEqual([
      { number: '09812345678', queue: [{ outcome: 'failed' }], fate: null },
    ]);
    expect(book.next('09812345678')).toEqual({ outcome: 'failed' });
    expect(book.next('09812345678')).toBe(DEFAULT_FATE);
    book.script('9812345678', { outcome: 'no-answer' });
    expect(book.next('09812345678')).toEqual({ outcome: 'no-answer' });
    expect(book.next('09812345678')).toEqual({ outcome: 'no-answer' });
    book.clear();
    expect(book.list()).toEqual([]);
  });

  it('refuses bad numbers and bad fates with a clear message', () => {
    const book = new FateBook();
    expect(() => book.script('nope', { outcome: 'busy' })).toThrow("Not a phone number: 'nope'");
    expect(() => book.script('9812345678', { outcome: 'explode' } as never)).toThrow(
      /Unknown fate outcome/,
    );
    expect(() => book.script('9812345678', [{ outcome: 'busy', talkSeconds: 3 } as never])).toThrow(
      "Fate 'busy' has no field 'talkSeconds'",
    );
    expect(checkFate({ outcome: 'answer', ringSeconds: -1 })).toMatch(/seconds/);
    expect(checkFate('busy')).toMatch(/must be an object/);
  });
});
