import type { Verifier } from '../domain/Verifier.js';
import { type SiteVerifyOptions, siteVerify } from './siteVerify.js';

export const TURNSTILE_ENDPOINT = 'https://challenges.cloudflare.com/turnstile/v0/siteverify';

export interface TurnstileVerifierOptions extends SiteVerifyOptions {
  siteKey: string;
  /** Refuse tokens whose challenge was rendered with another `action`. */
  action?: string;
}

/** Cloudflare Turnstile. */
export function createTurnstileVerifier(options: TurnstileVerifierOptions): Verifier {
  return {
    provider: 'turnstile',
    siteKey: options.siteKey,
    ...(options.action ? { action: options.action } : {}),
    async verify(token, context) {
      const { result, data } = await siteVerify(
        options.endpoint ?? TURNSTILE_ENDPOINT,
        options,
        token,
        context,
      );
      if (result.ok && options.action && data?.action !== options.action) {
        return { ok: false, reason: 'rejected', errorCodes: ['action-mismatch'] };
      }
      return result;
    },
  };
}
