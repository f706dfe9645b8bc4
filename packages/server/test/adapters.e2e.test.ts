// The proxy mounted in each framework a business might use, every one a real HTTP
// server on loopback: the widget's requests, the SSE stream and Exotel's callbacks
// all go through the framework.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createAdaptorServer } from '@hono/node-server';
import { getConnInfo } from '@hono/node-server/conninfo';
import { serveExotelSimulator } from '@ringback/exotel-sim/node';
import express from 'express';
import Fastify from 'fastify';
import { Hono } from 'hono';
import { afterEach, describe, expect, it } from 'vitest';
import { createRingbackServer, type RingbackServer } from '../src/index.js';
import { createNodeListener, createNodeMiddleware } from '../src/node/index.js';
import { baseWidget, ORIGIN, SECRET, T0 } from './harness.js';
import { SseReader } from './sse.js';

interface Mounted {
  /** Origin of the framework's server, e.g. `http://127.0.0.1:41234`. */
  origin: string;
  close(): Promise<void>;
}

/** Mounts a proxy (created later, once the port is known) under `path` and listens. */
type Mount = (path: string, proxy: () => RingbackServer) => Promise<Mounted>;

function listening(server: Server): Promise<Mounted> {
  return new Promise((resolve) => {
    server.listen(0, '127.0.0.1', () => {
      resolve({
        origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
        close: () =>
          new Promise<void>((done) => {
            server.close(() => done());
            server.closeAllConnections();
          }),
      });
    });
  });
}

const adapters: Record<string, Mount> = {
  'node:http': async (_path, proxy) => {
    return listening(createServer((req, res) => createNodeListener(proxy())(req, res)));
  },

  Express: async (path, proxy) => {
    const app = express();
    app.use(path, (req, res, next) => createNodeMiddleware(proxy())(req, res, next));
    // The middleware passes what is not the proxy's on to the app.
    app.use(express.json());
    app.get('/hello', (_req, res) => {
      res.json({ from: 'express' });
    });
    app.get(`${path}/elsewhere`, (_req, res) => {
      res.json({ from: 'express' });
    });
    return listening(createServer(app));
  },

  Fastify: async (path, proxy) => {
    const app = Fastify();
    // Leave bodies unread: the proxy reads (and caps) them itself.
    app.removeAllContentTypeParsers();
    app.addContentTypeParser('*', (_request, _payload, done) => done(null));
    app.all(`${path}/*`, (request, reply) => {
      reply.hijack();
      createNodeListener(proxy())(request.raw, reply.raw);
    });
    await app.listen({ port: 0, host: '127.0.0.1' });
    const { port } = app.server.address() as AddressInfo;
    return { origin: `http://127.0.0.1:${port}`, close: () => app.close() };
  },

  Hono: async (path, proxy) => {
    const app = new Hono();
    app.all(`${path}/*`, (c) =>
      proxy().fetch(c.req.raw, { clientIp: getConnInfo(c).remote.address }),
    );
    return listening(createAdaptorServer({ fetch: app.fetch }) as Server);
  },

  'Next.js route handler': async (_path, proxy) => {
    // What `app/ringback/[...path]/route.ts` exports: plain (Request) => Response functions.
    const handler = (request: Request) => proxy().fetch(request);
    const route: Record<string, (request: Request) => Promise<Response>> = {
      GET: handler,
      POST: handler,
      OPTIONS: handler,
    };
    const server = createAdaptorServer({
      fetch: (request: Request) =>
        route[request.method]?.(request) ?? new Response(null, { status: 405 }),
    });
    return listening(server as Server);
  },
};

let cleanup: (() => Promise<void>)[] = [];
afterEach(async () => {
  for (const close of cleanup.reverse()) await close();
  cleanup = [];
});

