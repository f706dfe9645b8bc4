import { readFileSync } from 'node:fs';
import { defaultClientConditions, defineConfig } from 'vite';
import { reactOnEmbedRuntime } from './vitePlugins.js';

const { version } = JSON.parse(readFileSync(new URL('./package.json', import.meta.url), 'utf8'));

/**
 * Two builds: `vite build` makes the script tag's self-contained IIFE
 * (`dist/ringback.js`), `vite build --mode esm` the ES module (`dist/index.js`).
 * Workspace packages resolve to their sources, so the script never bundles a stale dist.
 */
export default defineConfig(({ mode }) => {
  const esm = mode === 'esm';
  return {
    plugins: [reactOnEmbedRuntime()],
    resolve: { conditions: ['@ringback/source', ...defaultClientConditions] },
    define: { __RINGBACK_VERSION__: JSON.stringify(version) },
    build: {
      emptyOutDir: !esm,
      sourcemap: true,
      minify: !esm,
      lib: esm
        ? { entry: 'src/index.ts', formats: ['es'], fileName: () => 'index.js' }
        : {
            entry: 'src/ringback.ts',
            formats: ['iife'],
            name: 'Ringback',
            fileName: () => 'ringback.js',
          },
      rolldownOptions: {
        // Hindi texts and `…` as \uXXXX: the script reads right whatever charset a host serves it with.
        output: { charset: 'ascii' },
        onLog(level, log, handler) {
          // @ringback/react's 'use client' means nothing in a bundle.
          if (log.code === 'MODULE_LEVEL_DIRECTIVE') return;
          handler(level, log);
        },
      },
    },
  };
});
