import { type CallSessionError, type CallSessionSnapshot, isFinal } from '@ringback/client';
import { type CountryOption, formatDuration, formatWhen } from './formatters.js';
import { type ClickToCallMessages, fill } from './messages.js';

export type StatusTone = 'info' | 'success' | 'error';

/** The text for a failure, saying what to do about it. */
export function errorMessage(
  error: CallSessionError,
  m: ClickToCallMessages,
  locale: string,
  countries: readonly CountryOption[],
): string {
  const { code, nextOpening, retryAt } = error;
  if (code === 'closed')
    return nextOpening ? fill(m.closed, { when: formatWhen(nextOpening, locale) }) : m.closedLater;
  if (code === 'rate_limited') {
    return retryAt
      ? fill(m.rate_limited, { when: formatWhen(retryAt, locale) })
      : m.rateLimitedLater;
  }
  if (code === 'invalid_phone') return m.invalid;
  if (code.startsWith('verification')) return m.verification;
  const text = m[code as keyof ClickToCallMessages];
  if (text) {
    const names = countries.map((c) => c.name);
    return fill(text, {
      countries: new Intl.ListFormat(locale, { type: 'disjunction' }).format(names),
    });
  }
  // Any other refusal (unknown widget, origin not allowed, a malformed request) means
  // the page is set up wrong; anything else is on the way to the phone network.
  return (error.status ?? 0) < 500 && code !== 'unexpected_response' && code !== 'network_error'
    ? m.misconfigured
    : m.unavailable;
}

/** What the live status region says for a snapshot, and in which tone. */
export function statusMessage(
  snapshot: CallSessionSnapshot,
  m: ClickToCallMessages,
  locale: string,
  countries: readonly CountryOption[],
): { text: string; tone: StatusTone } {
  const { status, error, call } = snapshot;
  if (status === 'error') {
    return { text: errorMessage(error!, m, locale, countries), tone: 'error' };
  }
  if (status === 'idle') {
    const closed = !snapshot.open;
    const text = closed
      ? errorMessage(
          { code: 'closed', nextOpening: snapshot.nextOpening } as CallSessionError,
          m,
          locale,
          countries,
        )
      : '';
    return { text, tone: closed ? 'error' : 'info' };
  }
  const { agentName: name, attempt } = snapshot;
  const text =
    status === 'submitting'
      ? m.placing
      : status === 'unknown'
        ? m.requested
        : status === 'dialing-agent' && (name || attempt > 1)
          ? fill(name ? m.tryingAgent : m.tryingOther, { name: name! })
          : fill(m[status], { duration: formatDuration(call?.conversationSeconds) }).replace(
              / \(\)/,
              '',
            );
  const tone =
    status === 'connected' || status === 'completed'
      ? 'success'
      : isFinal(status) && status !== 'ended'
        ? 'error'
        : 'info';
  return { text, tone };
}
