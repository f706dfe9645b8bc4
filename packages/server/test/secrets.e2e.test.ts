import { afterEach, expect, it } from 'vitest';
import {
  AGENT,
  EXOPHONE,
  type Harness,
  listenOn,
  newKey,
  SECRET,
  startHarness,
} from './harness.js';
import { SseReader } from './sse.js';

let h: Harness | undefined;
let fake: Awaited<ReturnType<typeof listenOn>> | undefined;
afterEach(async () => {
  await h?.close();
  await fake?.close();
  h = undefined;
});

const VERIFY_SECRET = 'turnstile-secret-key-0123456789';

it('never puts a secret, a callback token or a CallSid in a response or a log line', async () => {
  // A siteverify stand-in: the token "ok" passes.
  fake = await listenOn((req, res) => {
    let raw = '';
    req.on('data', (c) => {
      raw += c;
    });
    req.on('end', () => {
      const form = new URLSearchParams(raw);
      res
        .writeHead(200, { 'content-type': 'application/json' })
        .end(JSON.stringify({ success: form.get('response') === 'ok' }));
    });
  });
  h = await startHarness({
    widget: {
      verification: {
        provider: 'turnstile',
        siteKey: 'public-site-key',
        secretKey: VERIFY_SECRET,
        endpoint: `http://127.0.0.1:${fake.port}/siteverify`,
      },
    },
  });
  const phone = '+919812345678';
  const created = (await (
    await h.createCall({ widgetId: 'support', phone, verificationToken: 'ok' })
  ).json()) as {
    id: string;
    links: { events: string };
  };
  const stream = new SseReader(await fetch(created.links.events));
  // Failures of every kind, so error paths are covered too.
  await h.createCall({ widgetId: 'support', phone, verificationToken: 'bad' });
  await h.createCall({ widgetId: 'support', phone: '+919000000009', verificationToken: 'ok' });
  h.sim.faults.next({ target: 'connect', fault: { type: 'error', status: 500 } });
  await h.createCall({ widgetId: 'support', phone: '+919812345670', verificationToken: 'ok' });
  await h.createCall({ widgetId: 'support', phone, verificationToken: 'ok', from: AGENT });
  const callbackUrl = h.sim.calls()[0]!.params.statusCallback!;
  await fetch(callbackUrl, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: '{"nope":1}',
  });
  await fetch(callbackUrl.replace(/token=[^&]+/, 'token=forged'), { method: 'POST', body: '{}' });
  await fetch(`${h.url}/v1/widgets/support`);
  await fetch(`${h.url}/healthz`);
  await h.advance(5 * 60_000);
  await stream.toEnd();
  await h.createCall({ widgetId: 'support', phone }, { key: newKey() });

  const secrets = [
    h.sim.credentials.apiKey,
    h.sim.credentials.apiToken,
    btoa(`${h.sim.credentials.apiKey}:${h.sim.credentials.apiToken}`),
    SECRET,
    VERIFY_SECRET,
    ...h.sim
      .calls()
      .flatMap((c) => [c.sid, new URL(c.params.statusCallback!).searchParams.get('token')!]),
  ];
  expect(h.sim.calls().length).toBeGreaterThan(0);

  const responses = await Promise.all(
    h.responses.map(
      async (r) =>
        `${r.status}\n${r.headers.map(([k, v]) => `${k}: ${v}`).join('\n')}\n${await r.body}`,
    ),
  );
  expect(responses.length).toBeGreaterThan(10);
  const logs = h.logs.map((entry) => JSON.stringify(entry));
  expect(logs.length).toBeGreaterThan(10);
  for (const secret of secrets) {
    for (const text of [...responses, ...logs]) expect(text).not.toContain(secret);
  }
  // Nor the business's own numbers.
  for (const text of responses) {
    expect(text).not.toContain(AGENT.slice(3));
    expect(text).not.toContain(EXOPHONE.slice(1));
  }
  // The widget's public config carries the site key only.
  const widget = await (await fetch(`${h.url}/v1/widgets/support`)).json();
  expect(widget).toMatchObject({
    verification: { provider: 'turnstile', siteKey: 'public-site-key' },
  });
});
