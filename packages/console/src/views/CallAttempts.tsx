import type { AdminAttempt } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { fill } from '../i18n/messages.js';
import { StateBadge } from './StateBadge.js';

/**
 * Each attempt at reaching an agent, with Exotel's CallSid and status and a link to the
 * recording. The recording is linked, not played inline: it is on Exotel's host, and
 * the console's Content-Security-Policy allows media from nowhere.
 */
export function CallAttempts({ attempts }: { attempts: readonly AdminAttempt[] }) {
  const { m, format } = useText();
  return (
    <div className="table-scroll">
      <table>
        <caption>{m.attemptsCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.colAttempt}</th>
            <th scope="col">{m.colAgent}</th>
            <th scope="col">{m.colExotelSid}</th>
            <th scope="col">{m.colExotelStatus}</th>
            <th scope="col">{m.colOutcome}</th>
            <th scope="col">{m.colStarted}</th>
            <th scope="col">{m.colEnded}</th>
            <th scope="col">{m.colRecording}</th>
          </tr>
        </thead>
        <tbody>
          {attempts.map((attempt) => (
            <tr key={attempt.attempt}>
              <th scope="row">{format.number(attempt.attempt)}</th>
              <td>{attempt.agentName ?? attempt.agentId}</td>
              <td>
                <code>{attempt.exotelSid ?? m.none}</code>
              </td>
              <td>{attempt.exotelStatus ?? m.none}</td>
              <td>{attempt.outcome ? <StateBadge state={attempt.outcome} /> : m.none}</td>
              <td>
                <time dateTime={attempt.startedAt}>{format.dateTime(attempt.startedAt)}</time>
              </td>
              <td>
                {attempt.endedAt ? (
                  <time dateTime={attempt.endedAt}>{format.dateTime(attempt.endedAt)}</time>
                ) : (
                  m.none
                )}
              </td>
              <td>
                {attempt.recordingUrl && isWebUrl(attempt.recordingUrl) ? (
                  <a href={attempt.recordingUrl} target="_blank" rel="noreferrer">
                    {fill(m.recordingLink, { attempt: attempt.attempt })}
                  </a>
                ) : (
                  m.none
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

/** Only http(s) links: a `javascript:` URL from a compromised store must not become a link. */
export function isWebUrl(url: string): boolean {
  try {
    const { protocol } = new URL(url);
    return protocol === 'https:' || protocol === 'http:';
  } catch {
    return false;
  }
}
