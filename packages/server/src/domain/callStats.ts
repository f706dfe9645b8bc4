// The operator console's numbers: counters kept as calls change (never a scan of the
// calls), in 15-minute buckets, and how they add up into figures. Pure: the store wrapper
// (calls/statsRecorder.ts) writes the deltas, the stats endpoint reads and sums the rows.
import { isFinal } from './callState.js';
import { type CallRecord, STATS_BUCKET_MS, type StatsDelta, type StatsRow } from './Store.js';
import { type MissedReason, missedReason } from './webhooks.js';

// Counters are kept per 15 minutes (UTC): every real time zone's hours and days start on one.
export { STATS_BUCKET_MS };

export const MISSED_REASONS: readonly MissedReason[] = [
  'agent-unavailable',
  'not-answered',
  'busy',
  'failed',
  'expired',
];

/** The bucket an instant is counted in. */
export const statsBucket = (ms: number): number =>
  Math.floor(ms / STATS_BUCKET_MS) * STATS_BUCKET_MS;

/**
 * The time-to-connect histogram bin of a number of seconds: each second below two minutes,
 * then 120–179, 180–299, 300–599 and 600 or more (named by their lower edge).
 */
export function ttcBin(seconds: number): number {
  const s = Math.max(0, Math.floor(seconds));
  if (s < 120) return s;
  if (s < 180) return 120;
  if (s < 300) return 180;
  if (s < 600) return 300;
  return 600;
}

/** What a bin reads as in a percentile: the second itself below two minutes, else its upper edge (600 for the open one). */
export function ttcBinValue(bin: number): number {
  if (bin < 120) return bin;
  if (bin === 120) return 180;
  if (bin === 180) return 300;
  return 600;
}

/**
 * The counters one stored change moves, all in the bucket of the call's `createdAt` (its
 * cohort: a request and how it ended count in the same bucket, so rates add up):
 *
 * - `requests` when the call is created (a retry round is the same request; an operator's
 *   call-back is a new one), `connected` the first time the visitor answers, with
 *   `ttc:<bin>` for the seconds from the request (or its booked slot) to that answer, and
 *   `missed:<reason>` when it ends missed;
 * - per agent (`agentId` set): `requests` for each attempt that rings them, `connected`
 *   (and `ttc:<bin>`) when their attempt connects, `missed:<reason>` for an attempt of
 *   theirs that ends missed.
 *
 * `before` is `undefined` for a create.
 */
export function statsDeltas(before: CallRecord | undefined, after: CallRecord): StatsDelta[] {
  const bucket = statsBucket(after.createdAt);
  const deltas: StatsDelta[] = [];
  const add = (agentId: string | null, counter: string) => {
    const same = deltas.find((d) => d.agentId === agentId && d.counter === counter);
    if (same) same.by += 1;
    else deltas.push({ bucket, widgetId: after.widgetId, agentId, counter, by: 1 });
  };
  if (!before) add(null, 'requests');
  if (after.state === 'connected' && before?.state !== 'connected') {
    const from = after.schedule?.scheduledFor ?? after.createdAt;
    const ttc = `ttc:${ttcBin((after.updatedAt - from) / 1000)}`;
    add(null, 'connected');
    add(null, ttc);
    const agentId = after.attempts[after.attempt - 1]?.agentId ?? after.agentId;
    if (agentId) {
      add(agentId, 'connected');
      add(agentId, ttc);
    }
  }
  const reason = missedReason(after.state);
  if (reason && !(before && isFinal(before.state))) add(null, `missed:${reason}`);
  for (const attempt of after.attempts) {
    const earlier = before?.attempts.find((a) => a.attempt === attempt.attempt);
    if (!earlier) add(attempt.agentId, 'requests');
    const missed = attempt.outcome === null ? undefined : missedReason(attempt.outcome);
    if (missed && !earlier?.outcome) add(attempt.agentId, `missed:${missed}`);
  }
  return deltas;
}

/** The figures of one slice (totals, a day, a widget, an agent), as the spec's `StatsFigures`. */
export interface StatsFigures {
  requests: number;
  connected: number;
  connectRate: number | null;
  timeToConnect: { p50: number | null; p95: number | null };
  missed: Record<MissedReason, number>;
}

/** Counters summed by name, ready to become figures. */
export type Counters = Map<string, number>;

export function addRow(counters: Counters, row: Pick<StatsRow, 'counter' | 'value'>): void {
  counters.set(row.counter, (counters.get(row.counter) ?? 0) + row.value);
}

/**
 * The `p`th percentile (0–100) of the time-to-connect histogram by nearest rank, each bin
 * read as `ttcBinValue`; `null` without any.
 */
export function ttcPercentile(counters: Counters, p: number): number | null {
  const bins: [number, number][] = [];
  let total = 0;
  for (const [counter, value] of counters) {
    if (!counter.startsWith('ttc:') || value <= 0) continue;
    const bin = Number(counter.slice(4));
    if (!Number.isInteger(bin)) continue;
    bins.push([bin, value]);
    total += value;
  }
  if (total === 0) return null;
  bins.sort((a, b) => a[0] - b[0]);
  const rank = Math.max(1, Math.ceil((p / 100) * total));
  let seen = 0;
  for (const [bin, count] of bins) {
    seen += count;
    if (seen >= rank) return ttcBinValue(bin);
  }
  return ttcBinValue(bins.at(-1)![0]);
}

export function toFigures(counters: Counters): StatsFigures {
  const requests = counters.get('requests') ?? 0;
  const connected = counters.get('connected') ?? 0;
  return {
    requests,
    connected,
    connectRate: requests > 0 ? connected / requests : null,
    timeToConnect: { p50: ttcPercentile(counters, 50), p95: ttcPercentile(counters, 95) },
    missed: Object.fromEntries(
      MISSED_REASONS.map((reason) => [reason, counters.get(`missed:${reason}`) ?? 0]),
    ) as Record<MissedReason, number>,
  };
}
