/** What the server knows about the request a token came with. */
export interface VerificationContext {
  /** The visitor's IP, passed on to the provider as a signal. */
  remoteIp?: string;
  /** Hostname of the page (the request's `Origin`); a token solved elsewhere is refused. */
  hostname?: string;
}

export type VerificationResult =
  | { ok: true }
  | {
      ok: false;
      /** `rejected`: the token is bad, show the challenge again. `unavailable`: the provider could not be asked. */
      reason: 'rejected' | 'unavailable';
      /** The provider's error codes, or ours (`hostname-mismatch`, `action-mismatch`, `score-too-low`, `network-error`, …). For logs. */
      errorCodes: string[];
    };

/**
 * Human verification behind one interface: Cloudflare Turnstile, hCaptcha and
 * reCAPTCHA ship with the package; anything else can implement it.
 */
export interface Verifier {
  /** Tells the widget which challenge to render. */
  readonly provider: string;
  /** Public site key for the widget. */
  readonly siteKey: string;
  /** Action name the widget should pass to the challenge, when checked. */
  readonly action?: string;
  verify(token: string, context: VerificationContext): Promise<VerificationResult>;
}
