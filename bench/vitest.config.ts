import { defineProject } from 'vitest/config';
import { sourceResolution } from '../vitest.shared.js';

// The quick mode of every benchmark (seconds each), so the harness cannot rot. It
// asserts only that each one ran and produced numbers: timings belong in `pnpm bench`.
export default defineProject({
  ...sourceResolution,
  test: {
    name: 'bench',
    include: ['src/**/*.test.ts'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    fileParallelism: false,
  },
});
