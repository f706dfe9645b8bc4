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

export const silentLogger: Logger = { info() {}, warn() {}, error() {} };

/** Logs each entry as one line of JSON with a level and a timestamp, e.g. to stdout. */
export function createJsonLogger(
  write: (line: string) => void,
  now: () => number = Date.now,
): Logger {
  const log = (level: string) => (entry: LogEntry) =>
    write(`${JSON.stringify({ level, time: new Date(now()).toISOString(), ...entry })}\n`);
  return { info: log('info'), warn: log('warn'), error: log('error') };
}
