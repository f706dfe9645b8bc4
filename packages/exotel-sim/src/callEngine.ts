import type { SimClock, SimTimer } from './clock.js';
import { type Fate, type ResolvedFate, resolveFate } from './fates.js';
import type { ConnectParams } from './validateConnect.js';

export type LegStatus =
  | 'ringing'
  | 'in-progress'
  | 'completed'
  | 'busy'
  | 'no-answer'
  | 'failed'
  | 'canceled';

/** A call's own status. `canceled` is only ever a leg's: a call whose To leg was canceled is `failed`. */
export type CallStatus = 'in-progress' | 'completed' | 'busy' | 'no-answer' | 'failed' | 'canceled';

export interface SimLeg {
  /** 1 = `From`, 2 = `To`. */
  id: 1 | 2;
  number: string;
  fate: ResolvedFate;
  /** `null` while the leg has not been dialled (and forever, if it never is). */
  status: LegStatus | null;
  dialledAt: number | null;
  answeredAt: number | null;
  endedAt: number | null;
}

export type SimCallEventType =
  | 'created'
  | 'ringing'
  | 'answered'
  | 'connected'
  | 'leg-ended'
  | 'ended';

/** One step of a call's life, for `sim.calls()` and the control API. */
export interface SimCallEvent {
  /** Simulated epoch milliseconds. */
  at: number;
  type: SimCallEventType;
  leg?: 1 | 2;
  status?: string;
}

export interface SimCall {
  sid: string;
  accountSid: string;
  params: ConnectParams;
  status: CallStatus;
  createdAt: number;
  updatedAt: number;
  /** When both parties were connected. */
  connectedAt: number | null;
  endedAt: number | null;
  /** Duration, Price and EndTime are only reported once this is true (Exotel fills them late). */
  finalized: boolean;
  legs: [SimLeg, SimLeg];
  recordingUrl: string | null;
  /**
   * How Call Details writes `Duration` and `Price` for this call in JSON: live Exotel
   * sends numeric strings for some calls and JSON numbers for others.
   */
  detailsNumbers: 'string' | 'number';
  events: SimCallEvent[];
}

export interface CallEngineHooks {
  /** A leg picked up (index 0 = `From`, 1 = `To`). */
  onAnswered(call: SimCall, legIndex: 0 | 1): void;
  /** The call reached its final status. */
  onEnded(call: SimCall): void;
}

export interface CallEngineOptions {
  clock: SimClock;
  hooks: CallEngineHooks;
  /** Simulated ms after the end before Duration, Price and EndTime appear. @default 0 */
  detailsDelayMs?: number;
}

/** What a person holding one of the phones can do (`sim.act`). */
export type LegAction = 'answer' | 'reject' | 'hangup';

/** Exotel's TimeOut when the request sends none (undocumented; 30 s is typical). */
export const DEFAULT_TIME_OUT = 30;
/** The longest call Exotel allows, and the cut-off when TimeLimit is absent. */
export const MAX_CALL_SECONDS = 14_400;

/**
 * Runs each call's two legs on the simulator clock: leg 1 (`From`) rings and answers
 * or not; only then is leg 2 (`To`) dialled; once both are up they talk until one
 * hangs up or TimeLimit cuts the call.
 */
export class CallEngine {
  readonly #calls = new Map<string, SimCall>();
  readonly #timers = new Map<string, Set<SimTimer>>();
  readonly #clock: SimClock;
  readonly #hooks: CallEngineHooks;
  readonly #detailsDelayMs: number;

  constructor(options: CallEngineOptions) {
    this.#clock = options.clock;
    this.#hooks = options.hooks;
    this.#detailsDelayMs = options.detailsDelayMs ?? 0;
  }

  get(sid: string): SimCall | undefined {
    return this.#calls.get(sid);
  }

