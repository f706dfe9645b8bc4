import { useCallback, useEffect, useRef, useState } from 'react';
import { type Failure, settle } from '../api/result.js';
import type { AdminCall } from '../api/types.js';
import { type CallQuery, mergeCall } from '../live/callQuery.js';
import { useLiveCalls, useLiveResync, useServices } from '../shell/ConsoleServices.js';

export interface CallList {
  calls: AdminCall[];
  /** More calls to load with "Load more"; `null` when every page is here. */
  nextCursor: string | null;
  status: 'loading' | 'ready' | 'failed';
  failure: Failure | null;
  loadingMore: boolean;
}

const PAGE = 50;
const EMPTY: CallList = {
  calls: [],
  nextCursor: null,
  status: 'loading',
  failure: null,
  loadingMore: false,
};

/**
 * A list of calls from `listAdminCalls`, kept live: each call the feed brings replaces
 * its row or, new and matching `query`, takes its place in order (`onAdded` counts
 * those). Changes that arrive while a page loads are applied after it. A reconnected
 * feed reloads the first page.
 */
export function useCallList(query: CallQuery, onAdded?: (count: number) => void) {
  const { api } = useServices();
  const [list, setList] = useState<CallList>(EMPTY);
  const current = useRef(list);
  const early = useRef<AdminCall[]>([]);
  const run = useRef(0);
  const key = JSON.stringify(query);
  const latestQuery = useRef(query);
  latestQuery.current = query;

  const commit = useCallback((next: CallList) => {
    current.current = next;
    setList(next);
  }, []);

  const merge = useCallback(
    (base: CallList, calls: AdminCall[]): CallList => {
      let merged = base.calls;
      let added = 0;
      for (const call of calls) {
        const result = mergeCall(merged, call, latestQuery.current, base.nextCursor === null);
        merged = result.calls;
        if (result.added) added++;
      }
      if (added) onAdded?.(added);
      return { ...base, calls: merged };
    },
    [onAdded],
  );

  const fetchPage = useCallback(
    (cursor?: string) => {
      const { order, ...filters } = latestQuery.current;
      return settle(
        api.client.GET('/v1/admin/calls', {
          params: { query: { ...filters, order, limit: PAGE, ...(cursor ? { cursor } : {}) } },
        }),
      );
    },
    [api],
  );

  const load = useCallback(async () => {
    const mine = ++run.current;
    early.current = [];
    const result = await fetchPage();
    if (mine !== run.current) return;
    const pending = early.current;
    early.current = [];
    if (!result.ok) return commit({ ...current.current, status: 'failed', failure: result });
    const page: CallList = {
      calls: result.data.calls,
      nextCursor: result.data.nextCursor,
      status: 'ready',
      failure: null,
      loadingMore: false,
    };
    // Replayed quietly: a call that changed while the page loaded is not news.
    let merged = page.calls;
    for (const call of pending)
      merged = mergeCall(merged, call, latestQuery.current, page.nextCursor === null).calls;
    commit({ ...page, calls: merged });
  }, [fetchPage, commit]);

  // biome-ignore lint/correctness/useExhaustiveDependencies: `key` stands for the query
  useEffect(() => {
    commit(EMPTY);
    void load();
    return () => {
      run.current++;
    };
  }, [key, load, commit]);

  const loadMore = useCallback(async () => {
    const before = current.current;
    if (!before.nextCursor || before.loadingMore) return;
    commit({ ...before, loadingMore: true });
    const mine = run.current;
    const result = await fetchPage(before.nextCursor);
    if (mine !== run.current) return;
    const now = current.current;
    if (!result.ok) return commit({ ...now, loadingMore: false, failure: result });
    const known = new Set(now.calls.map((call) => call.id));
    commit({
      ...now,
      calls: [...now.calls, ...result.data.calls.filter((call) => !known.has(call.id))],
      nextCursor: result.data.nextCursor,
      loadingMore: false,
      failure: null,
    });
  }, [fetchPage, commit]);

  useLiveCalls((call) => {
    if (current.current.status === 'loading') early.current.push(call);
    else commit(merge(current.current, [call]));
  });
  useLiveResync(() => void load());

  return { ...list, loadMore, reload: load };
}
