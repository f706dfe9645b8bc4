import { CALLBACK_EVENTS, checkCallbackEvents } from './callbackEvents.js';
import { buildCallbackPayload, type CallbackKind } from './callbackPayload.js';
import { type CallbackDelivery, CallbackDispatcher } from './callbacks.js';
import { CallEngine, type LegAction, type SimCall } from './callEngine.js';
import { createClock, type SimClock } from './clock.js';
import { handleControlApi } from './controlApi.js';
import { type ExotelApiContext, emptyStats, handleExotelApi, type SimStats } from './exotelApi.js';
import { DEFAULT_FATE, type Fate, FateBook, type ScriptedNumber } from './fates.js';
import { type FaultConfig, type FaultController, Faults } from './faults.js';
import { mulberry32 } from './mulberry32.js';
import { RateLimiter } from './rateLimit.js';
import { serveRecording } from './recording.js';
import type { StatusCallbackEventType } from './validateConnect.js';
import { formatOf, MESSAGES, restException, type WireObject } from './wire.js';
import { toWireCall } from './wireCall.js';

/** Credentials the simulator accepts when none are configured. */
export const DEFAULT_CREDENTIALS = {
  accountSid: 'ringbacksim',
  apiKey: 'sim-api-key',
  apiToken: 'sim-api-token',
} as const;

export interface ExotelSimulatorOptions {
  /** @default 'ringbacksim' */
  accountSid?: string;
  /** @default 'sim-api-key' */
  apiKey?: string;
  /** @default 'sim-api-token' */
  apiToken?: string;
  /** `manual`: time moves only on `sim.clock.advance(ms)`, for instant, deterministic tests. @default 'real' */
  clock?: 'real' | 'manual';
  /** Real clock only: simulated time runs this many times faster. @default 1 */
  speed?: number;
  /** Simulated epoch milliseconds to start from. @default Date.now() */
  startTime?: number;
  /** Seeds the PRNG behind probabilistic faults. @default a random seed (see `sim.seed`) */
  seed?: number;
  /** POSTs StatusCallbacks. @default globalThis.fetch, looked up at each call */
  fetch?: typeof fetch;
  /** Mount the `/_sim/…` control API on the fetch handler. @default true */
  controlApi?: boolean;
  /** Fault probabilities to start with. */
  faults?: FaultConfig;
  /** The fate of a number that is neither scripted nor magic. @default answers after 2 s, talks 10 s */
  defaultFate?: Fate;
  /** Exotel's per-account limit; `Infinity` turns it off. @default 200 */
  rateLimitPerMinute?: number;
  /** Larger request bodies are refused with 413. @default 65536 */
  maxBodyBytes?: number;
  /** Simulated ms a callback receiver has to answer. @default 15000 */
  callbackTimeoutMs?: number;
  /** Retries of a callback after a non-2xx answer or a timeout. @default 2 */
  callbackRetries?: number;
  /** Simulated ms between callback attempts. @default 10000 */
  callbackRetryDelayMs?: number;
  /**
   * The StatusCallbackEvents the simulated account honours; a requested event not
   * listed here is never sent. Exotel's connect page says some accounts support only
   * `terminal`: `['terminal']` suppresses every `answered` callback.
   * @default ['terminal', 'answered']
   */
  callbackEvents?: readonly StatusCallbackEventType[];
  /** Simulated ms after a call ends before Call Details shows Duration, Price and EndTime. @default 0 */
  detailsDelayMs?: number;
  /**
   * How Call Details (JSON) writes `Duration` and `Price`: as strings, as numbers, or
   * `mixed`, a choice per call drawn from `seed`, as live Exotel varies.
   * @default 'mixed'
   */
  detailsNumbers?: 'string' | 'number' | 'mixed';
  /** The account's offset from UTC for Exotel dates. @default 330 (IST) */
  utcOffsetMinutes?: number;
  /** INR per started minute of each answered leg. @default 0.75 */
  pricePerMinute?: number;
  /** Origin used in RecordingUrl. @default the origin of the connect request */
  publicUrl?: string;
  /** Errors from timers and callbacks that have nowhere else to go. @default console.error */
  onError?: (error: unknown) => void;
}

/** A JSON-friendly snapshot of a call, with the `Call` object Call Details would show. */
export type SimCallView = SimCall & { exotel: WireObject };

