import { randomBytes } from 'node:crypto';
import {
  type AttemptRecord,
  type CallEvent,
  type CallRecord,
  type CallState,
  type Store,
  statsDeltas,
} from '@ringback/server';

export interface HistoryOptions {
  widgetId: string;
  /** The group rung in turn, as in the widget's `agents`. */
  agents: readonly { id: string; name: string }[];
  /** History ends here (ms). */
  now: number;
  /** The console's `timeZone`: the counters are rolled up by its days, as the server does. */
  timeZone: string;
  /** @default 21 */
  days?: number;
  /** Seeded, for the same mix of calls on every fresh demo. @default Math.random */
  random?: () => number;
}

/** How a past request ended, and how often (a small shop's weeks). */
const ENDINGS: readonly { state: CallState; weight: number }[] = [
  { state: 'completed', weight: 0.62 },
  { state: 'agent-unavailable', weight: 0.1 },
  { state: 'not-answered', weight: 0.13 },
  { state: 'busy', weight: 0.07 },
  { state: 'failed', weight: 0.03 },
  { state: 'canceled', weight: 0.05 },
];

/** Requests per hour of the day in India: busy from 10:00 to 19:00, few at night. */
const HOURS = [
  0, 0, 0, 0, 0, 0, 0.1, 0.3, 0.6, 0.9, 1, 1, 0.9, 0.8, 1, 1, 0.9, 0.8, 0.7, 0.5, 0.3, 0.2, 0.1, 0,
];
const IST_MS = 5.5 * 3600_000;
const DAY_MS = 86_400_000;

