import { afterEach, describe, expect, it } from 'vitest';
import { loaderSnippet, QUEUED_METHODS } from './loaderSnippet.js';

type Stub = Record<string, (...args: unknown[]) => void> & { q: unknown[][] };

/** Parses a page's <head> as a browser would, and runs its inline scripts against `window`. */
function load(head: string, window: { Ringback?: Stub } = {}) {
  const parsed = new DOMParser().parseFromString(
    `<!doctype html><head>${head}</head>`,
    'text/html',
  );
  const inline = [...parsed.scripts].filter((s) => !s.src);
  for (const script of inline) new Function('window', 'document', script.text)(window, document);
  const loaded = [...document.head.querySelectorAll<HTMLScriptElement>('script[src]')];
  return { window, inline, loaded };
}
afterEach(() => {
  document.head.replaceChildren();
});

describe('loaderSnippet', () => {
  it('queues every API call made before the script has loaded, and loads it async with its data-* attributes', () => {
    const { window, loaded } = load(
      loaderSnippet({
        src: 'https://shop.example.com/ringback.js',
        data: {
          endpoint: 'https://shop.example.com/ringback',
          widgetId: 'sales',
          position: 'left',
        },
      }),
    );
    const stub = window.Ringback!;
    for (const method of QUEUED_METHODS) expect(typeof stub[method]).toBe('function');
    const listener = () => {};
    stub.on!('call-ended', listener);
    stub.open!();
    stub.setLocale!('hi');
    expect(stub.q).toEqual([
      ['on', ['call-ended', listener]],
      ['open', []],
      ['setLocale', ['hi']],
    ]);
    expect(loaded).toHaveLength(1);
    expect(loaded[0]!.src).toBe('https://shop.example.com/ringback.js');
    expect(loaded[0]!.async).toBe(true);
    expect({ ...loaded[0]!.dataset }).toEqual({
      endpoint: 'https://shop.example.com/ringback',
      widgetId: 'sales',
      position: 'left',
    });
  });

  it('pasted twice keeps one queue (the script loads again, and applies its attributes once more)', () => {
    const snippet = loaderSnippet({ src: '/ringback.js' });
    const window: { Ringback?: Stub } = {};
    load(snippet, window);
    window.Ringback!.open!();
    const first = window.Ringback;
    const { loaded } = load(snippet, window);
    expect(window.Ringback).toBe(first);
    expect(window.Ringback!.q).toEqual([['open', []]]);
    expect(loaded).toHaveLength(2);
  });

  it('cannot be broken out of: values are JavaScript literals that never close the <script>', () => {
    const hostile = '</script><script>window.pwned = 1</script>';
    const snippet = loaderSnippet({
      src: `/ringback.js?${hostile}`,
      data: { label: hostile, consent: '\u2028' },
      nonce: '"><script>',
    });
    expect(snippet).toContain(' nonce="script">');
    const { window, inline, loaded } = load(snippet);
    expect(inline).toHaveLength(1);
    expect((window as { pwned?: number }).pwned).toBeUndefined();
    expect(loaded[0]!.dataset.label).toBe(hostile);
    expect(loaded[0]!.dataset.consent).toBe('\u2028');
    expect(loaded[0]!.getAttribute('src')).toBe(`/ringback.js?${hostile}`);
  });

  it('is ES5 that any browser parses, adding nothing to window but Ringback', () => {
    const snippet = loaderSnippet({ src: '/ringback.js' });
    const { window } = load(snippet);
    expect(Object.keys(window)).toEqual(['Ringback']);
    expect(Object.keys(window.Ringback!).sort()).toEqual([...QUEUED_METHODS, 'q'].sort());
    expect(snippet).not.toMatch(/=>|\bconst\b|\blet\b|`/);
  });
});
