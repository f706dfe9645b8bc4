import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@ringback/source'] },
  test: {
    name: 'react',
    environment: 'jsdom',
    typecheck: { enabled: true, include: ['src/**/*.test-d.tsx', 'src/**/*.test-d.ts'] },
  },
});
