// The filters `listAdminCalls` and `exportAdminCalls` share, from the query to a
// `CallListQuery`.
import { CALL_ID } from '../domain/callId.js';
import { CALL_STATES, type CallState } from '../domain/callState.js';
import { MISSED_REASONS } from '../domain/callStats.js';
import type { CallListQuery } from '../domain/Store.js';
import { asciiDigits } from '../policies/asciiDigits.js';
import { type AdminQuery, positionReader } from './adminQuery.js';

export const ID_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/;

const STATES: readonly string[] = CALL_STATES;

/** The parameters both read. */
export const FILTER_PARAMS = ['state', 'widgetId', 'agentId', 'from', 'to', 'phone', 'order'];

export type CallFilters = Omit<CallListQuery, 'after' | 'limit'>;

export const readCallPosition = positionReader('createdAt', CALL_ID);

/** The filters of a calls query; problems are collected in `query`. */
export function readCallFilters(query: AdminQuery): CallFilters {
  const filters: CallFilters = {};
  const states = query.all('state');
  if (states.length > 16) query.problem('state', 'must be given at most 16 times');
  else if (states.length > 0) {
    const chosen = new Set<CallState>();
    for (const state of states) {
      if (state === 'missed') for (const reason of MISSED_REASONS) chosen.add(reason);
      else if (STATES.includes(state)) chosen.add(state as CallState);
      else
        query.problem('state', `${JSON.stringify(state.slice(0, 40))} is not a state or "missed"`);
    }
    filters.states = [...chosen];
  }
  const widgetId = query.matching('widgetId', ID_PATTERN, 'must be a widget id');
  if (widgetId) filters.widgetId = widgetId;
  const agentId = query.matching('agentId', ID_PATTERN, 'must be an agent id');
  if (agentId) filters.agentId = agentId;
  const from = query.instant('from');
  if (from !== undefined) filters.from = from;
  const to = query.instant('to');
  if (to !== undefined) filters.to = to;
  if (from !== undefined && to !== undefined && to <= from)
    query.problem('to', 'must be after from');
  const phone = query.text('phone', 32);
  if (phone !== undefined) {
    const digits = asciiDigits(phone).replace(/\D/g, '');
    if (digits.length < 3 || digits.length > 15)
      query.problem('phone', 'must hold 3 to 15 digits (other characters are ignored)');
    else filters.phoneDigits = digits;
  }
  const order = query.choice('order', ['newest', 'oldest']);
  if (order) filters.order = order;
  return filters;
}
