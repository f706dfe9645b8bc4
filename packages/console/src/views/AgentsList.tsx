import type { AdminAgent } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { fill } from '../i18n/messages.js';

export type Availability = AdminAgent['availability'];

export interface AgentsListProps {
  agents: readonly AdminAgent[];
  /** Whether the operator's role may mark agents available or away; without it the state is text. */
  canToggle: boolean;
  onToggle: (agent: AdminAgent, availability: Availability) => void;
  /** Agents whose change is on its way, by id. */
  pending?: ReadonlySet<string>;
}

/** Every agent: widgets, an available/away switch, within their hours, on a call now. */
export function AgentsList({ agents, canToggle, onToggle, pending = new Set() }: AgentsListProps) {
  const { m, format } = useText();
  return (
    <div className="table-scroll">
      <table>
        <caption>{m.agentsCaption}</caption>
        <thead>
          <tr>
            <th scope="col">{m.colName}</th>
            <th scope="col">{m.colWidgets}</th>
            <th scope="col">{m.colAvailable}</th>
            <th scope="col">{m.colHours}</th>
            <th scope="col">{m.colOnCall}</th>
          </tr>
        </thead>
        <tbody>
          {agents.map((agent) => {
            const name = agent.name ?? agent.id;
            const available = agent.availability === 'available';
            return (
              <tr key={agent.id}>
                <th scope="row">{name}</th>
                <td>{format.list(agent.widgetIds)}</td>
                <td>
                  {canToggle ? (
                    <button
                      type="button"
                      role="switch"
                      className="switch"
                      aria-checked={available}
                      aria-label={fill(m.availableSwitch, { name })}
                      disabled={pending.has(agent.id)}
                      onClick={() => onToggle(agent, available ? 'away' : 'available')}
                    >
                      <span className="switch-track" aria-hidden="true">
                        <span className="switch-knob" />
                      </span>
                      {/* The visible label stays put (it is part of the name); the knob shows the state. */}
                      <span className="switch-text">{m.available}</span>
                    </button>
                  ) : available ? (
                    m.available
                  ) : (
                    m.away
                  )}
                </td>
                <td>{agent.withinHours ? m.yes : m.no}</td>
                <td>{agent.onCall ? <strong>{m.yes}</strong> : m.no}</td>
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}
