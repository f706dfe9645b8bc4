import { CALL_ID } from '../domain/callId.js';
import { Problem } from '../domain/problem.js';
import type { CallRecord } from '../domain/Store.js';
import { decodePathSegment } from '../http/decodePathSegment.js';
import { originProblem } from '../policies/originPolicy.js';
import type { ServerContext } from './ServerContext.js';

/**
 * The call a `/v1/calls/{id}…` request names, if it exists and the request's page may
 * read it. The id is the visitor's only handle: malformed or unknown ids are one 404.
 */
export async function readCall(
  ctx: ServerContext,
  request: Request,
  rawId: string,
): Promise<CallRecord> {
  const id = decodePathSegment(rawId);
  const call = id && CALL_ID.test(id) ? await (await ctx.store()).getCall(id) : undefined;
  if (!call) throw new Problem('call_not_found', 'There is no call with this id.');
  const widget = ctx.config.widgets.get(call.widgetId);
  // A call whose widget left the config may still be read, but not from any page.
  const refused = widget
    ? originProblem(request, widget, false)
    : request.headers.get('origin') &&
      new Problem('origin_not_allowed', 'This call may not be read from this origin.');
  if (refused) throw refused;
  return call;
}
