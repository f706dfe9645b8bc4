import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Browser, chromium, type Locator, type Page } from 'playwright-core';
import { build } from 'vite';
import { CHROMIUM_ARGS, chromiumPath } from '../../../test/support/chromium.js';
import { serveTestSite, type TestSite } from './serveTestSite.js';

const packageDir = join(import.meta.dirname, '..');
export interface Harness {
  site: TestSite;
  browser: Browser;
  /** The built `ringback.js`, as served. */
  script: string;
  close(): Promise<void>;
}

/**
 * Builds the script with the package's own Vite config (the artifact a host gets),
 * serves it with the proxy and the simulator, and starts Debian's Chromium.
 */
export async function startHarness(): Promise<Harness> {
  const outDir = mkdtempSync(join(tmpdir(), 'ringback-embed-'));
  await build({
    configFile: join(packageDir, 'vite.config.ts'),
    root: packageDir,
    logLevel: 'warn',
    build: { outDir, emptyOutDir: true },
  });
  const site = await serveTestSite(outDir);
  const browser = await chromium.launch({
    executablePath: chromiumPath(),
    args: CHROMIUM_ARGS,
  });
  return {
    site,
    browser,
    script: readFileSync(join(outDir, 'ringback.js'), 'utf8'),
    async close() {
      await browser.close();
      await site.close();
      rmSync(outDir, { recursive: true, force: true });
    },
  };
}

export interface RecordedEvent {
  type: string;
  /** The element the event came from, as the page sees it (`ringback-call`, `ringback-launcher`). */
  target: string;
  // biome-ignore lint/suspicious/noExplicitAny: whatever the detail holds.
  detail: any;
}

/**
 * A new page that records every `ringback:*` event reaching the document, page errors,
 * and requests to anywhere but the test site.
 */
export async function openPage(harness: Harness, path: string) {
  const page = await harness.browser.newPage();
  const errors: string[] = [];
  const elsewhere: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('request', (request) => {
    if (!request.url().startsWith(harness.site.url)) elsewhere.push(request.url());
  });
  await page.addInitScript(() => {
    const events: unknown[] = [];
    Object.assign(window, { recorded: events });
    for (const type of ['state', 'call-ended', 'open', 'close']) {
      document.addEventListener(`ringback:${type}`, (event) => {
        const { detail, target } = event as CustomEvent;
        events.push({ type, target: (target as Element).localName, detail });
      });
    }
  });
  await page.goto(harness.site.url + path);
  return {
    page,
    errors,
    elsewhere,
    events: () =>
      page.evaluate(() => (window as unknown as { recorded: RecordedEvent[] }).recorded),
  };
}

/** Waits until the widget in `host` shows `status`. */
export const waitForStatus = (host: Locator, status: string) =>
  host.locator(`.rb-ctc[data-status="${status}"]`).waitFor();

/** Describes the focused element, looking inside shadow roots. */
export const focused = (page: Page) =>
  page.evaluate(() => {
    let active = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    const root = active?.getRootNode() as ShadowRoot | undefined;
    const host = root?.host?.localName ?? 'document';
    return {
      host,
      tag: active?.localName,
      name: active?.getAttribute('name') ?? null,
      label: active?.getAttribute('aria-label') ?? active?.textContent?.trim() ?? '',
    };
  });

/** x, y and the largest difference of its channels (0–255). */
export type DifferingPixel = [number, number, number];

/**
 * Compares two PNG screenshots pixel by pixel in the browser and returns the pixels
 * that differ, so a test can say where a difference may be.
 */
export async function differingPixels(
  browser: Browser,
  a: Buffer,
  b: Buffer,
): Promise<{ width: number; height: number; sizes: string[]; pixels: DifferingPixel[] }> {
  const page = await browser.newPage();
  try {
    return await page.evaluate(
      async ([first, second]: string[]) => {
        const load = (src: string) =>
          new Promise<HTMLImageElement>((resolve, reject) => {
            const image = new Image();
            image.onload = () => resolve(image);
            image.onerror = reject;
            image.src = src;
          });
        const images = await Promise.all([load(first!), load(second!)]);
        const [{ width, height }] = images;
        const sizes = images.map((i) => `${i.width}x${i.height}`);
        if (sizes[0] !== sizes[1]) return { width, height, sizes, pixels: [] };
        const [x, y] = images.map((image) => {
          const canvas = new OffscreenCanvas(width, height);
          const context = canvas.getContext('2d')!;
          context.drawImage(image, 0, 0);
          return context.getImageData(0, 0, width, height).data;
        });
        const pixels: [number, number, number][] = [];
        for (let i = 0; i < x!.length; i += 4) {
          const delta = Math.max(...[0, 1, 2, 3].map((c) => Math.abs(x![i + c]! - y![i + c]!)));
          if (delta) pixels.push([(i / 4) % width, Math.floor(i / 4 / width), delta]);
        }
        return { width, height, sizes, pixels };
      },
      [
        `data:image/png;base64,${a.toString('base64')}`,
        `data:image/png;base64,${b.toString('base64')}`,
      ],
    );
  } finally {
    await page.close();
  }
}

/** Whether a pixel lies in a `radius`-square corner of a `width` × `height` box. */
export const inCorner = ([x, y]: DifferingPixel, width: number, height: number, radius: number) =>
  (x < radius || x >= width - radius) && (y < radius || y >= height - radius);
