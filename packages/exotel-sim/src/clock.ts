/**
 * The simulator's sense of time. Every call timeline, callback retry and injected
 * delay goes through one clock, so a test can swap real time for a manual clock and
 * step through minutes of call activity instantly and deterministically.
 */

/** A scheduled piece of work; pass it to {@link SimClock.clearTimer} to cancel it. */
export interface SimTimer {
  readonly id: number;
  /** Simulated epoch milliseconds at which the timer fires. */
  readonly due: number;
}

export interface SimClock {
  /** `real`: wall-clock time, optionally sped up. `manual`: moves only on `advance()`. */
  readonly mode: 'real' | 'manual';
  /** How many simulated milliseconds pass per real millisecond (real mode). */
  readonly speed: number;
  /** Simulated epoch milliseconds. */
  now(): number;
  /**
   * Runs `fn` after `ms` simulated milliseconds. If `fn` returns a promise, the clock
   * tracks it: `advance()` and `idle()` wait for it.
   */
  setTimer(ms: number, fn: () => unknown): SimTimer;
  clearTimer(timer: SimTimer): void;
  /** Resolves after `ms` simulated milliseconds (in manual mode: once `advance()` gets there). */
  sleep(ms: number): Promise<void>;
  /**
   * Manual mode only: moves time forward by `ms`, firing due timers in order and
   * waiting for the async work each one starts (callback deliveries included) before
   * firing the next. Resolves once everything up to the new time has settled.
   */
  advance(ms: number): Promise<void>;
  /**
   * Registers async work that `advance()` and `idle()` should wait for. Tracked work
   * must never wait on this clock (`sleep()`): in manual mode that would deadlock
   * `advance()`. Schedule follow-ups with `setTimer()` instead.
   */
  track<T>(work: Promise<T>): Promise<T>;
  /** Resolves when no tracked work is pending. */
  idle(): Promise<void>;
  /** Cancels every timer and resolves pending `sleep()`s, so nothing waits forever. */
  dispose(): void;
}

export interface ClockOptions {
  /** @default 'real' */
  mode?: 'real' | 'manual';
  /** Real mode: simulated time runs this many times faster than wall-clock time. @default 1 */
  speed?: number;
  /** Simulated epoch milliseconds to start from. @default Date.now() */
  startTime?: number;
  /** Receives errors thrown by timer callbacks, which would otherwise be lost. */
  onError?: (error: unknown) => void;
}

interface Entry extends SimTimer {
  fn: () => unknown;
  handle?: ReturnType<typeof setTimeout>;
}

export function createClock(options: ClockOptions = {}): SimClock {
  const mode = options.mode ?? 'real';
  const speed = options.speed ?? 1;
  if (!(speed > 0) || !Number.isFinite(speed)) {
    throw new RangeError(`Clock speed must be a positive number, got ${speed}`);
  }
  const onError = options.onError ?? ((error: unknown) => console.error(error));
  const realStart = Date.now();
  const simStart = options.startTime ?? realStart;
  let manualNow = simStart;
  let nextId = 1;
  const timers = new Map<number, Entry>();
  const pending = new Set<Promise<unknown>>();
  const sleepers = new Set<() => void>();
  // advance() calls are serialised so two overlapping calls cannot interleave timers.
  let advancing: Promise<void> = Promise.resolve();

  // Node may fire a timer a millisecond early by Date.now(): a fired timer's due time
  // is a floor, so work it starts never sees a time before it was scheduled for.
  let realFloor = simStart;
  const now = () =>
    mode === 'manual'
      ? manualNow
      : Math.max(realFloor, simStart + Math.floor((Date.now() - realStart) * speed));

  function track<T>(work: Promise<T>): Promise<T> {
    const settled = work.then(
      () => undefined,
      () => undefined,
    );
    pending.add(settled);
    void settled.then(() => pending.delete(settled));
    return work;
  }

  function run(entry: Entry): void {
    timers.delete(entry.id);
    if (mode === 'real') realFloor = Math.max(realFloor, entry.due);
    try {
      const result = entry.fn();
      if (result instanceof Promise) track(result.catch(onError));
    } catch (error) {
      onError(error);
    }
  }

  function setTimer(ms: number, fn: () => unknown): SimTimer {
    const delay = Math.max(0, Number.isFinite(ms) ? ms : 0);
    const entry: Entry = { id: nextId++, due: now() + delay, fn };
    timers.set(entry.id, entry);
    if (mode === 'real') {
      entry.handle = setTimeout(() => run(entry), delay / speed);
      // In Node, a pending call timeline alone should not keep the process alive.
      (entry.handle as { unref?: () => void }).unref?.();
    }
    return { id: entry.id, due: entry.due };
  }

  function clearTimer(timer: SimTimer): void {
    const entry = timers.get(timer.id);
    if (!entry) return;
    if (entry.handle !== undefined) clearTimeout(entry.handle);
    timers.delete(timer.id);
  }

  async function idle(): Promise<void> {
    while (pending.size > 0) await Promise.all([...pending]);
  }

  function nextDue(limit: number): Entry | undefined {
    let best: Entry | undefined;
    for (const entry of timers.values()) {
      if (entry.due > limit) continue;
      // Map iteration is insertion order, so equal due times keep scheduling order.
      if (!best || entry.due < best.due) best = entry;
    }
    return best;
  }

  async function advanceNow(ms: number): Promise<void> {
    const target = manualNow + ms;
    for (;;) {
      await idle();
      const entry = nextDue(target);
      if (!entry) break;
      manualNow = Math.max(manualNow, entry.due);
      run(entry);
    }
    manualNow = target;
    await idle();
  }

  return {
    mode,
    speed,
    now,
    setTimer,
    clearTimer,
    sleep: (ms) =>
      new Promise<void>((resolve) => {
        const wake = () => {
          sleepers.delete(wake);
          resolve();
        };
        sleepers.add(wake);
        setTimer(ms, wake);
      }),
    advance(ms) {
      if (mode !== 'manual') {
        return Promise.reject(
          new Error('clock.advance() needs the manual clock (clock: "manual")'),
        );
      }
      if (!(ms >= 0) || !Number.isFinite(ms)) {
        return Promise.reject(new RangeError(`advance() needs a non-negative number, got ${ms}`));
      }
      const step = advancing.then(() => advanceNow(ms));
      advancing = step.catch(() => undefined);
      return step;
    },
    track,
    idle,
    dispose() {
      for (const entry of timers.values()) {
        if (entry.handle !== undefined) clearTimeout(entry.handle);
      }
      timers.clear();
      for (const wake of [...sleepers]) wake();
    },
  };
}