  list(): SimCall[] {
    return [...this.#calls.values()];
  }

  /** Places a call with the already-drawn fates of both numbers and starts leg 1. */
  place(input: {
    sid: string;
    accountSid: string;
    params: ConnectParams;
    fromFate: Fate;
    toFate: Fate;
    recordingUrl: string | null;
    detailsNumbers: 'string' | 'number';
  }): SimCall {
    const now = this.#clock.now();
    const leg = (id: 1 | 2, number: string, fate: Fate): SimLeg => ({
      id,
      number,
      fate: resolveFate(fate),
      status: null,
      dialledAt: null,
      answeredAt: null,
      endedAt: null,
    });
    const call: SimCall = {
      sid: input.sid,
      accountSid: input.accountSid,
      params: input.params,
      status: 'in-progress',
      createdAt: now,
      updatedAt: now,
      connectedAt: null,
      endedAt: null,
      finalized: false,
      legs: [leg(1, input.params.from, input.fromFate), leg(2, input.params.to, input.toFate)],
      recordingUrl: input.params.record ? input.recordingUrl : null,
      detailsNumbers: input.detailsNumbers,
      events: [{ at: now, type: 'created' }],
    };
    this.#calls.set(call.sid, call);
    this.#timers.set(call.sid, new Set());
    this.#dial(call, 0);
    return call;
  }

  /**
   * A person acts on a leg, whatever its scripted fate: answers or rejects it while it
   * rings, or hangs up once it is on the line. Returns why not when the action does
   * not apply to the leg's current status.
   */
  act(sid: string, index: 0 | 1, action: LegAction): { ok: true } | { ok: false; reason: string } {
    const call = this.#calls.get(sid);
    if (!call) return { ok: false, reason: `No call ${sid}` };
    const leg = call.legs[index];
    if (action === 'answer' || action === 'reject') {
      if (leg.status !== 'ringing') {
        return {
          ok: false,
          reason: `Leg ${leg.id} is not ringing (${leg.status ?? 'not dialled'})`,
        };
      }
      this.#cancelAll(call);
      // A rejected call reaches Exotel as busy, as carriers report it.
      if (action === 'answer') this.#answer(call, index);
      else this.#legFailed(call, index, 'busy');
      return { ok: true };
    }
    if (leg.status !== 'in-progress') {
      return {
        ok: false,
        reason: `Leg ${leg.id} is not on the line (${leg.status ?? 'not dialled'})`,
      };
    }
    // Hanging up before the other party answered leaves that leg canceled.
    if (call.connectedAt === null) this.#legFailed(call, 1, 'canceled');
    else this.#end(call, 'completed');
    return { ok: true };
  }

  /** Cancels every pending timeline and forgets all calls. */
  reset(): void {
    for (const timers of this.#timers.values()) {
      for (const timer of timers) this.#clock.clearTimer(timer);
    }
    this.#timers.clear();
    this.#calls.clear();
  }

  #at(call: SimCall, seconds: number, fn: () => void): SimTimer {
    const timers = this.#timers.get(call.sid)!;
    const timer = this.#clock.setTimer(seconds * 1000, () => {
      timers.delete(timer);
      fn();
    });
    timers.add(timer);
    return timer;
  }

  #cancelAll(call: SimCall): void {
    const timers = this.#timers.get(call.sid);
    if (!timers) return;
    for (const timer of timers) this.#clock.clearTimer(timer);
    timers.clear();
  }

  #event(call: SimCall, event: Omit<SimCallEvent, 'at'>): void {
    const at = this.#clock.now();
    call.updatedAt = at;
    call.events.push({ at, ...event });
  }

  #dial(call: SimCall, index: 0 | 1): void {
    const leg = call.legs[index];
    const timeOut = call.params.timeOut ?? DEFAULT_TIME_OUT;
    leg.status = 'ringing';
    leg.dialledAt = this.#clock.now();
    this.#event(call, { type: 'ringing', leg: leg.id });
    const fate = leg.fate;
    let outcome: () => void;
    let after: number;
    if (fate.outcome === 'answer' && fate.ringSeconds <= timeOut) {
      after = fate.ringSeconds;
      outcome = () => this.#answer(call, index);
    } else if (
      (fate.outcome === 'busy' || fate.outcome === 'failed') &&
      fate.ringSeconds <= timeOut
    ) {
      after = fate.ringSeconds;
      outcome = () => this.#legFailed(call, index, fate.outcome as 'busy' | 'failed');
    } else {
      after = timeOut;
      outcome = () => this.#legFailed(call, index, 'no-answer');
    }
    this.#at(call, after, outcome);
    // Leg 1 may give up waiting for leg 2 before leg 2's outcome: leg 2 is canceled.
    const from = call.legs[0].fate;
    if (index === 1 && from.outcome === 'answer' && from.patienceSeconds !== null) {
      if (from.patienceSeconds < after) {
        this.#at(call, from.patienceSeconds, () => this.#legFailed(call, 1, 'canceled'));
      }
    }
  }

  #answer(call: SimCall, index: 0 | 1): void {
    const leg = call.legs[index];
    leg.status = 'in-progress';
    leg.answeredAt = this.#clock.now();
    this.#event(call, { type: 'answered', leg: leg.id, status: 'in-progress' });
    this.#hooks.onAnswered(call, index);
    if (index === 0) {
      this.#dial(call, 1);
      return;
    }
    this.#cancelAll(call);
    call.connectedAt = leg.answeredAt;
    this.#event(call, { type: 'connected' });
    const [from, to] = call.legs;
    const talk = (fate: ResolvedFate) =>
      fate.outcome === 'answer' && fate.talkSeconds !== null ? fate.talkSeconds : Infinity;
    const seconds = Math.min(
      talk(from.fate),
      talk(to.fate),
      call.params.timeLimit ?? MAX_CALL_SECONDS,
    );
    this.#at(call, seconds, () => this.#end(call, 'completed'));
  }

  #legFailed(
    call: SimCall,
    index: 0 | 1,
    status: 'busy' | 'failed' | 'no-answer' | 'canceled',
  ): void {
    const leg = call.legs[index];
    leg.status = status;
    leg.endedAt = this.#clock.now();
    this.#event(call, { type: 'leg-ended', leg: leg.id, status });
    // The call takes the failing leg's status; leg 1, if it was up, ends normally.
    // From hanging up while To rings is the exception: Exotel reports the call
    // `failed`, with only the To leg `canceled`.
    this.#end(call, status === 'canceled' ? 'failed' : status);
  }

  #end(call: SimCall, status: CallStatus): void {
    this.#cancelAll(call);
    const now = this.#clock.now();
    for (const leg of call.legs) {
      if (leg.status === 'in-progress') leg.status = 'completed';
      if (leg.status === 'ringing') leg.status = 'canceled';
      if (leg.status !== null && leg.endedAt === null) leg.endedAt = now;
    }
    call.status = status;
    call.endedAt = now;
    if (call.connectedAt === null) call.recordingUrl = null;
    this.#event(call, { type: 'ended', status });
    if (this.#detailsDelayMs > 0) {
      this.#at(call, this.#detailsDelayMs / 1000, () => {
        call.finalized = true;
      });
    } else {
      call.finalized = true;
    }
    this.#hooks.onEnded(call);
  }
}

/** Whole seconds between two simulated instants. */
export function secondsBetween(from: number | null, to: number | null): number {
  if (from === null || to === null) return 0;
  return Math.max(0, Math.round((to - from) / 1000));
}
