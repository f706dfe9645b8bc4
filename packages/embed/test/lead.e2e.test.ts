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

describe('<ringback-call> with the widget’s fields and consent box, in Chromium', () => {
  it('asks, checks, and sends the answers, the consent and the page to the proxy', async () => {
    const { page, errors, elsewhere } = await openPage(
      harness,
      '/pages/lead.html?utm_source=newsletter&utm_campaign=diwali&email=asha%40example.com#plans',
    );
    const widget = page.locator('ringback-call');
    const name = widget.getByRole('textbox', { name: 'Your name' });
    const details = widget.getByRole('textbox', { name: 'Anything we should know?' });
    const reason = widget.getByRole('combobox', { name: 'Reason' });
    const consent = widget.getByRole('checkbox', { name: 'You may call me about my enquiry.' });
    await consent.waitFor();
    await expect(name.getAttribute('aria-required')).resolves.toBe('true');
    await expect(consent.getAttribute('aria-required')).resolves.toBe('true');
    // Parts to style them by, like the rest of the widget.
    await expect(widget.locator('[part="consent"]').count()).resolves.toBe(1);
    await expect(widget.locator('[part="field"]').count()).resolves.toBe(4);

    const creates: unknown[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/ringback/v1/calls'))
        creates.push(request.postDataJSON());
    });

    // Keyboard order: the number, the fields, the consent box, Call me.
    await widget.getByLabel('Your phone number').fill('98123 45673');
    const order = [];
    for (let i = 0; i < 5; i++) {
      await page.keyboard.press('Tab');
      order.push(await focused(page));
    }
    expect(order.map((f) => `${f.tag}:${f.name ?? f.label}`)).toEqual([
      'input:name',
      'textarea:details',
      'select:reason',
      'input:consent',
      'button:Call me',
    ]);

    // Nothing answered: told at each control, the first one focused, nothing sent.
    await page.keyboard.press('Enter');
    await widget.getByText('Please tick this box to continue.').waitFor();
    await expect.poll(() => focused(page)).toMatchObject({ tag: 'input', name: 'name' });
    await expect(name.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(reason.getAttribute('aria-invalid')).resolves.toBe('true');
    await expect(widget.getByText('Please fill this in.').count()).resolves.toBe(2);
    expect(creates).toEqual([]);

    await name.fill('  Asha  ');
    await details.fill('About my bill\nfrom March');
    await reason.selectOption('billing');
    await consent.check();
    await expect(widget.getByText('Please fill this in.').count()).resolves.toBe(0);
    await widget.getByRole('button', { name: 'Call me' }).click();
    await waitForStatus(widget, 'dialing-agent');

    expect(creates).toEqual([
      {
        widgetId: 'lead',
        phone: '+919812345673',
        country: 'IN',
        fields: { name: 'Asha', details: 'About my bill\nfrom March', reason: 'billing' },
        consent: true,
        // The page without its query (an e-mail address) or fragment; its campaign tags.
        context: {
          pageUrl: `${harness.site.url}/pages/lead.html`,
          utm: { source: 'newsletter', campaign: 'diwali' },
        },
      },
    ]);
    // And the proxy took them: the business's hook has them with the call.
    const stored = harness.site.calls.at(-1)!;
    expect(stored).toMatchObject({
      fields: { name: 'Asha', details: 'About my bill\nfrom March', reason: 'billing' },
      consent: { text: { en: 'You may call me about my enquiry.' } },
      context: { pageUrl: `${harness.site.url}/pages/lead.html` },
    });
    await expect(name.getAttribute('readonly')).resolves.toBe('');
    expect(errors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
  });
});
