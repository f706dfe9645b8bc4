import { hmacSha256 } from '#crypto';
import { base64urlDecode } from '../domain/callId.js';
import { equalBytes } from '../domain/equalBytes.js';
import { rememberBounded } from '../domain/rememberBounded.js';

// Domain separation: a token for one use can never be mistaken for another use of the
// same secret.
const CALLBACK_PURPOSE = 'ringback/status-callback/v1:';
/** A call's cancel capability (`cancelToken`): derived, so a replayed create can hand it out again. */
export const CANCEL_PURPOSE = 'ringback/cancel/v1:';

/**
 * What a StatusCallback token vouches for: one attempt of one call. The first attempt's
 * subject is the call id alone, as before attempts existed, so tokens in flight across
 * an upgrade stay valid. Call ids hold no ".", so no two subjects are the same.
 */
export function attemptSubject(callId: string, attempt: number): string {
  return attempt === 1 ? callId : `${callId}.${attempt}`;
}

/** Signs and checks per-call tokens: a StatusCallback URL's (per attempt), or a cancel capability. */
export interface CallbackTokens {
  /** `subject`: `attemptSubject(callId, attempt)`. */
  sign(subject: string): Promise<string>;
  /** Constant-time check against the current and previous secrets. */
  verify(subject: string, token: string): Promise<boolean>;
}

/** 32 bytes in unpadded base64url, as `sign` writes them. */
const CANONICAL = /^[A-Za-z0-9_-]{42}[AEIMQUYcgkosw048]$/;

/**
 * How many verified tokens are remembered. Exotel sends every attempt several callbacks
 * with the same token, from its answer to its end. At Exotel's default budget of 200
 * calls a minute, this covers the attempts of more than an hour (at most a few MB).
 */
export const VERIFIED_TOKENS_KEPT = 16_384;

export function createCallbackTokens(
  secrets: readonly string[],
  purpose = CALLBACK_PURPOSE,
): CallbackTokens {
  // node:crypto on Node.js, Web Crypto in browsers (see package.json "imports").
  const keys = secrets.map(hmacSha256);
  // A subject's token once it has verified, so its next callbacks skip the HMAC. Only a
  // verified token goes in: guesses cannot fill it, and a wrong token always meets the
  // full check. The oldest entry leaves first.
  const verified = new Map<string, Uint8Array>();
  return {
    sign(callId) {
      return keys[0]!.sign(purpose + callId);
    },
    async verify(callId, token) {
      // Only the one spelling we hand out: the last character's two spare bits are zero, so
      // a token altered in them (which decodes to the same bytes) is a wrong token.
      if (!CANONICAL.test(token)) return false;
      const signature = base64urlDecode(token);
      if (signature?.byteLength !== 32) return false;
      const known = verified.get(callId);
      if (known && equalBytes(known, signature)) return true;
      for (const key of keys) {
        // Compared in constant time (timingSafeEqual, or subtle.verify in browsers).
        if (await key.verify(purpose + callId, signature)) {
          rememberBounded(verified, callId, signature, VERIFIED_TOKENS_KEPT);
          return true;
        }
      }
      return false;
    },
  };
}
