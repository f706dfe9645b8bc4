// `#crypto` in browser builds (the proxy running in a page, as Storybook does): Web
// Crypto, since node:crypto does not exist there. The same outputs as crypto.ts.

import { base64url } from '../domain/callId.js';
import type * as NodeCrypto from './crypto.js';

export type HmacSha256 = NodeCrypto.HmacSha256;

const encoder = new TextEncoder();

/** SHA-256 of `text` (UTF-8), base64url without padding. */
export async function sha256Base64url(text: string): Promise<string> {
  return base64url(new Uint8Array(await crypto.subtle.digest('SHA-256', encoder.encode(text))));
}

/** HMAC-SHA-256 of `message` (UTF-8) with raw key bytes, standard base64 (Standard Webhooks signatures). */
export async function hmacSha256Base64(key: Uint8Array, message: string): Promise<string> {
  const cryptoKey = await crypto.subtle.importKey(
    'raw',
    key as Uint8Array<ArrayBuffer>,
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  const mac = new Uint8Array(await crypto.subtle.sign('HMAC', cryptoKey, encoder.encode(message)));
  let binary = '';
  for (const b of mac) binary += String.fromCharCode(b);
  return btoa(binary);
}

export function hmacSha256(secret: string): HmacSha256 {
  const key = crypto.subtle.importKey(
    'raw',
    encoder.encode(secret),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign', 'verify'],
  );
  // Not rejected until used, like the Node key would be.
  key.catch(() => {});
  return {
    async sign(message) {
      const mac = await crypto.subtle.sign('HMAC', await key, encoder.encode(message));
      return base64url(new Uint8Array(mac));
    },
    async verify(message, mac) {
      // subtle.verify compares in constant time.
      return crypto.subtle.verify(
        'HMAC',
        await key,
        mac as Uint8Array<ArrayBuffer>,
        encoder.encode(message),
      );
    },
  };
}
