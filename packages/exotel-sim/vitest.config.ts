import { defineProject } from 'vitest/config';

export default defineProject({
  resolve: { conditions: ['@ringback/source'] },
  test: {
    name: 'exotel-sim',
    setupFiles: ['./test/setup.ts'],
  },
});
