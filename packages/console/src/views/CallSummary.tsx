import type { ReactNode } from 'react';
import type { AdminCallDetail } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { fill } from '../i18n/messages.js';
import { callHrefDefault } from './CallsTable.js';
import { LeadFields } from './LeadFields.js';
import type { CallbackProgress } from './MissedLeadsList.js';
import { StateBadge } from './StateBadge.js';

export interface CallSummaryProps {
  call: AdminCallDetail;
  canCallBack: boolean;
  onCallBack: () => void;
  callBack?: CallbackProgress;
}

/** A request's fields, the lead's answers, consent and where the visitor came from. */
export function CallSummary({ call, canCallBack, onCallBack, callBack }: CallSummaryProps) {
  const { m, format, locale } = useText();
  const when = (iso: string | null) => (iso ? format.dateTime(iso) : null);
  const context = call.context;
  const utm = Object.entries(context?.utm ?? {});
  const busy =
    callBack?.status === 'pending' || (callBack?.status === 'placed' && !callBack.call.final);
  return (
    <>
      <section aria-labelledby="call-summary">
        <h2 id="call-summary">{m.summary}</h2>
        <dl className="pairs summary">
          <Pair label={m.colState} value={<StateBadge state={call.state} />} />
          <Pair label={m.colRequested} value={format.dateTime(call.createdAt)} />
          <Pair label={m.colUpdated} value={format.dateTime(call.updatedAt)} />
          <Pair label={m.colWidget} value={call.widgetId} />
          <Pair label={m.colAgent} value={call.agentName ?? call.agentId} />
          <Pair
            label={m.colAttempt}
            value={
              call.attempt
                ? fill(m.attemptOf, { attempt: call.attempt, max: call.maxAttempts })
                : null
            }
          />
          <Pair
            label={m.colTalk}
            value={
              call.conversationSeconds === null ? null : format.duration(call.conversationSeconds)
            }
          />
          <Pair label={m.colReason} value={call.missedReason && m[`reason_${call.missedReason}`]} />
          <Pair label={m.scheduledFor} value={when(call.scheduledFor)} />
          <Pair label={m.retryAt} value={when(call.retryAt)} />
          <Pair
            label={m.callbackOf}
            value={
              call.callbackOf && <a href={callHrefDefault(call.callbackOf)}>{call.callbackOf}</a>
            }
          />
        </dl>
        {canCallBack && call.final && (
          <p className="action-cell">
            <button type="button" onClick={onCallBack} disabled={busy}>
              {m.callBack}
            </button>
            <span role="status" className={callBack?.status === 'failed' ? 'error' : 'note'}>
              {callBack?.status === 'pending' && m.callingBack}
              {callBack?.status === 'placed' && (
                <a href={callHrefDefault(callBack.call.id)}>
                  {fill(m.callbackState, { state: m[`state_${callBack.call.state}`] })}
                </a>
              )}
              {callBack?.status === 'failed' && callBack.message}
            </span>
          </p>
        )}
      </section>
      <section aria-labelledby="call-lead">
        <h2 id="call-lead">{m.leadFields}</h2>
        {Object.keys(call.fields).length ? (
          <LeadFields fields={call.fields} />
        ) : (
          <p>{m.noFields}</p>
        )}
        <h3>{m.consent}</h3>
        <p>
          {call.consent
            ? fill(m.consentGiven, {
                when: format.dateTime(call.consent.at),
                text: (locale === 'hi' && call.consent.text.hi) || call.consent.text.en,
              })
            : m.noConsent}
        </p>
        <h3>{m.context}</h3>
        {context ? (
          <dl className="pairs">
            <Pair label={m.pageUrl} value={context.pageUrl} />
            <Pair label={m.referrer} value={context.referrer} />
            {utm.map(([tag, value]) => (
              <Pair key={tag} label={`utm_${tag}`} value={value} />
            ))}
            <Pair label={m.gclid} value={context.gclid} />
          </dl>
        ) : (
          <p>{m.noContext}</p>
        )}
      </section>
    </>
  );
}

/** A term and its value; left out when there is no value. */
function Pair({ label, value }: { label: string; value: ReactNode }) {
  if (value === null || value === undefined || value === '') return null;
  return (
    <div>
      <dt>{label}</dt>
      <dd>{value}</dd>
    </div>
  );
}