export interface ExotelSimulator {
  /** The HTTP surface: Exotel's API, recordings and (if enabled) `/_sim/…`. Web APIs only. */
  fetch(request: Request): Promise<Response>;
  /**
   * The simulator as a drop-in `fetch` for in-process clients (`createExotelClient({ fetch })`):
   * like `fetch`, it throws a `TypeError` where the handler answers `Response.error()`
   * (the `reset` fault), instead of returning it.
   */
  asFetch(): typeof fetch;
  readonly credentials: { accountSid: string; apiKey: string; apiToken: string };
  readonly clock: SimClock;
  /** The seed of the fault PRNG; pass it back as `seed` to replay a run. */
  readonly seed: number;
  readonly faults: FaultController;
  calls(): SimCallView[];
  call(sid: string): SimCallView | undefined;
  deliveries(filter?: { callSid?: string }): CallbackDelivery[];
  /**
   * A person acts on a phone: answers or rejects leg 1 (`From`) or 2 (`To`) while it
   * rings, or hangs it up once on the line, whatever the number's fate. Pair it with
   * the `manual` fate for phones that ring until someone acts.
   */
  act(sid: string, leg: 1 | 2, action: LegAction): { ok: true } | { ok: false; reason: string };
  /** Scripts a number's fate (any spelling); a list is used one per call; `null` unscripts it. */
  script(number: string, fate: Fate | readonly Fate[] | null): void;
  scripts(): ScriptedNumber[];
  /** The fate of numbers that are neither scripted nor magic. */
  defaultFate(): Fate;
  /** Changes that fate, e.g. to `{ outcome: 'manual' }` so every phone waits for a person; `reset()` restores it. */
  setDefaultFate(fate: Fate): void;
  /** The StatusCallbackEvents the simulated account honours. */
  callbackEvents(): StatusCallbackEventType[];
  /** Changes them, e.g. to `['terminal']` to suppress `answered` callbacks; `reset()` restores the option's. */
  setCallbackEvents(events: readonly StatusCallbackEventType[]): void;
  stats(): SimStats;
  /** Resolves once in-flight callback deliveries have settled. */
  settle(): Promise<void>;
  /**
   * Forgets calls, scripts, faults, deliveries and counters, and restores the default
   * fate and callback events given at creation; the clock keeps its time.
   */
  reset(): void;
  /** Stops every timer and delivery; the handler then answers 503. */
  close(): Promise<void>;
}

const NON_HEX = 'ghijklmnopqrstuvwxyz';

/**
 * 32 characters like Exotel's. Live Sids may end in a non-hex letter (`…162m`);
 * the simulator's always do, so no client gets away with assuming hex.
 */
function randomSid(): string {
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return hex.slice(0, 31) + NON_HEX[bytes[15]! % NON_HEX.length];
}

