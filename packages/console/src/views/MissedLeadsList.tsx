import { useId } from 'react';
import type { AdminCall } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { fill } from '../i18n/messages.js';
import { callHrefDefault } from './CallsTable.js';
import { LeadFields } from './LeadFields.js';

/** Where a "Call back now" stands: sent, answered with the new call, or refused. */
export type CallbackProgress =
  | { status: 'pending' }
  | { status: 'placed'; call: AdminCall }
  | { status: 'failed'; message: string };

export interface MissedLeadsListProps {
  /** Missed calls, oldest first. */
  leads: readonly AdminCall[];
  /** Whether the operator's role may call back; without it the column is left out. */
  canCallBack: boolean;
  onCallBack: (lead: AdminCall) => void;
  /** By lead id. */
  progress?: Readonly<Record<string, CallbackProgress>>;
  callHref?: (id: string) => string;
}

/** Missed leads with why each was missed, the lead's answers and a "Call back now" button. */
export function MissedLeadsList({
  leads,
  canCallBack,
  onCallBack,
  progress = {},
  callHref = callHrefDefault,
}: MissedLeadsListProps) {
  const { m, format } = useText();
  const id = useId();
  return (
    <div className="table-scroll">
      <table>
        <caption>{m.missedCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.colNumber}</th>
            <th scope="col">{m.colRequested}</th>
            <th scope="col">{m.colWidget}</th>
            <th scope="col">{m.colReason}</th>
            <th scope="col">{m.colLead}</th>
            {canCallBack && <th scope="col">{m.colAction}</th>}
          </tr>
        </thead>
        <tbody>
          {leads.map((lead, row) => {
            const state = progress[lead.id];
            const busy =
              state?.status === 'pending' || (state?.status === 'placed' && !state.call.final);
            return (
              <tr key={lead.id}>
                <th scope="row" id={`${id}-${row}`}>
                  <a href={callHref(lead.id)}>{lead.phone}</a>
                </th>
                <td>
                  <time dateTime={lead.createdAt}>{format.dateTime(lead.createdAt)}</time>
                </td>
                <td>{lead.widgetId}</td>
                <td>{lead.missedReason ? m[`reason_${lead.missedReason}`] : m.none}</td>
                <td>
                  <LeadFields fields={lead.fields} />
                </td>
                {canCallBack && (
                  <td>
                    <div className="action-cell">
                      <button
                        type="button"
                        onClick={() => onCallBack(lead)}
                        disabled={busy}
                        aria-describedby={`${id}-${row}`}
                      >
                        {m.callBack}
                      </button>
                      <span role="status" className={state?.status === 'failed' ? 'error' : 'note'}>
                        {state?.status === 'pending' && m.callingBack}
                        {state?.status === 'placed' && (
                          <a href={callHref(state.call.id)}>
                            {fill(m.callbackState, { state: m[`state_${state.call.state}`] })}
                          </a>
                        )}
                        {state?.status === 'failed' && state.message}
                      </span>
                    </div>
                  </td>
                )}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
