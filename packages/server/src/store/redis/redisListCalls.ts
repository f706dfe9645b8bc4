import type { CallListQuery, CallRecord } from '../../domain/Store.js';
import { fromStoredCall } from '../../domain/storedCall.js';
import { checkCallListQuery, compareCallPosition, matchesCallQuery } from '../callListQuery.js';
import type { RedisSession } from './openRedisSession.js';
import { listingMember } from './redisCalls.js';

/** The most members one round trip reads from a listing. */
const MAX_BATCH = 1000;

/** The listing that answers a query best: one per state (merged), else agent, widget or time. */
function listings(session: RedisSession, query: CallListQuery): string[] {
  const { keys } = session;
  const { widgetId, agentId } = query;
  if (query.states) {
    return [...new Set(query.states)].map((state) =>
      widgetId !== undefined ? keys.byWidgetState(widgetId, state) : keys.byState(state),
    );
  }
  if (agentId !== undefined) return [keys.byAgent(agentId)];
  if (widgetId !== undefined) return [keys.byWidget(widgetId)];
  return [keys.byTime];
}

/**
 * The lexicographic range of a query over a listing, both ends exclusive (`(`) or open
 * (`-`/`+`): members read `<createdAt, 15 digits>:<id>`, and `<t, 15 digits>:` sorts before
 * every member created at `t`.
 */
function range(query: CallListQuery): { low: string; high: string } {
  let low = query.from === undefined ? '-' : `(${listingMember(query.from, '')}`;
  let high = query.to === undefined ? '+' : `(${listingMember(query.to, '')}`;
  if (query.after) {
    const cursor = `(${listingMember(query.after.createdAt, query.after.id)}`;
    if (query.order === 'oldest') {
      if (low === '-' || cursor > low) low = cursor;
    } else if (high === '+' || cursor < high) high = cursor;
  }
  return { low, high };
}

/**
 * One listing's calls in the query's order, at most `limit`, every filter checked on the
 * stored record: the listing narrows the range, the record decides. Reads a batch of members
 * with their records at a time (one script, one round trip), until the page is full or the
 * range ends.
 */
async function readListing(
  session: RedisSession,
  key: string,
  query: CallListQuery,
): Promise<CallRecord[]> {
  const newest = query.order !== 'oldest';
  let { low, high } = range(query);
  const found: CallRecord[] = [];
  let batch = Math.min(Math.max(query.limit, 50), MAX_BATCH);
  for (;;) {
    if (low !== '-' && high !== '+' && low >= high) return found;
    const [start, end] = newest ? [high, low] : [low, high];
    const reply = (await session.script(
      'ringbackReadListing',
      [key],
      [session.keys.tag, start, end, batch, newest ? '1' : '0'],
    )) as (string | null)[];
    const members = reply.length / 2;
    for (let i = 0; i < reply.length; i += 2) {
      const data = reply[i + 1];
      if (typeof data !== 'string') continue; // purged meanwhile
      const call = fromStoredCall(data);
      if (matchesCallQuery(call, query)) {
        found.push(call);
        if (found.length === query.limit) return found;
      }
    }
    if (members < batch) return found;
    const last = `(${reply[reply.length - 2]!}`;
    if (newest) high = last;
    else low = last;
    batch = Math.min(batch * 2, MAX_BATCH);
  }
}

/**
 * `Store.listCalls` in Redis: a lexicographic range over the listing of the query's most
 * selective indexed filter, the others (and `phoneDigits`, which no sorted set can index)
 * checked on each record read. Several states are read side by side and merged.
 */
export async function listRedisCalls(
  session: RedisSession,
  query: CallListQuery,
): Promise<CallRecord[]> {
  checkCallListQuery(query);
  if (query.states?.length === 0) return [];
  const pages = await Promise.all(
    listings(session, query).map((key) => readListing(session, key, query)),
  );
  if (pages.length === 1) return pages[0]!;
  const sign = query.order === 'oldest' ? 1 : -1;
  const byId = new Map(pages.flat().map((call) => [call.id, call]));
  return [...byId.values()].sort((a, b) => sign * compareCallPosition(a, b)).slice(0, query.limit);
}
