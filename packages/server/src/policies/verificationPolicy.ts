import type { CreatePolicy, CreatePolicyContext } from '../domain/CreatePolicy.js';
import { Problem } from '../domain/problem.js';

/**
 * Whether the widget is under pressure: new call requests in its first `limits.widget`
 * window have reached `pressureShare` of that limit. Each request that is not under
 * pressure takes one place in a counter shared by every instance (the store's limits).
 */
async function underPressure({ widget, store, now }: CreatePolicyContext): Promise<boolean> {
  const window = widget.limits.widget[0];
  if (!window) return false;
  const result = await store.consumeRateLimits(
    [
      {
        key: `pressure:${widget.id}:${window.windowSeconds}`,
        limit: Math.max(1, Math.floor(window.limit * widget.pressureShare)),
        windowMs: window.windowSeconds * 1000,
      },
    ],
    now,
  );
  return !result.allowed;
}

/**
 * Human verification (Turnstile, hCaptcha, reCAPTCHA) when the widget has a verifier:
 * for every new call (`verifyWhen: 'always'`), or only while the widget is under
 * pressure (`'under-pressure'`), when the visitor's page is asked for a token and sends
 * the request again. Tokens are single-use, so it runs only for a new call, never for a
 * repeat under the same key.
 */
export const verificationPolicy: CreatePolicy = {
  name: 'verification',
  codes: ['verification_required', 'verification_failed', 'verification_unavailable'],
  async check(context) {
    const { widget, body, request, clientIp, logger } = context;
    const verifier = widget.verifier;
    if (!verifier) return undefined;
    if (
      widget.verifyWhen === 'under-pressure' &&
      !body.verificationToken &&
      !(await underPressure(context))
    )
      return undefined;
    if (!body.verificationToken)
      return new Problem('verification_required', 'Complete the verification challenge first.');
    const origin = request.headers.get('origin');
    const result = await verifier.verify(body.verificationToken, {
      ...(clientIp ? { remoteIp: clientIp } : {}),
      ...(origin ? { hostname: new URL(origin).hostname } : {}),
    });
    if (result.ok) {
      context.verified = true;
      return undefined;
    }
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
