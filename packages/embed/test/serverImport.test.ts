// @vitest-environment node
import { describe, expect, it } from 'vitest';

describe('importing @ringback/embed where there is no DOM (server rendering, a page template)', () => {
  it('defines nothing, throws nothing, and gives loaderSnippet()', async () => {
    const embed = await import('../src/index.js');
    expect(typeof (globalThis as { window?: unknown }).window).toBe('undefined');
    expect(embed.loaderSnippet({ src: '/ringback.js' })).toMatch(/^<script>/);
    expect(embed.WIDGET_PARTS).toContain('button');
  });
});
