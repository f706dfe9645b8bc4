import type { ViteUserConfig } from 'vitest/config';

/**
 * Resolve workspace packages to their sources (the `@ringback/source` export
 * condition), so tests never run against a stale `dist/`. Vite 8 applies
 * `resolve.conditions` to the browser environment only, so the condition is repeated
 * for the server (SSR) environment that Vitest runs Node tests in.
 */
export const sourceResolution = {
  resolve: { conditions: ['@ringback/source'] },
  ssr: {
    resolve: { conditions: ['@ringback/source', 'module', 'node', 'development|production'] },
  },
} satisfies Pick<ViteUserConfig, 'resolve' | 'ssr'>;
