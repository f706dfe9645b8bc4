// The floor: node:http answering what the proxy answers, without doing anything.
// Also a bare event-stream server, the floor of the fan-out benchmark.
import type { ServerResponse } from 'node:http';
import { CREATED_BODY } from '../lib/fixtures.js';
import type { Started } from './server.js';

const RECEIVED = JSON.stringify({ received: true });

export function startFloor(): Started {
  const counts = new Map<string, number>();
  const streams = new Map<string, Set<ServerResponse>>();
  const count = (key: string) => counts.set(key, (counts.get(key) ?? 0) + 1);
  let seq = 1;

  return {
    handler(req, res) {
      const path = (req.url ?? '/').split('?')[0]!;
      if (req.method === 'GET' && path.endsWith('/events')) {
        // GET /v1/calls/{id}/events: hold the stream, send the current state.
        const id = path.split('/')[3]!;
        res.writeHead(200, {
          'content-type': 'text/event-stream; charset=utf-8',
          'cache-control': 'no-store, no-transform',
        });
        res.write(
          `retry: 2000\n\nid: 1\nevent: state\ndata: {"id":"${id}","state":"dialing-agent"}\n\n`,
        );
        const set = streams.get(id) ?? new Set<ServerResponse>();
        streams.set(id, set);
        set.add(res);
        res.once('close', () => set.delete(res));
        return;
      }
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        count(path);
        if (path.endsWith('/status-callback')) {
          // The fan-out floor: a callback names its call and the state to announce.
          const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
          const call = query.get('call');
          const state = query.get('state');
          if (call && state) {
            const event = `id: ${++seq}\nevent: state\ndata: {"id":"${call}","state":"${state}"}\n\n`;
            for (const stream of streams.get(call) ?? []) stream.write(event);
          }
          res.writeHead(200, { 'content-type': 'application/json', 'cache-control': 'no-store' });
          res.end(RECEIVED);
          return;
        }
        res.writeHead(202, { 'content-type': 'application/json', 'cache-control': 'no-store' });
        res.end(CREATED_BODY);
      });
    },
    commands: {
      counts: () => Object.fromEntries(counts),
      resetCounts: () => {
        counts.clear();
      },
      streams: () => [...streams.values()].reduce((n, s) => n + s.size, 0),
    },
  };
}
