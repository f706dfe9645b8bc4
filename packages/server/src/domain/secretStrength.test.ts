import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { estimatedBits, weakSecretProblem } from './secretStrength.js';

describe('weakSecretProblem', () => {
  it('refuses short, repeated, low-entropy and run-like secrets, with a generator hint', () => {
    for (const weak of [
      'short',
      'a'.repeat(32),
      'password'.repeat(4),
      'abcabcabcabcabcabcabcabcabcabcab',
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab',
      '11111111112222222222333333333344',
      'aaaabbbbccccddddeeeeffffgggghhhh',
      'abcdefghijklmnopqrstuvwxyz012345',
      '0123456789012345678901234567890123',
      'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijkl',
    ])
      expect(weakSecretProblem(weak), weak).toMatch(/openssl rand -base64 32/);
  });

  it('accepts random hex that happens to use few different characters', () => {
    // Nine different characters and 92 estimated bits: `openssl rand -hex 16` once
    // made this, and the old bar (96 bits, ten characters) refused it.
    const secret = 'df8785f625e268d7654dd72d675d2d8f';
    expect(new Set(secret).size).toBe(9);
    expect(estimatedBits(secret)).toBeLessThan(96);
    expect(weakSecretProblem(secret)).toBeUndefined();
  });

  it('accepts what the usual generators make', () => {
    for (let i = 0; i < 200; i++) {
      for (const secret of [
        randomBytes(32).toString('base64'),
        randomBytes(32).toString('base64url'),
        randomBytes(16).toString('hex'),
        randomBytes(24).toString('hex'),
      ])
        expect(weakSecretProblem(secret), secret).toBeUndefined();
    }
  });
});
