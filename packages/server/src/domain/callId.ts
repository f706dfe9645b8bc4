/** 18 random bytes = 144 bits: unguessable, and exactly 24 base64url characters. */
const ID_BYTES = 18;
export const CALL_ID = /^call_[A-Za-z0-9_-]{24}$/;

export function base64url(bytes: Uint8Array): string {
  let binary = '';
  for (const b of bytes) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
}

const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
/** Each ASCII character's six bits in base64url, or -1 for one outside its alphabet. */
const SEXTETS = new Int8Array(128).fill(-1);
for (let i = 0; i < ALPHABET.length; i++) SEXTETS[ALPHABET.charCodeAt(i)] = i;

/**
 * The bytes of unpadded base64url text, or `undefined` when it is not that. Decoded by
 * table: `atob` and a byte-by-byte copy cost 5 µs for a 43-character token, and every
 * StatusCallback and cancel checks one. Like `atob`, the spare bits of the last character
 * are dropped; `callbackToken.ts` refuses tokens whose spare bits are not zero.
 */
export function base64urlDecode(text: string): Uint8Array | undefined {
  // 4n + 1 characters leave 6 bits: not a whole byte, so not base64 (atob refuses it too).
  if (text.length % 4 === 1) return undefined;
  const bytes = new Uint8Array((text.length * 3) >> 2);
  let buffered = 0;
  let bits = 0;
  let at = 0;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const sextet = code < 128 ? SEXTETS[code]! : -1;
    if (sextet < 0) return undefined;
    buffered = ((buffered << 6) | sextet) & 0xffff;
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      bytes[at++] = buffered >> bits;
    }
  }
  return bytes;
}

/** A new opaque call id, unrelated to anything Exotel knows. */
export function newCallId(): string {
  return `call_${base64url(crypto.getRandomValues(new Uint8Array(ID_BYTES)))}`;
}
