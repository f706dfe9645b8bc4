import type { CallbackKind, JsonPayload } from './callbackPayload.js';
import { toFormFields } from './callbackPayload.js';
import type { SimClock, SimTimer } from './clock.js';
import type { CallbackFault, Faults } from './faults.js';
import type { StatusCallbackContentType } from './validateConnect.js';

export interface CallbackAttempt {
  /** 1 for the first try, 2 and 3 for Exotel's retries. */
  attempt: number;
  /** Simulated epoch milliseconds when the attempt started. */
  at: number;
  /** The receiver's HTTP status, `null` when there was no answer. */
  status: number | null;
  outcome: 'delivered' | 'http-error' | 'timeout' | 'network-error' | 'aborted';
  error?: string;
}

/** One StatusCallback and every attempt to deliver it. */
export interface CallbackDelivery {
  id: number;
  callSid: string;
  event: CallbackKind;
  url: string;
  contentType: StatusCallbackContentType;
  /** The fields sent: the JSON body, or the multipart fields as an object of strings. */
  payload: JsonPayload;
  /** Injected faults that touched this callback. */
  faults: CallbackFault[];
  /** For the second copy of a duplicated callback: the first copy's id. */
  duplicateOf: number | null;
  state: 'pending' | 'delivered' | 'failed' | 'dropped';
  attempts: CallbackAttempt[];
  /** Simulated epoch milliseconds when the event happened. */
  createdAt: number;
}

export interface CallbackDispatcherOptions {
  clock: SimClock;
  faults: Faults;
  fetch: typeof fetch;
  /** Simulated ms before an unanswered attempt counts as failed. @default 15000 */
  timeoutMs?: number;
  /** Retries after the first attempt fails. @default 2 */
  retries?: number;
  /** Simulated ms between attempts. @default 10000 */
  retryDelayMs?: number;
}

/**
 * Delivers StatusCallbacks like Exotel: a 2xx within 15 s or it retries, at most
 * twice. Every attempt is recorded so tests can assert on exactly what was sent.
 */
export class CallbackDispatcher {
  readonly #deliveries: CallbackDelivery[] = [];
  /** Callbacks held back by a `reorder` fault until the call's next callback is out. */
  readonly #held = new Map<string, CallbackDelivery[]>();
  readonly #clock: SimClock;
  readonly #faults: Faults;
  readonly #fetch: typeof fetch;
  readonly #timeoutMs: number;
  readonly #retries: number;
  readonly #retryDelayMs: number;
  readonly #timers = new Set<SimTimer>();
  #aborter = new AbortController();
  #nextId = 1;

  constructor(options: CallbackDispatcherOptions) {
    this.#clock = options.clock;
    this.#faults = options.faults;
    this.#fetch = options.fetch;
    this.#timeoutMs = options.timeoutMs ?? 15_000;
    this.#retries = options.retries ?? 2;
    this.#retryDelayMs = options.retryDelayMs ?? 10_000;
  }

  list(filter: { callSid?: string } = {}): CallbackDelivery[] {
    return this.#deliveries.filter((d) => !filter.callSid || d.callSid === filter.callSid);
  }

  /**
   * Sends one callback, applying injected faults. `last` marks the call's final
   * callback: anything held back for reordering is released after it.
   */
  send(input: {
    callSid: string;
    event: CallbackKind;
    url: string;
    contentType: StatusCallbackContentType;
    payload: JsonPayload;
    last: boolean;
  }): void {
    const faults = this.#faults.forCallback(input.event);
    const make = (duplicateOf: number | null): CallbackDelivery => {
      const delivery: CallbackDelivery = {
        id: this.#nextId++,
        callSid: input.callSid,
        event: input.event,
        url: input.url,
        contentType: input.contentType,
        payload:
          input.contentType === 'application/json'
            ? input.payload
            : Object.fromEntries(toFormFields(input.payload)),
        faults,
        duplicateOf,
        state: 'pending',
        attempts: [],
        createdAt: this.#clock.now(),
      };
      this.#deliveries.push(delivery);
      return delivery;
    };
    const first = make(null);
    if (faults.some((f) => f.type === 'drop')) {
      first.state = 'dropped';
      if (input.last) this.release(input.callSid);
      return;
    }
    const batch = [first];
    if (faults.some((f) => f.type === 'duplicate')) batch.push(make(first.id));
    if (faults.some((f) => f.type === 'reorder') && !input.last) {
      this.#held.set(input.callSid, [...(this.#held.get(input.callSid) ?? []), ...batch]);
      return;
    }
    const delay = faults.reduce((ms, f) => (f.type === 'delay' ? ms + f.ms : ms), 0);
    const held = this.#held.get(input.callSid) ?? [];
    this.#held.delete(input.callSid);
    const go = async () => {
      for (const delivery of batch) await this.#attempt(delivery, 1);
      for (const delivery of held) await this.#attempt(delivery, 1);
    };
    if (delay > 0) this.#later(delay, go);
    else this.#clock.track(go());
  }

