import { randomBytes } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

/** Who logs in to the demo's console (an admin: every page and action). */
export const DEMO_OPERATOR_EMAIL = 'owner@demo.ringback.dev';

/**
 * The demo operator's password: generated on the first run, kept in the data folder
 * (readable by its owner only) and printed at every start-up, so it is never a default
 * anyone could guess.
 */
export function loadOperatorPassword(dataDir: string): string {
  const file = join(dataDir, 'operator-password');
  try {
    const existing = readFileSync(file, 'utf8').trim();
    if (existing.length >= 12) return existing;
  } catch {
    // First run.
  }
  const password = randomBytes(12).toString('base64url');
  writeFileSync(file, `${password}\n`, { mode: 0o600 });
  return password;
}
