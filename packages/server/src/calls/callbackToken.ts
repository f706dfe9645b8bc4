import { base64url, base64urlDecode } from './callId.js';

const encoder = new TextEncoder();
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
  const keys = secrets.map((secret) =>
    crypto.subtle.importKey(
      'raw',
      encoder.encode(secret),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign', 'verify'],
    ),
  );
  return {
    async sign(callId) {
      const signature = await crypto.subtle.sign(
        'HMAC',
        await keys[0]!,
        encoder.encode(PURPOSE + callId),
      );
      return base64url(new Uint8Array(signature));
    },
    async verify(callId, token) {
      const signature = base64urlDecode(token);
      if (signature?.byteLength !== 32) return false;
      for (const key of keys) {
        // subtle.verify compares in constant time.
        if (
          await crypto.subtle.verify(
            'HMAC',
            await key,
            signature as Uint8Array<ArrayBuffer>,
            encoder.encode(PURPOSE + callId),
          )
        )
          return true;
      }
      return false;
    },
  };
}
