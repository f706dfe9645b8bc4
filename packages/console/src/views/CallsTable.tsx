import type { AdminCall } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { fill } from '../i18n/messages.js';
import { StateBadge } from './StateBadge.js';

export interface CallsTableProps {
  calls: readonly AdminCall[];
  /** The table's caption. */
  caption: string;
  /** Where a call's detail page is. @default `#/calls/<id>` */
  callHref?: (id: string) => string;
}

export const callHrefDefault = (id: string) => `#/calls/${encodeURIComponent(id)}`;

/** Calls, one row each: when, number (a link to the detail), widget, state, agent, attempt, talk time. */
export function CallsTable({ calls, caption, callHref = callHrefDefault }: CallsTableProps) {
  const { m, format } = useText();
  return (
    <div className="table-scroll">
      <table>
        <caption>{caption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.colNumber}</th>
            <th scope="col">{m.colRequested}</th>
            <th scope="col">{m.colWidget}</th>
            <th scope="col">{m.colState}</th>
            <th scope="col">{m.colAgent}</th>
            <th scope="col">{m.colAttempt}</th>
            <th scope="col">{m.colTalk}</th>
          </tr>
        </thead>
        <tbody>
          {calls.map((call) => (
            <tr key={call.id}>
              <th scope="row">
                <a href={callHref(call.id)}>{call.phone}</a>
              </th>
              <td>
                <time dateTime={call.createdAt}>{format.dateTime(call.createdAt)}</time>
              </td>
              <td>{call.widgetId}</td>
              <td>
                <StateBadge state={call.state} />
              </td>
              <td>{call.agentName ?? call.agentId ?? m.none}</td>
              <td>
                {call.attempt > 0
                  ? fill(m.attemptOf, { attempt: call.attempt, max: call.maxAttempts })
                  : m.none}
              </td>
              <td>
                {call.conversationSeconds === null
                  ? m.none
                  : format.duration(call.conversationSeconds)}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
