import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import type { RateWindow } from '../domain/RingbackConfig.js';
import type { ConfigIssue } from '../domain/RingbackConfigError.js';

/** Collects every problem of a configuration, each with the path of its field. */
export class Checker {
  readonly issues: ConfigIssue[] = [];

  add(path: string, message: string): void {
    this.issues.push({ path, message });
  }

  object(value: unknown, path: string): value is Record<string, unknown> {
    if (value && typeof value === 'object' && !Array.isArray(value)) return true;
    this.add(path, 'must be an object');
    return false;
  }

  known(value: Record<string, unknown>, fields: Set<string>, path: string): void {
    for (const key of Object.keys(value)) {
      if (!fields.has(key)) this.add(path ? `${path}.${key}` : key, 'unknown field');
    }
  }

  string(value: unknown, path: string, test?: (s: string) => string | undefined): value is string {
    if (typeof value !== 'string' || value.trim() === '') {
      this.add(path, 'must be a non-empty string');
      return false;
    }
    const problem = test?.(value);
    if (problem) {
      this.add(path, problem);
      return false;
    }
    return true;
  }

  integer(value: unknown, path: string, min: number, max: number, fallback: number): number {
    if (value === undefined) return fallback;
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
      this.add(path, `must be an integer from ${min} to ${max}`);
      return fallback;
    }
    return value;
  }

  boolean(value: unknown, path: string, fallback: boolean): boolean {
    if (value === undefined) return fallback;
    if (typeof value !== 'boolean') {
      this.add(path, 'must be true or false');
      return fallback;
    }
    return value;
  }

  url(value: unknown, path: string, https: 'required' | 'local-http-ok'): string | undefined {
    if (!this.string(value, path)) return undefined;
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      this.add(path, `${JSON.stringify(value)} is not a URL`);
      return undefined;
    }
    const local =
      ['localhost', '127.0.0.1', '[::1]'].includes(url.hostname) ||
      url.hostname.endsWith('.localhost');
    if (
      url.protocol !== 'https:' &&
      !(url.protocol === 'http:' && (local || https === 'local-http-ok'))
    ) {
      this.add(path, 'must be an https URL (http is accepted for localhost only)');
      return undefined;
    }
    if (url.username || url.password) {
      this.add(path, 'must not contain credentials');
      return undefined;
    }
    return value;
  }

  windows(value: unknown, path: string, fallback: RateWindow[]): RateWindow[] {
    if (value === undefined) return fallback;
    if (!Array.isArray(value)) {
      this.add(path, 'must be a list of { limit, windowSeconds }');
      return fallback;
    }
    return value.map((w, i) => this.window(w, `${path}[${i}]`) ?? { limit: 1, windowSeconds: 1 });
  }

  window(value: unknown, path: string): RateWindow | undefined {
    if (!this.object(value, path)) return undefined;
    this.known(value, new Set(['limit', 'windowSeconds']), path);
    const before = this.issues.length;
    const limit = this.integer(value.limit, `${path}.limit`, 1, 1_000_000, 1);
    const windowSeconds = this.integer(
      value.windowSeconds,
      `${path}.windowSeconds`,
      1,
      31 * 86_400,
      1,
    );
    if (value.limit === undefined) this.add(`${path}.limit`, 'is required');
    if (value.windowSeconds === undefined) this.add(`${path}.windowSeconds`, 'is required');
    return this.issues.length > before ? undefined : { limit, windowSeconds };
  }
}

/** The E.164 form of a valid number, or `undefined`. */
export function e164(value: string): string | undefined {
  const parsed = parsePhoneNumberFromString(value);
  return parsed?.isValid() ? parsed.number : undefined;
}
