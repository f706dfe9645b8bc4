import { timingSafeEqual } from 'node:crypto';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { base64url } from '../domain/callId.js';
import { createCallbackTokens } from './callbackToken.js';
import * as browser from './crypto.browser.js';
import * as node from './crypto.js';

vi.mock('node:crypto', async (importOriginal) => {
  const actual = await importOriginal<typeof import('node:crypto')>();
  return { ...actual, timingSafeEqual: vi.fn(actual.timingSafeEqual) };
});

// Both resolutions of `#crypto` (package.json "imports") have the same shape.
const implementations: [string, typeof node][] = [
  ['node:crypto', node],
  ['Web Crypto', browser],
];
const hex = (text: string) => base64url(Uint8Array.from(Buffer.from(text, 'hex')));
const bytes = (token: string) => Uint8Array.from(Buffer.from(token, 'base64url'));
const secret = 'a'.repeat(32);
const inputs = [
  '',
  'abc',
  '["w_main","+919876543210",null]',
  '["w_ü","+91 98765 43210","IN"] 電話 📞',
  'lone \ud800 surrogate',
  'x'.repeat(10_000),
];

afterEach(() => {
  vi.restoreAllMocks();
});

describe('#crypto', () => {
  it.each(implementations)(
    '%s: matches the published SHA-256 and HMAC-SHA-256 vectors',
    async (_, impl) => {
      expect(await impl.sha256Base64url('abc')).toBe(
        hex('ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad'),
      );
      // RFC 4231, test case 2.
      expect(await impl.hmacSha256('Jefe').sign('what do ya want for nothing?')).toBe(
        hex('5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843'),
      );
    },
  );

  it('gives the same fingerprints and MACs on Node.js as in browsers', async () => {
    const nodeKey = node.hmacSha256(secret);
    const browserKey = browser.hmacSha256(secret);
    for (const input of inputs) {
      expect(await node.sha256Base64url(input)).toBe(await browser.sha256Base64url(input));
      const mac = await nodeKey.sign(input);
      expect(mac).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(await browserKey.sign(input)).toBe(mac);
      expect(await browserKey.verify(input, bytes(mac))).toBe(true);
      expect(await nodeKey.verify(input, bytes(mac))).toBe(true);
    }
  });

  it('gives the same callback tokens whichever implementation signed them', async () => {
    const token = await createCallbackTokens([secret]).sign('call_one');
    expect(token).toBe(
      await browser.hmacSha256(secret).sign('ringback/status-callback/v1:call_one'),
    );
  });

  it.each(implementations)(
    '%s: refuses other messages, tampered and short MACs',
    async (_, impl) => {
      const key = impl.hmacSha256(secret);
      const mac = bytes(await key.sign('call_one'));
      expect(await key.verify('call_two', mac)).toBe(false);
      const flipped = mac.slice();
      flipped[31] = flipped[31]! ^ 1;
      expect(await key.verify('call_one', flipped)).toBe(false);
      expect(await key.verify('call_one', mac.slice(0, 31))).toBe(false);
      expect(await impl.hmacSha256('b'.repeat(32)).verify('call_one', mac)).toBe(false);
    },
  );

  it('compares MACs in constant time: timingSafeEqual on Node.js', async () => {
    const key = node.hmacSha256(secret);
    const mac = bytes(await key.sign('call_one'));
    vi.mocked(timingSafeEqual).mockClear();
    expect(await key.verify('call_one', mac)).toBe(true);
    expect(await key.verify('call_two', mac)).toBe(false);
    expect(timingSafeEqual).toHaveBeenCalledTimes(2);
  });

  it('compares MACs in constant time: subtle.verify in browsers', async () => {
    const key = browser.hmacSha256(secret);
    const mac = bytes(await key.sign('call_one'));
    const verify = vi.spyOn(crypto.subtle, 'verify');
    expect(await key.verify('call_one', mac)).toBe(true);
    expect(await key.verify('call_two', mac)).toBe(false);
    expect(verify).toHaveBeenCalledTimes(2);
  });
});