  #later(ms: number, fn: () => Promise<void>): void {
    const timer = this.#clock.setTimer(ms, () => {
      this.#timers.delete(timer);
      return fn();
    });
    this.#timers.add(timer);
  }

  /** Sends the callbacks a `reorder` fault held back for this call. */
  release(callSid: string): void {
    const held = this.#held.get(callSid);
    if (!held) return;
    this.#held.delete(callSid);
    this.#clock.track(
      (async () => {
        for (const delivery of held) await this.#attempt(delivery, 1);
      })(),
    );
  }

  async #attempt(delivery: CallbackDelivery, attempt: number): Promise<void> {
    const record: CallbackAttempt = {
      attempt,
      at: this.#clock.now(),
      status: null,
      outcome: 'network-error',
    };
    delivery.attempts.push(record);
    const signal = this.#aborter.signal;
    if (signal.aborted) {
      record.outcome = 'aborted';
      delivery.state = 'failed';
      return;
    }
    // Time runs only on advance() with the manual clock, so a receiver that never
    // answers is cut off after the timeout in real milliseconds there.
    const realTimeout =
      this.#clock.mode === 'manual' ? this.#timeoutMs : this.#timeoutMs / this.#clock.speed;
    const timeout = new AbortController();
    const timer = setTimeout(() => timeout.abort(), realTimeout);
    const onAbort = () => timeout.abort();
    signal.addEventListener('abort', onAbort);
    // An injected fetch may ignore the signal: the race still ends the attempt on time.
    const gaveUp = new Promise<never>((_, reject) => {
      timeout.signal.addEventListener('abort', () =>
        reject(new Error('The receiver did not answer in time')),
      );
    });
    gaveUp.catch(() => undefined);
    try {
      const response = await Promise.race([
        this.#fetch(delivery.url, {
          method: 'POST',
          ...this.#body(delivery),
          signal: timeout.signal,
        }),
        gaveUp,
      ]);
      record.status = response.status;
      await response.body?.cancel().catch(() => undefined);
      record.outcome = response.status >= 200 && response.status < 300 ? 'delivered' : 'http-error';
    } catch (error) {
      record.outcome = signal.aborted
        ? 'aborted'
        : timeout.signal.aborted
          ? 'timeout'
          : 'network-error';
      record.error = error instanceof Error ? error.message : String(error);
    } finally {
      clearTimeout(timer);
      signal.removeEventListener('abort', onAbort);
    }
    if (record.outcome === 'delivered') {
      delivery.state = 'delivered';
    } else if (record.outcome !== 'aborted' && attempt <= this.#retries) {
      this.#later(this.#retryDelayMs, () => this.#attempt(delivery, attempt + 1));
    } else {
      delivery.state = 'failed';
    }
  }

  #body(delivery: CallbackDelivery): { body: BodyInit; headers?: Record<string, string> } {
    if (delivery.contentType === 'application/json') {
      return {
        body: JSON.stringify(delivery.payload),
        headers: { 'content-type': 'application/json' },
      };
    }
    const form = new FormData();
    for (const [key, value] of Object.entries(delivery.payload)) form.append(key, String(value));
    // fetch writes the multipart Content-Type with its boundary itself.
    return { body: form };
  }

  /** Aborts in-flight deliveries and forgets every record. */
  reset(): void {
    this.close();
    this.#aborter = new AbortController();
    this.#deliveries.length = 0;
    this.#held.clear();
  }

  close(): void {
    this.#aborter.abort();
    for (const timer of this.#timers) this.#clock.clearTimer(timer);
    this.#timers.clear();
  }
}
