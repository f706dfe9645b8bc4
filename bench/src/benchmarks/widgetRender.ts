import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readFileSync,
  statSync,
  writeFileSync,
} from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import {
  type Benchmark,
  type BenchmarkResult,
  commandFor,
  fmt,
  fmtBytes,
  type NotMeasured,
} from '../lib/benchmark.js';
import { startServer } from '../lib/servers.js';
import { type Summary, summarize } from '../lib/stats.js';
import { bundlePage } from '../widget/bundle.js';
import { EMBED_READY, embedMarkup, embedSource } from '../widget/embed.js';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface PageSample {
  /** ms from navigation start until the widget is in the DOM. */
  rendered: number;
  /** ms until the frame after that has been produced. */
  painted: number;
  fcp: number | null;
  load: number;
  /** Main-thread busy time (Chromium's TaskDuration), ms. */
  mainThreadMs: number;
  scriptMs: number;
  layoutAndStyleMs: number;
}

export interface PageVariant {
  name: string;
  label: string;
  scriptBytes: { raw: number; gzipped: number } | null;
  samples: PageSample[];
  rendered: Summary;
  mainThreadMs: Summary;
  scriptMs: Summary;
}

export interface WidgetRenderData {
  chromium: string;
  variants: PageVariant[];
}

interface Variant {
  name: string;
  label: string;
  body(endpoint: string): string;
  ready: string;
  script?: string;
}

/**
 * Runs in the page before anything else: notes when the widget first appears
 * (a MutationObserver, and a per-frame check for content inside a shadow root).
 */
const probe = (ready: string) => `<script>
window.__bench = {};
(function () {
  var check = function () { return ${ready}; };
  var found = function () {
    if (window.__bench.rendered !== undefined) return;
    window.__bench.rendered = performance.now();
    requestAnimationFrame(function () { setTimeout(function () { window.__bench.painted = performance.now(); }, 0); });
  };
  var mo = new MutationObserver(function () { if (check()) { mo.disconnect(); found(); } });
  mo.observe(document, { childList: true, subtree: true });
  (function frame() { if (check()) found(); else requestAnimationFrame(frame); })();
})();
</script>`;

const page = (title: string, ready: string, body: string) => `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>${title}</title>
${probe(ready)}
</head><body><main><h1>${title}</h1><p>A blank page.</p>${body}</main></body></html>
`;

