import type { AuditEntry } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';

/** The audit log: who did what to which call, agent or delivery, from where, and how it ended. */
export function AuditTable({ entries }: { entries: readonly AuditEntry[] }) {
  const { m, format } = useText();
  return (
    <div className="table-scroll">
      <table>
        <caption>{m.auditCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.colAt}</th>
            <th scope="col">{m.colActor}</th>
            <th scope="col">{m.colRole}</th>
            <th scope="col">{m.colAction2}</th>
            <th scope="col">{m.colTarget}</th>
            <th scope="col">{m.colIp}</th>
            <th scope="col">{m.colResult}</th>
          </tr>
        </thead>
        <tbody>
          {entries.map((entry) => (
            <tr key={entry.id}>
              <th scope="row">
                <time dateTime={entry.at}>{format.dateTime(entry.at)}</time>
              </th>
              <td>{entry.actor}</td>
              <td>{entry.role ? m[`role_${entry.role}`] : m.none}</td>
              <td>{m[`action_${entry.action}`]}</td>
              <td>
                <code>{entry.target ?? m.none}</code>
              </td>
              <td>{entry.ip}</td>
              <td>{entry.outcome}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
