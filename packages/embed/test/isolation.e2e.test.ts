// @vitest-environment node
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  differingPixels,
  type Harness,
  inCorner,
  openPage,
  startHarness,
  waitForStatus,
} from './browser.js';

let harness: Harness;
beforeAll(async () => {
  harness = await startHarness();
});
afterAll(async () => {
  await harness?.close();
});

/** Screenshots of the inline widget, the floating button and its open panel. */
async function shoot(page: Page) {
  const inline = page.locator('body > ringback-call');
  const launcher = page.locator('ringback-launcher');
  await inline.locator('.rb-ctc-prefix').waitFor(); // the widget's configuration has arrived
  const options = { animations: 'disabled', caret: 'hide' } as const;
  const widget = inline.locator('.rb-ctc');
  const shots = {
    widget: await widget.screenshot(options),
    button: await launcher.locator('[part="launcher"]').screenshot(options),
    panel: Buffer.alloc(0) as Buffer,
    boxes: [await widget.boundingBox(), await launcher.locator('[part="launcher"]').boundingBox()],
  };
  await launcher.locator('[part="launcher"]').click();
  await launcher.locator('.rb-ctc-prefix').waitFor();
  shots.panel = await launcher.locator('[part="panel"]').screenshot(options);
  return shots;
}

describe('isolation: the page cannot break the widget, nor the widget the page', () => {
  it('a host stylesheet that restyles everything leaves the widget looking the same (screenshots compared pixel by pixel)', async () => {
    const plain = await openPage(harness, '/pages/look.html');
    const hostile = await openPage(harness, '/pages/hostile.html');
    // The stylesheet did load and restyle the page.
    expect(await hostile.page.evaluate(() => getComputedStyle(document.body).textTransform)).toBe(
      'uppercase',
    );
    const before = await shoot(plain.page);
    const after = await shoot(hostile.page);
    expect(after.boxes.map((b) => [b!.width, b!.height])).toEqual(
      before.boxes.map((b) => [b!.width, b!.height]),
    );

    for (const [part, radius] of [
      ['widget', 8],
      ['button', 24],
      ['panel', 8],
    ] as const) {
      const diff = await differingPixels(harness.browser, before[part], after[part]);
      expect(diff.sizes[0], part).toBe(diff.sizes[1]);
      // Where the page's own background shows through a rounded corner (white, now
      // yellow and lime) pixels differ; elsewhere at most a few edge pixels by a shade
      // of anti-aliasing, nothing anyone could see.
      const outside = diff.pixels.filter((p) => !inCorner(p, diff.width, diff.height, radius));
      expect(
        outside.filter(([, , delta]) => delta > 16),
        part,
      ).toEqual([]);
      expect(outside.length, part).toBeLessThanOrEqual((diff.width * diff.height) / 1000);
    }
    expect(plain.errors).toEqual([]);
    expect(hostile.errors).toEqual([]);
    await plain.page.close();
    await hostile.page.close();
  });

  it("the widget's styles do not reach the page's own elements, even with the same class names", async () => {
    const { page } = await openPage(harness, '/pages/look.html');
    await page.locator('body > ringback-call .rb-ctc-button').waitFor();
    const styles = await page.evaluate(() => {
      const ours = document
        .querySelector('body > ringback-call')!
        .shadowRoot!.querySelector('.rb-ctc-button')!;
      const theirs = document.getElementById('lookalike')!;
      const pick = (el: Element) => {
        const s = getComputedStyle(el);
        return { background: s.backgroundColor, weight: s.fontWeight, minHeight: s.minHeight };
      };
      return { ours: pick(ours), theirs: pick(theirs), sheets: document.styleSheets.length };
    });
    expect(styles.ours).toEqual({
      background: 'rgb(11, 87, 208)',
      weight: '600',
      minHeight: '44px',
    });
    expect(styles.theirs.background).not.toBe('rgb(11, 87, 208)');
    expect(styles.theirs.minHeight).not.toBe('44px');
    expect(styles.sheets).toBe(0); // nothing added to the page's stylesheets
    await page.close();
  });

  it('a strict Content-Security-Policy: no violation, styled widgets, a call that works', async () => {
    const page = await harness.browser.newPage();
    const refused: string[] = [];
    page.on('console', (message) => {
      if (/Content Security Policy|Refused to/i.test(message.text())) refused.push(message.text());
    });
    await page.addInitScript(() => {
      const violations: string[] = [];
      Object.assign(window, { violations });
      document.addEventListener(
        'securitypolicyviolation',
        (e) => violations.push(`${e.violatedDirective} ${e.blockedURI}`),
        true,
      );
    });
    const response = await page.goto(`${harness.site.url}/pages/csp-strict.html`);
    expect(response!.headers()['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'",
    );
    const inline = page.locator('body > ringback-call');
    const launcher = page.locator('ringback-launcher');
    await inline.getByLabel('Your phone number').fill('90000 00001');
    await inline.getByRole('button', { name: 'Call me' }).click();
    await waitForStatus(inline, 'dialing-agent');
    await harness.site.sim.clock.advance(3000);
    await waitForStatus(inline, 'busy');
    await launcher.locator('[part="launcher"]').click();
    await launcher.getByLabel('Your phone number').waitFor();

    const result = await page.evaluate(() => {
      const background = (root: ParentNode, selector: string) =>
        getComputedStyle(root.querySelector(selector)!).backgroundColor;
      return {
        violations: (window as unknown as { violations: string[] }).violations.slice(),
        ended: (window as unknown as { seen: { ended: { state: string }[] } }).seen.ended,
        widget: background(document.querySelector('ringback-call')!.shadowRoot!, '.rb-ctc-button'),
        launcher: background(
          document.querySelector('ringback-launcher')!.shadowRoot!,
          '.rb-launcher',
        ),
      };
    });
    expect(result.violations).toEqual([]);
    expect(refused).toEqual([]);
    expect(result.ended.map((e) => e.state)).toEqual(['busy']);
    expect(result.widget).toBe('rgb(11, 87, 208)');
    expect(result.launcher).toBe('rgb(11, 87, 208)');

    // The policy is enforced and the listener hears it: a <style> element is refused.
    const control = await page.evaluate(async () => {
      const reported = new Promise((resolve) =>
        document.addEventListener('securitypolicyviolation', resolve, { once: true }),
      );
      const style = document.createElement('style');
      style.textContent = 'body { background: red }';
      document.head.append(style);
      await reported;
      return {
        violations: (window as unknown as { violations: string[] }).violations,
        background: getComputedStyle(document.body).backgroundColor,
      };
    });
    expect(control.violations).toEqual(['style-src-elem inline']);
    expect(control.background).toBe('rgba(0, 0, 0, 0)');
    await page.close();
  });

  it('with Trusted Types required too: no violation, and a call goes out', async () => {
    const page = await harness.browser.newPage();
    await page.addInitScript(() => {
      const violations: string[] = [];
      Object.assign(window, { violations });
      document.addEventListener(
        'securitypolicyviolation',
        (e) => violations.push(e.violatedDirective),
        true,
      );
    });
    const response = await page.goto(`${harness.site.url}/pages/csp-tt-strict.html`);
    expect(response!.headers()['content-security-policy']).toContain(
      "require-trusted-types-for 'script'",
    );
    const launcher = page.locator('ringback-launcher');
    await launcher.locator('[part="launcher"]').click();
    await launcher.getByLabel('Your phone number').fill('98123 45673');
    await launcher.getByRole('button', { name: 'Call me', exact: true }).last().click();
    await waitForStatus(launcher, 'dialing-agent');
    expect(
      await page.evaluate(() => (window as unknown as { violations: string[] }).violations),
    ).toEqual([]);
    await page.close();
  });

  it('the built script is self-contained: no eval, no other host, ASCII only, one IIFE', () => {
    const { script } = harness;
    expect(script).not.toMatch(/\beval\s*\(|new Function\s*\(|\bFunction\s*\(\s*['"`]/);
    expect(script).not.toMatch(/[^\0-\x7f]/);
    expect(script).not.toMatch(/\bimport\s*\(|\bimport\s*[{*]|\bexport\s*[{*]/);
    const hosts = [...script.matchAll(/https?:\/\/([\w.-]+)/g)].map((m) => m[1]);
    expect([...new Set(hosts)]).toEqual(['www.w3.org']); // the SVG namespace, not a request
    expect(script.startsWith('(function(){')).toBe(true);
  });
});
