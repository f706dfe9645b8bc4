import { afterAll, describe, expect, it } from 'vitest';
import { lazyRedisServer } from '../../../test/redisServer.js';
import { connectRedis } from './connectRedis.js';

const single = lazyRedisServer();
const cluster = lazyRedisServer({ cluster: true });
afterAll(() => Promise.all([single.close(), cluster.close()]));

const options = { commandTimeoutMs: 2000, connectTimeoutMs: 2000, redisOptions: undefined };

describe('connectRedis', () => {
  for (const [kind, server] of [
    ['one node', single],
    ['a cluster', cluster],
  ] as const) {
    it(`sends the commands of one event-loop turn together, each with its own answer (${kind})`, async () => {
      const { url } = await server();
      const { client, subscriber } = await connectRedis({
        ...options,
        url: kind === 'one node' ? url : undefined,
        clusterNodes: kind === 'a cluster' ? [url] : undefined,
      });
      try {
        const key = `{pipelined}:${Date.now()}`;
        const answers = Promise.allSettled([
          client.set(key, 'a'),
          client.get(key),
          // A wrong command fails alone.
          client.incr(key),
          client.get(key),
        ]);
        // Queued for one write at the end of this turn, not sent one by one.
        expect(client.autoPipelineQueueSize).toBe(4);
        const [set, get, incr, again] = await answers;
        expect(set).toEqual({ status: 'fulfilled', value: 'OK' });
        expect(get).toEqual({ status: 'fulfilled', value: 'a' });
        expect(incr.status).toBe('rejected');
        expect(again).toEqual({ status: 'fulfilled', value: 'a' });
      } finally {
        client.disconnect();
        subscriber.disconnect();
      }
    });
  }
});
