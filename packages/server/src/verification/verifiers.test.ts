import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Verifier } from '../domain/Verifier.js';
import { createHcaptchaVerifier } from './hcaptchaVerifier.js';
import { createRecaptchaVerifier } from './recaptchaVerifier.js';
import { createTurnstileVerifier } from './turnstileVerifier.js';

// A loopback stand-in for the three providers' siteverify endpoints. Each token
// selects an answer, the way the providers' documented test keys do.
const SECRET = 'provider-secret-key';
let server: Server;
let base: string;
let seen: { path: string; form: Record<string, string> }[] = [];

const answers: Record<string, { status?: number; body: unknown }> = {
  good: { body: { success: true, hostname: 'shop.example.com', action: 'call', score: 0.9 } },
  'good-other-host': { body: { success: true, hostname: 'evil.example' } },
  'good-no-host': { body: { success: true } },
  'low-score': {
    body: { success: true, hostname: 'shop.example.com', action: 'call', score: 0.2 },
  },
  'wrong-action': {
    body: { success: true, hostname: 'shop.example.com', action: 'login', score: 0.9 },
  },
  spent: { body: { success: false, 'error-codes': ['timeout-or-duplicate'] } },
  'internal-error': { body: { success: false, 'error-codes': ['internal-error'] } },
  down: { status: 503, body: 'unavailable' },
  'not-json': { body: '<html>' },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    let raw = '';
    req.on('data', (chunk) => {
      raw += chunk;
    });
    req.on('end', () => {
      const form = Object.fromEntries(new URLSearchParams(raw));
      seen.push({ path: req.url ?? '', form });
      if (form.secret !== SECRET) {
        res
          .writeHead(200, { 'content-type': 'application/json' })
          .end(JSON.stringify({ success: false, 'error-codes': ['invalid-input-secret'] }));
        return;
      }
      const answer = answers[form.response ?? ''] ?? {
        body: { success: false, 'error-codes': ['invalid-input-response'] },
      };
      const body = typeof answer.body === 'string' ? answer.body : JSON.stringify(answer.body);
      res.writeHead(answer.status ?? 200, { 'content-type': 'application/json' }).end(body);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  await new Promise((resolve) => server.close(resolve));
});

beforeEach(() => {
  seen = [];
});

const context = { remoteIp: '203.0.113.5', hostname: 'shop.example.com' };

const providers: [string, () => Verifier, string][] = [
  [
    'turnstile',
    () =>
      createTurnstileVerifier({
        siteKey: 'site-t',
        secretKey: SECRET,
        endpoint: `${base}/turnstile/v0/siteverify`,
      }),
    '/turnstile/v0/siteverify',
  ],
  [
    'hcaptcha',
    () =>
      createHcaptchaVerifier({
        siteKey: 'site-h',
        secretKey: SECRET,
        endpoint: `${base}/hcaptcha/siteverify`,
      }),
    '/hcaptcha/siteverify',
  ],
  [
    'recaptcha',
    () =>
      createRecaptchaVerifier({
        siteKey: 'site-r',
        secretKey: SECRET,
        endpoint: `${base}/recaptcha/api/siteverify`,
      }),
    '/recaptcha/api/siteverify',
  ],
];

describe.each(providers)('%s', (provider, make, path) => {
  it('accepts a good token and sends secret, token and the visitor IP', async () => {
    const verifier = make();
    expect(verifier.provider).toBe(provider);
    expect(await verifier.verify('good', context)).toEqual({ ok: true });
    expect(seen).toHaveLength(1);
    expect(seen[0]!.path).toBe(path);
    expect(seen[0]!.form).toMatchObject({
      secret: SECRET,
      response: 'good',
      remoteip: '203.0.113.5',
    });
  });

  it('rejects a spent or unknown token', async () => {
    expect(await make().verify('spent', context)).toEqual({
      ok: false,
      reason: 'rejected',
      errorCodes: ['timeout-or-duplicate'],
    });
    expect(await make().verify('forged', context)).toEqual({
      ok: false,
      reason: 'rejected',
      errorCodes: ['invalid-input-response'],
    });
  });

  it('rejects a token solved on another hostname', async () => {
    expect(await make().verify('good-other-host', context)).toEqual({
      ok: false,
      reason: 'rejected',
      errorCodes: ['hostname-mismatch'],
    });
    expect(await make().verify('good-no-host', context)).toEqual({ ok: true });
  });

  it('reports the provider as unavailable rather than the visitor as a bot', async () => {
    expect(await make().verify('down', context)).toEqual({
      ok: false,
      reason: 'unavailable',
      errorCodes: ['http-503'],
    });
    expect(await make().verify('internal-error', context)).toMatchObject({
      ok: false,
      reason: 'unavailable',
    });
    expect(await make().verify('not-json', context)).toMatchObject({
      ok: false,
      reason: 'unavailable',
    });
  });

  it('treats a wrong secret as a server problem', async () => {
    const verifier =
      provider === 'turnstile'
        ? createTurnstileVerifier({ siteKey: 's', secretKey: 'wrong', endpoint: `${base}${path}` })
        : provider === 'hcaptcha'
          ? createHcaptchaVerifier({ siteKey: 's', secretKey: 'wrong', endpoint: `${base}${path}` })
          : createRecaptchaVerifier({
              siteKey: 's',
              secretKey: 'wrong',
              endpoint: `${base}${path}`,
            });
    expect(await verifier.verify('good', context)).toEqual({
      ok: false,
      reason: 'unavailable',
      errorCodes: ['invalid-input-secret'],
    });
  });

  it('reports an unreachable provider as unavailable', async () => {
    const unreachable = createTurnstileVerifier({
      siteKey: 's',
      secretKey: SECRET,
      endpoint: 'http://127.0.0.1:9/siteverify',
    });
    expect(await unreachable.verify('good', context)).toEqual({
      ok: false,
      reason: 'unavailable',
      errorCodes: ['network-error'],
    });
  });
});

describe('provider specifics', () => {
  it('hCaptcha sends the site key along', async () => {
    await createHcaptchaVerifier({
      siteKey: 'site-h',
      secretKey: SECRET,
      endpoint: `${base}/h`,
    }).verify('good', context);
    expect(seen[0]!.form.sitekey).toBe('site-h');
  });

  it('reCAPTCHA v3 refuses low scores and other actions', async () => {
    const v3 = createRecaptchaVerifier({
      siteKey: 'r',
      secretKey: SECRET,
      endpoint: `${base}/r`,
      action: 'call',
      minScore: 0.5,
    });
    expect(await v3.verify('good', context)).toEqual({ ok: true });
    expect(await v3.verify('low-score', context)).toEqual({
      ok: false,
      reason: 'rejected',
      errorCodes: ['score-too-low'],
    });
    expect(await v3.verify('wrong-action', context)).toEqual({
      ok: false,
      reason: 'rejected',
      errorCodes: ['action-mismatch'],
    });
  });

  it('Turnstile refuses tokens for another action', async () => {
    const t = createTurnstileVerifier({
      siteKey: 't',
      secretKey: SECRET,
      endpoint: `${base}/t`,
      action: 'call',
    });
    expect(await t.verify('good', context)).toEqual({ ok: true });
    expect(await t.verify('wrong-action', context)).toEqual({
      ok: false,
      reason: 'rejected',
      errorCodes: ['action-mismatch'],
    });
  });

  it('uses an injected fetch', async () => {
    const calls: string[] = [];
    const t = createTurnstileVerifier({
      siteKey: 't',
      secretKey: SECRET,
      fetch: async (input) => {
        calls.push((input as Request).url);
        return Response.json({ success: true });
      },
    });
    expect(await t.verify('x', {})).toEqual({ ok: true });
    expect(calls).toEqual(['https://challenges.cloudflare.com/turnstile/v0/siteverify']);
  });
});
