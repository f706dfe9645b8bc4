import type { components } from '@ringback/protocol';
import type { ServerContext } from '../calls/ServerContext.js';
import { hoursStatus } from '../domain/businessHours.js';
import { Problem } from '../domain/problem.js';
import { decodePathSegment } from '../http/decodePathSegment.js';
import { originProblem } from '../policies/originPolicy.js';

export type PublicWidget = components['schemas']['Widget'];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

const warned = new WeakMap<ServerContext, Set<string>>();

/** Logs once per key and server (at most 100 keys, so a flood of made-up origins is quiet). */
function warnOnce(ctx: ServerContext, key: string, log: () => void): void {
  const seen = warned.get(ctx) ?? new Set<string>();
  warned.set(ctx, seen);
  if (seen.has(key) || seen.size >= 100) return;
  seen.add(key);
  log();
}

/** `GET /v1/widgets/{id}`: what the widget needs to render. Nothing secret: no numbers, no secret keys. */
export async function getWidget(
  ctx: ServerContext,
  request: Request,
  rawId: string,
  headers: Headers,
): Promise<Response> {
  const id = decodePathSegment(rawId) ?? rawId;
  const widget = ctx.config.widgets.get(id);
  if (!widget) throw new Problem('widget_not_found', `There is no widget ${JSON.stringify(id)}.`);
  const refused = originProblem(request, widget, false);
  if (refused) {
    // The widget's first request: let the page read why (a page on an origin nobody
    // listed, e.g. 127.0.0.1 where localhost is allowed), or its developer only sees a
    // network error. The refusal says nothing but that, and the call endpoints still
    // refuse such origins their preflights.
    const origin = request.headers.get('origin')!;
    headers.set('access-control-allow-origin', origin);
    warnOnce(ctx, `${widget.id} ${origin}`, () =>
      ctx.logger.warn({
        msg: "origin not allowed: add it to the widget's allowedOrigins if it is yours",
        widgetId: widget.id,
        origin,
      }),
    );
    throw refused;
  }
  const hours = hoursStatus(widget.hours, ctx.now());
  const verifier = widget.verifier;
  const body: PublicWidget = {
    id: widget.id,
    countries: widget.countries,
    defaultCountry: widget.defaultCountry,
    numberTypes: [...widget.numberTypes],
    open: hours.open,
    nextOpening: iso(hours.nextOpening),
    closesAt: iso(hours.closesAt),
    timeZone: widget.hours?.timeZone ?? null,
    verification: verifier
      ? {
          provider: verifier.provider as 'turnstile',
          siteKey: verifier.siteKey,
          ...(verifier.action ? { action: verifier.action } : {}),
          when: widget.verifyWhen,
        }
      : null,
    labels: widget.labels,
    ringSeconds: widget.timeOut,
    undoSeconds: widget.undoSeconds,
    fields: widget.fields,
    consent: widget.consent,
    collectContext: widget.collectContext,
    schedule: widget.schedule
      ? { slotMinutes: widget.schedule.slotMinutes, daysAhead: widget.schedule.daysAhead }
      : null,
  };
  headers.set('content-type', 'application/json');
  // Short: `open` flips at the business's opening times.
  headers.set('cache-control', 'public, max-age=60');
  return new Response(JSON.stringify(body), { status: 200, headers });
}
