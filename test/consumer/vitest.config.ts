import { defineProject } from 'vitest/config';

// Installs the packed tarballs into a project outside the repository: slow by nature
// (an npm install), so it runs alone with generous timeouts.
export default defineProject({
  test: {
    name: 'consumer',
    include: ['*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 600_000,
    fileParallelism: false,
  },
});
