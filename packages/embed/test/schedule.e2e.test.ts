// @vitest-environment node
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type Harness, openPage, startHarness, waitForStatus } from './browser.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

describe('<ringback-call> on a closed shop’s page, in Chromium', () => {
  it('books a callback slot; the booking survives a reload and can be canceled', async () => {
    const { page, errors, elsewhere } = await openPage(harness, '/pages/later.html');
    const widget = page.locator('ringback-call');
    const status = widget.getByRole('status');
    const list = widget.getByRole('listbox', { name: 'Call me at…' });
    await list.waitFor();
    await expect(status.textContent()).resolves.toMatch(/^We are closed\./);
    // Tomorrow's slots first, grouped by day, in the shop's time (named: the browser runs in UTC here).
    const groups = await list
      .locator('optgroup')
      .evaluateAll((all) => all.map((g) => g.getAttribute('label')));
    expect(groups.length).toBeGreaterThanOrEqual(1);
    const times = await list.locator('option').allTextContents();
    expect(times.slice(0, 4)).toEqual([
      '10:00 AM GMT+5:30',
      '10:30 AM GMT+5:30',
      '11:00 AM GMT+5:30',
      '11:30 AM GMT+5:30',
    ]);

    await widget.getByLabel('Your phone number').fill('98123 45674');
    // By keyboard: into the list, down to the second slot, Tab to the button, Enter.
    await list.focus();
    await page.keyboard.press('ArrowDown');
    const picked = await list.inputValue();
    const values = await list
      .locator('option')
      .evaluateAll((all) => all.map((o) => (o as HTMLOptionElement).value));
    expect(picked).toBe(values[1]);
    const creates: unknown[] = [];
    page.on('request', (request) => {
      if (request.method() === 'POST' && request.url().endsWith('/ringback/v1/calls'))
        creates.push(request.postDataJSON());
    });
    await page.keyboard.press('Tab');
    await page.keyboard.press('Enter');
    await waitForStatus(widget, 'scheduled');
    await expect(status.textContent()).resolves.toMatch(
      /^We'll call you on .+, 10:30 AM GMT\+5:30\.$/,
    );
    const booked = harness.site.calls.at(-1)!;
    expect(booked.state).toBe('scheduled');
    expect(creates).toEqual([
      expect.objectContaining({ phone: '+919812345674', scheduledFor: picked }),
    ]);

    // The visitor comes back: the booking is still there, with its Cancel.
    await page.reload();
    await waitForStatus(widget, 'scheduled');
    await expect(status.textContent()).resolves.toMatch(/10:30 AM GMT\+5:30/);
    const kept = await page.evaluate(() => Object.keys(localStorage));
    expect(kept).toHaveLength(1);

    await widget.getByRole('button', { name: 'Cancel' }).click();
    await list.waitFor();
    await expect.poll(() => harness.site.calls.at(-1)?.state).toBe('canceled');
    expect(harness.site.calls.at(-1)!.id).toBe(booked.id);
    await expect(page.evaluate(() => localStorage.length)).resolves.toBe(0);
    // And after another reload nothing is pending.
    await page.reload();
    await list.waitFor();
    await expect(widget.getByRole('button', { name: 'Cancel' }).count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    expect(elsewhere).toEqual([]);
    await page.close();
  });
});