export const widgetRender: Benchmark<WidgetRenderData> = {
  id: 'widget-render',
  title: 'Widget on a page (Chromium)',
  async run(ctx): Promise<BenchmarkResult<WidgetRenderData>> {
    const notMeasured: NotMeasured[] = [];
    if (!existsSync(CHROMIUM_PATH)) {
      notMeasured.push({
        target: 'every page',
        reason: `no Chromium at ${CHROMIUM_PATH} (set CHROMIUM_PATH).`,
      });
      return report({ chromium: 'none', variants: [] }, notMeasured);
    }
    const root = path.join(ctx.tmpDir, 'pages');
    mkdirSync(root, { recursive: true });
    const variants: Variant[] = [
      {
        name: 'blank',
        label: 'blank page (baseline)',
        body: () => '',
        ready: "!!document.querySelector('main')",
      },
    ];
    try {
      await bundlePage(
        fileURLToPath(new URL('../widget/reactPage.tsx', import.meta.url)),
        path.join(root, 'react-widget.js'),
      );
      variants.push({
        name: 'react',
        label: '`<ClickToCall/>` (React + ReactDOM + @ringback/react)',
        body: () => '<div id="widget"></div><script src="react-widget.js"></script>',
        ready: "!!document.querySelector('.rb-ctc')",
        script: 'react-widget.js',
      });
    } catch (error) {
      notMeasured.push({
        target: '@ringback/react on a page',
        reason: `did not bundle: ${(error as Error).message.split('\n')[0]}`,
      });
    }
    const embed = embedSource();
    if (embed.kind === 'missing')
      notMeasured.push({ target: '@ringback/embed on a page', reason: embed.reason });
    else {
      try {
        copyFileSync(embed.file, path.join(root, 'embed.js'));
        variants.push({
          name: 'embed',
          label: '`<script>` embed (@ringback/embed)',
          body: (endpoint) => `${embedMarkup(endpoint)}<script src="embed.js" async></script>`,
          ready: EMBED_READY,
          script: 'embed.js',
        });
      } catch (error) {
        notMeasured.push({
          target: '@ringback/embed on a page',
          reason: `did not bundle: ${(error as Error).message.split('\n')[0]}`,
        });
      }
    }

    const server = await startServer({ kind: 'page', root });
    const origin = server.ready.url;
    for (const v of variants)
      writeFileSync(
        path.join(root, `${v.name}.html`),
        page(v.label.replace(/[<>`]/g, ''), v.ready, v.body(`${origin}/ringback`)),
      );
    const browser = await chromium.launch({
      executablePath: CHROMIUM_PATH,
      args: CHROMIUM_ARGS,
      headless: true,
    });
    const samplesOf = new Map<string, PageSample[]>(variants.map((v) => [v.name, []]));
    const samples = ctx.quick ? 1 : 20;
    try {
      // One throwaway load each (Chromium's own warm-up), then the variants in turn.
      for (const v of variants) await loadPage(browser, `${origin}/${v.name}.html`);
      for (let i = 0; i < samples; i++)
        for (const v of variants)
          samplesOf.get(v.name)!.push(await loadPage(browser, `${origin}/${v.name}.html`));
    } finally {
      await browser.close();
      await server.close();
    }
    const data: WidgetRenderData = {
      chromium: browser.version(),
      variants: variants.map((v) => {
        const list = samplesOf.get(v.name)!;
        const file = v.script ? path.join(root, v.script) : undefined;
        return {
          name: v.name,
          label: v.label,
          scriptBytes: file
            ? {
                raw: statSync(file).size,
                gzipped: gzipSync(readFileSync(file), { level: 9 }).byteLength,
              }
            : null,
          samples: list,
          rendered: summarize(list.map((s) => s.rendered)),
          mainThreadMs: summarize(list.map((s) => s.mainThreadMs)),
          scriptMs: summarize(list.map((s) => s.scriptMs)),
        };
      }),
    };
    for (const v of data.variants)
      ctx.log(
        `  ${v.name}: rendered at ${fmt(v.rendered.median)} ms, main thread ${fmt(v.mainThreadMs.median)} ms`,
      );
    return report(data, notMeasured);
  },
};

async function loadPage(
  browser: import('playwright-core').Browser,
  url: string,
): Promise<PageSample> {
  const context = await browser.newContext();
  try {
    const tab = await context.newPage();
    const cdp = await context.newCDPSession(tab);
    await cdp.send('Performance.enable', { timeDomain: 'threadTicks' });
    await tab.goto(url, { waitUntil: 'load' });
    await tab.waitForFunction(
      () => (window as { __bench?: { painted?: number } }).__bench?.painted !== undefined,
      null,
      { timeout: 15_000 },
    );
    // The widget's config request and the render it causes belong to its cost.
    await tab.waitForLoadState('networkidle');
    const marks = await tab.evaluate(() => {
      const bench = (window as unknown as { __bench: { rendered: number; painted: number } })
        .__bench;
      const nav = performance.getEntriesByType('navigation')[0] as PerformanceNavigationTiming;
      const fcp = performance.getEntriesByName('first-contentful-paint')[0];
      return { ...bench, fcp: fcp ? fcp.startTime : null, load: nav.loadEventEnd };
    });
    const { metrics } = (await cdp.send('Performance.getMetrics')) as {
      metrics: { name: string; value: number }[];
    };
    const metric = (name: string) =>
      (metrics.find((m) => m.name === name)?.value ?? Number.NaN) * 1000;
    return {
      rendered: marks.rendered,
      painted: marks.painted,
      fcp: marks.fcp,
      load: marks.load,
      mainThreadMs: metric('TaskDuration'),
      scriptMs: metric('ScriptDuration'),
      layoutAndStyleMs: metric('LayoutDuration') + metric('RecalcStyleDuration'),
    };
  } finally {
    await context.close();
  }
}

function report(
  data: WidgetRenderData,
  notMeasured: NotMeasured[],
): BenchmarkResult<WidgetRenderData> {
  const blank = data.variants.find((v) => v.name === 'blank');
  const table = {
    title: `Chromium ${data.chromium}, headless, pages and proxy on loopback, a fresh browser context per load`,
    columns: [
      'page',
      'script (min / gzip)',
      'widget in the DOM, ms',
      'spread',
      'painted, ms',
      'FCP, ms',
      'main-thread time, ms',
      'spread',
      'added over blank',
      'of which script, ms',
    ],
    rows: data.variants.map((v) => {
      const med = (pick: (s: PageSample) => number | null) =>
        fmt(summarize(v.samples.flatMap((s) => pick(s) ?? [])).median);
      return [
        v.label,
        v.scriptBytes ? `${fmtBytes(v.scriptBytes.raw)} / ${fmtBytes(v.scriptBytes.gzipped)}` : '',
        fmt(v.rendered.median),
        `${fmt(v.rendered.min)}–${fmt(v.rendered.max)}`,
        med((s) => s.painted),
        med((s) => s.fcp),
        fmt(v.mainThreadMs.median),
        `${fmt(v.mainThreadMs.min)}–${fmt(v.mainThreadMs.max)}`,
        blank && v !== blank ? `${fmt(v.mainThreadMs.median - blank.mainThreadMs.median)} ms` : '',
        fmt(v.scriptMs.median),
      ];
    }),
  };
  return {
    id: widgetRender.id,
    title: widgetRender.title,
    description: [
      "A blank page, then the same page with the widget, loaded in headless Chromium over loopback (same-origin proxy serving the widget's real config).",
      '"Widget in the DOM" is `performance.now()` when the widget\'s root first exists (a MutationObserver installed before any script); "painted" is the next frame.',
      "Main-thread time is Chromium's TaskDuration (CDP Performance.getMetrics) once the network is idle, so it includes the config request and the render it causes.",
    ].join(' '),
    command: commandFor(widgetRender.id),
    tables: data.variants.length > 0 ? [table] : [],
    targets: [],
    notes: [
      'The React page ships React and ReactDOM too (a React site has them already); the script column says how much the page downloaded.',
    ],
    notMeasured,
    data,
  };
}
