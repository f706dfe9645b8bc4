import type {
  AuditQuery,
  CallListQuery,
  CallRecord,
  StatsDelta,
  StatsRow,
} from '../domain/Store.js';
import { STATS_BUCKET_MS } from '../domain/Store.js';

/** The most a page of `listCalls` or `listAudit` may hold. */
export const MAX_PAGE = 1000;

/** Refuses a query no store could answer as asked (a bug in the caller, not a user's mistake). */
export function checkCallListQuery(query: CallListQuery): void {
  checkLimit(query.limit);
}

export function checkAuditQuery(query: AuditQuery): void {
  checkLimit(query.limit);
}

function checkLimit(limit: number): void {
  if (!Number.isInteger(limit) || limit < 1 || limit > MAX_PAGE)
    throw new RangeError(`A page holds 1 to ${MAX_PAGE} records, not ${limit}.`);
}

/** Refuses deltas that would break the statistics (before anything is written). */
export function checkStatsDeltas(deltas: readonly StatsDelta[]): void {
  for (const d of deltas) {
    if (!Number.isSafeInteger(d.bucket) || d.bucket % STATS_BUCKET_MS !== 0)
      throw new RangeError(`A stats bucket starts on a multiple of 15 minutes, not ${d.bucket}.`);
    if (!Number.isSafeInteger(d.by) || d.by < 0)
      throw new RangeError(`Counters only grow, by whole numbers, not by ${d.by}.`);
    if (d.counter.length === 0 || d.counter.length > 64)
      throw new RangeError(`A counter's name is 1 to 64 characters: ${JSON.stringify(d.counter)}.`);
    if (d.widgetId.length === 0 || d.agentId === '')
      throw new RangeError('A stats delta names a widget, and an agent by a non-empty id.');
  }
}

/** Whether `call` passes every filter of `query` (the cursor and the order aside). */
export function matchesCallQuery(call: CallRecord, query: CallListQuery): boolean {
  if (query.states && !query.states.includes(call.state)) return false;
  if (query.widgetId !== undefined && call.widgetId !== query.widgetId) return false;
  if (query.from !== undefined && call.createdAt < query.from) return false;
  if (query.to !== undefined && call.createdAt >= query.to) return false;
  if (query.phoneDigits && !call.to.includes(query.phoneDigits)) return false;
  if (query.agentId !== undefined && !callAgents(call).includes(query.agentId)) return false;
  return true;
}

/** The agents a call's attempts rang, each once. */
export function callAgents(call: CallRecord): string[] {
  return [...new Set(call.attempts.map((a) => a.agentId))];
}

/** Oldest first: by `createdAt`, then `id` (code-unit order, as SQLite and Redis compare). */
export function compareCallPosition(
  a: { createdAt: number; id: string },
  b: { createdAt: number; id: string },
): number {
  if (a.createdAt !== b.createdAt) return a.createdAt - b.createdAt;
  return compareText(a.id, b.id);
}

/** Whether `call` comes strictly after `query.after` in the query's order (always, without one). */
export function isAfterCursor(
  call: { createdAt: number; id: string },
  query: CallListQuery,
): boolean {
  if (!query.after) return true;
  const cmp = compareCallPosition(call, query.after);
  return query.order === 'oldest' ? cmp > 0 : cmp < 0;
}

/** The order `readStats` answers in: bucket, widget, agent (`null` first), counter. */
export function compareStatsRows(a: StatsRow, b: StatsRow): number {
  return (
    a.bucket - b.bucket ||
    compareText(a.widgetId, b.widgetId) ||
    (a.agentId === b.agentId
      ? 0
      : a.agentId === null
        ? -1
        : b.agentId === null
          ? 1
          : compareText(a.agentId, b.agentId)) ||
    compareText(a.counter, b.counter)
  );
}

/** Newest first: `at` desc, then `id` desc. */
export function compareAuditNewestFirst(
  a: { at: number; id: string },
  b: { at: number; id: string },
): number {
  return b.at - a.at || compareText(b.id, a.id);
}

function compareText(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
