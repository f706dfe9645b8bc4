import { hoursStatus } from '../domain/businessHours.js';
import { agentAwayKey, agentLineKey } from '../domain/storeKeys.js';
import type { ServerContext } from './ServerContext.js';

export type AgentAvailability = 'available' | 'away';

/** An agent of the configured groups, as the business sees it now. */
export interface AgentStatus {
  id: string;
  name: string | null;
  /** The widgets whose group lists the agent. */
  widgetIds: string[];
  /** Set by the business (`setAgentAvailability`); `away` agents are skipped. */
  availability: AgentAvailability;
  /** Inside the agent's own hours (always, without any). */
  withinHours: boolean;
  /** On a call placed by this proxy (through any instance sharing the store). */
  onCall: boolean;
}

/** Every agent of every group (`agents`), once each, in configuration order. */
function groupAgents(ctx: ServerContext) {
  const agents = new Map<string, { agent: (typeof widgetAgents)[number]; widgetIds: string[] }>();
  const widgetAgents = [...ctx.config.widgets.values()].flatMap((w) =>
    w.routing.group ? w.agents.map((agent) => ({ ...agent, widgetId: w.id })) : [],
  );
  for (const agent of widgetAgents) {
    const seen = agents.get(agent.id);
    if (seen) seen.widgetIds.push(agent.widgetId);
    else agents.set(agent.id, { agent, widgetIds: [agent.widgetId] });
  }
  return agents;
}

/** Marks a group agent available or away; away agents are skipped until marked available. */
export async function setAgentAvailability(
  ctx: ServerContext,
  agentId: string,
  availability: AgentAvailability,
): Promise<void> {
  if (availability !== 'available' && availability !== 'away')
    throw new TypeError(
      `availability must be "available" or "away", not ${JSON.stringify(availability)}`,
    );
  if (!groupAgents(ctx).has(agentId))
    throw new RangeError(
      `No widget's agents include an agent with the id ${JSON.stringify(agentId)}.`,
    );
  const store = await ctx.store();
  await store.putFlag(agentAwayKey(agentId), availability === 'away' ? 'away' : null);
  ctx.logger.info({ msg: 'agent availability', agentId, availability });
}

/** Every group agent with their availability, hours and whether they are on a call now. */
export async function listAgents(ctx: ServerContext): Promise<AgentStatus[]> {
  const store = await ctx.store();
  const now = ctx.now();
  const agents = [...groupAgents(ctx).values()];
  const away = await store.readFlags(agents.map(({ agent }) => agentAwayKey(agent.id)));
  const lines = await store.readLeases(
    agents.map(({ agent }) => agentLineKey(agent.number)),
    now,
  );
  return agents.map(({ agent, widgetIds }) => ({
    id: agent.id,
    name: agent.name,
    widgetIds,
    availability: away.has(agentAwayKey(agent.id)) ? 'away' : 'available',
    withinHours: hoursStatus(agent.hours, now).open,
    onCall: lines.has(agentLineKey(agent.number)),
  }));
}
