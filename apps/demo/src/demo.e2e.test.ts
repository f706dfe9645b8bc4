import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { isFinal } from '@ringback/protocol';
import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../../test/support/chromium.js';
import { type RunningDemo, startDemo } from './startDemo.js';

const appDir = resolve(import.meta.dirname, '..');

let demo: RunningDemo;
let dataDir: string;

beforeAll(async () => {
  // The same build `pnpm start` runs (turbo: the embed script first, then the website
  // and the API reference); cached when nothing changed.
  execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@ringback/demo'], {
    cwd: resolve(appDir, '../..'),
    stdio: 'pipe',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  dataDir = mkdtempSync(join(tmpdir(), 'ringback-demo-'));
  demo = await startDemo({
    host: '127.0.0.1',
    port: 0,
    dataDir,
    upstream: { kind: 'simulator' },
    siteDir: join(appDir, 'dist', 'site'),
    docsDir: join(appDir, 'dist', 'docs'),
    // 20 s calls in one second.
    simulatorSpeed: 20,
  });
});

afterAll(async () => {
  await demo?.close();
});

async function createCall(phone: string): Promise<string> {
  const response = await fetch(`${demo.url}/ringback/v1/calls`, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      origin: demo.url,
      'idempotency-key': crypto.randomUUID(),
    },
    body: JSON.stringify({ widgetId: 'demo', phone }),
  });
  const body = (await response.json()) as { id: string };
  expect(response.status, JSON.stringify(body)).toBe(202);
  return body.id;
}

/** Follows the call's own event stream to its final state, as the widget does. */
async function finalState(callId: string): Promise<string> {
  const response = await fetch(`${demo.url}/ringback/v1/calls/${callId}/events`, {
    headers: { origin: demo.url, accept: 'text/event-stream' },
  });
  const text = await response.text(); // the stream closes after the final state
  const states = [...text.matchAll(/"state":"([a-z-]+)"/g)].map((m) => m[1]!);
  const last = states.at(-1)!;
  expect(isFinal(last), `stream ended in ${last}`).toBe(true);
  return last;
}

