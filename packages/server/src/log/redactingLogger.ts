import { dropEntry, type LogEntry, type Logger, silentLogger } from '../domain/logger.js';

const REDACTED = '[REDACTED]';
// Field names whose values are credentials wherever they appear.
const SECRET_FIELD =
  /^(authorization|cookie|set-cookie|token|secret|secretkey|apitoken|apikey|password|verificationtoken)$/i;
const TOKEN_PARAM = /([?&](?:token|secret)=)[^&#\s"]*/gi;
/** The same parameters, only found: most text has none, and finding is cheaper than replacing. */
const HAS_TOKEN_PARAM = /[?&](?:token|secret)=/i;

function scrubText(value: string, secrets: readonly string[]): string {
  let out = HAS_TOKEN_PARAM.test(value) ? value.replace(TOKEN_PARAM, `$1${REDACTED}`) : value;
  for (const secret of secrets) if (out.includes(secret)) out = out.split(secret).join(REDACTED);
  return out;
}

function scrub(value: unknown, secrets: readonly string[], depth: number): unknown {
  if (typeof value === 'string') return scrubText(value, secrets);
  if (value instanceof Error) {
    return scrub(
      {
        name: value.name,
        message: value.message,
        ...(value.cause !== undefined ? { cause: value.cause } : {}),
      },
      secrets,
      depth,
    );
  }
  if (depth > 6 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => scrub(v, secrets, depth + 1));
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const v = (value as Record<string, unknown>)[key];
    out[key] = SECRET_FIELD.test(key) ? REDACTED : scrub(v, secrets, depth + 1);
  }
  return out;
}

/**
 * Wraps a logger so no entry can carry a secret: known secret values anywhere in the
 * entry, secret-looking fields, and `token=` query parameters are replaced. The last
 * line of defence; code should not log secrets in the first place.
 */
export function redactingLogger(logger: Logger, secrets: readonly string[]): Logger {
  // Nothing is written: no entry needs scrubbing (the default when no logger is configured).
  if (logger === silentLogger) return silentLogger;
  // Longest first, so a secret containing another is replaced whole.
  const sorted = [...new Set(secrets)].filter(Boolean).sort((a, b) => b.length - a.length);
  const wrap = (level: keyof Logger) => {
    // A level that drops its entries (the console logger's info) is not worth scrubbing for.
    if (logger[level] === dropEntry) return dropEntry;
    const fn = logger[level].bind(logger);
    return (entry: LogEntry) => {
      try {
        fn(scrub(entry, sorted, 0) as LogEntry);
      } catch {
        // A failing logger must never fail a request.
      }
    };
  };
  return { info: wrap('info'), warn: wrap('warn'), error: wrap('error') };
}
