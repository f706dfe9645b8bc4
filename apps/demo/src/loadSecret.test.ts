import { mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSecret } from './loadSecret.js';

describe('loadSecret', () => {
  it('generates a secret on first run and keeps it for the next, readable by the owner only', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringback-secret-'));
    const first = loadSecret(dir, undefined);
    expect(first.length).toBeGreaterThanOrEqual(32);
    expect(loadSecret(dir, undefined)).toBe(first);
    expect(readFileSync(join(dir, 'secret'), 'utf8').trim()).toBe(first);
    expect(statSync(join(dir, 'secret')).mode & 0o077).toBe(0);
  });

  it('prefers RINGBACK_SECRET', () => {
    const dir = mkdtempSync(join(tmpdir(), 'ringback-secret-'));
    expect(loadSecret(dir, 'from-the-environment-from-the-environment')).toBe(
      'from-the-environment-from-the-environment',
    );
  });
});
