// Realistic history for the operator-queries benchmark: N finished calls over 60 days,
// deterministic (seeded), in time order, with the stats counters each call adds.
import {
  type AttemptRecord,
  type CallRecord,
  type CallState,
  type StatsDelta,
  statsDayRollups,
  ttcBin,
} from '@ringback/server';

export const DAY_MS = 86_400_000;
const BUCKET_MS = 900_000;
const IST_OFFSET_MS = 19_800_000;

export const WIDGETS = ['support', 'sales', 'billing', 'onboarding', 'returns', 'enterprise'];
/** Agents by widget; several agents answer for more than one widget. */
const AGENTS: Record<string, string[]> = {
  support: ['priya', 'arjun', 'meera', 'kabir'],
  sales: ['rohan', 'ananya', 'vikram'],
  billing: ['meera', 'sanjay'],
  onboarding: ['ananya', 'farah', 'kabir'],
  returns: ['arjun', 'sanjay', 'leela'],
  enterprise: ['vikram', 'farah', 'nikhil'],
};
/** Every agent, once. */
export const AGENT_IDS = [...new Set(Object.values(AGENTS).flat())];
/** How often each widget is used, relative. */
const WIDGET_WEIGHTS = [0.34, 0.24, 0.12, 0.12, 0.1, 0.08];
/** The missed-call states (the console's "missed leads"). */
export const MISSED_STATES: CallState[] = [
  'agent-unavailable',
  'not-answered',
  'busy',
  'failed',
  'expired',
];

/** A seeded PRNG (mulberry32): the same history every run. */
export function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Calls per hour of the day in India, relative: busy 10:00–19:00, quiet at night. */
const HOUR_WEIGHTS = [
  0.05, 0.03, 0.02, 0.02, 0.02, 0.05, 0.15, 0.35, 0.6, 0.85, 1, 1, 0.95, 0.9, 1, 1, 0.95, 0.9, 0.8,
  0.6, 0.45, 0.3, 0.15, 0.08,
];

const ID_CHARS = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';

function pick<T>(rand: () => number, items: readonly T[], weights?: readonly number[]): T {
  if (!weights) return items[Math.floor(rand() * items.length)]!;
  let r = rand() * weights.reduce((a, b) => a + b, 0);
  for (const [i, w] of weights.entries()) {
    r -= w;
    if (r < 0) return items[i]!;
  }
  return items[items.length - 1]!;
}

function hex(rand: () => number, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += Math.floor(rand() * 16).toString(16);
  return out;
}

/** The outcome of a request, with how often it happens. */
const OUTCOMES: { state: CallState; weight: number }[] = [
  { state: 'completed', weight: 0.6 },
  { state: 'agent-unavailable', weight: 0.1 },
  { state: 'not-answered', weight: 0.12 },
  { state: 'busy', weight: 0.07 },
  { state: 'failed', weight: 0.03 },
  { state: 'expired', weight: 0.02 },
  { state: 'canceled', weight: 0.04 },
  { state: 'ended', weight: 0.02 },
];

/** The console's zone the counters are also rolled up by day in: the busy hours are India's. */
export const CONSOLE_TIME_ZONE = 'Asia/Kolkata';

export interface SeededCall {
  call: CallRecord;
  /** What the server's statistics would have added for it, in 15-minute buckets and by day. */
  deltas: StatsDelta[];
}

/**
 * `n` calls created over the 60 days before `end`, oldest first, each already final
 * (a finished history), 1–3 attempts, the lead's fields and page context filled in.
 */
export function* operatorHistory(n: number, end: number, seed = 42): Generator<SeededCall> {
  const rand = random(seed);
  const start = end - 60 * DAY_MS;
  const buckets = (end - start) / BUCKET_MS;
  // Each bucket's share of the calls, by its hour in India (weekends at 60%).
  const weights: number[] = [];
  for (let b = 0; b < buckets; b++) {
    const t = start + b * BUCKET_MS + IST_OFFSET_MS;
    const hour = new Date(t).getUTCHours();
    const weekday = new Date(t).getUTCDay();
    weights.push(HOUR_WEIGHTS[hour]! * (weekday === 0 || weekday === 6 ? 0.6 : 1));
  }
  const total = weights.reduce((a, b) => a + b, 0);
  let made = 0;
  let carry = 0;
  for (let b = 0; b < buckets && made < n; b++) {
    const exact = (weights[b]! / total) * n + carry;
    let count = Math.floor(exact);
    carry = exact - count;
    if (b === buckets - 1) count = n - made;
    const bucketStart = start + b * BUCKET_MS;
    const times = Array.from({ length: count }, () => bucketStart + Math.floor(rand() * BUCKET_MS));
    times.sort((x, y) => x - y);
    for (const createdAt of times) {
      if (made >= n) return;
      made++;
      yield seededCall(rand, createdAt, bucketStart);
    }
  }
}