/** A local Exotel: see the package README for the wire format, fates and faults. */
export function createExotelSimulator(options: ExotelSimulatorOptions = {}): ExotelSimulator {
  const credentials = {
    accountSid: options.accountSid ?? DEFAULT_CREDENTIALS.accountSid,
    apiKey: options.apiKey ?? DEFAULT_CREDENTIALS.apiKey,
    apiToken: options.apiToken ?? DEFAULT_CREDENTIALS.apiToken,
  };
  const onError = options.onError ?? ((error: unknown) => console.error('[exotel-sim]', error));
  const clock = createClock({
    mode: options.clock ?? 'real',
    speed: options.speed ?? 1,
    startTime: options.startTime,
    onError,
  });
  const seed = (options.seed ?? Math.floor(Math.random() * 2 ** 32)) >>> 0;
  const faults = new Faults(seed, options.faults);
  // Its own stream, so wire shapes do not shift which faults a seed replays.
  const shapeRandom = mulberry32(seed ^ 0x5eed5eed);
  const detailsNumbers = options.detailsNumbers ?? 'mixed';
  const initialCallbackEvents = [...(options.callbackEvents ?? CALLBACK_EVENTS)];
  const callbackProblem = checkCallbackEvents(initialCallbackEvents);
  if (callbackProblem) throw new TypeError(`callbackEvents: ${callbackProblem}`);
  let callbackEvents = initialCallbackEvents;
  const fates = new FateBook(options.defaultFate ?? DEFAULT_FATE);
  const rateLimiter = new RateLimiter(options.rateLimitPerMinute ?? 200, clock);
  const utcOffsetMinutes = options.utcOffsetMinutes ?? 330;
  const pricePerMinute = options.pricePerMinute ?? 0.75;
  const callbackFetch = options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  const dispatcher = new CallbackDispatcher({
    clock,
    faults,
    fetch: callbackFetch,
    timeoutMs: options.callbackTimeoutMs,
    retries: options.callbackRetries,
    retryDelayMs: options.callbackRetryDelayMs,
  });
  let stats = emptyStats();
  let closed = false;

  const sendCallback = (call: SimCall, kind: CallbackKind, last: boolean, legIndex: 0 | 1 = 0) => {
    const url = call.params.statusCallback;
    if (!url) return;
    dispatcher.send({
      callSid: call.sid,
      event: kind,
      url,
      contentType: call.params.statusCallbackContentType,
      payload: buildCallbackPayload(call, kind, clock.now(), utcOffsetMinutes, legIndex),
      last,
    });
  };

  const engine = new CallEngine({
    clock,
    detailsDelayMs: options.detailsDelayMs,
    hooks: {
      onAnswered(call, legIndex) {
        if (subscribed(call, 'answered')) sendCallback(call, 'answered', false, legIndex);
      },
      onEnded(call) {
        // Without StatusCallbackEvents Exotel still reports the end, with base fields only.
        if (call.params.statusCallbackEvents === null) sendCallback(call, 'base', true);
        else if (subscribed(call, 'terminal')) sendCallback(call, 'terminal', true);
        else dispatcher.release(call.sid);
      },
    },
  });

  /** Asked for by the call, and honoured by the account. */
  function subscribed(call: SimCall, event: StatusCallbackEventType): boolean {
    return !!call.params.statusCallbackEvents?.includes(event) && callbackEvents.includes(event);
  }

  const ctx: ExotelApiContext = {
    ...credentials,
    clock,
    engine,
    fates,
    faults,
    rateLimiter,
    get stats() {
      return stats;
    },
    maxBodyBytes: options.maxBodyBytes ?? 64 * 1024,
    utcOffsetMinutes,
    pricePerMinute,
    publicUrl: options.publicUrl,
    newSid: randomSid,
    detailsNumbers: () =>
      detailsNumbers === 'mixed' ? (shapeRandom() < 0.5 ? 'string' : 'number') : detailsNumbers,
  };

  const view = (call: SimCall): SimCallView => ({
    ...structuredClone(call),
    exotel: toWireCall(call, {
      view: 'read',
      format: 'json',
      details: true,
      utcOffsetMinutes,
      pricePerMinute,
    }),
  });

  const controlApi = options.controlApi ?? true;

  async function route(request: Request): Promise<Response> {
    let url: URL;
    try {
      url = new URL(request.url);
    } catch {
      return restException('json', 400, `Malformed request URL '${request.url}'.`);
    }
    if (closed) return restException(formatOf(url.pathname), 503, 'The simulator is closed.');
    const exotel = await handleExotelApi(ctx, request, url);
    if (exotel) return exotel;
    const recording = serveRecording(request, url, { credentials, clock, engine });
    if (recording) return recording;
    if (controlApi && (url.pathname === '/_sim' || url.pathname.startsWith('/_sim/'))) {
      return handleControlApi(sim, request, url);
    }
    return restException(formatOf(url.pathname), 404, MESSAGES.notFound);
  }

  const sim: ExotelSimulator = {
    async fetch(request) {
      try {
        return await route(request);
      } catch (error) {
        // Nothing a client sends may crash the simulator: report and answer 500.
        onError(error);
        return restException('json', 500, 'Internal Server Error');
      }
    },
    asFetch() {
      return async (input, init) => {
        const response = await sim.fetch(new Request(input, init));
        if (response.type === 'error')
          throw new TypeError('fetch failed: connection reset by the simulator');
        return response;
      };
    },
    credentials,
    clock,
    seed,
    faults,
    calls: () => engine.list().map(view),
    call(sid) {
      const call = engine.get(sid);
      return call && view(call);
    },
    deliveries: (filter) => structuredClone(dispatcher.list(filter)),
    act(sid, leg, action) {
      if (closed) return { ok: false, reason: 'The simulator is closed' };
      return engine.act(sid, leg === 1 ? 0 : 1, action);
    },
    script: (number, fate) => fates.script(number, fate),
    defaultFate: () => fates.fallback,
    setDefaultFate(fate) {
      fates.fallback = fate;
    },
    callbackEvents: () => [...callbackEvents],
    setCallbackEvents(events) {
      const problem = checkCallbackEvents(events);
      if (problem) throw new TypeError(problem);
      callbackEvents = [...events];
    },
    scripts: () => fates.list(),
    stats: () => ({ ...stats }),
    settle: () => clock.idle(),
    reset() {
      engine.reset();
      dispatcher.reset();
      fates.clear();
      faults.clear();
      rateLimiter.reset();
      callbackEvents = [...initialCallbackEvents];
      stats = emptyStats();
    },
    async close() {
      closed = true;
      engine.reset();
      dispatcher.close();
      clock.dispose();
      await clock.idle();
    },
  };
  return sim;
}
