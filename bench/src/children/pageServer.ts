// Serves the benchmark pages and their scripts from a folder, and the proxy itself at
// /ringback on the same origin (memory store), so the widget loads its real config.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { createRingbackServer } from '@ringback/server';
import { createNodeMiddleware } from '@ringback/server/node';
import { AGENT, EXOPHONE, SECRET, SIM_CREDENTIALS, WIDGET_ID } from '../lib/fixtures.js';
import type { ServerSpec } from '../lib/servers.js';
import type { Started } from './server.js';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
};

export function startPageServer(spec: Extract<ServerSpec, { kind: 'page' }>): Started {
  let middleware: ReturnType<typeof createNodeMiddleware> | undefined;
  let ringback: ReturnType<typeof createRingbackServer> | undefined;
  return {
    handler(req, res) {
      const serveFile = async () => {
        const name = path.basename(new URL(req.url ?? '/', 'http://x').pathname) || 'index.html';
        try {
          const body = await readFile(path.join(spec.root, name));
          res.writeHead(200, {
            'content-type': TYPES[path.extname(name)] ?? 'application/octet-stream',
            'cache-control': 'no-store',
          });
          res.end(body);
        } catch {
          res.writeHead(404).end();
        }
      };
      if (middleware) middleware(req, res, () => void serveFile());
      else void serveFile();
    },
    attach(url) {
      ringback = createRingbackServer({
        // Nothing is dialled: the page only renders.
        exotel: { ...SIM_CREDENTIALS, baseUrl: 'http://127.0.0.1:9' },
        secret: SECRET,
        publicBaseUrl: `${url}/ringback`,
        widgets: [
          {
            id: WIDGET_ID,
            from: AGENT,
            callerId: EXOPHONE,
            countries: ['IN'],
            allowedOrigins: [url],
          },
        ],
        reconcileIntervalMs: 0,
      });
      middleware = createNodeMiddleware(ringback);
    },
    close: () => ringback?.close(),
  };
}
