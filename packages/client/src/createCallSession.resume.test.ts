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
import type { CallStorage } from './createCallMemory.js';
import { type CallSessionOptions, createCallSession } from './createCallSession.js';

const NOW = new Date('2026-11-27T13:42:00.000Z');
const KEY = `ringback:${ENDPOINT} support`;

beforeEach(() => {
  vi.useFakeTimers({ now: NOW });
  FakeEventSource.instances = [];
});
afterEach(() => {
  vi.useRealTimers();
});

type MemoryStorage = ReturnType<typeof memoryStorage>;

function setup(storage: CallStorage = memoryStorage(), options: Partial<CallSessionOptions> = {}) {
  const proxy = fakeProxy();
  const session = createCallSession({
    endpoint: `${ENDPOINT}/`,
    widgetId: 'support',
    fetch: proxy.fetch,
    EventSource: FakeEventSource as unknown as typeof EventSource,
    storage,
    pendingStorage: null,
    ...options,
  });
  return { proxy, session, storage: storage as MemoryStorage };
}
const settle = () => vi.advanceTimersByTimeAsync(0);
const saved = (id = CALL_ID, cancelToken?: string) =>
  memoryStorage({ [KEY]: JSON.stringify({ id, cancelToken }) });

describe('createCallSession: a live call survives a reload', () => {
  it('keeps the live call (id and cancel capability) by endpoint and widget, and drops it at the ending', async () => {
    const { proxy, session, storage } = setup();
    session.subscribe(() => {});
    proxy.queues.create.push(json(call('requested', { cancelToken: 'ct_1' }), 202));
    await session.submit({ phone: '9812345678' });
    expect(JSON.parse(storage.items.get(KEY)!)).toEqual({ id: CALL_ID, cancelToken: 'ct_1' });
    FakeEventSource.last.emit(call('completed'), '2');
    expect(storage.items.has(KEY)).toBe(false);
  });

  it('resumes following the call after a reload, asking the proxy for its state', async () => {
    const { proxy, session, storage } = setup(saved(CALL_ID, 'ct_1'));
    proxy.queues.get.push(json(call('dialing-you')));
    session.subscribe(() => {});
    await settle();
    expect(proxy.requests.at(-1)!.url).toBe(`${ENDPOINT}/v1/calls/${CALL_ID}`);
    expect(session.getSnapshot()).toMatchObject({ status: 'dialing-you' });
    expect(session.getSnapshot().call?.cancelToken).toBe('ct_1');
    expect(FakeEventSource.last.url).toBe(`${ENDPOINT}/v1/calls/${CALL_ID}/events`);
    FakeEventSource.last.emit(call('connected'), '3');
    expect(session.getSnapshot().status).toBe('connected');
    expect(storage.items.has(KEY)).toBe(true);
  });

  it.each([
    ['the call is over', json(call('completed'))],
    ['the proxy does not know it', problem('call_not_found', 404)],
  ])('forgets the call when %s, and stays idle', async (_, answer) => {
    const { proxy, session, storage } = setup(saved());
    proxy.queues.get.push(answer);
    session.subscribe(() => {});
    await settle();
    expect(session.getSnapshot()).toMatchObject({ status: 'idle', call: null, error: null });
    expect(storage.items.has(KEY)).toBe(false);
    expect(FakeEventSource.instances).toHaveLength(0);
  });

  it.each([
    ['not JSON', '{oops'],
    ['no id', '{"cancelToken":"ct_1"}'],
    ['a path for an id', '{"id":"../widgets/support"}'],
  ])('drops an entry that is %s without asking the proxy', async (_, raw) => {
    const { proxy, session, storage } = setup(memoryStorage({ [KEY]: raw }));
    session.subscribe(() => {});
    await settle();
    expect(proxy.requests.filter((r) => r.url.includes('/v1/calls'))).toHaveLength(0);
    expect(storage.items.has(KEY)).toBe(false);
  });

  it('keeps the entry when the proxy could not be reached, for the next page', async () => {
    const { proxy, session, storage } = setup(saved());
    proxy.queues.get.push(new TypeError('offline'));
    session.subscribe(() => {});
    await settle();
    expect(session.getSnapshot().status).toBe('idle');
    expect(storage.items.has(KEY)).toBe(true);
  });

  it('works where storage is blocked', async () => {
    const blocked = {
      getItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      setItem: () => {
        throw new DOMException('blocked', 'SecurityError');
      },
      removeItem: () => {},
    };
    const { proxy, session } = setup(blocked);
    session.subscribe(() => {});
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({ phone: '9812345678' });
    expect(session.getSnapshot().status).toBe('dialing-agent');
  });

  it('forgets the call on reset', async () => {
    const { proxy, session, storage } = setup();
    session.subscribe(() => {});
    proxy.queues.create.push(json(call('dialing-agent'), 202));
    await session.submit({ phone: '9812345678' });
    session.reset();
    expect(storage.items.has(KEY)).toBe(false);
  });

  it('says call_in_progress when the number already has a live call', async () => {
    const { proxy, session } = setup();
    session.subscribe(() => {});
    proxy.queues.create.push(problem('call_in_progress', 409));
    await session.submit({ phone: '9812345678' });
    expect(session.getSnapshot()).toMatchObject({ status: 'error', canRetry: false });
    expect(session.getSnapshot().error?.code).toBe('call_in_progress');
  });
});
