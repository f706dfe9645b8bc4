import { describe, expect, it, vi } from 'vitest';
import { createRingbackServer } from './createRingbackServer.js';
import type { RingbackConfig } from './domain/RingbackConfig.js';
import { RingbackConfigError } from './domain/RingbackConfigError.js';
import { createMemoryStore } from './store/memoryStore.js';

const config: RingbackConfig = {
  exotel: {
    accountSid: 'acme',
    apiKey: 'key-123',
    apiToken: 'token-456',
    baseUrl: 'http://127.0.0.1:1',
  },
  secret: 'k7Qv2mXp9LsR4tWz8YbN3cFh6JdG1aEu',
  publicBaseUrl: 'https://shop.example.com/ringback',
  reconcileIntervalMs: 0,
  widgets: [
    {
      id: 'support',
      from: '+919876543210',
      callerId: '08047112400',
      countries: ['IN', 'AE'],
      numberTypes: ['mobile'],
      allowedOrigins: ['https://shop.example.com'],
      labels: { button: 'Call me back' },
      verification: { provider: 'hcaptcha', siteKey: 'public-key', secretKey: 'hcaptcha-secret' },
    },
  ],
};

const get = (server: ReturnType<typeof createRingbackServer>, path: string, init?: RequestInit) =>
  server.fetch(new Request(`https://shop.example.com${path}`, init));

