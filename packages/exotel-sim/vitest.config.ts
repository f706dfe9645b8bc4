import { defineProject } from 'vitest/config';
import { sourceResolution } from '../../vitest.shared.js';

export default defineProject({
  ...sourceResolution,
  test: {
    // Some tests spawn processes (the bin, redis-server); on a loaded 2-core machine
    // that alone can take seconds. Timeouts guard against hangs, not slowness.
    testTimeout: 30_000,
    hookTimeout: 30_000,
    name: 'exotel-sim',
    setupFiles: ['./test/setup.ts'],
  },
});
