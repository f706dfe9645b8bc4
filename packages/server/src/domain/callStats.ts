// The operator console's numbers: counters kept as calls change (never a scan of the
// calls), in 15-minute buckets and rolled up by day, and how they add up into figures. Pure: the store wrapper
// (calls/statsRecorder.ts) writes the deltas, the stats endpoint reads and sums the rows.
import { localDay, zonedTimeToInstant } from './businessHours.js';
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

/** The time-to-connect histogram's bins, by lower edge in seconds; the last is open (600 or more). */
export const TTC_BIN_EDGES: readonly number[] = [
  0, 5, 10, 15, 20, 30, 45, 60, 90, 120, 180, 300, 600,
];

/** The time-to-connect histogram bin of a number of seconds, named by its lower edge. */
export function ttcBin(seconds: number): number {
  const s = Math.max(0, seconds);
  return TTC_BIN_EDGES.findLast((edge) => edge <= s) ?? 0;
}

/**
 * What a bin reads as in a percentile: its upper edge (600 for the open one). Any number of
 * seconds reads as the upper edge of the bin it falls in.
 */
export function ttcBinValue(bin: number): number {
  return TTC_BIN_EDGES.find((edge) => edge > bin) ?? 600;
}

/**
 * The same counts as `deltas` (15-minute buckets) rolled up into the days of `timeZone`:
 * each bucket falls in one local day (every real zone's days start on a quarter), named by
 * the instant it starts.
 */
export function statsDayRollups(deltas: readonly StatsDelta[], timeZone: string): StatsDelta[] {
  const days = new Map<number, number>();
  return deltas.map((d) => {
    let day = days.get(d.bucket);
    if (day === undefined) {
      day = zonedTimeToInstant(localDay(d.bucket, timeZone), timeZone);
      days.set(d.bucket, day);
    }
    return { ...d, scale: 'day', bucket: day };
  });
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
 * Each is there twice: in its 15-minute bucket and in its day in `timeZone` (the console's).
 * `before` is `undefined` for a create.
 */
export function statsDeltas(
  before: CallRecord | undefined,
  after: CallRecord,
  timeZone: string,
): StatsDelta[] {
  const bucket = statsBucket(after.createdAt);
  const deltas: StatsDelta[] = [];
  const add = (agentId: string | null, counter: string) => {
    const same = deltas.find((d) => d.agentId === agentId && d.counter === counter);
    if (same) same.by += 1;
    else
      deltas.push({ scale: 'quarter', bucket, widgetId: after.widgetId, agentId, counter, by: 1 });
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
  return [...deltas, ...statsDayRollups(deltas, timeZone)];
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
