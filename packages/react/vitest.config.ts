import { defineProject } from 'vitest/config';
import { sourceResolution } from '../../vitest.shared.js';

export default defineProject({
  ...sourceResolution,
  test: {
    name: 'react',
    environment: 'jsdom',
    typecheck: { enabled: true, include: ['src/**/*.test-d.tsx', 'src/**/*.test-d.ts'] },
  },
});
