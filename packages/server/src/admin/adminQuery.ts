// Query parameters of the operator API, read strictly: an unknown or repeated parameter
// and a malformed value are refused together as `invalid_request`, each named in `errors`.
import { base64url, base64urlDecode } from '../domain/callId.js';
import { type FieldError, Problem } from '../domain/problem.js';
import { parseJsonBytes } from '../http/readBody.js';

/** RFC 3339 date-time with a zone, as the spec's `format: date-time`. */
const DATE_TIME =
  /^(?=.{20,40}$)\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/;

/** A reader of one request's query, collecting every problem before refusing. */
export class AdminQuery {
  readonly errors: FieldError[] = [];
  private readonly params: URLSearchParams;

  constructor(request: Request, known: readonly string[], repeatable: readonly string[] = []) {
    this.params = new URL(request.url).searchParams;
    const counts = new Map<string, number>();
    for (const name of this.params.keys()) counts.set(name, (counts.get(name) ?? 0) + 1);
    for (const [name, count] of counts) {
      const path = `/${encodeURIComponent(name).slice(0, 64)}`;
      if (!known.includes(name)) this.errors.push({ path, message: 'unknown parameter' });
      else if (count > 1 && !repeatable.includes(name))
        this.errors.push({ path, message: 'must be given once' });
    }
  }

  private fail(name: string, message: string): undefined {
    this.errors.push({ path: `/${name}`, message });
    return undefined;
  }

  /** The parameter's text, if given once (repeats are refused by the constructor). */
  text(name: string, max = 256): string | undefined {
    const value = this.params.get(name);
    if (value === null) return undefined;
    if (value.length === 0 || value.length > max)
      return this.fail(name, `must be 1 to ${max} characters`);
    return value;
  }

  all(name: string): string[] {
    return this.params.getAll(name);
  }

  /** One of `options`. */
  choice<const T extends string>(name: string, options: readonly T[]): T | undefined {
    const value = this.params.get(name);
    if (value === null) return undefined;
    if ((options as readonly string[]).includes(value)) return value as T;
    return this.fail(name, `must be ${options.map((o) => `"${o}"`).join(' or ')}`);
  }

  /** A text matching `pattern`. */
  matching(name: string, pattern: RegExp, message: string): string | undefined {
    const value = this.params.get(name);
    if (value === null) return undefined;
    return pattern.test(value) ? value : this.fail(name, message);
  }

  /** A date-time, as ms. */
  instant(name: string): number | undefined {
    const value = this.params.get(name);
    if (value === null) return undefined;
    const ms = DATE_TIME.test(value) ? Date.parse(value) : Number.NaN;
    return Number.isNaN(ms)
      ? this.fail(name, 'must be a date-time like "2026-11-27T00:00:00Z"')
      : ms;
  }

  /** A whole number from `min` to `max`. */
  integer(name: string, min: number, max: number): number | undefined {
    const value = this.params.get(name);
    if (value === null) return undefined;
    return /^\d{1,7}$/.test(value) && +value >= min && +value <= max
      ? +value
      : this.fail(name, `must be a whole number from ${min} to ${max}`);
  }

  /** A cursor handed out as `nextCursor`, read back with `read` (which refuses anything else). */
  cursor<T>(name: string, read: (value: unknown) => T | undefined): T | undefined {
    const value = this.params.get(name);
    if (value === null) return undefined;
    const bytes = value.length <= 256 ? base64urlDecode(value) : undefined;
    const parsed = bytes && parseJsonBytes(bytes);
    const cursor = parsed ? read(parsed.value) : undefined;
    return cursor ?? this.fail(name, 'is not a cursor this server handed out');
  }

  /** Records a problem found across parameters. */
  problem(name: string, message: string): void {
    this.fail(name, message);
  }

  /** Throws `invalid_request` naming every problem, if there are any. */
  done(): void {
    if (this.errors.length === 0) return;
    const list = this.errors.map((e) => `${e.path}: ${e.message}`).join('; ');
    throw new Problem(
      'invalid_request',
      `The query has ${this.errors.length} problem${this.errors.length > 1 ? 's' : ''}: ${list}.`,
      { errors: this.errors },
    );
  }
}

/** A cursor for a position: base64url of its JSON. */
export function encodeCursor(position: object): string {
  return base64url(new TextEncoder().encode(JSON.stringify(position)));
}

const isObject = (value: unknown): value is Record<string, unknown> =>
  !!value && typeof value === 'object' && !Array.isArray(value);

/** A position `{ <time>, id }` with exactly those keys, a time in ms and an id matching `id`. */
export function positionReader<K extends string>(timeKey: K, id: RegExp) {
  return (value: unknown): ({ [P in K]: number } & { id: string }) | undefined => {
    if (!isObject(value) || Object.keys(value).length !== 2) return undefined;
    const time = value[timeKey];
    if (!Number.isSafeInteger(time) || (time as number) < 0) return undefined;
    if (typeof value.id !== 'string' || !id.test(value.id)) return undefined;
    return { [timeKey]: time, id: value.id } as { [P in K]: number } & { id: string };
  };
}
