import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@ringback/source'] },
  test: {
    name: 'client',
    typecheck: { enabled: true, include: ['src/**/*.test-d.ts'] },
  },
});
