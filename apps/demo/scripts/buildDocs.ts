// Renders both OpenAPI specs to self-contained HTML (Redoc's scripts inlined, so
// nothing is fetched from a CDN at run time) under dist/docs.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const appDir = resolve(import.meta.dirname, '..');
const repoRoot = resolve(appDir, '../..');
const out = join(appDir, 'dist', 'docs');
mkdirSync(out, { recursive: true });

const specs = [
  {
    file: 'ringback.yaml',
    page: 'ringback.html',
    title: 'Ringback proxy API',
    about: 'what the widget talks to',
  },
  {
    file: 'exotel.yaml',
    page: 'exotel.html',
    title: 'Exotel connect API',
    about: 'Exotel, as far as it is known',
  },
];
// Redoc's "API docs by Redocly" badge is an <img> from Redocly's CDN; an empty inline
// image keeps the page from contacting another host (the badge hides itself).
const BADGE = /https:\/\/cdn\.redoc\.ly\/redoc\/logo-mini(-full)?\.svg/g;
const EMPTY_SVG = "data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg'/%3E";

for (const spec of specs) {
  execFileSync(
    join(repoRoot, 'node_modules/.bin/redocly'),
    [
      'build-docs',
      join(repoRoot, 'spec', spec.file),
      '--inlineBundle',
      '--output',
      join(out, spec.page),
    ],
    {
      stdio: 'pipe',
      env: { ...process.env, REDOCLY_TELEMETRY: 'off', REDOCLY_SUPPRESS_UPDATE_NOTICE: 'true' },
    },
  );
  const page = join(out, spec.page);
  writeFileSync(page, readFileSync(page, 'utf8').replace(BADGE, EMPTY_SVG));
}
writeFileSync(
  join(out, 'index.html'),
  `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1"><title>API reference — Ringback</title>
<style>body{font-family:system-ui,sans-serif;max-width:40rem;margin:3rem auto;padding:0 1rem;line-height:1.6}</style></head>
<body><main><h1>API reference</h1><ul>
${specs.map((s) => `<li><a href="/docs/${s.page}">${s.title}</a> — ${s.about}</li>`).join('\n')}
</ul><p><a href="/">Back to the demo</a></p></main></body>
</html>
`,
);
console.log(`API reference written to ${out}`);