describe('the demo, with the simulator', () => {
  it('serves the website, the phone simulator and the API reference, and nothing outside them', async () => {
    for (const path of [
      '/',
      '/embed',
      '/phones',
      '/docs/',
      '/docs/ringback.html',
      '/docs/exotel.html',
    ]) {
      const response = await fetch(demo.url + path);
      expect(response.status, path).toBe(200);
      expect(response.headers.get('content-type'), path).toMatch(/text\/html/);
    }
    for (const path of ['/nope', '/..%2f..%2fpackage.json', '/%2e%2e/%2e%2e/package.json']) {
      expect((await fetch(demo.url + path)).status, path).toBe(404);
    }
    expect(await (await fetch(`${demo.url}/demo.json`)).json()).toMatchObject({
      upstream: 'simulator',
      widgetId: 'demo',
      // The phone page shows one handset per weaver of the shop's group.
      agents: [{ name: 'Lakshmi' }, { name: 'Ravi' }, { name: 'Anjali' }],
    });
    expect((await demo.ringback.agents()).map((a) => a.id)).toEqual(['lakshmi', 'ravi', 'anjali']);
  });

  it.each([
    ['+919812345678', 'completed'],
    ['+919000000001', 'busy'],
    ['+919000000002', 'not-answered'],
  ])('a call to %s ends %s', async (phone, ending) => {
    expect(await finalState(await createCall(phone))).toBe(ending);
  });

  it('lets a person answer or reject each phone through the simulator', async () => {
    const sim = `${demo.url}/exotel-sim/_sim`;
    const put = (fate: unknown) =>
      fetch(`${sim}/default-fate`, { method: 'PUT', body: JSON.stringify(fate) });
    expect((await put({ outcome: 'manual' })).status).toBe(200);
    try {
      const callId = await createCall('+919812345670');
      const ringing = async () => {
        const { calls } = (await (await fetch(`${sim}/calls`)).json()) as {
          calls: { sid: string; legs: { number: string; status: string | null }[] }[];
        };
        return calls.find((c) => c.legs[0]!.status === 'ringing');
      };
      // Each weaver rejects in turn: the call rings the next, and ends after the third.
      const rung = new Set<string>();
      for (let weaver = 0; weaver < 3; weaver++) {
        let call = await ringing();
        while (!call) call = await ringing();
        rung.add(call.legs[0]!.number);
        const rejected = await fetch(`${sim}/calls/${call.sid}/legs/1/reject`, { method: 'POST' });
        expect(rejected.status).toBe(200);
      }
      expect(await finalState(callId)).toBe('agent-unavailable');
      expect(rung.size).toBe(3);
    } finally {
      await put({ outcome: 'answer', ringSeconds: 4, talkSeconds: 12 });
    }
  });

  it('keeps its data in the data folder', () => {
    expect(existsSync(join(dataDir, 'ringback.db'))).toBe(true);
    expect(existsSync(join(dataDir, 'secret'))).toBe(true);
  });

  it('in Chromium: a visitor asks for a call and watches it to the end, with no other host contacted', async () => {
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage();
      const elsewhere: string[] = [];
      page.on('request', (request) => {
        // data: and blob: (Redoc's workers) stay in the page; any other origin is a leak.
        const { protocol, origin } = new URL(request.url());
        if (/^https?:$/.test(protocol) && origin !== demo.url) elsewhere.push(request.url());
      });
      // Records every status the widget shows, however briefly.
      await page.addInitScript(() => {
        const statuses: string[] = [];
        (window as unknown as { statuses: string[] }).statuses = statuses;
        new MutationObserver(() => {
          const status = document.querySelector('.rb-ctc')?.getAttribute('data-status');
          if (status && statuses.at(-1) !== status) statuses.push(status);
        }).observe(document, { attributes: true, subtree: true, childList: true });
      });
      await page.goto(demo.url);
      await page.getByLabel('Your phone number').fill('98123 45679');
      await page.getByRole('button', { name: 'Call me' }).click();
      await page.locator('.rb-ctc[data-status="completed"]').waitFor();
      const seen = await page.evaluate(
        () => (window as unknown as { statuses: string[] }).statuses,
      );
      expect(seen).toEqual(
        expect.arrayContaining(['dialing-agent', 'dialing-you', 'connected', 'completed']),
      );
      await page.goto(`${demo.url}/docs/ringback.html`);
      await page.getByText('Ringback proxy API').first().waitFor();
      expect(elsewhere).toEqual([]);
    } finally {
      await browser.close();
    }
  });

  it('in Chromium: the plain HTML page with the script tag places a call from the inline element', async () => {
    const browser = await chromium.launch({
      executablePath: chromiumPath(),
      args: CHROMIUM_ARGS,
    });
    try {
      const page = await browser.newPage();
      const elsewhere: string[] = [];
      page.on('request', (request) => {
        // data: and blob: (Redoc's workers) stay in the page; any other origin is a leak.
        const { protocol, origin } = new URL(request.url());
        if (/^https?:$/.test(protocol) && origin !== demo.url) elsewhere.push(request.url());
      });
      await page.addInitScript(() => {
        document.addEventListener('ringback:call-ended', (event) => {
          (window as unknown as { ended: unknown }).ended = (event as CustomEvent).detail;
        });
      });
      await page.goto(`${demo.url}/embed`);
      expect(
        await page.evaluate(
          () => 'React' in window || !!document.querySelector('[data-reactroot]'),
        ),
      ).toBe(false);
      const inline = page.locator('section ringback-call');
      await inline.getByLabel('Your phone number').fill('98123 45671');
      await inline.getByRole('button', { name: 'Call me' }).click();
      await page.waitForFunction(() => (window as unknown as { ended?: unknown }).ended);
      const ended = await page.evaluate(
        () => (window as unknown as { ended: { state: string } }).ended,
      );
      expect(ended.state).toBe('completed');
      // The floating button from the same script tag opens a second, independent widget.
      await page.getByRole('button', { name: 'Call me' }).last().waitFor();
      expect(elsewhere).toEqual([]);
    } finally {
      await browser.close();
    }
  });
});
