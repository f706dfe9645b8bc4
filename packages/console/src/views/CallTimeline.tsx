import type { AdminEvent } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { fill } from '../i18n/messages.js';
import { StateBadge } from './StateBadge.js';

export interface CallTimelineProps {
  /** The call's events, in order. */
  events: readonly AdminEvent[];
}

/** Every state a call went through: when, which attempt, and what moved it. */
export function CallTimeline({ events }: CallTimelineProps) {
  const { m, format } = useText();
  if (events.length === 0) return <p>{m.timelineEmpty}</p>;
  return (
    <ol className="timeline">
      {events.map((event) => (
        <li key={event.seq}>
          <time dateTime={event.at}>{format.dateTime(event.at)}</time>
          <StateBadge state={event.state} />
          <span>
            {fill(m.timelineEntry, { attempt: event.attempt, source: m[`source_${event.source}`] })}
            {event.agentName && ` · ${m.colAgent}: ${event.agentName}`}
            {event.retryAt && ` · ${m.retryAt}: ${format.dateTime(event.retryAt)}`}
            {event.conversationSeconds !== null &&
              event.conversationSeconds !== undefined &&
              ` · ${m.colTalk}: ${format.duration(event.conversationSeconds)}`}
          </span>
        </li>
      ))}
    </ol>
  );
}
