// Copies the plain-HTML pages (no Vite, no React) and the built embed script into the
// demo website, as a site owner would serve them.
import { copyFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';

const appDir = resolve(import.meta.dirname, '..');
const site = join(appDir, 'dist', 'site');
for (const file of readdirSync(join(appDir, 'static'))) {
  copyFileSync(join(appDir, 'static', file), join(site, file));
}
// The installed package's own file, exactly what a site owner copies.
const script = createRequire(import.meta.url).resolve('@ringback/embed/ringback.js');
copyFileSync(script, join(site, 'ringback.js'));
console.log(`embed page and ringback.js copied into ${site}`);
