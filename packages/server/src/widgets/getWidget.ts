import type { components } from '@ringback/protocol';
import type { ServerContext } from '../calls/ServerContext.js';
import { hoursStatus } from '../domain/businessHours.js';
import { Problem } from '../domain/problem.js';
import { decodePathSegment } from '../http/decodePathSegment.js';
import { originProblem } from '../policies/originPolicy.js';

export type PublicWidget = components['schemas']['Widget'];

const iso = (ms: number | null) => (ms === null ? null : new Date(ms).toISOString());

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
  if (refused) throw refused;
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
  };
  headers.set('content-type', 'application/json');
  // Short: `open` flips at the business's opening times.
  headers.set('cache-control', 'public, max-age=60');
  return new Response(JSON.stringify(body), { status: 200, headers });
}