/** A seeded generator (mulberry32). */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = Math.imul(a ^ (a >>> 15), a | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function pick<T extends { weight: number }>(random: () => number, items: readonly T[]): T {
  let r = random() * items.reduce((sum, item) => sum + item.weight, 0);
  for (const item of items) {
    r -= item.weight;
    if (r < 0) return item;
  }
  return items.at(-1)!;
}

/**
 * Writes a few weeks of finished calls into `store` — each with its events, attempts and
 * Exotel CallSids — and the statistics counters each change adds (`statsDeltas`, as the
 * server counts them), so the console's lists, timelines and charts have something to
 * show. Resolves how many calls it wrote.
 */
export async function seedHistory(store: Store, options: HistoryOptions): Promise<number> {
  const random = options.random ?? Math.random;
  const { agents, widgetId } = options;
  const days = options.days ?? 21;
  // Every call's writes run side by side: a store that commits writes in groups (SQLite)
  // then needs a few dozen commits rather than one per change.
  const writes: Promise<void>[] = [];
  let turn = 0;
  for (let day = days; day >= 1; day--) {
    // Midnight in India, `day` days ago; a little more traffic on weekdays and lately.
    const midnight = Math.floor((options.now + IST_MS) / DAY_MS) * DAY_MS - IST_MS - day * DAY_MS;
    const weekday = new Date(midnight + IST_MS).getUTCDay() % 6 !== 0;
    const perDay = Math.round(
      (weekday ? 22 : 12) * (1 + (days - day) / days) * (0.8 + random() * 0.4),
    );
    for (let i = 0; i < perDay; i++) {
      const hour = pickHour(random);
      const createdAt = midnight + hour * 3600_000 + Math.floor(random() * 3600_000);
      const ending = pick(random, ENDINGS).state;
      writes.push(
        writeCall(store, {
          id: `call_${randomBytes(18).toString('base64url')}`,
          widgetId,
          to: `+9198${String(Math.floor(random() * 1e8)).padStart(8, '0')}`,
          createdAt,
          ending,
          agents: agents.map((_, k) => agents[(turn + k) % agents.length]!),
          random,
          timeZone: options.timeZone,
        }),
      );
      turn += 1;
    }
  }
  await Promise.all(writes);
  return writes.length;
}

function pickHour(random: () => number): number {
  return pick(
    random,
    HOURS.map((weight, hour) => ({ weight, hour })),
  ).hour;
}

interface PastCall {
  id: string;
  widgetId: string;
  to: string;
  createdAt: number;
  ending: CallState;
  /** The group in the order this call rang them. */
  agents: readonly { id: string; name: string }[];
  random: () => number;
  timeZone: string;
}

/** One call, written change by change as the server would have stored it. */
async function writeCall(store: Store, past: PastCall): Promise<void> {
  const { random } = past;
  let at = past.createdAt;
  const sid = () => randomBytes(16).toString('hex');
  let call: CallRecord = {
    id: past.id,
    widgetId: past.widgetId,
    to: past.to,
    state: 'requested',
    version: 1,
    exotelSid: null,
    createdAt: at,
    updatedAt: at,
    conversationSeconds: null,
    exotelStatus: null,
    checkAt: null,
    checks: 0,
    refusal: null,
    timeOut: 30,
    timeLimit: 1800,
    attempt: 1,
    maxAttempts: past.agents.length,
    agentId: past.agents[0]!.id,
    attempts: [],
    advancing: false,
    dialAt: null,
    lineHolder: null,
    fields: {},
    consent: null,
    context: null,
  };
  const event = (source: CallEvent['source']): CallEvent => ({
    callId: call.id,
    seq: call.version,
    state: call.state,
    at: call.updatedAt,
    source,
    conversationSeconds: call.conversationSeconds,
    attempt: call.attempt,
    agentName: call.attempts[call.attempt - 1]?.agentName ?? null,
  });
  await store.createCall(
    call,
    { key: `seed-${call.id}`, callId: call.id, fingerprint: 'seed', expiresAt: at + DAY_MS },
    event('api'),
  );
  await store.addStats(statsDeltas(undefined, call, past.timeZone));

  const move = async (
    patch: Partial<CallRecord>,
    source: CallEvent['source'],
    seconds: number,
  ): Promise<void> => {
    at += Math.round(seconds * 1000);
    const next: CallRecord = { ...call, ...patch, version: call.version + 1, updatedAt: at };
    await store.updateCall(next, call.version, { ...event(source), ...eventOf(next) });
    await store.addStats(statsDeltas(call, next, past.timeZone));
    call = next;
  };
  const eventOf = (c: CallRecord): Partial<CallEvent> => ({
    seq: c.version,
    state: c.state,
    at: c.updatedAt,
    conversationSeconds: c.conversationSeconds,
    attempt: c.attempt,
    agentName: c.attempts[c.attempt - 1]?.agentName ?? null,
  });
  const ring = (index: number): AttemptRecord => ({
    attempt: index + 1,
    agentId: past.agents[index]!.id,
    agentName: past.agents[index]!.name,
    startedAt: at,
    exotelSid: sid(),
    exotelStatus: null,
    outcome: null,
    endedAt: null,
  });
  const endAttempt = (outcome: CallState, exotelStatus: string): AttemptRecord[] =>
    call.attempts.map((a) =>
      a.attempt === call.attempt ? { ...a, outcome, exotelStatus, endedAt: at } : a,
    );

  if (past.ending === 'canceled') {
    await move({ state: 'canceled', attempts: [] }, 'api', 3 + random() * 5);
    return;
  }
  // Agents who do not pick up: every one for `agent-unavailable`, else now and then the first.
  const missedBy =
    past.ending === 'agent-unavailable' ? past.agents.length : random() < 0.2 ? 1 : 0;
  for (let k = 0; k <= missedBy && k < past.agents.length; k++) {
    // The agent before this one let it ring out (30 s): that attempt ends as this one starts.
    if (k > 0) at += 30_000;
    const earlier = k > 0 ? endAttempt('agent-unavailable', 'no-answer') : [];
    const attempt = ring(k);
    await move(
      {
        state: 'dialing-agent',
        attempt: k + 1,
        agentId: attempt.agentId,
        exotelSid: attempt.exotelSid,
        attempts: [...earlier, attempt],
      },
      k === 0 ? 'api' : 'routing',
      1 + random() * 2,
    );
  }
  if (past.ending === 'agent-unavailable') {
    await move(
      {
        state: 'agent-unavailable',
        exotelStatus: 'no-answer',
        attempts: endAttempt('agent-unavailable', 'no-answer'),
      },
      'callback',
      30,
    );
    return;
  }
  if (past.ending === 'failed') {
    await move(
      { state: 'failed', exotelStatus: 'failed', attempts: endAttempt('failed', 'failed') },
      'callback',
      2,
    );
    return;
  }
  await move({ state: 'dialing-you' }, 'callback', 4 + random() * 12);
  if (past.ending === 'not-answered' || past.ending === 'busy') {
    const status = past.ending === 'busy' ? 'busy' : 'no-answer';
    await move(
      { state: past.ending, exotelStatus: status, attempts: endAttempt(past.ending, status) },
      'callback',
      past.ending === 'busy' ? 3 : 30,
    );
    return;
  }
  await move({ state: 'connected' }, 'callback', 5 + random() * 15);
  const talk = Math.round(40 + random() * 400);
  const recordingUrl = `https://recordings.exotel.com/exotelrecordings/demo/${call.exotelSid}.mp3`;
  await move(
    {
      state: 'completed',
      exotelStatus: 'completed',
      conversationSeconds: talk,
      recordingUrl,
      attempts: endAttempt('completed', 'completed').map((a) =>
        a.attempt === call.attempt ? { ...a, recordingUrl } : a,
      ),
    },
    'callback',
    talk,
  );
}
