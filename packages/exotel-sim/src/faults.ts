import { checkFaultConfig, checkQueuedFault } from './checkFaults.js';
import { mulberry32 } from './mulberry32.js';

/**
 * Injected faults for resilience tests: Exotel answering 5xx or 429, answering
 * slowly, dropping the connection, and StatusCallbacks that are lost, doubled,
 * late or out of order. Either queued for the next matching request ("per request")
 * or drawn with a probability from a seeded PRNG, so a run is reproducible.
 */

/** Which Exotel API requests a fault applies to. `api` = all of them. */
export type FaultRoute = 'connect' | 'getCall' | 'api';

export type HttpFault =
  /** Answer with this status (default 503) and a RestException. */
  | { type: 'error'; status?: number; message?: string; code?: number }
  /** A 429 although the account is within its rate limit. */
  | { type: 'rate-limit' }
  /** Answer `ms` simulated milliseconds late. */
  | { type: 'latency'; ms: number }
  /** Drop the connection without an answer (the Node listener destroys the socket). */
  | { type: 'reset' };

export type CallbackFault =
  | { type: 'drop' }
  | { type: 'duplicate' }
  /** Send the callback `ms` simulated milliseconds late. */
  | { type: 'delay'; ms: number }
  /** Hold the callback back until the call's next callback has been sent. */
  | { type: 'reorder' };

/**
 * `before`: the fault hits before the request takes effect (no call is placed).
 * `after`: the request takes effect, then the fault hits the answer — the case where
 * a client cannot tell whether its call was placed.
 */
export type FaultTiming = 'before' | 'after';

export type QueuedFault =
  | { target: FaultRoute; fault: HttpFault; when?: FaultTiming; times?: number }
  | {
      target: 'callback';
      fault: CallbackFault;
      /** Only callbacks of this kind (`base` = sent without StatusCallbackEvents). */
      event?: 'answered' | 'terminal' | 'base';
      times?: number;
    };

/** Probabilities (0..1) drawn per request or per callback. */
export interface FaultConfig {
  http?: {
    error?: number;
    /** @default 503 */
    errorStatus?: number;
    rateLimit?: number;
    latency?: number;
    /** @default 2000 */
    latencyMs?: number;
    reset?: number;
    /** @default 'before' */
    when?: FaultTiming;
    /** @default ['api'] */
    routes?: FaultRoute[];
  };
  callbacks?: {
    drop?: number;
    duplicate?: number;
    delay?: number;
    /** @default 5000 */
    delayMs?: number;
    reorder?: number;
  };
}

export interface AppliedHttpFault {
  fault: HttpFault;
  when: FaultTiming;
}

export interface FaultController {
  /** Replaces the probabilistic fault configuration. */
  set(config: FaultConfig): void;
  get(): FaultConfig;
  /** Queues a fault for the next matching request or callback (`times` of them). */
  next(fault: QueuedFault): void;
  /** Faults still queued. */
  queued(): QueuedFault[];
  /** Removes every queued and probabilistic fault. */
  clear(): void;
}

function clone<T>(value: T): T {
  return JSON.parse(JSON.stringify(value)) as T;
}

export class Faults implements FaultController {
  #config: FaultConfig = {};
  #queue: QueuedFault[] = [];
  readonly #random: () => number;

  constructor(seed: number, config: FaultConfig = {}) {
    this.#random = mulberry32(seed);
    this.set(config);
  }

  set(config: FaultConfig): void {
    const problem = checkFaultConfig(config);
    if (problem) throw new TypeError(problem);
    this.#config = clone(config);
  }

  get(): FaultConfig {
    return clone(this.#config);
  }

  next(fault: QueuedFault): void {
    const problem = checkQueuedFault(fault);
    if (problem) throw new TypeError(problem);
    this.#queue.push(clone(fault));
  }

  queued(): QueuedFault[] {
    return clone(this.#queue);
  }

  clear(): void {
    this.#config = {};
    this.#queue = [];
  }

  #take(match: (queued: QueuedFault) => boolean): QueuedFault | undefined {
    const index = this.#queue.findIndex(match);
    if (index < 0) return undefined;
    const queued = this.#queue[index]!;
    const times = (queued.times ?? 1) - 1;
    if (times > 0) queued.times = times;
    else this.#queue.splice(index, 1);
    return queued;
  }

  // Every draw rolls the PRNG the same number of times whatever the configuration,
  // so a seed gives the same sequence of decisions for the same sequence of requests.
  #roll(probabilities: (number | undefined)[]): boolean[] {
    return probabilities.map((p) => {
      const r = this.#random();
      return p !== undefined && r < p;
    });
  }

  /** The faults for one Exotel API request (at most one queued, or drawn). */
  forRequest(route: 'connect' | 'getCall'): AppliedHttpFault[] {
    const queued = this.#take(
      (q) => q.target !== 'callback' && (q.target === 'api' || q.target === route),
    );
    const http = this.#config.http ?? {};
    const [latency, reset, error, rateLimit] = this.#roll([
      http.latency,
      http.reset,
      http.error,
      http.rateLimit,
    ]);
    if (queued && queued.target !== 'callback') {
      return [{ fault: queued.fault, when: queued.when ?? 'before' }];
    }
    const routes = http.routes ?? ['api'];
    if (!routes.includes('api') && !routes.includes(route)) return [];
    const when = http.when ?? 'before';
    const applied: AppliedHttpFault[] = [];
    if (latency) applied.push({ fault: { type: 'latency', ms: http.latencyMs ?? 2000 }, when });
    if (reset) applied.push({ fault: { type: 'reset' }, when });
    else if (error)
      applied.push({ fault: { type: 'error', status: http.errorStatus ?? 503 }, when });
    else if (rateLimit) applied.push({ fault: { type: 'rate-limit' }, when });
    return applied;
  }

  /** The faults for one StatusCallback. */
  forCallback(event: 'answered' | 'terminal' | 'base'): CallbackFault[] {
    const queued = this.#take(
      (q) => q.target === 'callback' && (q.event === undefined || q.event === event),
    );
    const callbacks = this.#config.callbacks ?? {};
    const [drop, duplicate, delay, reorder] = this.#roll([
      callbacks.drop,
      callbacks.duplicate,
      callbacks.delay,
      callbacks.reorder,
    ]);
    if (queued && queued.target === 'callback') return [queued.fault];
    if (drop) return [{ type: 'drop' }];
    const applied: CallbackFault[] = [];
    if (duplicate) applied.push({ type: 'duplicate' });
    if (delay) applied.push({ type: 'delay', ms: callbacks.delayMs ?? 5000 });
    if (reorder) applied.push({ type: 'reorder' });
    return applied;
  }
}
