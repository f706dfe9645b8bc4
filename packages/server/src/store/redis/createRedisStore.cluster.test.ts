// The shared suite against a one-node Redis Cluster: Redis refuses any command or script
// whose keys span slots (CROSSSLOT), so this proves every script stays within one slot.

import { describeStoreContract } from '@ringback/server/testing';
import { afterAll } from 'vitest';
import { lazyRedisServer } from '../../../test/redisServer.js';
import { createRedisStore } from './createRedisStore.js';

const redis = lazyRedisServer({ cluster: true });
afterAll(() => redis.close());

let prefixes = 0;
describeStoreContract('redis cluster', {
  create: async () =>
    createRedisStore({ clusterNodes: [(await redis()).url], prefix: `cluster${++prefixes}` }),
  peer: async () =>
    createRedisStore({ clusterNodes: [(await redis()).url], prefix: `cluster${prefixes}` }),
});
