import { defineProject } from 'vitest/config';
import { sourceResolution } from '../../vitest.shared.js';
import { reactOnEmbedRuntime } from './vitePlugins.js';

export default defineProject({
  ...sourceResolution,
  // Unit tests render @ringback/react with the embed's runtime, as the build does.
  plugins: [reactOnEmbedRuntime()],
  define: { __RINGBACK_VERSION__: JSON.stringify('0.0.0-test') },
  test: {
    name: 'embed',
    include: ['src/**/*.test.ts', 'src/**/*.test.tsx', 'test/**/*.test.ts'],
    environment: 'jsdom',
    testTimeout: 60_000,
    hookTimeout: 120_000,
  },
});
