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
  WIDGET,
} from '../../../test/support/fakeProxy.js';
import type { CallStorage } from './createCallMemory.js';
import { type CallSessionOptions, createCallSession } from './createCallSession.js';
import type { SlotList, Widget } from './types.js';

const NOW = new Date('2026-11-27T13:42:00.000Z');
const KEY = `ringback:${ENDPOINT} support`;
const SLOT = '2026-11-28T04:30:00.000Z';
const SLOTS: SlotList = {
  widgetId: 'support',
  timeZone: 'Asia/Kolkata',
  slotMinutes: 30,
  slots: [{ start: SLOT, end: '2026-11-28T05:00:00.000Z' }],
};
/** Closed now, opening tomorrow, with slots to book. */
const CLOSED: Widget = {
  ...WIDGET,
  open: false,
  nextOpening: '2026-11-28T04:30:00.000Z',
  timeZone: 'Asia/Kolkata',
  schedule: { slotMinutes: 30, daysAhead: 3 },
};
const booked = (extra = {}) =>
  call('scheduled', { scheduledFor: SLOT, dialAt: SLOT, cancelToken: 'ct_1', ...extra });

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
  FakeEventSource.instances = [];
});
afterEach(() => {
  vi.useRealTimers();
});

type MemoryStorage = ReturnType<typeof memoryStorage>;

function setup(
  { widget = CLOSED, live = memoryStorage(), pending = memoryStorage(), get = [] } = {} as {
    widget?: Widget;
    live?: CallStorage;
    pending?: CallStorage | null;
    /** What the proxy answers a resumed call's read with. */
    get?: Response[];
  },
  options: Partial<CallSessionOptions> = {},
) {
  const proxy = fakeProxy(widget);
  proxy.queues.get.push(...get);
  const session = createCallSession({
    endpoint: ENDPOINT,
    widgetId: 'support',
    fetch: proxy.fetch,
    EventSource: FakeEventSource as unknown as typeof EventSource,
    storage: live,
    pendingStorage: pending,
    ...options,
  });
  session.subscribe(() => {});
  return {
    proxy,
    session,
    live: live as MemoryStorage,
    pending: pending as MemoryStorage,
  };
}
const settle = () => vi.advanceTimersByTimeAsync(0);

describe('createCallSession: callback slots', () => {
  it('reads the free slots into the snapshot', async () => {
    const { proxy, session } = setup();
    proxy.queues.slots.push(json(SLOTS));
    await expect(session.loadSlots(2)).resolves.toBeNull();
    expect(proxy.requests.at(-1)!.url).toBe(`${ENDPOINT}/v1/widgets/support/slots?days=2`);
    expect(session.getSnapshot().slots).toEqual(SLOTS);
  });

  it('says why there are none, and offers none, when the proxy refuses or cannot be reached', async () => {
    const { proxy, session } = setup();
    proxy.queues.slots.push(json(SLOTS), problem('scheduling_disabled', 403));
    await session.loadSlots();
    await expect(session.loadSlots()).resolves.toMatchObject({ code: 'scheduling_disabled' });
    expect(session.getSnapshot().slots).toBeNull();
    proxy.queues.slots.push(new TypeError('offline'));
    await expect(session.loadSlots()).resolves.toMatchObject({ code: 'network_error' });
  });

  it('books a slot while closed: sends scheduledFor and shows the call scheduled', async () => {
    const { proxy, session } = setup();
    await settle();
    expect(session.getSnapshot().open).toBe(false);
    proxy.queues.create.push(json(booked(), 202));
    await session.submit({ phone: '98123 45678', scheduledFor: SLOT });
    expect(proxy.creates()[0]!.body).toMatchObject({ phone: '+919812345678', scheduledFor: SLOT });
    expect(session.getSnapshot()).toMatchObject({ status: 'scheduled', canUndo: true });
    expect(session.getSnapshot().call?.scheduledFor).toBe(SLOT);
    // A call now is still refused while closed, without asking the proxy.
    session.reset();
    await session.submit({ phone: '98123 45678' });
    expect(session.getSnapshot().error?.code).toBe('closed');
    expect(proxy.creates()).toHaveLength(1);
  });

  it('tells a slot that was taken meanwhile as its own problem', async () => {
    const { proxy, session } = setup();
    proxy.queues.create.push(problem('slot_unavailable', 409));
    await session.submit({ phone: '98123 45678', scheduledFor: SLOT });
    expect(session.getSnapshot()).toMatchObject({ status: 'error', canRetry: false });
    expect(session.getSnapshot().error?.code).toBe('slot_unavailable');
  });
});

