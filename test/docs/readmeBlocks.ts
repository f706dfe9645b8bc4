import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const REPO = join(import.meta.dirname, '../..');

/** The packages published to npm, each with a README whose examples are checked. */
export const PUBLISHED = [
  'exotel',
  'exotel-sim',
  'server',
  'client',
  'react',
  'embed',
  'protocol',
  'console',
] as const;
export type PublishedPackage = (typeof PUBLISHED)[number];

/** A fenced code block of a README. */
export interface ReadmeBlock {
  pkg: PublishedPackage;
  /** 1-based position among the README's fenced blocks, whatever their language. */
  index: number;
  /** The info string's first word (`ts`, `json`, …), `''` for none. */
  lang: string;
  /** The README line of the block's first line of code. */
  line: number;
  code: string;
}

export const readmePath = (pkg: PublishedPackage) => join(REPO, 'packages', pkg, 'README.md');

export function readmeBlocks(pkg: PublishedPackage): ReadmeBlock[] {
  const lines = readFileSync(readmePath(pkg), 'utf8').split('\n');
  const blocks: ReadmeBlock[] = [];
  let open: { lang: string; line: number; code: string[] } | undefined;
  lines.forEach((text, n) => {
    if (!open) {
      const fence = /^```(\S*)/.exec(text);
      if (fence) open = { lang: fence[1]!, line: n + 2, code: [] };
    } else if (/^```\s*$/.test(text)) {
      blocks.push({
        pkg,
        index: blocks.length + 1,
        lang: open.lang,
        line: open.line,
        code: open.code.join('\n'),
      });
      open = undefined;
    } else open.code.push(text);
  });
  if (open) throw new Error(`${pkg}/README.md: the block at line ${open.line - 1} is not closed`);
  return blocks;
}

/** `server#3`: how a block is named in the test's tables and messages. */
export const blockKey = (block: Pick<ReadmeBlock, 'pkg' | 'index'>) =>
  `${block.pkg}#${block.index}`;
