import type { Duplex } from 'node:stream';
import type { Redis } from 'ioredis';
import type { RedisClient } from './connectRedis.js';

const kCoalesced = Symbol('ringback: writes coalesced');

/** Held writes past this size are sent at once: what Redis reads from a client at a time. */
export const MAX_CORKED_BYTES = 16 * 1024;

/**
 * Holds a socket's writes until the microtasks under way have run (`process.nextTick`),
 * then sends them as one. ioredis writes each command as it is issued: one system call
 * here and one read in Redis per command. A server answering many requests at once
 * issues their commands in the same pass (the replies that wake them arrive together in
 * one read), so they go out in one write and Redis reads them in one go. Nothing waits
 * for a timer: the writes leave before any I/O callback runs again, and at once when
 * they pass `MAX_CORKED_BYTES`.
 */
export function coalesceWrites(socket: Duplex): void {
  const marked = socket as Duplex & { [kCoalesced]?: true };
  if (marked[kCoalesced]) return;
  marked[kCoalesced] = true;
  const write = socket.write;
  let corked = false;
  const uncork = () => {
    corked = false;
    socket.uncork();
  };
  socket.write = function (this: Duplex, ...args: Parameters<Duplex['write']>) {
    if (!corked) {
      corked = true;
      socket.cork();
      process.nextTick(uncork);
    }
    const ok = write.apply(this, args);
    // A burst (a bulk import, a batch of thousands) leaves in pieces, so Redis works on
    // the first while the rest are still being issued: held whole, 2,000 creates at once
    // were stored at two thirds of the rate.
    if (socket.writableLength >= MAX_CORKED_BYTES) {
      socket.uncork();
      socket.cork();
    }
    return ok;
  } as Duplex['write'];
}

/**
 * Coalesces the writes of a command connection (`coalesceWrites`), on every socket it
 * opens: each reconnection's, and each Cluster node's.
 */
export function coalesceCommandWrites(client: RedisClient): void {
  const onNode = (node: Redis) =>
    node.on('connect', () => {
      if (node.stream) coalesceWrites(node.stream);
    });
  if ('nodes' in client) client.on('+node', onNode);
  else onNode(client);
}
