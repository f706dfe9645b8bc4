import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const here = (path: string) => fileURLToPath(new URL(path, import.meta.url));

const RUNTIME: Record<string, string> = {
  react: here('./src/runtime/react.ts'),
  'react/jsx-runtime': here('./src/runtime/jsx-runtime.ts'),
  'react/jsx-dev-runtime': here('./src/runtime/jsx-runtime.ts'),
};

/**
 * Renders `@ringback/react` with the embed's own small React-compatible runtime
 * (`src/runtime`), in the build and in the tests, so the script stays in its budget.
 * (`react-dom` is never imported: the embed renders with `src/runtime/render.ts`.)
 */
export function reactOnEmbedRuntime(): Plugin {
  return {
    name: 'ringback:react-on-embed-runtime',
    enforce: 'pre',
    resolveId: (id) => RUNTIME[id],
  };
}
