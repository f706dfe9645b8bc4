// The `console` part of the configuration: who may use the operator API (`/v1/admin/*`)
// and the console served at `/console/`, with what role, and how sessions behave.
import * as v from 'valibot';
import { integer, list, oneOf, strict, text } from './configRules.js';
import { isValidTimeZone } from './hoursSchema.js';
import { rateWindowSchema } from './widgetSchema.js';

/** Operator roles, least first: each may do what the ones before it may. */
export const OPERATOR_ROLES = ['viewer', 'operator', 'admin'] as const;
export type OperatorRole = (typeof OPERATOR_ROLES)[number];

/** The weakest scrypt cost accepted: what `ringback-server hash-password` writes. */
export const SCRYPT_DEFAULTS = { N: 2 ** 15, r: 8, p: 1 } as const;

/** `scrypt$N$r$p$<16-byte salt, base64url>$<32-byte key, base64url>`. */
const SCRYPT_HASH =
  /^scrypt\$(\d{1,8})\$(\d{1,3})\$(\d{1,3})\$([A-Za-z0-9_-]{22})\$([A-Za-z0-9_-]{43})$/;

export interface ScryptHash {
  N: number;
  r: number;
  p: number;
  salt: string;
  key: string;
}

/** A `passwordHash` read into its parts; `undefined` when it is not one. */
export function parseScryptHash(value: string): ScryptHash | undefined {
  const m = SCRYPT_HASH.exec(value);
  if (!m) return undefined;
  return { N: Number(m[1]), r: Number(m[2]), p: Number(m[3]), salt: m[4]!, key: m[5]! };
}

/** 128·N·r bytes is what verifying takes: at most 256 MiB. */
const MAX_N_TIMES_R = 2 ** 21;

const HASH_HINT = 'make one with `ringback-server hash-password`';

// Never quotes the value: a hash is kept as secret as a password.
function passwordHashProblem(value: string): string | undefined {
  const hash = parseScryptHash(value);
  if (!hash)
    return `must be an scrypt hash "scrypt$N$r$p$salt$key" (16-byte salt and 32-byte key in base64url); ${HASH_HINT}`;
  const { N, r, p } = hash;
  if (N < 2 || (N & (N - 1)) !== 0 || r < 1 || p < 1 || p > 16 || N * r > MAX_N_TIMES_R)
    return `has scrypt parameters out of range (N a power of two, p 1–16, 128·N·r at most 256 MiB); ${HASH_HINT}`;
  // Memory is what makes scrypt hard to attack: N·r below the default is refused.
  if (N * r < SCRYPT_DEFAULTS.N * SCRYPT_DEFAULTS.r)
    return `is weaker than scrypt N=${SCRYPT_DEFAULTS.N}, r=${SCRYPT_DEFAULTS.r}; ${HASH_HINT}`;
  return undefined;
}

const EMAIL = /^[^\s@"<>,;:]+@[^\s@"<>,;:]+\.[^\s@"<>,;:]+$/;
const TOKEN_NAME = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;
const TOKEN_HASH = /^sha256:[0-9a-f]{64}$/;

const roleSchema = oneOf(OPERATOR_ROLES, 'must be "viewer", "operator" or "admin"');

const operatorSchema = strict({
  /** The operator's log-in, compared without regard to case. */
  email: text((s) =>
    s.length <= 254 && EMAIL.test(s)
      ? undefined
      : 'must be an email address like "asha@shop.example"',
  ),
  /** `scrypt$…` from `ringback-server hash-password`; never the password, never logged. */
  passwordHash: text(passwordHashProblem),
  /** `viewer` reads; `operator` also calls back, sets agents' availability and re-sends webhooks; `admin` also reads the audit log. */
  role: roleSchema,
});

const apiTokenSchema = strict({
  /** Names the token in the audit log: letters, digits, `_`, `.`, `-`. */
  name: text((s) =>
    TOKEN_NAME.test(s) ? undefined : 'must be 1 to 64 letters, digits, "_", "." or "-"',
  ),
  /** `sha256:<hex>` of the token, from `ringback-server new-api-token`; the token itself is never configured. */
  tokenHash: text((s) =>
    TOKEN_HASH.test(s)
      ? undefined
      : 'must be "sha256:" and 64 lowercase hex digits; make a token with `ringback-server new-api-token`',
  ),
  /** What the token may do, as an operator's `role`. */
  role: roleSchema,
});

/** Each value of `key` once across a list (compared by `normalize`), naming every repeat. */
function unique<T>(key: string, what: string, normalize: (value: string) => string) {
  return v.rawCheck<T[]>(({ dataset, addIssue }) => {
    const items: unknown = dataset.value;
    if (!Array.isArray(items)) return;
    const seen = new Set<string>();
    items.forEach((item, index) => {
      const value = (item as Record<string, unknown> | undefined)?.[key];
      if (typeof value !== 'string') return;
      if (seen.has(normalize(value)))
        addIssue({
          message: `duplicate ${what} ${JSON.stringify(value)}`,
          path: [
            { type: 'array', origin: 'value', input: items, key: index, value: item },
            { type: 'unknown', origin: 'value', input: item, key, value },
          ],
        });
      seen.add(normalize(value));
    });
  });
}

const notTimeZone = (s: string) =>
  isValidTimeZone(s)
    ? undefined
    : `${JSON.stringify(s)} is not an IANA time zone (e.g. "Asia/Kolkata")`;

export const DEFAULT_LOGIN_LIMITS = {
  address: { limit: 10, windowSeconds: 900 },
  account: { limit: 5, windowSeconds: 900 },
};

export const consoleSchema = strict({
  /** Who may log in to the console, each with a role. */
  operators: v.pipe(
    list(operatorSchema, 'must be a non-empty list of operators'),
    unique('email', 'email', (s) => s.toLowerCase()),
  ),
  /** Tokens for scripts (`Authorization: Bearer rbk_…`), each with a role; no CSRF token needed. @default [] */
  apiTokens: v.optional(
    v.pipe(
      v.array(apiTokenSchema, 'must be a list of API tokens'),
      unique('name', 'token name', (s) => s),
    ),
    [],
  ),
  /** How long a log-in lasts, seconds (then log in again). @default 43200 (12 hours) */
  sessionSeconds: v.optional(integer(300, 30 * 86_400), 43_200),
  /** The IANA zone the stats' days start in, and the counters are rolled up by day in (stats by day in another zone read 15-minute buckets). @default 'UTC' */
  timeZone: v.optional(text(notTimeZone), 'UTC'),
  /** Log-in attempts allowed, successful ones included, before `429 rate_limited` (`limit: 'login'`). */
  loginLimits: v.optional(
    strict({
      /** Per client address (IPv6 by /64). @default { limit: 10, windowSeconds: 900 } */
      address: v.optional(rateWindowSchema, DEFAULT_LOGIN_LIMITS.address),
      /** Per email tried, whether or not an operator has it. @default { limit: 5, windowSeconds: 900 } */
      account: v.optional(rateWindowSchema, DEFAULT_LOGIN_LIMITS.account),
    }),
    {},
  ),
  /** Serve the console from this directory instead of `@ringback/console`'s build (your own build of it). */
  assetsDir: v.optional(text()),
});
