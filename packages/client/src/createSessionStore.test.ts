import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { call, WIDGET } from '../../../test/support/fakeProxy.js';
import type { CallSessionSnapshot } from './CallSession.js';
import { CallSessionError } from './CallSessionError.js';
import { canRetry, createSessionStore } from './createSessionStore.js';

const NOW = new Date('2026-11-27T13:42:00.000Z');

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
});
afterEach(() => {
  vi.useRealTimers();
});

function setup() {
  const store = createSessionStore();
  const seen: CallSessionSnapshot[] = [];
  store.listeners.add((snapshot) => seen.push(snapshot));
  return { store, seen };
}

describe('createSessionStore', () => {
  it('replaces the snapshot on each change and tells the listeners', () => {
    const { store, seen } = setup();
    const before = store.getSnapshot();
    store.set({ status: 'validating' });
    expect(store.getSnapshot()).not.toBe(before);
    expect(before.status).toBe('idle');
    expect(seen.map((s) => s.status)).toEqual(['validating']);
  });

  it('turns canRetry on when a rate limit is over', async () => {
    const { store } = setup();
    const retryAt = new Date(NOW.getTime() + 30_000);
    store.fail(new CallSessionError({ code: 'rate_limited', message: '', status: 429, retryAt }));
    expect(store.getSnapshot()).toMatchObject({ status: 'error', canRetry: false });
    await vi.advanceTimersByTimeAsync(30_000);
    expect(store.getSnapshot().canRetry).toBe(true);
  });

  it('never moves a call backwards, and lets the first ending stand', () => {
    const { store } = setup();
    store.applyCall(call('unknown'));
    store.applyCall(call('requested'));
    expect(store.getSnapshot().status).toBe('unknown');
    store.applyCall(call('connected'));
    store.applyCall(call('dialing-you'));
    expect(store.getSnapshot().status).toBe('connected');
    store.applyCall(call('completed'));
    expect(store.getSnapshot()).toMatchObject({ status: 'completed', transport: null });
  });

  it('exposes the agent being tried, and never goes back to one who missed the call', () => {
    const { store } = setup();
    expect(store.getSnapshot()).toMatchObject({ attempt: 0, maxAttempts: 0, agentName: null });
    const first = { attempt: 1, maxAttempts: 3, agentName: 'Priya' };
    store.applyCall(call('dialing-agent', first));
    expect(store.getSnapshot()).toMatchObject(first);
    const second = { attempt: 2, maxAttempts: 3, agentName: 'Arjun' };
    store.applyCall(call('dialing-agent', second));
    // A late poll of the first attempt.
    store.applyCall(call('dialing-agent', first));
    expect(store.getSnapshot()).toMatchObject({ status: 'dialing-agent', ...second });
    store.set({ call: null });
    expect(store.getSnapshot()).toMatchObject({ attempt: 0, maxAttempts: 0, agentName: null });
  });

  it('takes any news of the call after an error', () => {
    const { store } = setup();
    store.applyCall(call('connected'));
    store.fail(new CallSessionError({ code: 'network_error', message: '' }));
    store.applyCall(call('dialing-you'));
    expect(store.getSnapshot()).toMatchObject({ status: 'dialing-you', error: null });
  });

  it('reads a closed widget and reloads it when it opens, only while someone listens', async () => {
    const nextOpening = '2026-11-27T14:00:00.000Z';
    const closed = { ...WIDGET, open: false, nextOpening };
    const reload = vi.fn();
    const quiet = createSessionStore();
    quiet.applyWidget(closed, reload);
    expect(quiet.getSnapshot()).toMatchObject({ open: false, nextOpening: new Date(nextOpening) });

    const { store } = setup();
    store.applyWidget(closed, reload);
    await vi.advanceTimersByTimeAsync(18 * 60_000);
    expect(reload).toHaveBeenCalledTimes(1);
  });

  it('drops every change and timer once disposed', async () => {
    const { store, seen } = setup();
    const fn = vi.fn();
    store.schedule(new Date(NOW.getTime() + 1000), fn);
    store.dispose();
    store.set({ status: 'validating' });
    await vi.advanceTimersByTimeAsync(1000);
    expect(fn).not.toHaveBeenCalled();
    expect(seen).toEqual([]);
    expect(store.disposed).toBe(true);
  });
});

describe('canRetry', () => {
  const snapshot = createSessionStore().getSnapshot();

  it.each([
    ['completed', false],
    ['ended', false],
    ['busy', true],
    ['canceled', true],
    ['dialing-you', false],
  ] as const)('%s: %s', (status, expected) => {
    expect(canRetry({ ...snapshot, status })).toBe(expected);
  });

  it('retries a widget that failed to load even when the error is final', () => {
    const error = new CallSessionError({ code: 'widget_not_found', message: '', status: 404 });
    expect(canRetry({ ...snapshot, status: 'error', error })).toBe(true);
    expect(canRetry({ ...snapshot, status: 'error', error, widget: WIDGET })).toBe(false);
  });
});
