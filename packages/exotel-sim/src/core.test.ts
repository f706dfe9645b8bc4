import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The core must run in a browser (inside MSW): Web APIs only. Node lives in the
// `./node` subpath and the bin.
const NODE_ONLY = new Set(['node.ts', 'bin.ts', 'cliArgs.ts']);

describe('the core', () => {
  it('imports nothing from Node', () => {
    const dir = new URL('.', import.meta.url);
    const offenders = readdirSync(dir)
      .filter((file) => file.endsWith('.ts') && !file.endsWith('.test.ts') && !NODE_ONLY.has(file))
      .filter((file) => {
        const source = readFileSync(new URL(file, dir), 'utf8');
        return (
          /from\s+['"]node:|require\(|\bprocess\.|\bBuffer\b/.test(source) ||
          [...source.matchAll(/from\s+['"]\.\/([\w]+)\.js['"]/g)].some((m) =>
            NODE_ONLY.has(`${m[1]}.ts`),
          )
        );
      });
    expect(offenders).toEqual([]);
  });
});
