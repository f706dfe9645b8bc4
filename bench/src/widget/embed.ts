import { existsSync, statSync } from 'node:fs';
import path from 'node:path';
import { BENCH_DIR } from '../lib/context.js';

/**
 * The embed's script-tag build: `RINGBACK_EMBED_BUNDLE` when set, else
 * packages/embed/dist/ringback.js. It is measured as built by the embed's own Vite
 * config (which swaps React for Preact), not rebuilt here.
 */
export function embedSource():
  | { kind: 'bundle'; file: string; builtAt: Date }
  | { kind: 'missing'; reason: string } {
  const fromEnv = process.env.RINGBACK_EMBED_BUNDLE;
  const file = fromEnv
    ? path.resolve(fromEnv)
    : path.join(BENCH_DIR, '../packages/embed/dist/ringback.js');
  if (existsSync(file)) return { kind: 'bundle', file, builtAt: statSync(file).mtime };
  if (fromEnv)
    return { kind: 'missing', reason: `RINGBACK_EMBED_BUNDLE=${fromEnv} does not exist.` };
  if (!existsSync(path.join(BENCH_DIR, '../packages/embed/package.json')))
    return { kind: 'missing', reason: '`@ringback/embed` (packages/embed) does not exist yet.' };
  return {
    kind: 'missing',
    reason:
      'packages/embed/dist/ringback.js is not built: run `pnpm --filter @ringback/embed build` first.',
  };
}

/**
 * The markup that places the embed on a page. An assumption until the embed exists:
 * adjust it here to the custom element's real attributes.
 */
export const embedMarkup = (endpoint: string) =>
  `<ringback-call endpoint="${endpoint}" widget-id="bench"></ringback-call>`;

/** The embed has rendered when its element's shadow root has content (light DOM otherwise). */
export const EMBED_READY =
  "(function(){var e=document.querySelector('ringback-call');return !!(e&&((e.shadowRoot&&e.shadowRoot.childElementCount)||e.childElementCount))})()";
