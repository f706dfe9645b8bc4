import { useId } from 'react';
import type { WebhookDelivery } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { fill } from '../i18n/messages.js';

export interface WebhookDeliveriesProps {
  deliveries: readonly WebhookDelivery[];
  /** Whether the operator's role may re-send; without it the buttons are left out. */
  canRedeliver: boolean;
  onRedeliver: (delivery: WebhookDelivery) => void;
  /** Deliveries being re-sent now, by id. */
  pending?: ReadonlySet<string>;
  /** Why a re-send failed, by delivery id. */
  failures?: Readonly<Record<string, string>>;
}

/** The webhooks sent about a call: state, attempts, last result, and "Send again". */
export function WebhookDeliveries({
  deliveries,
  canRedeliver,
  onRedeliver,
  pending = new Set(),
  failures = {},
}: WebhookDeliveriesProps) {
  const { m, format } = useText();
  const id = useId();
  if (deliveries.length === 0) return <p>{m.noDeliveries}</p>;
  return (
    <div className="table-scroll">
      <table>
        <caption>{m.deliveriesCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.colType}</th>
            <th scope="col">{m.colUrl}</th>
            <th scope="col">{m.colState}</th>
            <th scope="col">{m.colAttempts}</th>
            <th scope="col">{m.colLastResult}</th>
            <th scope="col">{m.colNextAttempt}</th>
            {canRedeliver && <th scope="col">{m.redeliver}</th>}
          </tr>
        </thead>
        <tbody>
          {deliveries.map((delivery, row) => {
            const last = delivery.attempts.at(-1);
            const sending = pending.has(delivery.id);
            return (
              <tr key={delivery.id}>
                <th scope="row" id={`${id}-${row}`}>
                  <code>{delivery.type}</code>
                </th>
                <td className="wrap">{delivery.url}</td>
                <td>{m[`delivery_${delivery.state}`]}</td>
                <td>{format.number(delivery.attempts.length)}</td>
                <td>
                  {last
                    ? (last.error ??
                      (last.status === null ? m.none : fill(m.httpStatus, { status: last.status })))
                    : m.none}
                </td>
                <td>{delivery.nextAttemptAt ? format.dateTime(delivery.nextAttemptAt) : m.none}</td>
                {canRedeliver && (
                  <td>
                    <div className="action-cell">
                      <button
                        type="button"
                        className="secondary"
                        disabled={sending}
                        aria-describedby={`${id}-${row}`}
                        onClick={() => onRedeliver(delivery)}
                      >
                        {sending ? m.redelivering : m.redeliver}
                      </button>
                      <span role="status" className="error">
                        {failures[delivery.id]}
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
