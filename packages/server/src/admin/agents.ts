// `GET /v1/admin/agents` and `PUT /v1/admin/agents/{id}/availability`.
import { listAgents, setAgentAvailability } from '../calls/agentAvailability.js';
import type { ServerContext } from '../calls/ServerContext.js';
import { type FieldError, Problem } from '../domain/problem.js';
import { decodePathSegment } from '../http/decodePathSegment.js';
import { readJsonBody } from '../http/readBody.js';
import { ID_PATTERN } from './callFilters.js';
import { json } from './calls.js';

export async function listAdminAgents(ctx: ServerContext, headers: Headers): Promise<Response> {
  return json({ agents: await listAgents(ctx) }, headers);
}

const notFound = () =>
  new Problem('agent_not_found', "No widget's agents include an agent with this id.");

/** The agent id of a path, or `agent_not_found` for one that cannot be an agent's. */
export function agentOfPath(rawId: string): string {
  const id = decodePathSegment(rawId);
  if (!id || !ID_PATTERN.test(id)) throw notFound();
  return id;
}

/** `AgentAvailabilityRequest`, strictly. */
function readAvailability(body: unknown): 'available' | 'away' {
  const errors: FieldError[] = [];
  if (!body || typeof body !== 'object' || Array.isArray(body))
    errors.push({ path: '', message: 'must be an object' });
  else {
    const input = body as Record<string, unknown>;
    for (const key of Object.keys(input))
      if (key !== 'availability')
        errors.push({ path: `/${encodeURIComponent(key).slice(0, 64)}`, message: 'unknown field' });
    if (input.availability !== 'available' && input.availability !== 'away')
      errors.push({ path: '/availability', message: 'must be "available" or "away"' });
  }
  if (errors.length > 0)
    throw new Problem(
      'invalid_body',
      `The request body has ${errors.length} problem${errors.length > 1 ? 's' : ''}: ${errors
        .map((e) => `${e.path}: ${e.message}`)
        .join('; ')}.`,
      { errors },
    );
  return (body as { availability: 'available' | 'away' }).availability;
}

export async function setAdminAgentAvailability(
  ctx: ServerContext,
  request: Request,
  agentId: string,
  headers: Headers,
): Promise<Response> {
  const availability = readAvailability(await readJsonBody(request, ctx.config.maxBodyBytes));
  try {
    await setAgentAvailability(ctx, agentId, availability);
  } catch (error) {
    if (error instanceof RangeError) throw notFound();
    throw error;
  }
  const agent = (await listAgents(ctx)).find((a) => a.id === agentId);
  if (!agent) throw notFound();
  return json(agent, headers);
}
