import react from '@vitejs/plugin-react';
import { defaultClientConditions, defineConfig } from 'vite';

/**
 * The console app, built into `dist/app/` with relative URLs (`base: './'`), so it works
 * under any mount path (`/console/`, `/ringback/console/`). Every script and stylesheet
 * is a same-origin hashed file: nothing is inlined, nothing is loaded from another host,
 * so the strict policy in `src/contentSecurityPolicy.ts` needs no `'unsafe-inline'`.
 * `vite` alone serves it for development against a server on :8080 (`/v1` is proxied).
 */
export default defineConfig({
  plugins: [react()],
  base: './',
  resolve: { conditions: ['@ringback/source', ...defaultClientConditions] },
  build: {
    outDir: 'dist/app',
    emptyOutDir: true,
    // Small assets would otherwise become data: URLs inside scripts and styles.
    assetsInlineLimit: 0,
    // The module-preload polyfill targets browsers that the console does not support anyway.
    modulePreload: { polyfill: false },
    sourcemap: false,
  },
  server: { proxy: { '/v1': 'http://127.0.0.1:8080' } },
});
