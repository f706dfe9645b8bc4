import { Writable } from 'node:stream';
import { Redis } from 'ioredis';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { type RedisServer, startRedisServer } from '../../../test/redisServer.js';
import { coalesceWrites, MAX_CORKED_BYTES } from './coalesceWrites.js';
import { connectRedis, type RedisClient } from './connectRedis.js';

/** A stream that records each write it is handed: one chunk, or several at once. */
function recorder() {
  const writes: string[][] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      writes.push([chunk.toString()]);
      done();
    },
    writev(chunks, done) {
      writes.push(chunks.map((c) => (c.chunk as Buffer).toString()));
      done();
    },
  });
  return { stream, writes };
}

const nextTurn = () => new Promise((resolve) => setImmediate(resolve));

/** Waits for what another process does; bounded, so a failure fails the test. */
async function until(condition: () => boolean) {
  for (let i = 0; i < 500 && !condition(); i++)
    await new Promise((resolve) => setTimeout(resolve, 10));
  expect(condition()).toBe(true);
}

describe('coalesceWrites', () => {
  it('sends what is written before the microtasks under way have run as one write, in order', async () => {
    const { stream, writes } = recorder();
    coalesceWrites(stream as never);
    stream.write('a');
    await Promise.resolve();
    stream.write('b');
    void Promise.resolve()
      .then(() => undefined)
      .then(() => stream.write('c'));
    await nextTurn();
    stream.write('d');
    await nextTurn();
    expect(writes).toEqual([['a', 'b', 'c'], ['d']]);
  });

  it('sends held writes at once when they pass the cap, in order, and holds the rest as before', async () => {
    const { stream, writes } = recorder();
    coalesceWrites(stream as never);
    const chunk = 'x'.repeat(MAX_CORKED_BYTES / 4);
    for (let i = 0; i < 6; i++) stream.write(`${i}${chunk}`);
    expect(writes.map((w) => w.map((c) => c[0]))).toEqual([['0', '1', '2', '3']]);
    await nextTurn();
    expect(writes.map((w) => w.map((c) => c[0]))).toEqual([
      ['0', '1', '2', '3'],
      ['4', '5'],
    ]);
  });

  it('wraps a socket once, however often it is asked to', async () => {
    const { stream, writes } = recorder();
    coalesceWrites(stream as never);
    coalesceWrites(stream as never);
    stream.write('a');
    stream.write('b');
    await nextTurn();
    expect(writes).toEqual([['a', 'b']]);
  });
});

describe('a command connection', () => {
  const servers: RedisServer[] = [];
  const clients: RedisClient[] = [];
  afterEach(() => {
    for (const c of clients.splice(0)) c.disconnect();
  });
  afterAll(async () => {
    await Promise.all(servers.map((s) => s.close()));
  });

  const connect = async (options: { cluster?: boolean } = {}) => {
    const server = await startRedisServer(options);
    servers.push(server);
    const { client, subscriber } = await connectRedis({
      url: options.cluster ? undefined : server.url,
      clusterNodes: options.cluster ? [server.url] : undefined,
      commandTimeoutMs: 2000,
      connectTimeoutMs: 2000,
      redisOptions: undefined,
    });
    clients.push(client, subscriber);
    return { server, client };
  };

  /** How many reads Redis made while `commands` ran, its own INFO's excluded. */
  const readsDuring = async (server: RedisServer, commands: () => Promise<unknown>) => {
    const probe = new Redis(server.url);
    const reads = async () =>
      Number(/total_reads_processed:(\d+)/.exec(await probe.info('stats'))![1]);
    try {
      const before = await reads();
      await commands();
      return (await reads()) - before - 1;
    } finally {
      probe.disconnect();
    }
  };

  const hundredGets = (client: RedisClient) =>
    Promise.all(Array.from({ length: 100 }, (_, i) => client.get(`{k}:${i}`)));

  it('reaches Redis in one read for commands issued together, again after a reconnection', async () => {
    const { server, client } = await connect();
    expect(await readsDuring(server, () => hundredGets(client))).toBeLessThanOrEqual(2);

    await server.stop();
    await until(() => client.status !== 'ready');
    await server.start();
    await until(() => client.status === 'ready');
    expect(await readsDuring(server, () => hundredGets(client))).toBeLessThanOrEqual(2);
  });

  it('reaches a Cluster node in one read for commands issued together', async () => {
    const { server, client } = await connect({ cluster: true });
    expect(await readsDuring(server, () => hundredGets(client))).toBeLessThanOrEqual(2);
  });
});
