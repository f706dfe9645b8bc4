import react from '@vitejs/plugin-react';
import { defineProject } from 'vitest/config';
import { sourceResolution } from '../../vitest.shared.js';

export default defineProject({
  ...sourceResolution,
  plugins: [react()],
  test: {
    name: 'console',
    environment: 'jsdom',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx'],
    setupFiles: ['./src/test/setup.ts'],
    // One jsdom per worker instead of per file: the files share no module state.
    isolate: false,
    // The build test builds the app and opens it in Chromium once.
    hookTimeout: 60_000,
    // A page test clicks and types through a whole flow (about 1.3 s alone); with the whole
    // suite sharing two cores it has taken over 5 s, Vitest's default.
    testTimeout: 30_000,
  },
});
