import { defineProject } from 'vitest/config';
import { sourceResolution } from '../../vitest.shared.js';

export default defineProject({
  ...sourceResolution,
  test: {
    name: 'exotel-sim',
    setupFiles: ['./test/setup.ts'],
  },
});
