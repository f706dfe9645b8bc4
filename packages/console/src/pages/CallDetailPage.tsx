import { useRef, useState } from 'react';
import { problemText } from '../api/problemText.js';
import { settle } from '../api/result.js';
import type { AdminCallDetail, WebhookDelivery } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { fill } from '../i18n/messages.js';
import { useLiveCalls, useServices } from '../shell/ConsoleServices.js';
import { routeHref } from '../shell/route.js';
import { CallAttempts } from '../views/CallAttempts.js';
import { CallSummary } from '../views/CallSummary.js';
import { CallTimeline } from '../views/CallTimeline.js';
import { WebhookDeliveries } from '../views/WebhookDeliveries.js';
import { LoadStatus } from './LoadStatus.js';
import { PageTitle } from './PageTitle.js';
import { useCallBack } from './useCallBack.js';
import { useLoad } from './useLoad.js';

const RELOAD_AFTER_MS = 300;

/** One request: summary, lead, consent and context, timeline, attempts and webhooks, live. */
export function CallDetailPage({ id }: { id: string }) {
  const text = useText();
  const { m } = text;
  const { api, can } = useServices();
  const detail = useLoad(
    () => settle(api.client.GET('/v1/admin/calls/{callId}', { params: { path: { callId: id } } })),
    id,
  );
  // The feed carries the call, not its events and attempts: reload, once per burst.
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useLiveCalls((call) => {
    if (call.id !== id) return;
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void detail.reload(), RELOAD_AFTER_MS);
  });
  const { progress, callBack } = useCallBack();
  const [sending, setSending] = useState<ReadonlySet<string>>(new Set());
  const [failures, setFailures] = useState<Record<string, string>>({});
  const redeliver = async (delivery: WebhookDelivery) => {
    setSending((old) => new Set(old).add(delivery.id));
    const result = await settle(
      api.client.POST('/v1/admin/webhook-deliveries/{deliveryId}/redeliver', {
        params: { path: { deliveryId: delivery.id } },
      }),
    );
    setSending((old) => {
      const next = new Set(old);
      next.delete(delivery.id);
      return next;
    });
    setFailures((old) => ({ ...old, [delivery.id]: result.ok ? '' : problemText(result, text) }));
    if (result.ok) {
      detail.update((call: AdminCallDetail) => ({
        ...call,
        webhookDeliveries: call.webhookDeliveries.map((d) =>
          d.id === result.data.id ? result.data : d,
        ),
      }));
    }
  };

  const call = detail.data;
  const title = call ? fill(m.detailTitle, { number: call.phone }) : m.loading;
  return (
    <>
      <p>
        <a href={routeHref({ page: 'live' })}>{m.backToList}</a>
      </p>
      <PageTitle title={title}>{title}</PageTitle>
      {detail.status === 'failed' && detail.failure.status === 404 ? (
        <p>{m.notFound}</p>
      ) : (
        <LoadStatus
          loading={detail.status === 'loading'}
          failure={detail.failure}
          onRetry={detail.reload}
        />
      )}
      {call && (
        <>
          <CallSummary
            call={call}
            canCallBack={can.callBack}
            onCallBack={() => callBack(call)}
            callBack={progress[call.id]}
          />
          <section aria-labelledby="call-timeline">
            <h2 id="call-timeline">{m.timeline}</h2>
            <CallTimeline events={call.events} />
          </section>
          <section aria-labelledby="call-attempts">
            <h2 id="call-attempts">{m.attempts}</h2>
            {call.attempts.length ? <CallAttempts attempts={call.attempts} /> : <p>{m.none}</p>}
          </section>
          <section aria-labelledby="call-webhooks">
            <h2 id="call-webhooks">{m.deliveries}</h2>
            <WebhookDeliveries
              deliveries={call.webhookDeliveries}
              canRedeliver={can.redeliver}
              onRedeliver={redeliver}
              pending={sending}
              failures={failures}
            />
          </section>
        </>
      )}
    </>
  );
}
