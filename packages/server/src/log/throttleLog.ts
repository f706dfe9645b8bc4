import type { LogEntry } from '../domain/logger.js';

/** How often a kind of refusal is logged at most, with the count of those left out. */
export const LOG_WINDOW_MS = 10_000;

export interface ThrottledLog {
  /**
   * Logs `entry` if it is the first of its `kind` in a window; otherwise counts it, and
   * when the window ends logs the last one counted with `suppressed`: how many were left out.
   */
  log(kind: string, entry: LogEntry): void;
  /** Logs what the open windows counted, and stops their timers. */
  close(): void;
}

interface Window {
  timer: ReturnType<typeof setTimeout> | undefined;
  suppressed: number;
  last: LogEntry | undefined;
}

/**
 * A log line per kind per window instead of one per request, for what anyone can make
 * the server log (a StatusCallback with a forged token): a flood of them costs a line
 * every `windowMs` and a count, not a write each. The first of a window is logged at
 * once, so a lone refusal (a mistyped secret) shows up without delay.
 */
export function throttleLog(
  write: (entry: LogEntry) => void,
  windowMs = LOG_WINDOW_MS,
): ThrottledLog {
  const windows = new Map<string, Window>();
  const end = (kind: string) => {
    const window = windows.get(kind);
    if (!window) return;
    windows.delete(kind);
    clearTimeout(window.timer);
    if (window.last) write({ ...window.last, suppressed: window.suppressed });
  };
  return {
    log(kind, entry) {
      const window = windows.get(kind);
      if (window) {
        window.suppressed += 1;
        window.last = entry;
        return;
      }
      write(entry);
      const timer = setTimeout(() => end(kind), windowMs);
      // A window left open must not keep the process alive.
      timer.unref?.();
      windows.set(kind, { timer, suppressed: 0, last: undefined });
    },
    close() {
      for (const kind of [...windows.keys()]) end(kind);
    },
  };
}
