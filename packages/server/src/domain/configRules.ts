// The building blocks of the configuration schema, so every field explains itself in
// the same words: one message per field, naming what would be accepted.
import { parsePhoneNumberFromString } from 'libphonenumber-js/max';
import * as v from 'valibot';

const NON_EMPTY = 'must be a non-empty string';

/** A problem found by a rule across an object's fields; `path` is relative to the object. */
export interface FieldProblem {
  path: [string, ...(string | number)[]];
  message: string;
}

/** `"a", "b" or "c"`. */
function quoteList(options: readonly string[]): string {
  const quoted = options.map((o) => JSON.stringify(o));
  return quoted.length > 1
    ? `${quoted.slice(0, -1).join(', ')} or ${quoted.at(-1)}`
    : quoted.join('');
}

/** The problem's message, if any, once the value passed every earlier check of its field. */
export function rule<T>(problem: (value: T) => string | undefined) {
  return v.rawCheck<T>(({ dataset, addIssue }) => {
    if (!dataset.typed || dataset.issues) return;
    const message = problem(dataset.value);
    if (message) addIssue({ message });
  });
}

const pathItem = (key: string | number): v.IssuePathItem => ({
  type: 'unknown',
  origin: 'value',
  input: undefined,
  key,
  value: undefined,
});

/**
 * An object that refuses unknown fields and names all of them (valibot names only the
 * first), with `refine` for rules across its fields. A missing field gets the message its
 * own schema gives for `undefined`. Problems are listed unknown fields first, then in
 * field order, whatever order the checks ran in.
 */
export function strict<const E extends v.ObjectEntries>(
  entries: E,
  refine?: (value: { [K in keyof E]?: unknown }) => FieldProblem[],
) {
  const keys = Object.keys(entries);
  const required = keys.filter((key) => !v.is(entries[key]!, undefined));
  return v.pipe(
    v.strictObject(entries, (issue) => {
      if (issue.expected === 'never') return 'unknown field';
      const key = issue.path?.[0]?.key;
      if (typeof key === 'string' && key in entries)
        return v.safeParse(entries[key]!, undefined).issues?.[0].message ?? 'is required';
      // Missing altogether: say what goes in it.
      if (issue.input === undefined && required.length > 0)
        return `must be an object with ${required.join(', ')}`;
      return 'must be an object';
    }),
    v.rawCheck(({ dataset, addIssue }) => {
      const issues = dataset.issues ?? [];
      if (issues.some((i) => i.type === 'strict_object' && !i.path)) return; // not an object
      const firstUnknown = issues.find(
        (i) => i.type === 'strict_object' && i.expected === 'never' && i.path?.length === 1,
      );
      const input = firstUnknown?.path?.[0]?.input as Record<string, unknown> | undefined;
      for (const key of Object.keys(input ?? {})) {
        if (!keys.includes(key) && key !== firstUnknown?.path?.[0]?.key)
          addIssue({ message: 'unknown field', path: [pathItem(key)] });
      }
      for (const { path, message } of refine?.(dataset.value as { [K in keyof E]?: unknown }) ?? [])
        addIssue({ message, path: path.map(pathItem) as [v.IssuePathItem] });
      const rank = (issue: v.BaseIssue<unknown>) => keys.indexOf(String(issue.path?.[0]?.key));
      dataset.issues?.sort((a, b) => rank(a) - rank(b));
    }),
  );
}

/** A non-empty string, then `problem`'s own rule. */
export function text(problem: (value: string) => string | undefined = () => undefined) {
  return v.pipe(
    v.string(NON_EMPTY),
    rule<string>((s) => (s.trim() === '' ? NON_EMPTY : problem(s))),
  );
}

/** An integer from `min` to `max`. */
export function integer(min: number, max: number) {
  const message = `must be an integer from ${min} to ${max}`;
  return v.pipe(
    v.number(message),
    v.integer(message),
    v.minValue(min, message),
    v.maxValue(max, message),
  );
}

/** A number from `min` to `max`, fractions allowed. */
export function decimal(min: number, max: number, message: string) {
  return v.pipe(v.number(message), v.minValue(min, message), v.maxValue(max, message));
}

export function flag() {
  return v.boolean('must be true or false');
}

export function oneOf<const T extends readonly string[]>(options: T, message?: string) {
  return v.picklist(options, message ?? `must be ${quoteList(options)}`);
}

/** A non-empty list of `item`. */
export function list<const T extends v.GenericSchema>(item: T, message: string) {
  return v.pipe(v.array(item, message), v.nonEmpty(message));
}

/** A function, typed as `T`; `title` names it in the README. */
export function fn<T>(title: string) {
  return v.pipe(
    v.custom<T>((value) => typeof value === 'function', 'must be a function'),
    v.title(title),
  );
}

/** Anything `guard` accepts, typed as `T`; `title` names it in the README. */
export function shaped<T>(guard: (value: unknown) => boolean, message: string, title: string) {
  return v.pipe(v.custom<T>(guard, message), v.title(title));
}

/** A host name that can only mean this machine: `localhost`, `*.localhost`, 127.0.0.0/8, `[::1]`. */
export function isLoopbackHost(hostname: string): boolean {
  return (
    hostname === 'localhost' ||
    hostname.endsWith('.localhost') ||
    hostname === '[::1]' ||
    /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname)
  );
}

function urlProblem(value: string, http: 'localhost' | 'loopback'): string | undefined {
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    return `${JSON.stringify(value)} is not a URL`;
  }
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && isLoopbackHost(url.hostname)))
    return http === 'loopback'
      ? 'must be an https URL (http is accepted on this machine only: localhost, 127.0.0.1, [::1]); credentials would cross the network in clear'
      : 'must be an https URL (http is accepted for localhost only)';
  if (url.username || url.password) return 'must not contain credentials';
  return undefined;
}

/**
 * An https URL without credentials; plain http only on this machine (an Exotel simulator
 * or a provider's test endpoint on loopback). `http` only words the refusal: a public
 * URL (`localhost`) or an upstream that receives credentials (`loopback`). `problem`
 * adds a rule of the field's own.
 */
export function httpsUrl(
  http: 'localhost' | 'loopback' = 'localhost',
  problem: (url: URL) => string | undefined = () => undefined,
) {
  return text((value) => urlProblem(value, http) ?? problem(new URL(value)));
}

/** The E.164 form of a valid number, or `undefined`. */
export function e164(value: string): string | undefined {
  const parsed = parsePhoneNumberFromString(value);
  return parsed?.isValid() ? parsed.number : undefined;
}

/** A valid phone number written in E.164 (`+` and the country code). */
export function e164Number(example = '') {
  const message = (issue: v.BaseIssue<unknown>) =>
    `${JSON.stringify(issue.input)} is not a valid E.164 number${example}`;
  return v.pipe(
    v.string(message),
    v.check((n) => n.startsWith('+') && e164(n) !== undefined, message),
  );
}

/** `schema`, which the `ringback-server` bin also reads from the environment variable `name`. */
export function fromEnv<const T extends v.GenericSchema>(schema: T, name: string) {
  return v.pipe(schema, v.metadata({ env: name }));
}
