import type { IncomingMessage, ServerResponse } from 'node:http';
import type { components } from '@ringback/protocol';
import { describe, expectTypeOf, it } from 'vitest';
import {
  type CallState,
  createRingbackServer,
  type ProblemCode,
  type PublicCall,
  type RingbackConfig,
  type RingbackServer,
  type Store,
} from './index.js';
import { createNodeListener, createNodeMiddleware } from './node/index.js';
import { createRedisStore, type RedisStoreOptions } from './redis.js';

describe('public types', () => {
  it('builds a fetch handler from a config', () => {
    expectTypeOf(createRingbackServer).parameter(0).toEqualTypeOf<RingbackConfig>();
    expectTypeOf<RingbackServer['fetch']>().parameter(0).toEqualTypeOf<Request>();
    expectTypeOf<RingbackServer['fetch']>().returns.toEqualTypeOf<Promise<Response>>();
  });

  it('speaks the types generated from spec/ringback.yaml', () => {
    expectTypeOf<PublicCall>().toEqualTypeOf<components['schemas']['Call']>();
    expectTypeOf<CallState>().toEqualTypeOf<components['schemas']['CallState']>();
    expectTypeOf<ProblemCode>().toEqualTypeOf<components['schemas']['ProblemCode']>();
  });

  it('refuses settings the browser must never choose, and wrong option values', () => {
    const widget = {
      id: 'w',
      from: '+919876543210',
      callerId: '080',
      countries: ['IN'],
      allowedOrigins: ['https://a.example'],
    };
    // @ts-expect-error recording channels are a fixed set
    const channels: RingbackConfig['widgets'][number] = { ...widget, recordingChannels: 'stereo' };
    // @ts-expect-error a redis store needs its URL
    const store: RingbackConfig['store'] = { type: 'redis' };
    // @ts-expect-error the store is memory, sqlite, redis or a Store
    const other: RingbackConfig['store'] = { type: 'mongo', url: 'mongodb://db' };
    void channels;
    void store;
    void other;
    expectTypeOf({ type: 'redis', url: 'redis://r:6379', prefix: 'shop' } as const).toExtend<
      NonNullable<RingbackConfig['store']>
    >();
    expectTypeOf(createRedisStore).returns.toEqualTypeOf<Promise<Store>>();
    expectTypeOf<RedisStoreOptions['url']>().toEqualTypeOf<string | undefined>();
    expectTypeOf<Store>().toHaveProperty('consumeRateLimits');
  });

  it('adapts to node:http and Connect', () => {
    expectTypeOf(createNodeListener).returns.toEqualTypeOf<
      (req: IncomingMessage, res: ServerResponse) => void
    >();
    expectTypeOf(createNodeMiddleware)
      .returns.parameter(2)
      .toEqualTypeOf<(error?: unknown) => void>();
  });
});
