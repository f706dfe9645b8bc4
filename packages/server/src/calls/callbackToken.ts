import { hmacSha256 } from '#crypto';
import { base64urlDecode } from '../domain/callId.js';

// Domain separation: a token for a StatusCallback can never be mistaken for another
// use of the same secret.
const PURPOSE = 'ringback/status-callback/v1:';

/** Signs and checks the per-call tokens in StatusCallback URLs. */
export interface CallbackTokens {
  sign(callId: string): Promise<string>;
  /** Constant-time check against the current and previous secrets. */
  verify(callId: string, token: string): Promise<boolean>;
}

export function createCallbackTokens(secrets: readonly string[]): CallbackTokens {
  // node:crypto on Node.js, Web Crypto in browsers (see package.json "imports").
  const keys = secrets.map(hmacSha256);
  return {
    sign(callId) {
      return keys[0]!.sign(PURPOSE + callId);
    },
    async verify(callId, token) {
      const signature = base64urlDecode(token);
      if (signature?.byteLength !== 32) return false;
      for (const key of keys) {
        // Compared in constant time (timingSafeEqual, or subtle.verify in browsers).
        if (await key.verify(PURPOSE + callId, signature)) return true;
      }
      return false;
    },
  };
}
