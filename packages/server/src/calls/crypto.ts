// `#crypto` on Node.js: synchronous node:crypto. On Node 20 every `crypto.subtle` call is
// a job on the libuv threadpool with its own promise and buffer copies, which costs more
// than the hashing itself for inputs this small. Browser builds resolve `#crypto` to
// crypto.browser.ts (Web Crypto) instead; both give the same bytes for the same input.
import {
  createHash,
  createHmac,
  createSecretKey,
  type KeyObject,
  timingSafeEqual,
} from 'node:crypto';

/** HMAC-SHA-256 with one secret. */
export interface HmacSha256 {
  /** The MAC of `message` (UTF-8), base64url without padding. */
  sign(message: string): Promise<string>;
  /** Whether `mac` is the MAC of `message`, compared in constant time. */
  verify(message: string, mac: Uint8Array): Promise<boolean>;
}

/** SHA-256 of `text` (UTF-8), base64url without padding. */
export async function sha256Base64url(text: string): Promise<string> {
  return createHash('sha256').update(text, 'utf8').digest('base64url');
}

/** HMAC-SHA-256 of `message` (UTF-8) with raw key bytes, standard base64 (Standard Webhooks signatures). */
export async function hmacSha256Base64(key: Uint8Array, message: string): Promise<string> {
  return createHmac('sha256', key).update(message, 'utf8').digest('base64');
}

export function hmacSha256(secret: string): HmacSha256 {
  const key: KeyObject = createSecretKey(Buffer.from(secret, 'utf8'));
  const mac = (message: string) => createHmac('sha256', key).update(message, 'utf8').digest();
  return {
    async sign(message) {
      return mac(message).toString('base64url');
    },
    async verify(message, expected) {
      const actual = mac(message);
      // The length is public (32 bytes); only the contents are compared in constant time.
      return expected.byteLength === actual.byteLength && timingSafeEqual(actual, expected);
    },
  };
}
