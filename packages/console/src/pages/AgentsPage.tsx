import { useRef, useState } from 'react';
import { problemText } from '../api/problemText.js';
import { settle } from '../api/result.js';
import type { AdminAgent } from '../api/types.js';
import { useText } from '../i18n/ConsoleLocaleProvider.js';
import { useLiveCalls, useLiveResync, useServices } from '../shell/ConsoleServices.js';
import { AgentsList, type Availability } from '../views/AgentsList.js';
import { LoadStatus } from './LoadStatus.js';
import { PageTitle } from './PageTitle.js';
import { useLoad } from './useLoad.js';

const RELOAD_AFTER_MS = 1_000;

/** The agents: mark each available or away; who is on a call follows the live feed. */
export function AgentsPage() {
  const text = useText();
  const { m } = text;
  const { api, can } = useServices();
  const agents = useLoad(() => settle(api.client.GET('/v1/admin/agents')), 'agents');
  // Who is on a call changes with calls: reload once a burst of changes settles.
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  const reloadSoon = () => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => void agents.reload(), RELOAD_AFTER_MS);
  };
  useLiveCalls(reloadSoon);
  useLiveResync(reloadSoon);
  const [pending, setPending] = useState<ReadonlySet<string>>(new Set());
  const [failure, setFailure] = useState('');
  const toggle = async (agent: AdminAgent, availability: Availability) => {
    setPending((old) => new Set(old).add(agent.id));
    setFailure('');
    const result = await settle(
      api.client.PUT('/v1/admin/agents/{agentId}/availability', {
        params: { path: { agentId: agent.id } },
        body: { availability },
      }),
    );
    setPending((old) => {
      const next = new Set(old);
      next.delete(agent.id);
      return next;
    });
    if (result.ok) {
      agents.update((data) => ({
        agents: data.agents.map((a) => (a.id === result.data.id ? result.data : a)),
      }));
    } else setFailure(problemText(result, text));
  };
  return (
    <>
      <PageTitle title={m.agentsTitle}>{m.agentsTitle}</PageTitle>
      <LoadStatus
        loading={agents.status === 'loading'}
        failure={agents.failure}
        onRetry={agents.reload}
      />
      <p role="status" className="error">
        {failure}
      </p>
      {agents.data &&
        (agents.data.agents.length ? (
          <AgentsList
            agents={agents.data.agents}
            canToggle={can.setAvailability}
            onToggle={toggle}
            pending={pending}
          />
        ) : (
          <p>{m.noAgents}</p>
        ))}
    </>
  );
}
