import type { Verifier } from '../domain/Verifier.js';
import { type SiteVerifyOptions, siteVerify } from './siteVerify.js';

export const HCAPTCHA_ENDPOINT = 'https://api.hcaptcha.com/siteverify';

export interface HcaptchaVerifierOptions extends SiteVerifyOptions {
  siteKey: string;
}

/** hCaptcha. The site key is sent along, so a token from another site of the account is refused. */
export function createHcaptchaVerifier(options: HcaptchaVerifierOptions): Verifier {
  return {
    provider: 'hcaptcha',
    siteKey: options.siteKey,
    async verify(token, context) {
      const { result } = await siteVerify(
        options.endpoint ?? HCAPTCHA_ENDPOINT,
        options,
        token,
        context,
        {
          sitekey: options.siteKey,
        },
      );
      return result;
    },
  };
}