function seededCall(rand: () => number, createdAt: number, bucket: number): SeededCall {
  let id = 'call_';
  for (let i = 0; i < 22; i++) id += ID_CHARS[Math.floor(rand() * 64)];
  const widgetId = pick(rand, WIDGETS, WIDGET_WEIGHTS);
  const agents = AGENTS[widgetId]!;
  const outcome = pick(
    rand,
    OUTCOMES.map((o) => o.state),
    OUTCOMES.map((o) => o.weight),
  );
  const rounds =
    outcome === 'agent-unavailable' ? Math.min(agents.length, 3) : rand() < 0.15 ? 2 : 1;
  const first = Math.floor(rand() * agents.length);
  const attempts: AttemptRecord[] = [];
  let at = createdAt + 400 + Math.floor(rand() * 2000);
  for (let i = 0; i < rounds; i++) {
    const agentId = agents[(first + i) % agents.length]!;
    const last = i === rounds - 1;
    const ringFor = 4_000 + Math.floor(rand() * 26_000);
    attempts.push({
      attempt: i + 1,
      agentId,
      agentName: agentId[0]!.toUpperCase() + agentId.slice(1),
      startedAt: at,
      exotelSid: hex(rand, 32),
      exotelStatus: last && outcome === 'completed' ? 'completed' : 'no-answer',
      outcome: last ? outcome : 'agent-unavailable',
      endedAt: at + ringFor,
      recordingUrl:
        last && outcome === 'completed'
          ? `https://recordings.exotel.com/exotelrecordings/acme/${hex(rand, 32)}.mp3`
          : null,
    });
    at += ringFor + 1000;
  }
  const connected = outcome === 'completed';
  // Request → visitor answered: the agents' ringing, then the visitor's phone.
  const ttc = connected
    ? Math.round((attempts.at(-1)!.startedAt - createdAt) / 1000) + 5 + Math.floor(rand() * 20)
    : null;
  const talk = connected ? 20 + Math.floor(rand() * 600) : null;
  const updatedAt = at + (talk ?? 0) * 1000;
  const lastAttempt = attempts.at(-1)!;
  const call: CallRecord = {
    id,
    widgetId,
    to: `+9198${String(Math.floor(rand() * 1e8)).padStart(8, '0')}`,
    state: outcome,
    version: 3 + rounds * 2,
    exotelSid: lastAttempt.exotelSid,
    createdAt,
    updatedAt,
    conversationSeconds: talk,
    exotelStatus: lastAttempt.exotelStatus,
    checkAt: null,
    checks: 0,
    refusal: null,
    timeOut: 30,
    timeLimit: 1800,
    attempt: rounds,
    maxAttempts: Math.min(agents.length, 3),
    agentId: lastAttempt.agentId,
    attempts,
    advancing: false,
    dialAt: null,
    lineHolder: null,
    fields: { name: pick(rand, ['Asha', 'Ravi', 'Imran', 'Divya', 'Karthik']), topic: widgetId },
    consent: null,
    context: {
      pageUrl: `https://www.acme.example/${widgetId}/pricing`,
      utm: { source: pick(rand, ['google', 'newsletter', 'facebook']), campaign: 'winter' },
    },
    recordingUrl: lastAttempt.recordingUrl ?? null,
    schedule: null,
  };
  // What statsDeltas would add over the call's whole life (it takes one change at a time, and
  // these calls are stored already final), with the server's own bins and day roll-ups.
  const deltas: StatsDelta[] = [];
  const add = (agentId: string | null, counter: string) =>
    deltas.push({ scale: 'quarter', bucket, widgetId, agentId, counter, by: 1 });
  if (outcome !== 'canceled') {
    add(null, 'requests');
    if (connected) {
      add(null, 'connected');
      add(null, `ttc:${ttcBin(ttc!)}`);
    } else if (MISSED_STATES.includes(outcome)) add(null, `missed:${outcome}`);
    for (const a of attempts) {
      add(a.agentId, 'requests');
      if (a.outcome === 'completed') {
        add(a.agentId, 'connected');
        add(a.agentId, `ttc:${ttcBin(ttc!)}`);
      } else if (a.outcome && MISSED_STATES.includes(a.outcome))
        add(a.agentId, `missed:${a.outcome}`);
    }
  }
  return { call, deltas: [...deltas, ...statsDayRollups(deltas, CONSOLE_TIME_ZONE)] };
}
