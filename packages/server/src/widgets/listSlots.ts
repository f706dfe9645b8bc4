import type { components } from '@ringback/protocol';
import type { ServerContext } from '../calls/ServerContext.js';
import { Problem } from '../domain/problem.js';
import { computeSlots, widgetSlotOptions } from '../domain/slots.js';
import { decodePathSegment } from '../http/decodePathSegment.js';
import { originProblem } from '../policies/originPolicy.js';
import { freeSlots } from '../policies/schedulePolicy.js';

export type SlotList = components['schemas']['SlotList'];

const DAYS = /^[1-9][0-9]?$/;

/** `GET /v1/widgets/{id}/slots?days=`: the free callback slots, in UTC, with the shop's zone. */
export async function listSlots(
  ctx: ServerContext,
  request: Request,
  rawId: string,
  headers: Headers,
): Promise<Response> {
  const id = decodePathSegment(rawId) ?? rawId;
  const widget = ctx.config.widgets.get(id);
  if (!widget) throw new Problem('widget_not_found', `There is no widget ${JSON.stringify(id)}.`);
  const refused = originProblem(request, widget, false);
  if (refused) throw refused;
  if (!widget.schedule || !widget.hours)
    throw new Problem('scheduling_disabled', 'This widget offers no callback slots.');
  const raw = new URL(request.url).searchParams.get('days');
  if (raw !== null && !DAYS.test(raw))
    throw new Problem('invalid_request', '`days` must be a whole number of days from 1.');
  const days = Math.min(
    raw === null ? widget.schedule.daysAhead : Number(raw),
    widget.schedule.daysAhead,
  );
  const now = ctx.now();
  const slots = computeSlots(widgetSlotOptions(widget, now, days)!);
  const free = await freeSlots(await ctx.store(), widget, slots, now);
  const body: SlotList = {
    widgetId: widget.id,
    timeZone: widget.hours.timeZone,
    slotMinutes: widget.schedule.slotMinutes,
    slots: free.map((s) => ({
      start: new Date(s.start).toISOString(),
      end: new Date(s.end).toISOString(),
    })),
  };
  headers.set('content-type', 'application/json');
  // Slots fill up as visitors book them.
  headers.set('cache-control', 'no-store');
  return new Response(JSON.stringify(body), { status: 200, headers });
}
