#!/usr/bin/env node
// Copies an OpenAPI spec from spec/ into a published package (so its tarball ships the
// contract it implements), or with --check fails when the committed copy differs.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, relative, resolve } from 'node:path';

const [specArg, outArg, flag] = process.argv.slice(2);
if (!specArg || !outArg) {
  console.error('usage: copy-spec.mjs <spec.yaml> <out.yaml> [--check]');
  process.exit(2);
}
const spec = resolve(specArg);
const out = resolve(outArg);
const root = resolve(import.meta.dirname, '..');

const header = `# Copied from ${relative(root, spec)} by scripts/copy-spec.mjs. Do not edit.\n# Regenerate with \`pnpm generate\`.\n`;
const fresh = header + readFileSync(spec, 'utf8');

if (flag === '--check') {
  let committed = '';
  try {
    committed = readFileSync(out, 'utf8');
  } catch {}
  if (committed !== fresh) {
    console.error(
      `${relative(root, out)} is out of date with ${relative(root, spec)}: run \`pnpm generate\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(`${relative(root, out)} matches ${relative(root, spec)}`);
} else {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, fresh);
  console.log(`wrote ${relative(root, out)}`);
}
