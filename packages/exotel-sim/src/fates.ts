import { nationalDigits, normalizeNumber } from './numbers.js';

/**
 * What happens when the simulator dials a number. Seconds are simulated seconds.
 *
 * - `answer`: picks up after `ringSeconds` (if that is within the call's TimeOut,
 *   otherwise the leg is `no-answer`), then stays on the line `talkSeconds` after
 *   the two parties are connected (`null`: never hangs up; TimeLimit ends the call).
 *   `patienceSeconds` (leg 1 only) is how long `From` waits for `To` to pick up
 *   before hanging up, which leaves leg 2 `canceled`.
 * - `busy`, `failed`: the leg ends with that status after `ringSeconds`.
 * - `no-answer`: rings until the call's TimeOut.
 * - `ndnc`: the number is on India's do-not-call registry; `Calls/connect` is
 *   refused with 403 and no call is placed.
 * - `kyc`: calling it finds the account not yet KYC compliant; `Calls/connect` is
 *   refused with 403 (no `Code`) and no call is placed.
 * - `manual`: a person holds the phone: it rings until `sim.act()` (or the control
 *   API) answers or rejects it, or the call's TimeOut; once answered it stays on the
 *   line until hung up the same way or TimeLimit ends the call.
 */
export type Fate =
  | {
      outcome: 'answer';
      /** @default 2 */
      ringSeconds?: number;
      /** @default 10 */
      talkSeconds?: number | null;
      patienceSeconds?: number;
    }
  | { outcome: 'busy' /** @default 1 */; ringSeconds?: number }
  | { outcome: 'failed' /** @default 1 */; ringSeconds?: number }
  | { outcome: 'no-answer' }
  | { outcome: 'ndnc' }
  | { outcome: 'kyc' }
  | { outcome: 'manual' };

/** A fate with every default filled in. */
export type ResolvedFate =
  | {
      outcome: 'answer';
      ringSeconds: number;
      talkSeconds: number | null;
      patienceSeconds: number | null;
    }
  | { outcome: 'busy' | 'failed'; ringSeconds: number }
  | { outcome: 'no-answer' }
  | { outcome: 'ndnc' }
  | { outcome: 'kyc' }
  | { outcome: 'manual' };

export const DEFAULT_FATE: Fate = { outcome: 'answer', ringSeconds: 2, talkSeconds: 10 };

/**
 * Magic numbers: the fates of the 10-digit Indian numbers `90000000NN`
 * (`+9190000000NN`, `090000000NN`). Documented in the README; keep them in sync.
 */
export const MAGIC_NUMBERS: Readonly<Record<string, { fate: Fate; description: string }>> = {
  '9000000000': { fate: DEFAULT_FATE, description: 'answers after 2 s, talks 10 s (the default)' },
  '9000000001': { fate: { outcome: 'busy', ringSeconds: 1 }, description: 'busy' },
  '9000000002': { fate: { outcome: 'no-answer' }, description: 'rings until TimeOut: no-answer' },
  '9000000003': {
    fate: { outcome: 'failed', ringSeconds: 1 },
    description: 'failed at once (invalid number, network error)',
  },
  '9000000004': {
    fate: { outcome: 'failed', ringSeconds: 5 },
    description: 'unreachable (switched off): failed after 5 s',
  },
  '9000000005': {
    fate: { outcome: 'busy', ringSeconds: 8 },
    description: 'rings 8 s, then rejects the call: busy',
  },
  '9000000006': {
    fate: { outcome: 'answer', ringSeconds: 2, talkSeconds: null },
    description: 'answers after 2 s and never hangs up: TimeLimit ends the call',
  },
  '9000000007': {
    fate: { outcome: 'answer', ringSeconds: 2, talkSeconds: 0 },
    description: 'answers after 2 s and hangs up as soon as the parties are connected',
  },
  '9000000008': {
    fate: { outcome: 'answer', ringSeconds: 2, talkSeconds: 10, patienceSeconds: 5 },
    description:
      'as From: answers after 2 s, hangs up if To has not answered 5 s later (call failed, To canceled)',
  },
  '9000000009': {
    fate: { outcome: 'ndnc' },
    description: 'on the NDNC registry: Calls/connect answers 403',
  },
  '9000000010': {
    fate: { outcome: 'kyc' },
    description: 'the account is not KYC compliant: Calls/connect answers 403',
  },
};

/** `9001AAMMMM`: answers after `AA` seconds and talks `MMMM` seconds. */
const TIMED = /^9001(\d{2})(\d{4})$/;

export function resolveFate(fate: Fate): ResolvedFate {
  switch (fate.outcome) {
    case 'answer':
      return {
        outcome: 'answer',
        ringSeconds: fate.ringSeconds ?? 2,
        talkSeconds: fate.talkSeconds === undefined ? 10 : fate.talkSeconds,
        patienceSeconds: fate.patienceSeconds ?? null,
      };
    case 'busy':
    case 'failed':
      return { outcome: fate.outcome, ringSeconds: fate.ringSeconds ?? 1 };
    default:
      return { outcome: fate.outcome };
  }
}

