import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { base64url, base64urlDecode } from './callId.js';

describe('base64urlDecode', () => {
  it("reads what base64url writes, every length, as Node's own decoder does", () => {
    for (let length = 0; length <= 70; length++) {
      for (let round = 0; round < 20; round++) {
        const bytes = new Uint8Array(randomBytes(length));
        const text = base64url(bytes);
        expect(base64urlDecode(text)).toEqual(bytes);
        expect(base64urlDecode(text)).toEqual(new Uint8Array(Buffer.from(text, 'base64url')));
      }
    }
  });

  it('drops the spare bits of the last character, as atob does', () => {
    // "AB" and "AP" differ only in the 4 bits after the first byte.
    expect(base64urlDecode('AB')).toEqual(Uint8Array.of(0));
    expect(base64urlDecode('AP')).toEqual(Uint8Array.of(0));
    expect(base64urlDecode('__8')).toEqual(Uint8Array.of(255, 255));
  });

  it('refuses anything outside the alphabet, padding and a length no bytes can have', () => {
    for (const text of [
      'ab+c',
      'ab/c',
      'abc=',
      'ab c',
      'abcé',
      'ab\u0000c',
      'abc\n',
      'a',
      'abcde',
      '=',
    ]) {
      expect(base64urlDecode(text), JSON.stringify(text)).toBeUndefined();
    }
    expect(base64urlDecode('')).toEqual(new Uint8Array());
  });
});
