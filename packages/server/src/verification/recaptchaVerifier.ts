import type { Verifier } from '../domain/Verifier.js';
import { type SiteVerifyOptions, siteVerify } from './siteVerify.js';

export const RECAPTCHA_ENDPOINT = 'https://www.google.com/recaptcha/api/siteverify';

export interface RecaptchaVerifierOptions extends SiteVerifyOptions {
  siteKey: string;
  /** v3: the lowest score accepted (0.0 bot … 1.0 human). @default 0.5 */
  minScore?: number;
  /** v3: refuse tokens issued for another action. */
  action?: string;
}

/** Google reCAPTCHA, v2 (checkbox, invisible) and v3 (score). */
export function createRecaptchaVerifier(options: RecaptchaVerifierOptions): Verifier {
  const minScore = options.minScore ?? 0.5;
  return {
    provider: 'recaptcha',
    siteKey: options.siteKey,
    ...(options.action ? { action: options.action } : {}),
    async verify(token, context) {
      const { result, data } = await siteVerify(
        options.endpoint ?? RECAPTCHA_ENDPOINT,
        options,
        token,
        context,
      );
      if (!result.ok) return result;
      // v2 answers carry no score; v3 answers always do.
      if (typeof data?.score === 'number' && data.score < minScore) {
        return { ok: false, reason: 'rejected', errorCodes: ['score-too-low'] };
      }
      if (options.action && data?.action !== options.action) {
        return { ok: false, reason: 'rejected', errorCodes: ['action-mismatch'] };
      }
      return result;
    },
  };
}
