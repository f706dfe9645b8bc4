// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { focused, type Harness, openPage, startHarness, waitForStatus } from './browser.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

const advance = (ms: number) => harness.site.sim.clock.advance(ms);
/** Statuses of one kind of element, in order, without repeats of the pre-call ones. */
const statusesOf = (
  events: { type: string; target: string; detail: { status: string } }[],
  target: string,
) => events.filter((e) => e.type === 'state' && e.target === target).map((e) => e.detail.status);

describe('@ringback/embed in Chromium, on plain HTML pages with the real proxy and simulator', () => {
  it('the floating button: a visitor opens it, asks for a call and follows it to completed', async () => {
    const { page, errors, elsewhere, events } = await openPage(harness, '/pages/floating.html');
    const placed = harness.site.sim.stats().connectsAccepted;
    const launcher = page.locator('ringback-launcher');
    const button = launcher.locator('[part="launcher"]');
    await expect(button.getAttribute('aria-expanded')).resolves.toBe('false');
    expect(await launcher.getByRole('dialog').isHidden()).toBe(true);

    await button.click();
    await expect(button.getAttribute('aria-expanded')).resolves.toBe('true');
    await launcher.getByRole('dialog', { name: 'Call me' }).waitFor();
    expect(await focused(page)).toMatchObject({ host: 'ringback-call', name: 'phone' });

    await launcher.getByLabel('Your phone number').fill('98123 45678');
    await launcher.getByRole('button', { name: 'Call me', exact: true }).last().click();
    await waitForStatus(launcher, 'dialing-agent');
    await advance(2000); // the agent answers
    await waitForStatus(launcher, 'dialing-you');
    await advance(2000); // the visitor answers
    await waitForStatus(launcher, 'connected');
    await advance(10_000); // they talk 10 s
    await waitForStatus(launcher, 'completed');
    await expect(launcher.getByRole('status').textContent()).resolves.toBe(
      'Call ended (0:10). Thank you!',
    );

    await launcher.getByRole('button', { name: 'Close' }).click();
    await expect(button.getAttribute('aria-expanded')).resolves.toBe('false');

    const recorded = await events();
    expect(statusesOf(recorded, 'ringback-launcher')).toEqual([
      'validating',
      'submitting',
      'dialing-agent',
      'dialing-you',
      'connected',
      'completed',
    ]);
    const ended = recorded.filter((e) => e.type === 'call-ended');
    expect(ended).toEqual([
      {
        type: 'call-ended',
        target: 'ringback-launcher',
        detail: {
          widgetId: 'sales',
          state: 'completed',
          callId: expect.any(String),
          conversationSeconds: 10,
        },
      },
    ]);
    expect(
      recorded.filter((e) => e.type === 'open' || e.type === 'close').map((e) => e.type),
    ).toEqual(['open', 'close']);
    expect(harness.site.sim.stats().connectsAccepted).toBe(placed + 1);
    expect(errors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
  });

  it('the inline element: the same widget and states as <ClickToCall/>, on a page without React', async () => {
    const { page, errors, elsewhere, events } = await openPage(harness, '/pages/inline.html');
    expect(await page.evaluate(() => 'React' in window || document.scripts.length)).toBe(1);
    const widget = page.locator('ringback-call');
    await expect(widget.locator('.rb-ctc-prefix').textContent()).resolves.toBe('India +91');
    await widget.getByText('We call you once about your enquiry.').waitFor();
    await page.evaluate(() => {
      const section = document.getElementById('contact')!;
      section.addEventListener('ringback:call-ended', (event) => {
        Object.assign(window, { endedInSection: (event as CustomEvent).detail.state });
      });
    });

    // Checked in the browser first, as in React.
    await widget.getByLabel('Your phone number').fill('12345');
    await widget.getByRole('button', { name: 'Call me' }).click();
    await widget.getByText('This number is too short.').waitFor();
    await expect(widget.getByLabel('Your phone number').getAttribute('aria-invalid')).resolves.toBe(
      'true',
    );

    await widget.getByLabel('Your phone number').fill('90000 00001'); // the simulator's busy line
    await widget.getByRole('button', { name: 'Call me' }).click();
    await waitForStatus(widget, 'dialing-agent');
    await advance(2000);
    await waitForStatus(widget, 'dialing-you');
    await advance(1000);
    await waitForStatus(widget, 'busy');
    await expect(widget.getByRole('status').textContent()).resolves.toBe(
      'Your line was busy. Try again when it is free.',
    );
    await widget.getByRole('button', { name: 'Try again' }).waitFor();
    expect(
      await page.evaluate(() => (window as unknown as { endedInSection: string }).endedInSection),
    ).toBe('busy');
    // A number refused in the browser is no status change, as in React.
    expect(statusesOf(await events(), 'ringback-call')).toEqual([
      'validating',
      'submitting',
      'dialing-agent',
      'dialing-you',
      'busy',
    ]);
    expect(errors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
  });

  it('both on one page: the inline widget and the floating button each follow their own call', async () => {
    const { page, errors, events } = await openPage(harness, '/pages/both.html');
    const inline = page.locator('body > ringback-call');
    const launcher = page.locator('ringback-launcher');
    const box = await launcher.locator('[part="launcher"]').boundingBox();
    expect(box!.x).toBeLessThan(100); // data-position="left"

    await inline.getByLabel('Your phone number').fill('90000 00002'); // never answers
    await inline.getByRole('button', { name: 'Call me' }).click();
    await launcher.locator('[part="launcher"]').click();
    await launcher.getByLabel('Your phone number').fill('98123 45670');
    await launcher.getByRole('button', { name: 'Call me', exact: true }).last().click();
    await waitForStatus(inline, 'dialing-agent');
    await waitForStatus(launcher, 'dialing-agent');
    await advance(2000);
    await waitForStatus(inline, 'dialing-you');
    await waitForStatus(launcher, 'dialing-you');
    await advance(2000);
    await waitForStatus(launcher, 'connected');
    await advance(10_000);
    await waitForStatus(launcher, 'completed');
    await waitForStatus(inline, 'dialing-you');
    await advance(30_000); // the visitor's phone rang out
    await waitForStatus(inline, 'not-answered');

    const ended = (await events()).filter((e) => e.type === 'call-ended');
    expect(ended.map((e) => [e.target, e.detail.state]).sort()).toEqual([
      ['ringback-call', 'not-answered'],
      ['ringback-launcher', 'completed'],
    ]);

    // One language for the page, then back to the browser's.
    await page.evaluate(() => window.Ringback.setLocale('hi'));
    await inline.getByLabel('आपका फ़ोन नंबर').waitFor();
    await expect(launcher.locator('[part="launcher"]').textContent()).resolves.toBe('मुझे कॉल करें');
    await page.evaluate(() => window.Ringback.setLocale(undefined));
    await inline.getByLabel('Your phone number').waitFor();
    expect(errors).toEqual([]);
    await page.close();
  });

  it('the loader snippet and the script twice: early calls are replayed, everything exists once', async () => {
    const { page, errors } = await openPage(harness, '/pages/snippet.html');
    // The page loads ringback.js three times: the snippet's, an async tag and a defer tag.
    expect(
      await page.evaluate(() => document.querySelectorAll('script[src="/ringback.js"]').length),
    ).toBe(3);
    await page.waitForFunction(() => window.Ringback?.version);
    expect(await page.locator('ringback-launcher').count()).toBe(1);
    const launcher = page.locator('ringback-launcher');
    // Ringback.open() and Ringback.on('open', …) were called before the script arrived.
    await expect(launcher.locator('[part="launcher"]').getAttribute('aria-expanded')).resolves.toBe(
      'true',
    );
    expect(
      await page.evaluate(() => (window as unknown as { seen: { open: number } }).seen.open),
    ).toBe(1);
    const counts = await page.evaluate(() =>
      [...document.querySelectorAll('ringback-call')].map(
        (el) => el.shadowRoot!.querySelectorAll('.rb-ctc').length,
      ),
    );
    expect(counts).toEqual([1]);

    // Init again with the same settings (a client-side navigation): still one button.
    await page.evaluate(() => window.Ringback.init({ endpoint: '/ringback', widgetId: 'sales' }));
    expect(await page.locator('ringback-launcher').count()).toBe(1);

    // Moving the element keeps its call; the queued on('state') listener hears it.
    const inline = page.locator('body > ringback-call');
    await inline.getByLabel('Your phone number').fill('98123 45672');
    await inline.getByRole('button', { name: 'Call me' }).click();
    await waitForStatus(inline, 'dialing-agent');
    await page.evaluate(() =>
      document.body.prepend(document.querySelector('body > ringback-call')!),
    );
    await expect(inline.getByLabel('Your phone number').inputValue()).resolves.toBe('98123 45672');
    await advance(2000);
    await waitForStatus(inline, 'dialing-you');
    expect(
      await page.evaluate(() => (window as unknown as { seen: { states: string[] } }).seen.states),
    ).toEqual(['validating', 'submitting', 'dialing-agent', 'dialing-you']);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('keyboard only: reach the button, open, call, follow the focus to the ending, close', async () => {
    const { page } = await openPage(harness, '/pages/floating.html');
    await page.waitForFunction(() => window.Ringback?.version);
    for (let i = 0; i < 5 && (await focused(page)).host !== 'ringback-launcher'; i++) {
      await page.keyboard.press('Tab');
    }
    expect(await focused(page)).toMatchObject({ host: 'ringback-launcher', label: 'Call me' });
    await page.keyboard.press('Enter');
    expect(await focused(page)).toMatchObject({ host: 'ringback-call', name: 'phone' });

    await page.keyboard.type('98123');
    await page.keyboard.press('Enter');
    const launcher = page.locator('ringback-launcher');
    await launcher.getByText('This number is too short.').waitFor();
    expect(await focused(page)).toMatchObject({ name: 'phone' });

    await page.keyboard.type('45677');
    await expect(launcher.getByLabel('Your phone number').inputValue()).resolves.toBe(
      '98123 45677',
    );
    await page.keyboard.press('Enter');
    await waitForStatus(launcher, 'dialing-agent');
    await advance(2000);
    await waitForStatus(launcher, 'dialing-you');
    await advance(2000);
    await waitForStatus(launcher, 'connected');
    await advance(10_000);
    await waitForStatus(launcher, 'completed');
    // As in <ClickToCall/>: the ending's action takes the focus, inside the shadow root too.
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'button', label: 'Call again' });
    await page.keyboard.press('Enter');
    await waitForStatus(launcher, 'idle');
    expect(await focused(page)).toMatchObject({ name: 'phone' });

    await page.keyboard.press('Tab'); // Call me
    await page.keyboard.press('Tab'); // Close
    expect(await focused(page)).toMatchObject({ host: 'ringback-launcher', label: 'Close' });
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Shift+Tab');
    await page.keyboard.press('Escape');
    const button = launcher.locator('[part="launcher"]');
    await expect(button.getAttribute('aria-expanded')).resolves.toBe('false');
    expect(await focused(page)).toMatchObject({ host: 'ringback-launcher', label: 'Call me' });
    await page.keyboard.press('Enter');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter'); // Close
    await expect(button.getAttribute('aria-expanded')).resolves.toBe('false');
    expect(await focused(page)).toMatchObject({ label: 'Call me' });
    await page.close();
  });

  it('a page on an origin the widget does not list: a neutral message for the visitor, the reason for the developer', async () => {
    // The site's pages are allowed as http://127.0.0.1:<port>; the same page opened as
    // http://localhost:<port> is another origin, and the proxy is cross-origin from it.
    const proxyUrl = `${harness.site.url}/ringback`;
    const elsewhere = harness.site.url.replace('127.0.0.1', 'localhost');
    const page = await harness.browser.newPage();
    const consoleErrors: string[] = [];
    page.on('console', (message) => {
      if (message.type() === 'error') consoleErrors.push(message.text());
    });
    await page.goto(`${elsewhere}/pages/elsewhere.html`);
    await page.evaluate((endpoint) => {
      const widget = document.createElement('ringback-call');
      widget.setAttribute('endpoint', endpoint);
      widget.setAttribute('widget-id', 'sales');
      document.getElementById('contact')!.append(widget);
    }, proxyUrl);
    const widget = page.locator('ringback-call');
    await widget
      .getByText('Calls cannot be placed from this page. Please contact us another way.')
      .waitFor();
    expect(consoleErrors.join('\n')).toContain(
      `refuses widget "sales" on this page's origin (${elsewhere}): add it to the widget's allowedOrigins`,
    );
    const states = await page.evaluate(
      () => [...document.querySelectorAll('ringback-call')].length,
    );
    expect(states).toBe(1);
    await page.close();
  });
});
