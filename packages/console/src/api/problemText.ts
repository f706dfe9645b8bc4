import type { ConsoleText } from '../i18n/ConsoleLocaleProvider.js';
import { fill } from '../i18n/messages.js';
import type { Failure } from './result.js';

/** What to tell an operator about a failed request, in their language. */
export function problemText(failure: Failure, { m, format }: ConsoleText): string {
  if (failure.status === 0) return m.networkError;
  const code = failure.problem?.code;
  switch (code) {
    case 'role_forbidden':
      return m.roleForbidden;
    case 'csrf_failed':
      return m.csrfFailed;
    case 'call_in_progress':
      return m.callInProgress;
    case 'rate_limited':
      return failure.retryAfterSeconds
        ? fill(m.rateLimited, { when: format.inSeconds(failure.retryAfterSeconds) })
        : m.throttledLater;
    default:
      return fill(m.genericError, {
        detail: failure.problem?.detail ?? `HTTP ${failure.status}`,
      });
  }
}
