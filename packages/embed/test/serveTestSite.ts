import { readFile } from 'node:fs/promises';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join } from 'node:path';
import type { ExotelSimulator } from '@ringback/exotel-sim';
import { serveExotelSimulator } from '@ringback/exotel-sim/node';
import { type CallSnapshot, createRingbackServer, type RingbackServer } from '@ringback/server';
import { createNodeListener } from '@ringback/server/node';
import { loaderSnippet } from '../src/loaderSnippet.js';

/** The Content-Security-Policy of the strict page, as a strict host would send it. */
export const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'";
/** The same, also refusing strings in DOM sinks (Trusted Types), for pages named `csp-tt-*`. */
export const TRUSTED_TYPES_CSP = `${STRICT_CSP}; require-trusted-types-for 'script'; trusted-types 'none'`;
export const WIDGET_ID = 'sales';
/** A widget that asks for a name, a reason and consent (`/pages/lead.html`). */
export const LEAD_WIDGET_ID = 'lead';
/** A widget closed all day today (in Kolkata) that offers callback slots (`/pages/later.html`). */
export const LATER_WIDGET_ID = 'later';
export const AGENT = '+919876543210';

const pagesDir = join(import.meta.dirname, 'pages');
const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.map': 'application/json',
};

export interface TestSite {
  /** `http://127.0.0.1:port`: the pages, `/ringback.js` and the proxy under `/ringback`. */
  url: string;
  /** The simulated Exotel, on its own port with a manual clock. */
  sim: ExotelSimulator;
  ringback: RingbackServer;
  /** What the proxy handed the business's `onCallEvent` hook, in order. */
  calls: CallSnapshot[];
  /**
   * An outage of the proxy, as when its process dies: `true` drops every open
   * connection (event streams included) and every request to `/ringback/` from then on
   * gets no answer; `false` brings it back.
   */
  setProxyDown(down: boolean): void;
  close(): Promise<void>;
}

/**
 * A host website on loopback: plain HTML pages from `test/pages` (no React anywhere),
 * the script built into `scriptDir` at `/ringback.js`, the real proxy at `/ringback` and, behind it, the
 * real Exotel simulator. Pages named `csp-*` are sent with `STRICT_CSP` (`csp-tt-*` with
 * `TRUSTED_TYPES_CSP`);
 * `/pages/snippet.html` carries the loader snippet as `loaderSnippet()` writes it.
 */
export async function serveTestSite(scriptDir: string): Promise<TestSite> {
  const exotel = await serveExotelSimulator({ port: 0, clock: 'manual' });
  let route: (req: IncomingMessage, res: ServerResponse) => Promise<void> = async (_req, res) =>
    void res.writeHead(503).end();
  let proxyDown = false;
  const server = createServer((req, res) => {
    if (proxyDown && req.url?.startsWith('/ringback/')) return void req.socket.destroy();
    route(req, res).catch(() => {
      if (!res.headersSent) res.writeHead(500);
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;

  const many = [{ limit: 1000, windowSeconds: 600 }];
  const calls: CallSnapshot[] = [];
  const widget = {
    from: AGENT,
    callerId: '08047112400',
    undoSeconds: 0,
    countries: ['IN'],
    allowedOrigins: [url],
    limits: { ip: many, number: many, distinctNumbersPerIp: many, widget: many },
  };
  const ringback = createRingbackServer({
    exotel: { ...exotel.sim.credentials, baseUrl: exotel.url },
    secret: 'embed-tests-Vq3xL9pZ2mK8rT5wY1nB6cH4',
    publicBaseUrl: `${url}/ringback`,
    widgets: [
      { id: WIDGET_ID, ...widget },
      {
        id: LEAD_WIDGET_ID,
        ...widget,
        fields: [
          { id: 'name', label: { en: 'Your name', hi: 'आपका नाम' }, required: true },
          { id: 'details', label: 'Anything we should know?', type: 'textarea' },
          {
            id: 'reason',
            label: 'Reason',
            type: 'select',
            required: true,
            options: [
              { value: 'sales', label: 'Buying' },
              { value: 'billing', label: 'Billing' },
            ],
          },
        ],
        consent: { text: 'You may call me about my enquiry.' },
      },
      {
        id: LATER_WIDGET_ID,
        ...widget,
        // Closed all day today, whatever the hour the tests run at; slots from tomorrow,
        // inside the calling hours of an Indian number.
        hours: {
          timeZone: 'Asia/Kolkata',
          weekly: Object.fromEntries(
            ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'].map((day) => [day, ['10:00-12:00']]),
          ),
          closedDates: [new Date().toLocaleDateString('sv', { timeZone: 'Asia/Kolkata' })],
        },
        schedule: { slotMinutes: 30, daysAhead: 3 },
      },
    ],
    onCallEvent: (call) => void calls.push(call),
    reconcileIntervalMs: 0,
  });
  await ringback.ready();
  const proxy = createNodeListener(ringback);

  route = async (req, res) => {
    const { pathname } = new URL(req.url ?? '/', url);
    if (pathname.startsWith('/ringback/')) return proxy(req, res);
    if (pathname === '/ringback.js' || pathname === '/ringback.js.map') {
      return send(res, join(scriptDir, pathname.slice(1)), {});
    }
    const page = /^\/pages\/([\w-]+\.(?:html|js|css))$/.exec(pathname)?.[1];
    if (page === 'snippet.html') {
      const template = await readFile(join(pagesDir, page), 'utf8');
      const snippet = loaderSnippet({
        src: '/ringback.js',
        data: { endpoint: '/ringback', widgetId: WIDGET_ID },
      });
      res.writeHead(200, { 'content-type': TYPES['.html']! });
      return void res.end(template.replace('<!-- loader snippet -->', snippet));
    }
    if (page) {
      const policy = page.startsWith('csp-tt-')
        ? TRUSTED_TYPES_CSP
        : page.startsWith('csp-')
          ? STRICT_CSP
          : undefined;
      const headers: Record<string, string> = policy ? { 'content-security-policy': policy } : {};
      return send(res, join(pagesDir, page), headers);
    }
    res.writeHead(404).end();
  };

  return {
    url,
    sim: exotel.sim,
    ringback,
    calls,
    setProxyDown(down) {
      proxyDown = down;
      if (down) server.closeAllConnections();
    },
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      await ringback.close();
      await exotel.close();
    },
  };
}

async function send(res: ServerResponse, file: string, headers: Record<string, string>) {
  try {
    const body = await readFile(file);
    res.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(body);
  } catch {
    res.writeHead(404).end();
  }
}
