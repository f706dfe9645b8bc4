import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';
import { BENCH_DIR } from '../lib/context.js';

/** React stays on the page that already has it: never counted in a widget's size. */
export const REACT_EXTERNALS = ['react', 'react-dom', 'react-dom/client', 'react/jsx-runtime'];

export interface BundleSize {
  minified: number;
  gzipped: number;
}

const sizeOf = (code: Uint8Array): BundleSize => ({
  minified: code.byteLength,
  gzipped: gzipSync(code, { level: 9 }).byteLength,
});

/**
 * Bundles `source` (module code, resolved from bench/) the same way for every package:
 * esbuild, ESM, browser, minified, production, workspace packages from source;
 * `external` left out. Returns the min and min+gzip (level 9) sizes.
 */
export async function bundleSize(
  source: string,
  external: string[] = REACT_EXTERNALS,
): Promise<BundleSize> {
  const result = await build({
    stdin: { contents: source, resolveDir: BENCH_DIR, loader: 'ts' },
    bundle: true,
    write: false,
    format: 'esm',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    conditions: ['@ringback/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    external,
    logLevel: 'silent',
  });
  return sizeOf(result.outputFiles[0]!.contents);
}

/** A stylesheet, minified the same way. */
export async function cssSize(specifier: string): Promise<BundleSize> {
  const result = await build({
    stdin: {
      contents: `@import ${JSON.stringify(specifier)};`,
      resolveDir: BENCH_DIR,
      loader: 'css',
    },
    bundle: true,
    write: false,
    minify: true,
    logLevel: 'silent',
  });
  return sizeOf(result.outputFiles[0]!.contents);
}

/** A page script: everything bundled (React included), minified, one IIFE file. */
export async function bundlePage(entry: string, outfile: string): Promise<void> {
  await build({
    entryPoints: [entry],
    outfile,
    bundle: true,
    format: 'iife',
    platform: 'browser',
    target: 'es2020',
    minify: true,
    legalComments: 'none',
    conditions: ['@ringback/source'],
    define: { 'process.env.NODE_ENV': '"production"' },
    jsx: 'automatic',
    logLevel: 'silent',
  });
}