describe('createRingbackServer', () => {
  it('throws a RingbackConfigError at once for a bad config', () => {
    expect(() => createRingbackServer({ ...config, secret: 'x' })).toThrow(RingbackConfigError);
  });

  it('serves the public widget config, and nothing secret', async () => {
    const server = createRingbackServer(config);
    const response = await get(server, '/ringback/v1/widgets/support', {
      headers: { origin: 'https://shop.example.com' },
    });
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('public, max-age=60');
    const text = await response.text();
    expect(JSON.parse(text)).toEqual({
      id: 'support',
      countries: ['IN', 'AE'],
      defaultCountry: 'IN',
      numberTypes: ['mobile'],
      open: true,
      nextOpening: null,
      closesAt: null,
      timeZone: null,
      verification: { provider: 'hcaptcha', siteKey: 'public-key', when: 'always' },
      labels: { button: 'Call me back' },
      ringSeconds: 30,
      undoSeconds: 3,
      fields: [],
      consent: null,
      collectContext: true,
      schedule: null,
    });
    for (const secret of ['hcaptcha-secret', '9876543210', '47112400', 'key-123', 'token-456'])
      expect(text).not.toContain(secret);
    expect((await get(server, '/ringback/v1/widgets/sales')).status).toBe(404);
    expect(
      (
        await get(server, '/ringback/v1/widgets/support', {
          headers: { origin: 'https://evil.example' },
        })
      ).status,
    ).toBe(403);
    await server.close();
  });

  it('routes with or without the mount path of publicBaseUrl', async () => {
    const server = createRingbackServer(config);
    expect((await get(server, '/v1/widgets/support')).status).toBe(200);
    expect(server.handles('/ringback/v1/calls')).toBe(true);
    expect(server.handles('/v1/calls/call_x/events')).toBe(true);
    expect(server.handles('/ringback/admin')).toBe(false);
    await server.close();
  });

  it('answers unknown paths and methods with problems', async () => {
    const server = createRingbackServer(config);
    const missing = await get(server, '/ringback/v2/calls');
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ code: 'not_found' });
    const wrongMethod = await get(server, '/ringback/v1/calls', { method: 'DELETE' });
    expect(wrongMethod.status).toBe(405);
    expect(wrongMethod.headers.get('allow')).toBe('POST');
    expect(await wrongMethod.json()).toMatchObject({ code: 'method_not_allowed' });
    const notACall = await get(server, '/ringback/v1/calls/call_AAAAAAAAAAAAAAAAAAAAAAAA');
    expect(await notACall.json()).toMatchObject({ code: 'call_not_found' });
    await server.close();
  });

  it('says so when the proxy is mounted somewhere else than publicBaseUrl says', async () => {
    const logs: unknown[] = [];
    const logger = { info: () => {}, warn: (e: unknown) => logs.push(e), error: () => {} };
    // publicBaseUrl without a path, the proxy mounted at /ringback by the app.
    const server = createRingbackServer({
      ...config,
      publicBaseUrl: 'https://shop.example.com',
      logger,
    });
    const response = await get(server, '/ringback/v1/widgets/support');
    expect(response.status).toBe(404);
    const body = (await response.json()) as { code: string; detail: string };
    expect(body.code).toBe('not_found');
    expect(body.detail).toContain('mounted at /ringback');
    expect(body.detail).toContain('publicBaseUrl puts the proxy at /');
    await get(server, '/ringback/v1/calls');
    expect(logs).toEqual([expect.objectContaining({ prefix: '/ringback', configured: '/' })]);
    // Mounted deeper than publicBaseUrl says.
    const nested = await get(server, '/api/ringback/v1/calls/call_x/events');
    expect(((await nested.json()) as { detail: string }).detail).toContain(
      'mounted at /api/ringback',
    );
    // A path that is nobody's stays a plain 404.
    const plain = (await (await get(server, '/ringback/v2/calls')).json()) as { detail: string };
    expect(plain.detail).toBe('There is no such endpoint.');
    await server.close();
  });

  it('warns at start-up when trustProxy does not say which proxies to trust', async () => {
    const warnings: { msg: string }[] = [];
    const logger = {
      info: () => {},
      warn: (e: { msg: string }) => warnings.push(e),
      error: () => {},
    };
    const named = createRingbackServer({
      ...config,
      logger,
      trustProxy: { header: 'x-forwarded-for', from: ['10.0.0.0/8'] },
    });
    expect(warnings).toEqual([]);
    const unnamed = createRingbackServer({
      ...config,
      logger,
      trustProxy: { header: 'x-forwarded-for' },
    });
    expect(warnings).toEqual([
      expect.objectContaining({ msg: expect.stringContaining('trustProxy.from is not set') }),
    ]);
    await Promise.all([named.close(), unnamed.close()]);
  });

  it('reports health, and can leave it out', async () => {
    const server = createRingbackServer(config);
    const healthy = await get(server, '/healthz');
    expect(healthy.status).toBe(200);
    expect(await healthy.json()).toEqual({ status: 'ok' });
    await server.close();
    const closing = await get(server, '/healthz');
    expect(closing.status).toBe(503);
    expect(await closing.json()).toEqual({ status: 'unavailable' });
    const without = createRingbackServer({ ...config, health: false });
    expect((await get(without, '/healthz')).status).toBe(404);
    await without.close();
  });

  it('refuses new requests once closing, and leaves a store it was given open', async () => {
    const store = createMemoryStore();
    const server = createRingbackServer({ ...config, store });
    await server.ready();
    await server.close();
    const response = await get(server, '/ringback/v1/widgets/support');
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ code: 'shutting_down' });
    await expect(store.ping()).resolves.toBeUndefined();
  });

  it('reports a store that cannot open through ready() and as internal errors', async () => {
    const server = createRingbackServer({
      ...config,
      store: { type: 'sqlite', path: '/nonexistent/dir/ringback.db' },
    });
    await expect(server.ready()).rejects.toThrow();
    const response = await get(server, '/ringback/v1/calls/call_AAAAAAAAAAAAAAAAAAAAAAAA');
    expect(response.status).toBe(500);
    expect(await response.json()).toMatchObject({
      code: 'internal_error',
      detail: 'Something went wrong on the server; nothing was changed.',
    });
    await server.close();
  });
});

describe('maintenance', () => {
  it('purges expired keys and rate entries every 10 minutes even with reconciliation off', async () => {
    vi.useFakeTimers();
    try {
      const store = createMemoryStore();
      const purges: number[] = [];
      const purge = store.purge.bind(store);
      store.purge = async (now, callsBefore) => {
        purges.push(now);
        return purge(now, callsBefore);
      };
      const server = createRingbackServer({ ...config, store, reconcileIntervalMs: 0 });
      await server.ready();
      await vi.advanceTimersByTimeAsync(10 * 60 * 1000);
      expect(purges).toHaveLength(1);
      await vi.advanceTimersByTimeAsync(10 * 60 * 1000);
      expect(purges).toHaveLength(2);
      await server.close();
      await vi.advanceTimersByTimeAsync(30 * 60 * 1000);
      expect(purges).toHaveLength(2);
    } finally {
      vi.useRealTimers();
    }
  });
});
