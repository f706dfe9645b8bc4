import type { AdminCall, StateFilter } from '../api/types.js';

/** What the console asks `listAdminCalls` (and the CSV export) for. */
export interface CallQuery {
  state?: StateFilter[];
  widgetId?: string;
  /** ISO instants: requested at or after `from`, before `to`. */
  from?: string;
  to?: string;
  /** Digits the number contains. */
  phone?: string;
  order: 'newest' | 'oldest';
}

/** The filter form's values: dates as `yyyy-mm-dd` in the operator's time zone. */
export interface CallFilterValues {
  state: StateFilter | '';
  widgetId: string;
  from: string;
  to: string;
  phone: string;
}

export const NO_FILTERS: CallFilterValues = {
  state: '',
  widgetId: '',
  from: '',
  to: '',
  phone: '',
};

/** The form's values as a query; `to` is inclusive in the form, so the query ends the day after. */
export function filtersToQuery(values: CallFilterValues): CallQuery {
  const query: CallQuery = { order: 'newest' };
  if (values.state) query.state = [values.state];
  if (values.widgetId.trim()) query.widgetId = values.widgetId.trim();
  if (values.from) query.from = new Date(`${values.from}T00:00`).toISOString();
  if (values.to) {
    const end = new Date(`${values.to}T00:00`);
    end.setDate(end.getDate() + 1);
    query.to = end.toISOString();
  }
  const digits = values.phone.replace(/\D/g, '');
  if (digits.length >= 3) query.phone = digits;
  return query;
}

/** The query as URL parameters (the CSV link), `state` repeated as the spec says. */
export function queryToSearchParams(query: CallQuery): URLSearchParams {
  const params = new URLSearchParams();
  for (const state of query.state ?? []) params.append('state', state);
  for (const key of ['widgetId', 'from', 'to', 'phone'] as const) {
    const value = query[key];
    if (value) params.set(key, value);
  }
  if (query.order !== 'newest') params.set('order', query.order);
  return params;
}

/** Whether a call the live feed brought belongs in a list made with `query`. */
export function matchesQuery(call: AdminCall, query: CallQuery): boolean {
  if (
    query.state?.length &&
    !query.state.some((state) =>
      state === 'missed' ? call.missedReason !== null : call.state === state,
    )
  ) {
    return false;
  }
  if (query.widgetId && call.widgetId !== query.widgetId) return false;
  const created = Date.parse(call.createdAt);
  if (query.from && created < Date.parse(query.from)) return false;
  if (query.to && created >= Date.parse(query.to)) return false;
  if (query.phone && !call.phone.replace(/\D/g, '').includes(query.phone)) return false;
  return true;
}

/**
 * `calls` with `call` merged in by id: a known call is replaced where it is; a new one
 * that matches is put in order, unless it sorts past the loaded pages (`complete`
 * false), where "Load more" will bring it. `added` says whether it was new.
 */
export function mergeCall(
  calls: readonly AdminCall[],
  call: AdminCall,
  query: CallQuery,
  complete: boolean,
): { calls: AdminCall[]; added: boolean } {
  const index = calls.findIndex((known) => known.id === call.id);
  if (index >= 0) return { calls: calls.with(index, call), added: false };
  if (!matchesQuery(call, query)) return { calls: [...calls], added: false };
  const created = Date.parse(call.createdAt);
  const sign = query.order === 'newest' ? -1 : 1;
  const at = calls.findIndex((known) => sign * (Date.parse(known.createdAt) - created) > 0);
  if (at < 0) {
    if (!complete) return { calls: [...calls], added: false };
    return { calls: [...calls, call], added: true };
  }
  return { calls: [...calls.slice(0, at), call, ...calls.slice(at)], added: true };
}
