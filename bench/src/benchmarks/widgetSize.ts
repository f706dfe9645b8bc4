import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import {
  type Benchmark,
  type BenchmarkResult,
  commandFor,
  fmtBytes,
  fmtRatio,
  type NotMeasured,
  ratio,
} from '../lib/benchmark.js';
import { type BundleSize, bundleSize, cssSize } from '../widget/bundle.js';
import { embedSource } from '../widget/embed.js';

export interface PackageSize {
  name: string;
  /** `export *`: everything the package exports. */
  everything: BundleSize;
  /** Only what a page imports to show the widget. */
  component: BundleSize;
  componentImport: string;
  css: BundleSize | null;
}

export interface WidgetSizeData {
  packages: PackageSize[];
}

interface Candidate {
  name: string;
  everything: string;
  component: string;
  componentImport: string;
  css?: string;
}

const CANDIDATES: Candidate[] = [
  {
    name: '@ringback/client',
    everything: "export * from '@ringback/client';",
    component: "export { createCallSession } from '@ringback/client';",
    componentImport: 'createCallSession',
  },
  {
    name: '@ringback/react',
    everything: "export * from '@ringback/react';",
    component: "export { ClickToCall } from '@ringback/react';",
    componentImport: 'ClickToCall',
  },
  {
    name: 'react-phone-number-input',
    everything:
      "export * from 'react-phone-number-input'; export { default } from 'react-phone-number-input';",
    component: "export { default } from 'react-phone-number-input';",
    componentImport: 'default (PhoneInput)',
    css: 'react-phone-number-input/style.css',
  },
  {
    name: 'react-international-phone',
    everything: "export * from 'react-international-phone';",
    component: "export { PhoneInput } from 'react-international-phone';",
    componentImport: 'PhoneInput',
    css: 'react-international-phone/style.css',
  },
];

export const widgetSize: Benchmark<WidgetSizeData> = {
  id: 'widget-size',
  title: 'Widget size (min + gzip)',
  async run(ctx): Promise<BenchmarkResult<WidgetSizeData>> {
    const packages: PackageSize[] = [];
    const notMeasured: NotMeasured[] = [];
    for (const c of CANDIDATES) {
      try {
        packages.push({
          name: c.name,
          everything: await bundleSize(c.everything),
          component: await bundleSize(c.component),
          componentImport: c.componentImport,
          css: c.css ? await cssSize(c.css) : null,
        });
        ctx.log(
          `  ${c.name}: ${fmtBytes(packages.at(-1)!.component.gzipped)} min+gzip (${c.componentImport})`,
        );
      } catch (error) {
        notMeasured.push({ target: c.name, reason: `did not bundle: ${firstLine(error)}` });
      }
    }
    const embed = embedSource();
    if (embed.kind === 'missing')
      notMeasured.push({ target: '@ringback/embed', reason: embed.reason });
    else {
      try {
        // The embed is a whole script (its own rendering, no React on the page): nothing external.
        const size = sized(readFileSync(embed.file));
        ctx.log(
          `  @ringback/embed: ${fmtBytes(size.gzipped)} min+gzip (${embed.file}, built ${embed.builtAt.toISOString()})`,
        );
        packages.push({
          name: '@ringback/embed',
          everything: size,
          component: size,
          componentImport: '`<script>`',
          css: null,
        });
      } catch (error) {
        notMeasured.push({
          target: '@ringback/embed',
          reason: `did not bundle: ${firstLine(error)}`,
        });
      }
    }
    return report({ packages }, notMeasured);
  },
};

const sized = (code: Uint8Array): BundleSize => ({
  minified: code.byteLength,
  gzipped: gzipSync(code, { level: 9 }).byteLength,
});
const firstLine = (error: unknown) =>
  (error instanceof Error ? error.message : String(error)).split('\n')[0]!;

function report(data: WidgetSizeData, notMeasured: NotMeasured[]): BenchmarkResult<WidgetSizeData> {
  const reactWidget = data.packages.find((p) => p.name === '@ringback/react');
  const total = (p: PackageSize) => p.component.gzipped + (p.css?.gzipped ?? 0);
  const table = {
    columns: [
      'package',
      'import',
      'min',
      'min + gzip',
      'CSS min + gzip',
      'JS + CSS min + gzip',
      'vs @ringback/react',
      'everything (`export *`) min + gzip',
    ],
    rows: data.packages.map((p) => [
      p.name,
      p.componentImport,
      fmtBytes(p.component.minified),
      fmtBytes(p.component.gzipped),
      p.css ? fmtBytes(p.css.gzipped) : p.name.startsWith('@ringback') ? 'in the JS' : '–',
      fmtBytes(total(p)),
      reactWidget ? fmtRatio(ratio(total(p), total(reactWidget))) : '–',
      fmtBytes(p.everything.gzipped),
    ]),
  };
  return {
    id: widgetSize.id,
    title: widgetSize.title,
    description: [
      'Every package bundled the same way: esbuild, ESM for the browser, minified, production, gzip level 9, React and ReactDOM external (the page has them).',
      'The "import" column is what a page imports to show the widget; the last column is everything the package exports.',
      '`@ringback/react` is the whole click-to-call widget (API client, live status over SSE with polling fallback, phone rules, styles); the two competitors are phone-number inputs only, with a stylesheet of their own.',
    ].join(' '),
    command: commandFor(widgetSize.id),
    tables: [table],
    targets: [],
    notes: [
      'Sizes do not vary between runs; one build each.',
      '`@ringback/embed` is its script-tag file (packages/embed/dist/ringback.js) as built by its own Vite config: self-contained (Preact inside, no React needed), styles included; it is not rebuilt here, so build it first.',
    ],
    notMeasured,
    data,
  };
}
