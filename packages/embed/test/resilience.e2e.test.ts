// @vitest-environment node
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, openPage, startHarness, waitForStatus } from './browser.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterEach(() => {
  harness.site.setProxyDown(false);
});
afterAll(async () => {
  await harness?.close();
});

const advance = (ms: number) => harness.site.sim.clock.advance(ms);

describe('@ringback/embed in Chromium: a call survives reloads, outages and closed panels', () => {
  it('a reload mid-call resumes following the call', async () => {
    const { page, errors } = await openPage(harness, '/pages/inline.html');
    const widget = page.locator('ringback-call');
    await widget.getByLabel('Your phone number').fill('98123 45673');
    await widget.getByRole('button', { name: 'Call me' }).click();
    await waitForStatus(widget, 'dialing-agent');

    await page.reload();
    // Nothing typed or pressed: the widget asks the proxy about the call it kept.
    await waitForStatus(widget, 'dialing-agent');
    await advance(2000);
    await waitForStatus(widget, 'dialing-you');
    await advance(2000);
    await waitForStatus(widget, 'connected');
    await advance(30_000);
    await waitForStatus(widget, 'completed');
    expect(await page.evaluate(() => Object.keys(sessionStorage))).toEqual([]);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the proxy killed mid-call: "Reconnecting…" within 5 s, then the call’s news once back', async () => {
    const { page } = await openPage(harness, '/pages/inline.html');
    const widget = page.locator('ringback-call');
    await widget.getByLabel('Your phone number').fill('98123 45674');
    await widget.getByRole('button', { name: 'Call me' }).click();
    await waitForStatus(widget, 'dialing-agent');

    harness.site.setProxyDown(true);
    const down = Date.now();
    await widget.getByRole('status').getByText('Reconnecting…').waitFor({ timeout: 5000 });
    expect(Date.now() - down).toBeLessThan(5000);
    // Still no stage it has not heard of, however long the outage lasts.
    await page.waitForTimeout(3000);
    await expect(widget.getByRole('status').textContent()).resolves.toBe('Reconnecting…');

    harness.site.setProxyDown(false);
    await advance(2000); // the agent answers once the proxy is back
    await widget
      .getByRole('status')
      .getByText('Your phone is ringing: please pick up.')
      .waitFor({ timeout: 40_000 });
    await page.close();
  }, 60_000);

  it('Undo within the window sends DELETE with the cancel token and brings the form back', async () => {
    const { page } = await openPage(harness, '/pages/inline.html');
    // Until the proxy holds calls itself (the widget's undoSeconds), its answers are
    // given a 20 s window here: the 202 with a cancel token, the reads with the same
    // dialAt, and the event stream refused (the widget falls back to those reads).
    const dialAt = new Date(Date.now() + 20_000).toISOString();
    const cancels: { url: string; authorization: string | undefined }[] = [];
    await page.route('**/ringback/v1/calls', async (route) => {
      const response = await route.fetch();
      const call = await response.json();
      await route.fulfill({ response, json: { ...call, dialAt, cancelToken: 'ct_e2e' } });
    });
    await page.route('**/ringback/v1/calls/*/events*', (route) => route.fulfill({ status: 503 }));
    await page.route('**/ringback/v1/calls/*', async (route) => {
      const request = route.request();
      if (request.method() === 'DELETE') {
        cancels.push({ url: request.url(), authorization: request.headers().authorization });
      }
      const response = await route.fetch({ method: 'GET', headers: {} });
      const call = await response.json();
      await route.fulfill({
        response,
        json:
          request.method() === 'DELETE'
            ? { ...call, state: 'canceled', final: true, dialAt: null }
            : { ...call, dialAt },
      });
    });
    const widget = page.locator('ringback-call');
    await widget.getByLabel('Your phone number').fill('98765 01234');
    await widget.getByRole('button', { name: 'Call me' }).click();
    await widget.getByRole('status').getByText('Calling +91 98765 01234').waitFor();
    await widget.getByRole('button', { name: 'Undo' }).click();
    await widget.getByRole('button', { name: 'Call me' }).waitFor();
    expect(cancels).toHaveLength(1);
    expect(cancels[0]!.url).toMatch(/\/ringback\/v1\/calls\/call_[\w-]+$/);
    expect(cancels[0]!.authorization).toBe('Bearer ct_e2e');
    await expect(widget.getByLabel('Your phone number').inputValue()).resolves.toBe('98765 01234');
    await page.close();
  });

  it('the floating button shows the live stage and a dot while its panel is closed', async () => {
    const { page } = await openPage(harness, '/pages/floating.html');
    const launcher = page.locator('ringback-launcher');
    const button = launcher.locator('[part="launcher"]');
    await button.click();
    const close = await launcher.getByRole('button', { name: 'Close' }).boundingBox();
    expect([close!.width, close!.height]).toEqual([44, 44]);
    await launcher.getByLabel('Your phone number').fill('98123 45675');
    await launcher.getByRole('button', { name: 'Call me', exact: true }).last().click();
    await waitForStatus(launcher, 'dialing-agent');
    await launcher.getByRole('button', { name: 'Close' }).click();

    await expect(button.textContent()).resolves.toBe('Calling us');
    expect(await button.locator('.rb-dot').isVisible()).toBe(true);
    await advance(2000);
    await button.getByText('Calling you').waitFor();
    await advance(2000);
    await button.getByText('Connected').waitFor();
    await advance(30_000);
    await button.getByText('Call me').waitFor();
    expect(await button.locator('.rb-dot').count()).toBe(0);
    await page.close();
  });

  it('on a small screen, the floating button steps aside while an inline widget is in view', async () => {
    const { page } = await openPage(harness, '/pages/both.html');
    const button = page.locator('ringback-launcher [part="launcher"]');
    const inline = page.locator('body > ringback-call');
    await inline.getByLabel('Your phone number').waitFor();
    await button.waitFor();
    await page.setViewportSize({ width: 360, height: 640 });
    await button.waitFor({ state: 'hidden' });
    // Scrolled out of view, the inline widget no longer needs the room.
    await page.evaluate(() => {
      document.body.style.paddingBlockEnd = '3000px';
      window.scrollTo(0, 2000);
    });
    await button.waitFor({ state: 'visible' });
    await page.close();
  });
});
