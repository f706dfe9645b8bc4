#!/usr/bin/env node
// Copies the Node bridge (packages/node-bridge/src, tests left out) into a published
// package's src/generated/nodeBridge/, or with --check fails when the committed copy
// differs. The bridge is written once; each package ships its own copy so that none
// imports the unpublished @ringback/node-bridge.
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';

const [outArg, flag] = process.argv.slice(2);
if (!outArg) {
  console.error('usage: copy-node-bridge.mjs <out dir> [--check]');
  process.exit(2);
}
const root = resolve(import.meta.dirname, '..');
const source = join(root, 'packages/node-bridge/src');
const out = resolve(outArg);

const fresh = new Map(
  readdirSync(source)
    .filter((name) => name.endsWith('.ts') && !name.endsWith('.test.ts'))
    .sort()
    .map((name) => {
      const from = relative(root, join(source, name));
      const header = `// Copied from ${from} by scripts/copy-node-bridge.mjs. Do not edit.\n// Regenerate with \`pnpm generate\`.\n\n`;
      return [name, header + readFileSync(join(source, name), 'utf8')];
    }),
);
let committed = new Map();
try {
  committed = new Map(
    readdirSync(out).map((name) => [name, readFileSync(join(out, name), 'utf8')]),
  );
} catch {}

if (flag === '--check') {
  const stale = [...new Set([...fresh.keys(), ...committed.keys()])].filter(
    (name) => fresh.get(name) !== committed.get(name),
  );
  if (stale.length > 0) {
    console.error(
      `${relative(root, out)} is out of date with ${relative(root, source)} (${stale.join(', ')}): run \`pnpm generate\` and commit the result.`,
    );
    process.exit(1);
  }
  console.log(`${relative(root, out)} matches ${relative(root, source)}`);
} else {
  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  for (const [name, text] of fresh) writeFileSync(join(out, name), text);
  console.log(`wrote ${relative(root, out)} (${[...fresh.keys()].join(', ')})`);
}
