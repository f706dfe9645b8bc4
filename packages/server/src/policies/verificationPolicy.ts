import type { CreatePolicy } from '../domain/CreatePolicy.js';
import { Problem } from '../domain/problem.js';

/**
 * Human verification (Turnstile, hCaptcha, reCAPTCHA) when the widget has a verifier.
 * Its tokens are single-use, so it runs only for a new call, never for a repeat.
 */
export const verificationPolicy: CreatePolicy = {
  name: 'verification',
  codes: ['verification_required', 'verification_failed', 'verification_unavailable'],
  async check({ widget, body, request, clientIp, logger }) {
    const verifier = widget.verifier;
    if (!verifier) return undefined;
    if (!body.verificationToken)
      return new Problem('verification_required', 'Complete the verification challenge first.');
    const origin = request.headers.get('origin');
    const result = await verifier.verify(body.verificationToken, {
      ...(clientIp ? { remoteIp: clientIp } : {}),
      ...(origin ? { hostname: new URL(origin).hostname } : {}),
    });
    if (result.ok) return undefined;
    logger.warn({
      msg: 'verification refused',
      widgetId: widget.id,
      provider: verifier.provider,
      reason: result.reason,
      errorCodes: result.errorCodes,
    });
    return result.reason === 'unavailable'
      ? new Problem(
          'verification_unavailable',
          'The verification service could not be reached; try again.',
          { retryAfterSeconds: 5 },
        )
      : new Problem(
          'verification_failed',
          'The verification challenge was not passed; try it again.',
        );
  },
};
