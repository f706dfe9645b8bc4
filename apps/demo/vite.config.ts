import { resolve } from 'node:path';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

// The demo website: a landing page with <ClickToCall/>, the script-tag embed page
// and the phone simulator. Workspace packages are bundled from source.
export default defineConfig({
  root: resolve(import.meta.dirname, 'site'),
  base: '/',
  plugins: [react()],
  resolve: { conditions: ['@ringback/source'] },
  build: {
    outDir: resolve(import.meta.dirname, 'dist/site'),
    emptyOutDir: true,
    rollupOptions: {
      input: {
        index: resolve(import.meta.dirname, 'site/index.html'),
        phones: resolve(import.meta.dirname, 'site/phones.html'),
      },
    },
  },
});
