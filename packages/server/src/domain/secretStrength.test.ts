import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { weakSecretProblem } from './secretStrength.js';

describe('weakSecretProblem', () => {
  it('refuses short, repeated and low-entropy secrets, with a generator hint', () => {
    for (const weak of [
      'short',
      'a'.repeat(32),
      'password'.repeat(4),
      'abcabcabcabcabcabcabcabcabcabcab',
      'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaab',
      '11111111112222222222333333333344',
    ])
      expect(weakSecretProblem(weak), weak).toMatch(/openssl rand -base64 32/);
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
