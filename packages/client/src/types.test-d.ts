import type { Client } from 'openapi-fetch';
import { describe, expectTypeOf, it } from 'vitest';
import { createRingbackClient, type paths } from './api.js';
import {
  type Call,
  type CallSessionError,
  type CallSessionErrorCode,
  type CallSessionSnapshot,
  type CallSessionStatus,
  createCallSession,
  type FinalCallState,
  type ParsedPhoneNumber,
  parsePhoneNumber,
  type SlotList,
  type Widget,
} from './index.js';

const session = createCallSession({ endpoint: 'https://example.com', widgetId: 'support' });

describe('createCallSession types', () => {
  it('requires an endpoint and a widget id', () => {
    // @ts-expect-error widgetId is required
    createCallSession({ endpoint: 'https://example.com' });
    // @ts-expect-error endpoint is required
    createCallSession({ widgetId: 'support' });
    // @ts-expect-error EventSource is a constructor or null
    createCallSession({ endpoint: 'e', widgetId: 'w', EventSource: 'sse' });
    createCallSession({ endpoint: 'e', widgetId: 'w', EventSource: null, pollIntervalMs: 500 });
  });

  it('exposes a snapshot any framework can bind to', () => {
    expectTypeOf(session.getSnapshot).returns.toEqualTypeOf<CallSessionSnapshot>();
    expectTypeOf(session.subscribe).returns.toEqualTypeOf<() => void>();
    expectTypeOf<CallSessionSnapshot['widget']>().toEqualTypeOf<Widget | null>();
    expectTypeOf<CallSessionSnapshot['call']>().toEqualTypeOf<Call | null>();
    expectTypeOf<CallSessionSnapshot['nextOpening']>().toEqualTypeOf<Date | null>();
  });

  it('books callbacks: slots in the snapshot, scheduledFor on submit, failures as values', () => {
    expectTypeOf<CallSessionSnapshot['slots']>().toEqualTypeOf<SlotList | null>();
    expectTypeOf<SlotList['slots'][number]>().toEqualTypeOf<{ start: string; end: string }>();
    expectTypeOf(session.loadSlots).parameter(0).toEqualTypeOf<number | undefined>();
    expectTypeOf(session.loadSlots).returns.resolves.toEqualTypeOf<CallSessionError | null>();
    session.submit({ phone: '98123 45678', scheduledFor: '2026-11-28T04:30:00.000Z' });
    // @ts-expect-error a slot's start, as the proxy gave it: a string
    session.submit({ phone: '98123 45678', scheduledFor: new Date() });
    createCallSession({
      endpoint: 'e',
      widgetId: 'w',
      storage: null,
      pendingStorage: localStorage,
    });
  });

  it('spells every status the issue lists', () => {
    expectTypeOf<
      | 'idle'
      | 'validating'
      | 'submitting'
      | 'scheduled'
      | 'retry-scheduled'
      | 'requested'
      | 'unknown'
      | 'dialing-agent'
      | 'dialing-you'
      | 'connected'
      | FinalCallState
      | 'error'
    >().toEqualTypeOf<CallSessionStatus>();
    expectTypeOf<FinalCallState>().toEqualTypeOf<
      | 'completed'
      | 'agent-unavailable'
      | 'not-answered'
      | 'busy'
      | 'failed'
      | 'canceled'
      | 'ended'
      | 'expired'
    >();
  });

  it('types error codes from the spec plus the browser-side ones', () => {
    expectTypeOf<'rate_limited'>().toExtend<CallSessionErrorCode>();
    expectTypeOf<'network_error'>().toExtend<CallSessionErrorCode>();
    // @ts-expect-error not a code
    const code: CallSessionErrorCode = 'oops';
    void code;
  });

  it('takes a phone string and an optional country on submit', () => {
    session.submit({ phone: '98123 45678' });
    session.submit({ phone: '98123 45678', country: 'IN', verificationToken: 't' });
    // @ts-expect-error phone is required
    session.submit({ country: 'IN' });
  });
});

describe('phone and API types', () => {
  it('parses into a typed result', () => {
    expectTypeOf(parsePhoneNumber('1', { country: 'IN' })).toEqualTypeOf<ParsedPhoneNumber>();
    // @ts-expect-error country is required
    parsePhoneNumber('1', {});
  });

  it('gives an openapi-fetch client over the generated paths', () => {
    expectTypeOf(createRingbackClient({ endpoint: 'e' })).toEqualTypeOf<Client<paths>>();
  });
});