describe.each(Object.entries(adapters))('mounted in %s', (name, mount) => {
  it('serves the widget, a call, its event stream and Exotel callbacks', async () => {
    const served = await serveExotelSimulator({
      clock: 'manual',
      startTime: T0,
      onError: () => {},
    });
    cleanup.push(() => served.close());
    const path = '/ringback';
    let proxy: RingbackServer | undefined;
    const mounted = await mount(path, () => proxy!);
    cleanup.push(() => mounted.close());
    const base = `${mounted.origin}${path}`;
    proxy = createRingbackServer({
      exotel: { ...served.sim.credentials, baseUrl: served.url },
      secret: SECRET,
      publicBaseUrl: base,
      widgets: [baseWidget],
      now: () => served.sim.clock.now(),
      reconcileIntervalMs: 0,
    });
    cleanup.push(() => proxy!.close());

    const widget = await fetch(`${base}/v1/widgets/support`, { headers: { origin: ORIGIN } });
    expect(widget.status).toBe(200);
    expect(((await widget.json()) as { id: string }).id).toBe('support');

    const preflight = await fetch(`${base}/v1/calls`, {
      method: 'OPTIONS',
      headers: {
        origin: ORIGIN,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'content-type, idempotency-key',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(ORIGIN);

    const created = await fetch(`${base}/v1/calls`, {
      method: 'POST',
      headers: {
        origin: ORIGIN,
        'content-type': 'application/json',
        'idempotency-key': `adapter-${name.replace(/\W/g, '-')}`,
      },
      body: JSON.stringify({ widgetId: 'support', phone: '+919812345678' }),
    });
    expect(created.status).toBe(202);
    const call = (await created.json()) as { id: string; links: { self: string; events: string } };
    expect(call.links.self).toBe(`${base}/v1/calls/${call.id}`);
    expect(created.headers.get('location')).toBe(call.links.self);
    expect(served.sim.calls()[0]!.params.statusCallback).toMatch(
      new RegExp(`^${base}/v1/exotel/status-callback\\?`),
    );

    const stream = new SseReader(await fetch(call.links.events, { headers: { origin: ORIGIN } }));
    await stream.until((s) => s.events.length === 1);
    await served.sim.clock.advance(5 * 60_000);
    await served.sim.settle();
    await stream.toEnd();
    expect(stream.states()).toEqual(['dialing-agent', 'dialing-you', 'connected', 'completed']);
    expect(served.sim.deliveries().every((d) => d.attempts.at(-1)?.status === 200)).toBe(true);

    const read = await fetch(call.links.self, { headers: { origin: ORIGIN } });
    expect(((await read.json()) as { state: string }).state).toBe('completed');

    const refused = await fetch(`${base}/v1/calls`, {
      method: 'POST',
      headers: {
        origin: ORIGIN,
        'content-type': 'application/json',
        'idempotency-key': `adapter-${name.replace(/\W/g, '-')}-2`,
      },
      body: JSON.stringify({ widgetId: 'support', phone: 'nope' }),
    });
    expect(refused.status).toBe(422);
    expect(refused.headers.get('content-type')).toBe('application/problem+json');
  });
});

describe('Express middleware', () => {
  it("passes requests that are not the proxy's on to the app", async () => {
    let proxy: RingbackServer | undefined;
    const mounted = await adapters.Express!('/ringback', () => proxy!);
    cleanup.push(() => mounted.close());
    proxy = createRingbackServer({
      exotel: { accountSid: 'a', apiKey: 'k', apiToken: 't', baseUrl: 'http://127.0.0.1:1' },
      secret: SECRET,
      publicBaseUrl: `${mounted.origin}/ringback`,
      widgets: [baseWidget],
      reconcileIntervalMs: 0,
    });
    cleanup.push(() => proxy!.close());
    expect(await (await fetch(`${mounted.origin}/hello`)).json()).toEqual({ from: 'express' });
    expect(await (await fetch(`${mounted.origin}/ringback/elsewhere`)).json()).toEqual({
      from: 'express',
    });
    expect((await fetch(`${mounted.origin}/ringback/healthz`)).status).toBe(200);
  });

  it('still works behind a JSON body parser', async () => {
    const app = express();
    let proxy: RingbackServer | undefined;
    app.use(express.json());
    app.use('/ringback', (req, res, next) => createNodeMiddleware(proxy!)(req, res, next));
    const mounted = await listening(createServer(app));
    cleanup.push(() => mounted.close());
    proxy = createRingbackServer({
      exotel: { accountSid: 'a', apiKey: 'k', apiToken: 't', baseUrl: 'http://127.0.0.1:1' },
      secret: SECRET,
      publicBaseUrl: `${mounted.origin}/ringback`,
      widgets: [baseWidget],
      reconcileIntervalMs: 0,
    });
    cleanup.push(() => proxy!.close());
    const response = await fetch(`${mounted.origin}/ringback/v1/calls`, {
      method: 'POST',
      headers: {
        origin: ORIGIN,
        'content-type': 'application/json',
        'idempotency-key': 'behind-parser',
      },
      body: JSON.stringify({ widgetId: 'support', phone: 'nope' }),
    });
    // The re-serialized body reached the policies: the number was judged, not the body.
    expect(((await response.json()) as { code: string }).code).toBe('invalid_phone');
  });
});
