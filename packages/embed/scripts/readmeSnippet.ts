/**
 * The README's loader snippet is `loaderSnippet()`'s output, never a hand copy:
 * `pnpm readme` writes it between the markers, and `README.test.ts` fails when the
 * two differ.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { loaderSnippet } from '../src/loaderSnippet.js';

export const README = new URL('../README.md', import.meta.url);
const START = '<!-- loader-snippet:start -->';
const END = '<!-- loader-snippet:end -->';

/** The snippet as the README shows it. */
export const readmeSnippet = () =>
  loaderSnippet({
    src: 'https://shop.example.com/ringback.js',
    data: { endpoint: 'https://shop.example.com/ringback', widgetId: 'sales' },
  });

/** The README with its snippet block (re)written. */
export function withSnippet(readme: string): string {
  const start = readme.indexOf(START);
  const end = readme.indexOf(END);
  if (start < 0 || end < start) throw new Error(`README.md needs ${START} … ${END}`);
  return `${readme.slice(0, start + START.length)}\n\`\`\`html\n${readmeSnippet()}\n\`\`\`\n${readme.slice(end)}`;
}

if (process.argv.includes('--write')) {
  const readme = readFileSync(README, 'utf8');
  writeFileSync(README, withSnippet(readme));
}
