import { describe, expect, it } from 'vitest';
import { rememberBounded } from './rememberBounded.js';

describe('rememberBounded', () => {
  it('forgets the oldest entry once full, and counts a key set again as the newest', () => {
    const memory = new Map<string, number>();
    rememberBounded(memory, 'a', 1, 2);
    rememberBounded(memory, 'b', 2, 2);
    rememberBounded(memory, 'a', 3, 2);
    rememberBounded(memory, 'c', 4, 2);
    expect([...memory]).toEqual([
      ['a', 3],
      ['c', 4],
    ]);
  });
});
