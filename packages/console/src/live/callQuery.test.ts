import { describe, expect, it } from 'vitest';
import { makeCall, makeMissed } from '../test/fixtures.js';
import {
  type CallQuery,
  filtersToQuery,
  matchesQuery,
  mergeCall,
  NO_FILTERS,
  queryToSearchParams,
} from './callQuery.js';

const at = (hour: number) => `2027-03-10T${String(hour).padStart(2, '0')}:00:00.000Z`;
const NEWEST: CallQuery = { order: 'newest' };

describe('mergeCall', () => {
  const list = [makeCall({ createdAt: at(9) }), makeCall({ createdAt: at(7) })];

  it('replaces a known call where it is', () => {
    const changed = { ...list[1]!, state: 'busy' as const };
    const { calls, added } = mergeCall(list, changed, NEWEST, true);
    expect(added).toBe(false);
    expect(calls.map((c) => c.state)).toEqual(['completed', 'busy']);
  });

  it('puts a new call in order, newest or oldest first', () => {
    const middle = makeCall({ createdAt: at(8) });
    expect(mergeCall(list, middle, NEWEST, true).calls[1]).toBe(middle);
    const oldest = [...list].reverse();
    expect(mergeCall(oldest, middle, { order: 'oldest' }, true).calls[1]).toBe(middle);
  });

  it('leaves a new call past the loaded pages to "Load more"', () => {
    const older = makeCall({ createdAt: at(6) });
    expect(mergeCall(list, older, NEWEST, false)).toEqual({ calls: list, added: false });
    expect(mergeCall(list, older, NEWEST, true).calls.at(-1)).toBe(older);
  });

  it('skips a new call the filters leave out', () => {
    const query: CallQuery = { order: 'newest', state: ['missed'] };
    expect(mergeCall(list, makeCall({ createdAt: at(10) }), query, true).added).toBe(false);
    expect(mergeCall(list, makeMissed({ createdAt: at(10) }), query, true).added).toBe(true);
  });
});

describe('matchesQuery', () => {
  it('applies state, widget, range and digits of the number together', () => {
    const call = makeMissed({ widgetId: 'sales', phone: '+919812345678', createdAt: at(8) });
    expect(matchesQuery(call, { order: 'newest', state: ['missed', 'busy'] })).toBe(true);
    expect(matchesQuery(call, { order: 'newest', state: ['completed'] })).toBe(false);
    expect(matchesQuery(call, { order: 'newest', widgetId: 'support' })).toBe(false);
    expect(matchesQuery(call, { order: 'newest', from: at(8), to: at(9) })).toBe(true);
    expect(matchesQuery(call, { order: 'newest', to: at(8) })).toBe(false);
    expect(matchesQuery(call, { order: 'newest', phone: '2345' })).toBe(true);
    expect(matchesQuery(call, { order: 'newest', phone: '5555' })).toBe(false);
  });
});

describe('filtersToQuery and queryToSearchParams', () => {
  it('turns the form into the spec’s parameters, the end day included', () => {
    const query = filtersToQuery({
      state: 'missed',
      widgetId: ' support ',
      from: '2027-03-01',
      to: '2027-03-02',
      phone: '98 12',
    });
    expect(query).toEqual({
      order: 'newest',
      state: ['missed'],
      widgetId: 'support',
      from: new Date('2027-03-01T00:00').toISOString(),
      to: new Date('2027-03-03T00:00').toISOString(),
      phone: '9812',
    });
    expect(queryToSearchParams(query).toString()).toBe(
      `state=missed&widgetId=support&from=${encodeURIComponent(query.from!)}&to=${encodeURIComponent(query.to!)}&phone=9812`,
    );
  });

  it('sends no filter for an empty form, or for fewer than three digits', () => {
    expect(filtersToQuery(NO_FILTERS)).toEqual({ order: 'newest' });
    expect(filtersToQuery({ ...NO_FILTERS, phone: '98' })).toEqual({ order: 'newest' });
  });
});
