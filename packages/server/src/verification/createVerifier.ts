import type { VerificationConfig } from '../domain/RingbackConfig.js';
import type { Verifier } from '../domain/Verifier.js';
import { createHcaptchaVerifier } from './hcaptchaVerifier.js';
import { createRecaptchaVerifier } from './recaptchaVerifier.js';
import { createTurnstileVerifier } from './turnstileVerifier.js';

/** Builds the verifier a widget's declarative `verification` settings describe. */
export function createVerifier(config: VerificationConfig, fetchImpl?: typeof fetch): Verifier {
  const common = {
    siteKey: config.siteKey,
    secretKey: config.secretKey,
    ...(config.endpoint ? { endpoint: config.endpoint } : {}),
    ...(fetchImpl ? { fetch: fetchImpl } : {}),
  };
  switch (config.provider) {
    case 'turnstile':
      return createTurnstileVerifier({
        ...common,
        ...(config.action ? { action: config.action } : {}),
      });
    case 'hcaptcha':
      return createHcaptchaVerifier(common);
    case 'recaptcha':
      return createRecaptchaVerifier({
        ...common,
        ...(config.action ? { action: config.action } : {}),
        ...(config.minScore !== undefined ? { minScore: config.minScore } : {}),
      });
  }
}
