import { useId } from 'react';
import type { StatsFigures } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { missedCount } from './missedCount.js';

export interface StatsTableProps {
  title: string;
  /** The first column's header: what each row is. */
  rowHeader: string;
  rows: ReadonlyArray<{ label: string; figures: StatsFigures }>;
}

/** Requests, connected, rate, time to connect and misses, one row per widget or agent. */
export function StatsTable({ title, rowHeader, rows }: StatsTableProps) {
  const { m, format } = useText();
  const id = useId();
  if (rows.length === 0) return null;
  const orNone = (value: number | null, as: (v: number) => string) =>
    value === null ? m.none : as(value);
  return (
    <section aria-labelledby={id}>
      <h2 id={id}>{title}</h2>
      <div className="table-scroll">
        <table>
          <caption className="visually-hidden">{title}</caption>
          <thead>
            <tr>
              <th scope="col">{rowHeader}</th>
              <th scope="col">{m.requests}</th>
              <th scope="col">{m.connected}</th>
              <th scope="col">{m.connectRate}</th>
              <th scope="col">{m.ttcP50}</th>
              <th scope="col">{m.ttcP95}</th>
              <th scope="col">{m.missedTotal}</th>
            </tr>
          </thead>
          <tbody>
            {rows.map(({ label, figures }) => (
              <tr key={label}>
                <th scope="row">{label}</th>
                <td>{format.number(figures.requests)}</td>
                <td>{format.number(figures.connected)}</td>
                <td>{orNone(figures.connectRate, format.percent)}</td>
                <td>{orNone(figures.timeToConnect.p50, format.duration)}</td>
                <td>{orNone(figures.timeToConnect.p95, format.duration)}</td>
                <td>{format.number(missedCount(figures))}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}
