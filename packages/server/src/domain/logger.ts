/** One structured log entry. `msg` says what happened; the rest are fields. */
export interface LogEntry {
  msg: string;
  [field: string]: unknown;
}

/** Where the server logs to. Compatible with pino and with `console`-like objects of the same shape. */
export interface Logger {
  info(entry: LogEntry): void;
  warn(entry: LogEntry): void;
  error(entry: LogEntry): void;
}

/** A level that writes nothing. Loggers use this very function so that wrappers can skip preparing entries for it. */
export const dropEntry = (_entry: LogEntry): void => {};

export const silentLogger: Logger = { info: dropEntry, warn: dropEntry, error: dropEntry };

/** A field's value as one short token: strings as they are, errors by their message. */
function show(value: unknown): string {
  if (value instanceof Error) return JSON.stringify(value.message);
  if (typeof value === 'string') return /^[\w.:/@+-]+$/.test(value) ? value : JSON.stringify(value);
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}

/**
 * The default logger: warnings and errors as one readable line each,
 * `ringback warn: exotel refused the call callId=call_… code=service_unavailable`,
 * written with `console.error` (stderr in Node). Info is left out: a library should not
 * chatter. Pass `logger: false` to silence it, or a logger of your own.
 */
export function createConsoleLogger(
  write: (line: string) => void = (line) => console.error(line),
): Logger {
  const log = (level: string) => (entry: LogEntry) => {
    const { msg, ...fields } = entry;
    const rest = Object.entries(fields)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => `${name}=${show(value)}`);
    write([`ringback ${level}: ${msg}`, ...rest].join(' '));
  };
  return { info: dropEntry, warn: log('warn'), error: log('error') };
}

/** Logs each entry as one line of JSON with a level and a timestamp, e.g. to stdout. */
export function createJsonLogger(
  write: (line: string) => void,
  now: () => number = Date.now,
): Logger {
  const log = (level: string) => (entry: LogEntry) =>
    write(`${JSON.stringify({ level, time: new Date(now()).toISOString(), ...entry })}\n`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
