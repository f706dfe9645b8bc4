import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath } from '../../../test/support/chromium.js';
import { type RunningDemo, startDemo } from './startDemo.js';

const appDir = resolve(import.meta.dirname, '..');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
/** A visitor who misses the first call and answers the call-back. */
const VISITOR = '+919812300001';

let demo: RunningDemo;
let browser: Browser;

beforeAll(async () => {
  execFileSync('pnpm', ['exec', 'turbo', 'run', 'build', '--filter=@ringback/demo'], {
    cwd: resolve(appDir, '../..'),
    stdio: 'pipe',
    env: { ...process.env, TURBO_TELEMETRY_DISABLED: '1' },
  });
  demo = await startDemo({
    host: '127.0.0.1',
    port: 0,
    dataDir: mkdtempSync(join(tmpdir(), 'ringback-console-')),
    upstream: { kind: 'simulator' },
    siteDir: join(appDir, 'dist', 'site'),
    docsDir: join(appDir, 'dist', 'docs'),
    simulatorSpeed: 20,
    // An empty store: the one missed lead is the visitor's below.
    history: false,
  });
  browser = await chromium.launch({ executablePath: chromiumPath(), args: CHROMIUM_ARGS });
});

afterAll(async () => {
  await browser?.close();
  await demo?.close();
});

/** axe on the whole page, every rule (colour contrast included: Chromium lays it out). */
async function expectAccessible(page: Page, name: string) {
  // axe is injected past the console's CSP (script-src 'self'), which the page itself keeps.
  await page.evaluate(AXE);
  const violations = await page.evaluate(async () => {
    const { violations } = await (
      window as unknown as {
        axe: { run(): Promise<{ violations: { id: string; nodes: { html: string }[] }[] }> };
      }
    ).axe.run();
    return violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.html).join(' | ')}`);
  });
  expect(violations, name).toEqual([]);
}

describe('the operator console, with the demo', () => {
  it('in Chromium: log in, a request appears live, it is missed, "call back now" completes it', async () => {
    demo.simulator!.script(VISITOR, [
      { outcome: 'no-answer' },
      { outcome: 'answer', ringSeconds: 2, talkSeconds: 5 },
    ]);
    const context = await browser.newContext({ bypassCSP: true });
    const violations: string[] = [];
    const consolePage = await context.newPage();
    consolePage.on('console', (message) => {
      if (/Content.Security.Policy/i.test(message.text())) violations.push(message.text());
    });
    await consolePage.goto(`${demo.url}/ringback/console/`);
    await consolePage.getByRole('heading', { name: 'Log in to the Ringback console' }).waitFor();
    await expectAccessible(consolePage, 'log in');
    await consolePage.getByLabel('Email').fill(demo.operator.email);
    await consolePage.getByLabel('Password').fill('not the password');
    await consolePage.getByRole('button', { name: 'Log in' }).click();
    await consolePage.getByText('Wrong email or password.').waitFor();
    await consolePage.getByLabel('Password').fill(demo.operator.password);
    await consolePage.getByRole('button', { name: 'Log in' }).click();
    await consolePage.getByRole('heading', { name: 'Live requests' }).waitFor();
    await consolePage.getByText('No requests match these filters.').waitFor();
    await expectAccessible(consolePage, 'live requests');

    // A visitor asks for a call on the shop's page; the console shows it without a reload.
    const shop = await context.newPage();
    await shop.goto(demo.url);
    await shop.getByLabel('Your phone number').fill(VISITOR.slice(3));
    await shop.getByRole('button', { name: 'Call me' }).click();
    const row = consolePage
      .getByRole('row')
      .filter({ hasText: '98123 00001' })
      .or(consolePage.getByRole('row').filter({ hasText: VISITOR }));
    await row.first().waitFor();
    // The visitor does not pick up.
    await shop.locator('.rb-ctc[data-status="not-answered"]').waitFor();
    await row.first().getByText('visitor did not answer').waitFor();

    await consolePage.getByRole('link', { name: 'Missed leads' }).click();
    await consolePage.getByRole('heading', { name: 'Missed leads to call back' }).waitFor();
    const lead = consolePage.getByRole('row').filter({ hasText: 'Visitor did not answer' });
    await lead.first().waitFor();
    await expectAccessible(consolePage, 'missed leads');
    await lead.first().getByRole('button', { name: 'Call back now' }).click();
    await consolePage.getByText('Call-back: completed').waitFor({ timeout: 20_000 });

    // The call-back is a call of its own, through the same widget, and it completed.
    const { calls } = (await (
      await consolePage.request.get(`${demo.url}/ringback/v1/admin/calls`)
    ).json()) as {
      calls: { id: string; state: string; phone: string; callbackOf: string | null }[];
    };
    expect(calls.map((c) => [c.phone, c.state])).toEqual([
      [VISITOR, 'completed'],
      [VISITOR, 'not-answered'],
    ]);
    expect(calls[0]!.callbackOf).toBe(calls[1]!.id);

    // Every other page, each checked by axe.
    await consolePage.getByRole('link', { name: 'Live requests' }).click();
    await consolePage
      .getByRole('link', { name: /completed/ })
      .or(row.first().getByRole('link'))
      .first()
      .click();
    await consolePage.getByRole('heading', { level: 1 }).waitFor();
    await expectAccessible(consolePage, 'call detail');
    for (const [link, heading] of [
      ['Agents', 'Agents'],
      ['Stats', 'Stats'],
      ['Audit log', 'Audit log'],
    ] as const) {
      await consolePage.getByRole('link', { name: link }).click();
      await consolePage.getByRole('heading', { name: heading, level: 1 }).waitFor();
      await consolePage.getByText('Loading…').waitFor({ state: 'detached' });
      await expectAccessible(consolePage, link);
    }
    expect(violations).toEqual([]);
    await context.close();
  });
});
