import { describe, expect, it } from 'vitest';
import { collectCallContext } from './collectCallContext.js';

describe('collectCallContext', () => {
  it('keeps the page and referrer without query or fragment', () => {
    expect(
      collectCallContext(
        'https://shop.example/pricing/plans?email=asha@example.com&utm_source=news#top',
        'https://www.google.com/search?q=asha+phone',
      ),
    ).toEqual({
      pageUrl: 'https://shop.example/pricing/plans',
      referrer: 'https://www.google.com/search',
      utm: { source: 'news' },
    });
  });

  it('reads every campaign tag, trimmed, without control characters, cut to 200', () => {
    const long = 'x'.repeat(250);
    const context = collectCallContext(
      `https://shop.example/?utm_source=%20news%20&utm_medium=e%00mail&utm_campaign=diwali&utm_term=${long}&utm_content=%0A%09&gclid=Cj0KCQ&other=1`,
    );
    expect(context).toEqual({
      pageUrl: 'https://shop.example/',
      utm: { source: 'news', medium: 'email', campaign: 'diwali', term: 'x'.repeat(200) },
      gclid: 'Cj0KCQ',
    });
  });

  it('cuts to 200 UTF-16 units (the proxy’s measure), never inside a character', () => {
    const tag = `a${'😀'.repeat(150)}`;
    expect(collectCallContext(`https://a.example/?gclid=${tag}`)?.gclid).toBe(
      `a${'😀'.repeat(99)}`,
    );
  });

  it('drops what the proxy counts as control characters', () => {
    const tag = encodeURIComponent('a\u202eb\u2028c\u2066d\u0085e\tf');
    expect(collectCallContext(`https://a.example/?utm_source=${tag}`)?.utm).toEqual({
      source: 'abcdef',
    });
  });

  it('caps the page address at 2048 characters', () => {
    const path = `/${'p'.repeat(3000)}`;
    expect(collectCallContext(`https://a.example${path}`)?.pageUrl).toHaveLength(2048);
  });

  it('leaves out what is empty, not http(s), or not an address', () => {
    expect(collectCallContext(undefined)).toBeUndefined();
    expect(collectCallContext('', '')).toBeUndefined();
    expect(collectCallContext('about:blank', 'file:///home/a.html')).toBeUndefined();
    expect(collectCallContext('not a url', 'android-app://com.google.android.gm/')).toBeUndefined();
    expect(collectCallContext('http://localhost:5173/a?utm_source=', 'nope')).toEqual({
      pageUrl: 'http://localhost:5173/a',
    });
    // A referrer alone is told.
    expect(collectCallContext(undefined, 'https://www.bing.com/')).toEqual({
      referrer: 'https://www.bing.com/',
    });
  });
});
