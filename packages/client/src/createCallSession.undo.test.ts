import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CALL_ID,
  call,
  ENDPOINT,
  FakeEventSource,
  fakeProxy,
  json,
  memoryStorage,
  problem,
} from '../../../test/support/fakeProxy.js';
import { createCallSession } from './createCallSession.js';

const NOW = new Date('2026-11-27T13:42:00.000Z');
const DIAL_AT = new Date(NOW.getTime() + 10_000).toISOString();

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
  FakeEventSource.instances = [];
});
afterEach(() => {
  vi.useRealTimers();
});

/** A session whose call is held for 10 s before dialling. */
async function held() {
  const proxy = fakeProxy();
  const storage = memoryStorage();
  const session = createCallSession({
    endpoint: ENDPOINT,
    widgetId: 'support',
    fetch: proxy.fetch,
    EventSource: FakeEventSource as unknown as typeof EventSource,
    storage,
  });
  session.subscribe(() => {});
  proxy.queues.create.push(json(call('requested', { dialAt: DIAL_AT, cancelToken: 'ct_1' }), 202));
  await session.submit({ phone: '9812345678' });
  return { proxy, session, storage };
}

describe('createCallSession: the undo window', () => {
  it('offers undo while the call is held, and cancels it with the cancel token', async () => {
    const { proxy, session, storage } = await held();
    expect(session.getSnapshot()).toMatchObject({ status: 'requested', canUndo: true });
    // News of the call (without the token) keeps the capability.
    FakeEventSource.last.emit(call('requested', { dialAt: DIAL_AT }), '1');
    expect(session.getSnapshot().canUndo).toBe(true);

    proxy.queues.cancel.push(json(call('canceled')));
    await session.undo();
    const [cancel] = proxy.cancels();
    expect(cancel!.url).toBe(`${ENDPOINT}/v1/calls/${CALL_ID}`);
    expect(cancel!.headers.get('Authorization')).toBe('Bearer ct_1');
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', call: null, canUndo: false });
    // The number is kept for the form.
    expect(session.getSnapshot().phone?.e164).toBe('+919812345678');
    expect(FakeEventSource.last.readyState).toBe(FakeEventSource.CLOSED);
    expect(storage.items.size).toBe(0);
  });

  it('closes the window at dialAt', async () => {
    const { session, proxy } = await held();
    await vi.advanceTimersByTimeAsync(10_000);
    expect(session.getSnapshot().canUndo).toBe(false);
    await session.undo();
    expect(proxy.cancels()).toHaveLength(0);
  });

  it('lets the call go on when dialling already started (call_not_cancelable)', async () => {
    const { session, proxy } = await held();
    proxy.queues.cancel.push(problem('call_not_cancelable', 409));
    await session.undo();
    expect(session.getSnapshot()).toMatchObject({
      status: 'requested',
      canUndo: false,
      error: null,
    });
    FakeEventSource.last.emit(call('dialing-agent'), '2');
    expect(session.getSnapshot()).toMatchObject({ status: 'dialing-agent', canUndo: false });
  });

  it('keeps the undo when the cancel got no answer', async () => {
    const { session, proxy } = await held();
    proxy.queues.cancel.push(new TypeError('offline'));
    await session.undo();
    expect(session.getSnapshot()).toMatchObject({ status: 'requested', canUndo: true });
  });

  it('has no undo without a window', async () => {
    const proxy = fakeProxy();
    const session = createCallSession({
      endpoint: ENDPOINT,
      widgetId: 'support',
      fetch: proxy.fetch,
      EventSource: null,
      storage: null,
    });
    session.subscribe(() => {});
    proxy.queues.create.push(json(call('dialing-agent', { cancelToken: 'ct_1' }), 202));
    proxy.queues.get.push(json(call('dialing-agent')));
    await session.submit({ phone: '9812345678' });
    expect(session.getSnapshot().canUndo).toBe(false);
  });
});
