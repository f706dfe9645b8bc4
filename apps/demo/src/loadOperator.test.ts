import { mkdtempSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadOperatorPassword } from './loadOperator.js';

it('generates the operator password once, keeps it private, and reads it back', () => {
  const dir = mkdtempSync(join(tmpdir(), 'ringback-operator-'));
  const first = loadOperatorPassword(dir);
  expect(first).toMatch(/^[\w-]{16}$/);
  expect(statSync(join(dir, 'operator-password')).mode & 0o777).toBe(0o600);
  expect(loadOperatorPassword(dir)).toBe(first);
  // Another data folder, another password.
  expect(loadOperatorPassword(mkdtempSync(join(tmpdir(), 'ringback-operator-')))).not.toBe(first);
});