/** The built-in fate of a normalised number: a magic number's, or the default. */
export function magicFate(normalized: string, fallback: Fate = DEFAULT_FATE): Fate {
  const digits = nationalDigits(normalized);
  if (!digits) return fallback;
  const magic = MAGIC_NUMBERS[digits];
  if (magic) return magic.fate;
  const timed = TIMED.exec(digits);
  if (timed) {
    return { outcome: 'answer', ringSeconds: Number(timed[1]), talkSeconds: Number(timed[2]) };
  }
  return fallback;
}

interface Script {
  /** Fates used one per call, in order. */
  queue: Fate[];
  /** The fate used for every call once the queue is empty. */
  sticky?: Fate;
}

export interface ScriptedNumber {
  number: string;
  queue: Fate[];
  fate: Fate | null;
}

/**
 * Per-number scripts set through `sim.script()` or the control API. They win over
 * magic numbers; a list of fates is used one per call, then the number falls back to
 * its built-in fate.
 */
export class FateBook {
  readonly #scripts = new Map<string, Script>();
  readonly #initialFallback: Fate;
  #fallback: Fate;

  constructor(fallback: Fate = DEFAULT_FATE) {
    this.#initialFallback = fallback;
    this.#fallback = fallback;
  }

  /** The fate of numbers that are neither scripted nor magic. */
  get fallback(): Fate {
    return this.#fallback;
  }

  set fallback(fate: Fate) {
    const problem = checkFate(fate);
    if (problem) throw new TypeError(problem);
    this.#fallback = fate;
  }

  /** Scripts `number` (any accepted spelling). `null` removes its script. */
  script(number: string, fate: Fate | readonly Fate[] | null): void {
    const key = normalizeNumber(number);
    if (!key) throw new TypeError(`Not a phone number: '${number}'`);
    if (fate === null) {
      this.#scripts.delete(key);
      return;
    }
    const problem = Array.isArray(fate) ? fate.map(checkFate).find(Boolean) : checkFate(fate);
    if (problem) throw new TypeError(problem);
    this.#scripts.set(
      key,
      Array.isArray(fate) ? { queue: [...fate] } : { queue: [], sticky: fate as Fate },
    );
  }

  /** The fate for the next call to `normalized`; consumes one queued fate. */
  next(normalized: string): Fate {
    const script = this.#scripts.get(normalized);
    if (script) {
      const queued = script.queue.shift();
      if (script.queue.length === 0 && !script.sticky) this.#scripts.delete(normalized);
      if (queued) return queued;
      if (script.sticky) return script.sticky;
    }
    return magicFate(normalized, this.#fallback);
  }

  /** The fate the next call would get, without consuming it. */
  peek(normalized: string): Fate {
    const script = this.#scripts.get(normalized);
    return script?.queue[0] ?? script?.sticky ?? magicFate(normalized, this.#fallback);
  }

  list(): ScriptedNumber[] {
    return [...this.#scripts].map(([number, script]) => ({
      number,
      queue: [...script.queue],
      fate: script.sticky ?? null,
    }));
  }

  /** Forgets every script and restores the fallback fate given at creation. */
  clear(): void {
    this.#scripts.clear();
    this.#fallback = this.#initialFallback;
  }
}

const OUTCOMES = new Set(['answer', 'busy', 'failed', 'no-answer', 'ndnc', 'kyc', 'manual']);

function isSeconds(value: unknown): boolean {
  return typeof value === 'number' && Number.isFinite(value) && value >= 0 && value <= 86_400;
}

/** Why `value` is not a valid {@link Fate}, or `undefined` when it is one. */
export function checkFate(value: unknown): string | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return 'A fate must be an object such as {"outcome":"answer","ringSeconds":2,"talkSeconds":10}';
  }
  const fate = value as Record<string, unknown>;
  if (typeof fate.outcome !== 'string' || !OUTCOMES.has(fate.outcome)) {
    return `Unknown fate outcome ${JSON.stringify(fate.outcome)}: use one of ${[...OUTCOMES].join(', ')}`;
  }
  const allowed: Record<string, string[]> = {
    answer: ['ringSeconds', 'talkSeconds', 'patienceSeconds'],
    busy: ['ringSeconds'],
    failed: ['ringSeconds'],
    'no-answer': [],
    ndnc: [],
    kyc: [],
    manual: [],
  };
  for (const [key, field] of Object.entries(fate)) {
    if (key === 'outcome') continue;
    if (!allowed[fate.outcome]?.includes(key)) {
      return `Fate '${fate.outcome}' has no field '${key}'`;
    }
    if (field === undefined) continue;
    if (key === 'talkSeconds' && field === null) continue;
    if (!isSeconds(field)) return `Fate field '${key}' must be a number of seconds (0..86400)`;
  }
  return undefined;
}
