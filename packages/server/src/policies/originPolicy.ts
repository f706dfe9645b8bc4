import type { CreatePolicy } from '../domain/CreatePolicy.js';
import { Problem } from '../domain/problem.js';
import type { ResolvedWidget } from '../domain/ResolvedConfig.js';

/**
 * The refusal for a request whose `Origin` is not one of the widget's pages, if it is
 * not. Browsers always send `Origin` on a create; reads may come without one
 * (`required: false`), but never from a page the widget does not allow.
 */
export function originProblem(
  request: Request,
  widget: ResolvedWidget,
  required: boolean,
): Problem | undefined {
  const origin = request.headers.get('origin');
  if (origin === null ? !required : widget.allowedOrigins.has(origin)) return undefined;
  return new Problem(
    'origin_not_allowed',
    origin === null
      ? 'This request must come from a page the widget allows (no Origin header).'
      : `The origin ${origin} may not use this widget.`,
  );
}

/** Only the widget's own pages may place its calls, a repeat under the same key included. */
export const originPolicy: CreatePolicy = {
  name: 'origin',
  codes: ['origin_not_allowed'],
  stage: 'request',
  check: ({ request, widget }) => originProblem(request, widget, true),
};
