import {
  type CallSessionError,
  type CallSessionSnapshot,
  type CallState,
  isFinal,
} from '@ringback/client';
import { type CountryOption, formatDuration, formatWait, formatWhen } from './formatters.js';
import { type ClickToCallMessages, fill } from './messages.js';

export type StatusTone = 'info' | 'success' | 'error';

/** The text for a failure, saying what to do about it. */
export function errorMessage(
  error: CallSessionError,
  m: ClickToCallMessages,
  locale: string,
  countries: readonly CountryOption[],
  /** The shop's, for dates. */
  timeZone?: string | null,
): string {
  const { code, nextOpening, retryAt } = error;
  if (code === 'closed') {
    return nextOpening
      ? fill(m.closed, { when: formatWhen(nextOpening, locale, timeZone) })
      : m.closedLater;
  }
  if (code === 'rate_limited') {
    return retryAt
      ? fill(m.rate_limited, { when: formatWait(retryAt, locale) })
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
  const { status, error } = snapshot;
  const timeZone = snapshot.widget?.timeZone;
  if (status === 'error') {
    return { text: errorMessage(error!, m, locale, countries, timeZone), tone: 'error' };
  }
  if (status === 'idle') {
    const closed = !snapshot.open;
    const text = closed
      ? errorMessage(
          { code: 'closed', nextOpening: snapshot.nextOpening } as CallSessionError,
          m,
          locale,
          countries,
          timeZone,
        )
      : '';
    return { text, tone: closed ? 'error' : 'info' };
  }
  const text = status === 'submitting' ? m.placing : callText(snapshot, m, locale, countries);
  const tone =
    status === 'connected' || status === 'completed' || status === 'scheduled'
      ? 'success'
      : isFinal(status) && status !== 'ended'
        ? 'error'
        : 'info';
  return { text, tone };
}

/** What the status says while the proxy has the call: a stage only once the widget heard of it. */
function callText(
  snapshot: CallSessionSnapshot,
  m: ClickToCallMessages,
  locale: string,
  countries: readonly CountryOption[],
): string {
  const { status, call, phone, agentName: name } = snapshot;
  const at = status === 'scheduled' ? call?.scheduledFor : call?.retryAt;
  if (status === 'scheduled' || status === 'retry-scheduled')
    return fill(m[status], {
      when: at ? formatWhen(new Date(at), locale, snapshot.widget?.timeZone) : '',
    });
  if (snapshot.reconnecting) return m.reconnecting;
  if (snapshot.canUndo) {
    // After a reload the number is not known here, only the call.
    if (!phone) return m.submitting;
    const code = countries.find((c) => c.code === phone.country)?.callingCode;
    const number = code ? `+${code} ${phone.formatted.replace(/^0/, '')}` : phone.formatted;
    return fill(m.holding, { number });
  }
  if (status === 'unknown') return m.requested;
  if (status === 'dialing-agent' && (name || snapshot.attempt > 1))
    return fill(name ? m.tryingAgent : m.tryingOther, { name: name! });
  return fill(m[status as Exclude<CallState, 'unknown'>], {
    duration: formatDuration(call?.conversationSeconds),
  }).replace(/ \(\)/, '');
}
