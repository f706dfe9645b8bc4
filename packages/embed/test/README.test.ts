// @vitest-environment node
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { README, withSnippet } from '../scripts/readmeSnippet.js';

describe('README.md', () => {
  it('shows the loader snippet exactly as loaderSnippet() writes it (pnpm readme updates it)', () => {
    const readme = readFileSync(README, 'utf8');
    expect(readme).toBe(withSnippet(readme));
  });
});