describe('createCallSession: a pending callback is remembered across visits', () => {
  it('keeps a booked callback in the pending storage (not the tab’s), and forgets it at the ending', async () => {
    const { proxy, session, live, pending } = setup();
    proxy.queues.create.push(json(booked(), 202));
    await session.submit({ phone: '98123 45678', scheduledFor: SLOT });
    expect(JSON.parse(pending.items.get(KEY)!)).toEqual({
      id: CALL_ID,
      cancelToken: 'ct_1',
      scheduledFor: SLOT,
    });
    expect(live.items.has(KEY)).toBe(false);
    // Its time came: the call is live, and kept for the tab as any live call.
    FakeEventSource.last.emit(call('dialing-agent', { scheduledFor: SLOT }), '2');
    expect(pending.items.has(KEY)).toBe(false);
    expect(JSON.parse(live.items.get(KEY)!)).toMatchObject({ id: CALL_ID, cancelToken: 'ct_1' });
    FakeEventSource.last.emit(call('completed', { scheduledFor: SLOT }), '3');
    expect(live.items.size + pending.items.size).toBe(0);
  });

  it('moves a missed call that will be retried to the pending storage', async () => {
    const { proxy, session, live, pending } = setup({ widget: WIDGET });
    proxy.queues.create.push(json(call('dialing-agent', { cancelToken: 'ct_2' }), 202));
    await session.submit({ phone: '98123 45678' });
    expect(live.items.has(KEY)).toBe(true);
    const retryAt = '2026-11-27T14:15:00.000Z';
    FakeEventSource.last.emit(call('retry-scheduled', { retryAt, dialAt: retryAt }), '2');
    expect(session.getSnapshot()).toMatchObject({ status: 'retry-scheduled', canUndo: true });
    expect(session.getSnapshot().call?.retryAt).toBe(retryAt);
    expect(live.items.has(KEY)).toBe(false);
    expect(JSON.parse(pending.items.get(KEY)!)).toMatchObject({ id: CALL_ID, cancelToken: 'ct_2' });
    // A late word of the round that missed changes nothing.
    FakeEventSource.last.emit(call('dialing-you'), '2');
    expect(session.getSnapshot().status).toBe('retry-scheduled');
    // It rings again, and the visitor is still following it.
    FakeEventSource.last.emit(call('requested', { attempt: 2 }), '3');
    expect(session.getSnapshot().status).toBe('requested');
  });

  it('shows the pending callback to a visitor who comes back, and cancels it with its token', async () => {
    const pending = memoryStorage({
      [KEY]: JSON.stringify({ id: CALL_ID, cancelToken: 'ct_1', scheduledFor: SLOT }),
    });
    const { proxy, session } = setup({
      pending,
      get: [json(booked({ cancelToken: undefined }))],
    });
    await settle();
    expect(session.getSnapshot()).toMatchObject({ status: 'scheduled', canUndo: true });
    expect(session.getSnapshot().call?.cancelToken).toBe('ct_1');

    proxy.queues.cancel.push(json(call('canceled', { scheduledFor: SLOT })));
    await session.undo();
    const [cancel] = proxy.cancels();
    expect(cancel!.url).toBe(`${ENDPOINT}/v1/calls/${CALL_ID}`);
    expect(cancel!.headers.get('Authorization')).toBe('Bearer ct_1');
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', call: null });
    expect(pending.items.has(KEY)).toBe(false);
  });

  it('forgets a callback that expired while the visitor was away, and says so', async () => {
    const pending = memoryStorage({ [KEY]: JSON.stringify({ id: CALL_ID, cancelToken: 'ct_1' }) });
    const { session } = setup({ pending, get: [json(call('expired', { scheduledFor: SLOT }))] });
    await settle();
    expect(pending.items.has(KEY)).toBe(false);
    // Not followed: a final call from storage is not news to show.
    expect(session.getSnapshot().status).toBe('idle');
  });

  it('follows an expiry that happens while the visitor watches, without offering to try the slot again', async () => {
    const { proxy, session, pending } = setup();
    proxy.queues.create.push(json(booked(), 202));
    await session.submit({ phone: '98123 45678', scheduledFor: SLOT });
    FakeEventSource.last.emit(call('expired', { scheduledFor: SLOT }), '2');
    expect(session.getSnapshot()).toMatchObject({
      status: 'expired',
      canRetry: false,
      canUndo: false,
    });
    expect(pending.items.has(KEY)).toBe(false);
  });

  it.each([
    ['absent', null],
    [
      'throwing',
      {
        getItem: () => {
          throw new DOMException('blocked', 'SecurityError');
        },
        setItem: () => {
          throw new DOMException('blocked', 'SecurityError');
        },
        removeItem: () => {
          throw new DOMException('blocked', 'SecurityError');
        },
      },
    ],
  ])('books and cancels where the pending storage is %s', async (_, pending) => {
    const { proxy, session } = setup({ pending });
    await settle();
    proxy.queues.create.push(json(booked(), 202));
    await session.submit({ phone: '98123 45678', scheduledFor: SLOT });
    expect(session.getSnapshot().status).toBe('scheduled');
    proxy.queues.cancel.push(json(call('canceled')));
    await session.undo();
    expect(session.getSnapshot().status).toBe('idle');
  });

  it('uses localStorage by default, and survives a page where reading it throws', async () => {
    const proxy = fakeProxy(CLOSED);
    const storage = memoryStorage();
    vi.stubGlobal('localStorage', storage);
    try {
      const session = createCallSession({
        endpoint: ENDPOINT,
        widgetId: 'support',
        fetch: proxy.fetch,
        EventSource: FakeEventSource as unknown as typeof EventSource,
        storage: null,
      });
      session.subscribe(() => {});
      proxy.queues.create.push(json(booked(), 202));
      await session.submit({ phone: '98123 45678', scheduledFor: SLOT });
      expect(storage.items.has(KEY)).toBe(true);
      Object.defineProperty(globalThis, 'localStorage', {
        configurable: true,
        get() {
          throw new DOMException('blocked', 'SecurityError');
        },
      });
      const blocked = createCallSession({
        endpoint: ENDPOINT,
        widgetId: 'support',
        fetch: proxy.fetch,
      });
      expect(() => blocked.subscribe(() => {})).not.toThrow();
    } finally {
      vi.unstubAllGlobals();
      delete (globalThis as { localStorage?: unknown }).localStorage;
    }
  });
});
