#!/usr/bin/env node
// Copies an OpenAPI spec from spec/ into a published package (so its tarball ships the
// contract it implements), or with --check fails when the committed copy differs.
import { readFileSync } from 'node:fs';
import { relative, resolve } from 'node:path';
import { writeOrCheck } from './writeOrCheck.mjs';

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

writeOrCheck(out, fresh, { from: spec, check: flag === '--check' });
