import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { defineProject } from 'vitest/config';
import { sourceResolution } from '../../vitest.shared.js';

// This folder is not a workspace package, so `@ringback/*` is resolved here: each
// package's own `@ringback/source` export entries, read from its package.json, so the
// suites always run the sources (never a stale dist/) and follow the packages' exports.
const PACKAGES = ['server', 'exotel', 'exotel-sim'];

function sourceAliases(): { find: RegExp; replacement: string }[] {
  return PACKAGES.flatMap((dir) => {
    const root = resolve(import.meta.dirname, '../../packages', dir);
    const pkg = JSON.parse(readFileSync(resolve(root, 'package.json'), 'utf8')) as {
      name: string;
      exports: Record<string, string | Record<string, string>>;
    };
    return Object.entries(pkg.exports).flatMap(([subpath, target]) => {
      const source = typeof target === 'object' ? target['@ringback/source'] : undefined;
      if (!source) return [];
      const name = pkg.name + subpath.slice(1);
      return [
        {
          find: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&')}$`),
          replacement: resolve(root, source),
        },
      ];
    });
  });
}

export default defineProject({
  ...sourceResolution,
  resolve: { ...sourceResolution.resolve, alias: sourceAliases() },
  test: {
    name: 'hardening',
    include: ['*.test.ts'],
    // Child processes (the bin, redis-server) and thousands of requests per file: the
    // files run one after another so they do not starve each other of 2 shared cores.
    fileParallelism: false,
    // The bad-input suite measures heap growth after a forced collection.
    execArgv: ['--expose-gc'],
    testTimeout: 120_000,
    hookTimeout: 60_000,
  },
});
