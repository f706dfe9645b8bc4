import { afterEach, describe, expect, it } from 'vitest';
import { type Harness, listenOn, newKey, startHarness } from './harness.js';

let h: Harness | undefined;
let fake: Awaited<ReturnType<typeof listenOn>> | undefined;
afterEach(async () => {
  await h?.close();
  await fake?.close();
  h = undefined;
  fake = undefined;
});

const body = { widgetId: 'support', phone: '+919812345678' };

/** A Turnstile siteverify stand-in with single-use tokens, as the real one has. */
async function fakeTurnstile(mode: { down?: boolean } = {}) {
  const spent = new Set<string>();
  const seen: Record<string, string>[] = [];
  fake = await listenOn((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(raw));
      seen.push(form);
      if (mode.down) return void res.writeHead(502).end();
      const token = form.response ?? '';
      const success = token.startsWith('pass') && !spent.has(token);
      spent.add(token);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(
          JSON.stringify(
            success
              ? { success, hostname: 'shop.example.com' }
              : { success, 'error-codes': ['timeout-or-duplicate'] },
          ),
        );
    });
  });
  return { seen, endpoint: `http://127.0.0.1:${fake.port}/turnstile/v0/siteverify` };
}

const verification = (endpoint: string) => ({
  provider: 'turnstile' as const,
  siteKey: 'site',
  secretKey: 'turnstile-secret',
  endpoint,
});

describe('human verification', () => {
  it('requires a token, refuses a bad one and accepts a good one', async () => {
    const { seen, endpoint } = await fakeTurnstile();
    h = await startHarness({ widget: { verification: verification(endpoint) } });
    const missing = await h.createCall(body);
    expect(missing.status).toBe(403);
    expect(await missing.json()).toMatchObject({ code: 'verification_required' });
    const bad = await h.createCall({ ...body, verificationToken: 'bot' });
    expect(bad.status).toBe(403);
    expect(await bad.json()).toMatchObject({ code: 'verification_failed' });
    expect(h.sim.calls()).toEqual([]);
    const good = await h.createCall({ ...body, verificationToken: 'pass-1' });
    expect(good.status).toBe(202);
    expect(seen.at(-1)).toMatchObject({
      secret: 'turnstile-secret',
      response: 'pass-1',
      remoteip: '127.0.0.1',
    });
  });

  it('answers verification_unavailable with Retry-After when the provider is down', async () => {
    const { endpoint } = await fakeTurnstile({ down: true });
    h = await startHarness({ widget: { verification: verification(endpoint) } });
    const response = await h.createCall({ ...body, verificationToken: 'pass-1' });
    expect(response.status).toBe(503);
    expect(response.headers.get('retry-after')).toBe('5');
    expect(await response.json()).toMatchObject({ code: 'verification_unavailable' });
  });

  it('spends a single-use token once for concurrent double-submits, and places one call', async () => {
    const { seen, endpoint } = await fakeTurnstile();
    h = await startHarness({ widget: { verification: verification(endpoint) } });
    const key = newKey();
    const responses = await Promise.all(
      [1, 2, 3].map(() => h!.createCall({ ...body, verificationToken: 'pass-once' }, { key })),
    );
    expect(responses.map((r) => r.status)).toEqual([202, 202, 202]);
    expect(
      new Set(
        await Promise.all(responses.map(async (r) => ((await r.json()) as { id: string }).id)),
      ).size,
    ).toBe(1);
    expect(seen).toHaveLength(1);
    expect((await h.simStats()).connectRequests).toBe(1);
  });

  it('does not ask the provider again for a repeat, whatever token it carries', async () => {
    const { seen, endpoint } = await fakeTurnstile();
    h = await startHarness({ widget: { verification: verification(endpoint) } });
    const key = newKey();
    await h.createCall({ ...body, verificationToken: 'pass-a' }, { key });
    const repeat = await h.createCall({ ...body, verificationToken: 'pass-b' }, { key });
    expect(repeat.status).toBe(202);
    expect(seen).toHaveLength(1);
  });
});
