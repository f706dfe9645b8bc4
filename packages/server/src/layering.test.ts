// The server's layering, enforced: each top-level folder (or root file) of src/ sits on
// a layer, and a file may import only from its own layer or the ones below. Folders
// must not import each other in a cycle either, even on one layer. Bottom to top:
// the domain model, then stores, policies, config, the HTTP helpers, the use cases, the
// server that routes to them, and the entry points. CONTRIBUTING.md "Where things live"
// says what belongs where.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';

const LAYERS: readonly (readonly string[])[] = [
  // generated/nodeBridge is self-contained; its body protocol and BufferedResponse are used from the bottom up.
  ['domain', 'generated'],
  ['log', 'store'],
  ['verification'],
  ['policies'],
  ['config'],
  ['http', 'webhooks'],
  ['calls', 'widgets', 'admin'],
  ['server', 'createRingbackServer.ts'],
  ['node', 'bin', 'bin.ts', 'index.ts', 'redis.ts', 'sqlite.ts', 'testing.ts', 'testing'],
];

const SRC = import.meta.dirname;
const pkg = JSON.parse(readFileSync(resolve(SRC, '../package.json'), 'utf8')) as {
  imports: Record<string, { '@ringback/source': { default: string } }>;
};

/** Every .ts file under `dir`, as paths relative to src/. */
function sourceFiles(dir = SRC): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return sourceFiles(path);
    return /\.tsx?$/.test(name) ? [relative(SRC, path)] : [];
  });
}

/** The relative and `#…` specifiers a file imports (static, dynamic and re-exports). */
function importsOf(source: string): string[] {
  const found: string[] = [];
  const pattern = /(?:\bfrom\s*|\bimport\s*\(\s*|\bimport\s+)['"]([.#][^'"]+)['"]/g;
  for (const match of source.matchAll(pattern)) found.push(match[1]!);
  return found;
}

/** The file (relative to src/) a specifier of `from` points at. */
function target(from: string, specifier: string): string {
  const path = specifier.startsWith('#')
    ? resolve(SRC, '..', pkg.imports[specifier]!['@ringback/source'].default)
    : resolve(SRC, dirname(from), specifier);
  return relative(SRC, path).replace(/\.js$/, '.ts');
}

/** The top-level folder or root file a path belongs to. */
const unit = (path: string) => path.split('/')[0]!;

function layerOf(path: string): number {
  const index = LAYERS.findIndex((layer) => layer.includes(unit(path)));
  if (index < 0)
    throw new Error(`${unit(path)} has no layer: add it to LAYERS in layering.test.ts`);
  return index;
}

/** Every import that runs back up a layer, as `from → to` lines. */
function upwardImports(files: Record<string, string>): string[] {
  const problems: string[] = [];
  for (const [file, source] of Object.entries(files)) {
    for (const specifier of importsOf(source)) {
      const to = target(file, specifier);
      if (layerOf(to) > layerOf(file))
        problems.push(`${file} → ${to} (layer ${layerOf(file)} imports layer ${layerOf(to)})`);
    }
  }
  return problems;
}

/** Cycles between top-level folders, each as `a → b → … → a`. */
function folderCycles(files: Record<string, string>): string[] {
  const edges = new Map<string, Set<string>>();
  for (const [file, source] of Object.entries(files)) {
    for (const specifier of importsOf(source)) {
      const [a, b] = [unit(file), unit(target(file, specifier))];
      if (a !== b) edges.set(a, (edges.get(a) ?? new Set()).add(b));
    }
  }
  const cycles = new Set<string>();
  const walk = (node: string, path: string[]) => {
    for (const next of edges.get(node) ?? []) {
      const at = path.indexOf(next);
      if (at >= 0) cycles.add([...path.slice(at), next].join(' → '));
      else walk(next, [...path, next]);
    }
  };
  for (const node of edges.keys()) walk(node, [node]);
  return [...cycles];
}

/**
 * What importing `entry` loads before any of its code runs: the files (relative to src/)
 * and packages reached through static imports and re-exports. Type-only imports and
 * `import()` are left out, since neither loads anything up front.
 */
function staticGraph(
  entry: string,
  files: Record<string, string>,
): { files: Set<string>; packages: Set<string> } {
  const pattern = /^\s*(?:import|export)\s+(type\s+)?(?:[^'"]*?\s+from\s*)?['"]([^'"]+)['"]/gm;
  const seen = new Set<string>();
  const packages = new Set<string>();
  const visit = (file: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const [, typeOnly, specifier] of (files[file] ?? '').matchAll(pattern)) {
      if (typeOnly) continue;
      if (/^[.#]/.test(specifier!)) visit(target(file, specifier!));
      else packages.add(specifier!.replace(/^((?:@[^/]+\/)?[^/]+).*$/, '$1'));
    }
  };
  visit(entry);
  return { files: seen, packages };
}

const read = () =>
  Object.fromEntries(
    sourceFiles()
      .filter((file) => !/\.test\.tsx?$/.test(file) && !file.endsWith('.test-d.ts'))
      .map((file) => [file, readFileSync(join(SRC, file), 'utf8')]),
  );

describe('packages/server/src layering', () => {
  it('gives every top-level folder and root file a layer', () => {
    for (const file of Object.keys(read())) expect(() => layerOf(file)).not.toThrow();
  });

  it('has no import that runs back up a layer', () => {
    expect(upwardImports(read())).toEqual([]);
  });

  it('has no import cycle between folders', () => {
    expect(folderCycles(read())).toEqual([]);
  });

  it('keeps the store contract, Vitest and the store drivers out of the main entry', () => {
    const main = staticGraph('index.ts', read());
    expect([...main.files].filter((file) => unit(file) === 'testing')).toEqual([]);
    for (const driver of ['vitest', 'better-sqlite3', 'ioredis'])
      expect(main.packages).not.toContain(driver);
    // The graph does reach them from the entries that need them.
    expect(staticGraph('testing.ts', read()).packages).toContain('vitest');
  });

  it('catches an upward import and a cycle (the checks can fail)', () => {
    const files = {
      'domain/Store.ts': "import type { CallUpdater } from '../calls/callUpdater.js';",
      'calls/callUpdater.ts': "import type { Store } from '../domain/Store.js';",
      'domain/crypto.ts': "const m = await import('#crypto');",
    };
    expect(upwardImports(files)).toEqual([
      'domain/Store.ts → calls/callUpdater.ts (layer 0 imports layer 6)',
      'domain/crypto.ts → calls/crypto.ts (layer 0 imports layer 6)',
    ]);
    expect(folderCycles(files)).toContain('domain → calls → domain');
  });
});
